package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/jobscope/jobscope/inventory"
	"github.com/jobscope/jobscope/plan"
)

type coverageFlags struct {
	inputFlags
	costFlags
	at, period, format string
	seed               uint64
	opts               optionFlags
}

func (f *coverageFlags) register(fs *pflag.FlagSet) {
	f.inputFlags.register(fs)
	fs.Lookup("objects").Usage = "object source `SRC` (repeatable; a quoted glob names several), as plan reads them: an S3 Inventory manifest.json, a CSV, CSV.gz or Parquet data file, list-objects JSON or JSONL of objects (- reads standard input)"
	f.inputFlags.registerRun(fs)
	f.costFlags.register(fs)
	fs.StringVar(&f.at, "at", "", "count the jobs' runs from `TIME` (RFC 3339); default now. A job not yet created is taken as created then")
	fs.StringVar(&f.period, "period", "", "every run that starts within `PERIOD` of --at counts (e.g. 30d, 12h, 2w); default: each job's next run")
	fs.Uint64Var(&f.seed, "seed", 0, "sampling seed `S`, as in plan")
	fs.StringVar(&f.format, "format", "text", "output: text, json, markdown (the summary), jsonl or csv (every object with the jobs that analyze it, in input order, read one data file at a time)")
	f.opts.register(fs, "excludeJoin=OR")
}

func newCoverageCmd(s streams) *cobra.Command {
	c := newFlags(s, "coverage JOBS... --objects SRC... [flags]",
		"say which objects many jobs analyze together, which none does, and what they share",
		"Plans many jobs at once over the same objects, reading the inputs once: for every object, the\njobs that analyze it in their next run (or in every run within --period). The summary says how\nmany objects and bytes no job analyzes (by bucket, prefix and extension, and each job's reason),\nhow many exactly one does, and how many two or more do, with the duplicate analyses; each job's\nown and shared bytes; and the pairs of jobs that overlap. JOBS are job files (JSON or YAML),\nfolders of them, Terraform plans or states, and DescribeClassificationJob outputs (one job, or an\narray of them). A job's status counts: a CANCELLED or COMPLETE job analyzes nothing more, nor does\na USER_PAUSED one until it is resumed.\n\nExit 0: done; 1: invalid input or unreadable data files; 2: usage or I/O error.")
	c.cmd.Example = "  jobscope coverage examples/demo/job.json examples/demo/jobs/ \\\n    --buckets examples/demo/buckets.json --tags examples/demo/tags.jsonl \\\n    --objects 'examples/demo/inventory/acme-finance-docs/daily-full/*/manifest.json'"
	var f coverageFlags
	f.register(c.FlagSet)
	c.values("format", "text", "json", "jsonl", "csv", "markdown")
	c.values("progress", "auto", "always", "never")
	return c.command(func(args []string) int { return runCoverage(c, &f, args) })
}

