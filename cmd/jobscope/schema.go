package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/jobscope/jobscope/jsonschema"
)

func newSchemaCmd(s streams) *cobra.Command {
	names := []string{"job"}
	var list strings.Builder
	fmt.Fprintf(&list, "  %-11s a CreateClassificationJob request (the default)\n", "job")
	for _, o := range outputs {
		names = append(names, o.name)
		fmt.Fprintf(&list, "  %-11s %s\n", o.name, strings.TrimPrefix(o.title, "jobscope "))
	}
	c := newFlags(s, "schema [NAME]",
		"print the JSON Schema of a job definition or of one of jobscope's JSON outputs",
		"Prints a JSON Schema (draft 2020-12). Without NAME, or with job, the schema of a\nCreateClassificationJob request, generated from jobscope's types: member names and types, enums,\nlengths and counts, required members and the rules between members that a schema can state.\nEditors use it to complete and check job files; jobscope validate checks the rest.\n\nWith the name of an output, the schema of that output: each JSON output carries a\n\"schemaVersion\", and its schema is the contract (docs/output.md). The same schemas are\ncommitted as schema/NAME.schema.json (the job's as\nschema/create-classification-job.schema.json). The names:\n\n"+strings.TrimSuffix(list.String(), "\n"))
	c.cmd.Example = "  jobscope schema > create-classification-job.schema.json\n  jobscope schema plan > plan.schema.json"
	c.cmd.ValidArgs = names
	return c.command(func(args []string) int {
		switch {
		case len(args) > 1:
			fmt.Fprintf(c.stderr, "jobscope schema: unexpected argument %q\n", args[1])
			c.usage()
			return exitUsage
		case len(args) == 0 || args[0] == "job":
			if _, err := c.stdout.Write(jsonschema.Marshal()); err != nil {
				return c.usageErr("%v", err)
			}
			return exitOK
		}
		for _, o := range outputs {
			if o.name == args[0] {
				if _, err := c.stdout.Write(outputSchema(o)); err != nil {
					return c.usageErr("%v", err)
				}
				return exitOK
			}
		}
		return c.usageErr("no schema named %q; the names are %s", args[0], strings.Join(names, ", "))
	})
}
