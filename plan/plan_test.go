package plan_test

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/criteria"
	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/inventory"
	"github.com/jobscope/jobscope/plan"
	"github.com/jobscope/jobscope/scope"
)

const weeklyJob = `{
  "name": "weekly",
  "jobType": "SCHEDULED",
  "initialRun": false,
  "scheduleFrequency": {"weeklySchedule": {"dayOfWeek": "MONDAY"}},
  "s3JobDefinition": {
    "bucketDefinitions": [{"accountId": "111122223333", "buckets": ["docs", "logs"]}],
    "scoping": {
      "includes": {"and": [
        {"simpleScopeTerm": {"comparator": "STARTS_WITH", "key": "OBJECT_KEY", "values": ["reports/", "data/"]}},
        {"simpleScopeTerm": {"comparator": "LT", "key": "OBJECT_SIZE", "values": ["100000000"]}}
      ]},
      "excludes": {"and": [
        {"tagScopeTerm": {"comparator": "EQ", "key": "TAG", "tagValues": [{"key": "env", "value": "test"}], "target": "S3_OBJECT"}}
      ]}
    }
  }
}`

// created is a Wednesday: run 1 is the next Monday, 2024-06-10.
var created = time.Date(2024, 6, 5, 12, 0, 0, 0, time.UTC)

