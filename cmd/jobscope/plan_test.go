package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"iter"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/jobscope/jobscope/inventory/inventorytest"
	"github.com/jobscope/jobscope/inventory/parquet"
	"github.com/jobscope/jobscope/scope"
)

var demoArgs = []string{"plan", "--job", "examples/demo/job.json", "--buckets", "examples/demo/buckets.json",
	"--tags", "examples/demo/tags.jsonl", "--created-at", "2024-12-02T09:00:00Z", "--objects",
	"examples/demo/inventory/acme-analytics-data/daily-full/2024-12-01T01-00Z/manifest.json",
	"examples/demo/inventory/acme-app-logs/daily-full/2024-12-01T01-00Z/manifest.json",
	"examples/demo/inventory/acme-finance-docs/daily-full/2024-12-01T01-00Z/manifest.json"}

// TestPlanDemo compares the summary of the bundled demo with its golden
// file (go test ./cmd/jobscope -update rewrites it).
func TestPlanDemo(t *testing.T) {
	checkGolden(t, "cmd/jobscope/testdata/plan-demo.golden", runQuiet(t, append(demoArgs, "--progress", "never")...))
}

// TestPlanDemoMarkdown compares the pull request comment of the bundled
// demo with its golden file, and checks that its tables are well formed:
// each row has as many cells as its header.
func TestPlanDemoMarkdown(t *testing.T) {
	out := runQuiet(t, append(demoArgs, "--format", "markdown")...)
	checkGolden(t, "cmd/jobscope/testdata/plan-demo.md", out)
	cells := 0
	for _, line := range strings.Split(out, "\n") {
		switch {
		case !strings.HasPrefix(line, "|"):
			cells = 0
		case cells == 0:
			cells = strings.Count(strings.ReplaceAll(line, `\|`, ""), "|")
		case strings.Count(strings.ReplaceAll(line, `\|`, ""), "|") != cells:
			t.Errorf("row %q does not have the header's %d cells", line, cells-1)
		}
	}
	if !strings.Contains(out, "**Estimated cost: $1,115.27**") {
		t.Errorf("the comment lacks the cost:\n%s", out)
	}
}

// TestPlanDemoFormats checks that jsonl, csv and json tell the same story
// as each other: one line per object, the counts of the summary.
func TestPlanDemoFormats(t *testing.T) {
	out, _ := runOK(t, append(demoArgs, "--format", "json")...)
	s := decodePlan(t, out)
	if !s.reconciles() || s.Partial {
		t.Fatalf("summary does not reconcile: %+v", s)
	}

	code, out, errs := runCLI(t, "", append(demoArgs, "--format", "jsonl")...)
	if code != exitOK || !strings.HasPrefix(errs, "read 49,929 objects") {
		t.Fatalf("jsonl: exit %d: %s", code, errs)
	}
	var lines []decisionLine
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		var l decisionLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("%v: %s", err, sc.Text())
		}
		lines = append(lines, l)
	}
	scanned := 0
	for _, l := range lines {
		if l.Decision == "scan" {
			scanned++
			if l.Stage != "" || l.Reason != "" {
				t.Errorf("a scan with a reason: %+v", l)
			}
		} else if l.Stage == "" || l.Reason == "" {
			t.Errorf("a skip without a reason: %+v", l)
		}
	}
	if int64(len(lines)) != s.Read.Objects || int64(scanned) != s.Scanned.Objects {
		t.Errorf("jsonl: %d lines, %d scans; summary: %d read, %d scanned", len(lines), scanned, s.Read.Objects, s.Scanned.Objects)
	}

	code, out, _ = runCLI(t, "", append(demoArgs, "--format", "csv")...)
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if code != exitOK || err != nil {
		t.Fatalf("csv: exit %d, %v", code, err)
	}
	if !slices.Equal(rows[0], csvHeader) || len(rows)-1 != len(lines) {
		t.Fatalf("csv: header %q, %d rows; want %d", rows[0], len(rows)-1, len(lines))
	}
	for i, l := range lines {
		if r := rows[i+1]; r[0] != l.Bucket || r[1] != l.Key || r[5] != l.Decision || r[7] != string(l.Reason) {
			t.Fatalf("csv row %d %q, jsonl %+v", i+1, r, l)
		}
	}
}