func runCoverage(c *cmdFlags, f *coverageFlags, args []string) int {
	stdout, stderr := c.stdout, c.stderr
	switch {
	case len(args) == 0:
		c.usage()
		return c.usageErr("no jobs given: name job files, folders or Terraform plans")
	case len(f.objects.names) == 0:
		return c.usageErr("--objects is required: the objects the jobs are planned over")
	case !strings.Contains(" text json jsonl csv markdown ", " "+f.format+" "):
		return c.usageErr("--format must be text, json, jsonl, csv or markdown, not %q", f.format)
	}
	if twice := stdinTwice(map[string][]string{"--objects": f.objects.names, "--buckets": {f.buckets}, "--tags": {f.tags}}); twice != "" {
		return c.usageErr("%s", twice)
	}
	if msg := f.inputFlags.misplaced(); msg != "" {
		return c.usageErr("%s", msg)
	}
	base, lim, err := dryRunOptions(&f.inputFlags, &runFlags{seed: f.seed}, &f.costFlags, &f.opts)
	if err != nil {
		if msg, ok := optionMessage("coverage", err); ok {
			return c.usageErr("%s", msg)
		}
		return c.usageErr("%v", err)
	}
	jobs, now, code := loadJobSet(c, args, f.at, f.period, lim, base.Engine)
	if jobs == nil {
		return code
	}
	var ropts plan.RunOptions
	ropts.Workers = f.workers
	for _, j := range jobs {
		f.s3.tags = f.s3.tags || hasTagConditions(j.Job.Job, base.Engine)
	}
	if err := f.inputFlags.metadata(f.s3.stdin(c.stdin), &base, &ropts); err != nil {
		return reportScopeError(stderr, "coverage", err)
	}

	r := coverageReport{SchemaVersion: schemaVersion, At: rfc3339(now), Period: f.period, Jobs: []coverageJob{}}
	var names []string
	var members []*plan.DryRun
	var memberJob []int // the index in r.Jobs of each member
	for _, j := range jobs {
		cj := coverageJob{Name: j.Name, File: j.File, Address: j.Address, Status: string(j.Status), Runs: []int{}, UncoveredReasons: []planReason{}}
		if len(j.runs) == 0 {
			cj.AnalyzesNothing = j.why
			r.Jobs = append(r.Jobs, cj)
			continue
		}
		dry, err := plan.New(j.Job.Job, j.options(base))
		if err != nil {
			return reportScopeError(stderr, "coverage", &scopeInputError{j.Name, err})
		}
		for _, run := range j.runs {
			cj.Runs = append(cj.Runs, run.Window.RunNumber)
		}
		names, members, memberJob = append(names, j.Name), append(members, dry), append(memberJob, len(r.Jobs))
		r.Jobs = append(r.Jobs, cj)
	}

	var sourceNames []string
	for _, name := range f.objects.names {
		matches, _ := filepath.Glob(name)
		if _, err := os.Stat(name); err == nil || len(matches) == 0 {
			matches = []string{name}
		}
		sourceNames = append(sourceNames, matches...)
	}
	f.objects.names = sourceNames
	sources, code := f.inputFlags.open(c, lim)
	if sources == nil {
		return code
	}

	in := interrupts()
	defer in.stop()
	out := bufio.NewWriterSize(stdout, 1<<16)
	defer out.Flush()
	var each func(*inventory.Record, []int) error
	switch f.format {
	case "jsonl":
		enc := json.NewEncoder(out)
		enc.SetEscapeHTML(false)
		each = func(rec *inventory.Record, scanners []int) error {
			return enc.Encode(newCoveredLine(rec, scanners, names))
		}
	case "csv":
		cw := csv.NewWriter(out)
		defer cw.Flush()
		if err := cw.Write([]string{"bucket", "key", "versionId", "size", "jobs"}); err != nil {
			return c.usageErr("%v", err)
		}
		each = func(rec *inventory.Record, scanners []int) error {
			l := newCoveredLine(rec, scanners, names)
			return cw.Write([]string{l.Bucket, l.Key, l.VersionID, strconv.FormatInt(l.Size, 10), strings.Join(l.Jobs, ";")})
		}
	}
	bar := f.inputFlags.startProgress(stderr, sources, &ropts)
	cov, err := plan.NewSet(names, members).Run(in.ctx, sources, ropts, each)
	bar.stop()
	if cov == nil {
		for _, e := range unjoin(err) {
			fmt.Fprintf(stderr, "jobscope coverage: %v\n", e)
		}
		return exitInvalid
	}
	if err != nil && !errors.Is(err, context.Canceled) {
		out.Flush()
		return c.usageErr("%v", err)
	}
	r.fill(cov, memberJob, names)
	switch f.format {
	case "text":
		printCoverage(out, &r, colorsFor(stdout))
	case "markdown":
		printCoverageMarkdown(out, &r)
	case "json":
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		r.AWSRequests = f.s3.jsonReport()
		enc.Encode(r)
	default:
		out.Flush()
		fmt.Fprintf(stderr, "read %s objects: %s analyzed by no job, %s by one, %s by two or more\n",
			count(r.Read.Objects), count(r.None.Objects), count(r.One.Objects), count(r.Many.Objects))
	}
	if err := out.Flush(); err != nil {
		return c.usageErr("%v", err)
	}
	return f.inputFlags.report(stderr, "coverage", in, &plan.Summary{FileErrors: r.FileErrors, RowErrors: r.RowErrors, Rejected: r.RejectedRows}, f.format == "json")
}

