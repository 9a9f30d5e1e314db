package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/jobscope/jobscope/jsonschema"
)

func runSchema(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("schema", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: jobscope schema > create-classification-job.schema.json")
		fmt.Fprintln(stderr, "\nPrints the JSON Schema (draft 2020-12) of a CreateClassificationJob request, generated from\njobscope's types: member names and types, enums, lengths and counts, required members and the\nrules between members that a schema can state. Editors use it to complete and check job files;\njobscope validate checks the rest. The same schema is committed as\nschema/create-classification-job.schema.json ($id "+jsonschema.ID+").")
	}
	if code, done := parseFlags(fs, args); done {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "jobscope schema: unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return exitUsage
	}
	if _, err := stdout.Write(jsonschema.Marshal()); err != nil {
		fmt.Fprintf(stderr, "jobscope schema: %v\n", err)
		return exitUsage
	}
	return exitOK
}
