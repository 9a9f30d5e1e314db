// Package jobdiff compares the dry runs of two versions of an Amazon Macie
// classification job over the same inputs: which objects enter the scan
// (the new job analyzes them, the old one does not), which leave it (the
// old job analyzes them, the new one does not), by bucket and by the
// reason the other job skips them, and what each run costs.
//
// A classification job cannot be changed once created: a new definition
// is a new job (Terraform replaces the resource). So the diff is of two
// jobs, either of which may be absent — a job created (everything it
// analyzes enters) or deleted (everything it analyzed leaves).
//
// [Run] reads every record once: the new job's [plan.DryRun.Run] reads the
// inputs, and each record it delivers is decided by the old job too
// ([plan.Tally]), so both jobs see the same objects with the same
// assumptions (columns the inputs lack, tags from a sidecar). Each job's
// run is priced on its own, as plan prices it ([plan.Summary]); the cost
// delta is the difference of the two estimates.
package jobdiff

import (
	"cmp"
	"context"
	"errors"
	"slices"

	"github.com/jobscope/jobscope/inventory"
	"github.com/jobscope/jobscope/plan"
)

// Change is one object whose fate differs between the two jobs: it enters
// the scan (Enters) or leaves it.
type Change struct {
	// Record is the object as the inputs list it; it is reused after the
	// callback returns.
	Record *inventory.Record
	// Old and New are the two jobs' decisions. The decision of an absent
	// job is the zero Decision: not Scan, with no stage or reason.
	Old, New plan.Decision
	// Enters is true when the new job analyzes the object and the old one
	// does not; false when the old one does and the new one does not.
	Enters bool
}

// Options are the choices of Run.
type Options struct {
	// Run are the options of the run that reads the inputs: Workers, Tags,
	// KeepRowErrors and Rows as plan.RunOptions says. Its Decisions is
	// not used.
	Run plan.RunOptions
	// Changes, when set, receives every object that enters or leaves the
	// scan, in input order, from one goroutine. An error it returns stops
	// the run, and Run returns it with the partial diff.
	Changes func(*Change) error
}

// Reason is a number of objects one job skips, at a stage, for a reason,
// decided by the part of the job at Path (see plan.Decision).
type Reason struct {
	Stage  plan.Stage  `json:"stage"`
	Reason plan.Reason `json:"reason"`
	Path   string      `json:"path,omitempty"`
	plan.Counts
}

// Bucket is the diff of one bucket's objects.
type Bucket struct {
	Bucket string `json:"bucket"`
	// Entering, Leaving and Staying count the bucket's objects as Diff's
	// do.
	Entering plan.Counts `json:"entering"`
	Leaving  plan.Counts `json:"leaving"`
	Staying  plan.Counts `json:"staying"`
	// Entered and Left are the reasons of the bucket's entering and
	// leaving objects, as Diff's are.
	Entered []Reason `json:"entered"`
	Left    []Reason `json:"left"`
}

// Diff is the comparison of two jobs' runs over the same inputs. Read =
// Entering + Leaving + Staying + the objects neither job analyzes; the
// buckets sum to Entering, Leaving and Staying, and so do Entered (to
// Entering, when the old job exists) and Left (to Leaving, when the new
// one exists).
type Diff struct {
	// Old and New are the two runs' summaries; nil for an absent job.
	Old, New *plan.Summary
	// Read is the objects read (every one decided by both jobs).
	Read plan.Counts
	// Entering are the objects the new job analyzes and the old one does
	// not; Leaving those the old job analyzes and the new one does not;
	// Staying those both analyze. Bytes are stored bytes.
	Entering, Leaving, Staying plan.Counts
	// EnteringEstimatedBytes and LeavingEstimatedBytes are the bytes Macie
	// is estimated to analyze in the entering objects (at the new job's
	// compression ratio) and in the leaving ones (at the old job's):
	// compressed and archive files expanded, as Summary.EstimatedBytes.
	EnteringEstimatedBytes, LeavingEstimatedBytes int64
	// Entered are the reasons the old job skips the entering objects, and
	// Left the reasons the new job skips the leaving ones: most objects
	// first, then in pipeline order. Empty for an absent job.
	Entered, Left []Reason
	// Buckets are the buckets with an entering, leaving or staying object,
	// by name.
	Buckets []Bucket
}

