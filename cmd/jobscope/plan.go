package main

import (
	"bufio"
	"cmp"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	iofs "io/fs"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/dustin/go-humanize"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/inventory"
	_ "github.com/jobscope/jobscope/inventory/parquet" // Parquet inventory reports
	"github.com/jobscope/jobscope/plan"
)

func init() {
	commands["plan"] = command{"dry-run a job over S3 Inventory reports or object lists: what it scans, skips, and costs", runPlan}
}

// stringsFlag collects a repeatable flag.
type stringsFlag []string

func (s *stringsFlag) String() string     { return strings.Join(*s, ",") }
func (s *stringsFlag) Set(v string) error { *s = append(*s, v); return nil }

type planFlags struct {
	job, buckets, tags, dataRoot, schema, bucket string
	objects                                      stringsFlag
	run                                          int
	at, createdAt                                string
	seed                                         uint64
	format, progress                             string
	maxErrors, workers                           int
	price                                        float64
	opts                                         optionFlags
	terraform                                    terraformFlags
}

func (f *planFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.job, "job", "", "job definition `JOB.json` (CreateClassificationJob request or DescribeClassificationJob output)")
	fs.Var(&f.objects, "objects", "object source `SRC` (repeatable; more may follow as arguments): an S3 Inventory manifest.json, a CSV, CSV.gz or Parquet data file, aws s3api list-objects-v2 or list-object-versions JSON, or JSONL of objects (JSON may be gzip-compressed)")
	fs.StringVar(&f.buckets, "buckets", "", "`BUCKETS.json`: aws macie2 describe-buckets output (required for bucket criteria)")
	fs.StringVar(&f.tags, "tags", "", "tag sidecar `TAGS.jsonl`: {\"bucket\",\"key\",\"versionId\"?,\"tags\"} per line (S3 Inventory has no tags)")
	fs.StringVar(&f.dataRoot, "data-root", "", "`DIR` holding the inventory's destination bucket, to resolve manifest data file keys (default: found from the manifest's location)")
	fs.StringVar(&f.schema, "schema", "", "fileSchema `FIELDS` of CSV data files given without their manifest, e.g. \"Bucket, Key, Size, LastModifiedDate\"")
	fs.StringVar(&f.bucket, "bucket", "", "bucket `NAME` of list-objects outputs that do not name it")
	fs.IntVar(&f.run, "run", 0, "run `N` of a SCHEDULED job to plan (1 = the first run); default 1")
	fs.StringVar(&f.at, "at", "", "plan the run in progress at `TIME` (RFC 3339) instead of --run")
	fs.StringVar(&f.createdAt, "created-at", "", "the job's creation `TIME` (RFC 3339); default: the job's createdAt, else now")
	fs.Uint64Var(&f.seed, "seed", 0, "sampling seed `S`: the same seed samples the same objects")
	fs.StringVar(&f.format, "format", "summary", "output: summary (for people), json (the summary), jsonl or csv (one decision per object)")
	fs.StringVar(&f.progress, "progress", "auto", "progress bar on stderr: auto (when stderr is a terminal), always or never")
	fs.IntVar(&f.maxErrors, "max-errors", 0, "rows that may be rejected before the run fails (exit 1)")
	fs.IntVar(&f.workers, "workers", 0, "data files read at once (default: one per core)")
	fs.Float64Var(&f.price, "price-per-gb", plan.DefaultPricePerGB, "price in USD per GB (2^30 bytes) analyzed, for the cost estimate")
	f.opts.register(fs, "kmsKeysAccessible=false")
	f.terraform.register(fs)
}

