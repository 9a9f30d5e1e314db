package yamljob_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/yamljob"
)

// toYAML writes a JSON document as block-style YAML, members in their
// order, strings quoted only where a plain scalar would not be a string.
func toYAML(t testing.TB, data []byte) []byte {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var node func() *yaml.Node
	node = func() *yaml.Node {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		switch v := tok.(type) {
		case json.Delim:
			n := &yaml.Node{Kind: yaml.SequenceNode}
			if v == '{' {
				n.Kind = yaml.MappingNode
			}
			for dec.More() {
				if n.Kind == yaml.MappingNode {
					k, _ := dec.Token()
					n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: k.(string)})
				}
				n.Content = append(n.Content, node())
			}
			dec.Token()
			return n
		case string:
			return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v}
		case json.Number:
			return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!float", Value: v.String()}
		case bool:
			return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: fmt.Sprint(v)}
		default:
			return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"}
		}
	}
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(node()); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func problems(t testing.TB, err error) field.ErrorList {
	t.Helper()
	var l field.ErrorList
	if err != nil && !errors.As(err, &l) {
		t.Fatalf("error %v (%T) is not a field.ErrorList", err, err)
	}
	return l
}

// TestExamples loads every example job, and the examples of invalid ones,
// both as JSON and as YAML: the jobs are equal and so are the problems,
// but for where they are.
func TestExamples(t *testing.T) {
	files, _ := filepath.Glob("../examples/*.json")
	invalid, _ := filepath.Glob("../examples/invalid/*.json")
	files = append(files, invalid...)
	if len(files) < 4 {
		t.Fatalf("found %d examples", len(files))
	}
	for _, name := range files {
		t.Run(filepath.Base(name), func(t *testing.T) {
			data, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			want, werr := jobscope.Load(bytes.NewReader(data), jobscope.Limits{}, jobscope.Options{})
			wantErrs := problems(t, werr)
			if len(wantErrs) > 0 && wantErrs[0].Code == field.Syntax {
				t.Skip("not JSON")
			}
			y := toYAML(t, data)
			got, gerr := yamljob.Load(bytes.NewReader(y), jobscope.Limits{}, jobscope.Options{})
			gotErrs := problems(t, gerr)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("job (-json +yaml):\n%s\nYAML:\n%s", diff, y)
			}
			what := func(l field.ErrorList) []string {
				var s []string
				for _, e := range l {
					s = append(s, fmt.Sprintf("%s [%s] %s", e.Path, e.Code, e.Message))
				}
				return s
			}
			if diff := cmp.Diff(what(wantErrs), what(gotErrs)); diff != "" {
				t.Errorf("problems (-json +yaml):\n%s", diff)
			}
			lines := strings.Split(string(y), "\n")
			for _, e := range gotErrs {
				if e.Line < 1 || e.Line > len(lines) || e.Column < 1 {
					t.Errorf("%v: no place in the YAML", e)
				}
			}
		})
	}
}

// TestYAMLForms: a hand-written job with comments, plain timestamps,
// anchors, merge keys and block scalars loads to the job of its JSON.
func TestYAMLForms(t *testing.T) {
	y, err := os.ReadFile("testdata/forms.yaml")
	if err != nil {
		t.Fatal(err)
	}
	j, err := os.ReadFile("testdata/forms.json")
	if err != nil {
		t.Fatal(err)
	}
	want, werr := jobscope.Load(bytes.NewReader(j), jobscope.Limits{}, jobscope.Options{})
	got, gerr := yamljob.Load(bytes.NewReader(y), jobscope.Limits{}, jobscope.Options{})
	if werr != nil || gerr != nil {
		t.Fatalf("JSON: %v\nYAML: %v", werr, gerr)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("job (-json +yaml):\n%s", diff)
	}
}

const valid = `name: sweep
clientToken: 6f1c2b1e
jobType: ONE_TIME
s3JobDefinition:
  bucketDefinitions:
    - accountId: "111122223333"
      buckets: [exports]
`

