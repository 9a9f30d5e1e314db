package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"iter"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/jobscope/jobscope/inventory/inventorytest"
	"github.com/jobscope/jobscope/inventory/parquet"
	"github.com/jobscope/jobscope/plan"
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
	code, out, errs := runScopeCLI(append(demoArgs, "--progress", "never")...)
	if code != exitOK || errs != "" {
		t.Fatalf("exit %d: %s", code, errs)
	}
	golden := "cmd/jobscope/testdata/plan-demo.golden"
	if *update {
		if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/jobscope -update)", err)
	}
	if diff := cmp.Diff(string(want), out); diff != "" {
		t.Errorf("output differs from %s (-want +got):\n%s", golden, diff)
	}
}

// TestPlanDemoFormats checks that jsonl, csv and json tell the same story
// as each other: one line per object, the counts of the summary.
func TestPlanDemoFormats(t *testing.T) {
	code, out, errs := runScopeCLI(append(demoArgs, "--format", "json")...)
	if code != exitOK {
		t.Fatalf("json: exit %d: %s", code, errs)
	}
	var s plan.Summary
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatal(err)
	}
	if !s.Reconciles() || s.Partial {
		t.Fatalf("summary does not reconcile: %+v", s)
	}

	code, out, errs = runScopeCLI(append(demoArgs, "--format", "jsonl")...)
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

	code, out, _ = runScopeCLI(append(demoArgs, "--format", "csv")...)
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if code != exitOK || err != nil {
		t.Fatalf("csv: exit %d, %v", code, err)
	}
	if !slices.Equal(rows[0], csvHeader) || len(rows)-1 != len(lines) {
		t.Fatalf("csv: header %q, %d rows; want %d", rows[0], len(rows)-1, len(lines))
	}
	for i, l := range lines {
		if r := rows[i+1]; r[0] != l.Bucket || r[1] != l.Key || r[5] != l.Decision || r[7] != l.Reason {
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
	f := scopeFiles(t, map[string]string{
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
			code, _, errs := runScopeCLI(append([]string{"plan", "--progress", "never"}, tt.args...)...)
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
	f := scopeFiles(t, map[string]string{
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
		code, out, errs := runScopeCLI("plan", "--job", f["job.json"], "--objects", src, "--format", "jsonl")
		if code != exitOK {
			t.Fatalf("%s: exit %d: %s", src, code, errs)
		}
		var got []string
		for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
			var l decisionLine
			if err := json.Unmarshal([]byte(line), &l); err != nil {
				t.Fatal(err)
			}
			got = append(got, l.Key+" "+l.VersionID+" "+l.Decision+" "+l.Reason)
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
	code, _, errs := runScopeCLI(args...)
	if code != exitUsage || !strings.Contains(errs, "choose one") {
		t.Errorf("several jobs without --resource: exit %d: %s", code, errs)
	}
	code, out, errs := runScopeCLI(append(args, "--resource", "aws_macie2_classification_job.weekly")...)
	var s plan.Summary
	if code != exitOK || json.Unmarshal([]byte(out), &s) != nil || s.Read.Objects == 0 || !s.Reconciles() {
		t.Errorf("exit %d: %s\n%s", code, errs, out)
	}
	code, _, errs = runScopeCLI("plan", "--job", "examples/demo/job.json", "--terraform", "examples/terraform/plan.json", "--objects", "x")
	if code != exitUsage || !strings.Contains(errs, "not both") {
		t.Errorf("--job and --terraform: exit %d: %s", code, errs)
	}
}
