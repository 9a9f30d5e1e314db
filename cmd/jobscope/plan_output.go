package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/dustin/go-humanize"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/inventory"
	"github.com/jobscope/jobscope/plan"
)

// table is rows of cells printed in aligned columns.
type table [][]string

// print writes t with its first left columns, and its last column when
// lastLeft is set, left-aligned, and the others — numbers — right-aligned.
func (t table) print(w io.Writer, left int, lastLeft bool) {
	var widths []int
	for _, r := range t {
		for i, c := range r {
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], utf8.RuneCountInString(c))
		}
	}
	for _, r := range t {
		var b strings.Builder
		b.WriteString("  ")
		for i, c := range r {
			pad := strings.Repeat(" ", widths[i]-utf8.RuneCountInString(c))
			if i > 0 {
				b.WriteString("  ")
			}
			if i < left || lastLeft && i == len(widths)-1 {
				b.WriteString(c + pad)
			} else {
				b.WriteString(pad + c)
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}

func count(n int64) string { return humanize.Comma(n) }

func bytesOf(n int64) string { return humanize.IBytes(uint64(max(n, 0))) }

func percent(part, whole int64) string {
	if whole == 0 {
		return "–"
	}
	return fmt.Sprintf("%.1f%%", 100*float64(part)/float64(whole))
}

// runDescription says which run the plan is of and which objects its
// incremental window takes.
func runDescription(j *jobscope.Job, s *plan.Summary) string {
	w := s.Run
	if j.JobType != jobscope.Scheduled {
		return "ONE_TIME job: its one run analyzes every existing object"
	}
	start := w.Upper.UTC().Format(time.RFC3339)
	switch {
	case w.Unbounded():
		return fmt.Sprintf("SCHEDULED job, run %d (starts %s): every existing object (initialRun)", w.RunNumber, start)
	case w.RunNumber == 1:
		return fmt.Sprintf("SCHEDULED job, run 1 (starts %s): objects changed since the job was created, %s", start, w.Lower.UTC().Format(time.RFC3339))
	}
	return fmt.Sprintf("SCHEDULED job, run %d (starts %s): objects changed since run %d started, %s", w.RunNumber, start, w.RunNumber-1, w.Lower.UTC().Format(time.RFC3339))
}

func inputsDescription(sources []*inventory.Source, s *plan.Summary) string {
	names := map[inventory.Format]string{
		inventory.FormatCSV: "CSV data file", inventory.FormatParquet: "Parquet data file",
		inventory.FormatListObjectsV2: "list-objects-v2 output", inventory.FormatListObjectVersions: "list-object-versions output",
		inventory.FormatJSONL: "JSONL file",
	}
	var order []string
	counts := map[string]int{}
	for _, src := range sources {
		name := names[src.Format]
		switch {
		case src.Manifest != nil:
			name = "S3 Inventory report"
		case name == "":
			name = string(src.Format)
		}
		if counts[name] == 0 {
			order = append(order, name)
		}
		counts[name]++
	}
	var parts []string
	for _, name := range order {
		parts = append(parts, fmt.Sprintf("%d × %s", counts[name], name))
	}
	return fmt.Sprintf("%s; %s data files, %s rows", strings.Join(parts, ", "), count(int64(s.Files)), count(s.Read.Objects+s.Rejected))
}

// printPlanSummary writes the person's view of a plan.
func printPlanSummary(w io.Writer, j *jobscope.Job, sources []*inventory.Source, s *plan.Summary) {
	title := "Plan of job " + fmt.Sprintf("%q", j.Name)
	if s.Partial {
		title += " — PARTIAL: interrupted before every row was read"
	}
	fmt.Fprintln(w, title)
	fmt.Fprintln(w, runDescription(j, s))
	fmt.Fprintln(w, "Inputs: "+inputsDescription(sources, s))
	fmt.Fprintln(w)
	table{
		{"", "objects", "bytes", ""},
		{"read", count(s.Read.Objects), bytesOf(s.Read.Bytes), ""},
		{"scanned", count(s.Scanned.Objects), bytesOf(s.Scanned.Bytes), percent(s.Scanned.Objects, s.Read.Objects) + " of objects"},
		{"skipped", count(s.Skipped.Objects), bytesOf(s.Skipped.Bytes), ""},
		{"rejected", count(s.Rejected), "", "rows that could not be read"},
	}.print(w, 1, true)
	fmt.Fprintln(w)
	fmt.Fprintf(w, "Estimated cost: $%.2f (%s at $%.2f per GB; an estimate, Macie bills the bytes it analyzes)\n",
		s.EstimatedCost, bytesOf(s.Scanned.Bytes), s.PricePerGB)

	if len(s.Reasons) > 0 {
		fmt.Fprintln(w, "\nSkipped, by reason")
		t := table{{"stage", "reason", "objects", "bytes"}}
		for _, r := range s.Reasons {
			t = append(t, []string{string(r.Stage), string(r.Reason), count(r.Objects), bytesOf(r.Bytes)})
		}
		t.print(w, 2, false)
	}
	if len(s.Buckets) > 0 {
		fmt.Fprintln(w, "\nBuckets")
		t := table{{"bucket", "selected", "read", "scanned", "skipped", "scanned bytes", "top skip reason"}}
		for _, b := range s.Buckets {
			sel, top := "no", ""
			if b.Selected {
				sel = "yes"
			}
			if len(b.Reasons) > 0 {
				top = fmt.Sprintf("%s (%s)", b.Reasons[0].Reason, count(b.Reasons[0].Objects))
			}
			t = append(t, []string{b.Bucket, sel, count(b.Read.Objects), count(b.Scanned.Objects), count(b.Skipped.Objects), bytesOf(b.Scanned.Bytes), top})
		}
		t.print(w, 2, true)
	}
	if len(s.Assumed) > 0 {
		fmt.Fprintln(w, "\nAssumed")
		for _, a := range s.Assumed {
			fmt.Fprintln(w, "  "+a)
		}
	}
	if len(s.FileErrors) > 0 {
		fmt.Fprintf(w, "\n%s data files could not be read to their end; see the errors below.\n", count(int64(len(s.FileErrors))))
	}
}

// planCountsLine is the summary in one line, for stderr when stdout has
// the decisions.
func planCountsLine(s *plan.Summary) string {
	line := fmt.Sprintf("read %s objects (%s): scanned %s (%s), skipped %s, rejected %s rows; estimated cost $%.2f",
		count(s.Read.Objects), bytesOf(s.Read.Bytes), count(s.Scanned.Objects), bytesOf(s.Scanned.Bytes),
		count(s.Skipped.Objects), count(s.Rejected), s.EstimatedCost)
	if s.Partial {
		line += " (partial)"
	}
	return line
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// progressBar draws the bytes of inventory data read so far on one line of
// stderr, redrawn a few times a second.
type progressBar struct {
	done chan struct{}
	wg   sync.WaitGroup
}

func startProgress(w io.Writer, sources []*inventory.Source) *progressBar {
	var files []inventory.File
	total := int64(0)
	for _, src := range sources {
		files = append(files, src.Files...)
		if n := src.Size(); n >= 0 && total >= 0 {
			total += n
		} else {
			total = -1
		}
	}
	p := &progressBar{done: make(chan struct{})}
	started := time.Now()
	draw := func() {
		var read int64
		for _, f := range files {
			read += f.Read()
		}
		rate := float64(read) / max(time.Since(started).Seconds(), 1e-3)
		if total <= 0 {
			fmt.Fprintf(w, "\r\033[Kreading: %s (%s/s)", bytesOf(read), bytesOf(int64(rate)))
			return
		}
		const width = 30
		frac := min(float64(read)/float64(total), 1)
		n := int(frac * width)
		fmt.Fprintf(w, "\r\033[K[%s%s] %3.0f%%  %s / %s  %s/s", strings.Repeat("=", n), strings.Repeat(" ", width-n),
			100*frac, bytesOf(read), bytesOf(total), bytesOf(int64(rate)))
	}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		tick := time.NewTicker(200 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-p.done:
				fmt.Fprint(w, "\r\033[K")
				return
			case <-tick.C:
				draw()
			}
		}
	}()
	return p
}

// stop erases the bar. A nil bar does nothing.
func (p *progressBar) stop() {
	if p == nil {
		return
	}
	close(p.done)
	p.wg.Wait()
}
