package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/field"
)

func init() {
	commands["validate"] = command{"check job definitions as Macie's CreateClassificationJob would", runValidate}
}

type validateResult struct {
	File   string         `json:"file"`
	Valid  bool           `json:"valid"`
	Errors []*field.Error `json:"errors"`
}

func runValidate(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("validate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := formatFlag(fs)
	var opts optionFlags
	opts.register(fs, "requireClientToken=true")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: jobscope validate [--format text|json] [--option NAME=VALUE]... JOB.json... (- reads standard input)")
		fmt.Fprintln(stderr, "\nChecks each job definition (a CreateClassificationJob request or DescribeClassificationJob output)\nand reports every problem with its JSON path. Exit 0: all valid; 1: some invalid; 2: usage or I/O error.\n\nFlags:")
		fs.PrintDefaults()
	}
	if code, done := parseFlags(fs, args); done {
		return code
	}
	if err := checkFormat(*format); err != nil {
		fmt.Fprintf(stderr, "jobscope validate: %v\n", err)
		return exitUsage
	}
	engine, err := opts.engine()
	if err != nil {
		fmt.Fprintf(stderr, "jobscope validate: %v\n", err)
		return exitUsage
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "jobscope validate: no job files given (use - for standard input)")
		fs.Usage()
		return exitUsage
	}

	code := exitOK
	results := []validateResult{}
	for _, name := range fs.Args() {
		var r io.Reader
		display := name
		if name == "-" {
			r, display = stdin, "<stdin>"
		} else {
			f, err := os.Open(name)
			if err != nil {
				fmt.Fprintf(stderr, "jobscope validate: %v\n", err)
				code = exitUsage
				continue
			}
			defer f.Close()
			r = f
		}
		_, err := jobscope.Load(r, jobscope.Limits{}, engine)
		res := validateResult{File: display, Valid: err == nil, Errors: []*field.Error{}}
		var list field.ErrorList
		switch {
		case err == nil:
		case errors.As(err, &list):
			res.Errors = list
			if code == exitOK {
				code = exitInvalid
			}
		default: // reading failed
			fmt.Fprintf(stderr, "jobscope validate: %s: %v\n", display, err)
			code = exitUsage
			continue
		}
		results = append(results, res)
		if *format == "text" {
			printText(stdout, res)
		}
	}
	if *format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(results); err != nil {
			fmt.Fprintf(stderr, "jobscope validate: %v\n", err)
			return exitUsage
		}
	}
	return code
}

// printText writes "file: valid", or one line per problem:
// "file: path: message", with ":line:column" after the file when known.
func printText(w io.Writer, r validateResult) {
	if r.Valid {
		fmt.Fprintf(w, "%s: valid\n", r.File)
		return
	}
	for _, e := range r.Errors {
		loc := r.File
		if e.Line > 0 {
			loc = fmt.Sprintf("%s:%d:%d", r.File, e.Line, e.Column)
		}
		if e.Path != "" {
			fmt.Fprintf(w, "%s: %s: %s\n", loc, e.Path, e.Message)
		} else {
			fmt.Fprintf(w, "%s: %s\n", loc, e.Message)
		}
	}
}