// TestPlanExitCodes: bad rows count against --max-errors; a job that needs
// a column an input lacks, or an unreadable data file, is exit 1; usage
// and I/O problems are exit 2.
func TestPlanExitCodes(t *testing.T) {
	dir := t.TempDir()
	objs := []scope.Object{
		{Bucket: "b", Key: "a.csv", Size: 10, StorageClass: scope.Standard, EncryptionStatus: scope.SSES3},
		{Bucket: "b", Key: "b.png", Size: 10, StorageClass: scope.Standard, EncryptionStatus: scope.SSES3},
	}
	manifest, err := inventorytest.Write(dir, inventorytest.Report{SourceBucket: "b", Files: []iter.Seq[scope.Object]{slices.Values(objs)}})
	if err != nil {
		t.Fatal(err)
	}
	f := writeFiles(t, map[string]string{
		"job.json":  `{"name":"j","jobType":"ONE_TIME","s3JobDefinition":{"bucketDefinitions":[{"accountId":"111122223333","buckets":["b"]}]}}`,
		"size.json": `{"name":"j","jobType":"ONE_TIME","s3JobDefinition":{"bucketDefinitions":[{"accountId":"111122223333","buckets":["b"]}],"scoping":{"includes":{"and":[{"simpleScopeTerm":{"comparator":"GT","key":"OBJECT_SIZE","values":["0"]}}]}}}}`,
		"crit.json": scopeTestJob,
		"bad.jsonl": `{"bucket":"b","key":"a.txt","size":1,"lastModified":"2024-01-01T00:00:00Z","storageClass":"STANDARD"}` + "\n" + `{"bucket":"b","key":` + "\n" + `{"bucket":"b","key":"c.txt","size":"x"}` + "\n",
		"objs.csv":  `"b","k.txt"` + "\n",
	})
	tests := []struct {
		name string
		args []string
		code int
		errs []string
	}{
		{"ok", []string{"--job", f["job.json"], "--objects", manifest}, exitOK, nil},
		{"rejected rows", []string{"--job", f["job.json"], "--objects", f["bad.jsonl"]}, exitInvalid,
			[]string{"bad.jsonl:2", "bad.jsonl:3", "2 rows rejected, more than --max-errors 0"}},
		{"rejected rows tolerated", []string{"--job", f["job.json"], "--objects", f["bad.jsonl"], "--max-errors", "2"}, exitOK,
			[]string{"bad.jsonl:2", "bad.jsonl:3"}},
		{"missing column", []string{"--job", f["size.json"], "--objects", f["objs.csv"], "--schema", "Bucket, Key"}, exitInvalid,
			[]string{"needs the Size column", "s3JobDefinition.scoping.includes.and[0].simpleScopeTerm"}},
		{"criteria without buckets", []string{"--job", f["crit.json"], "--objects", manifest}, exitUsage, []string{"--buckets"}},
		{"missing source", []string{"--job", f["job.json"], "--objects", filepath.Join(dir, "nope.json")}, exitUsage, []string{"nope.json"}},
		{"missing job", []string{"--job", filepath.Join(dir, "nope.json"), "--objects", manifest}, exitUsage, []string{"nope.json"}},
		{"no sources", []string{"--job", f["job.json"]}, exitUsage, []string{"--objects"}},
		{"bad format", []string{"--job", f["job.json"], "--objects", manifest, "--format", "xml"}, exitUsage, []string{"--format"}},
		{"run of a one-time job", []string{"--job", f["job.json"], "--objects", manifest, "--run", "2"}, exitUsage, []string{"only run 1"}},
		{"interleaved sources and flags", []string{"--objects", manifest, f["bad.jsonl"], "--job", f["job.json"], "--max-errors", "5"}, exitOK, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errs := runCLI(t, "", append([]string{"plan", "--progress", "never"}, tt.args...)...)
			if code != tt.code {
				t.Errorf("exit %d, want %d: %s", code, tt.code, errs)
			}
			for _, w := range tt.errs {
				if !strings.Contains(errs, w) {
					t.Errorf("stderr lacks %q:\n%s", w, errs)
				}
			}
			if strings.Contains(errs, "panic") || strings.Contains(errs, "goroutine") {
				t.Errorf("stderr shows a panic:\n%s", errs)
			}
		})
	}
}

