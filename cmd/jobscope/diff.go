package main

import (
	"bufio"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	iofs "io/fs"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/inventory"
	"github.com/jobscope/jobscope/plan"
	"github.com/jobscope/jobscope/terraform"
)

type diffFlags struct {
	inputFlags
	runFlags
	costFlags
	terraform      string
	format         string
	failOnIncrease string
	opts           optionFlags
}

func newDiffCmd(s streams) *cobra.Command {
	c := newFlags(s, "diff (OLD NEW | --terraform PLAN) [--objects] SRC... [flags]",
		"what a change of jobs does to the scan: the objects that enter and leave it, and the cost",
		"Dry-runs two versions of a job over the same object metadata, reading it once, and says which objects\n"+
			"enter the scan (the new job analyzes them, the old one does not) and which leave it (the old job\n"+
			"analyzes them, the new one does not), by bucket and by the reason the other job skips them, with\n"+
			"their bytes, and what each run is estimated to cost. A classification job cannot be changed once\n"+
			"created: a changed definition is a new job that replaces the old one.\n\n"+
			"OLD and NEW are job files, as --job of plan takes. With --terraform, the jobs are every\n"+
			"aws_macie2_classification_job the plan creates (everything it analyzes enters), deletes (everything\n"+
			"it analyzed leaves) or replaces; updates of a job's status or tags, and no-ops, change no definition\n"+
			"and are left out. The object sources are read once a job.\n\n"+
			"--fail-on-increase takes bytes (10GiB, binary units) or US dollars ($50 or 50USD): the run fails when\n"+
			"the data Macie is estimated to analyze, or its estimated cost, grows by more, over every job.\n\n"+
			"Exit 0: done; 1: invalid input, unreadable files, more rejected rows than --max-errors, or an increase\n"+
			"over --fail-on-increase; 2: usage or I/O error; 130 or 143: interrupted by SIGINT or SIGTERM.")
	c.cmd.Example = "  jobscope diff old.json new.json --buckets buckets.json inventory/manifest.json\n" +
		"  jobscope diff --terraform plan.json --buckets buckets.json reports/*.csv.gz --format markdown\n" +
		"  jobscope diff --terraform plan.json reports/*.csv.gz --fail-on-increase '$50'"
	var f diffFlags
	f.inputFlags.register(c.FlagSet)
	f.runFlags.register(c.FlagSet, "run `N` of SCHEDULED jobs to compare (1 = the first run); default 1",
		"compare the runs in progress at `TIME` (RFC 3339) instead of --run", "sampling seed `S`: the same seed samples the same objects")
	c.StringVar(&f.terraform, "terraform", "", "take the jobs from `PLAN.json`, terraform show -json output of a plan: each job it creates, replaces or deletes")
	c.StringVar(&f.format, "format", "text", "output: text (for people), json (the diff), jsonl (one line per object that enters or leaves the scan), markdown (for a pull request comment)")
	c.StringVar(&f.failOnIncrease, "fail-on-increase", "", "fail (exit 1), after printing, when the estimated data analyzed, over every job, grows by more than `LIMIT` in bytes (e.g. 10GiB), or the estimated cost by more than LIMIT in US dollars ($50 or 50USD)")
	f.inputFlags.registerRun(c.FlagSet)
	f.costFlags.register(c.FlagSet)
	f.opts.register(c.FlagSet, "kmsKeysAccessible=false")
	c.values("format", "text", "json", "jsonl", "markdown")
	c.values("progress", "auto", "always", "never")
	return c.command(func(args []string) int { return runDiff(c, &f, args) })
}

// increaseLimit is --fail-on-increase: bytes of estimated data analyzed,
// or US dollars.
type increaseLimit struct {
	set   bool
	usd   bool
	bytes int64
	v     float64
}

