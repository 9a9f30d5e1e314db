package yamljob_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/yamljob"
)

// FuzzLoad: Load never panics, and a JSON job that YAML parses loads to
// the job and problems jobscope.Load gives it, at the same places.
func FuzzLoad(f *testing.F) {
	files, _ := filepath.Glob("../examples/*.json")
	more, _ := filepath.Glob("../examples/invalid/*.json")
	for _, name := range append(files, more...) {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
		f.Add(toYAML(f, data))
	}
	forms, _ := os.ReadFile("testdata/forms.yaml")
	f.Add(forms)
	f.Add([]byte(billionLaughs(3)))
	f.Add([]byte(valid + "tags: &t {a: *t, <<: *t}\n"))
	f.Add([]byte(`{"name": "x", "name": 1, "tags": {"a": null}, "samplingPercentage": -0.5e3}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		lim := jobscope.Limits{MaxBytes: 1 << 16, MaxValues: 1000}
		job, err := yamljob.Load(bytes.NewReader(data), lim, jobscope.Options{})
		var got field.ErrorList
		if err != nil && !errors.As(err, &got) {
			t.Fatalf("error %v is no field.ErrorList", err)
		}
		if yamljob.IsYAML(data) || !comparable(data) {
			return
		}
		want, werr := jobscope.Load(bytes.NewReader(data), lim, jobscope.Options{})
		var wantErrs field.ErrorList
		errors.As(werr, &wantErrs)
		// Compare only JSON that both read, and that neither finds too
		// large: YAML reads more than JSON does, and counts values once
		// aliases are expanded.
		for _, l := range []field.ErrorList{got, wantErrs} {
			for _, e := range l {
				if e.Code == field.Syntax || e.Code == field.Limit {
					return
				}
			}
		}
		if diff := cmp.Diff(want, job); diff != "" {
			t.Errorf("job (-jobscope.Load +yamljob.Load):\n%s", diff)
		}
		if diff := cmp.Diff(wantErrs, got); diff != "" {
			t.Errorf("problems (-jobscope.Load +yamljob.Load):\n%s", diff)
		}
	})
}

// comparable reports whether data's lines and columns count alike in JSON
// and YAML: no byte order mark and no character that YAML takes for a line
// break but JSON does not (CR, NEL, LS, PS).
func comparable(data []byte) bool {
	return !bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")) && !bytes.ContainsAny(data, "\r\u0085\u2028\u2029")
}