// TestPlanOtherInputs: the same objects as a Parquet data file, as JSONL
// and as list-object-versions output give the same decisions.
func TestPlanOtherInputs(t *testing.T) {
	dir := t.TempDir()
	lm := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	objs := []scope.Object{
		{Bucket: "b", Key: "a b+c.csv", VersionID: "v2", Size: 10, LastModified: lm, StorageClass: scope.Standard, EncryptionStatus: scope.SSES3},
		{Bucket: "b", Key: "a b+c.csv", VersionID: "v1", Noncurrent: true, Size: 9, LastModified: lm.Add(-time.Hour), StorageClass: scope.Standard, EncryptionStatus: scope.SSES3},
		{Bucket: "b", Key: "gone.txt", VersionID: "v3", IsDeleteMarker: true, LastModified: lm},
		{Bucket: "b", Key: "old.pdf", VersionID: "v4", Size: 5, LastModified: lm, StorageClass: scope.DeepArchive, EncryptionStatus: scope.SSES3},
	}
	pq := filepath.Join(dir, "objects.parquet")
	if err := parquet.WriteFile(pq, slices.Values(objs)); err != nil {
		t.Fatal(err)
	}
	var jsonl strings.Builder
	for _, o := range objs {
		b, _ := json.Marshal(o)
		jsonl.Write(append(b, '\n'))
	}
	f := writeFiles(t, map[string]string{
		"job.json": `{"name":"j","jobType":"ONE_TIME","s3JobDefinition":{"bucketDefinitions":[{"accountId":"111122223333","buckets":["b"]}]}}`,
		"o.jsonl":  jsonl.String(),
		"versions.json": `{"Versions": [
		  {"Key": "a b+c.csv", "VersionId": "v2", "IsLatest": true, "LastModified": "2024-05-01T00:00:00+00:00", "Size": 10, "StorageClass": "STANDARD"},
		  {"Key": "a b+c.csv", "VersionId": "v1", "IsLatest": false, "LastModified": "2024-04-30T23:00:00+00:00", "Size": 9, "StorageClass": "STANDARD"},
		  {"Key": "old.pdf", "VersionId": "v4", "IsLatest": true, "LastModified": "2024-05-01T00:00:00+00:00", "Size": 5, "StorageClass": "DEEP_ARCHIVE"}],
		 "DeleteMarkers": [{"Key": "gone.txt", "VersionId": "v3", "IsLatest": true, "LastModified": "2024-05-01T00:00:00+00:00"}],
		 "Name": "b"}`,
	})
	reasons := func(src string) []string {
		code, out, errs := runCLI(t, "", "plan", "--job", f["job.json"], "--objects", src, "--format", "jsonl")
		if code != exitOK {
			t.Fatalf("%s: exit %d: %s", src, code, errs)
		}
		var got []string
		for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
			var l decisionLine
			if err := json.Unmarshal([]byte(line), &l); err != nil {
				t.Fatal(err)
			}
			got = append(got, l.Key+" "+l.VersionID+" "+l.Decision+" "+string(l.Reason))
		}
		slices.Sort(got)
		return got
	}
	want := []string{"a b+c.csv v1 skip NONCURRENT_VERSION", "a b+c.csv v2 scan ", "gone.txt v3 skip DELETE_MARKER", "old.pdf v4 skip STORAGE_CLASS"}
	for _, src := range []string{pq, f["o.jsonl"], f["versions.json"]} {
		if diff := cmp.Diff(want, reasons(src)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", filepath.Base(src), diff)
		}
	}
}