// OldCost is the estimated cost of the old job's run in US dollars
// (Summary.EstimatedCost), 0 for an absent job.
func (d *Diff) OldCost() float64 { return costOf(d.Old) }

// NewCost is the estimated cost of the new job's run (see OldCost).
func (d *Diff) NewCost() float64 { return costOf(d.New) }

// CostDelta is NewCost − OldCost: positive when the change costs more.
func (d *Diff) CostDelta() float64 { return d.NewCost() - d.OldCost() }

// OldEstimatedBytes is the data the old job's run is estimated to analyze
// (Summary.Total.EstimatedBytes: compressed files expanded, bucket-level
// estimates of selected buckets without records included), 0 for an
// absent job.
func (d *Diff) OldEstimatedBytes() int64 { return estimatedOf(d.Old) }

// NewEstimatedBytes is the data the new job's run is estimated to analyze
// (see OldEstimatedBytes).
func (d *Diff) NewEstimatedBytes() int64 { return estimatedOf(d.New) }

// EstimatedBytesDelta is NewEstimatedBytes − OldEstimatedBytes: the change
// in the data Macie is estimated to analyze.
func (d *Diff) EstimatedBytesDelta() int64 { return d.NewEstimatedBytes() - d.OldEstimatedBytes() }

func costOf(s *plan.Summary) float64 {
	if s == nil {
		return 0
	}
	return s.EstimatedCost
}

func estimatedOf(s *plan.Summary) int64 {
	if s == nil {
		return 0
	}
	return s.Total.EstimatedBytes
}

// Run reads the inputs once and diffs the runs of the old and new jobs
// over them; either job may be nil (absent), not both. Before reading, it
// checks that the inputs have the columns each job needs, and returns, if
// not, a nil Diff and the field.ErrorList of plan.DryRun.Check. When ctx is
// done or Options.Changes fails, Run returns the diff of what was read
// until then, its summaries marked Partial, with that error.
func Run(ctx context.Context, old, new *plan.DryRun, sources []*inventory.Source, opts Options) (*Diff, error) {
	if old == nil && new == nil {
		return nil, errors.New("jobdiff: no job to diff: the old and the new job are both absent")
	}
	reader, other := new, old
	if new == nil {
		reader, other = old, nil
	}
	if other != nil {
		if err := other.Check(sources, opts.Run.Tags != nil); err != nil {
			return nil, err
		}
	}
	t := newTally()
	var tally *plan.Tally
	if other != nil {
		tally = other.Tally()
	}
	ch := &Change{}
	ropts := opts.Run
	ropts.Decisions = func(r *inventory.Record, d plan.Decision) error {
		var od, nd plan.Decision
		switch {
		case tally != nil:
			od, nd = tally.Decide(&r.Object), d
		case new == nil:
			od = d
		default:
			nd = d
		}
		if !t.add(r, od, nd, old != nil, new != nil) || opts.Changes == nil {
			return nil
		}
		*ch = Change{Record: r, Old: od, New: nd, Enters: nd.Scan}
		return opts.Changes(ch)
	}
	s, err := reader.Run(ctx, sources, ropts)
	if s == nil {
		return nil, err
	}
	d := t.diff()
	if new != nil {
		d.EnteringEstimatedBytes = new.EstimatedBytes(d.Entering.Bytes, t.enteringCompressed)
	}
	if old != nil {
		d.LeavingEstimatedBytes = old.EstimatedBytes(d.Leaving.Bytes, t.leavingCompressed)
	}
	switch {
	case tally != nil:
		d.Old, d.New = tally.Summary(s), s
	case new == nil:
		d.Old = s
	default:
		d.New = s
	}
	return d, err
}

