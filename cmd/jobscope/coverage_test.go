package main

import (
	"bufio"
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// coverageArgs is coverage of the demo's jobs over its inventory.
var coverageArgs = []string{"coverage", "examples/demo/job.json", "examples/demo/jobs",
	"--buckets", "examples/demo/buckets.json", "--tags", "examples/demo/tags.jsonl",
	"--objects", "examples/demo/inventory/*/daily-full/*/manifest.json", "--at", "2024-12-02T09:00:00Z"}

// TestCoverageDemo: the text and Markdown summaries of the demo's jobs
// (golden files), within 80 columns.
func TestCoverageDemo(t *testing.T) {
	out := runQuiet(t, coverageArgs...)
	checkGolden(t, "cmd/jobscope/testdata/coverage-demo.golden", out)
	checkWidth(t, "coverage", out)
	md := runQuiet(t, append(coverageArgs, "--format", "markdown")...)
	checkGolden(t, "cmd/jobscope/testdata/coverage-demo.md", md)
}

// TestCoverageAgreesWithPlan: each object's jobs in coverage's jsonl are
// the jobs whose own plan --format jsonl scans it, in the same run; and
// the JSON summary reconciles.
func TestCoverageAgreesWithPlan(t *testing.T) {
	code, out, stderr := runCLI(t, "", append(coverageArgs, "--format", "jsonl")...)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	type key struct{ bucket, key, version string }
	got := map[key][]string{}
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		var l coveredLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatal(err)
		}
		k := key{l.Bucket, l.Key, l.VersionID}
		if _, dup := got[k]; dup {
			t.Fatalf("%v twice", k)
		}
		got[k] = l.Jobs
	}
	var report coverageReport
	runJSON(t, &report, append(coverageArgs, "--format", "json")...)
	if int64(len(got)) != report.Read.Objects || report.None.Objects+report.One.Objects+report.Many.Objects != report.Read.Objects {
		t.Fatalf("%d lines; read %d = none %d + one %d + many %d?", len(got), report.Read.Objects, report.None.Objects, report.One.Objects, report.Many.Objects)
	}
	want := map[key][]string{}
	for k := range got {
		want[k] = []string{}
	}
	for _, j := range report.Jobs {
		if j.AnalyzesNothing != "" {
			continue
		}
		args := []string{"plan", "--job", j.File, "--buckets", "examples/demo/buckets.json", "--tags", "examples/demo/tags.jsonl",
			"--format", "jsonl", "--progress", "never", "--created-at", "2024-12-02T09:00:00Z"}
		if len(j.Runs) > 0 {
			args = append(args, "--run", itoa(j.Runs[0]))
		}
		matches, _ := filepath.Glob("examples/demo/inventory/*/daily-full/*/manifest.json")
		code, out, stderr := runCLI(t, "", append(args, matches...)...)
		if code != exitOK {
			t.Fatalf("plan %s: exit %d: %s", j.File, code, stderr)
		}
		sc := bufio.NewScanner(strings.NewReader(out))
		for sc.Scan() {
			var l decisionLine
			if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
				t.Fatal(err)
			}
			if l.Decision == "scan" {
				k := key{l.Bucket, l.Key, l.VersionID}
				want[k] = append(want[k], j.Name)
			}
		}
	}
	for k, jobs := range want {
		g := slices.Clone(got[k])
		slices.Sort(g)
		slices.Sort(jobs)
		if !slices.Equal(g, jobs) {
			t.Errorf("%v: coverage says %v, the jobs' own plans %v", k, g, jobs)
		}
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// TestCoverageNoActiveJob: with only a cancelled job, every object is
// still read, and analyzed by none.
func TestCoverageNoActiveJob(t *testing.T) {
	f := writeFiles(t, map[string]string{"gone.json": `{"jobId": "1", "jobStatus": "CANCELLED", "createdAt": "2024-01-01T00:00:00Z", "name": "gone",
	  "jobType": "ONE_TIME", "s3JobDefinition": {"bucketDefinitions": [{"accountId": "111122223333", "buckets": ["acme-app-logs"]}]}}`})
	var r coverageReport
	runJSON(t, &r, "coverage", f["gone.json"], "--objects", "examples/demo/inventory/*/daily-full/*/manifest.json", "--format", "json")
	if r.Read.Objects != 49929 || r.None != r.Read || len(r.Jobs) != 1 || !strings.Contains(r.Jobs[0].AnalyzesNothing, "CANCELLED") {
		t.Errorf("read %+v, none %+v, jobs %+v", r.Read, r.None, r.Jobs)
	}
	out := runQuiet(t, "coverage", f["gone.json"], "--objects", "examples/demo/inventory/*/daily-full/*/manifest.json")
	wantAll(t, "text", out, "Coverage of 1 job (0 with a run to plan)", "\n  gone: it is CANCELLED")
}

// TestCoverageUsage: what coverage needs, and what it says when it lacks it.
func TestCoverageUsage(t *testing.T) {
	runCases(t, []cliCase{
		{name: "no jobs", args: []string{"coverage", "--objects", "x"}, code: exitUsage, stderr: "no jobs given"},
		{name: "no objects", args: []string{"coverage", "examples/demo/job.json"}, code: exitUsage, stderr: "--objects is required"},
		{name: "a manifest as a job", args: []string{"coverage", "examples/demo/job.json", "examples/demo/inventory/acme-app-logs/daily-full/2024-12-01T01-00Z/manifest.json",
			"--objects", "examples/demo/inventory/acme-app-logs/daily-full/2024-12-01T01-00Z/manifest.json"}, code: exitInvalid, stderr: "give each object source with --objects"},
		{name: "bad period", args: []string{"coverage", "examples/demo/job.json", "--objects", "x", "--period", "soon"}, code: exitUsage, stderr: "--period:"},
		{name: "bad format", args: []string{"coverage", "examples/demo/job.json", "--objects", "x", "--format", "xml"}, code: exitUsage, stderr: "--format must be"},
	})
}