// TestPlanTerraform takes the job from a Terraform plan.
func TestPlanTerraform(t *testing.T) {
	args := []string{"plan", "--terraform", "examples/terraform/plan.json", "--buckets", "examples/demo/buckets.json",
		"--tags", "examples/demo/tags.jsonl", "--created-at", "2024-12-02T09:00:00Z", "--format", "json",
		"--objects", "examples/demo/inventory/acme-finance-docs/daily-full/2024-12-01T01-00Z/manifest.json"}
	code, _, errs := runCLI(t, "", args...)
	if code != exitUsage || !strings.Contains(errs, "choose one") {
		t.Errorf("several jobs without --resource: exit %d: %s", code, errs)
	}
	code, out, errs := runCLI(t, "", append(args, "--resource", "aws_macie2_classification_job.weekly")...)
	if code != exitOK || decodePlan(t, out).Read.Objects == 0 || !decodePlan(t, out).reconciles() {
		t.Errorf("exit %d: %s\n%s", code, errs, out)
	}
	code, _, errs = runCLI(t, "", "plan", "--job", "examples/demo/job.json", "--terraform", "examples/terraform/plan.json", "--objects", "x")
	if code != exitUsage || !strings.Contains(errs, "not both") {
		t.Errorf("--job and --terraform: exit %d: %s", code, errs)
	}
}

// costFixture writes a job selecting the buckets "data" and "archive" of
// one account, a JSONL object source with 3,000 objects of 2 GiB in
// "data" — 6,000 GiB, a fifth of it (every fifth object) .gz files — and
// describe-buckets output with the sizes of "archive", which the objects
// do not cover. extra are more buckets the job selects.
func costFixture(t *testing.T, extra ...string) map[string]string {
	t.Helper()
	var objs strings.Builder
	for i := range 3000 {
		ext := "csv"
		if i%5 == 0 {
			ext = "gz"
		}
		b, err := json.Marshal(scope.Object{Bucket: "data", Key: fmt.Sprintf("exports/%04d.%s", i, ext), Size: 2 << 30,
			LastModified: time.Date(2024, 11, 1, 0, 0, 0, 0, time.UTC), StorageClass: scope.Standard, EncryptionStatus: scope.SSES3})
		if err != nil {
			t.Fatal(err)
		}
		objs.Write(append(b, '\n'))
	}
	buckets, _ := json.Marshal(append([]string{"data", "archive"}, extra...))
	return writeFiles(t, map[string]string{
		"job.json": `{"name":"exports","jobType":"ONE_TIME","s3JobDefinition":{"bucketDefinitions":[{"accountId":"111122223333","buckets":` +
			string(buckets) + `}]}}`,
		"objects.jsonl": objs.String(),
		"buckets.json": `{"buckets": [
		  {"accountId": "111122223333", "bucketName": "data", "classifiableObjectCount": 3000, "classifiableSizeInBytes": 6442450944000},
		  {"accountId": "111122223333", "bucketName": "archive", "classifiableObjectCount": 1000, "classifiableSizeInBytes": 107374182400,
		   "sizeInBytesCompressed": 53687091200, "lastUpdated": "2024-12-01T06:12:44.317000+00:00", "objectCount": 1200, "sizeInBytes": 200000000000}]}`,
	})
}

