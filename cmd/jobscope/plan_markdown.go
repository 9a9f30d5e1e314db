package main

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/inventory"
	"github.com/jobscope/jobscope/plan"
)

// printPlanMarkdown writes the summary as GitHub-flavoured Markdown, for a
// pull request comment: the counts and the cost first, the details folded.
func printPlanMarkdown(w io.Writer, j *jobscope.Job, sources []*inventory.Source, s *plan.Summary) {
	fmt.Fprintf(w, "### Macie job `%s`: dry run\n\n", mdCell(j.Name))
	if s.Partial {
		fmt.Fprint(w, "**Partial:** interrupted before every row was read.\n\n")
	}
	fmt.Fprintf(w, "%s  \nInputs: %s\n\n", runDescription(j, s), mdCell(inputsDescription(sources, s)))
	mdTable(w, []string{"", "objects", "bytes", ""}, "-rr-", [][]string{
		{"read", count(s.Read.Objects), bytesOf(s.Read.Bytes), ""},
		{"**scanned**", "**" + count(s.Scanned.Objects) + "**", "**" + bytesOf(s.Scanned.Bytes) + "**", percent(s.Scanned.Objects, s.Read.Objects) + " of objects"},
		{"skipped", count(s.Skipped.Objects), bytesOf(s.Skipped.Bytes), ""},
		{"rejected", count(s.Rejected), "", "rows that could not be read"},
	})
	fmt.Fprintf(w, "\n**Estimated cost: %s** at %s estimated (lower bound %s at %s stored)", usd(s.EstimatedCost),
		bytesOf(s.Total.EstimatedBytes), usd(s.LowerBoundCost), bytesOf(s.Total.StoredBytes))
	if s.LowerBound {
		fmt.Fprint(w, ", both lower bounds: selected buckets are unknown")
	}
	fmt.Fprint(w, ". Data analyzed only; excludes S3 request and bucket-monitoring charges.\n")
	if s.Quota.Exceeded {
		fmt.Fprintf(w, "\n**Monthly quota exceeded** by %s: Macie pauses the job; the run takes %s months.\n",
			bytesOf(s.Quota.ExceededBytes), count(s.Quota.Months))
	}
	if len(s.Reasons) > 0 {
		rows := make([][]string, 0, len(s.Reasons))
		for _, r := range s.Reasons {
			rows = append(rows, []string{string(r.Stage), "`" + string(r.Reason) + "`", count(r.Objects), bytesOf(r.Bytes)})
		}
		fmt.Fprint(w, "\n<details><summary>Skipped, by reason</summary>\n\n")
		mdTable(w, []string{"stage", "reason", "objects", "bytes"}, "--rr", rows)
		fmt.Fprint(w, "\n</details>\n")
	}
	if len(s.Buckets) > 0 {
		rows := make([][]string, 0, len(s.Buckets))
		for _, b := range s.Buckets {
			rows = append(rows, bucketRow(b, "`%s`"))
		}
		fmt.Fprintf(w, "\n<details><summary>Buckets (%s)</summary>\n\n", count(int64(len(s.Buckets))))
		mdTable(w, slices.Clone(bucketColumns), "--rrrr-", rows)
		fmt.Fprint(w, "\n</details>\n")
	}
	if len(s.Assumed) > 0 {
		fmt.Fprint(w, "\nAssumed:\n")
		for _, a := range s.Assumed {
			fmt.Fprintf(w, "- %s\n", mdCell(a))
		}
	}
	if n := len(s.FileErrors); n > 0 {
		fmt.Fprintf(w, "\n**%s data file(s) could not be read to the end.**\n", count(int64(n)))
	}
}

// mdTable writes a Markdown table; align has one letter a column, r for
// right-aligned and anything else for left.
func mdTable(w io.Writer, header []string, align string, rows [][]string) {
	line := func(cells []string) {
		for i := range cells {
			cells[i] = mdCell(cells[i])
		}
		fmt.Fprintf(w, "| %s |\n", strings.Join(cells, " | "))
	}
	line(header)
	seps := make([]string, len(header))
	for i := range seps {
		seps[i] = "---"
		if align[i] == 'r' {
			seps[i] = "---:"
		}
	}
	fmt.Fprintf(w, "|%s|\n", strings.Join(seps, "|"))
	for _, r := range rows {
		line(r)
	}
}

// mdCell escapes what would end a table cell or start markup in a line.
func mdCell(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s)
}
