// Command jobscope tells, before anything runs, what an Amazon Macie
// sensitive data discovery (classification) job will do. It reads job
// definitions in Macie's own JSON shape and never calls AWS.
//
// Usage:
//
//	jobscope plan (--job JOB.json | --terraform PLAN.json) --objects SRC... [--buckets BUCKETS.json] [--tags TAGS.jsonl]
//	              [--run N | --at TIME] [--seed S] [--format summary|json|jsonl|csv] [--progress auto|always|never]
//	jobscope validate [--format text|json] [--terraform PLAN.json]... [--option NAME=VALUE]... JOB.json...
//	jobscope explain --job JOB.json (--object OBJECT.json | --bucket BUCKET.json)
//	jobscope buckets --job JOB.json --buckets BUCKETS.json
//	jobscope schedule --job JOB.json [--created-at TIME] [--count N] [--format text|json]
//	jobscope sql --job JOB.json [--dialect athena|duckdb] [--inventory csv|parquet|orc|metadata] [--table NAME] [--ddl] [--summary]
//	jobscope schema
//
// Run `jobscope` alone for the list of commands, and `jobscope COMMAND -h`
// for a command's flags. Every command that reads a job takes --option
// NAME=VALUE to set an engine choice by its conformance-suite name, and
// --limit NAME=N to set one of the limits on a job file's size and shape,
// which also bound each job of a Terraform plan (jobscope.Limits:
// MaxBytes, MaxDepth, MaxValues, MaxValuesPerTerm, MaxTermsPerBlock,
// MaxKeyLength; a negative N turns off one of the last three), or on a
// whole Terraform plan (terraform.Options: MaxPlanBytes, MaxResources; a
// negative N turns them off); an error beyond a limit names it.
//
// Exit codes: 0 success (validate: every job valid), 1 invalid input, 2 usage
// or I/O error; plan, interrupted, 130 (SIGINT) or 143 (SIGTERM) after
// writing what it had decided.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	iofs "io/fs"
	"math"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/terraform"
)

// Exit codes.
const (
	exitOK      = 0
	exitInvalid = 1
	exitUsage   = 2
)

type command struct {
	summary string
	run     func(args []string, stdin io.Reader, stdout, stderr io.Writer) int
}

// commands are the subcommands, by name.
var commands = map[string]command{
	"buckets":  {"list which buckets of a DescribeBuckets output a job selects, and why not the others", runBuckets},
	"explain":  {"say whether a job's scope takes an object or a bucket, and why", runExplain},
	"plan":     {"dry-run a job over S3 Inventory reports or object lists: what it scans, skips, and costs", runPlan},
	"schedule": {"list a job's next runs, noting months a monthly schedule skips", runSchedule},
	"schema":   {"print the JSON Schema (draft 2020-12) of a CreateClassificationJob request", runSchema},
	"sql":      {"write a job's scope as SQL for Amazon Athena (or DuckDB) over S3 Inventory", runSQL},
	"validate": {"check job definitions as Macie's CreateClassificationJob would", runValidate},
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "jobscope: unknown command %q\n\n", args[0])
		usage(stderr)
		return exitUsage
	}
	return cmd.run(args[1:], stdin, stdout, stderr)
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "jobscope: offline semantics of Amazon Macie classification jobs (it never calls AWS)")
	fmt.Fprintln(w, "\nUsage: jobscope COMMAND [flags] [args]\n\nCommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'jobscope COMMAND -h' for a command's flags.")
}

// cmdFlags is a command's flag set. Its errors and -h go to stderr; -h
// prints the command's usage line, what it does and its flags.
type cmdFlags struct {
	*flag.FlagSet
	name   string
	stderr io.Writer
}

// newFlags returns the flags of the command name, whose -h prints usage,
// a blank line, about and, when the command has flags, its flags.
func newFlags(name string, stderr io.Writer, usage, about string) *cmdFlags {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "%s\n\n%s\n", usage, about)
		hasFlags := false
		fs.VisitAll(func(*flag.Flag) { hasFlags = true })
		if hasFlags {
			fmt.Fprintln(stderr, "\nFlags:")
			fs.PrintDefaults()
		}
	}
	return &cmdFlags{fs, name, stderr}
}

// parse parses args. It returns done=true with the exit code when the
// command should stop: after -h (0) or a flag error (2).
func (c *cmdFlags) parse(args []string) (code int, done bool) {
	if err := c.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK, true
		}
		return exitUsage, true
	}
	return exitOK, false
}

// parseFlagsOnly parses args, which must all be flags, and checks --format
// and that every flag of required is given, like parse.
func (c *cmdFlags) parseFlagsOnly(args []string, format *string, required ...string) (code int, done bool) {
	if code, done := c.parse(args); done {
		return code, true
	}
	switch {
	case c.NArg() > 0:
		return c.usageErr("unexpected argument %q", c.Arg(0)), true
	case checkFormat(*format) != nil:
		return c.usageErr("%v", checkFormat(*format)), true
	}
	for _, name := range required {
		if c.Lookup(name).Value.String() == "" {
			verb := "is"
			if len(required) > 1 {
				verb = "are"
			}
			return c.usageErr("--%s %s required", strings.Join(required, " and --"), verb), true
		}
	}
	return exitOK, false
}

// usageErr prints "jobscope NAME: " and the message on stderr and returns
// exitUsage.
func (c *cmdFlags) usageErr(format string, a ...any) int {
	fmt.Fprintf(c.stderr, "jobscope "+c.name+": "+format+"\n", a...)
	return exitUsage
}

// inputErr prints err, which names an input that could not be opened, and
// returns its exit code: exitUsage when the file does not exist, else
// exitInvalid.
func (c *cmdFlags) inputErr(err error) int {
	if errors.Is(err, iofs.ErrNotExist) {
		return c.usageErr("%v", err)
	}
	fmt.Fprintf(c.stderr, "jobscope %s: %v\n", c.name, err)
	return exitInvalid
}

