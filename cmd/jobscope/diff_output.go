package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/jobscope/jobscope/inventory"
	"github.com/jobscope/jobscope/plan"
)

// signedUSD writes a change of dollars with its sign: +$1.86, -$0.50.
func signedUSD(v float64) string {
	if s := usd(-v); v < 0 && s != "$0.00" {
		return "-" + s
	}
	return "+" + usd(max(v, 0))
}

// signedBytes writes a change of bytes with its sign: +1.9 GiB, -3 MiB.
func signedBytes(n int64) string {
	if n < 0 {
		return "-" + bytesOf(-n)
	}
	return "+" + bytesOf(n)
}

// changeHeading says what happens to a job: "Replaced ADDRESS", or, for two
// job files, "Job OLD → NEW".
func changeHeading(r *diffResult) string {
	switch r.change {
	case "create":
		return "Created " + r.label
	case "delete":
		return "Deleted " + r.label
	case "replace":
		if r.oldFrom == r.label || strings.Contains(r.label, " → ") {
			return "Jobs " + r.label
		}
		return "Replaced " + r.label
	}
	return r.label
}

// jobNames names the jobs of r: "job "a"", or "job "a" → "b"".
func jobNames(r *diffResult) string {
	switch {
	case r.old == nil:
		return fmt.Sprintf("job %q: every object it analyzes enters the scan", r.new.Name)
	case r.new == nil:
		return fmt.Sprintf("job %q: every object it analyzed leaves the scan", r.old.Name)
	case r.old.Name == r.new.Name:
		return fmt.Sprintf("job %q, replaced by a new job of the same name", r.new.Name)
	}
	return fmt.Sprintf("job %q, replaced by job %q", r.old.Name, r.new.Name)
}

// diffCountsLine is a diff's one line on stderr after --format jsonl.
func diffCountsLine(r diffResult) string {
	d := r.d
	return fmt.Sprintf("%s: %s objects enter the scan (%s), %s leave it (%s), %s stay; estimated cost %s → %s (%s)",
		r.label, count(d.Entering.Objects), bytesOf(d.Entering.Bytes), count(d.Leaving.Objects), bytesOf(d.Leaving.Bytes),
		count(d.Staying.Objects), usd(d.OldCost), usd(d.NewCost), signedUSD(d.CostDelta))
}

// printDiffText writes the person's view of the diffs, within textWidth
// columns but for long names and paths, its headings painted with c.
func printDiffText(w io.Writer, sources []*inventory.Source, results []diffResult, c colors) {
	if len(results) == 0 {
		printHanging(w, "The plan creates, replaces and deletes no classification job: nothing enters or leaves the scan.")
		return
	}
	printHanging(w, c.bold("Inputs:")+" "+inputsDescription(sources, results[0].reader()))
	for i := range results {
		r := &results[i]
		d := r.d
		fmt.Fprintln(w)
		printHanging(w, c.bold(changeHeading(r)))
		printWrapped(w, jobNames(r))
		if d.Old != nil && d.Old.Partial || d.New != nil && d.New.Partial {
			printWrapped(w, c.red("PARTIAL")+": interrupted before every row was read")
		}
		fmt.Fprintln(w)
		// A job created or deleted has only objects that enter, or leave.
		t := table{{"", "objects", "stored", "estimated", ""}}
		if r.new != nil {
			t = append(t, []string{"entering", count(d.Entering.Objects), bytesOf(d.Entering.Bytes), bytesOf(d.EnteringEstimatedBytes), "analyzed by the new job only"})
		}
		if r.old != nil {
			t = append(t, []string{"leaving", count(d.Leaving.Objects), bytesOf(d.Leaving.Bytes), bytesOf(d.LeavingEstimatedBytes), "by the old job only"})
		}
		if r.old != nil && r.new != nil {
			t = append(t, []string{"staying", count(d.Staying.Objects), bytesOf(d.Staying.Bytes), "", "by both"})
		}
		t.print(w, 1, true)
		fmt.Fprintln(w)
		printHanging(w, fmt.Sprintf("%s %s → %s (%s)", c.bold("Estimated cost:"), usd(d.OldCost), usd(d.NewCost), signedUSD(d.CostDelta)))
		printWrapped(w, fmt.Sprintf("Data analyzed, estimated: %s → %s (%s).", bytesOf(d.OldEstimatedBytes), bytesOf(d.NewEstimatedBytes),
			signedBytes(d.EstimatedBytesDelta)))
		if d.Old != nil && d.Old.LowerBound || d.New != nil && d.New.LowerBound {
			printWrapped(w, "Lower bounds: selected buckets are unknown (jobscope plan names them).")
		}
		if n := missingBuckets(d.Old, d.New); n > 0 {
			printWrapped(w, fmt.Sprintf("The costs hold bucket-level estimates of %s selected %s without records in the inputs, "+
				"whose objects are not among those above (jobscope plan names them).", count(int64(n)), plural(n, "bucket", "buckets")))
		}
		printReasonsText(w, c, "Entering: why the old job skips them", d.Entered)
		printReasonsText(w, c, "Leaving: why the new job skips them", d.Left)
		if len(d.Buckets) > 0 {
			fmt.Fprintln(w, "\n"+c.bold("Buckets"))
			t := table{{"bucket", "entering", "leaving", "staying", "bytes in", "bytes out"}}
			for _, b := range d.Buckets {
				t = append(t, []string{b.Bucket, count(b.Entering.Objects), count(b.Leaving.Objects), count(b.Staying.Objects),
					bytesOf(b.Entering.Bytes), bytesOf(b.Leaving.Bytes)})
			}
			t.print(w, 1, false)
		}
	}
	if len(results) > 1 {
		t := diffTotalsOf(results)
		fmt.Fprintln(w)
		printHanging(w, c.bold(fmt.Sprintf("Total of %d jobs:", len(results)))+fmt.Sprintf(" %s objects enter the scan (%s), %s leave it (%s).",
			count(t.entering.Objects), bytesOf(t.entering.Bytes), count(t.leaving.Objects), bytesOf(t.leaving.Bytes)))
		printWrapped(w, fmt.Sprintf("Estimated cost: %s → %s (%s); data analyzed %s.", usd(t.oldCost), usd(t.newCost), signedUSD(t.costDelta), signedBytes(t.bytesDelta)))
	}
	fmt.Fprintln(w)
	printHanging(w, "Each run is priced on its own. Data analyzed only: excludes S3 request and bucket-monitoring charges.")
}