func TestProblems(t *testing.T) {
	type want struct {
		Line, Column int
		Path         string
		Code         field.Code
	}
	tests := []struct {
		name, doc string
		lim       jobscope.Limits
		want      []want
	}{
		{"valid", valid, jobscope.Limits{}, nil},
		{"unknown member", valid + "  scope: {}\n", jobscope.Limits{}, []want{{8, 3, "s3JobDefinition.scope", field.UnknownField}}},
		{"wrong type", strings.Replace(valid, `"111122223333"`, "111122223333", 1), jobscope.Limits{},
			[]want{{6, 18, "s3JobDefinition.bucketDefinitions[0].accountId", field.WrongType}}},
		{"number in a string list", strings.Replace(valid, "[exports]", "[exports, 1024]", 1), jobscope.Limits{},
			[]want{{7, 26, "s3JobDefinition.bucketDefinitions[0].buckets[1]", field.WrongType}}},
		{"duplicate key", valid + "name: again\n", jobscope.Limits{}, []want{{8, 1, "name", field.DuplicateField}}},
		{"duplicate key in a flow mapping", valid + "tags: {a: b, a: c}\n", jobscope.Limits{}, []want{{8, 14, "tags.a", field.DuplicateField}}},
		{"invalid enum", strings.Replace(valid, "ONE_TIME", "ONCE", 1), jobscope.Limits{}, []want{{3, 10, "jobType", field.InvalidValue}}},
		{"missing member", strings.Replace(valid, "name: sweep\n", "", 1), jobscope.Limits{}, []want{{1, 1, "name", field.Required}}},
		{"syntax", valid + "  - oops\n", jobscope.Limits{}, []want{{4, 0, "", field.Syntax}}},
		{"tab indentation", "name: x\n\tjobType: ONE_TIME\n", jobscope.Limits{}, []want{{2, 0, "", field.Syntax}}},
		{"empty", "# nothing\n", jobscope.Limits{}, []want{{2, 1, "", field.Syntax}}},
		{"two documents", valid + "---\nname: other\n", jobscope.Limits{}, []want{{8, 1, "", field.Syntax}}},
		{"binary tag", valid + "description: !!binary aGVsbG8=\n", jobscope.Limits{}, []want{{8, 14, "description", field.WrongType}}},
		{"timestamp tag", valid + "description: !!timestamp 2024-01-01\n", jobscope.Limits{}, []want{{8, 14, "description", field.WrongType}}},
		{"str tag", valid + "description: !!str 2024\n", jobscope.Limits{}, nil},
		{"infinity", valid + "samplingPercentage: .inf\n", jobscope.Limits{}, []want{{8, 21, "samplingPercentage", field.WrongType}}},
		{"number as member name", valid + "tags: {2024: x}\n", jobscope.Limits{}, []want{{8, 8, "tags.2024", field.WrongType}}},
		{"unknown alias", valid + "description: *nope\n", jobscope.Limits{}, []want{{8, 14, "", field.Syntax}}},
		{"syntax on the first line", `name: "\/"`, jobscope.Limits{}, []want{{1, 0, "", field.Syntax}}},
		{"recursive alias", valid + "tags: &t {a: *t}\n", jobscope.Limits{}, []want{{8, 14, "tags.a", field.WrongType}}},
		{"error under an alias", "base: &b {accountId: 1, buckets: [x]}\n" + strings.Replace(valid, `- accountId: "111122223333"
      buckets: [exports]`, "- *b", 1), jobscope.Limits{},
			[]want{{1, 1, "base", field.UnknownField}, {1, 22, "s3JobDefinition.bucketDefinitions[0].accountId", field.WrongType}}},
		{"too deep", valid + "tags: [[[[[1]]]]]\n", jobscope.Limits{MaxDepth: 5}, []want{{8, 11, "tags[0][0][0][0]", field.Limit}}},
		{"too large", valid, jobscope.Limits{MaxBytes: 10}, []want{{1, 11, "", field.Limit}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := yamljob.Load(strings.NewReader(tc.doc), tc.lim, jobscope.Options{})
			var got []want
			for _, e := range problems(t, err) {
				got = append(got, want{e.Line, e.Column, e.Path, e.Code})
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s\n%v", diff, err)
			}
		})
	}
}

