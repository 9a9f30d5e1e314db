package fuzz

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/criteria"
	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/internal/testfile"
	"github.com/jobscope/jobscope/plan"
	"github.com/jobscope/jobscope/scope"
)

// addSeeds adds every example job and every conformance request as a seed.
func addSeeds(f *testing.F) {
	for _, name := range exampleJobs(true) {
		f.Add(testfile.Read(f, name), uint8(0))
	}
	cases := testfile.Read(f, "../conformance/testdata/create-validation.jsonl")
	sc := bufio.NewScanner(bytes.NewReader(cases))
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var c struct {
			Request json.RawMessage `json:"request"`
		}
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			f.Fatal(err)
		}
		f.Add([]byte(c.Request), uint8(0))
	}
}

// jobOptions turns FuzzLoadJob's option bits into engine options: bit 0
// emptyBlock ERROR, 1 oneTimeScheduleFields IGNORE, 2 samplingPercentage
// 0..100, 3 requireClientToken, 4 excludeJoin OR, 5 monthlyOverflow CLAMP,
// 6 extensionLeadingDot STRIP.
func jobOptions(bits uint8) jobscope.Options {
	var o jobscope.Options
	for i, set := range [][2]string{{"emptyBlock", "ERROR"}, {"oneTimeScheduleFields", "IGNORE"},
		{"samplingPercentageMin", "0"}, {"requireClientToken", "true"}, {"excludeJoin", "OR"},
		{"monthlyOverflow", "CLAMP"}, {"extensionLeadingDot", "STRIP"}} {
		if bits&(1<<i) != 0 {
			if err := o.Set(set[0], set[1]); err != nil {
				panic(err)
			}
		}
	}
	return o
}