// coverageReport is `coverage --format json`, a contract described by
// schema/coverage.schema.json (see outschema.go).
type coverageReport struct {
	_                struct{}            `desc:"What many jobs analyze together over the same objects."`
	SchemaVersion    string              `json:"schemaVersion" pattern:"^1\\.[0-9]+$" desc:"The version of this output's contract."`
	At               string              `json:"at" format:"date-time" desc:"The time the jobs' runs are counted from (--at, else now)."`
	Period           string              `json:"period,omitempty" desc:"--period: every run that starts within it counts; absent when each job's next run does."`
	Read             planCounts          `json:"read" desc:"Every object read: none + one + many."`
	RejectedRows     int64               `json:"rejectedRows" min:"0"`
	None             planCounts          `json:"analyzedByNone" desc:"The objects no job analyzes."`
	One              planCounts          `json:"analyzedByOne" desc:"The objects exactly one job analyzes."`
	Many             planCounts          `json:"analyzedByMany" desc:"The objects two or more jobs analyze."`
	Duplicate        planCounts          `json:"duplicateAnalyses" desc:"The analyses beyond the first of the objects of analyzedByMany: an object analyzed by k jobs counts k-1 times."`
	DuplicateCost    money               `json:"duplicateCost" desc:"What the duplicate analyses cost at the first job's price per GB of its first tier, their bytes stored (compressed files not expanded): a lower bound."`
	Jobs             []coverageJob       `json:"jobs" desc:"Every job, in the order read."`
	Overlap          []coverageOverlap   `json:"overlap" desc:"Every pair of jobs that analyze some object in common, most bytes first."`
	UncoveredBuckets []coverageBucket    `json:"uncoveredBuckets" desc:"The objects no job analyzes, by bucket, most bytes first."`
	Uncovered        []coverageUncovered `json:"uncovered" desc:"The objects no job analyzes, by bucket, key prefix (up to the first /) and extension, most bytes first."`
	DataFiles        int                 `json:"dataFiles" min:"0"`
	FileErrors       []string            `json:"fileErrors"`
	RowErrors        []string            `json:"rowErrors"`
	Assumed          []string            `json:"assumed" desc:"What was assumed for a column an input lacks."`
	Partial          bool                `json:"partial" desc:"The run was interrupted: the counts cover the rows decided until then."`
	AWSRequests      *awsRequests        `json:"awsRequests,omitempty" desc:"The AWS requests made to read s3:// inputs and --buckets aws; absent when none was made."`
	duplicateCost    float64             // DuplicateCost, for the text
}

type coverageJob struct {
	_                struct{}     `desc:"One job of the set."`
	Name             string       `json:"name" desc:"The job's name, unique within the set."`
	File             string       `json:"file" desc:"The file it comes from."`
	Address          string       `json:"address,omitempty" desc:"Its Terraform resource address."`
	Status           string       `json:"status,omitempty" desc:"Its jobStatus, when the input gives one."`
	AnalyzesNothing  string       `json:"analyzesNothing,omitempty" desc:"Why the job analyzes nothing from --at on (cancelled, complete, paused by its owner, values known only after apply)."`
	Runs             []int        `json:"runs" desc:"The runs that count, by number."`
	Scanned          planCounts   `json:"scanned" desc:"The objects it analyzes in those runs."`
	Own              planCounts   `json:"own" desc:"Those only it analyzes."`
	Shared           planCounts   `json:"shared" desc:"Those another job analyzes too."`
	EstimatedCost    money        `json:"estimatedCost" desc:"Its own estimated cost, as plan would give it."`
	UncoveredReasons []planReason `json:"uncoveredReasons" desc:"Why it leaves out the objects no job analyzes, by reason."`

	cost float64 // EstimatedCost, for the text
}

