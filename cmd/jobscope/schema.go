package main

import (
	"fmt"
	"io"

	"github.com/jobscope/jobscope/jsonschema"
)

func runSchema(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	c := newFlags("schema", stderr, "Usage: jobscope schema > create-classification-job.schema.json",
		"Prints the JSON Schema (draft 2020-12) of a CreateClassificationJob request, generated from\njobscope's types: member names and types, enums, lengths and counts, required members and the\nrules between members that a schema can state. Editors use it to complete and check job files;\njobscope validate checks the rest. The same schema is committed as\nschema/create-classification-job.schema.json ($id "+jsonschema.ID+").")
	if code, done := c.parse(args); done {
		return code
	}
	if c.NArg() > 0 {
		fmt.Fprintf(stderr, "jobscope schema: unexpected argument %q\n", c.Arg(0))
		c.Usage()
		return exitUsage
	}
	if _, err := stdout.Write(jsonschema.Marshal()); err != nil {
		return c.usageErr("%v", err)
	}
	return exitOK
}
