package main

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/dustin/go-humanize"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/inventory"
	"github.com/jobscope/jobscope/plan"
)

// textWidth is the columns jobscope's text output fits in: those of a
// common terminal. Only a cell or a word longer than a line passes it.
const textWidth = 80

// table is rows of cells printed in aligned columns.
type table [][]string

// print writes t within textWidth columns, each line indented by two
// spaces: its first left columns, and its last column when lastLeft is
// set, left-aligned, and the others — numbers — right-aligned. A row of
// one cell is a note on the row above it: it goes on lines of its own,
// indented by four spaces and wrapped. A first cell too wide for its row
// to fit goes on a line of its own, above the row's other cells; a
// left-aligned last cell that would pass the width goes below them, as a
// note.
func (t table) print(w io.Writer, left int, lastLeft bool) {
	n := 0
	for _, r := range t {
		n = max(n, len(r))
	}
	widths := make([]int, n)
	for _, r := range t {
		for i := 1; i < len(r); i++ {
			widths[i] = max(widths[i], visibleWidth(r[i]))
		}
	}
	// The first column may take what the others, but for a left-aligned
	// last one, leave of the width.
	room := textWidth - 2
	for i := 1; i < n; i++ {
		if !lastLeft || i < n-1 {
			room -= 2 + widths[i]
		}
	}
	for _, r := range t {
		if len(r) > 1 && visibleWidth(r[0]) <= room {
			widths[0] = max(widths[0], visibleWidth(r[0]))
		}
	}
	for _, r := range t {
		if len(r) == 1 {
			wrapText(w, "    ", "    ", r[0])
			continue
		}
		var b strings.Builder
		b.WriteString("  ")
		note := ""
		for i, c := range r {
			if i == 0 && visibleWidth(c) > widths[0] {
				fmt.Fprintln(w, "  "+c)
				c = ""
			}
			last := lastLeft && i == n-1
			if i > 0 {
				if last && visibleWidth(b.String())+2+visibleWidth(c) > textWidth {
					note = c
					break
				}
				b.WriteString("  ")
			}
			pad := strings.Repeat(" ", widths[i]-visibleWidth(c))
			if i < left || last {
				b.WriteString(c + pad)
			} else {
				b.WriteString(pad + c)
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
		if note != "" {
			wrapText(w, "    ", "    ", note)
		}
	}
}

// printWrapped writes text wrapped at textWidth columns, its lines
// indented by two spaces.
func printWrapped(w io.Writer, text string) { wrapText(w, "  ", "  ", text) }

// printHanging writes text wrapped at textWidth columns, its lines after
// the first indented by two spaces.
func printHanging(w io.Writer, text string) { wrapText(w, "", "  ", text) }

// wrapText writes text in lines of at most textWidth columns, broken at
// spaces, the first line indented by first and the others by rest. A
// word longer than a line has a line of its own. Text that fits one line
// is written as it is, its spaces kept.
func wrapText(w io.Writer, first, rest, text string) {
	line, empty := first, true
	for _, word := range strings.Split(text, " ") {
		if !empty && visibleWidth(line)+1+visibleWidth(word) > textWidth {
			fmt.Fprintln(w, line)
			line, empty = rest, true
			if word == "" {
				continue
			}
		}
		if !empty {
			line += " "
		}
		line += word
		empty = false
	}
	if !empty {
		fmt.Fprintln(w, line)
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

// usd writes an amount of US dollars with cents and thousands separators.
func usd(v float64) string {
	cents := math.Round(v * 100)
	if cents >= math.MaxInt64 || math.IsNaN(cents) {
		return fmt.Sprintf("$%.2f", v)
	}
	c := int64(cents)
	return fmt.Sprintf("$%s.%02d", humanize.Comma(c/100), c%100)
}

// ratio writes a compression ratio as N:1.
func ratio(r float64) string { return strconv.FormatFloat(r, 'f', -1, 64) + ":1" }

// printPlanSummary writes the person's view of a plan, within textWidth
// columns but for long names and messages, its headings painted with c.
func printPlanSummary(w io.Writer, j *jobscope.Job, sources []*inventory.Source, s *plan.Summary, c colors) {
	title := c.bold("Plan of job " + fmt.Sprintf("%q", j.Name))
	if s.Partial {
		title += " — " + c.red("PARTIAL") + ": interrupted before every row was read"
	}
	printHanging(w, title)
	// A run that does not fit breaks after its time, before its objects.
	if run := runDescription(j, s); visibleWidth(run) <= textWidth {
		fmt.Fprintln(w, run)
	} else {
		when, objects, _ := strings.Cut(run, ": ")
		printHanging(w, when+":")
		printWrapped(w, objects)
	}
	if len(sources) == 0 {
		printHanging(w, c.bold("Inputs:")+" bucket metadata only (--buckets, no --objects): a BUCKET-LEVEL ESTIMATE of the whole job, "+
			"as Macie's console gives before a job exists. It is an upper bound: it ignores the job's object scoping, "+
			"sampling, incremental window and per-file size quotas.")
	} else {
		printHanging(w, c.bold("Inputs:")+" "+inputsDescription(sources, s))
		fmt.Fprintln(w)
		table{
			{"", "objects", "bytes", ""},
			{"read", count(s.Read.Objects), bytesOf(s.Read.Bytes), ""},
			{"scanned", count(s.Scanned.Objects), bytesOf(s.Scanned.Bytes), percent(s.Scanned.Objects, s.Read.Objects) + " of objects"},
			{"skipped", count(s.Skipped.Objects), bytesOf(s.Skipped.Bytes), ""},
			{"rejected", count(s.Rejected), "", "rows that could not be read"},
		}.print(w, 1, true)
	}
	printPlanData(w, sources, s, c)
	printPlanCost(w, s, c)
	printPlanQuota(w, j, s, c)
	printPlanSelection(w, s, c)

	if len(s.Reasons) > 0 {
		fmt.Fprintln(w, "\n"+c.bold("Skipped, by reason"))
		t := table{{"stage", "reason", "objects", "bytes"}}
		for _, r := range s.Reasons {
			t = append(t, []string{string(r.Stage), string(r.Reason), count(r.Objects), bytesOf(r.Bytes)})
		}
		t.print(w, 2, false)
	}
	if len(s.Buckets) > 0 {
		// The top skip reason is a note under its bucket's row: with it,
		// a row would not fit.
		fmt.Fprintln(w, "\n"+c.bold("Buckets"))
		last := len(bucketColumns) - 1
		t := table{bucketColumns[:last]}
		for _, b := range s.Buckets {
			row := bucketRow(b, "%s")
			t = append(t, row[:last])
			if row[last] != "" {
				t = append(t, []string{bucketColumns[last] + ": " + row[last]})
			}
		}
		t.print(w, 2, false)
	}
	if len(s.Assumed) > 0 {
		fmt.Fprintln(w, "\n"+c.bold("Assumed"))
		for _, a := range s.Assumed {
			wrapText(w, "  ", "    ", a)
		}
	}
	if len(s.FileErrors) > 0 {
		fmt.Fprintln(w)
		if n := len(s.FileErrors); n == 1 {
			printHanging(w, "1 data file could not be read to its end; see the error below.")
		} else {
			printHanging(w, fmt.Sprintf("%s data files could not be read to their end; see the errors below.", count(int64(n))))
		}
	}
}

// bucketColumns head the table of buckets that bucketRow's rows make.
var bucketColumns = []string{"bucket", "selected", "read", "scanned", "skipped", "scanned bytes", "top skip reason"}

// bucketRow is a bucket's row of the table of buckets; code formats the
// bucket's name and the reason (%s for text, `%s` for Markdown).
func bucketRow(b plan.BucketSummary, code string) []string {
	sel, top := "no", ""
	if b.Selected {
		sel = "yes"
	}
	if len(b.Reasons) > 0 {
		top = fmt.Sprintf(code+" (%s)", b.Reasons[0].Reason, count(b.Reasons[0].Objects))
	}
	return []string{fmt.Sprintf(code, b.Bucket), sel, count(b.Read.Objects), count(b.Scanned.Objects), count(b.Skipped.Objects),
		bytesOf(b.Scanned.Bytes), top}
}

// printPlanData writes the bytes Macie would analyze: stored, compressed,
// estimated, object-level and bucket-level apart.
func printPlanData(w io.Writer, sources []*inventory.Source, s *plan.Summary, c colors) {
	fmt.Fprintln(w, "\n"+c.bold("Data analyzed (estimates)"))
	t := table{{"", "objects", "stored", "compressed", "estimated"}}
	row := func(name string, v plan.Volume) []string {
		return []string{name, count(v.Objects), bytesOf(v.StoredBytes), bytesOf(v.CompressedStoredBytes), bytesOf(v.EstimatedBytes)}
	}
	if len(sources) > 0 {
		t = append(t, row("objects in the inputs", plan.Volume{Objects: s.Scanned.Objects, StoredBytes: s.StoredBytes,
			CompressedStoredBytes: s.CompressedStoredBytes, EstimatedBytes: s.EstimatedBytes}))
	}
	if s.Selection.Estimated > 0 {
		t = append(t, row("bucket-level estimates", s.BucketLevel))
		if len(sources) > 0 {
			t = append(t, row("total", s.Total))
		}
	}
	t.print(w, 1, false)
	what := fmt.Sprintf("compressed: .gz, .gzip, .zip and .tar files (%s objects in the inputs; describe-buckets "+
		"sizeInBytesCompressed for the bucket-level estimates), which Macie bills uncompressed: estimated at %s, ", count(s.CompressedObjects), ratio(s.CompressionRatio))
	if len(sources) == 0 {
		what = fmt.Sprintf("compressed: describe-buckets sizeInBytesCompressed (.gz, .gzip, .zip files), which Macie bills "+
			"uncompressed: estimated at %s, ", ratio(s.CompressionRatio))
	}
	if s.CompressionRatio == plan.DefaultCompressionRatio {
		what += "Macie's own assumption (--compression-ratio)."
	} else {
		what += "as given by --compression-ratio (Macie assumes 3:1)."
	}
	if s.Selection.Estimated == 0 {
		what = strings.Replace(what, "; describe-buckets sizeInBytesCompressed for the bucket-level estimates", "", 1)
	}
	printWrapped(w, "stored: the lower bound (nothing expanded). "+what)
}

// tierLabel names tier i of a price table by the month's usage it covers.
func tierLabel(tiers []plan.PriceTier, i int) string {
	var from int64
	if i > 0 {
		from = tiers[i-1].UpTo
	}
	switch up := tiers[i].UpTo; {
	case len(tiers) == 1:
		return "every GB"
	case up == 0:
		return "over " + bytesOf(from)
	case i == 0:
		return "first " + bytesOf(up)
	default:
		return "next " + bytesOf(up-from)
	}
}

// printPlanCost writes the cost: totals, free allowance, tiers, the
// prices' source and what the cost leaves out.
func printPlanCost(w io.Writer, s *plan.Summary, c colors) {
	fmt.Fprintln(w)
	printHanging(w, fmt.Sprintf("%s %s at %s estimated", c.bold("Estimated cost:"), usd(s.EstimatedCost), bytesOf(s.Total.EstimatedBytes)))
	printWrapped(w, fmt.Sprintf("Lower bound: %s at %s stored.", usd(s.LowerBoundCost), bytesOf(s.Total.StoredBytes)))
	if s.LowerBound {
		printWrapped(w, "Both are lower bounds: selected buckets are unknown.")
	}
	cost := &s.Cost
	t := table{}
	if s.Prices.FreeBytes > 0 {
		months := "this month"
		if cost.Months > 1 {
			months = fmt.Sprintf("%s a month, %s months", bytesOf(s.Prices.FreeBytes), count(cost.Months))
		} else if s.BilledThisMonth > 0 {
			months = fmt.Sprintf("this month, less the %s analyzed", bytesOf(s.BilledThisMonth))
		}
		t = append(t, []string{"free allowance", "", bytesOf(cost.FreeBytes), usd(0), months})
	}
	for i, tc := range cost.Tiers {
		t = append(t, []string{tierLabel(s.Prices.Tiers, i), "$" + strconv.FormatFloat(tc.PricePerGB, 'f', 2, 64) + " per GB", bytesOf(tc.Bytes), usd(tc.USD), ""})
	}
	t.print(w, 1, true)
	if s.BilledThisMonth > 0 {
		printWrapped(w, fmt.Sprintf("The run starts on the tiers after the %s analyzed this month (--billed-this-month).", bytesOf(s.BilledThisMonth)))
	}
	printWrapped(w, "Prices: "+s.Prices.Source+".")
	printWrapped(w, "Data analyzed only — excludes S3 request and bucket-monitoring charges.")
}

// printPlanQuota writes the run against each account's monthly quota.
func printPlanQuota(w io.Writer, j *jobscope.Job, s *plan.Summary, c colors) {
	q := &s.Quota
	used := ""
	if q.UsedThisMonth > 0 {
		used = fmt.Sprintf(" (%s of it used already this month)", bytesOf(q.UsedThisMonth))
	}
	fmt.Fprintln(w)
	if !q.Exceeded {
		printHanging(w, fmt.Sprintf("%s the run fits in the %s monthly sensitive data discovery quota of %s%s.", c.bold("Monthly quota:"),
			bytesOf(q.MonthlyBytes), plural(len(q.Accounts), "its account", fmt.Sprintf("each of its %d accounts", len(q.Accounts))), used))
		return
	}
	printHanging(w, fmt.Sprintf("%s the job would be PAUSED (%s)", c.red("Monthly quota EXCEEDED:"), plan.QuotaPausedEvent))
	t := table{{"account", "estimated", "quota left", "beyond it", "months"}}
	for _, a := range q.Accounts {
		id := a.AccountID
		if id == "" {
			id = "(whole run)"
		}
		t = append(t, []string{id, bytesOf(a.EstimatedBytes), bytesOf(a.RemainingBytes), bytesOf(a.ExceededBytes), count(a.Months)})
	}
	t.print(w, 1, false)
	resume := "until the next calendar month starts or the quota is increased"
	if j.JobType == jobscope.Scheduled {
		resume += " (or its next scheduled run starts, if that comes first)"
	}
	printWrapped(w, fmt.Sprintf("Macie pauses the job when an account reaches its %s monthly sensitive data discovery quota%s, %s: "+
		"%s beyond it. At this quota the run needs %s calendar months; the cost above spreads over them.",
		bytesOf(q.MonthlyBytes), used, resume, bytesOf(q.ExceededBytes), count(q.Months)))
}

// printPlanSelection writes the selected buckets the inputs have no
// records of, with their bucket-level estimates, and those skipped at the
// bucket stage.
func printPlanSelection(w io.Writer, s *plan.Summary, c colors) {
	sel := &s.Selection
	heading := c.bold("Selected buckets:")
	fmt.Fprintln(w)
	switch {
	case len(sel.Missing) == 0:
		printHanging(w, fmt.Sprintf("%s %s, every one with records in the inputs.", heading, count(int64(sel.Selected))))
	case s.BucketLevelOnly:
		printHanging(w, fmt.Sprintf("%s %s (%s estimated from bucket metadata, %s unknown)",
			heading, count(int64(sel.Selected)), count(int64(sel.Estimated)), count(int64(sel.Unknown))))
	default:
		printHanging(w, fmt.Sprintf("%s %s; with records in the inputs: %s; WITHOUT records: %s (%s estimated from bucket metadata, %s unknown)",
			heading, count(int64(sel.Selected)), count(int64(sel.WithRecords)), count(int64(len(sel.Missing))), count(int64(sel.Estimated)), count(int64(sel.Unknown))))
	}
	if len(sel.Missing) > 0 {
		// When the estimate is from is a note under the bucket's row:
		// with it, a row would not fit.
		t := table{{"bucket", "account", "objects", "stored", "compressed", "estimated"}}
		for _, m := range sel.Missing {
			if e := m.Estimate; e != nil {
				t = append(t, []string{m.Bucket, m.AccountID, count(e.Objects), bytesOf(e.StoredBytes), bytesOf(e.CompressedStoredBytes), bytesOf(e.EstimatedBytes)},
					[]string{"bucket-level estimate as of " + cmp.Or(e.AsOf, "an unknown time")})
			} else {
				t = append(t, []string{m.Bucket, m.AccountID, "", "", "", ""}, []string{c.red("UNKNOWN:") + " " + m.Unknown})
			}
		}
		t.print(w, 2, false)
		if sel.Estimated > 0 {
			printWrapped(w, "Bucket-level estimates come from describe-buckets (classifiableObjectCount, classifiableSizeInBytes, "+
				"sizeInBytesCompressed): they ignore the job's scoping, sampling, incremental window and per-file quotas.")
		}
		if sel.Unknown > 0 {
			printWrapped(w, fmt.Sprintf("%s %s selected %s unknown: the totals, the cost and the quota figures are LOWER BOUNDS.",
				c.red("INCOMPLETE:"), count(int64(sel.Unknown)), plural(sel.Unknown, "bucket is", "buckets are")))
		}
	}
	if len(sel.AccessDenied) > 0 {
		printWrapped(w, "Skipped at the bucket stage, BUCKET_ACCESS_DENIED (Macie may not read them; nothing analyzed or billed):")
		t := table{}
		for _, b := range sel.AccessDenied {
			t = append(t, []string{b.Bucket, b.AccountID, count(b.Objects) + " objects", bytesOf(b.Bytes)})
		}
		t.print(w, 2, false)
	}
}

// planCountsLine is the summary in one line, for stderr when stdout has
// the decisions.
func planCountsLine(s *plan.Summary) string {
	line := fmt.Sprintf("read %s objects (%s): scanned %s (%s), skipped %s, rejected %s rows; estimated cost %s at %s estimated (%s at the compression ratio %s)",
		count(s.Read.Objects), bytesOf(s.Read.Bytes), count(s.Scanned.Objects), bytesOf(s.Scanned.Bytes),
		count(s.Skipped.Objects), count(s.Rejected), usd(s.EstimatedCost), bytesOf(s.Total.EstimatedBytes),
		bytesOf(s.Total.CompressedStoredBytes)+" compressed", ratio(s.CompressionRatio))
	if s.Quota.Exceeded {
		line += fmt.Sprintf("; monthly quota exceeded by %s: PAUSED, %s months", bytesOf(s.Quota.ExceededBytes), count(s.Quota.Months))
	}
	if s.LowerBound {
		line += "; a lower bound: selected buckets are unknown"
	}
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
	rows atomic.Int64
}

// startProgress starts the bar of a run over sources that opts, which it
// sets RunOptions.Rows of, are the options of.
func startProgress(w io.Writer, sources []*inventory.Source, opts *plan.RunOptions) *progressBar {
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
	opts.Rows = &p.rows
	started := time.Now()
	draw := func() {
		var read int64
		done := 0
		for _, f := range files {
			n := f.BytesRead()
			read += n
			if size := f.Size(); size >= 0 && n >= size {
				done++
			}
		}
		fmt.Fprint(w, "\r\033[K"+progressLine(progress{read, total, done, len(files), p.rows.Load(), time.Since(started)}))
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

// progress is how far a run is: the bytes read of total (-1 when
// unknown), the files done of files, the objects decided and the time
// since the run started.
type progress struct {
	read, total int64
	done, files int
	rows        int64
	elapsed     time.Duration
}

// progressWidth is the widest progressLine: an 80-column terminal less
// the column the cursor stays on.
const progressWidth = 79

// progressLine is the progress bar's line, at most progressWidth columns:
// a bar and the percentage done, the bytes read, the files done, the
// rates in bytes and in objects decided a second and, when it can be
// told, the time left. When they do not fit, the bar is left out, then the
// parts go with one space between them, then the bytes a second and the
// files done are left out.
func progressLine(p progress) string {
	secs := max(p.elapsed.Seconds(), 1e-3)
	rate := float64(p.read) / secs
	const barWidth = 8
	var bar, pct, bytes, eta string
	if p.total > 0 {
		frac := min(float64(p.read)/float64(p.total), 1)
		n := int(frac * barWidth)
		bar = "[" + strings.Repeat("=", n) + strings.Repeat(" ", barWidth-n) + "]"
		pct = fmt.Sprintf("%d%%", int(100*frac))
		bytes = bytesOf(p.read) + " / " + bytesOf(p.total)
		if rate > 0 && p.elapsed >= time.Second && p.read < p.total {
			left := min(float64(p.total-p.read)/rate, 9e9) // seconds; 9e9 is within a time.Duration
			eta = "ETA " + shortDuration(time.Duration(left*float64(time.Second)))
		}
	} else {
		bytes = "reading: " + bytesOf(p.read)
	}
	byteRate := bytesOf(int64(min(rate, 1<<62))) + "/s"
	if p.total < 0 && p.read == 0 && p.rows > 0 {
		// Live listings: they have records but no bytes of files.
		bytes, byteRate = "listed: "+count(p.rows)+" objects", ""
	}
	parts := []string{bar, pct, bytes, fmt.Sprintf("%d/%d files", p.done, p.files), byteRate,
		siCount(float64(p.rows)/secs) + " rows/s", eta}
	// The ways to narrow the line, in turn: leave out the bar (parts[0]),
	// put one space between the parts, leave out the bytes a second
	// (parts[4]), then the files done (parts[3]).
	var line string
	for _, step := range []struct {
		drop int
		sep  string
	}{{-1, "  "}, {0, "  "}, {0, " "}, {4, " "}, {3, " "}} {
		if step.drop >= 0 {
			parts[step.drop] = ""
		}
		line = strings.Join(slices.DeleteFunc(slices.Clone(parts), func(s string) bool { return s == "" }), step.sep)
		if utf8.RuneCountInString(line) <= progressWidth {
			break
		}
	}
	return line
}

// siCount writes n, rounded, with an SI prefix above 999: 950, 1.2k,
// 12k, 999M, 1.0G.
func siCount(n float64) string {
	const prefixes = "kMGTPE"
	if n < 999.5 {
		return strconv.FormatFloat(math.Round(max(n, 0)), 'f', 0, 64)
	}
	i := -1
	for n >= 999.5 && i < len(prefixes)-1 {
		n /= 1000
		i++
	}
	if n < 9.95 {
		return strconv.FormatFloat(n, 'f', 1, 64) + prefixes[i:i+1]
	}
	return strconv.FormatFloat(n, 'f', 0, 64) + prefixes[i:i+1]
}

// shortDuration writes d in at most its two largest units, rounded to the
// second: 45s, 12m05s, 3h07m, 12d04h.
func shortDuration(d time.Duration) string {
	s := int64(d.Round(time.Second) / time.Second)
	switch {
	case s < 60:
		return fmt.Sprintf("%ds", s)
	case s < 3600:
		return fmt.Sprintf("%dm%02ds", s/60, s%60)
	case s < 86400:
		return fmt.Sprintf("%dh%02dm", s/3600, s%3600/60)
	}
	return fmt.Sprintf("%dd%02dh", s/86400, s%86400/3600)
}

// stop erases the bar. A nil bar does nothing.
func (p *progressBar) stop() {
	if p == nil {
		return
	}
	close(p.done)
	p.wg.Wait()
}