// billionLaughs is a document of ten aliases of ten aliases of ... of a
// string: 10^depth strings once expanded.
func billionLaughs(depth int) string {
	var b strings.Builder
	b.WriteString("l0: &l0 lol\n")
	for i := 1; i <= depth; i++ {
		fmt.Fprintf(&b, "l%d: &l%d [", i, i)
		for k := 0; k < 10; k++ {
			if k > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "*l%d", i-1)
		}
		b.WriteString("]\n")
	}
	return b.String()
}

func TestBillionLaughs(t *testing.T) {
	keys := "k: &k " + strings.Repeat("x", 1000) + "\nt: {" + strings.Repeat("*k : 1, ", 200) + "}\n"
	for _, tc := range []struct {
		name, doc string
		lim       jobscope.Limits
		code      string
	}{
		{"values", billionLaughs(9), jobscope.Limits{}, "MaxValues"},
		{"bytes", billionLaughs(9), jobscope.Limits{MaxValues: 1 << 30, MaxBytes: 1 << 20}, "MaxBytes"},
		{"aliased member names", keys, jobscope.Limits{MaxBytes: 1 << 16}, "MaxBytes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			_, err := yamljob.Load(strings.NewReader(tc.doc), tc.lim, jobscope.Options{})
			l := problems(t, err)
			if len(l) != 1 || l[0].Code != field.Limit || !strings.Contains(l[0].Message, tc.code) || l[0].Line == 0 {
				t.Fatalf("got %v, want one %s limit at an alias", err, tc.code)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
}

func TestIsYAML(t *testing.T) {
	for head, want := range map[string]bool{
		`{"name": "x"}`:      false,
		"\xEF\xBB\xBF \n\t{": false,
		"name: x":            true,
		"# {\n{a: b}":        true,
		"":                   true,
		"---\n{}":            true,
	} {
		if got := yamljob.IsYAML([]byte(head)); got != want {
			t.Errorf("IsYAML(%q) = %v, want %v", head, got, want)
		}
	}
}

func TestLoadWithWarnings(t *testing.T) {
	doc := "name: once\njobType: ONE_TIME\ninitialRun: true\ns3JobDefinition:\n  bucketDefinitions:\n    - accountId: \"111122223333\"\n      buckets: [logs]\n"
	j, warnings, err := yamljob.LoadWithWarnings(strings.NewReader(doc), jobscope.Limits{}, jobscope.Options{})
	if err != nil || j == nil {
		t.Fatalf("LoadWithWarnings: %v", err)
	}
	if len(warnings) != 1 || warnings[0].Path != "initialRun" || warnings[0].Line != 3 || warnings[0].Column != 13 {
		t.Fatalf("warnings = %v, want one at initialRun, 3:13 (its value)", warnings)
	}
}

// TestLoadFile: YAML or JSON by the file's name and first bytes; every
// problem names the file; a missing file is the os error.
func TestLoadFile(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"job.yml":  "name: j\njobType: ONE_TIME\ns3JobDefinition:\n  bucketDefinitions: [{accountId: '111122223333', buckets: [b]}]\n",
		"job.txt":  "name: j\njobType: EVERY_DAY\n",
		"job.json": `{"name": "j", "jobType": "EVERY_DAY"}`,
		"job":      `{"name": "j", "jobType": "EVERY_DAY"}`,
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if j, err := yamljob.LoadFile(filepath.Join(dir, "job.yml"), jobscope.Limits{}, jobscope.Options{}); err != nil || j.Name != "j" {
		t.Errorf("job.yml: %v", err)
	}
	for name, wantLine := range map[string]string{"job.txt": ":2:10: jobType", "job.json": ":1:26: jobType", "job": ":1:26: jobType"} {
		path := filepath.Join(dir, name)
		_, err := yamljob.LoadFile(path, jobscope.Limits{}, jobscope.Options{})
		var list field.ErrorList
		if !errors.As(err, &list) || len(list) == 0 || list[0].File != path || !strings.Contains(err.Error(), path+wantLine) {
			t.Errorf("%s: %v; want problems at %s%s", name, err, path, wantLine)
		}
	}
	if _, err := yamljob.LoadFile(filepath.Join(dir, "missing.yaml"), jobscope.Limits{}, jobscope.Options{}); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}