// TestPlanCost is the acceptance test of the cost estimate: a 6,000 GiB
// scan, a fifth of it .gz files, and a selected bucket the inputs do not
// cover but describe-buckets does. The summary shows the stored-bytes
// lower bound, the estimate at 3:1, the tiers, the quota warning and the
// missing bucket with its bucket-level estimate; --format json has each as
// a field; --max-cost and --require-complete fail the run.
func TestPlanCost(t *testing.T) {
	f := costFixture(t)
	args := []string{"plan", "--progress", "never", "--job", f["job.json"], "--buckets", f["buckets.json"], "--objects", f["objects.jsonl"]}
	out := runQuiet(t, args...)
	for _, want := range []string{
		// The objects: stored (the lower bound), compressed, estimated at 3:1.
		"objects in the inputs     3,000  5.9 TiB     1.2 TiB    8.2 TiB",
		"stored: the lower bound (nothing expanded). compressed: .gz, .gzip, .zip and .tar files (600 objects in the inputs;",
		"estimated at 3:1, Macie's own assumption (--compression-ratio).",
		// The missing bucket's bucket-level estimate, apart, and the total.
		"bucket-level estimates    1,000  100 GiB      50 GiB    200 GiB",
		"total                     4,000  6.0 TiB     1.2 TiB    8.4 TiB",
		// The cost: 8,600 GiB over two months, a free GB in each; the lower bound at 6,100 GiB.
		"Estimated cost: $8,598.00 at 8.4 TiB estimated\n  Lower bound: $6,098.00 at 6.0 TiB stored.",
		"free allowance                2.0 GiB      $0.00  1.0 GiB a month, 2 months",
		"first 50 TiB    $1.00 per GB  8.4 TiB  $8,598.00",
		"next 450 TiB    $0.50 per GB      0 B      $0.00",
		"over 500 TiB    $0.25 per GB      0 B      $0.00",
		"Prices: Amazon Macie pricing, US East (N. Virginia): $1.00 per GB for the first 50 TB a month; $0.50 next 450 TB and $0.25 over 500 TB are UNVERIFIED",
		"Data analyzed only — excludes S3 request and bucket-monitoring charges.",
		// The quota.
		"Monthly quota EXCEEDED: the job would be PAUSED (JOB_PAUSED_BY_MACIE_SERVICE_QUOTA_MET)",
		"111122223333    8.4 TiB     5.0 TiB    3.4 TiB       2",
		"Macie pauses the job when an account reaches its 5.0 TiB monthly sensitive data discovery quota, until the next calendar month starts or the quota is increased: 3.4 TiB beyond it. At this quota the run needs 2 calendar months",
		// The missing bucket.
		"Selected buckets: 2; with records in the inputs: 1; WITHOUT records: 1 (1 estimated from bucket metadata, 0 unknown)",
		"archive  111122223333    1,000  100 GiB      50 GiB    200 GiB\n    bucket-level estimate as of 2024-12-01T06:12:44.317000+00:00",
		"they ignore the job's scoping, sampling, incremental window and per-file quotas.",
	} {
		if !strings.Contains(out, want) && !strings.Contains(strings.Join(strings.Fields(out), " "), want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}

	code, out, errs := runCLI(t, "", append(args, "--format", "json")...)
	s := decodePlan(t, out)
	if code != exitOK || !s.reconciles() {
		t.Fatalf("json: exit %d: %s", code, errs)
	}
	if !strings.Contains(errs, "1 of 2 selected buckets has no records in the inputs (bucket-level estimates in the totals): archive") {
		t.Errorf("json: stderr %q", errs)
	}
	const gib = 1 << 30
	got := map[string]any{
		"storedBytes": s.Analyzed.StoredBytes, "compressedStoredBytes": s.Analyzed.CompressedStoredBytes, "compressionRatio": s.Analyzed.CompressionRatio,
		"estimatedBytes": s.Analyzed.EstimatedBytes, "bucketLevel": s.BucketLevel, "total": s.Total,
		"estimatedCost": s.EstimatedCost, "lowerBoundCost": s.LowerBoundCost, "cost.freeBytes": s.Cost.FreeBytes,
		"cost.tiers": []int64{s.Cost.Tiers[0].Bytes, s.Cost.Tiers[1].Bytes, s.Cost.Tiers[2].Bytes}, "cost.months": s.Cost.Months,
		"quota.exceeded": s.Quota.Exceeded, "quota.exceededBytes": s.Quota.ExceededBytes, "quota.months": s.Quota.Months,
		"quota.accounts": s.Quota.Accounts, "selection.missing": s.Selection.Missing, "complete": s.Complete, "lowerBound": s.LowerBound,
	}
	want := map[string]any{
		"storedBytes": int64(6000 * gib), "compressedStoredBytes": int64(1200 * gib), "compressionRatio": 3.0,
		"estimatedBytes": int64(8400 * gib),
		"bucketLevel":    planVolume{Objects: 1000, StoredBytes: 100 * gib, CompressedStoredBytes: 50 * gib, EstimatedBytes: 200 * gib},
		"total":          planVolume{Objects: 4000, StoredBytes: 6100 * gib, CompressedStoredBytes: 1250 * gib, EstimatedBytes: 8600 * gib},
		"estimatedCost":  money{Amount: "8598.00", Currency: "USD"}, "lowerBoundCost": money{Amount: "6098.00", Currency: "USD"}, "cost.freeBytes": int64(2 * gib),
		"cost.tiers": []int64{8598 * gib, 0, 0}, "cost.months": int64(2),
		"quota.exceeded": true, "quota.exceededBytes": int64(3480 * gib), "quota.months": int64(2),
		"quota.accounts": []planAccountQuota{{AccountID: "111122223333", EstimatedBytes: 8600 * gib, RemainingBytes: 5120 * gib, ExceededBytes: 3480 * gib, Months: 2}},
		"selection.missing": []planMissingBucket{{Bucket: "archive", AccountID: "111122223333", Estimate: &planBucketEstimate{
			Objects: 1000, StoredBytes: 100 * gib, CompressedStoredBytes: 50 * gib, EstimatedBytes: 200 * gib, AsOf: "2024-12-01T06:12:44.317000+00:00"}}},
		"complete": false, "lowerBound": false,
	}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(planVolume{}, planAccountQuota{}, planMissingBucket{}, planBucketEstimate{}, money{})); diff != "" {
		t.Errorf("json (-want +got):\n%s", diff)
	}
	if !strings.Contains(s.Prices.Source, "UNVERIFIED") || !strings.Contains(s.Analyzed.CompressionRatioSource, "3:1 compression ratio") {
		t.Errorf("sources %q, %q", s.Prices.Source, s.Analyzed.CompressionRatioSource)
	}

	// The counts line of --format jsonl carries the estimate.
	code, _, errs = runCLI(t, "", append(args, "--format", "jsonl")...)
	if code != exitOK || !strings.Contains(errs, "estimated cost $8,598.00 at 8.4 TiB estimated (1.2 TiB compressed at the compression ratio 3:1); monthly quota exceeded by 3.4 TiB: PAUSED, 2 months") {
		t.Errorf("jsonl: exit %d: %s", code, errs)
	}

	// Gates: --max-cost and --require-complete fail the run after the summary.
	for _, tt := range []struct {
		name string
		args []string
		code int
		errs string
	}{
		{"under --max-cost", []string{"--max-cost", "9000"}, exitOK, ""},
		{"over --max-cost", []string{"--max-cost", "8000"}, exitInvalid, "jobscope plan: the estimated cost $8,598.00 exceeds --max-cost $8,000.00"},
		{"--require-complete", []string{"--require-complete"}, exitInvalid, "1 of 2 selected buckets has no records in the inputs (bucket-level estimates in the totals): archive"},
		{"both", []string{"--require-complete", "--max-cost", "100"}, exitInvalid, "exceeds --max-cost $100.00"},
	} {
		code, out, errs := runCLI(t, "", append(args, tt.args...)...)
		if code != tt.code || !strings.Contains(errs, tt.errs) || !strings.Contains(out, "Estimated cost: $8,598.00") {
			t.Errorf("%s: exit %d, want %d; stderr %q", tt.name, code, tt.code, errs)
		}
	}
}