func runPlan(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("plan", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var f planFlags
	f.register(fs)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: jobscope plan (--job JOB.json | --terraform PLAN.json [--resource ADDRESS]) --objects SRC...\n                     [--buckets BUCKETS.json] [--tags TAGS.jsonl]\n                     [--run N | --at TIME] [--seed S] [--format summary|json|jsonl|csv] [--progress auto|always|never]")
		fmt.Fprintln(stderr, "\nDry-runs the job over object metadata, as Macie would run it: every object is scanned or skipped,\nat the first stage that rejects it (bucket, version, scope, eligibility, increment, sample), with the\nreason and the deciding part of the job. Nothing is sent to AWS.\nExit 0: done; 1: invalid input, unreadable files, or more rejected rows than --max-errors;\n2: usage or I/O error; 130 or 143: interrupted by SIGINT or SIGTERM (a second signal exits at once).\n\nFlags:")
		fs.PrintDefaults()
	}
	// Flags and sources may be interleaved: parse, take the arguments up to
	// the next flag as sources, and go on.
	rest := args
	for {
		if code, done := parseFlags(fs, rest); done {
			return code
		}
		rest = fs.Args()
		for len(rest) > 0 && !strings.HasPrefix(rest[0], "-") {
			f.objects = append(f.objects, rest[0])
			rest = rest[1:]
		}
		if len(rest) == 0 {
			break
		}
	}
	usageErr := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "jobscope plan: "+format+"\n", a...)
		return exitUsage
	}
	switch {
	case f.job == "" && f.terraform.file == "":
		return usageErr("--job or --terraform is required")
	case f.job != "" && f.terraform.file != "":
		return usageErr("give --job or --terraform, not both")
	case f.terraform.resource != "" && f.terraform.file == "":
		return usageErr("--resource goes with --terraform")
	case len(f.objects) == 0:
		return usageErr("give at least one object source with --objects")
	case f.format != "summary" && f.format != "json" && f.format != "jsonl" && f.format != "csv":
		return usageErr("--format must be summary, json, jsonl or csv, not %q", f.format)
	case f.progress != "auto" && f.progress != "always" && f.progress != "never":
		return usageErr("--progress must be auto, always or never, not %q", f.progress)
	case f.run != 0 && f.at != "":
		return usageErr("give --run or --at, not both")
	case f.run < 0:
		return usageErr("--run must be 1 or more")
	case f.maxErrors < 0:
		return usageErr("--max-errors must not be negative")
	}
	engine, lim, err := f.opts.engine()
	if err != nil {
		return usageErr("%v", err)
	}
	popts := plan.Options{Engine: engine, Run: f.run, Seed: f.seed, PricePerGB: f.price}
	for _, t := range []struct {
		flag, value string
		dst         *time.Time
	}{{"--at", f.at, &popts.At}, {"--created-at", f.createdAt, &popts.CreatedAt}} {
		if t.value == "" {
			continue
		}
		v, err := time.Parse(time.RFC3339Nano, t.value)
		if err != nil {
			return usageErr("%s %q is not an RFC 3339 time such as 2025-01-10T08:00:00Z", t.flag, t.value)
		}
		*t.dst = v.UTC()
	}

	var j *jobscope.Job
	if f.terraform.file != "" {
		j, err = loadTerraformJob(stdin, f.terraform.file, f.terraform.resource, engine, lim)
	} else {
		j, err = loadScopeJob(f.job, engine, lim.job)
	}
	if err != nil {
		return reportScopeError(stderr, "plan", err)
	}
	if popts.CreatedAt.IsZero() && j.CreatedAt == nil && j.JobType == jobscope.Scheduled {
		popts.CreatedAt = time.Now().UTC().Truncate(time.Second)
	}
	if f.buckets != "" {
		if popts.Buckets, err = readInput(f.buckets, inventory.ReadBuckets); err != nil {
			return reportScopeError(stderr, "plan", err)
		}
	}
	var ropts plan.RunOptions
	ropts.Workers = f.workers
	if f.tags != "" {
		tags, err := readInput(f.tags, inventory.ReadTags)
		if err != nil {
			return reportScopeError(stderr, "plan", err)
		}
		ropts.Tags = tags
	}
	dry, err := plan.New(j, popts)
	if err != nil {
		var ce *plan.ConfigError
		if errors.As(err, &ce) {
			return usageErr("%s", planConfigMessage(ce))
		}
		return reportScopeError(stderr, "plan", &scopeInputError{cmp.Or(f.job, f.terraform.file), err})
	}
	var sources []*inventory.Source
	iopts := inventory.Options{DataRoot: f.dataRoot, FileSchema: f.schema, Bucket: f.bucket}
	for _, name := range f.objects {
		src, err := inventory.Open(name, iopts)
		if err != nil {
			if errors.Is(err, iofs.ErrNotExist) {
				return usageErr("%v", err)
			}
			fmt.Fprintf(stderr, "jobscope plan: %v\n", err)
			return exitInvalid
		}
		sources = append(sources, src)
	}

	in := interrupts()
	defer in.stop()
	ctx := in.ctx
	out := bufio.NewWriterSize(stdout, 1<<16)
	defer out.Flush()
	var cw *csv.Writer
	switch f.format {
	case "jsonl":
		ropts.Decisions = jsonlWriter(out)
	case "csv":
		cw = csv.NewWriter(out)
		if err := cw.Write(csvHeader); err != nil {
			return usageErr("%v", err)
		}
		ropts.Decisions = csvWriter(cw)
	}
	var bar *progressBar
	if f.progress == "always" || f.progress == "auto" && isTerminal(stderr) {
		bar = startProgress(stderr, sources)
	}
	s, err := dry.Run(ctx, sources, ropts)
	bar.stop()
	if cw != nil {
		cw.Flush()
	}
	if s == nil { // the inputs do not have the columns the job needs
		errs := unjoin(err)
		var lines []string
		for _, e := range errs[:min(len(errs), maxListed)] {
			lines = append(lines, e.Error())
		}
		printCapped(stderr, "jobscope plan: ", lines, int64(len(errs)), "missing column", "missing columns")
		return exitInvalid
	}
	if err != nil && !errors.Is(err, context.Canceled) {
		// RunOptions.Decisions failed: the decisions could not be written.
		out.Flush()
		fmt.Fprintf(stderr, "jobscope plan: %v\n", err)
		return exitUsage
	}
	switch f.format {
	case "summary":
		printPlanSummary(out, j, sources, s)
	case "json":
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		enc.Encode(s)
	default: // the decisions went to stdout: the summary goes to stderr
		out.Flush()
		fmt.Fprintln(stderr, planCountsLine(s))
	}
	if err := out.Flush(); err != nil {
		fmt.Fprintf(stderr, "jobscope plan: %v\n", err)
		return exitUsage
	}
	more := ""
	if f.format != "json" {
		more = " (--format json lists them all)"
	}
	printCapped(stderr, "jobscope plan: ", s.FileErrors, int64(len(s.FileErrors)),
		"data file that could not be read"+more, "data files that could not be read"+more)
	for i, e := range s.RowErrors {
		s.RowErrors[i] = "rejected row: " + e
	}
	printCapped(stderr, "jobscope plan: ", s.RowErrors, s.Rejected, "rejected row", "rejected rows")
	switch code, name := in.signal(); {
	case code != 0:
		fmt.Fprintf(stderr, "jobscope plan: interrupted by %s: the counts cover only the rows decided until then\n", name)
		return code
	case len(s.FileErrors) > 0:
		return exitInvalid
	case s.Rejected > int64(f.maxErrors):
		fmt.Fprintf(stderr, "jobscope plan: %s rows rejected, more than --max-errors %d\n", humanize.Comma(s.Rejected), f.maxErrors)
		return exitInvalid
	}
	return exitOK
}

