package main

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dustin/go-humanize"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/internal/s3input"
	"github.com/jobscope/jobscope/inventory"
	_ "github.com/jobscope/jobscope/inventory/parquet" // Parquet inventory reports
	"github.com/jobscope/jobscope/plan"
)

type planFlags struct {
	job string
	inputFlags
	runFlags
	costFlags
	format          string
	maxCost         optionalFloat
	requireComplete bool
	opts            optionFlags
	terraform       terraformFlags
}

func (f *planFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.job, "job", "", "job definition `JOB` in JSON or YAML (a CreateClassificationJob request or DescribeClassificationJob output; - reads standard input)")
	f.inputFlags.register(fs)
	f.runFlags.register(fs, "run `N` of a SCHEDULED job to plan (1 = the first run); default 1",
		"plan the run in progress at `TIME` (RFC 3339) instead of --run", "sampling seed `S`: the same seed samples the same objects")
	fs.StringVar(&f.format, "format", "text", "output: text (the summary for people; also named summary), json (the summary), jsonl or csv (one decision per object), markdown (the summary for a pull request comment)")
	f.inputFlags.registerRun(fs)
	f.costFlags.register(fs)
	fs.Var(&f.maxCost, "max-cost", "fail (exit 1) when the estimated cost exceeds `USD`, after printing the summary")
	fs.BoolVar(&f.requireComplete, "require-complete", false, "fail (exit 1) when a selected bucket has no records in the inputs")
	f.opts.register(fs, "kmsKeysAccessible=false")
	f.terraform.register(fs)
}

// inputFlags are the inputs of a dry run besides the job — the object
// sources, the bucket metadata and the tags — and how they are read.
type inputFlags struct {
	buckets, tags, dataRoot, schema, bucket string
	objects                                 objectsFlag
	progress                                string
	maxErrors, workers                      int
	s3                                      s3Flags
	noVerify                                bool
}

// register adds the flags of the inputs to fs.
func (f *inputFlags) register(fs *pflag.FlagSet) {
	f.objects.fs = fs
	fs.Var(&f.objects, "objects", "object source `SRC` (repeatable; more may follow as arguments): an S3 Inventory manifest.json, a CSV, CSV.gz or Parquet data file, aws s3api list-objects-v2 or list-object-versions JSON, or JSONL of objects (gzip is recognised from the data; - reads standard input, and a pipe is read as a stream); s3://BUCKET/KEY reads one from S3, and s3://BUCKET[/PREFIX/] lists the bucket live")
	fs.StringVar(&f.buckets, "buckets", "", "`BUCKETS.json`: aws macie2 describe-buckets output (required for bucket criteria; - reads standard input; aws calls Macie's DescribeBuckets)")
	fs.StringVar(&f.tags, "tags", "", "tag sidecar `TAGS.jsonl`: {\"bucket\",\"key\",\"versionId\"?,\"tags\"} per line (S3 Inventory has no tags; - reads standard input)")
	fs.StringVar(&f.dataRoot, "data-root", "", "`DIR` holding the inventory's destination bucket, to resolve manifest data file keys, or s3://BUCKET (default: found from the manifest's location; for an s3:// manifest, its destinationBucket)")
	fs.StringVar(&f.schema, "schema", "", "fileSchema `FIELDS` of CSV data files given without their manifest, e.g. \"Bucket, Key, Size, LastModifiedDate\"")
	fs.StringVar(&f.bucket, "bucket", "", "bucket `NAME` of list-objects outputs that do not name it")
	f.s3.register(fs)
}

// registerRun adds the flags of how the inputs are read to fs.
func (f *inputFlags) registerRun(fs *pflag.FlagSet) {
	fs.StringVar(&f.progress, "progress", "auto", "progress bar on stderr: auto (when stderr is a terminal), always or never")
	fs.IntVar(&f.maxErrors, "max-errors", 0, "rows that may be rejected before the run fails (exit 1)")
	fs.IntVar(&f.workers, "workers", 0, "data files read at once (default: one per core)")
	fs.BoolVar(&f.noVerify, "no-verify", false, "do not check data files against the MD5 checksums of their manifest, for reports you trust (sizes are still checked)")
}