// TestPlanCostOptions: the usage so far, the ratio, the quota, the prices.
func TestPlanCostOptions(t *testing.T) {
	f := costFixture(t)
	args := []string{"plan", "--progress", "never", "--job", f["job.json"], "--buckets", f["buckets.json"], "--objects", f["objects.jsonl"], "--format", "json"}
	summary := func(extra ...string) *planReport {
		t.Helper()
		code, out, errs := runCLI(t, "", append(args, extra...)...)
		s := decodePlan(t, out)
		if code != exitOK || !s.reconciles() {
			t.Fatalf("%v: exit %d: %s", extra, code, errs)
		}
		return s
	}
	usd := func(amount string) money { return money{Amount: amount, Currency: "USD"} }
	const gib = 1 << 30
	// Ratio 1: the estimate is the stored bytes.
	if s := summary("--compression-ratio", "1"); s.Total.EstimatedBytes != 6100*gib || s.EstimatedCost != s.LowerBoundCost {
		t.Errorf("ratio 1: %+v, cost %v vs %v", s.Total, s.EstimatedCost, s.LowerBoundCost)
	}
	// 4 TiB already analyzed: 1 TiB left this month, no free GB in it.
	if s := summary("--billed-this-month", "4TB"); s.Quota.Months != 3 || s.Quota.Accounts[0].RemainingBytes != 1024*gib ||
		s.Cost.FreeBytes != 2*gib || s.EstimatedCost != usd("8598.00") || s.BilledThisMonth != 4096*gib {
		t.Errorf("billed 4 TB: quota %+v, cost %+v", s.Quota, s.Cost)
	}
	// Plain bytes work too, and a raised quota holds the run.
	if s := summary("--billed-this-month", "1073741824", "--monthly-quota", "10TiB"); s.Quota.Exceeded || s.Quota.Months != 1 || s.EstimatedCost != usd("8600.00") {
		t.Errorf("raised quota: %+v, cost %v", s.Quota, s.EstimatedCost)
	}
	// Other prices per tier; a flat price drops tiers and free GB.
	if s := summary("--tier-prices", "1.25,0.625,0.3125"); s.EstimatedCost != usd("10747.50") || !strings.Contains(s.Prices.Source, "--tier-prices: $1.25") {
		t.Errorf("tier prices: %v, %q", s.EstimatedCost, s.Prices.Source)
	}
	if s := summary("--price-per-gb", "0.5"); s.EstimatedCost != usd("4300.00") || s.Cost.FreeBytes != 0 || len(s.Cost.Tiers) != 1 ||
		!strings.Contains(s.Prices.Source, "flat price of $0.50 per GB") {
		t.Errorf("flat price: %v, %+v", s.EstimatedCost, s.Cost)
	}
	for _, tt := range []struct {
		args []string
		errs string
	}{
		{[]string{"--compression-ratio", "0.5"}, "--compression-ratio: the compression ratio must be a number of at least 1"},
		{[]string{"--billed-this-month", "lots"}, "--billed-this-month: \"lots\" is not a size"},
		{[]string{"--monthly-quota", "0"}, "--monthly-quota: the quota must be more than 0"},
		{[]string{"--tier-prices", "1,2"}, "--tier-prices: \"1,2\": give 3 prices"},
		{[]string{"--tier-prices", "1,2,x"}, "--tier-prices: \"x\" is not a price"},
		{[]string{"--tier-prices", "1,1,1", "--price-per-gb", "1"}, "not both"},
		{[]string{"--price-per-gb", "-1"}, "--price-per-gb must not be negative"},
		{[]string{"--max-cost", "-1"}, "is not an amount of at least 0"},
	} {
		code, _, errs := runCLI(t, "", append(args, tt.args...)...)
		if code != exitUsage || !strings.Contains(errs, tt.errs) {
			t.Errorf("%v: exit %d: %s", tt.args, code, errs)
		}
	}
}