// readInput opens and reads one input file with read, telling I/O errors
// (exit 2) from invalid contents (exit 1).
func readInput[T any](name string, read func(io.Reader, string) (T, error)) (T, error) {
	var zero T
	fh, err := os.Open(name)
	if err != nil {
		return zero, &scopeIOError{err}
	}
	defer fh.Close()
	v, err := read(fh, name)
	if err != nil {
		return zero, &scopeInputError{name, err}
	}
	return v, nil
}

// planConfigMessage words a plan.ConfigError in terms of the command's
// flags (plan's and sql's, which share them).
func planConfigMessage(ce *plan.ConfigError) string {
	switch ce.Field {
	case "Buckets":
		return "the job selects buckets by bucketCriteria, which are evaluated over bucket metadata: give --buckets with aws macie2 describe-buckets output"
	case "Run":
		return "--run: " + ce.Message
	case "At":
		return "--at: " + ce.Message
	case "CreatedAt":
		return "--created-at: " + ce.Message
	case "PricePerGB":
		return "--price-per-gb: " + ce.Message
	}
	return ce.Error()
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

// decisionLine is one line of --format jsonl (DESIGN §5).
type decisionLine struct {
	Bucket       string `json:"bucket"`
	Key          string `json:"key"`
	VersionID    string `json:"versionId,omitempty"`
	Size         int64  `json:"size"`
	LastModified string `json:"lastModified"`
	Decision     string `json:"decision"`
	Stage        string `json:"stage,omitempty"`
	Reason       string `json:"reason,omitempty"`
	Path         string `json:"path,omitempty"`
}

func newDecisionLine(r *inventory.Record, d plan.Decision) decisionLine {
	l := decisionLine{Bucket: r.Bucket, Key: r.Key, VersionID: r.VersionID, Size: r.Size, Decision: "scan",
		Stage: string(d.Stage), Reason: string(d.Reason), Path: d.Path}
	if !r.LastModified.IsZero() {
		l.LastModified = r.LastModified.UTC().Format(time.RFC3339Nano)
	}
	if !d.Scan {
		l.Decision = "skip"
	}
	return l
}

func jsonlWriter(w io.Writer) func(*inventory.Record, plan.Decision) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return func(r *inventory.Record, d plan.Decision) error {
		return enc.Encode(newDecisionLine(r, d))
	}
}

var csvHeader = []string{"bucket", "key", "versionId", "size", "lastModified", "decision", "stage", "reason", "path"}

// csvWriter writes decisions as CSV rows under csvHeader; the caller
// flushes cw.
func csvWriter(cw *csv.Writer) func(*inventory.Record, plan.Decision) error {
	return func(r *inventory.Record, d plan.Decision) error {
		l := newDecisionLine(r, d)
		return cw.Write([]string{l.Bucket, l.Key, l.VersionID, strconv.FormatInt(l.Size, 10), l.LastModified, l.Decision, l.Stage, l.Reason, l.Path})
	}
}