// format adds the --format flag of the commands that write text or json.
func (c *cmdFlags) format() *string {
	return c.String("format", "text", "output format: text or json")
}

// checkFormat reports a --format other than text or json.
func checkFormat(format string) error {
	if format != "text" && format != "json" {
		return fmt.Errorf("--format must be text or json, not %q", format)
	}
	return nil
}

// options adds the --option and --limit flags; example is an --option.
func (c *cmdFlags) options(example string) *optionFlags {
	var o optionFlags
	o.register(c.FlagSet, example)
	return &o
}

// writeJSON writes v as indented JSON to stdout; it returns exitUsage,
// after saying why, when that fails.
func (c *cmdFlags) writeJSON(stdout io.Writer, v any) int {
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return c.usageErr("%v", err)
	}
	return exitOK
}

// optionFlags collects repeated --option NAME=VALUE and --limit NAME=N
// flags.
type optionFlags struct {
	options nameValues
	limits  nameValues
}

// register adds the --option and --limit flags to fs.
func (o *optionFlags) register(fs *flag.FlagSet, example string) {
	fs.Var(&o.options, "option", "engine option `NAME=VALUE` (repeatable), e.g. "+example+"; names: "+strings.Join(jobscope.OptionNames(), ", "))
	fs.Var(&o.limits, "limit", "input limit `NAME=N` (repeatable), e.g. MaxValuesPerTerm=50000: on a job file and each job of a --terraform plan "+
		"(MaxBytes, MaxDepth, MaxValues, MaxValuesPerTerm, MaxTermsPerBlock, MaxKeyLength; a negative N turns off the last three), "+
		"on a whole --terraform plan (MaxPlanBytes, MaxResources; a negative N turns them off), "+
		"on the pages of a Parquet data file (MaxPageBytes)")
}

// inputLimits are the bounds --limit sets on what a command reads.
type inputLimits struct {
	job                        jobscope.Limits // a job file, and each job of a Terraform plan
	maxPlanBytes, maxResources int64           // a Terraform plan
	maxPageBytes               int64           // the pages of a Parquet data file
}

// terraform returns the options of a Terraform plan's reader.
func (l inputLimits) terraform() terraform.Options {
	return terraform.Options{Limits: l.job, MaxPlanBytes: l.maxPlanBytes, MaxResources: int(l.maxResources)}
}

// engine returns the engine options and the limits the flags set.
func (o *optionFlags) engine() (jobscope.Options, inputLimits, error) {
	var engine jobscope.Options
	var lim inputLimits
	for _, opt := range o.options {
		name, value, _ := strings.Cut(opt, "=")
		if err := engine.Set(name, value); err != nil {
			return engine, lim, err
		}
	}
	for _, l := range o.limits {
		name, value, _ := strings.Cut(l, "=")
		i := slices.IndexFunc(limitFlags, func(f limitFlag) bool { return f.name == name })
		if i < 0 {
			var names []string
			for _, f := range limitFlags {
				names = append(names, f.name)
			}
			return engine, lim, fmt.Errorf("unknown limit %q; limits are %s", name, strings.Join(names, ", "))
		}
		f := limitFlags[i]
		n, err := strconv.ParseInt(value, 10, 64)
		if err != nil || n == 0 || n > f.max {
			return engine, lim, fmt.Errorf("limit %s: %q is not a whole number other than 0, at most %d", name, value, f.max)
		}
		if n < 0 && !f.off {
			return engine, lim, fmt.Errorf("limit %s: %d; only MaxValuesPerTerm, MaxTermsPerBlock, MaxKeyLength, MaxPlanBytes and MaxResources can be turned off", name, n)
		}
		f.set(&lim, n)
	}
	return engine, lim, nil
}

// limitFlag is one limit --limit sets: its name, largest value, whether a
// negative value turns it off, and where it goes.
type limitFlag struct {
	name string
	max  int64
	off  bool
	set  func(*inputLimits, int64)
}

var limitFlags = []limitFlag{
	{"MaxBytes", math.MaxInt, false, func(l *inputLimits, n int64) { l.job.MaxBytes = int(n) }},
	{"MaxDepth", math.MaxInt, false, func(l *inputLimits, n int64) { l.job.MaxDepth = int(n) }},
	{"MaxValues", math.MaxInt, false, func(l *inputLimits, n int64) { l.job.MaxValues = int(n) }},
	{"MaxValuesPerTerm", math.MaxInt, true, func(l *inputLimits, n int64) { l.job.MaxValuesPerTerm = int(n) }},
	{"MaxTermsPerBlock", math.MaxInt, true, func(l *inputLimits, n int64) { l.job.MaxTermsPerBlock = int(n) }},
	{"MaxKeyLength", math.MaxInt, true, func(l *inputLimits, n int64) { l.job.MaxKeyLength = int(n) }},
	{"MaxPlanBytes", math.MaxInt64, true, func(l *inputLimits, n int64) { l.maxPlanBytes = n }},
	{"MaxResources", math.MaxInt, true, func(l *inputLimits, n int64) { l.maxResources = n }},
	{"MaxPageBytes", math.MaxInt64, false, func(l *inputLimits, n int64) { l.maxPageBytes = n }},
}

// nameValues collects a repeated NAME=VALUE flag.
type nameValues []string

func (o *nameValues) String() string { return strings.Join(*o, ",") }

func (o *nameValues) Set(v string) error {
	if !strings.Contains(v, "=") {
		return fmt.Errorf("want NAME=VALUE, got %q", v)
	}
	*o = append(*o, v)
	return nil
}