// FuzzLoadJob decodes and validates arbitrary bytes as a job definition,
// under fuzzer-chosen engine options (see jobOptions). Invariants: no
// panic; every problem is a *field.Error with a code, a message, an
// exception and a position; a job that validates
//   - validates again with Job.Validate, and ParseJob reads it without a
//     problem;
//   - compiles: its scoping with scope.Compile, its bucket criteria or
//     bucket definitions with Job.BucketSelector, and the whole job with
//     plan.New (for a SCHEDULED job, its third run), which then decides an
//     object;
//   - re-encodes to JSON that decodes and validates to the same job (empty
//     and absent lists alike).
func FuzzLoadJob(f *testing.F) {
	addSeeds(f)
	createdAt := time.Date(2024, 2, 29, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, data []byte, bits uint8) {
		opts := jobOptions(bits)
		job, err := jobscope.Load(bytes.NewReader(data), jobscope.Limits{}, opts)
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
		if err := job.Validate(opts); err != nil {
			t.Fatalf("Load accepted the job, Validate does not: %v", err)
		}
		if _, err := jobscope.ParseJob(data, jobscope.Limits{}); err != nil {
			t.Fatalf("Load accepted the job, ParseJob does not: %v", err)
		}
		def := job.S3JobDefinition
		if _, err := scope.Compile(def.Scoping, opts.Scope); err != nil {
			t.Fatalf("a valid job's scoping does not compile: %v", err)
		}
		if _, err := job.BucketSelector(opts); err != nil {
			t.Fatalf("a valid job's bucket selection does not compile: %v", err)
		}
		popts := plan.Options{Engine: opts, CreatedAt: createdAt, Buckets: []criteria.BucketMetadata{}}
		if job.JobType == jobscope.Scheduled {
			popts.Run = 3
		}
		dry, err := plan.New(job, popts)
		if err != nil {
			t.Fatalf("a valid job does not plan: %v", err)
		}
		dry.Decide(&scope.Object{Bucket: "b", Key: "k.pdf", Size: 1, LastModified: createdAt, StorageClass: scope.Standard})

		out, err := json.Marshal(job)
		if err != nil {
			t.Fatalf("re-encoding a valid job: %v", err)
		}
		back, err := jobscope.Load(bytes.NewReader(out), jobscope.Limits{}, opts)
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

// hostileJobs are job documents from the list of hostile inputs
// and the limits.
func hostileJobs() map[string][]byte {
	valid := `{"name": "j", "jobType": "ONE_TIME", "s3JobDefinition": {"bucketDefinitions": [{"accountId": "111122223333", "buckets": ["b"]}]}}`
	scoped := func(and string) []byte {
		return []byte(`{"name": "j", "jobType": "ONE_TIME", "s3JobDefinition": {"bucketDefinitions": [{"accountId": "111122223333", "buckets": ["b"]}], "scoping": {"includes": {"and": [` + and + `]}}}}`)
	}
	prefixes := func(n int, v string) string {
		return `{"simpleScopeTerm": {"key": "OBJECT_KEY", "comparator": "STARTS_WITH", "values": [` + strings.TrimSuffix(strings.Repeat(`"`+v+`",`, n), ",") + `]}}`
	}
	return map[string][]byte{
		"hostile-bom":            append([]byte("\xef\xbb\xbf"), valid...),
		"hostile-duplicate-key":  []byte(`{"name": "j", "name": "k", "jobType": "ONE_TIME", "jobType": "SCHEDULED"}`),
		"hostile-deep-nesting":   []byte(`{"name": ` + strings.Repeat("[", 100) + strings.Repeat("]", 100) + `}`),
		"hostile-truncated":      []byte(valid[:len(valid)/2]),
		"hostile-trailing":       []byte(valid + ` {}`),
		"hostile-invalid-utf8":   []byte(`{"name": "j\xff", "jobType": "ONE_TIME"}`),
		"hostile-nul":            scoped(prefixes(1, `a\u0000b`)),
		"hostile-lone-surrogate": []byte(`{"name": "\ud800"}`),
		"hostile-big-numbers":    []byte(`{"name": "j", "jobType": "SCHEDULED", "samplingPercentage": 1e400, "scheduleFrequency": {"monthlySchedule": {"dayOfMonth": 2147483648}}, "createdAt": -99999999999999}`),
		"hostile-wrong-types":    []byte(`{"name": 1, "jobType": [], "s3JobDefinition": "x", "tags": {"a": 1}, "initialRun": "true"}`),
		"hostile-array-of-ones":  []byte(`{"name": "j", "allowListIds": [` + strings.TrimSuffix(strings.Repeat("1,", 1000), ",") + `]}`),
		"limit-key-prefix":       scoped(prefixes(1, strings.Repeat("k", 1025))),
		"limit-values-per-term":  scoped(prefixes(10001, "a")),
		"limit-terms-per-block":  scoped(strings.TrimSuffix(strings.Repeat(prefixes(1, "a")+",", 1001), ",")),
		"hostile-epoch-dates":    []byte(`{"name": "j", "jobType": "ONE_TIME", "createdAt": 1700000000.5, "lastRunTime": "1969-12-31T23:59:59Z", "s3JobDefinition": {"bucketDefinitions": [{"accountId": "1", "buckets": ["b"]}], "scoping": {"includes": {"and": [{"simpleScopeTerm": {"key": "OBJECT_LAST_MODIFIED_DATE", "comparator": "LT", "values": ["0001-01-01T00:00:00Z"]}}]}}}}`),
	}
}

func jobSeeds(t *testing.T) map[string][]any {
	seeds := map[string][]any{}
	for _, name := range exampleJobs(true) {
		seeds[exampleSeed(name)] = []any{testfile.Read(t, name), uint8(0)}
	}
	bits := map[string]uint8{"emptyBlock=ERROR": 1, "oneTimeScheduleFields=IGNORE": 2, "samplingPercentageMin=0": 4,
		"requireClientToken=true": 8, "excludeJoin=OR": 16, "monthlyOverflow=CLAMP": 32, "extensionLeadingDot=STRIP": 64}
	for _, c := range conformanceCases(t, "create-validation.jsonl") {
		var b uint8
		for name, v := range c.Options {
			b |= bits[name+"="+optionText(v)]
		}
		seeds["conformance-"+c.ID] = []any{[]byte(c.Request), b}
	}
	for name, doc := range hostileJobs() {
		seeds[name] = []any{doc, uint8(0)}
	}
	return seeds
}
