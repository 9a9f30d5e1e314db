// Command jobscope tells, before anything runs, what an Amazon Macie
// sensitive data discovery (classification) job will do. It reads job
// definitions in Macie's own JSON shape and never calls AWS.
//
// Usage:
//
//	jobscope plan (--job JOB.json | --terraform PLAN.json) --objects SRC... [--buckets BUCKETS.json] [--tags TAGS.jsonl]
//	              [--run N | --at TIME] [--seed S] [--format text|json|jsonl|csv] [--progress auto|always|never]
//	jobscope diff (OLD.json NEW.json | --terraform PLAN.json) --objects SRC... [--buckets BUCKETS.json] [--tags TAGS.jsonl]
//	              [--format text|json|jsonl|markdown] [--fail-on-increase BYTES|USD]
//	jobscope validate [--format text|json|github|sarif] [--terraform PLAN.json]... [--option NAME=VALUE]... JOB.json...
//	jobscope explain --job JOB.json (--object OBJECT.json | --bucket-metadata BUCKET.json)
//	jobscope buckets --job JOB.json --buckets BUCKETS.json
//	jobscope schedule --job JOB.json [--created-at TIME] [--count N] [--format text|json]
//	jobscope sql --job JOB.json [--dialect athena|duckdb] [--inventory csv|parquet|orc|metadata] [--table NAME] [--ddl] [--summary]
//	jobscope schema
//	jobscope completion bash|zsh|fish|powershell
//
// Flags may come before or after arguments. Run `jobscope --help` for the
// list of commands, `jobscope help COMMAND` for a command's flags, and
// `jobscope --version` for the version; docs/cli holds the same help as
// Markdown. A flag other than --objects, --option, --limit and validate's
// --terraform may be given once. Every command that reads a job takes --option
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
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/terraform"
)

// Exit codes.
const (
	exitOK      = 0
	exitInvalid = 1
	exitUsage   = 2
)

// commands are the subcommands, each made by its constructor.
var commands = []func(streams) *cobra.Command{
	newBucketsCmd,
	newCoverageCmd,
	newDiffCmd,
	newExplainCmd,
	newPlanCmd,
	newScheduleCmd,
	newSchemaCmd,
	newSQLCmd,
	newValidateCmd,
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// optionFlags collects repeated --option NAME=VALUE and --limit NAME=N
// flags.
type optionFlags struct {
	options nameValues
	limits  nameValues
}

// register adds the --option and --limit flags to fs.
func (o *optionFlags) register(fs *pflag.FlagSet, example string) {
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

func (*nameValues) Type() string { return "NAME=VALUE" }
func (*nameValues) repeatable()  {}

func (o *nameValues) Set(v string) error {
	if !strings.Contains(v, "=") {
		return fmt.Errorf("want NAME=VALUE, got %q", v)
	}
	*o = append(*o, v)
	return nil
}
