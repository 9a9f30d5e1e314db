package yamljob

import (
	"testing"

	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/internal/strictjson"
)

// TestScalars: the JSON value of each scalar, typed by the core schema.
func TestScalars(t *testing.T) {
	for _, tc := range []struct{ yaml, want string }{
		{"+12", "12"}, {"007", "7"}, {"-0", "-0"}, {"0o17", "15"}, {"0x1F", "31"},
		{"1.", "1.0"}, {".5", "0.5"}, {"-.05", "-0.05"}, {"+1.5e3", "1.5e3"}, {"1E-2", "1E-2"},
		{"99999999999999999999999", "99999999999999999999999"},
		{"1_000", `"1_000"`}, {"0b101", `"0b101"`}, {"0777x", `"0777x"`}, {".", `"."`}, {"-x", `"-x"`},
		{"yes", `"yes"`}, {"on", `"on"`}, {"~", "null"}, {"", "null"}, {"NULL", "null"}, {"True", "true"},
		{"2024-01-01T00:00:00Z", `"2024-01-01T00:00:00Z"`}, {"ONE_TIME", `"ONE_TIME"`},
		{"'12'", `"12"`}, {`"a\tb\"c"`, `"a\tb\"c"`}, {"|\n  x\n", `"x\n"`},
		{"!!str 12", `"12"`}, {"!!float 12", "12"}, {"!!int 12", "12"}, {"!!bool false", "false"}, {"!!null ~", "null"},
		{"!!int 1.5", "null"}, {"!!bool yes", "null"}, {"!!binary aGk=", "null"}, {"!foo x", "null"},
		{".inf", "null"}, {"-.Inf", "null"}, {".nan", "null"},
	} {
		root, err := parse([]byte("x: " + tc.yaml))
		if err != nil {
			t.Errorf("%q: %v", tc.yaml, err)
			continue
		}
		c := newConverter(strictjson.Limits{}.WithDefaults(), 0)
		c.newline(jsonLine{val: posOf(root)})
		if err := c.value(root, field.Path{}, posOf(root)); err != nil {
			t.Errorf("%q: %v", tc.yaml, err)
			continue
		}
		want := "{\n\"x\":" + tc.want + "}"
		if got := string(c.buf); got != want {
			t.Errorf("%q: JSON %s, want %s", tc.yaml, got, want)
		}
		if failed := len(c.errs) > 0; failed != (tc.want == "null" && tc.yaml != "" && tc.yaml[0] != '~' && tc.yaml[0] != 'N' && tc.yaml != "!!null ~") {
			t.Errorf("%q: problems %v", tc.yaml, c.errs)
		}
	}
}