type coverageOverlap struct {
	_       struct{} `desc:"What two jobs both analyze."`
	A       string   `json:"a"`
	B       string   `json:"b"`
	Objects int64    `json:"objects" min:"0"`
	Bytes   int64    `json:"bytes" min:"0"`
}

type coverageBucket struct {
	_       struct{} `desc:"The objects of one bucket that no job analyzes."`
	Bucket  string   `json:"bucket"`
	Objects int64    `json:"objects" min:"0"`
	Bytes   int64    `json:"bytes" min:"0"`
}

type coverageUncovered struct {
	_         struct{} `desc:"Objects no job analyzes."`
	Bucket    string   `json:"bucket"`
	Prefix    string   `json:"prefix" desc:"The key up to its first / (empty for a key without one); * for the rest of a bucket beyond the groups kept."`
	Extension string   `json:"extension" desc:"The file name extension, empty for none."`
	Objects   int64    `json:"objects" min:"0"`
	Bytes     int64    `json:"bytes" min:"0"`
}

// coveredLine is one line of `coverage --format jsonl`, described by
// schema/coverage-object.schema.json.
type coveredLine struct {
	_         struct{} `desc:"One object and the jobs that analyze it."`
	Bucket    string   `json:"bucket"`
	Key       string   `json:"key"`
	VersionID string   `json:"versionId,omitempty"`
	Size      int64    `json:"size" min:"0"`
	Jobs      []string `json:"jobs" desc:"The jobs that analyze the object, in the order read; empty when none does."`
}

func newCoveredLine(rec *inventory.Record, scanners []int, names []string) coveredLine {
	l := coveredLine{Bucket: rec.Bucket, Key: rec.Key, VersionID: rec.VersionID, Size: rec.Size, Jobs: []string{}}
	for _, i := range scanners {
		l.Jobs = append(l.Jobs, names[i])
	}
	return l
}

// fill completes r from cov: memberJob maps each member to its job.
func (r *coverageReport) fill(cov *plan.Coverage, memberJob []int, names []string) {
	r.Read, r.RejectedRows = counts(cov.Read), cov.Rejected
	r.None, r.One, r.Many, r.Duplicate = counts(cov.None), counts(cov.One), counts(cov.Many), counts(cov.Duplicate)
	r.DataFiles, r.FileErrors, r.RowErrors, r.Assumed, r.Partial = cov.Files, nonNil(cov.FileErrors), nonNil(cov.RowErrors), nonNil(cov.Assumed), cov.Partial
	price := 0.0
	for i := range cov.Members {
		m := &cov.Members[i]
		j := &r.Jobs[memberJob[i]]
		j.Scanned, j.Own, j.Shared = counts(m.Summary.Scanned), counts(m.Own), counts(m.Shared)
		j.EstimatedCost, j.UncoveredReasons, j.cost = charge(m.Summary.EstimatedCost), reasons(m.Uncovered), m.Summary.EstimatedCost
		if i == 0 && len(m.Summary.Prices.Tiers) > 0 {
			price = m.Summary.Prices.Tiers[0].PricePerGB
		}
	}
	for i := range r.Jobs {
		if r.Jobs[i].EstimatedCost.Currency == "" {
			r.Jobs[i].EstimatedCost = charge(0)
		}
	}
	r.duplicateCost = float64(cov.Duplicate.Bytes) / float64(plan.GB) * price
	r.DuplicateCost = charge(r.duplicateCost)
	r.Overlap = []coverageOverlap{}
	for _, p := range cov.Overlap {
		r.Overlap = append(r.Overlap, coverageOverlap{A: names[p.A], B: names[p.B], Objects: p.Objects, Bytes: p.Bytes})
	}
	r.UncoveredBuckets = []coverageBucket{}
	for _, b := range cov.UncoveredBuckets {
		r.UncoveredBuckets = append(r.UncoveredBuckets, coverageBucket{Bucket: b.Bucket, Objects: b.Objects, Bytes: b.Bytes})
	}
	r.Uncovered = []coverageUncovered{}
	for _, u := range cov.Uncovered {
		r.Uncovered = append(r.Uncovered, coverageUncovered{Bucket: u.Bucket, Prefix: u.Prefix, Extension: u.Extension, Objects: u.Objects, Bytes: u.Bytes})
	}
}

