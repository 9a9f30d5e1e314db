package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	sjs "github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/jobscope/jobscope/internal/synth"
	"github.com/jobscope/jobscope/internal/testfile"
)

// reviewArgs diff the jobs examples/terraform/review/plan.json replaces
// and creates over the demo's inventory reports.
var reviewArgs = []string{"diff", "--terraform", "examples/terraform/review/plan.json", "--buckets", "examples/demo/buckets.json",
	"--tags", "examples/demo/tags.jsonl",
	"examples/demo/inventory/acme-analytics-data/daily-full/2024-12-01T01-00Z/manifest.json",
	"examples/demo/inventory/acme-app-logs/daily-full/2024-12-01T01-00Z/manifest.json",
	"examples/demo/inventory/acme-finance-docs/daily-full/2024-12-01T01-00Z/manifest.json"}

// TestDiffTerraformGolden: a plan that replaces one job and creates
// another prints both, with the objects and dollars that change, as text
// and as Markdown; the JSON says the same, and its totals are the sums of
// its jobs.
func TestDiffTerraformGolden(t *testing.T) {
	text := runQuiet(t, reviewArgs...)
	checkGolden(t, "cmd/jobscope/testdata/diff-review.golden", text)
	wantFields(t, "the text", text,
		"Created aws_macie2_classification_job.app_logs",
		"Replaced aws_macie2_classification_job.customer_data",
		"entering 697 23 GiB 23 GiB analyzed by the new job only",
		"leaving 80 12 GiB 37 GiB by the old job only",
		"Estimated cost: $242.39 → $228.06 (-$14.33)",
		"Total of 2 jobs")
	for _, line := range strings.Split(text, "\n") {
		if visibleWidth(line) > textWidth {
			t.Errorf("line wider than %d columns: %q", textWidth, line)
		}
	}
	// A gzipped plan is recognised from its data.
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(testfile.Read(t, "examples/terraform/review/plan.json"))
	zw.Close()
	zipped := writeFiles(t, map[string]string{"plan.json.gz": gz.String()})["plan.json.gz"]
	if got := runQuiet(t, append([]string{"diff", "--terraform", zipped}, reviewArgs[3:]...)...); got != text {
		t.Errorf("a gzipped plan: %s", got)
	}
	md := runQuiet(t, append(reviewArgs, "--format", "markdown")...)
	checkGolden(t, "cmd/jobscope/testdata/diff-review.md", md)

	var r diffReport
	dec := json.NewDecoder(strings.NewReader(runQuiet(t, append(reviewArgs, "--format", "json")...)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		t.Fatal(err)
	}
	if len(r.Jobs) != 2 || r.Jobs[0].Change != "create" || r.Jobs[0].Old != nil || r.Jobs[0].New == nil ||
		r.Jobs[1].Change != "replace" || r.Jobs[1].Old == nil || r.Jobs[1].New == nil {
		t.Fatalf("jobs: %+v", r.Jobs)
	}
	created, replaced := r.Jobs[0], r.Jobs[1]
	if created.Leaving.Objects != 0 || len(created.Entered) != 0 || created.Entering.Objects != created.New.Scanned.Objects {
		t.Errorf("a created job: everything it scans enters, and nothing says why: %+v", created)
	}
	if replaced.Entering.Objects != 697 || replaced.Leaving.Objects != 80 || replaced.CostDelta.Amount != "-14.33" ||
		replaced.Old.EstimatedCost.Amount != "242.39" || replaced.New.EstimatedCost.Amount != "228.06" {
		t.Errorf("the replaced job: %+v", replaced)
	}
	if r.Total.Entering.Objects != created.Entering.Objects+replaced.Entering.Objects ||
		r.Total.EstimatedBytesDelta != created.EstimatedBytesDelta+replaced.EstimatedBytesDelta || r.Total.CostDelta.Amount != "-14.05" {
		t.Errorf("totals: %+v", r.Total)
	}
	if r.Inputs.Read.Objects != 49929 || r.Inputs.DataFiles != 4 {
		t.Errorf("inputs: %+v", r.Inputs)
	}
	// Without the reports of the replaced job's buckets, nothing of it
	// enters or leaves, and the costs are the buckets' estimates, which
	// the text says.
	partial := runQuiet(t, "diff", "--terraform", "examples/terraform/review/plan.json", "--buckets", "examples/demo/buckets.json",
		"examples/demo/inventory/acme-app-logs/daily-full/2024-12-01T01-00Z/manifest.json")
	wantFields(t, "the text without two buckets' reports", partial,
		"entering 0 0 B 0 B analyzed by the new job only",
		"The costs hold bucket-level estimates of 2 selected buckets without records in the inputs")
}

// diffPool are jobs over the synthetic buckets alpha, beta and gamma, for
// the property that diff is the set difference of two dry runs.
var diffPool = []string{
	`{"name":"all","jobType":"ONE_TIME","s3JobDefinition":{"bucketDefinitions":[{"accountId":"111122223333","buckets":["alpha","beta"]}]}}`,
	`{"name":"alpha-no-logs","jobType":"ONE_TIME","s3JobDefinition":{"bucketDefinitions":[{"accountId":"111122223333","buckets":["alpha"]}],
	  "scoping":{"excludes":{"and":[{"simpleScopeTerm":{"comparator":"EQ","key":"OBJECT_EXTENSION","values":["log","gz"]}}]}}}}`,
	`{"name":"no-logs-no-test","jobType":"ONE_TIME","s3JobDefinition":{"bucketDefinitions":[{"accountId":"111122223333","buckets":["alpha","beta"]}],
	  "scoping":{"excludes":{"and":[{"simpleScopeTerm":{"comparator":"STARTS_WITH","key":"OBJECT_KEY","values":["logs/"]}},
	    {"tagScopeTerm":{"comparator":"EQ","key":"TAG","target":"S3_OBJECT","tagValues":[{"key":"env","value":"test"}]}}]}}}}`,
	`{"name":"half","jobType":"ONE_TIME","samplingPercentage":50,"s3JobDefinition":{"bucketDefinitions":[{"accountId":"111122223333","buckets":["beta","gamma"]}]}}`,
	`{"name":"big","jobType":"ONE_TIME","s3JobDefinition":{"bucketDefinitions":[{"accountId":"111122223333","buckets":["alpha","beta"]}],
	  "scoping":{"includes":{"and":[{"simpleScopeTerm":{"comparator":"GT","key":"OBJECT_SIZE","values":["1048576"]}}]}}}}`,
	`{"name":"tenth","jobType":"ONE_TIME","samplingPercentage":10,"s3JobDefinition":{"bucketDefinitions":[{"accountId":"111122223333","buckets":["alpha","beta"]}],
	  "scoping":{"excludes":{"and":[{"simpleScopeTerm":{"comparator":"EQ","key":"OBJECT_EXTENSION","values":["csv"]}}]}}}}`,
}

// synthObjects writes synthetic objects of alpha and beta, with tags, as
// JSONL of objects.
func synthObjects(t *testing.T) string {
	t.Helper()
	var b bytes.Buffer
	for i, bucket := range []string{"alpha", "beta"} {
		for o := range synth.Objects(bucket, 250, uint64(10+i), true) {
			line, err := json.Marshal(o)
			if err != nil {
				t.Fatal(err)
			}
			b.Write(line)
			b.WriteByte('\n')
		}
	}
	return writeFiles(t, map[string]string{"objects.jsonl": b.String()})["objects.jsonl"]
}

type objectKey struct{ bucket, key string }

// TestDiffIsTheSetDifference: for every pair of jobs of diffPool, the
// objects diff --format jsonl says enter and leave are the set
// differences of the objects plan --format jsonl says each job scans, each
// with the other job's stage, reason and path; its lines match
// schema/diff-change.schema.json, and --format json counts them.
func TestDiffIsTheSetDifference(t *testing.T) {
	objects := synthObjects(t)
	jobs := make([]string, len(diffPool))
	for i, def := range diffPool {
		jobs[i] = writeFiles(t, map[string]string{fmt.Sprintf("job%d.json", i): def})[fmt.Sprintf("job%d.json", i)]
	}
	type decision struct{ Bucket, Key, Decision, Stage, Reason, Path string }
	plans := make([]map[objectKey]decision, len(jobs))
	for i, job := range jobs {
		plans[i] = map[objectKey]decision{}
		out, _ := runOK(t, "plan", "--job", job, objects, "--format", "jsonl")
		for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
			var d decision
			if err := json.Unmarshal([]byte(line), &d); err != nil {
				t.Fatal(err)
			}
			plans[i][objectKey{d.Bucket, d.Key}] = d
		}
	}
	schema := outputSchemaOf(t, "diff-change")
	pairs, changed := 0, 0
	for i := range jobs {
		for k := range jobs {
			if i == k {
				continue
			}
			old, new := plans[i], plans[k]
			want := map[objectKey]string{} // "enter STAGE REASON PATH"
			for id, nd := range new {
				od := old[id]
				switch {
				case nd.Decision == "scan" && od.Decision != "scan":
					want[id] = "enter " + od.Stage + " " + od.Reason + " " + od.Path
				case od.Decision == "scan" && nd.Decision != "scan":
					want[id] = "leave " + nd.Stage + " " + nd.Reason + " " + nd.Path
				}
			}
			out, stderr := runOK(t, "diff", jobs[i], jobs[k], objects, "--format", "jsonl")
			got := map[objectKey]string{}
			entering := int64(0)
			sc := bufio.NewScanner(strings.NewReader(out))
			for sc.Scan() {
				doc, err := sjs.UnmarshalJSON(bytes.NewReader(sc.Bytes()))
				if err != nil {
					t.Fatal(err)
				}
				if err := schema.Validate(doc); err != nil {
					t.Fatalf("%s does not match schema/diff-change.schema.json: %v", sc.Text(), err)
				}
				var l diffLine
				if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
					t.Fatal(err)
				}
				id := objectKey{l.Bucket, l.Key}
				if _, dup := got[id]; dup {
					t.Fatalf("%v twice", id)
				}
				got[id] = l.Change + " " + l.Stage + " " + string(l.Reason) + " " + l.Path
				if l.Change == "enter" {
					entering++
				}
			}
			if len(got) != len(want) {
				t.Errorf("diff %s %s: %d objects change, plan says %d", diffPoolName(i), diffPoolName(k), len(got), len(want))
			}
			for id, w := range want {
				if got[id] != w {
					t.Errorf("diff %s %s: %v: %q, plan says %q", diffPoolName(i), diffPoolName(k), id, got[id], w)
				}
			}
			wantFields(t, "stderr", stderr, fmt.Sprintf("%s objects enter the scan", count(entering)))
			var r diffReport
			runJSON(t, &r, "diff", jobs[i], jobs[k], objects, "--format", "json")
			if r.Jobs[0].Entering.Objects != entering || r.Jobs[0].Entering.Objects+r.Jobs[0].Leaving.Objects != int64(len(want)) {
				t.Errorf("diff %s %s --format json: entering %d, leaving %d; the lines: %d, %d", diffPoolName(i), diffPoolName(k),
					r.Jobs[0].Entering.Objects, r.Jobs[0].Leaving.Objects, entering, len(want))
			}
			pairs++
			if len(want) > 0 {
				changed++
			}
		}
	}
	if changed < pairs/2 {
		t.Errorf("only %d of %d pairs change anything: the pool does not test much", changed, pairs)
	}
}