// missingBuckets is how many buckets that runs (nil for an absent job)
// select have no records in the inputs.
func missingBuckets(runs ...*plan.Summary) int {
	names := map[string]bool{}
	for _, s := range runs {
		if s != nil {
			for _, m := range s.Selection.Missing {
				names[m.Bucket] = true
			}
		}
	}
	return len(names)
}

// printReasonsText writes the reasons under heading, each one's deciding
// path as a note below it.
func printReasonsText(w io.Writer, c colors, heading string, rs []plan.ReasonCount) {
	if len(rs) == 0 {
		return
	}
	fmt.Fprintln(w, "\n"+c.bold(heading))
	t := table{{"stage", "reason", "objects", "bytes"}}
	for _, r := range rs {
		t = append(t, []string{string(r.Stage), string(r.Reason), count(r.Objects), bytesOf(r.Bytes)})
		if r.Path != "" {
			t = append(t, []string{"decided by " + r.Path})
		}
	}
	t.print(w, 2, false)
}

// printDiffMarkdown writes the diffs as GitHub-flavoured Markdown, for a
// pull request comment: one row a job and the totals first, the reasons
// and buckets folded.
func printDiffMarkdown(w io.Writer, sources []*inventory.Source, results []diffResult) {
	fmt.Fprint(w, "### Macie jobs: what the change scans\n\n")
	if len(results) == 0 {
		fmt.Fprint(w, "The plan creates, replaces and deletes no classification job: nothing enters or leaves the scan.\n")
		return
	}
	rows := [][]string{}
	for i := range results {
		r := &results[i]
		d := r.d
		rows = append(rows, []string{"`" + r.label + "`", r.change, countsCell(d.Entering), countsCell(d.Leaving),
			usd(d.OldCost), usd(d.NewCost), "**" + signedUSD(d.CostDelta) + "**"})
	}
	if len(results) > 1 {
		t := diffTotalsOf(results)
		rows = append(rows, []string{"**total**", "", countsCell(t.entering), countsCell(t.leaving),
			usd(t.oldCost), usd(t.newCost), "**" + signedUSD(t.costDelta) + "**"})
	}
	mdTable(w, []string{"job", "change", "entering", "leaving", "cost before", "cost after", "delta"}, "--rrrrr", rows)
	fmt.Fprintf(w, "\nInputs: %s. Entering: analyzed by the new job only; leaving: by the old job only. "+
		"Each run is priced on its own; data analyzed only, excluding S3 request and bucket-monitoring charges.\n",
		mdCell(inputsDescription(sources, results[0].reader())))
	for i := range results {
		r := &results[i]
		d := r.d
		fmt.Fprintf(w, "\n<details><summary><code>%s</code>: %s</summary>\n\n", mdCell(r.label), mdCell(jobNames(r)))
		fmt.Fprintf(w, "Data analyzed, estimated: %s → %s (%s); %s in the entering objects, %s in the leaving ones (compressed files expanded).\n",
			bytesOf(d.OldEstimatedBytes), bytesOf(d.NewEstimatedBytes), signedBytes(d.EstimatedBytesDelta),
			bytesOf(d.EnteringEstimatedBytes), bytesOf(d.LeavingEstimatedBytes))
		if n := missingBuckets(d.Old, d.New); n > 0 {
			fmt.Fprintf(w, "\nThe costs hold bucket-level estimates of %s selected %s without records in the inputs.\n",
				count(int64(n)), plural(n, "bucket", "buckets"))
		}
		printReasonsMarkdown(w, "Entering: why the old job skips them", d.Entered)
		printReasonsMarkdown(w, "Leaving: why the new job skips them", d.Left)
		if len(d.Buckets) > 0 {
			rows := [][]string{}
			for _, b := range d.Buckets {
				rows = append(rows, []string{"`" + b.Bucket + "`", countsCell(b.Entering), countsCell(b.Leaving), countsCell(b.Staying)})
			}
			fmt.Fprint(w, "\n")
			mdTable(w, []string{"bucket", "entering", "leaving", "staying"}, "-rrr", rows)
		}
		fmt.Fprint(w, "\n</details>\n")
	}
}

// countsCell is objects and bytes in one cell.
func countsCell(c plan.Counts) string {
	return count(c.Objects) + " (" + bytesOf(c.Bytes) + ")"
}

func printReasonsMarkdown(w io.Writer, heading string, rs []plan.ReasonCount) {
	if len(rs) == 0 {
		return
	}
	rows := [][]string{}
	for _, r := range rs {
		path := ""
		if r.Path != "" {
			path = "`" + r.Path + "`"
		}
		rows = append(rows, []string{string(r.Stage), "`" + string(r.Reason) + "`", path, count(r.Objects), bytesOf(r.Bytes)})
	}
	fmt.Fprintf(w, "\n%s:\n\n", heading)
	mdTable(w, []string{"stage", "reason", "decided by", "objects", "bytes"}, "---rr", rows)
}
