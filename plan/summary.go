package plan

import (
	"cmp"
	"math"
	"slices"

	"github.com/jobscope/jobscope/inventory"
	"github.com/jobscope/jobscope/schedule"
)

// Counts is a number of objects and their total size in bytes. Both
// saturate at math.MaxInt64 (Bytes at 8 EiB, which a few rows of absurd
// sizes reach) rather than wrap around to negative numbers; sums of
// saturated counts still reconcile.
type Counts struct {
	Objects int64 `json:"objects"`
	Bytes   int64 `json:"bytes"`
}

func (c *Counts) add(size int64) {
	c.Objects = satAdd(c.Objects, 1)
	c.Bytes = satAdd(c.Bytes, size)
}

func (c *Counts) merge(o Counts) {
	c.Objects = satAdd(c.Objects, o.Objects)
	c.Bytes = satAdd(c.Bytes, o.Bytes)
}

// satAdd is a + b, clamped to the range of int64. For non-negative terms
// it is min(MaxInt64, the true sum) in whatever order they are added.
func satAdd(a, b int64) int64 {
	switch {
	case b > 0 && a > math.MaxInt64-b:
		return math.MaxInt64
	case b < 0 && a < math.MinInt64-b:
		return math.MinInt64
	}
	return a + b
}

// ReasonCount is how many objects one reason skipped.
type ReasonCount struct {
	Stage  Stage  `json:"stage"`
	Reason Reason `json:"reason"`
	Counts
}

// BucketSummary is the tally of one bucket.
type BucketSummary struct {
	Bucket string `json:"bucket"`
	// Selected is whether the bucket stage takes the bucket.
	Selected bool   `json:"selected"`
	Read     Counts `json:"read"`
	Scanned  Counts `json:"scanned"`
	Skipped  Counts `json:"skipped"`
	// Reasons are the skips by reason, most objects first.
	Reasons []ReasonCount `json:"reasons"`
}

// Summary is the outcome of a dry run. Read = Scanned + Skipped: every
// object read is decided once. Rows that could not be read are Rejected
// and are not in Read; so the rows of the inputs are Read.Objects +
// Rejected.
type Summary struct {
	// Run is the planned run's incremental window.
	Run     schedule.Window `json:"run"`
	Read    Counts          `json:"read"`
	Scanned Counts          `json:"scanned"`
	Skipped Counts          `json:"skipped"`
	// Rejected is the number of rows that could not be read.
	Rejected int64 `json:"rejected"`
	// Reasons are the skips by reason, most objects first (pipeline
	// order among equals); reasons that skipped nothing are left out.
	Reasons []ReasonCount `json:"reasons"`
	// Buckets are the per-bucket tallies, by bucket name.
	Buckets []BucketSummary `json:"buckets"`
	// Files is the number of data files read, FileErrors the files that
	// could not be read to their end (their rows read before the problem
	// are counted).
	Files      int      `json:"files"`
	FileErrors []string `json:"fileErrors"`
	// RowErrors are the first rejected rows, in input order, up to
	// RunOptions.KeepRowErrors.
	RowErrors []string `json:"rowErrors"`
	// Assumed lists, per input that lacks a column an eligibility check
	// reads, what was assumed in its place.
	Assumed []string `json:"assumed,omitempty"`
	// PricePerGB and EstimatedCost: Scanned.Bytes / 2^30 × PricePerGB, in
	// US dollars. An estimate: Macie bills the bytes it analyzes, which
	// for compressed files and archives differ from the object size.
	PricePerGB    float64 `json:"pricePerGB"`
	EstimatedCost float64 `json:"estimatedCost"`
	// Partial is true when the run was interrupted: the counts cover the
	// rows decided until then (with RunOptions.Decisions, exactly the rows
	// delivered to it).
	Partial bool `json:"partial"`
}

// Reconciles reports whether the counts add up: Read = Scanned + Skipped,
// the reasons sum to Skipped and the buckets to Read, Scanned and Skipped.
func (s *Summary) Reconciles() bool {
	var reasons, read, scanned, skipped Counts
	for _, r := range s.Reasons {
		reasons.merge(r.Counts)
	}
	for _, b := range s.Buckets {
		read.merge(b.Read)
		scanned.merge(b.Scanned)
		skipped.merge(b.Skipped)
	}
	sum := s.Scanned
	sum.merge(s.Skipped)
	return sum == s.Read && reasons == s.Skipped && read == s.Read && scanned == s.Scanned && skipped == s.Skipped
}

