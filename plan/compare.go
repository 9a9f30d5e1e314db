package plan

// Compare lives in package plan, not in a package of its own, because it
// is two dry runs of one pass: the old job counts the records the new
// job's Run delivers with the tally, column check and compression
// estimate that Run itself uses, which stay unexported.

import (
	"cmp"
	"context"
	"errors"
	"slices"

	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/inventory"
)

// Diff compares the runs of two versions of a classification job over the
// same inputs: the objects that enter the scan (the new job analyzes them,
// the old one does not), those that leave it (the old job analyzes them,
// the new one does not) and those that stay, by bucket and by the reason
// the other job skips them, and what each run costs. A job cannot be
// changed once created, so the two are two jobs, either of which may be
// absent: a job created (everything it analyzes enters) or deleted
// (everything it analyzed leaves).
//
// Read = Entering + Leaving + Staying + the objects neither job analyzes.
// The buckets sum to Entering, Leaving and Staying; Entered sums to
// Entering when the old job exists, and Left to Leaving when the new one
// does.
type Diff struct {
	// Old and New are the two runs' summaries, each the one its own
	// DryRun.Run gives over the inputs; nil for an absent job.
	Old, New *Summary
	// Read is the objects read, every one decided by both jobs.
	Read Counts
	// Entering, Leaving and Staying count the objects the new job alone,
	// the old job alone, and both analyze, with their stored bytes.
	Entering, Leaving, Staying Counts
	// EnteringEstimatedBytes and LeavingEstimatedBytes are the bytes Macie
	// is estimated to analyze in the entering objects (at the new job's
	// compression ratio) and in the leaving ones (at the old job's), as
	// Summary.EstimatedBytes estimates them.
	EnteringEstimatedBytes, LeavingEstimatedBytes int64
	// Entered are the reasons the old job skips the entering objects, and
	// Left those the new job skips the leaving ones for, each with the
	// path of what decided: most objects first, then in pipeline order,
	// then by path. Empty for an absent job.
	Entered, Left []ReasonCount
	// Buckets are the buckets with objects that enter, leave or stay, by
	// name.
	Buckets []BucketDiff
	// OldCost and NewCost are the runs' estimated costs in US dollars
	// (Summary.EstimatedCost), OldEstimatedBytes and NewEstimatedBytes the
	// data they are estimated to analyze (Summary.Total.EstimatedBytes);
	// 0 for an absent job. Each run is priced on its own.
	OldCost, NewCost                     float64
	OldEstimatedBytes, NewEstimatedBytes int64
	// CostDelta is NewCost − OldCost and EstimatedBytesDelta
	// NewEstimatedBytes − OldEstimatedBytes: positive when the change
	// analyzes, and costs, more.
	CostDelta           float64
	EstimatedBytesDelta int64
}

// BucketDiff is the part of a Diff in one bucket.
type BucketDiff struct {
	Bucket                     string
	Entering, Leaving, Staying Counts
	Entered, Left              []ReasonCount
}

// Compare reads the sources once and diffs the runs of the old and new
// jobs over them; either may be nil (absent), not both. It reads as
// DryRun.Run does with opts (its Decisions is not used): the new job's
// run, when there is one, reads, and the old job decides each record it
// delivers, with the same assumptions. Before reading, it checks that the
// sources have the columns each job needs, and returns, if not, a nil Diff
// and the field.ErrorList of *field.Error with code field.MissingColumn.
//
// changed, when set, receives every object that enters or leaves the scan,
// in input order, from one goroutine, with the two jobs' decisions (an
// absent job's is the zero Decision: no scan, no stage); the record is
// reused after it returns. An error it returns stops the run. When ctx is
// done or changed fails, Compare returns the diff of what was read until
// then, its summaries Partial, with that error.
func Compare(ctx context.Context, old, new *DryRun, sources []*inventory.Source, opts RunOptions,
	changed func(r *inventory.Record, old, new Decision) error) (*Diff, error) {
	if old == nil && new == nil {
		return nil, errors.New("plan: no job to compare: the old and the new job are both absent")
	}
	reader := cmp.Or(new, old)
	var other *DryRun // the old job, deciding what the new one reads
	if new != nil && old != nil {
		other = old
		var errs field.ErrorList
		for _, src := range sources {
			_, _, e := other.check(src, opts.Tags != nil)
			errs = append(errs, e...)
		}
		if len(errs) > 0 {
			return nil, errs
		}
	}
	d := newDiffTally()
	ot := newTally()
	var lastName string
	var lastState *bucketState
	var lastTally *bucketTally
	opts.Decisions = func(r *inventory.Record, dec Decision) error {
		od, nd := dec, Decision{}
		switch {
		case other != nil:
			o := &r.Object
			if lastState == nil || o.Bucket != lastName {
				lastName, lastState = o.Bucket, other.bucket(o.Bucket)
				lastTally = ot.bucket(o.Bucket, lastState.selected)
			}
			od, nd = other.decide(o, lastState, -1), dec
			ot.addTo(lastTally, o.Size, od)
		case new != nil:
			od, nd = Decision{}, dec
		}
		if !d.add(r, od, nd, old != nil, new != nil) || changed == nil {
			return nil
		}
		return changed(r, od, nd)
	}
	s, err := reader.Run(ctx, sources, opts)
	if s == nil {
		return nil, err
	}
	diff := d.diff()
	switch {
	case other != nil:
		diff.Old, diff.New = other.inputsOf(ot, s), s
	case new != nil:
		diff.New = s
	default:
		diff.Old = s
	}
	if new != nil {
		diff.EnteringEstimatedBytes = expand(diff.Entering.Bytes, d.enteringCompressed, new.ratio)
		diff.NewCost, diff.NewEstimatedBytes = diff.New.EstimatedCost, diff.New.Total.EstimatedBytes
	}
	if old != nil {
		diff.LeavingEstimatedBytes = expand(diff.Leaving.Bytes, d.leavingCompressed, old.ratio)
		diff.OldCost, diff.OldEstimatedBytes = diff.Old.EstimatedCost, diff.Old.Total.EstimatedBytes
	}
	diff.CostDelta, diff.EstimatedBytesDelta = diff.NewCost-diff.OldCost, diff.NewEstimatedBytes-diff.OldEstimatedBytes
	return diff, err
}