// costFlags are the options of the cost estimate.
type costFlags struct {
	price, ratio              float64
	tierPrices, billed, quota string
}

// register adds the flags of the cost estimate to fs.
func (f *costFlags) register(fs *pflag.FlagSet) {
	fs.Float64Var(&f.ratio, "compression-ratio", plan.DefaultCompressionRatio, "uncompressed:stored size `RATIO` (at least 1) assumed of .gz, .gzip, .zip and .tar files, which Macie bills uncompressed; 3 is Macie's own assumption")
	fs.StringVar(&f.billed, "billed-this-month", "0", "the data, in `BYTES`, Macie already analyzed this calendar month (jobs and automated discovery; with consolidated billing, the organization's), e.g. 2TB or 500GiB (binary units: 1 GB = 2^30 bytes): where the run starts on the price tiers and the quota")
	fs.StringVar(&f.quota, "monthly-quota", "5TB", "monthly sensitive data discovery quota per account, in `BYTES` (binary units)")
	fs.StringVar(&f.tierPrices, "tier-prices", "", "`P1,P2,P3`: prices in USD per GB for the first 50 TB, the next 450 TB and over 500 TB analyzed in a month (default 1.00,0.50,0.25: US East; the last two unverified)")
	fs.Float64Var(&f.price, "price-per-gb", 0, "flat price in `USD` per GB (2^30 bytes) analyzed, replacing the price tiers and the free GB a month (negotiated prices)")
}

// objectsFlag collects --objects, noting how many arguments came before
// each, so that merge keeps the order of sources given both ways.
type objectsFlag struct {
	fs    *pflag.FlagSet
	names stringsFlag
	after []int
}

func (o *objectsFlag) String() string { return o.names.String() }
func (*objectsFlag) Type() string     { return "strings" }
func (*objectsFlag) repeatable()      {}

func (o *objectsFlag) Set(v string) error {
	o.after = append(o.after, o.fs.NArg())
	return o.names.Set(v)
}

// merge puts args, the sources given as arguments, among those of
// --objects, in the order of the command line.
func (o *objectsFlag) merge(args []string) {
	var all stringsFlag
	i := 0
	for j, name := range o.names {
		n := min(o.after[j], len(args))
		all = append(append(all, args[i:n]...), name)
		i = n
	}
	o.names = append(all, args[i:]...)
}

// runFlags are --run, --at and --created-at, which choose the run of a
// job that plan and sql look at, and --seed, which chooses its sample.
type runFlags struct {
	run           int
	at, createdAt string
	seed          uint64
}

// register adds the flags to fs with the command's helps of --run, --at
// and --seed.
func (r *runFlags) register(fs *pflag.FlagSet, runHelp, atHelp, seedHelp string) {
	fs.IntVar(&r.run, "run", 0, runHelp)
	fs.StringVar(&r.at, "at", "", atHelp)
	fs.StringVar(&r.createdAt, "created-at", "", "the job's creation `TIME` (RFC 3339); default: the job's createdAt, else now")
	fs.Uint64Var(&r.seed, "seed", 0, seedHelp)
}

// check reports --run with --at, or a --run below 1.
func (r *runFlags) check() error {
	switch {
	case r.run != 0 && r.at != "":
		return errors.New("give --run or --at, not both")
	case r.run < 0:
		return errors.New("--run must be 1 or more")
	}
	return nil
}

// times sets o.At and o.CreatedAt from --at and --created-at.
func (r *runFlags) times(o *plan.Options) (err error) {
	if o.At, err = parseTimeFlag("--at", r.at); err == nil {
		o.CreatedAt, err = parseTimeFlag("--created-at", r.createdAt)
	}
	return err
}

