package main

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/criteria"
	"github.com/jobscope/jobscope/schedule"
	"github.com/jobscope/jobscope/scope"
)

// The stages of a dry run (docs/semantics.md, "The pipeline"), in order.
const (
	stageBucket      = "bucket"
	stageVersion     = "version"
	stageScope       = "scope"
	stageEligibility = "eligibility"
	stageIncrement   = "increment"
	stageSample      = "sample"
)

var stages = []string{stageBucket, stageVersion, stageScope, stageEligibility, stageIncrement, stageSample}

// demoCreatedAt is the creation time the README's run table assumes: a
// Monday, so the weekly job starts at once.
var demoCreatedAt = time.Date(2024, 11, 4, 9, 0, 0, 0, time.UTC)

// decider recomputes the job's decision for one object with the library's
// matchers, in the order of the stages. It is the README's reference, not
// the plan command.
type decider struct {
	buckets map[string]criteria.Explanation
	scope   *scope.ObjectMatcher
	el      *scope.Eligibility
	percent int
}

func newDecider(job *jobscope.Job, describe []byte) (*decider, error) {
	var in struct {
		Buckets []criteria.BucketMetadata `json:"buckets"`
	}
	if err := json.Unmarshal(describe, &in); err != nil {
		return nil, err
	}
	bm, err := job.BucketSelector(jobscope.Options{})
	if err != nil {
		return nil, err
	}
	sm, err := scope.Compile(job.S3JobDefinition.Scoping, scope.Options{})
	if err != nil {
		return nil, err
	}
	d := &decider{buckets: map[string]criteria.Explanation{}, scope: sm, el: scope.NewEligibility(scope.EligibilityOptions{}), percent: 100}
	if job.SamplingPercentage != nil {
		d.percent = int(*job.SamplingPercentage)
	}
	for i := range in.Buckets {
		d.buckets[in.Buckets[i].BucketName] = bm.Explain(&in.Buckets[i])
	}
	return d, nil
}

// decide returns the stage that skips o and why, or "" when the run with
// window w scans it. There is no sample stage: the demo job samples 100%.
func (d *decider) decide(o *scope.Object, w schedule.Window) (stage, reason string) {
	if ex := d.buckets[o.Bucket]; !ex.Match {
		return stageBucket, deciding(ex)
	}
	switch {
	case o.Noncurrent:
		return stageVersion, "noncurrent version"
	case o.IsDeleteMarker:
		return stageVersion, "delete marker (the key is deleted)"
	}
	if !d.scope.Match(o) {
		return stageScope, deciding(d.scope.Explain(o))
	}
	if r := d.el.Check(o); r != "" {
		return stageEligibility, string(r)
	}
	if !w.Contains(o.LastModified) {
		return stageIncrement, "not changed since the previous run"
	}
	return "", ""
}

// deciding renders the deciding condition of an explanation.
func deciding(ex criteria.Explanation) string {
	for _, v := range ex.Verdicts {
		if v.Deciding {
			path := strings.TrimPrefix(v.Path, "s3JobDefinition.")
			return fmt.Sprintf("`%s`: %s %s %s", path, v.Field, v.Comparator, strings.Join(v.Expected, ", "))
		}
	}
	return ex.Decision
}

type tally struct{ N, Bytes int64 }

func (t *tally) add(o *scope.Object) {
	t.N++
	t.Bytes += o.Size
}

