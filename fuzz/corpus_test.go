package fuzz

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/jobscope/jobscope/criteria"
	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/internal/testfile"
	"github.com/jobscope/jobscope/schedule"
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

func seedName(s string) string {
	s = strings.TrimSuffix(filepath.Base(s), filepath.Ext(s))
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' {
			return r
		}
		return '-'
	}, s)
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
	files, _ := filepath.Glob("../examples/*.json")
	more, _ := filepath.Glob("../examples/invalid/*.json")
	for _, name := range append(append(files, more...), "../examples/demo/job.json") {
		seeds["example-"+seedName(strings.TrimPrefix(name, "../examples/"))] = []any{testfile.Read(t, name), uint8(0)}
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

// scopeSeeds spells every object-scoping conformance case (its scoping,
// object and options) for FuzzScopeAgreement, and checks that the reader
// decodes each back.
func scopeSeeds(t *testing.T) map[string][]any {
	seeds := map[string][]any{}
	setters := map[string]func(*scope.Options, string){
		"excludeJoin":           func(o *scope.Options, v string) { o.ExcludeJoin = criteria.Join(v) },
		"extensionRule":         func(o *scope.Options, v string) { o.ExtensionRule = scope.ExtensionRule(v) },
		"extensionLeadingDot":   func(o *scope.Options, v string) { o.ExtensionLeadingDot = scope.LeadingDot(v) },
		"noExtensionNE":         func(o *scope.Options, v string) { o.NoExtensionNE = scope.NoExtensionNE(v) },
		"lastModifiedPrecision": func(o *scope.Options, v string) { o.LastModifiedPrecision = scope.Precision(v) },
		"emptyBlock":            func(o *scope.Options, v string) { o.EmptyBlock = criteria.EmptyBlock(v) },
	}
	for _, c := range conformanceCases(t, "object-scoping.jsonl") {
		var sc scopeCase
		sc.scoping = c.Scoping
		for name, v := range c.Options {
			set, ok := setters[name]
			if !ok {
				t.Fatalf("%s: option %s", c.ID, name)
			}
			set(&sc.opts, optionText(v))
		}
		for _, raw := range append([]json.RawMessage{c.Object}, c.Versions...) {
			if len(raw) == 0 {
				continue
			}
			var o scope.Object
			if err := json.Unmarshal(raw, &o); err != nil {
				t.Fatalf("%s: %v", c.ID, err)
			}
			// Only what scoping reads: the reader makes the rest up.
			sc.objects = append(sc.objects, scope.Object{Bucket: "example-bucket", Key: o.Key, Size: o.Size,
				LastModified: o.LastModified.UTC(), StorageClass: scope.Standard, Tags: o.Tags})
		}
		data, ok := spellScopeCase(sc)
		if !ok {
			continue // out of the reader's reach
		}
		back := (&reader{b: data}).scopeCase()
		if diff := cmp.Diff(sc, back, cmp.AllowUnexported(scopeCase{}), cmpopts.EquateComparable(field.Path{}), cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("%s: the reader does not decode what the writer spelled (-want +got):\n%s", c.ID, diff)
		}
		seeds["conformance-"+c.ID] = []any{data}
	}
	if len(seeds) < 40 {
		t.Errorf("only %d object-scoping cases spelled", len(seeds))
	}
	return seeds
}

// scheduleSeeds spells every schedule conformance case and the examples'
// schedules for FuzzSchedule.
func scheduleSeeds(t *testing.T) map[string][]any {
	seeds := map[string][]any{}
	spell := func(name string, createdAt time.Time, req json.RawMessage, options map[string]json.RawMessage) {
		var r struct {
			JobType           schedule.JobType               `json:"jobType"`
			ScheduleFrequency *schedule.JobScheduleFrequency `json:"scheduleFrequency"`
			InitialRun        *bool                          `json:"initialRun"`
		}
		if err := json.Unmarshal(req, &r); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var freq, day, opts uint8
		switch f := r.ScheduleFrequency; {
		case r.JobType == schedule.OneTime:
			freq = freqOneTime
		case f.DailySchedule != nil:
			freq = freqDaily
		case f.WeeklySchedule != nil:
			freq, day = freqWeekly, uint8(index(schedule.DayOfWeek("").Values(), f.WeeklySchedule.DayOfWeek))
		case f.MonthlySchedule != nil:
			freq, day = freqMonthly, uint8(f.MonthlySchedule.DayOfMonth-1)
		}
		for name, v := range options {
			switch name + "=" + optionText(v) {
			case "monthlyOverflow=SKIP":
				opts |= 1
			case "monthlyOverflow=CLAMP":
				opts |= 2
			case "initialRunStartsImmediately=true":
				opts |= 4
			case "incrementalBoundary=EXCLUSIVE":
				opts |= 8
			case "incrementalBoundary=INCLUSIVE":
				opts |= 16
			}
		}
		initialRun := r.InitialRun != nil && *r.InitialRun
		args := []any{createdAt.Unix() - minSec, uint32(createdAt.Nanosecond()), freq, day, initialRun, opts, int64(0)}
		back := decodeSchedule(args[0].(int64), args[1].(uint32), freq, day, initialRun, opts, 0)
		if !back.createdAt.Equal(createdAt) || back.jobType != r.JobType || !cmp.Equal(back.freq, r.ScheduleFrequency) {
			t.Errorf("%s: decoded as %+v", name, back)
		}
		seeds[name] = args
	}
	for _, c := range conformanceCases(t, "schedule.jsonl") {
		at, err := time.Parse(time.RFC3339, c.CreatedAt)
		if err != nil {
			t.Fatalf("%s: %v", c.ID, err)
		}
		spell("conformance-"+c.ID, at, c.Request, c.Options)
	}
	files, _ := filepath.Glob("../examples/*.json")
	for _, name := range append(files, "../examples/demo/job.json") {
		data := testfile.Read(t, name)
		var j struct {
			JobType schedule.JobType `json:"jobType"`
		}
		json.Unmarshal(data, &j)
		if j.JobType != "" {
			var r map[string]json.RawMessage
			json.Unmarshal(data, &r)
			req, _ := json.Marshal(map[string]json.RawMessage{"jobType": r["jobType"], "scheduleFrequency": r["scheduleFrequency"], "initialRun": r["initialRun"]})
			spell("example-"+seedName(strings.TrimPrefix(name, "../examples/")), time.Date(2024, 2, 29, 23, 59, 59, 999999999, time.UTC), req, nil)
		}
	}
	// The edges: the first and last instants, a leap day, run times of
	// day that are not whole seconds, an invalid one.
	seeds["edge-year-1"] = []any{int64(1), uint32(0), uint8(freqMonthly), uint8(30), true, uint8(2), int64(0)}
	seeds["edge-year-9999"] = []any{int64(maxSec - minSec), uint32(999999999), uint8(freqWeekly), uint8(6), false, uint8(36), int64(1)}
	seeds["edge-leap-day-29"] = []any{time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC).Unix() - minSec, uint32(0), uint8(freqMonthly), uint8(28), false, uint8(0), int64(23*time.Hour + 59*time.Minute)}
	seeds["edge-bad-run-time"] = []any{int64(0), uint32(0), uint8(freqDaily), uint8(0), false, uint8(32), int64(-1)}
	seeds["edge-day-0"] = []any{int64(0), uint32(0), uint8(freqMonthlyRaw), uint8(0), false, uint8(0), int64(0)}
	return seeds
}

