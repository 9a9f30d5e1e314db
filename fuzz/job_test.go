package fuzz

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/field"
)

// addSeeds adds every example job and every conformance request as a seed.
func addSeeds(f *testing.F) {
	files, _ := filepath.Glob("../examples/*.json")
	more, _ := filepath.Glob("../examples/invalid/*.json")
	for _, name := range append(files, more...) {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	cases, err := os.ReadFile("../conformance/testdata/create-validation.jsonl")
	if err != nil {
		f.Fatal(err)
	}
	sc := bufio.NewScanner(bytes.NewReader(cases))
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var c struct {
			Request json.RawMessage `json:"request"`
		}
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			f.Fatal(err)
		}
		f.Add([]byte(c.Request))
	}
}

// FuzzLoadJob decodes and validates arbitrary bytes as a job definition.
// Invariants: no panic; every problem is a *field.Error with a code, a
// message and a position; a job that validates re-encodes to JSON that
// decodes and validates to the same job (empty and absent lists alike).
func FuzzLoadJob(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		job, err := jobscope.LoadBytes(data, jobscope.Limits{}, jobscope.Options{})
		if err != nil {
			var list field.ErrorList
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("error is not a non-empty field.ErrorList: %#v", err)
			}
			for _, e := range list {
				if e.Code == "" || e.Message == "" || e.Exception == "" || e.Line < 1 || e.Column < 1 {
					t.Fatalf("incomplete error %#v", e)
				}
			}
			return
		}
		out, err := json.Marshal(job)
		if err != nil {
			t.Fatalf("re-encoding a valid job: %v", err)
		}
		back, err := jobscope.LoadBytes(out, jobscope.Limits{}, jobscope.Options{})
		if err != nil {
			t.Fatalf("re-encoded job does not load: %v\n%s", err, out)
		}
		// An empty list or map and an absent one mean the same to Macie, and
		// encoding omits both.
		if diff := cmp.Diff(job, back, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("decode(encode(job)) differs (-want +got):\n%s", diff)
		}
	})
}