func diffPoolName(i int) string {
	var j struct{ Name string }
	json.Unmarshal([]byte(diffPool[i]), &j)
	return j.Name
}

// TestDiffExitCodes: usage errors exit 2, invalid inputs 1, and
// --fail-on-increase fails in bytes and in dollars only when the increase
// is more than the limit.
func TestDiffExitCodes(t *testing.T) {
	objects := synthObjects(t)
	jobs := writeFiles(t, map[string]string{"narrow.json": diffPool[1], "wide.json": diffPool[0], "bad.json": `{"name":"x","jobType":"ONE_TIME"}`})
	narrow, wide := jobs["narrow.json"], jobs["wide.json"]
	var r diffReport
	runJSON(t, &r, "diff", narrow, wide, objects, "--format", "json")
	grow := r.Total.EstimatedBytesDelta
	if grow <= 0 || r.Total.CostDelta.Amount == "0.00" || strings.HasPrefix(r.Total.CostDelta.Amount, "-") {
		t.Fatalf("narrow → wide: %+v", r.Total)
	}
	runCases(t, []cliCase{
		{name: "no jobs", args: []string{"diff", objects}, code: exitUsage, stderr: "give the old and the new job files, OLD NEW, or --terraform PLAN.json"},
		{name: "no sources", args: []string{"diff", narrow, wide}, code: exitUsage, stderr: "give at least one object source"},
		{name: "bad format", args: []string{"diff", narrow, wide, objects, "--format", "csv"}, code: exitUsage, stderr: "--format must be text, json, jsonl or markdown"},
		{name: "bad limit", args: []string{"diff", narrow, wide, objects, "--fail-on-increase", "lots"}, code: exitUsage,
			stderr: `--fail-on-increase: "lots" is not a size such as 10GiB, nor an amount such as $50 or 50USD`},
		{name: "bad amount", args: []string{"diff", narrow, wide, objects, "--fail-on-increase", "$-3"}, code: exitUsage, stderr: "is not an amount"},
		{name: "missing job file", args: []string{"diff", "nope.json", wide, objects}, code: exitUsage, stderr: "nope.json"},
		{name: "invalid job", args: []string{"diff", jobs["bad.json"], wide, objects}, code: exitInvalid, stderr: "s3JobDefinition"},
		{name: "missing plan", args: []string{"diff", "--terraform", "nope.json", objects}, code: exitUsage, stderr: "nope.json"},
		{name: "not a plan", args: []string{"diff", "--terraform", wide, objects}, code: exitInvalid, stderr: "not terraform show -json output"},
		{name: "bytes over", args: []string{"diff", narrow, wide, objects, "--fail-on-increase", fmt.Sprint(grow - 1)}, code: exitInvalid,
			stdout: "Estimated cost:", stderr: fmt.Sprintf("more than --fail-on-increase %s (%s bytes)", bytesOf(grow-1), count(grow-1))},
		{name: "bytes at", args: []string{"diff", narrow, wide, objects, "--fail-on-increase", fmt.Sprint(grow)}, code: exitOK},
		{name: "bytes with a unit", args: []string{"diff", narrow, wide, objects, "--fail-on-increase", "1PiB"}, code: exitOK},
		{name: "dollars over", args: []string{"diff", narrow, wide, objects, "--fail-on-increase", "$0.01"}, code: exitInvalid,
			stderr: "the estimated cost grows by $" + r.Total.CostDelta.Amount},
		{name: "dollars at", args: []string{"diff", narrow, wide, objects, "--fail-on-increase", r.Total.CostDelta.Amount + "USD"}, code: exitOK},
		{name: "a decrease", args: []string{"diff", wide, narrow, objects, "--fail-on-increase", "0usd"}, code: exitOK, stdout: "(-$" + r.Total.CostDelta.Amount + ")"},
		{name: "a decrease in bytes", args: []string{"diff", wide, narrow, objects, "--fail-on-increase", "0"}, code: exitOK},
		{name: "terraform decrease", args: append(slices.Clone(reviewArgs), "--fail-on-increase", "$0"), code: exitOK, stdout: "(-$14.05)"},
		{name: "terraform, in bytes", args: append(slices.Clone(reviewArgs), "--fail-on-increase", "1GiB", "--format", "markdown"), code: exitOK},
	})
}