func gz(t *testing.T, data []byte) []byte {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write(data)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// The FuzzObjectSource name choices.
const (
	nameJSON uint8 = iota
	nameJSONL
	nameCSV
	nameCSVGz
	nameManifest
)

func sourceSeeds(t *testing.T) map[string][]any {
	seeds := map[string][]any{}
	// The demo's data files: their first rows, plain and compressed; and
	// its manifests.
	manifests, _ := filepath.Glob("../examples/demo/inventory/*/*/*/manifest.json")
	for _, m := range manifests {
		bucket := strings.Split(strings.TrimPrefix(m, "../examples/demo/inventory/"), "/")[0]
		seeds["demo-manifest-"+bucket] = []any{testfile.Read(t, m), nameManifest, uint8(0)}
		data, _ := filepath.Glob(filepath.Join(filepath.Dir(filepath.Dir(m)), "data", "*.csv.gz"))
		fh, err := os.Open(data[0])
		if err != nil {
			t.Fatal(err)
		}
		zr, err := gzip.NewReader(fh)
		if err != nil {
			t.Fatal(err)
		}
		var rows bytes.Buffer
		br := bufio.NewReader(zr)
		for range 8 {
			line, err := br.ReadBytes('\n')
			rows.Write(line)
			if err != nil {
				break
			}
		}
		fh.Close()
		// The demo's fileSchema has ETag, StorageClass, EncryptionStatus.
		header := "Bucket,Key,Size,LastModifiedDate,ETag,StorageClass,EncryptionStatus\n"
		seeds["demo-csv-"+bucket] = []any{append([]byte(header), rows.Bytes()...), nameCSV, uint8(0)}
		seeds["demo-csv-gz-"+bucket] = []any{gz(t, append([]byte(header), rows.Bytes()...)), nameCSVGz, uint8(0)}
	}
	// CSV rows of the list, under the four-column schema.
	rows := `"b","k1","10","2024-01-01T00:00:00.000Z"` + "\n" + `"b","k2","20","2024-01-01T00:00:00.000Z"` + "\n"
	two := gz(t, []byte(rows))
	for name, data := range map[string][]byte{
		"csv-gzip-truncated":      two[:len(two)-9],
		"csv-gzip-concatenated":   append(append([]byte(nil), two...), two...),
		"csv-gzip-corrupt":        append(append([]byte(nil), two[:12]...), bytes.Repeat([]byte{0xff}, 20)...),
		"csv-fields-few-and-many": []byte(`"b","k1","10"` + "\n" + `"b","k2","20","2024-01-01T00:00:00.000Z","x"` + "\n" + rows),
		"csv-unterminated-quote":  []byte(`"b","k1,"10","2024-01-01T00:00:00.000Z"` + "\n" + `"b","k""2","1","2024-01-01T00:00:00.000Z"` + "\n" + `"b","k3` + "\n"),
		"csv-keys-utf8-nul":       []byte(`"b","k\xff1","1","2024-01-01T00:00:00.000Z"` + "\n" + `"b","k%FF2","1","2024-01-01T00:00:00.000Z"` + "\n" + "\"b\",\"k\x003\",\"1\",\"2024-01-01T00:00:00.000Z\"\n" + `"b","k%003+4","1","2024-01-01T00:00:00.000Z"` + "\n"),
		"csv-sizes":               []byte(`"b","k1","-1","2024-01-01T00:00:00.000Z"` + "\n" + `"b","k2","9223372036854775808","2024-01-01T00:00:00.000Z"` + "\n" + `"b","k3","9223372036854775807","2024-01-01T00:00:00.000Z"` + "\n" + `"b","k4","","2024-01-01T00:00:00.000Z"` + "\n"),
		"csv-dates":               []byte(`"b","k1","1","1969-12-31T23:59:59.999Z"` + "\n" + `"b","k2","1","0000-01-01T00:00:00.000Z"` + "\n" + `"b","k3","1","10000-01-01T00:00:00.000Z"` + "\n" + `"b","k4","1","2024-02-30T00:00:00.000Z"` + "\n" + `"b","k5","1","2024-01-01T00:00:00+14:00"` + "\n"),
		"csv-long-key":            []byte(`"b","` + strings.Repeat("k", 1025) + `","1","2024-01-01T00:00:00.000Z"` + "\r\n\r\n" + `"b","` + strings.Repeat("%41", 1024) + `","1","2024-01-01T00:00:00.000Z"`),
	} {
		n := nameCSV
		if data[0] == 0x1f {
			n = nameCSVGz
		}
		seeds[name] = []any{data, n, uint8(1)}
	}
	seeds["csv-header-versions"] = []any{[]byte("Bucket,Key,VersionId,IsLatest,IsDeleteMarker,Size,LastModifiedDate\n" +
		`"b","k","v1","true","false","1","2024-01-01T00:00:00.000Z"` + "\n" + `"b","k","v0","false","true","","2023-01-01T00:00:00.000Z"` + "\n" + `"b","k","v","maybe","false","1","2024-01-01T00:00:00.000Z"` + "\n"), nameCSV, uint8(0)}
	// Listings.
	for name, data := range map[string]string{
		"list-v2":               `{"Contents": [{"Key": "a/b.pdf", "LastModified": "2024-01-01T00:00:00+00:00", "ETag": "\"x\"", "Size": 10, "StorageClass": "STANDARD"}], "Name": "b", "KeyCount": 1}`,
		"list-v2-url":           `{"Name": "b", "EncodingType": "url", "Contents": [{"Key": "a%2Fb+c.pdf", "LastModified": "2024-01-01T00:00:00Z", "Size": 1}, {"Key": "%ZZ", "LastModified": "2024-01-01T00:00:00Z", "Size": 1}]}`,
		"list-v2-pages":         "{\"Contents\": [{\"Key\": \"a\", \"LastModified\": \"2024-01-01T00:00:00Z\", \"Size\": 1}]}\n{\"Contents\": [{\"Key\": \"b\", \"LastModified\": \"2024-01-01T00:00:00Z\", \"Size\": 2}], \"Contents\": null}\n",
		"list-versions":         `{"Name": "b", "Versions": [{"Key": "k", "VersionId": "v2", "IsLatest": true, "LastModified": "2024-01-02T00:00:00Z", "Size": 5, "StorageClass": "GLACIER"}, {"Key": "k", "VersionId": "null", "IsLatest": false, "LastModified": "2024-01-01T00:00:00Z", "Size": 4}], "DeleteMarkers": [{"Key": "d", "VersionId": "v9", "IsLatest": true, "LastModified": "2024-01-03T00:00:00Z"}]}`,
		"list-hostile":          "{\"Name\": \"b\", \"Contents\": [{\"Key\": \"a\xffb\", \"Size\": 1, \"LastModified\": \"2024-01-01T00:00:00Z\"}, {\"Key\": \"n\\u0000ul\", \"Size\": -1, \"LastModified\": \"1969-01-01T00:00:00Z\"}, {\"Key\": \"big\", \"Size\": 1e30, \"LastModified\": \"10000-01-01T00:00:00Z\"}, {\"Key\": \"x\", \"Key\": \"y\", \"Size\": 9223372036854775807, \"LastModified\": \"2024-01-01T00:00:00Z\"}]}",
		"list-deep":             `{"Name": "b", "Owner": ` + strings.Repeat(`{"a": [`, 200) + strings.Repeat(`]}`, 200) + `, "Contents": []}`,
		"list-truncated":        `{"Name": "b", "Contents": [{"Key": "a", "Size": 1, "LastModified": "2024-01-01T00:00:00Z"}, {"Key": "b`,
		"list-mixed":            `{"Name": "b", "Contents": []}{"Name": "b", "Versions": []}`,
		"list-bucket-mismatch":  `{"Name": "other", "Contents": []}`,
		"jsonl-sniffed":         `{"bucket": "b", "key": "k", "size": 1, "lastModified": "2024-01-01T00:00:00Z"}`,
		"manifest-bad-and-safe": `{"sourceBucket": "b", "fileFormat": "CSV", "fileSchema": "Key, Size", "files": [{"key": "../../etc/passwd"}, {"key": "/etc/passwd"}, {"key": "etc/passwd"}, {"key": "data/missing.csv.gz", "size": 10, "MD5checksum": "0123456789abcdef0123456789abcdef"}]}`,
		"manifest-parquet-orc":  `{"sourceBucket": "b", "fileFormat": "Parquet", "fileSchema": "Bucket, Key", "files": [{"key": "data/x.parquet"}]}`,
	} {
		n := nameJSON
		if strings.HasPrefix(name, "manifest") {
			n = nameManifest
		}
		seeds[name] = []any{[]byte(data), n, uint8(0)}
	}
	// JSONL: the objects of the conformance cases.
	var jsonl bytes.Buffer
	for _, file := range []string{"object-scoping.jsonl", "eligibility.jsonl"} {
		for _, c := range conformanceCases(t, file) {
			for _, o := range slices.Concat([]json.RawMessage{c.Object}, c.Objects, c.Versions) {
				if len(o) > 0 {
					jsonl.Write(o)
					jsonl.WriteByte('\n')
				}
			}
		}
	}
	seeds["bom-list"] = []any{[]byte("\xef\xbb\xbf{\"Name\": \"b\", \"Contents\": [{\"Key\": \"k\", \"Size\": 1, \"LastModified\": \"2024-01-01T00:00:00Z\"}]}"), nameJSON, uint8(0)}
	seeds["bom-csv-header"] = []any{[]byte("\xef\xbb\xbfBucket,Key,Size,LastModifiedDate\n" + rows), nameCSV, uint8(0)}
	seeds["bom-csv-gz"] = []any{gz(t, []byte("\xef\xbb\xbf"+rows)), nameCSVGz, uint8(1)}
	seeds["jsonl-conformance-objects"] = []any{jsonl.Bytes(), nameJSONL, uint8(0)}
	seeds["jsonl-example-object"] = []any{bytes.ReplaceAll(testfile.Read(t, "../examples/data/object.json"), []byte("\n"), nil), nameJSONL, uint8(0)}
	seeds["jsonl-hostile"] = []any{[]byte("{\"bucket\":\"b\",\"key\":\"k\xff1\",\"size\":1,\"lastModified\":\"2024-01-01T00:00:00Z\"}\n" +
		`{"bucket":"b","key":"k\u00002","size":1,"lastModified":"2024-01-01T00:00:00Z"}` + "\n\n" +
		`{"bucket":"b","key":"","size":1,"lastModified":"2024-01-01T00:00:00Z"}` + "\n" +
		`{"bucket":"","key":"x","size":-1,"lastModified":"0000-01-01T00:00:00Z"}` + "\n" +
		`{"bucket":"b","key":"x","size":1,"lastModified":"2024-01-01T00:00:00Z","bucket":"c"}` + "\n" +
		`{"bucket":"b","key":"x","isDeleteMarker":true,"lastModified":"2024-01-01T00:00:00Z","extra":1}` + "\n" +
		`[1,2]` + "\n" + `{"bucket":"b","key":"x","size":1e3,"lastModified":"2024-01-01T00:00:00Z","tags":{"a":1}}`), nameJSONL, uint8(0)}
	return seeds
}

func bucketSeeds(t *testing.T) map[string][]any {
	seeds := map[string][]any{
		"example-describe-buckets": {testfile.Read(t, "../examples/data/describe-buckets.json")},
		"demo-buckets":             {testfile.Read(t, "../examples/demo/buckets.json")},
		"hostile-enums":            {[]byte(`{"buckets": [{"bucketName": "b", "accountId": "111122223333", "sharedAccess": "WEIRD", "publicAccess": {"effectivePermission": "MAYBE"}}, {"bucketName": "c", "sharedAccess": "EXTERNAL", "tags": [{"key": "env", "value": "prod"}]}]}`)},
		"hostile-duplicates":       {[]byte(`{"buckets": [{"bucketName": "b"}, {"bucketName": "b"}, {"accountId": "1"}, {"bucketName": 3}, [], null], "nextToken": "x"}`)},
		"hostile-types":            {[]byte(`[{"bucketName": "b", "tags": {"k": "v"}, "publicAccess": "PUBLIC", "errorCode": "BUCKET_COUNT_EXCEEDS_QUOTA"}]`)},
		"hostile-deep":             {[]byte(`{"buckets": [{"bucketName": "b", "x": ` + strings.Repeat("[", 10001) + strings.Repeat("]", 10001) + `}]}`)},
		"hostile-truncated":        {[]byte(`{"buckets": [{"bucketName": "b"}, {"bucketN`)},
		"hostile-no-buckets":       {[]byte(`{"nextToken": "x"}`)},
		"bom":                      {[]byte("\xef\xbb\xbf" + `{"buckets": [{"bucketName": "b"}]}`)},
	}
	var all []json.RawMessage
	for _, c := range conformanceCases(t, "bucket-criteria.jsonl") {
		if len(c.Bucket) > 0 {
			all = append(all, c.Bucket)
		}
	}
	data, _ := json.Marshal(map[string]any{"buckets": all})
	seeds["conformance-buckets"] = []any{data}
	return seeds
}

func tagSeeds(t *testing.T) map[string][]any {
	fh, err := os.Open("../examples/demo/tags.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	head, _ := io.ReadAll(io.LimitReader(fh, 4096))
	head = head[:bytes.LastIndexByte(head, '\n')+1]
	return map[string][]any{
		"demo-tags": {head},
		"bom":       {[]byte("\xef\xbb\xbf" + `{"bucket": "b", "key": "k", "tags": {"a": "b"}}`)},
		"hostile": {[]byte(`{"bucket": "b", "key": "k", "tags": {}}` + "\n" + `{"bucket": "b", "key": "k", "tags": {"a": "b"}}` + "\n\n" +
			`{"bucket": "b", "key": "k", "versionId": "v", "tags": {"a": 1}}` + "\n" + `{"bucket": "b"}` + "\n" + `[]` + "\n" +
			"{\"bucket\": \"b\", \"key\": \"k\xff\", \"tags\": {}}\n" + `{"bucket": "b", "key": "k", "tags": {}, "extra": true} {}` + "\n" + `{"bucket": "b", "key": "k", "ta`)},
	}
}