// parseTimeFlag reads value, the RFC 3339 time of the flag name, in UTC;
// "" is the zero time.
func parseTimeFlag(name, value string) (time.Time, error) {
	if value == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, value)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s %q is not an RFC 3339 time such as 2025-01-10T08:00:00Z", name, value)
	}
	return t.UTC(), nil
}

func newPlanCmd(s streams) *cobra.Command {
	c := newFlags(s, "plan (--job JOB | --terraform PLAN) [--objects] SRC... [flags]",
		"dry-run a job over S3 Inventory reports or object lists: what it scans, skips, and costs",
		"Dry-runs the job over object metadata, as Macie would run it: every object is scanned or skipped,\nat the first stage that rejects it (bucket, version, scope, eligibility, increment, sample), with the\nreason and the deciding part of the job, and estimates what Macie would bill and whether the monthly\nquota would pause the job. Selected buckets without records are named, with a bucket-level estimate\nfrom --buckets when it has one. Nothing is sent to AWS but the reads of s3:// inputs and --buckets aws,\nwhich report the requests made and their cost on stderr. Object sources go after --objects or as\narguments; --buckets alone, without sources, gives a bucket-level estimate only.\n\nExit 0: done; 1: invalid input, unreadable files, more rejected rows than --max-errors, an estimated\ncost over --max-cost, or a selected bucket without records with --require-complete;\n2: usage or I/O error; 130 or 143: interrupted by SIGINT or SIGTERM (a second signal exits at once).")
	c.cmd.Example = "  jobscope plan --job job.json --buckets buckets.json inventory/manifest.json\n" +
		"  jobscope plan --terraform plan.json reports/*.csv.gz --format jsonl\n" +
		"  jobscope plan --job job.json --buckets buckets.json   # bucket-level only"
	var f planFlags
	f.register(c.FlagSet)
	c.values("format", "text", "json", "jsonl", "csv", "markdown")
	c.values("progress", "auto", "always", "never")
	return c.command(func(args []string) int {
		f.objects.merge(args)
		if f.format == "summary" {
			f.format = "text"
		}
		return runPlan(c, &f)
	})
}

