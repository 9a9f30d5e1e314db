package fuzz

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jobscope/jobscope/internal/testfile"
	"github.com/jobscope/jobscope/scope"
)

// The seed corpus of the targets in this package is checked in under
// testdata/fuzz/<Target>/seed-*. It is built from the examples, the
// conformance cases, the demo's inventory, tags and buckets, and hostile
// inputs (the list), by
//
//	go test ./fuzz/ -run '^TestSeedCorpus$' -write-corpus
//
// Inputs the fuzzer found that failed once are kept beside them under
// other names; never delete those.
var writeCorpus = flag.Bool("write-corpus", false, "rewrite the seed corpus under testdata/fuzz")

// fuzzTargets are the targets of this package.
var fuzzTargets = []string{"FuzzLoadJob", "FuzzScopeAgreement", "FuzzSchedule", "FuzzObjectSource", "FuzzBuckets", "FuzzTags"}

// TestSeedCorpus checks that every target has a seed corpus and that the
// writers spell every conformance case so that the readers decode it back;
// with -write-corpus it rewrites the corpus.
func TestSeedCorpus(t *testing.T) {
	seeds := map[string]map[string][]any{
		"FuzzLoadJob":        jobSeeds(t),
		"FuzzScopeAgreement": scopeSeeds(t),
		"FuzzSchedule":       scheduleSeeds(t),
		"FuzzObjectSource":   sourceSeeds(t),
		"FuzzBuckets":        bucketSeeds(t),
		"FuzzTags":           tagSeeds(t),
	}
	for _, target := range fuzzTargets {
		dir := filepath.Join("testdata", "fuzz", target)
		if *writeCorpus {
			old, _ := filepath.Glob(filepath.Join(dir, "seed-*"))
			for _, name := range old {
				os.Remove(name)
			}
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			for name, args := range seeds[target] {
				if err := os.WriteFile(filepath.Join(dir, "seed-"+name), marshalSeed(args...), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
		if names, _ := filepath.Glob(filepath.Join(dir, "*")); len(names) == 0 {
			t.Errorf("%s has no seed corpus in %s: run go test ./fuzz/ -run '^TestSeedCorpus$' -write-corpus", target, dir)
		}
	}
}

// marshalSeed writes a corpus file as the fuzzing engine does.
func marshalSeed(args ...any) []byte {
	var b bytes.Buffer
	b.WriteString("go test fuzz v1\n")
	for _, a := range args {
		switch v := a.(type) {
		case []byte:
			fmt.Fprintf(&b, "[]byte(%q)\n", v)
		case string:
			fmt.Fprintf(&b, "string(%q)\n", v)
		case uint8:
			fmt.Fprintf(&b, "byte(%q)\n", v)
		case int64, uint32, bool:
			fmt.Fprintf(&b, "%T(%v)\n", v, v)
		default:
			panic(fmt.Sprintf("seed argument of type %T", a))
		}
	}
	return b.Bytes()
}

// conformanceCase is one line of a conformance case file, with the members
// the seeds use.
type conformanceCase struct {
	ID         string                     `json:"id"`
	Request    json.RawMessage            `json:"request"`
	Options    map[string]json.RawMessage `json:"options"`
	Scoping    *scope.Scoping             `json:"scoping"`
	Object     json.RawMessage            `json:"object"`
	Objects    []json.RawMessage          `json:"objects"`
	Versions   []json.RawMessage          `json:"versions"`
	CreatedAt  string                     `json:"createdAt"`
	Bucket     json.RawMessage            `json:"bucket"`
	BucketList []json.RawMessage          `json:"buckets"`
}

func conformanceCases(t *testing.T, file string) []conformanceCase {
	t.Helper()
	data := testfile.Read(t, filepath.Join("..", "conformance", "testdata", file))
	var out []conformanceCase
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var c conformanceCase
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		out = append(out, c)
	}
	return out
}

// optionText is an option's value as Options.Set takes it.
func optionText(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return string(raw)
}

// exampleJobs returns the paths of the example jobs: examples/*.json,
// examples/invalid/*.json when invalid is true, and the demo's job.
func exampleJobs(invalid bool) []string {
	files, _ := filepath.Glob("../examples/*.json")
	if invalid {
		more, _ := filepath.Glob("../examples/invalid/*.json")
		files = append(files, more...)
	}
	return append(files, "../examples/demo/job.json")
}

// exampleSeed is the seed name of the example file at path.
func exampleSeed(path string) string {
	return "example-" + seedName(strings.TrimPrefix(path, "../examples/"))
}

func seedName(s string) string {
	s = strings.TrimSuffix(filepath.Base(s), filepath.Ext(s))
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' {
			return r
		}
		return '-'
	}, s)
}