// parseIncrease reads --fail-on-increase: $50, 50USD or 50 USD are
// dollars; anything else a size, as parseByteSize reads it.
func parseIncrease(s string) (increaseLimit, error) {
	t := strings.TrimSpace(s)
	amount, dollars := strings.CutPrefix(t, "$")
	if !dollars && len(t) > 3 && strings.EqualFold(t[len(t)-3:], "usd") {
		amount, dollars = strings.TrimSpace(t[:len(t)-3]), true
	}
	if dollars {
		v, err := strconv.ParseFloat(amount, 64)
		if err != nil || v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
			return increaseLimit{}, fmt.Errorf("%q is not an amount such as $50 or 50USD, nor a size such as 10GiB", s)
		}
		return increaseLimit{set: true, usd: true, v: v}, nil
	}
	n, err := parseByteSize(t)
	if err != nil {
		return increaseLimit{}, fmt.Errorf("%q is not a size such as 10GiB, nor an amount such as $50 or 50USD", s)
	}
	return increaseLimit{set: true, bytes: n}, nil
}

// diffJob is one pair of jobs to diff.
type diffJob struct {
	// label names the pair: its Terraform address, or "OLD → NEW".
	label string
	// change is replace, create or delete.
	change   string
	old, new *jobscope.Job
	// oldFrom and newFrom say where each job comes from, for errors.
	oldFrom, newFrom string
}

// diffResult is a diffJob with its diff.
type diffResult struct {
	diffJob
	d *plan.Diff
}

// reader is the summary of the run that read the inputs.
func (r *diffResult) reader() *plan.Summary { return cmp.Or(r.d.New, r.d.Old) }