// runPlan runs plan with the flags f.
func runPlan(c *cmdFlags, f *planFlags) int {
	stdin, stdout, stderr := f.s3.stdin(c.stdin), c.stdout, c.stderr
	twice := stdinTwice(map[string][]string{"--job": {f.job}, "--terraform": {f.terraform.file}, "--objects": f.objects.names,
		"--buckets": {f.buckets}, "--tags": {f.tags}})
	if msg := f.inputFlags.misplaced(); msg != "" {
		return c.usageErr("%s", msg)
	}
	switch {
	case f.job == "" && f.terraform.file == "":
		return c.usageErr("--job or --terraform is required")
	case f.job != "" && f.terraform.file != "":
		return c.usageErr("give --job or --terraform, not both")
	case f.terraform.resource != "" && f.terraform.file == "":
		return c.usageErr("--resource goes with --terraform")
	case len(f.objects.names) == 0 && f.buckets == "":
		return c.usageErr("give at least one object source with --objects, or --buckets alone for a bucket-level estimate")
	case twice != "":
		return c.usageErr("%s", twice)
	case f.format != "text" && f.format != "json" && f.format != "jsonl" && f.format != "csv" && f.format != "markdown":
		return c.usageErr("--format must be text, json, jsonl, csv or markdown, not %q", f.format)
	}
	popts, lim, err := dryRunOptions(&f.inputFlags, &f.runFlags, &f.costFlags, &f.opts)
	if err != nil {
		return c.usageErr("%v", err)
	}
	engine := popts.Engine

	var j *jobscope.Job
	if f.terraform.file != "" {
		j, err = loadTerraformJob(stdin, f.terraform.file, f.terraform.resource, engine, lim)
	} else {
		j, err = loadScopeJob(stdin, f.job, engine, lim.job)
	}
	if err != nil {
		return reportScopeError(stderr, "plan", err)
	}
	if popts.CreatedAt.IsZero() && j.CreatedAt == nil && j.JobType == jobscope.Scheduled {
		popts.CreatedAt = time.Now().UTC().Truncate(time.Second)
	}
	ropts := plan.RunOptions{Workers: f.workers}
	if err := f.inputFlags.metadata(stdin, &popts, &ropts); err != nil {
		return reportScopeError(stderr, "plan", err)
	}
	dry, err := plan.New(j, popts)
	if err != nil {
		if msg, ok := optionMessage("plan", err); ok {
			return c.usageErr("%s", msg)
		}
		return reportScopeError(stderr, "plan", &scopeInputError{cmp.Or(f.job, f.terraform.file), err})
	}
	f.s3.tags = hasTagConditions(j, engine)
	sources, code := f.inputFlags.open(c, lim)
	if code != exitOK {
		return code
	}

	in := interrupts()
	defer in.stop()
	ctx := in.ctx
	out := bufio.NewWriterSize(stdout, 1<<16)
	defer out.Flush()
	// The decisions are formatted by the workers that read the files.
	switch f.format {
	case "jsonl":
		ropts.Encode, ropts.Output = appendDecisionJSON, out
	case "csv":
		cw := csv.NewWriter(out)
		if err := cw.Write(csvHeader); err != nil {
			return c.usageErr("%v", err)
		}
		cw.Flush()
		ropts.Encode, ropts.Output = appendDecisionCSV, out
	}
	bar := f.inputFlags.startProgress(stderr, sources, &ropts)
	s, err := dry.Run(ctx, sources, ropts)
	bar.stop()
	if s == nil { // the inputs do not have the columns the job needs
		return missingColumns(stderr, "plan", err)
	}
	if err != nil && !errors.Is(err, context.Canceled) {
		// RunOptions.Output failed: the decisions could not be written.
		out.Flush()
		return c.usageErr("%v", err)
	}
	switch f.format {
	case "text":
		printPlanSummary(out, j, sources, s, colorsFor(stdout))
	case "markdown":
		printPlanMarkdown(out, j, sources, s)
	case "json":
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		r := newPlanReport(j, s)
		r.AWSRequests = f.s3.jsonReport()
		enc.Encode(r)
	default: // the decisions went to stdout: the summary goes to stderr
		out.Flush()
		fmt.Fprintln(stderr, planCountsLine(s))
	}
	if err := out.Flush(); err != nil {
		return c.usageErr("%v", err)
	}
	if code := f.inputFlags.report(stderr, "plan", in, s, f.format == "json"); code != exitOK {
		return code
	}
	return checkPlanGates(stderr, f, s, len(sources) == 0)
}

// misplaced says when --buckets or --tags names a file of another kind.
func (f *inputFlags) misplaced() string {
	for _, in := range [][2]string{{"--buckets", f.buckets}, {"--tags", f.tags}} {
		if msg := misplaced(in[1], in[0]); msg != "" {
			return msg
		}
	}
	return ""
}

// check reports a --progress or --max-errors out of their range, or "".
func (f *inputFlags) check() string {
	switch {
	case f.progress != "auto" && f.progress != "always" && f.progress != "never":
		return fmt.Sprintf("--progress must be auto, always or never, not %q", f.progress)
	case f.maxErrors < 0:
		return "--max-errors must not be negative"
	}
	return f.s3.check()
}

// dryRunOptions checks the flags every dry run takes — its inputs', its
// run's, its cost's, --option and --limit — and returns the options of
// the dry run they set and the input limits; an error is a usage error.
func dryRunOptions(in *inputFlags, r *runFlags, cf *costFlags, o *optionFlags) (plan.Options, inputLimits, error) {
	if msg := in.check(); msg != "" {
		return plan.Options{}, inputLimits{}, errors.New(msg)
	}
	if err := r.check(); err != nil {
		return plan.Options{}, inputLimits{}, err
	}
	engine, lim, err := o.engine()
	if err != nil {
		return plan.Options{}, lim, err
	}
	popts, err := cf.options(engine, *r)
	return popts, lim, err
}