// printCoverage writes r for people, within textWidth columns.
func printCoverage(w io.Writer, r *coverageReport, c colors) {
	active := 0
	for _, j := range r.Jobs {
		if j.AnalyzesNothing == "" {
			active++
		}
	}
	when := "in each job's next run after " + r.At
	if r.Period != "" {
		when = "in every run within " + r.Period + " of " + r.At
	}
	wrapText(w, "", "  ", c.bold(fmt.Sprintf("Coverage of %d %s (%d with a run to plan), %s", len(r.Jobs), plural(len(r.Jobs), "job", "jobs"), active, when)))
	fmt.Fprintln(w)
	table{
		{"", "objects", "bytes", ""},
		{"read", count(r.Read.Objects), bytesOf(r.Read.Bytes), ""},
		{"analyzed by no job", count(r.None.Objects), bytesOf(r.None.Bytes), percent(r.None.Bytes, r.Read.Bytes) + " of bytes"},
		{"by exactly one", count(r.One.Objects), bytesOf(r.One.Bytes), ""},
		{"by two or more", count(r.Many.Objects), bytesOf(r.Many.Bytes), ""},
		{"duplicate analyses", count(r.Duplicate.Objects), bytesOf(r.Duplicate.Bytes), usd(r.duplicateCost) + " or more"},
	}.print(w, 1, true)

	fmt.Fprintln(w)
	fmt.Fprintln(w, c.bold("Jobs"))
	rows := table{{"job", "scanned", "bytes", "own", "shared", "cost"}}
	var idle table
	for _, j := range r.Jobs {
		if j.AnalyzesNothing != "" {
			idle = append(idle, []string{j.Name, j.AnalyzesNothing})
			continue
		}
		rows = append(rows, []string{j.Name, count(j.Scanned.Objects), bytesOf(j.Scanned.Bytes), bytesOf(j.Own.Bytes), bytesOf(j.Shared.Bytes), usd(j.cost)})
	}
	if len(rows) > 1 {
		rows.print(w, 1, false)
	}
	for _, row := range idle {
		wrapText(w, "  ", "    ", row[0]+": "+row[1])
	}

	if len(r.Overlap) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, c.bold("Overlap: objects two jobs both analyze"))
		listed(table{{"jobs", "objects", "bytes"}}, len(r.Overlap), func(i int) []string {
			o := r.Overlap[i]
			return []string{o.A + " + " + o.B, count(o.Objects), bytesOf(o.Bytes)}
		}, "pair", "pairs").print(w, 1, false)
	}

	if len(r.UncoveredBuckets) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, c.bold("Analyzed by no job, by bucket"))
		rows := table{{"bucket", "objects", "bytes", ""}}
		for _, b := range r.UncoveredBuckets {
			rows = append(rows, []string{b.Bucket, count(b.Objects), bytesOf(b.Bytes), percent(b.Bytes, r.None.Bytes)})
		}
		rows.print(w, 1, true)
	}
	if len(r.Uncovered) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, c.bold("Analyzed by no job, by bucket, prefix and extension"))
		listed(table{{"bucket/prefix*.extension", "objects", "bytes"}}, len(r.Uncovered), func(i int) []string {
			u := r.Uncovered[i]
			name := u.Bucket + "/" + u.Prefix + "*"
			if u.Extension != "" {
				name += "." + u.Extension
			}
			return []string{name, count(u.Objects), bytesOf(u.Bytes)}
		}, "group", "groups").print(w, 1, false)
		fmt.Fprintln(w)
		fmt.Fprintln(w, c.bold("Why each job leaves them out"))
		for _, j := range r.Jobs {
			if j.AnalyzesNothing != "" || len(j.UncoveredReasons) == 0 {
				continue
			}
			var parts []string
			for _, reason := range j.UncoveredReasons {
				parts = append(parts, fmt.Sprintf("%s %s", reason.Reason, count(reason.Objects)))
			}
			wrapText(w, "  "+j.Name+": ", "    ", strings.Join(parts, ", "))
		}
	}
	if len(r.Assumed) > 0 {
		fmt.Fprintln(w)
		for _, a := range r.Assumed {
			wrapText(w, "Assumed: ", "  ", a)
		}
	}
	if r.Partial {
		fmt.Fprintln(w)
		fmt.Fprintln(w, c.red("PARTIAL: interrupted; the counts cover the rows decided until then."))
	}
}

