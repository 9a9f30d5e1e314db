package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/jobscope/jobscope/criteria"
	"github.com/jobscope/jobscope/inventory"
)

type bucketLine struct {
	_          struct{} `desc:"One bucket of the input."`
	AccountID  string   `json:"accountId"`
	BucketName string   `json:"bucketName"`
	Selected   bool     `json:"selected" desc:"The job selects the bucket."`
	// Decision, DecidingPath and Deciding say why a bucket is not selected.
	Decision     string       `json:"decision,omitempty" desc:"Why the job does not select the bucket."`
	DecidingPath string       `json:"decidingPath,omitempty" desc:"The JSON path, in the job definition, of the deciding condition."`
	Deciding     *verdictJSON `json:"deciding,omitempty" desc:"The deciding condition's verdict."`
}

// bucketsReport is `buckets --format json`, a contract described by
// schema/buckets.schema.json (see outschema.go).
type bucketsReport struct {
	_             struct{}     `desc:"Which buckets of a DescribeBuckets output a job selects."`
	SchemaVersion string       `json:"schemaVersion" pattern:"^1\\.[0-9]+$" desc:"The version of this output's contract."`
	Selected      int          `json:"selected" min:"0" desc:"How many buckets the job selects."`
	Total         int          `json:"total" min:"0" desc:"How many buckets the input lists."`
	Buckets       []bucketLine `json:"buckets" desc:"Every bucket, in the input's order."`
	// NextToken is set when the input was one page of several: the report
	// then covers that page only.
	NextToken string `json:"nextToken,omitempty" desc:"The input's nextToken: it was one page of several, and the report covers that page only."`
}

func newBucketsCmd(s streams) *cobra.Command {
	c := newFlags(s, "buckets --job JOB.json --buckets BUCKETS.json [flags]",
		"list which buckets of a DescribeBuckets output a job selects, and why not the others",
		"Applies the job's bucket criteria (or bucket definitions) to every bucket of a DescribeBuckets\noutput, as Macie does at the start of each run, and names the deciding condition for each bucket\nthe job does not select.\n\nExit 0: done; 1: invalid input; 2: usage or I/O error.")
	jobFile := c.String("job", "", "job definition `JOB` in JSON or YAML (a CreateClassificationJob request or DescribeClassificationJob output; - reads standard input)")
	bucketsFile := c.String("buckets", "", "`BUCKETS.json`: aws macie2 describe-buckets output (- reads standard input)")
	format, opts := c.format(), c.options("excludeJoin=OR")
	return c.command(func([]string) int {
		stdout, stderr := c.stdout, c.stderr
		if code, done := c.checkFlagsOnly(format, "job", "buckets"); done {
			return code
		}
		if twice := stdinTwice(map[string][]string{"--job": {*jobFile}, "--buckets": {*bucketsFile}}); twice != "" {
			return c.usageErr("%s", twice)
		}
		j, engine, code := c.loadJob(*jobFile, opts)
		if j == nil {
			return code
		}
		buckets, err := readInput(c.stdin, *bucketsFile, func(r io.Reader, name string) ([]criteria.BucketMetadata, error) {
			return inventory.ReadBuckets(context.Background(), r, name)
		})
		if err != nil {
			return reportScopeError(stderr, "buckets", err)
		}
		var page struct {
			NextToken string `json:"nextToken"`
		}
		if data, err := os.ReadFile(*bucketsFile); err == nil {
			json.Unmarshal(data, &page) // ReadBuckets has checked the document
		}
		sel, err := j.BucketSelector(engine)
		if err != nil {
			return reportScopeError(stderr, "buckets", &scopeInputError{*jobFile, err})
		}

		r := bucketsReport{SchemaVersion: schemaVersion, Total: len(buckets), Buckets: []bucketLine{}, NextToken: page.NextToken}
		for i := range buckets {
			b := &buckets[i]
			line := bucketLine{AccountID: b.AccountID, BucketName: b.BucketName, Selected: sel.Match(b)}
			if line.Selected {
				r.Selected++
			} else {
				ex := sel.Explain(b)
				line.Decision, line.DecidingPath = ex.Decision, ex.DecidingPath
				for k := range ex.Verdicts {
					if ex.Verdicts[k].Deciding {
						v := newVerdict(ex.Verdicts[k])
						line.Deciding = &v
					}
				}
			}
			r.Buckets = append(r.Buckets, line)
		}

		if *format == "json" {
			return c.writeJSON(stdout, r)
		}
		fmt.Fprintf(stdout, "the job selects %d of %d buckets\n", r.Selected, r.Total)
		for _, l := range r.Buckets {
			if l.Selected {
				fmt.Fprintf(stdout, "  selected      %s/%s\n", l.AccountID, l.BucketName)
				continue
			}
			fmt.Fprintf(stdout, "  not selected  %s/%s: %s\n", l.AccountID, l.BucketName, l.Decision)
			if l.Deciding != nil {
				fmt.Fprintf(stdout, "                %s\n", checkLine(*l.Deciding))
			}
		}
		if r.NextToken != "" {
			fmt.Fprintln(stdout, "note: the input has a nextToken; buckets on later pages are not listed")
		}
		return exitOK
	})
}