// options returns the options of a dry run that the flags of the cost
// estimate and r set, with the engine options engine; an error is a usage
// error.
func (f *costFlags) options(engine jobscope.Options, r runFlags) (plan.Options, error) {
	if f.price < 0 {
		return plan.Options{}, errors.New("--price-per-gb must not be negative")
	}
	popts := plan.Options{Engine: engine, Run: r.run, Seed: r.seed, PricePerGB: f.price, CompressionRatio: f.ratio}
	var err error
	if popts.BilledThisMonth, err = parseByteSize(f.billed); err != nil {
		return popts, fmt.Errorf("--billed-this-month: %v", err)
	}
	if popts.MonthlyQuota, err = parseByteSize(f.quota); err != nil || popts.MonthlyQuota == 0 {
		if err == nil {
			err = errors.New("the quota must be more than 0")
		}
		return popts, fmt.Errorf("--monthly-quota: %v", err)
	}
	if f.tierPrices != "" {
		if f.price > 0 {
			return popts, errors.New("give --tier-prices or --price-per-gb, not both")
		}
		if popts.Prices, err = parseTierPrices(f.tierPrices); err != nil {
			return popts, fmt.Errorf("--tier-prices: %v", err)
		}
	}
	return popts, r.times(&popts)
}

// metadata reads --buckets into popts and --tags into ropts, when given.
// Its errors are for reportScopeError.
func (f *inputFlags) metadata(stdin io.Reader, popts *plan.Options, ropts *plan.RunOptions) error {
	if f.buckets != "" {
		var data []byte
		var err error
		if f.buckets == "aws" {
			data, err = f.s3.describeBuckets()
		} else {
			data, err = readInput(stdin, f.buckets, func(r io.Reader, _ string) ([]byte, error) { return io.ReadAll(r) })
		}
		if err != nil {
			return err
		}
		if popts.Buckets, err = inventory.ReadBuckets(context.Background(), bytes.NewReader(data), f.buckets); err != nil {
			return &scopeInputError{f.buckets, err}
		}
		if popts.BucketSizes, err = plan.ReadBucketSizes(bytes.NewReader(data), f.buckets); err != nil {
			return &scopeInputError{f.buckets, err}
		}
	}
	if f.tags != "" {
		tags, err := readInput(stdin, f.tags, func(r io.Reader, name string) (*inventory.Tags, error) {
			return inventory.ReadTags(context.Background(), r, name)
		})
		if err != nil {
			return err
		}
		ropts.Tags = tags
	}
	return nil
}

// open opens the object sources; when one cannot be, it says why and
// returns the exit code.
func (f *inputFlags) open(c *cmdFlags, lim inputLimits) ([]*inventory.Source, int) {
	var sources []*inventory.Source
	iopts := inventory.Options{DataRoot: f.dataRoot, FileSchema: f.schema, Bucket: f.bucket, MaxPageBytes: lim.maxPageBytes, Stdin: c.stdin,
		NoVerify: f.noVerify}
	if s3input.IsURI(f.dataRoot) {
		client, err := f.s3.get()
		if err != nil {
			return nil, c.usageErr("%v", err)
		}
		iopts.Remote = client.Remote()
	}
	for _, name := range f.objects.names {
		if msg := misplaced(name, "--objects"); msg != "" {
			return nil, c.usageErr("%s", msg)
		}
		var src *inventory.Source
		var err error
		if s3input.IsURI(name) {
			src, err = f.s3.openObjects(name, iopts)
		} else {
			src, err = inventory.Open(context.Background(), name, iopts)
		}
		var ioErr *scopeIOError
		if errors.As(err, &ioErr) {
			return nil, c.usageErr("%v", err)
		}
		if err != nil {
			return nil, c.inputErr(err)
		}
		sources = append(sources, src)
	}
	return sources, exitOK
}