// inputsOf is the summary of t, the decisions of p over the records of
// the run whose summary is run, with run's figures of the inputs: files,
// rejected rows, file and row errors, what was assumed of the inputs, and
// whether it was interrupted.
func (p *DryRun) inputsOf(t *tally, run *Summary) *Summary {
	t.files = run.Files
	s := p.summary(t)
	s.Rejected, s.Partial = run.Rejected, run.Partial
	s.FileErrors = append(s.FileErrors, run.FileErrors...)
	s.RowErrors = append(s.RowErrors, run.RowErrors...)
	// run's last line, when it has unknown access tiers, is of its job.
	n := len(run.Assumed)
	if run.UnknownAccessTier > 0 {
		n--
	}
	s.Assumed = append(run.Assumed[:n:n], s.Assumed...)
	return s
}

type reasonKey struct {
	slot int8
	path string
}

// reasonTally counts skips by reason and path.
type reasonTally map[reasonKey]*Counts

// addIf, when have is set (the job that skips exists), counts the skip d
// of an object of size bytes in rt and in total.
func (rt reasonTally) addIf(have bool, d Decision, size int64, total reasonTally) {
	if have {
		rt.add(d, size)
		total.add(d, size)
	}
}

func (rt reasonTally) add(d Decision, size int64) {
	k := reasonKey{d.slot, d.Path}
	c, ok := rt[k]
	if !ok {
		c = &Counts{}
		rt[k] = c
	}
	c.add(size)
}

// list is the reasons, most objects first, then in pipeline order, then
// by path.
func (rt reasonTally) list() []ReasonCount {
	type entry struct {
		reasonKey
		Counts
	}
	es := make([]entry, 0, len(rt))
	for k, c := range rt {
		es = append(es, entry{k, *c})
	}
	slices.SortFunc(es, func(a, b entry) int {
		return cmp.Or(cmp.Compare(b.Objects, a.Objects), cmp.Compare(a.slot, b.slot), cmp.Compare(a.path, b.path))
	})
	out := make([]ReasonCount, len(es))
	for i, e := range es {
		out[i] = ReasonCount{Stage: reasons[e.slot].stage, Reason: reasons[e.slot].reason, Path: e.path, Counts: e.Counts}
	}
	return out
}

type bucketDiffTally struct {
	entering, leaving, staying Counts
	entered, left              reasonTally
}

// diffTally accumulates a Diff.
type diffTally struct {
	read, entering, leaving, staying Counts
	// enteringCompressed and leavingCompressed are the stored bytes of
	// the compressed files among them.
	enteringCompressed, leavingCompressed int64
	entered, left                         reasonTally
	buckets                               map[string]*bucketDiffTally
	lastName                              string
	last                                  *bucketDiffTally
}

func newDiffTally() *diffTally {
	return &diffTally{entered: reasonTally{}, left: reasonTally{}, buckets: map[string]*bucketDiffTally{}}
}

// add counts one object decided od by the old job and nd by the new one;
// haveOld and haveNew say whether each job exists. It reports whether the
// object enters or leaves the scan.
func (t *diffTally) add(r *inventory.Record, od, nd Decision, haveOld, haveNew bool) bool {
	t.read.add(r.Size)
	if !od.Scan && !nd.Scan {
		return false
	}
	if t.last == nil || r.Bucket != t.lastName {
		b, ok := t.buckets[r.Bucket]
		if !ok {
			b = &bucketDiffTally{entered: reasonTally{}, left: reasonTally{}}
			t.buckets[r.Bucket] = b
		}
		t.lastName, t.last = r.Bucket, b
	}
	b, size := t.last, r.Size
	switch {
	case od.Scan && nd.Scan:
		t.staying.add(size)
		b.staying.add(size)
		return false
	case nd.Scan:
		t.entering.add(size)
		b.entering.add(size)
		t.enteringCompressed = satAdd(t.enteringCompressed, compressedSize(nd, size))
		b.entered.addIf(haveOld, od, size, t.entered)
	default:
		t.leaving.add(size)
		b.leaving.add(size)
		t.leavingCompressed = satAdd(t.leavingCompressed, compressedSize(od, size))
		b.left.addIf(haveNew, nd, size, t.left)
	}
	return true
}

// compressedSize is size for the scan of a compressed file, else 0.
func compressedSize(d Decision, size int64) int64 {
	if d.compressed {
		return size
	}
	return 0
}

func (t *diffTally) diff() *Diff {
	d := &Diff{Read: t.read, Entering: t.entering, Leaving: t.leaving, Staying: t.staying,
		Entered: t.entered.list(), Left: t.left.list(), Buckets: []BucketDiff{}}
	for name, b := range t.buckets {
		d.Buckets = append(d.Buckets, BucketDiff{Bucket: name, Entering: b.entering, Leaving: b.leaving, Staying: b.staying,
			Entered: b.entered.list(), Left: b.left.list()})
	}
	slices.SortFunc(d.Buckets, func(a, b BucketDiff) int { return cmp.Compare(a.Bucket, b.Bucket) })
	return d
}
