package strictjson

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jobscope/jobscope/field"
)

type inner struct {
	N  int32             `json:"n,omitempty"`
	S  string            `json:"s,omitempty"`
	L  []string          `json:"l,omitempty"`
	M  map[string]string `json:"m,omitempty"`
	B  *bool             `json:"b,omitempty"`
	I  int64             `json:"i,omitempty"`
	F  float64           `json:"f,omitempty"`
	T  *time.Time        `json:"t,omitempty"`
	In *inner            `json:"in,omitempty"`
}

type outcome struct {
	Path   string
	Code   field.Code
	Line   int
	Column int
}

func decode(t *testing.T, doc string) (inner, []outcome, string) {
	t.Helper()
	var v inner
	errs := Unmarshal([]byte(doc), &v, Limits{MaxDepth: 8, MaxBytes: 1 << 10})
	var got []outcome
	var msgs []string
	for _, e := range errs {
		got = append(got, outcome{e.Path, e.Code, e.Line, e.Column})
		msgs = append(msgs, e.Message)
	}
	return v, got, strings.Join(msgs, "; ")
}

func TestSyntaxErrors(t *testing.T) {
	for _, tc := range []struct {
		doc  string
		want outcome
		msg  string
	}{
		{``, outcome{"", field.Syntax, 1, 1}, "empty"},
		{`   `, outcome{"", field.Syntax, 1, 4}, "empty"},
		{`{"s": "x"`, outcome{"", field.Syntax, 1, 10}, "truncated"},
		{"{\n  \"l\": [\"a\",", outcome{"", field.Syntax, 2, 13}, "truncated"},
		{`{"s": "x"} {}`, outcome{"", field.Syntax, 1, 12}, "after the end"},
		{`{"s": "x"}x`, outcome{"", field.Syntax, 1, 11}, "after the end"},
		{`{"s": 'x'}`, outcome{"", field.Syntax, 1, 7}, "expected a JSON value"},
		{`{s: 1}`, outcome{"", field.Syntax, 1, 2}, "member name"},
		{`{"n": 01}`, outcome{"", field.Syntax, 1, 8}, "leading zero"},
		{`{"n": 1.}`, outcome{"", field.Syntax, 1, 9}, "after '.'"},
		{`{"n": -}`, outcome{"", field.Syntax, 1, 8}, "digit"},
		{`{"b": tru}`, outcome{"", field.Syntax, 1, 7}, "expected true"},
		{"{\"s\": \"a\tb\"}", outcome{"", field.Syntax, 1, 9}, "control character"},
		{`{"s": "\x"}`, outcome{"", field.Syntax, 1, 8}, "invalid escape"},
		{`{"s": "\u12"}`, outcome{"", field.Syntax, 1, 8}, "four hex digits"},
		{`{"s": "\ud800"}`, outcome{"", field.Syntax, 1, 8}, "surrogate"},
		{`{"s": "\ud800\u0041"}`, outcome{"", field.Syntax, 1, 8}, "surrogate"},
		{"{\"s\": \"ok\xff\"}", outcome{"", field.Syntax, 1, 10}, "invalid UTF-8"},
		{"{\"s\": \"é\\n\xc3\"}", outcome{"", field.Syntax, 1, 11}, "invalid UTF-8"},
		{`[[[[[[[[[1]]]]]]]]]`, outcome{"", field.Limit, 1, 9}, "nesting"},
		{`{"s": "` + strings.Repeat("x", 2000) + `"}`, outcome{"", field.Limit, 1, 1025}, "limit"},
	} {
		_, got, msg := decode(t, tc.doc)
		if diff := cmp.Diff([]outcome{tc.want}, got); diff != "" {
			t.Errorf("%q: -want +got:\n%s", tc.doc, diff)
		}
		if !strings.Contains(msg, tc.msg) {
			t.Errorf("%q: message %q lacks %q", tc.doc, msg, tc.msg)
		}
	}
}