// startProgress starts the progress bar of --progress on stderr, or
// returns nil.
func (f *inputFlags) startProgress(stderr io.Writer, sources []*inventory.Source, ropts *plan.RunOptions) *progressBar {
	if len(sources) > 0 && (f.progress == "always" || f.progress == "auto" && isTerminal(stderr)) {
		return startProgress(stderr, sources, ropts)
	}
	return nil
}

// missingColumns says which columns the job of command cmd needs that the
// inputs lack (err, a run's error before it read anything), and returns
// exitInvalid.
func missingColumns(stderr io.Writer, cmd string, err error) int {
	errs := unjoin(err)
	var lines []string
	for _, e := range errs[:min(len(errs), maxListed)] {
		lines = append(lines, e.Error())
	}
	printCapped(stderr, "jobscope "+cmd+": ", lines, int64(len(errs)), "missing column", "missing columns")
	return exitInvalid
}

// report writes on stderr the problems of reading the inputs — the data
// files that could not be read, the rejected rows, an interruption — and
// returns the exit code they give: the signal's, or exitInvalid for a file
// error or more rejected rows than --max-errors. all says the output
// lists every file error.
func (f *inputFlags) report(stderr io.Writer, cmd string, in *interruption, s *plan.Summary, all bool) int {
	f.s3.report(stderr, cmd)
	prefix := "jobscope " + cmd + ": "
	more := ""
	if !all {
		more = " (--format json lists them all)"
	}
	printCapped(stderr, prefix, s.FileErrors, int64(len(s.FileErrors)),
		"data file that could not be read"+more, "data files that could not be read"+more)
	rows := make([]string, len(s.RowErrors))
	for i, e := range s.RowErrors {
		rows[i] = "rejected row: " + e
	}
	printCapped(stderr, prefix, rows, s.Rejected, "rejected row", "rejected rows")
	switch code, name := in.signal(); {
	case code != 0:
		fmt.Fprintf(stderr, "%sinterrupted by %s: the counts cover only the rows decided until then\n", prefix, name)
		return code
	case len(s.FileErrors) > 0:
		return exitInvalid
	case s.Rejected > int64(f.maxErrors):
		fmt.Fprintf(stderr, "%s%s rows rejected, more than --max-errors %d\n", prefix, humanize.Comma(s.Rejected), f.maxErrors)
		return exitInvalid
	}
	return exitOK
}

