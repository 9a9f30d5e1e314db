package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/jobscope/jobscope/jsonschema"
)

func newSchemaCmd(s streams) *cobra.Command {
	c := newFlags(s, "schema",
		"print the JSON Schema (draft 2020-12) of a CreateClassificationJob request",
		"Prints the JSON Schema (draft 2020-12) of a CreateClassificationJob request, generated from\njobscope's types: member names and types, enums, lengths and counts, required members and the\nrules between members that a schema can state. Editors use it to complete and check job files;\njobscope validate checks the rest. The same schema is committed as\nschema/create-classification-job.schema.json ($id "+jsonschema.ID+").")
	c.cmd.Example = "  jobscope schema > create-classification-job.schema.json"
	return c.command(func(args []string) int {
		if len(args) > 0 {
			fmt.Fprintf(c.stderr, "jobscope schema: unexpected argument %q\n", args[0])
			c.usage()
			return exitUsage
		}
		if _, err := c.stdout.Write(jsonschema.Marshal()); err != nil {
			return c.usageErr("%v", err)
		}
		return exitOK
	})
}