func TestBindErrorsAreAllReported(t *testing.T) {
	doc := `{
  "n": "3",
  "x": 1,
  "S": "case",
  "l": ["a", 2, "c"],
  "m": {"k": "v", "k": "w", "z": false},
  "in": {"in": {"n": 1.5, "i": 99999999999999999999}},
  "i": 9223372036854775807,
  "n": 2147483648,
  "b": "true",
  "t": "yesterday"
}`
	v, got, _ := decode(t, doc)
	want := []outcome{
		{"n", field.WrongType, 2, 8},
		{"x", field.UnknownField, 3, 3},
		{"S", field.UnknownField, 4, 3},
		{"l[1]", field.WrongType, 5, 14},
		{"m.k", field.DuplicateField, 6, 19},
		{"m.z", field.WrongType, 6, 34},
		{"in.in.n", field.WrongType, 7, 22},
		{"in.in.i", field.InvalidValue, 7, 32},
		{"n", field.DuplicateField, 9, 3},
		{"b", field.WrongType, 10, 8},
		{"t", field.InvalidValue, 11, 8},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("-want +got:\n%s", diff)
	}
	if v.I != 9223372036854775807 {
		t.Errorf("int64 max lost precision: %d", v.I)
	}
	if diff := cmp.Diff([]string{"a", "", "c"}, v.L); diff != "" {
		t.Errorf("partial binding: %s", diff)
	}
}

func TestSuggestions(t *testing.T) {
	_, _, msg := decode(t, `{"In": {}, "nx": 1, "zzzzzz": 2}`)
	for _, want := range []string{`"In"; did you mean "in"?`, `"nx"; did you mean "n"?`, `"zzzzzz"; valid members here are b, f, i, in, l, m, n, s, t`} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q lacks %q", msg, want)
		}
	}
}

func TestValues(t *testing.T) {
	v, got, _ := decode(t, "\xef\xbb\xbf"+`{"s": "a\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00", "n": -7, "f": 1e3,
		"t": "2023-09-24T16:31:13.5+02:00", "in": null, "b": false, "m": {}, "l": []}`)
	if got != nil {
		t.Fatalf("unexpected errors %v", got)
	}
	if v.S != "a\"\\/\b\f\n\r\té😀" || v.N != -7 || v.F != 1000 || v.B == nil || *v.B || v.In != nil {
		t.Errorf("got %+v", v)
	}
	if want := time.Date(2023, 9, 24, 14, 31, 13, 5e8, time.UTC); !v.T.Equal(want) || v.T.Location() != time.UTC {
		t.Errorf("time %v, want %v in UTC", v.T, want)
	}
	if v.M == nil || v.L == nil || len(v.M) != 0 || len(v.L) != 0 {
		t.Errorf("empty map/list not bound: %#v %#v", v.M, v.L)
	}
}

func TestWrongTopLevel(t *testing.T) {
	_, got, _ := decode(t, `[1]`)
	if diff := cmp.Diff([]outcome{{"", field.WrongType, 1, 1}}, got); diff != "" {
		t.Error(diff)
	}
}

func TestLocator(t *testing.T) {
	doc := "{\n  \"in\": {\n    \"l\": [\"a\", \"b\"]\n  }\n}"
	var v inner
	loc, errs := Decode([]byte(doc), &v, Limits{})
	if errs != nil {
		t.Fatal(errs)
	}
	for _, tc := range []struct {
		path      string
		line, col int
	}{
		{"in.l[1]", 3, 16},
		{"in.l", 3, 10},
		{"in.s", 2, 9},     // missing member: its object
		{"in.l[7]", 3, 10}, // missing element: its array
		{"zzz", 1, 1},
	} {
		e := &field.Error{Path: tc.path}
		loc.Locate(e)
		if e.Line != tc.line || e.Column != tc.col {
			t.Errorf("%s at %d:%d, want %d:%d", tc.path, e.Line, e.Column, tc.line, tc.col)
		}
	}
}

func TestPositionCountsCharacters(t *testing.T) {
	data := []byte("{\n  \"é\": x")
	if l, c := Position(data, len(data)-1); l != 2 || c != 8 {
		t.Errorf("got %d:%d, want 2:8", l, c)
	}
}