// TestPlanUnknownBucket: a selected bucket with neither records nor
// metadata is unknown: the totals are lower bounds, and say so.
func TestPlanUnknownBucket(t *testing.T) {
	f := costFixture(t, "ghost")
	args := []string{"plan", "--progress", "never", "--job", f["job.json"], "--buckets", f["buckets.json"], "--objects", f["objects.jsonl"]}
	out, errs := runOK(t, append(args, "--max-cost", "10000")...)
	wantAll(t, "summary", out,
		"Lower bound: $6,098.00 at 6.0 TiB stored.\n  Both are lower bounds: selected buckets are unknown.\n",
		"  ghost    111122223333\n    UNKNOWN: no describe-buckets metadata for it\n",
		"INCOMPLETE: 1 selected bucket is unknown: the totals, the cost and the quota\n  figures are LOWER BOUNDS.\n",
	)
	if !strings.Contains(errs, "is within --max-cost $10,000.00, but it is a lower bound: 1 selected bucket is unknown") {
		t.Errorf("stderr %q", errs)
	}
	code, _, errs := runCLI(t, "", append(args, "--require-complete", "--format", "json")...)
	if code != exitInvalid || !strings.Contains(errs, "2 of 3 selected buckets have no records in the inputs (1 unknown: the totals are lower bounds): archive, ghost") {
		t.Errorf("--require-complete: exit %d: %s", code, errs)
	}
}

