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
// for a command's flags. Every command takes --option NAME=VALUE to set an
// engine choice by its conformance-suite name.
//
// Exit codes: 0 success (validate: every job valid), 1 invalid input, 2 usage
// or I/O error.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/jobscope/jobscope"
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

// commands holds the subcommands; each command's file registers itself in
// an init function.
var commands = map[string]command{}

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

// parseFlags parses args into fs. It returns done=true with the exit code
// when the command should stop: after -h (0) or a flag error (2).
func parseFlags(fs *flag.FlagSet, args []string) (code int, done bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK, true
		}
		return exitUsage, true
	}
	return exitOK, false
}

// formatFlag adds the --format flag every command has: text or json.
func formatFlag(fs *flag.FlagSet) *string {
	return fs.String("format", "text", "output format: text or json")
}

// checkFormat reports a --format other than text or json.
func checkFormat(format string) error {
	if format != "text" && format != "json" {
		return fmt.Errorf("--format must be text or json, not %q", format)
	}
	return nil
}

// optionFlags collects repeated --option NAME=VALUE flags.
type optionFlags []string

func (o *optionFlags) String() string { return strings.Join(*o, ",") }

// register adds the --option flag to fs.
func (o *optionFlags) register(fs *flag.FlagSet, example string) {
	fs.Var(o, "option", "engine option `NAME=VALUE` (repeatable), e.g. "+example+"; names: "+strings.Join(jobscope.OptionNames(), ", "))
}

// engine returns the engine options the flags set.
func (o optionFlags) engine() (jobscope.Options, error) {
	var engine jobscope.Options
	for _, opt := range o {
		name, value, _ := strings.Cut(opt, "=")
		if err := engine.Set(name, value); err != nil {
			return engine, err
		}
	}
	return engine, nil
}

func (o *optionFlags) Set(v string) error {
	if !strings.Contains(v, "=") {
		return fmt.Errorf("want NAME=VALUE, got %q", v)
	}
	*o = append(*o, v)
	return nil
}