type reasonKey struct {
	stage  plan.Stage
	reason plan.Reason
	path   string
}

type reasonTally map[reasonKey]*plan.Counts

func (rt reasonTally) add(d plan.Decision, size int64) {
	k := reasonKey{d.Stage, d.Reason, d.Path}
	c, ok := rt[k]
	if !ok {
		c = &plan.Counts{}
		rt[k] = c
	}
	c.Add(size)
}

type bucketTally struct {
	entering, leaving, staying plan.Counts
	entered, left              reasonTally
}

type tally struct {
	read, entering, leaving, staying plan.Counts
	entered, left                    reasonTally
	// enteringCompressed and leavingCompressed are the stored bytes of
	// compressed files among them.
	enteringCompressed, leavingCompressed int64
	buckets                               map[string]*bucketTally
	lastName                              string
	last                                  *bucketTally
}

func newTally() *tally {
	return &tally{entered: reasonTally{}, left: reasonTally{}, buckets: map[string]*bucketTally{}}
}

// add counts one object decided od by the old job and nd by the new one;
// haveOld and haveNew say whether each job exists. It reports whether the
// object enters or leaves the scan.
func (t *tally) add(r *inventory.Record, od, nd plan.Decision, haveOld, haveNew bool) bool {
	t.read.Add(r.Size)
	if !od.Scan && !nd.Scan {
		return false
	}
	if t.last == nil || r.Bucket != t.lastName {
		b, ok := t.buckets[r.Bucket]
		if !ok {
			b = &bucketTally{entered: reasonTally{}, left: reasonTally{}}
			t.buckets[r.Bucket] = b
		}
		t.lastName, t.last = r.Bucket, b
	}
	b := t.last
	switch {
	case od.Scan && nd.Scan:
		t.staying.Add(r.Size)
		b.staying.Add(r.Size)
		return false
	case nd.Scan:
		t.entering.Add(r.Size)
		b.entering.Add(r.Size)
		if nd.Compressed() {
			t.enteringCompressed += r.Size
		}
		if haveOld {
			t.entered.add(od, r.Size)
			b.entered.add(od, r.Size)
		}
	default:
		t.leaving.Add(r.Size)
		b.leaving.Add(r.Size)
		if od.Compressed() {
			t.leavingCompressed += r.Size
		}
		if haveNew {
			t.left.add(nd, r.Size)
			b.left.add(nd, r.Size)
		}
	}
	return true
}

func (t *tally) diff() *Diff {
	d := &Diff{Read: t.read, Entering: t.entering, Leaving: t.leaving, Staying: t.staying,
		Entered: t.entered.list(), Left: t.left.list(), Buckets: []Bucket{}}
	for name, b := range t.buckets {
		d.Buckets = append(d.Buckets, Bucket{Bucket: name, Entering: b.entering, Leaving: b.leaving, Staying: b.staying,
			Entered: b.entered.list(), Left: b.left.list()})
	}
	slices.SortFunc(d.Buckets, func(a, b Bucket) int { return cmp.Compare(a.Bucket, b.Bucket) })
	return d
}

// order is each reason's place in the pipeline.
var order = func() map[plan.Reason]int {
	m := map[plan.Reason]int{}
	for i, r := range plan.Reason("").Values() {
		m[r] = i
	}
	return m
}()

// list is the reasons, most objects first, then in pipeline order, then
// by path.
func (rt reasonTally) list() []Reason {
	out := make([]Reason, 0, len(rt))
	for k, c := range rt {
		out = append(out, Reason{Stage: k.stage, Reason: k.reason, Path: k.path, Counts: *c})
	}
	slices.SortFunc(out, func(a, b Reason) int {
		return cmp.Or(cmp.Compare(b.Objects, a.Objects), cmp.Compare(order[a.Reason], order[b.Reason]), cmp.Compare(a.Path, b.Path))
	})
	return out
}