// checkPlanGates applies --require-complete and --max-cost to a finished
// plan, and says on stderr what the figures leave out. With bucket
// metadata alone (bucketsOnly) every selected bucket is without records:
// only those without a bucket-level estimate count as missing.
func checkPlanGates(stderr io.Writer, f *planFlags, s *plan.Summary, bucketsOnly bool) int {
	code := exitOK
	missing := s.Selection.Missing
	if bucketsOnly {
		missing = slices.DeleteFunc(slices.Clone(missing), func(m plan.MissingBucket) bool { return m.Estimate != nil })
	}
	if len(missing) > 0 && (f.requireComplete || f.format != "text") {
		var names []string
		for _, m := range missing {
			names = append(names, m.Bucket)
		}
		more := ""
		if len(names) > maxListed {
			more = fmt.Sprintf(", … and %d more", len(names)-maxListed)
			names = names[:maxListed]
		}
		what := "(bucket-level estimates in the totals"
		if s.Selection.Unknown > 0 {
			what = fmt.Sprintf("(%d unknown: the totals are lower bounds", s.Selection.Unknown)
		}
		none := "no records in the inputs"
		if bucketsOnly {
			none = "no bucket-level estimate"
		}
		fmt.Fprintf(stderr, "jobscope plan: %s of %s selected buckets %s %s %s): %s%s\n",
			count(int64(len(missing))), count(int64(s.Selection.Selected)), plural(len(missing), "has", "have"), none, what, strings.Join(names, ", "), more)
		if f.requireComplete {
			fmt.Fprintln(stderr, "jobscope plan: --require-complete: give object records for every selected bucket")
			code = exitInvalid
		}
	}
	if f.maxCost.set {
		bound := ""
		if s.LowerBound {
			bound = fmt.Sprintf(" (a lower bound: %s selected %s unknown)", count(int64(s.Selection.Unknown)), plural(s.Selection.Unknown, "bucket is", "buckets are"))
		}
		switch {
		case s.EstimatedCost > f.maxCost.v:
			fmt.Fprintf(stderr, "jobscope plan: the estimated cost %s%s exceeds --max-cost %s\n", usd(s.EstimatedCost), bound, usd(f.maxCost.v))
			code = exitInvalid
		case s.LowerBound:
			fmt.Fprintf(stderr, "jobscope plan: the estimated cost %s is within --max-cost %s, but it is a lower bound: %s selected %s unknown (--require-complete fails on that)\n",
				usd(s.EstimatedCost), usd(f.maxCost.v), count(int64(s.Selection.Unknown)), plural(s.Selection.Unknown, "bucket is", "buckets are"))
		}
	}
	return code
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// optionalFloat is a float flag that knows whether it was given.
type optionalFloat struct {
	v   float64
	set bool
}

func (o *optionalFloat) String() string {
	if o == nil || !o.set {
		return ""
	}
	return strconv.FormatFloat(o.v, 'f', -1, 64)
}

func (*optionalFloat) Type() string { return "float" }

func (o *optionalFloat) Set(s string) error {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return fmt.Errorf("%q is not an amount of at least 0", s)
	}
	o.v, o.set = v, true
	return nil
}

// byteUnits are the units parseByteSize takes, all binary, as the cost
// estimate's: a GB is 2^30 bytes.
var byteUnits = map[string]int64{
	"": 1, "b": 1,
	"k": 1 << 10, "kb": 1 << 10, "kib": 1 << 10,
	"m": 1 << 20, "mb": 1 << 20, "mib": 1 << 20,
	"g": 1 << 30, "gb": 1 << 30, "gib": 1 << 30,
	"t": 1 << 40, "tb": 1 << 40, "tib": 1 << 40,
	"p": 1 << 50, "pb": 1 << 50, "pib": 1 << 50,
}

// parseByteSize reads a number of bytes, plain (1099511627776) or with a
// binary unit (1TB, 1 TiB, 1.5tb, 500GiB: 1 TB = 2^40 bytes).
func parseByteSize(s string) (int64, error) {
	t := strings.TrimSpace(s)
	i := strings.IndexFunc(t, func(r rune) bool { return (r < '0' || r > '9') && r != '.' })
	if i < 0 {
		i = len(t)
	}
	num, unit := t[:i], strings.ToLower(strings.TrimSpace(t[i:]))
	mult, ok := byteUnits[unit]
	if num == "" || !ok {
		return 0, fmt.Errorf("%q is not a size such as 1099511627776, 2TB or 500GiB", s)
	}
	if n, err := strconv.ParseInt(num, 10, 64); err == nil {
		if n > math.MaxInt64/mult {
			return 0, fmt.Errorf("%q is too large", s)
		}
		return n * mult, nil
	}
	v, err := strconv.ParseFloat(num, 64)
	if err != nil {
		return 0, fmt.Errorf("%q is not a size such as 1099511627776, 2TB or 500GiB", s)
	}
	b := math.Round(v * float64(mult))
	if b >= math.MaxInt64 {
		return 0, fmt.Errorf("%q is too large", s)
	}
	return int64(b), nil
}