// tally accumulates decisions; one per goroutine, merged at the end.
type tally struct {
	read, scanned Counts
	reasons       [numReasons]Counts
	buckets       map[string]*bucketTally
	rejected      int64
	rowErrs       []rowErr
	fileErrs      []fileErr
	files         int
}

type bucketTally struct {
	selected      bool
	read, scanned Counts
	reasons       [numReasons]Counts
}

type rowErr struct {
	file int
	err  *inventory.RowError
}

type fileErr struct {
	file int
	err  error
}

func newTally() *tally { return &tally{buckets: map[string]*bucketTally{}} }

func (t *tally) bucket(name string, selected bool) *bucketTally {
	b, ok := t.buckets[name]
	if !ok {
		b = &bucketTally{selected: selected}
		t.buckets[name] = b
	}
	return b
}

func (t *tally) addTo(b *bucketTally, size int64, d Decision) {
	t.read.add(size)
	b.read.add(size)
	if d.Scan {
		t.scanned.add(size)
		b.scanned.add(size)
		return
	}
	t.reasons[d.slot].add(size)
	b.reasons[d.slot].add(size)
}

func (t *tally) merge(o *tally) {
	t.read.merge(o.read)
	t.scanned.merge(o.scanned)
	for i := range t.reasons {
		t.reasons[i].merge(o.reasons[i])
	}
	for name, ob := range o.buckets {
		b := t.bucket(name, ob.selected)
		b.read.merge(ob.read)
		b.scanned.merge(ob.scanned)
		for i := range b.reasons {
			b.reasons[i].merge(ob.reasons[i])
		}
	}
	t.rejected += o.rejected
	t.rowErrs = append(t.rowErrs, o.rowErrs...)
	t.fileErrs = append(t.fileErrs, o.fileErrs...)
	t.files += o.files
}

func reasonCounts(rs *[numReasons]Counts) []ReasonCount {
	out := []ReasonCount{}
	for i, c := range rs {
		if c.Objects > 0 {
			out = append(out, ReasonCount{Stage: reasons[i].stage, Reason: reasons[i].reason, Counts: c})
		}
	}
	slices.SortStableFunc(out, func(a, b ReasonCount) int { return cmp.Compare(b.Objects, a.Objects) })
	return out
}

// skippedOf is the sum of the reasons' counts (not read − scanned, which
// is wrong once the counts saturate).
func skippedOf(rs *[numReasons]Counts) Counts {
	var c Counts
	for _, r := range rs {
		c.merge(r)
	}
	return c
}

// summary turns a tally into a Summary.
func (p *DryRun) summary(t *tally) *Summary {
	s := &Summary{Run: p.window, Read: t.read, Scanned: t.scanned, Skipped: skippedOf(&t.reasons),
		Rejected: t.rejected, Reasons: reasonCounts(&t.reasons), Buckets: []BucketSummary{},
		Files: t.files, FileErrors: []string{}, RowErrors: []string{}, PricePerGB: p.price}
	for name, b := range t.buckets {
		s.Buckets = append(s.Buckets, BucketSummary{Bucket: name, Selected: b.selected, Read: b.read,
			Scanned: b.scanned, Skipped: skippedOf(&b.reasons), Reasons: reasonCounts(&b.reasons)})
	}
	slices.SortFunc(s.Buckets, func(a, b BucketSummary) int { return cmp.Compare(a.Bucket, b.Bucket) })
	slices.SortStableFunc(t.fileErrs, func(a, b fileErr) int { return cmp.Compare(a.file, b.file) })
	for _, e := range t.fileErrs {
		s.FileErrors = append(s.FileErrors, e.err.Error())
	}
	slices.SortStableFunc(t.rowErrs, compareRowErrs)
	for _, e := range t.rowErrs {
		s.RowErrors = append(s.RowErrors, e.err.Error())
	}
	s.EstimatedCost = float64(s.Scanned.Bytes) / (1 << 30) * p.price
	return s
}