// TestPlanBucketsOnly: --buckets without --objects is the bucket-level
// estimate of the whole job, labelled as an upper bound.
func TestPlanBucketsOnly(t *testing.T) {
	f := costFixture(t)
	args := []string{"plan", "--job", f["job.json"], "--buckets", f["buckets.json"]}
	out := runQuiet(t, args...)
	wantAll(t, "summary", out,
		"Inputs: bucket metadata only (--buckets, no --objects): a BUCKET-LEVEL ESTIMATE\n  of the whole job",
		"It is an upper\n  bound: it ignores the job's object scoping,",
		"bucket-level estimates    4,000  6.0 TiB      50 GiB    6.1 TiB",
		"Selected buckets: 2 (2 estimated from bucket metadata, 0 unknown)",
		"Monthly quota EXCEEDED",
	)
	if strings.Contains(out, "objects in the inputs") {
		t.Errorf("an object-level row without objects:\n%s", out)
	}
	code, out, _ := runCLI(t, "", append(args, "--format", "json", "--require-complete")...)
	if s := decodePlan(t, out); code != exitOK || !s.BucketLevelOnly || s.Total.EstimatedBytes != 6200<<30 || !s.reconciles() {
		t.Errorf("json: exit %d, %+v", code, s.Total)
	}
	// Without --buckets, --objects stays required.
	if code, _, errs := runCLI(t, "", "plan", "--job", f["job.json"]); code != exitUsage || !strings.Contains(errs, "--buckets alone") {
		t.Errorf("no inputs: exit %d: %s", code, errs)
	}
}

func TestParseByteSize(t *testing.T) {
	for in, want := range map[string]int64{
		"0": 0, "1099511627776": 1 << 40, "2TB": 2 << 40, "2 TiB": 2 << 40, "2tb": 2 << 40, "500GiB": 500 << 30, "1.5TB": 3 << 39,
		"10 MB": 10 << 20, "7B": 7, "1k": 1024, "1PB": 1 << 50,
	} {
		if got, err := parseByteSize(in); err != nil || got != want {
			t.Errorf("parseByteSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "TB", "-1", "1 XB", "1e3", "9999999PB", "1.2.3GB"} {
		if _, err := parseByteSize(in); err == nil {
			t.Errorf("parseByteSize(%q): no error", in)
		}
	}
}