func TestParseIncrease(t *testing.T) {
	for in, want := range map[string]increaseLimit{
		"$50": {set: true, usd: true, v: 50}, "50USD": {set: true, usd: true, v: 50}, "12.5 usd": {set: true, usd: true, v: 12.5},
		"10GiB": {set: true, bytes: 10 << 30}, "1TB": {set: true, bytes: 1 << 40}, "123": {set: true, bytes: 123},
	} {
		got, err := parseIncrease(in)
		if err != nil || got != want {
			t.Errorf("parseIncrease(%q) = %+v, %v; want %+v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "$", "USD", "$1e999", "-5GiB", "5 parsecs"} {
		if got, err := parseIncrease(in); err == nil {
			t.Errorf("parseIncrease(%q) = %+v, want an error", in, got)
		}
	}
}

// Amounts of a diff may be negative, but a change of less than half a cent
// is no change, with no sign.
func TestSignedAmounts(t *testing.T) {
	for v, want := range map[float64][2]string{
		-14.334: {"-$14.33", "-14.33"}, 0.29: {"+$0.29", "0.29"}, -0.001: {"+$0.00", "0.00"}, 0: {"+$0.00", "0.00"},
	} {
		if got := [2]string{signedUSD(v), charge(v).Amount}; got != want {
			t.Errorf("%v: %q, want %q", v, got, want)
		}
	}
	if signedBytes(-3<<20) != "-3.0 MiB" || signedBytes(1<<30) != "+1.0 GiB" {
		t.Errorf("signedBytes: %q, %q", signedBytes(-3<<20), signedBytes(1<<30))
	}
}