func mustJob(t testing.TB, js string) *jobscope.Job {
	t.Helper()
	j, err := jobscope.Load(strings.NewReader(js), jobscope.Limits{}, jobscope.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return j
}

func mustNew(t testing.TB, js string, opts plan.Options) *plan.DryRun {
	t.Helper()
	p, err := plan.New(mustJob(t, js), opts)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func obj(bucket, key string, size int64, modified string, mods ...func(*scope.Object)) scope.Object {
	lm, err := time.Parse(time.RFC3339, modified)
	if err != nil {
		panic(err)
	}
	o := scope.Object{Bucket: bucket, Key: key, Size: size, LastModified: lm,
		StorageClass: scope.Standard, EncryptionStatus: scope.SSES3}
	for _, m := range mods {
		m(&o)
	}
	return o
}

func TestDecide(t *testing.T) {
	p := mustNew(t, weeklyJob, plan.Options{CreatedAt: created})
	w := p.Window()
	if w.RunNumber != 1 || !w.Lower.Equal(created) || !w.Upper.Equal(time.Date(2024, 6, 10, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("window = %+v", w)
	}
	const in = "2024-06-07T00:00:00Z" // inside run 1's window
	scan := plan.Decision{Scan: true}
	tests := []struct {
		name string
		o    scope.Object
		want plan.Decision
	}{
		{"scanned", obj("docs", "reports/q1.pdf", 1000, in), scan},
		{"bucket not listed", obj("other", "reports/q1.pdf", 1000, in),
			plan.Decision{Stage: plan.StageBucket, Reason: plan.ReasonBucketNotSelected, Path: "s3JobDefinition.bucketDefinitions"}},
		{"noncurrent", obj("docs", "reports/q1.pdf", 1000, in, func(o *scope.Object) { o.Noncurrent = true }),
			plan.Decision{Stage: plan.StageVersion, Reason: plan.ReasonNoncurrentVersion}},
		{"delete marker", obj("docs", "reports/q1.pdf", 0, in, func(o *scope.Object) { o.IsDeleteMarker = true; o.StorageClass = "" }),
			plan.Decision{Stage: plan.StageVersion, Reason: plan.ReasonDeleteMarker}},
		{"not included by key", obj("docs", "tmp/q1.pdf", 1000, in),
			plan.Decision{Stage: plan.StageScope, Reason: plan.ReasonNotIncluded, Path: "s3JobDefinition.scoping.includes.and[0].simpleScopeTerm"}},
		{"not included by size", obj("docs", "data/big.csv", 200000000, in),
			plan.Decision{Stage: plan.StageScope, Reason: plan.ReasonNotIncluded, Path: "s3JobDefinition.scoping.includes.and[1].simpleScopeTerm"}},
		{"excluded by tag", obj("logs", "data/a.csv", 10, in, func(o *scope.Object) { o.Tags = map[string]string{"env": "test"} }),
			plan.Decision{Stage: plan.StageScope, Reason: plan.ReasonExcluded, Path: "s3JobDefinition.scoping.excludes.and[0].tagScopeTerm"}},
		{"glacier", obj("docs", "reports/q1.pdf", 1000, in, func(o *scope.Object) { o.StorageClass = scope.DeepArchive }),
			plan.Decision{Stage: plan.StageEligibility, Reason: plan.ReasonStorageClass}},
		{"image", obj("docs", "reports/chart.png", 1000, in),
			plan.Decision{Stage: plan.StageEligibility, Reason: plan.ReasonFileType}},
		{"SSE-C", obj("docs", "reports/q1.pdf", 1000, in, func(o *scope.Object) { o.EncryptionStatus = scope.SSEC }),
			plan.Decision{Stage: plan.StageEligibility, Reason: plan.ReasonEncryption}},
		{"before the job", obj("docs", "reports/q1.pdf", 1000, "2024-06-01T00:00:00Z"),
			plan.Decision{Stage: plan.StageIncrement, Reason: plan.ReasonUnchanged, Path: "initialRun"}},
		{"after the run started", obj("docs", "reports/q1.pdf", 1000, "2024-06-11T00:00:00Z"),
			plan.Decision{Stage: plan.StageIncrement, Reason: plan.ReasonAfterRunStart, Path: "initialRun"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := p.Decide(&tt.o)
			if diff := cmp.Diff(tt.want, got, cmpopts.IgnoreUnexported(plan.Decision{})); diff != "" {
				t.Errorf("Decide (-want +got):\n%s", diff)
			}
			if !got.Scan && got.Reason.Stage() != got.Stage {
				t.Errorf("reason %s belongs to stage %q, decision says %q", got.Reason, got.Reason.Stage(), got.Stage)
			}
		})
	}
}

func TestFileSizeQuota(t *testing.T) {
	p := mustNew(t, `{"name":"n","jobType":"ONE_TIME","s3JobDefinition":{"bucketDefinitions":[{"accountId":"111122223333","buckets":["b"]}]}}`, plan.Options{})
	o := obj("b", "a.pdf", 2<<30, "2024-01-01T00:00:00Z")
	if d := p.Decide(&o); d.Reason != plan.ReasonFileSize {
		t.Errorf("a 2 GiB PDF: %+v, want FILE_SIZE", d)
	}
}

func TestLaterRunsAndAt(t *testing.T) {
	p := mustNew(t, weeklyJob, plan.Options{CreatedAt: created, Run: 3})
	w := p.Window()
	if w.RunNumber != 3 || !w.Lower.Equal(time.Date(2024, 6, 17, 0, 0, 0, 0, time.UTC)) || !w.Upper.Equal(time.Date(2024, 6, 24, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("run 3 window = %+v", w)
	}
	o := obj("docs", "reports/q1.pdf", 1, "2024-06-12T00:00:00Z") // changed in run 2's window
	if d := p.Decide(&o); d.Reason != plan.ReasonUnchanged || d.Path != "scheduleFrequency" {
		t.Errorf("object of run 2 in run 3: %+v", d)
	}
	// At picks the latest run that starts at or before it.
	for at, want := range map[time.Time]int{
		time.Date(2024, 6, 10, 0, 0, 0, 0, time.UTC):  1,
		time.Date(2024, 6, 23, 23, 0, 0, 0, time.UTC): 2,
		time.Date(2024, 6, 24, 0, 0, 0, 0, time.UTC):  3,
	} {
		got := mustNew(t, weeklyJob, plan.Options{CreatedAt: created, At: at}).Window().RunNumber
		if got != want {
			t.Errorf("At %s: run %d, want %d", at.Format(time.RFC3339), got, want)
		}
	}
}

func TestNewErrors(t *testing.T) {
	criteriaJob := `{"name":"n","jobType":"ONE_TIME","s3JobDefinition":{"bucketCriteria":{"includes":{"and":[{"simpleCriterion":{"comparator":"EQ","key":"ACCOUNT_ID","values":["111122223333"]}}]}}}}`
	oneTime := `{"name":"n","jobType":"ONE_TIME","s3JobDefinition":{"bucketDefinitions":[{"accountId":"111122223333","buckets":["b"]}]}}`
	tests := []struct {
		name, job string
		opts      plan.Options
		field     string
	}{
		{"criteria without buckets", criteriaJob, plan.Options{}, "Buckets"},
		{"scheduled without createdAt", weeklyJob, plan.Options{}, "CreatedAt"},
		{"one-time run 2", oneTime, plan.Options{Run: 2}, "Run"},
		{"run 0 is the default, -1 is not", weeklyJob, plan.Options{CreatedAt: created, Run: -1}, "Run"},
		{"at before the first run", weeklyJob, plan.Options{CreatedAt: created, At: created}, "At"},
		{"negative price", oneTime, plan.Options{PricePerGB: -1}, "PricePerGB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := plan.New(mustJob(t, tt.job), tt.opts)
			var ce *field.Error
			if !errors.As(err, &ce) || ce.Code != field.InvalidOption || ce.Path != tt.field {
				t.Fatalf("err = %v, want an invalid option %s", err, tt.field)
			}
		})
	}
}

func TestBucketCriteria(t *testing.T) {
	js := `{"name":"n","jobType":"ONE_TIME","s3JobDefinition":{"bucketCriteria":{"includes":{"and":[
	  {"tagCriterion":{"comparator":"EQ","tagValues":[{"key":"scan","value":"yes"}]}}]}}}}`
	buckets := []criteria.BucketMetadata{
		{AccountID: "111122223333", BucketName: "tagged", Tags: []criteria.KeyValuePair{{Key: "scan", Value: "yes"}}},
		{AccountID: "111122223333", BucketName: "plain"},
	}
	p := mustNew(t, js, plan.Options{Buckets: buckets})
	for _, tt := range []struct {
		bucket string
		want   plan.Reason
		path   string
	}{
		{"tagged", "", ""},
		{"plain", plan.ReasonBucketNotSelected, "s3JobDefinition.bucketCriteria.includes.and[0].tagCriterion"},
		{"unknown", plan.ReasonBucketUnknown, "s3JobDefinition.bucketCriteria"},
	} {
		o := obj(tt.bucket, "a.txt", 1, "2024-01-01T00:00:00Z")
		if d := p.Decide(&o); d.Reason != tt.want || d.Path != tt.path {
			t.Errorf("%s: %+v, want %q at %q", tt.bucket, d, tt.want, tt.path)
		}
	}
}

func TestSampling(t *testing.T) {
	js := `{"name":"n","jobType":"ONE_TIME","samplingPercentage":20,"s3JobDefinition":{"bucketDefinitions":[{"accountId":"111122223333","buckets":["b"]}]}}`
	p := mustNew(t, js, plan.Options{Seed: 7})
	q := mustNew(t, js, plan.Options{Seed: 7})
	objs := func(yield func(scope.Object) bool) {
		for i := range 10000 {
			if !yield(obj("b", fmt.Sprintf("k/%05d.txt", i), 10, "2024-01-01T00:00:00Z")) {
				return
			}
		}
	}
	s := p.Summarize(objs)
	// Binomial(10000, 0.2): mean 2000, σ 40; the conformance bounds are ±8σ.
	if s.Scanned.Objects < 1680 || s.Scanned.Objects > 2320 {
		t.Errorf("scanned %d of 10000 at 20%%", s.Scanned.Objects)
	}
	if q.Summarize(objs).Scanned != s.Scanned {
		t.Errorf("the same seed selected different objects")
	}
	for _, r := range s.Reasons {
		if r.Reason != plan.ReasonNotSampled {
			t.Errorf("unexpected reason %+v", r)
		}
	}
	if !s.Reconciles() {
		t.Errorf("summary does not reconcile: %+v", s)
	}
}

// memFile is an inventory.File over rows held in memory; a nil object is
// a bad row, and failAt > 0 ends the file with a field.Unreadable error
// after that many rows.
type memFile struct {
	name   string
	rows   []*scope.Object
	failAt int
	read   atomic.Int64
}

func (f *memFile) Name() string     { return f.name }
func (f *memFile) Size() int64      { return int64(len(f.rows)) }
func (f *memFile) BytesRead() int64 { return f.read.Load() }
func (f *memFile) Records(ctx context.Context) iter.Seq2[*inventory.Record, error] {
	return func(yield func(*inventory.Record, error) bool) {
		var rec inventory.Record
		for i, o := range f.rows {
			if ctx.Err() != nil {
				yield(nil, ctx.Err())
				return
			}
			if f.failAt > 0 && i == f.failAt {
				yield(nil, &field.Error{Code: field.Unreadable, File: f.name, Err: errors.New("unexpected EOF")})
				return
			}
			f.read.Add(1)
			pos := inventory.Position{File: f.name, Line: i + 1}
			if o == nil {
				if !yield(nil, &field.Error{Code: field.InvalidRow, File: f.name, Line: i + 1, Path: "Size", Err: errors.New("not a number")}) {
					return
				}
				continue
			}
			rec.Object, rec.Pos = *o, pos
			if !yield(&rec, nil) {
				return
			}
		}
	}
}

func memSource(name string, cols inventory.Column, files ...*memFile) *inventory.Source {
	s := &inventory.Source{Name: name, Format: inventory.FormatJSONL, Columns: cols}
	for _, f := range files {
		s.Files = append(s.Files, f)
	}
	return s
}

const allColumns = inventory.ColBucket | inventory.ColKey | inventory.ColVersionID | inventory.ColIsLatest |
	inventory.ColIsDeleteMarker | inventory.ColSize | inventory.ColLastModified | inventory.ColStorageClass |
	inventory.ColEncryptionStatus | inventory.ColTags

func genFile(name string, n, seed int) *memFile {
	f := &memFile{name: name}
	keys := []string{"reports/a.pdf", "data/b.csv", "tmp/c.txt", "data/d.png", "reports/e.docx"}
	for i := range n {
		if (i+seed)%97 == 0 {
			f.rows = append(f.rows, nil)
			continue
		}
		o := obj([]string{"docs", "logs", "other"}[(i+seed)%3], fmt.Sprintf("%s-%d", keys[(i*7+seed)%5], i), int64(i*1000+seed), "2024-06-07T00:00:00Z")
		if i%11 == 0 {
			o.Tags = map[string]string{"env": "test"}
		}
		if i%13 == 0 {
			o.LastModified = created.Add(-time.Hour)
		}
		f.rows = append(f.rows, &o)
	}
	return f
}

func TestRunReconcilesAndKeepsOrder(t *testing.T) {
	p := mustNew(t, weeklyJob, plan.Options{CreatedAt: created})
	files := []*memFile{genFile("a", 3000, 1), genFile("b", 10, 2), genFile("c", 5000, 3), genFile("d", 0, 4)}
	files[2].failAt = 4000
	src := memSource("mem", allColumns, files...)

	var order []string
	var want []plan.Decision
	var got []plan.Decision
	s, err := p.Run(context.Background(), []*inventory.Source{src}, plan.RunOptions{Workers: 3, KeepRowErrors: 5,
		Decisions: func(r *inventory.Record, d plan.Decision) error {
			order = append(order, r.Pos.String())
			got = append(got, d)
			want = append(want, p.Decide(&r.Object))
			return nil
		}})
	if err != nil {
		t.Fatal(err)
	}
	// Input order: every file in turn, rows in order, bad rows left out.
	var wantOrder []string
	rows, rejected := 0, 0
	for _, f := range files {
		for i, o := range f.rows {
			if f.failAt > 0 && i >= f.failAt {
				break
			}
			if o == nil {
				rejected++
				continue
			}
			rows++
			wantOrder = append(wantOrder, fmt.Sprintf("%s:%d", f.name, i+1))
		}
	}
	if diff := cmp.Diff(wantOrder, order); diff != "" {
		t.Errorf("decision order (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want, got, cmpopts.IgnoreUnexported(plan.Decision{})); diff != "" {
		t.Errorf("decisions (-Decide +Run):\n%s", diff)
	}
	if s.Read.Objects != int64(rows) || s.Rejected != int64(rejected) || !s.Reconciles() {
		t.Errorf("read %d (want %d), rejected %d (want %d), reconciles %v", s.Read.Objects, rows, s.Rejected, rejected, s.Reconciles())
	}
	if len(s.RowErrors) != 5 || !strings.HasPrefix(s.RowErrors[0], "a:") || len(s.FileErrors) != 1 || s.Files != 4 {
		t.Errorf("row errors %q, file errors %q, files %d", s.RowErrors, s.FileErrors, s.Files)
	}

	// The same run without Decisions (unordered workers) tallies the same.
	files[2].failAt = 4000
	s2, err := p.Run(context.Background(), []*inventory.Source{src}, plan.RunOptions{Workers: 2, KeepRowErrors: 5})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(s, s2); diff != "" {
		t.Errorf("ordered and unordered summaries differ (-ordered +unordered):\n%s", diff)
	}
}

// RunOptions.Rows ends a run at the objects read, rejected rows left out,
// with and without Decisions, whatever the batches' boundaries.
func TestRunRowsCounter(t *testing.T) {
	p := mustNew(t, weeklyJob, plan.Options{CreatedAt: created})
	for _, tc := range []struct {
		name      string
		decisions func(*inventory.Record, plan.Decision) error
	}{
		{"unordered", nil},
		{"ordered", func(*inventory.Record, plan.Decision) error { return nil }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := []*memFile{genFile("a", 3000, 1), genFile("b", 511, 2), genFile("c", 1025, 3), genFile("d", 0, 4), genFile("e", 700, 5)}
			files[2].failAt = 1000
			var rows atomic.Int64
			s, err := p.Run(context.Background(), []*inventory.Source{memSource("mem", allColumns, files...)},
				plan.RunOptions{Workers: 2, Rows: &rows, Decisions: tc.decisions})
			if err != nil {
				t.Fatal(err)
			}
			want := 0
			for _, f := range files {
				for i, o := range f.rows {
					if f.failAt > 0 && i >= f.failAt {
						break
					}
					if o != nil {
						want++
					}
				}
			}
			if got := rows.Load(); got != int64(want) || s.Read.Objects != int64(want) || s.Rejected == 0 {
				t.Errorf("Rows = %d, read %d, rejected %d; want %d read", got, s.Read.Objects, s.Rejected, want)
			}
		})
	}
}

func TestRunMissingColumns(t *testing.T) {
	p := mustNew(t, weeklyJob, plan.Options{CreatedAt: created})
	src := memSource("inv", inventory.ColBucket|inventory.ColKey|inventory.ColStorageClass, genFile("a", 1, 0))
	_, err := p.Run(context.Background(), []*inventory.Source{src}, plan.RunOptions{})
	var paths []string
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var ce *field.Error
		if !errors.As(e, &ce) || ce.Code != field.MissingColumn {
			t.Fatalf("not a missing column: %v", e)
		}
		column := strings.Fields(ce.Message[strings.Index(ce.Message, "needs the "):])[2]
		paths = append(paths, column+" "+ce.Path)
	}
	want := []string{
		"Size s3JobDefinition.scoping.includes.and[1].simpleScopeTerm",
		"Tags s3JobDefinition.scoping.excludes.and[0].tagScopeTerm",
		"LastModifiedDate initialRun",
	}
	if diff := cmp.Diff(want, paths); diff != "" {
		t.Errorf("missing columns (-want +got):\n%s", diff)
	}
}

type tagMap map[string]map[string]string

func (m tagMap) Lookup(bucket, key, _ string) map[string]string { return m[bucket+"/"+key] }

func TestRunAssumptionsAndTags(t *testing.T) {
	p := mustNew(t, weeklyJob, plan.Options{CreatedAt: created})
	o1 := obj("docs", "data/a.csv", 5, "2024-06-07T00:00:00Z")
	o2 := obj("docs", "data/b.csv", 5, "2024-06-07T00:00:00Z")
	o1.StorageClass, o1.EncryptionStatus = "", "" // as read from an input without those columns
	o2.StorageClass, o2.EncryptionStatus = "", ""
	f := &memFile{name: "f", rows: []*scope.Object{&o1, &o2}}
	src := memSource("inv", inventory.ColBucket|inventory.ColKey|inventory.ColSize|inventory.ColLastModified, f)
	tags := tagMap{"docs/data/b.csv": {"env": "test"}}
	var ds []plan.Decision
	s, err := p.Run(context.Background(), []*inventory.Source{src}, plan.RunOptions{Tags: tags,
		Decisions: func(_ *inventory.Record, d plan.Decision) error { ds = append(ds, d); return nil }})
	if err != nil {
		t.Fatal(err)
	}
	if !ds[0].Scan || ds[1].Reason != plan.ReasonExcluded || len(s.Assumed) != 3 {
		t.Errorf("decisions %+v, assumed %q", ds, s.Assumed)
	}
}

func TestRunCancel(t *testing.T) {
	p := mustNew(t, weeklyJob, plan.Options{CreatedAt: created})
	src := memSource("mem", allColumns, genFile("a", 2000, 1), genFile("b", 2000, 2))
	stop := errors.New("enough")
	n := 0
	s, err := p.Run(context.Background(), []*inventory.Source{src}, plan.RunOptions{
		Decisions: func(*inventory.Record, plan.Decision) error {
			if n++; n == 100 {
				return stop
			}
			return nil
		}})
	if !errors.Is(err, stop) || s == nil || !s.Partial || !s.Reconciles() {
		t.Fatalf("err %v, summary %+v", err, s)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	s, err = p.Run(ctx, []*inventory.Source{src}, plan.RunOptions{})
	if !errors.Is(err, context.Canceled) || !s.Partial || !s.Reconciles() {
		t.Fatalf("cancelled: err %v, summary %+v", err, s)
	}
}

func TestSummaryCost(t *testing.T) {
	p := mustNew(t, `{"name":"n","jobType":"ONE_TIME","s3JobDefinition":{"bucketDefinitions":[{"accountId":"111122223333","buckets":["b"]}]}}`,
		plan.Options{PricePerGB: 1.25})
	s := p.Summarize(slices.Values([]scope.Object{obj("b", "a.txt", 3<<30, "2024-01-01T00:00:00Z"), obj("b", "a.png", 1<<30, "2024-01-01T00:00:00Z")}))
	if s.EstimatedCost != 3.75 || s.Scanned.Bytes != 3<<30 || s.Skipped.Bytes != 1<<30 {
		t.Errorf("cost %v, scanned %+v, skipped %+v", s.EstimatedCost, s.Scanned, s.Skipped)
	}
}

func ExampleDryRun_Decisions() {
	job, err := jobscope.Load(strings.NewReader(`{
	  "name": "pii-in-exports",
	  "jobType": "ONE_TIME",
	  "s3JobDefinition": {
	    "bucketDefinitions": [{"accountId": "111122223333", "buckets": ["exports"]}],
	    "scoping": {"includes": {"and": [
	      {"simpleScopeTerm": {"comparator": "STARTS_WITH", "key": "OBJECT_KEY", "values": ["customers/"]}}
	    ]}}
	  }
	}`), jobscope.Limits{}, jobscope.Options{})
	if err != nil {
		panic(err)
	}
	dry, err := plan.New(job, plan.Options{})
	if err != nil {
		panic(err)
	}
	objects := []scope.Object{
		{Bucket: "exports", Key: "customers/2024.csv", Size: 5 << 20, StorageClass: scope.Standard, EncryptionStatus: scope.SSES3},
		{Bucket: "exports", Key: "customers/photo.jpg", Size: 1 << 20, StorageClass: scope.Standard, EncryptionStatus: scope.SSES3},
		{Bucket: "exports", Key: "orders/2024.csv", Size: 1 << 20, StorageClass: scope.Standard, EncryptionStatus: scope.SSES3},
		{Bucket: "exports", Key: "customers/old.csv", StorageClass: scope.DeepArchive},
	}
	for o, d := range dry.Decisions(slices.Values(objects)) {
		if d.Scan {
			fmt.Printf("%-20s scan\n", o.Key)
		} else {
			fmt.Println(strings.TrimSpace(fmt.Sprintf("%-20s skip %s %s %s", o.Key, d.Stage, d.Reason, d.Path)))
		}
	}
	// Output:
	// customers/2024.csv   scan
	// customers/photo.jpg  skip eligibility FILE_TYPE
	// orders/2024.csv      skip scope NOT_INCLUDED s3JobDefinition.scoping.includes.and[0].simpleScopeTerm
	// customers/old.csv    skip eligibility STORAGE_CLASS
}

// The test a pipeline author writes: objects built with only their bucket,
// key, size and last-modified time. S3 leaves out the storage class of a
// STANDARD object, and so does such a test: the dry run scans what Macie
// would scan, as for STANDARD objects.
func TestPipelineAuthorObjects(t *testing.T) {
	p := mustNew(t, `{"name": "pii", "jobType": "ONE_TIME", "s3JobDefinition": {"bucketDefinitions": [{"accountId": "111122223333", "buckets": ["exports"]}],
	  "scoping": {"includes": {"and": [{"simpleScopeTerm": {"comparator": "STARTS_WITH", "key": "OBJECT_KEY", "values": ["customers/"]}}]}}}}`, plan.Options{})
	lm := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	objs := []scope.Object{
		{Bucket: "exports", Key: "customers/2024.csv", Size: 5 << 20, LastModified: lm},
		{Bucket: "exports", Key: "customers/photo.jpg", Size: 1 << 20, LastModified: lm},
		{Bucket: "exports", Key: "orders/2024.csv", Size: 1 << 20, LastModified: lm},
		{Bucket: "exports", Key: "customers/cold.csv", Size: 1 << 20, LastModified: lm, StorageClass: scope.IntelligentTiering, IntelligentTieringAccessTier: scope.DeepArchiveAccess},
	}
	var got []string
	for o, d := range p.Decisions(slices.Values(objs)) {
		got = append(got, o.Key+" "+string(d.Reason))
	}
	want := []string{"customers/2024.csv ", "customers/photo.jpg FILE_TYPE", "orders/2024.csv NOT_INCLUDED", "customers/cold.csv ARCHIVE_TIER"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("decisions (-want +got):\n%s", diff)
	}
	if s := p.Summarize(slices.Values(objs)); s.Scanned != (plan.Counts{Objects: 1, Bytes: 5 << 20}) {
		t.Errorf("scanned %+v", s.Scanned)
	}
}

// A bucket the job selects whose metadata says Macie may not read it: its
// objects are skipped at the bucket stage (docs/semantics.md, "Buckets Macie
// may not read"), or planned as readable with accessDeniedBuckets=SCAN.
func TestBucketAccessDenied(t *testing.T) {
	meta := []criteria.BucketMetadata{
		{AccountID: "111122223333", BucketName: "open"},
		{AccountID: "111122223333", BucketName: "locked", ErrorCode: criteria.ErrorCodeAccessDenied},
		{AccountID: "111122223333", BucketName: "other", ErrorCode: criteria.ErrorCodeAccessDenied},
	}
	objs := []scope.Object{
		obj("open", "a.csv", 10, "2024-01-01T00:00:00Z"),
		obj("locked", "b.csv", 20, "2024-01-01T00:00:00Z"),
		obj("other", "c.csv", 40, "2024-01-01T00:00:00Z"),
	}
	for _, tc := range []struct {
		name, job string
		engine    jobscope.Options
		want      []plan.Reason
	}{
		{"definitions", `{"name": "n", "jobType": "ONE_TIME", "s3JobDefinition": {"bucketDefinitions": [{"accountId": "111122223333", "buckets": ["open", "locked"]}]}}`,
			jobscope.Options{}, []plan.Reason{"", plan.ReasonBucketAccessDenied, plan.ReasonBucketNotSelected}},
		{"criteria", `{"name": "n", "jobType": "ONE_TIME", "s3JobDefinition": {"bucketCriteria": {"includes": {"and": [{"simpleCriterion": {"comparator": "EQ", "key": "ACCOUNT_ID", "values": ["111122223333"]}}]}}}}`,
			jobscope.Options{}, []plan.Reason{"", plan.ReasonBucketAccessDenied, plan.ReasonBucketAccessDenied}},
		{"definitions, SCAN", `{"name": "n", "jobType": "ONE_TIME", "s3JobDefinition": {"bucketDefinitions": [{"accountId": "111122223333", "buckets": ["open", "locked"]}]}}`,
			jobscope.Options{AccessDeniedBuckets: jobscope.AccessDeniedScan}, []plan.Reason{"", "", plan.ReasonBucketNotSelected}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := mustNew(t, tc.job, plan.Options{Buckets: meta, Engine: tc.engine})
			var got []plan.Reason
			for _, d := range p.Decisions(slices.Values(objs)) {
				got = append(got, d.Reason)
				if d.Reason == plan.ReasonBucketAccessDenied && d.Stage != plan.StageBucket {
					t.Errorf("stage %s", d.Stage)
				}
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("reasons (-want +got):\n%s", diff)
			}
			s := p.Summarize(slices.Values(objs))
			if !s.Reconciles() || !s.Buckets[0].Selected || s.Buckets[0].Bucket != "locked" {
				t.Errorf("summary %+v", s)
			}
		})
	}
	if err := new(jobscope.Options).Set("accessDeniedBuckets", "SCAN"); err != nil {
		t.Error(err)
	}
}

// An INTELLIGENT_TIERING object whose access tier jobscope does not know is
// planned as readable, and the summary says how many there are instead of
// guessing silently.
func TestUnknownAccessTier(t *testing.T) {
	p := mustNew(t, `{"name": "n", "jobType": "ONE_TIME", "s3JobDefinition": {"bucketDefinitions": [{"accountId": "111122223333", "buckets": ["b"]}]}}`, plan.Options{})
	lm := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	it := func(key string, tier scope.AccessTier) scope.Object {
		return scope.Object{Bucket: "b", Key: key, Size: 10, LastModified: lm, StorageClass: scope.IntelligentTiering, IntelligentTieringAccessTier: tier}
	}
	objs := []scope.Object{it("a.csv", "GLACIER_SOMETHING"), it("b.csv", scope.Infrequent), it("c.csv", ""), it("d.csv", scope.ArchiveAccess), it("e.csv", "frequent")}
	s := p.Summarize(slices.Values(objs))
	if s.Scanned.Objects != 4 || s.UnknownAccessTier != 2 || len(s.Assumed) != 1 || !strings.Contains(s.Assumed[0], "2 scanned INTELLIGENT_TIERING objects") {
		t.Errorf("scanned %d, unknown tiers %d, assumed %q", s.Scanned.Objects, s.UnknownAccessTier, s.Assumed)
	}
}