func runDiff(c *cmdFlags, f *diffFlags, args []string) int {
	stdin, stdout, stderr := f.s3.stdin(c.stdin), c.stdout, c.stderr
	var files []string
	if f.terraform == "" {
		if len(args) < 2 {
			return c.usageErr("give the old and the new job files, OLD NEW, or --terraform PLAN.json")
		}
		files, args = args[:2], args[2:]
		for i := range f.objects.after {
			f.objects.after[i] = max(0, f.objects.after[i]-2)
		}
	}
	f.objects.merge(args)
	if msg := f.inputFlags.misplaced(); msg != "" {
		return c.usageErr("%s", msg)
	}
	twice := stdinTwice(map[string][]string{"OLD NEW": files, "--terraform": {f.terraform}, "--objects": f.objects.names,
		"--buckets": {f.buckets}, "--tags": {f.tags}})
	var limit increaseLimit
	var err error
	if f.failOnIncrease != "" {
		if limit, err = parseIncrease(f.failOnIncrease); err != nil {
			return c.usageErr("--fail-on-increase: %v", err)
		}
	}
	switch {
	case len(f.objects.names) == 0:
		return c.usageErr("give at least one object source with --objects or as an argument")
	case twice != "":
		return c.usageErr("%s", twice)
	case f.format != "text" && f.format != "json" && f.format != "jsonl" && f.format != "markdown":
		return c.usageErr("--format must be text, json, jsonl or markdown, not %q", f.format)
	}
	popts, lim, err := dryRunOptions(&f.inputFlags, &f.runFlags, &f.costFlags, &f.opts)
	if err != nil {
		return c.usageErr("%v", err)
	}
	engine := popts.Engine
	var jobs []diffJob
	if f.terraform != "" {
		jobs, err = loadTerraformChanges(stdin, f.terraform, engine, lim)
	} else {
		jobs, err = loadJobPair(stdin, files, engine, lim)
	}
	if err != nil {
		return reportScopeError(stderr, "diff", err)
	}
	ropts := plan.RunOptions{Workers: f.workers}
	if err := f.inputFlags.metadata(stdin, &popts, &ropts); err != nil {
		return reportScopeError(stderr, "diff", err)
	}
	if len(jobs) > 1 && slices.Contains(f.objects.names, "-") {
		return c.usageErr("the plan changes %d jobs, and the object sources are read once a job: give files, not standard input, to --objects", len(jobs))
	}
	now := time.Now().UTC().Truncate(time.Second)
	type pair struct{ old, new *plan.DryRun }
	pairs := make([]pair, len(jobs))
	for i, j := range jobs {
		for _, side := range []struct {
			job  *jobscope.Job
			from string
			dry  **plan.DryRun
		}{{j.old, j.oldFrom, &pairs[i].old}, {j.new, j.newFrom, &pairs[i].new}} {
			if side.job == nil {
				continue
			}
			o := popts
			if o.CreatedAt.IsZero() && side.job.CreatedAt == nil && side.job.JobType == jobscope.Scheduled {
				o.CreatedAt = now
			}
			if *side.dry, err = plan.New(side.job, o); err != nil {
				if msg, ok := optionMessage("diff", err); ok {
					return c.usageErr("%s", msg)
				}
				return reportScopeError(stderr, "diff", &scopeInputError{side.from, err})
			}
		}
	}
	for _, j := range jobs {
		for _, job := range []*jobscope.Job{j.old, j.new} {
			f.s3.tags = f.s3.tags || job != nil && hasTagConditions(job, engine)
		}
	}
	sources, code := f.inputFlags.open(c, lim)
	if code != exitOK {
		return code
	}

	in := interrupts()
	defer in.stop()
	out := bufio.NewWriterSize(stdout, 1<<16)
	defer out.Flush()
	var results []diffResult
	for i, j := range jobs {
		var changed func(*inventory.Record, plan.Decision, plan.Decision) error
		if f.format == "jsonl" {
			changed = diffLineWriter(out, j.label)
		}
		opts := ropts
		bar := f.inputFlags.startProgress(stderr, sources, &opts)
		d, err := plan.Compare(in.ctx, pairs[i].old, pairs[i].new, sources, opts, changed)
		bar.stop()
		if d == nil { // the inputs do not have the columns a job needs
			out.Flush()
			return missingColumns(stderr, "diff", err)
		}
		if err != nil && !errors.Is(err, context.Canceled) {
			out.Flush()
			return c.usageErr("%v", err)
		}
		results = append(results, diffResult{j, d})
		if err != nil {
			break // interrupted
		}
	}
	switch f.format {
	case "text":
		printDiffText(out, sources, results, colorsFor(stdout))
	case "markdown":
		printDiffMarkdown(out, sources, results)
	case "json":
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		r := newDiffReport(results)
		r.AWSRequests = f.s3.jsonReport()
		enc.Encode(r)
	default: // the changes went to stdout: the totals go to stderr
		out.Flush()
		for _, r := range results {
			fmt.Fprintln(stderr, diffCountsLine(r))
		}
	}
	if err := out.Flush(); err != nil {
		return c.usageErr("%v", err)
	}
	if len(results) > 0 {
		if code := f.inputFlags.report(stderr, "diff", in, results[0].reader(), f.format == "json"); code != exitOK {
			return code
		}
	}
	return checkIncrease(stderr, limit, results)
}

// checkIncrease applies --fail-on-increase to the diffs' totals.
func checkIncrease(stderr io.Writer, limit increaseLimit, results []diffResult) int {
	if !limit.set {
		return exitOK
	}
	t := diffTotalsOf(results)
	switch {
	case limit.usd && t.costDelta > limit.v && usd(t.costDelta) != usd(limit.v):
		fmt.Fprintf(stderr, "jobscope diff: the estimated cost grows by %s (%s → %s), more than --fail-on-increase %s\n",
			usd(t.costDelta), usd(t.oldCost), usd(t.newCost), usd(limit.v))
		return exitInvalid
	case !limit.usd && t.bytesDelta > limit.bytes:
		fmt.Fprintf(stderr, "jobscope diff: the estimated data analyzed grows by %s (%s bytes), more than --fail-on-increase %s (%s bytes)\n",
			bytesOf(t.bytesDelta), count(t.bytesDelta), bytesOf(limit.bytes), count(limit.bytes))
		return exitInvalid
	}
	return exitOK
}