// listed appends to rows the rows of the first maxListed of n items, then
// how many more there are (one and many name them), and returns it.
func listed(rows table, n int, row func(i int) []string, one, many string) table {
	for i := range min(n, maxListed) {
		rows = append(rows, row(i))
	}
	if n > maxListed {
		rows = append(rows, []string{andMore(int64(n-maxListed), one+" (--format json lists it)", many+" (--format json lists them all)")})
	}
	return rows
}

// printCoverageMarkdown writes r for a pull request comment.
func printCoverageMarkdown(w io.Writer, r *coverageReport) {
	fmt.Fprintf(w, "### Macie jobs: coverage\n\n")
	mdTable(w, []string{"", "objects", "bytes"}, "-rr", [][]string{
		{"read", count(r.Read.Objects), bytesOf(r.Read.Bytes)},
		{"**analyzed by no job**", "**" + count(r.None.Objects) + "**", "**" + bytesOf(r.None.Bytes) + "**"},
		{"by exactly one", count(r.One.Objects), bytesOf(r.One.Bytes)},
		{"by two or more", count(r.Many.Objects), bytesOf(r.Many.Bytes)},
		{"duplicate analyses", count(r.Duplicate.Objects), bytesOf(r.Duplicate.Bytes)},
	})
	fmt.Fprintln(w)
	var rows [][]string
	for _, j := range r.Jobs {
		if j.AnalyzesNothing != "" {
			rows = append(rows, []string{mdCell(j.Name), "—", "—", "—", mdCell("analyzes nothing: " + j.AnalyzesNothing)})
			continue
		}
		rows = append(rows, []string{mdCell(j.Name), count(j.Scanned.Objects), bytesOf(j.Scanned.Bytes), bytesOf(j.Own.Bytes), usd(j.cost)})
	}
	mdTable(w, []string{"job", "scanned", "bytes", "own", "cost"}, "-rrrr", rows)
	if len(r.Uncovered) > 0 {
		fmt.Fprint(w, "\n<details><summary>Analyzed by no job</summary>\n\n")
		var rows [][]string
		for i, u := range r.Uncovered {
			if i == 20 {
				break
			}
			rows = append(rows, []string{mdCell(u.Bucket), mdCell(u.Prefix), mdCell(u.Extension), count(u.Objects), bytesOf(u.Bytes)})
		}
		mdTable(w, []string{"bucket", "prefix", "extension", "objects", "bytes"}, "---rr", rows)
		fmt.Fprint(w, "\n</details>\n")
	}
}