// parseTierPrices reads --tier-prices: the prices of the default tiers.
func parseTierPrices(s string) (plan.PriceTable, error) {
	pt := plan.DefaultPrices()
	parts := strings.Split(s, ",")
	if len(parts) != len(pt.Tiers) {
		return pt, fmt.Errorf("%q: give %d prices, for the first 50 TB, the next 450 TB and over 500 TB a month", s, len(pt.Tiers))
	}
	var shown []string
	for i, p := range parts {
		v, err := strconv.ParseFloat(strings.TrimPrefix(strings.TrimSpace(p), "$"), 64)
		if err != nil || v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
			return pt, fmt.Errorf("%q is not a price of at least 0", p)
		}
		pt.Tiers[i].PricePerGB = v
		shown = append(shown, "$"+strconv.FormatFloat(v, 'f', -1, 64))
	}
	pt.Source = fmt.Sprintf("--tier-prices: %s, %s and %s per GB for the first 50 TB, the next 450 TB and over 500 TB a month; first 1 GB a month free",
		shown[0], shown[1], shown[2])
	return pt, nil
}

// openInput opens the input name, standard input for "-", and returns it,
// the name to show for it, and what closes it; an error is a scopeIOError.
func openInput(stdin io.Reader, name string) (io.Reader, string, func(), error) {
	if name == "-" {
		return stdin, inventory.StdinName, func() {}, nil
	}
	if s3input.IsURI(name) {
		r, done, err := openS3(stdin, name)
		return r, name, done, err
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, name, nil, &scopeIOError{err}
	}
	return f, name, func() { f.Close() }, nil
}

// readInput opens and reads one input file (name "-": stdin) with read,
// gzip-compressed or not, telling I/O errors (exit 2) from invalid contents
// (exit 1).
func readInput[T any](stdin io.Reader, name string, read func(io.Reader, string) (T, error)) (T, error) {
	var zero T
	fh, name, done, err := openInput(stdin, name)
	if err != nil {
		return zero, err
	}
	defer done()
	if fh, err = gunzipped(fh); err != nil {
		return zero, &scopeInputError{name, err}
	}
	v, err := read(fh, name)
	var ioErr *scopeIOError
	switch {
	case errors.As(err, &ioErr):
		return zero, err
	case err != nil:
		return zero, &scopeInputError{name, err}
	}
	return v, nil
}

func unjoin(err error) []error {
	if u, ok := err.(interface{ Unwrap() []error }); ok {
		return u.Unwrap()
	}
	var list field.ErrorList
	if errors.As(err, &list) {
		return list.Unwrap()
	}
	return []error{err}
}

// decisionLine is one line of --format jsonl, a contract described by
// schema/decision.schema.json (see outschema.go); csvHeader names the same
// members.
type decisionLine struct {
	_            struct{}    `desc:"What the run does with one object."`
	Bucket       string      `json:"bucket"`
	Key          string      `json:"key" desc:"The object's key, decoded."`
	VersionID    string      `json:"versionId,omitempty" desc:"The version, when the input lists versions."`
	Size         int64       `json:"size" min:"0" desc:"The stored size in bytes."`
	LastModified string      `json:"lastModified,omitempty" format:"date-time" desc:"RFC 3339, UTC; absent when the input does not say."`
	Decision     string      `json:"decision" enum:"scan,skip"`
	Stage        string      `json:"stage,omitempty" enum:"bucket,version,scope,eligibility,increment,sample" desc:"The stage that skipped the object; absent for scan."`
	Reason       plan.Reason `json:"reason,omitempty" desc:"Why the stage skipped it; absent for scan."`
	Path         string      `json:"path,omitempty" desc:"The JSON path, in the job definition, of what decided the skip, when a part of the job did."`
}

func newDecisionLine(r *inventory.Record, d plan.Decision) decisionLine {
	l := decisionLine{Bucket: r.Bucket, Key: r.Key, VersionID: r.VersionID, Size: r.Size, Decision: "scan",
		Stage: string(d.Stage), Reason: d.Reason, Path: d.Path}
	if !r.LastModified.IsZero() {
		l.LastModified = r.LastModified.UTC().Format(time.RFC3339Nano)
	}
	if !d.Scan {
		l.Decision = "skip"
	}
	return l
}

var csvHeader = []string{"bucket", "key", "versionId", "size", "lastModified", "decision", "stage", "reason", "path"}