// diffTotals are the sums of several diffs.
type diffTotals struct {
	entering, leaving, staying plan.Counts
	oldCost, newCost           float64
	costDelta                  float64
	bytesDelta                 int64
}

func diffTotalsOf(results []diffResult) diffTotals {
	var t diffTotals
	add := func(a *plan.Counts, b plan.Counts) { a.Objects += b.Objects; a.Bytes += b.Bytes }
	for _, r := range results {
		add(&t.entering, r.d.Entering)
		add(&t.leaving, r.d.Leaving)
		add(&t.staying, r.d.Staying)
		t.oldCost += r.d.OldCost
		t.newCost += r.d.NewCost
		t.bytesDelta += r.d.EstimatedBytesDelta
	}
	t.costDelta = t.newCost - t.oldCost
	return t
}

// loadJobPair reads the two job files of diff OLD NEW.
func loadJobPair(stdin io.Reader, files []string, engine jobscope.Options, lim inputLimits) ([]diffJob, error) {
	var jobs [2]*jobscope.Job
	for i, name := range files {
		j, err := loadScopeJob(stdin, name, engine, lim.job)
		if err != nil {
			return nil, err
		}
		jobs[i] = j
	}
	return []diffJob{{label: files[0] + " → " + files[1], change: "replace", old: jobs[0], new: jobs[1],
		oldFrom: files[0], newFrom: files[1]}}, nil
}

// loadTerraformChanges reads the jobs a Terraform plan creates, replaces
// or deletes.
func loadTerraformChanges(stdin io.Reader, name string, engine jobscope.Options, lim inputLimits) ([]diffJob, error) {
	in, shown, done, err := openInput(stdin, name)
	if err != nil {
		return nil, err
	}
	defer done()
	if in, err = gunzipped(in); err != nil {
		return nil, &scopeInputError{shown, err}
	}
	var jobs []diffJob
	for ch, err := range terraform.Changes(in, lim.terraform()) {
		var pe *iofs.PathError
		switch {
		case errors.As(err, &pe):
			return nil, &scopeIOError{err}
		case err != nil:
			return nil, &scopeInputError{shown, err}
		}
		creates, deletes := slices.Contains(ch.Actions, "create"), slices.Contains(ch.Actions, "delete")
		if !creates && !deletes {
			continue // an update (status, tags), a no-op or a read: no new definition
		}
		j := diffJob{label: ch.Address, change: "replace"}
		switch {
		case !deletes:
			j.change = "create"
		case !creates:
			j.change = "delete"
		}
		for _, side := range []struct {
			r    *terraform.Resource
			job  **jobscope.Job
			from *string
			what string
		}{{ch.Before, &j.old, &j.oldFrom, "before"}, {ch.After, &j.new, &j.newFrom, "after"}} {
			if side.r == nil {
				continue
			}
			*side.from = shown + ": " + ch.Address + " (" + side.what + ")"
			if *side.job, err = dryRunnable(side.r, *side.from, engine); err != nil {
				return nil, err
			}
		}
		jobs = append(jobs, j)
	}
	return jobs, nil
}

// dryRunnable returns the job of r, a classification job of a plan, when
// it is valid and its definition known before apply.
func dryRunnable(r *terraform.Resource, where string, engine jobscope.Options) (*jobscope.Job, error) {
	if err := r.Validate(engine); err != nil {
		return nil, &scopeInputError{where, err}
	}
	for _, u := range r.Unknown {
		switch member, _, _ := strings.Cut(u.Path, "."); member {
		case "s3JobDefinition", "jobType", "scheduleFrequency", "initialRun", "samplingPercentage":
			return nil, &scopeInputError{where, fmt.Errorf("%v: the job cannot be dry-run before apply", u)}
		}
	}
	if r.Job.S3JobDefinition == nil {
		return nil, &scopeInputError{where, errors.New("the job has no s3JobDefinition")}
	}
	return r.Job, nil
}