// renderReadme writes the demo's README: the scenario, and the outcome of
// the job over it as the library's matchers decide it.
func renderReadme(job *jobscope.Job, bs []*bucket) ([]byte, error) {
	describe, err := describeBuckets(bs)
	if err != nil {
		return nil, err
	}
	d, err := newDecider(job, describe)
	if err != nil {
		return nil, err
	}
	if d.percent != 100 {
		return nil, fmt.Errorf("the README's figures assume samplingPercentage 100, not %d", d.percent)
	}
	cal, err := job.Calendar(demoCreatedAt, jobscope.Options{})
	if err != nil {
		return nil, err
	}
	all := schedule.Window{RunNumber: 1, Upper: inventoryCreated}

	var w bytes.Buffer
	p := func(format string, args ...any) { fmt.Fprintf(&w, format, args...) }

	p("# Demo: a weekly Macie job over three buckets\n\n")
	p("Everything here is written by `go run ./examples/gen` (run from the repository root); change the generator,\n")
	p("not these files. `go test ./examples/gen` fails when they drift from what the generator writes.\n\n")

	p("## The scenario\n\n")
	p("Account %s (us-east-1) has three S3 buckets; `buckets.json` is their `aws macie2 describe-buckets` output.\n\n", account)
	p("| bucket | holds | versioning | inventory rows | current objects | current size |\n")
	p("|---|---|---|--:|--:|--:|\n")
	holds := map[string]string{
		"acme-analytics-data": "a data lake: Parquet, CSV and JSON under `year=/month=/day=` partitions, Firehose `.gz`, Airflow logs, notebooks, model tarballs, analysts' sandboxes",
		"acme-app-logs":       "load balancer and CloudTrail logs, application logs (`.log`, `.json.gz`, `.txt`), Athena query results",
		"acme-finance-docs":   "invoices, statements, contracts, budgets and board material (PDF, Office), receipts (JPG, PNG), payroll (SSE-C), ledger archives",
	}
	var rows, objects int
	for _, b := range bs {
		var cur tally
		for _, o := range current(b.Objects) {
			cur.add(&o)
		}
		v := "off"
		if b.Versioned {
			v = "on"
		}
		p("| %s | %s | %s | %s | %s | %s |\n", b.Name, holds[b.Name], v, comma(int64(len(b.Objects))), comma(cur.N), bytesSI(cur.Bytes))
		rows += len(b.Objects)
		objects += int(cur.N)
	}
	p("\nThe keys are realistic: dates in partitions and names, spaces, `+`, `:`, `&`, `'`, commas and unicode (`Müller GmbH`,\n")
	p("`株式会社サンプル`), keys without an extension, empty folder placeholders, `.DS_Store`. Sizes are log-uniform per kind of\n")
	p("object, a few beyond Macie's per-file quotas (a 2 GB PDF, a 700 MB workbook, a 9 GB zip). Objects were last modified\n")
	p("between %s and %s; older logs and raw data moved to GLACIER and DEEP_ARCHIVE by lifecycle rules, and noncurrent\n", dataStart.Format("2006-01-02"), dataEnd.AddDate(0, 0, -1).Format("2006-01-02"))
	p("versions to GLACIER.\n\n")
	p("`inventory/` is the local copy of the inventory destination bucket (`%s`), laid out as S3\n", strings.TrimPrefix(destinationBucket, "arn:aws:s3:::"))
	p("writes it: `inventory/BUCKET/%s/%s/manifest.json` and CSV.gz data files under `inventory/BUCKET/%s/data/`\n", inventoryConfig, inventoryCreated.Format("2006-01-02T15-04Z"), inventoryConfig)
	p("(two for acme-analytics-data). The versioned bucket's report lists every version (with VersionId, IsLatest,\n")
	p("IsDeleteMarker); the others list current objects only. S3 Inventory has no tags: `tags.jsonl` has one line\n")
	p("`{bucket, key, versionId?, tags}` per tagged object (`env=test`, `project=…`, `owner=…`).\n\n")
	p("%s inventory rows, %s current objects in all.\n\n", comma(int64(rows)), comma(int64(objects)))

	p("## Try it\n\n")
	p("From the repository root:\n\n```sh\n")
	p("go run ./cmd/jobscope plan --job examples/demo/job.json --buckets examples/demo/buckets.json \\\n")
	p("    --tags examples/demo/tags.jsonl examples/demo/inventory/*/%s/%s/manifest.json\n", inventoryConfig, inventoryCreated.Format("2006-01-02T15-04Z"))
	p("# a later run of the weekly schedule: add --created-at %s --run 2\n", demoCreatedAt.Format(time.RFC3339))
	p("go run ./cmd/jobscope buckets --job examples/demo/job.json --buckets examples/demo/buckets.json\n```\n\n")
	p("## The job\n\n")
	p("`job.json` is a CreateClassificationJob request (`aws macie2 create-classification-job --cli-input-json`): a\n")
	p("SCHEDULED job, weekly on Monday, `initialRun` true, `samplingPercentage` 100.\n\n")
	p("- **Bucket criteria**: account %s and tag `data-classification` = `confidential` or `restricted` — selects\n", account)
	p("  acme-analytics-data and acme-finance-docs; acme-app-logs (`internal`) is left out.\n")
	p("- **Scoping**: includes objects whose extension is not `log` (Airflow task logs) and whose size is over 0 bytes\n")
	p("  (Spark `_SUCCESS` markers, folder placeholders); excludes objects tagged `env=test` (sandboxes, QA fixtures —\n")
	p("  only `tags.jsonl` knows).\n")
	p("- Macie then skips what it never analyzes: GLACIER and DEEP_ARCHIVE objects, formats it does not read (images,\n")
	p("  notebooks, `.pptx`, no extension), files beyond their size quota, SSE-C objects.\n\n")

	// Run 1, every object: the decisions per stage and reason.
	type key struct{ stage, reason string }
	reasons := map[key]*tally{}
	perBucket := map[string]map[string]*tally{}
	detail := map[string]map[string]*tally{} // eligibility reason → class or extension → tally
	var read, scanned tally
	for _, b := range bs {
		perBucket[b.Name] = map[string]*tally{}
		for i := range b.Objects {
			o := &b.Objects[i]
			read.add(o)
			stage, reason := d.decide(o, all)
			pb := perBucket[b.Name]
			if pb[stage] == nil {
				pb[stage] = &tally{}
			}
			pb[stage].add(o)
			if stage == "" {
				scanned.add(o)
				continue
			}
			k := key{stage, reason}
			if reasons[k] == nil {
				reasons[k] = &tally{}
			}
			reasons[k].add(o)
			if stage == stageEligibility {
				what := string(o.StorageClass)
				switch scope.Reason(reason) {
				case scope.ReasonFileType, scope.ReasonFileSize:
					ext, ok := scope.Extension(o.Key, scope.LastDot)
					what = "." + ext
					if !ok {
						what = "no extension"
					}
				case scope.ReasonEncryption:
					what = string(o.EncryptionStatus)
				}
				if detail[reason] == nil {
					detail[reason] = map[string]*tally{}
				}
				if detail[reason][what] == nil {
					detail[reason][what] = &tally{}
				}
				detail[reason][what].add(o)
			}
		}
	}
	keys := make([]key, 0, len(reasons))
	for k := range reasons {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b key) int {
		return cmp.Or(cmp.Compare(slices.Index(stages, a.stage), slices.Index(stages, b.stage)),
			-cmp.Compare(reasons[a].N, reasons[b].N), strings.Compare(a.reason, b.reason))
	})

	p("## What run 1 does\n\n")
	p("Run 1 analyzes every existing object (`initialRun` true). Of %s inventory rows (%s), the first stage that\n", comma(read.N), bytesSI(read.Bytes))
	p("rejects an object names the reason:\n\n")
	p("| stage | reason | objects | size |\n|---|---|--:|--:|\n")
	for _, k := range keys {
		t := reasons[k]
		r := k.reason
		if dt := detail[r]; dt != nil {
			r += " (" + top(dt, 6) + ")"
		}
		p("| %s | %s | %s | %s |\n", k.stage, r, comma(t.N), bytesSI(t.Bytes))
	}
	p("| increment | none on the first run | 0 | 0 B |\n")
	p("| sample | none at 100%% | 0 | 0 B |\n")
	p("| **scan** | | **%s** | **%s** |\n\n", comma(scanned.N), bytesSI(scanned.Bytes))
	p("Per bucket:\n\n| bucket | rows | skipped: bucket | version | scope | eligibility | scanned | scanned size |\n|---|--:|--:|--:|--:|--:|--:|--:|\n")
	for _, b := range bs {
		pb := perBucket[b.Name]
		n := func(s string) string {
			if pb[s] == nil {
				return "0"
			}
			return comma(pb[s].N)
		}
		var sb int64
		if pb[""] != nil {
			sb = pb[""].Bytes
		}
		p("| %s | %s | %s | %s | %s | %s | %s | %s |\n", b.Name, comma(int64(len(b.Objects))), n(stageBucket), n(stageVersion), n(stageScope), n(stageEligibility), n(""), bytesSI(sb))
	}

	p("\n## Later runs\n\n")
	p("Each later run analyzes only objects changed since the previous run started. For a job created on Monday\n")
	p("%s (it starts at once; later runs at 00:00 UTC each Monday), over this inventory:\n\n", demoCreatedAt.Format("2006-01-02 15:04 MST"))
	p("| run | starts (UTC) | analyzes objects last modified | scanned | size |\n|--:|---|---|--:|--:|\n")
	var runsTotal tally
	for k := 1; k <= 6; k++ {
		win, ok := cal.Window(k)
		if !ok {
			break
		}
		var t tally
		for _, b := range bs {
			for i := range b.Objects {
				if s, _ := d.decide(&b.Objects[i], win); s == "" {
					t.add(&b.Objects[i])
				}
			}
		}
		runsTotal.N += t.N
		runsTotal.Bytes += t.Bytes
		span := "up to " + win.Upper.Format("2006-01-02 15:04")
		if !win.Unbounded() {
			span = "after " + win.Lower.Format("2006-01-02 15:04") + ", up to " + win.Upper.Format("2006-01-02 15:04")
		}
		p("| %d | %s | %s | %s | %s |\n", k, win.Upper.Format("2006-01-02 Mon 15:04"), span, comma(t.N), bytesSI(t.Bytes))
	}
	if runsTotal != scanned {
		return nil, fmt.Errorf("the runs scan %d objects in all, run 1 over every object %d", runsTotal.N, scanned.N)
	}
	p("\nThe runs together scan the %s objects of the table above: every object lands in exactly one window.\n\n", comma(scanned.N))

	p("## More jobs\n\n")
	p("`jobs/` holds four more requests over the same buckets, one per team, for commands that read many jobs at once:\n\n")
	p("| job | type | buckets | objects |\n|---|---|---|---|\n")
	p("| finance-daily-documents | SCHEDULED, daily, `initialRun` true | acme-finance-docs | keys under `invoices/`, `statements/`, `contracts/` |\n")
	p("| finance-drafts-one-time | ONE_TIME | acme-finance-docs | keys under `drafts/`, `reports/`, `budgets/` |\n")
	p("| data-weekly-shared | SCHEDULED, Wednesday, `initialRun` true | tag `team` = `data`: acme-analytics-data | keys under `curated/`, `exports/`, `partner-share/` |\n")
	p("| data-monthly-sandbox-sample | SCHEDULED, on the 1st, `initialRun` false, `samplingPercentage` 25 | acme-analytics-data | keys under `sandbox/` |\n\n")
	p("Each overlaps `job.json`, which selects both buckets; the two finance jobs overlap nothing of each other. No job\n")
	p("selects acme-app-logs: it is left uncovered. The sandbox job's first run analyzes only objects changed after its\n")
	p("creation (`initialRun` false), and a quarter of them.\n\n")
	p("## Rebuild\n\n")
	p("```sh\ngo run ./examples/gen        # rewrites examples/demo byte for byte\ngo test ./examples/gen       # checks the checked-in files\n```\n")
	return w.Bytes(), nil
}

// top renders the n largest entries of m by count, then name.
func top(m map[string]*tally, n int) string {
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	slices.SortFunc(names, func(a, b string) int { return cmp.Or(-cmp.Compare(m[a].N, m[b].N), strings.Compare(a, b)) })
	var parts []string
	for i, k := range names {
		if i == n {
			parts = append(parts, "…")
			break
		}
		parts = append(parts, k+" "+comma(m[k].N))
	}
	return strings.Join(parts, ", ")
}

// comma renders n with thousands separators.
func comma(n int64) string {
	s := strconv.FormatInt(n, 10)
	var out []byte
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return string(out)
}

// bytesSI renders n in SI units, as go-humanize's Bytes does.
func bytesSI(n int64) string {
	if n < 1000 {
		return strconv.FormatInt(n, 10) + " B"
	}
	units := []string{"kB", "MB", "GB", "TB", "PB", "EB"}
	v := float64(n)
	i := -1
	for v >= 1000 && i < len(units)-1 {
		v /= 1000
		i++
	}
	if v < 10 {
		return fmt.Sprintf("%.1f %s", v, units[i])
	}
	return fmt.Sprintf("%.0f %s", v, units[i])
}
