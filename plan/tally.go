package plan

import (
	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/inventory"
	"github.com/jobscope/jobscope/scope"
)

// Check reports the columns the job needs that sources lack, as Run does
// before it reads anything: nil, or a field.ErrorList of *field.Error with
// code field.MissingColumn, one a missing column. tags says whether a
// TagSource will supply the tags of inputs without a Tags column.
func (p *DryRun) Check(sources []*inventory.Source, tags bool) error {
	var errs field.ErrorList
	for _, src := range sources {
		_, _, e := p.check(src, tags)
		errs = append(errs, e...)
	}
	return errs.Err()
}

// Tally decides and counts objects that another job's Run reads: a second
// job's view of the same records, in the same pass over the inputs (see
// RunOptions.Decisions, whose records carry the assumptions of Run, such as
// the storage class of an input without the column, and the tags of a
// TagSource). Its Summary is the one Run would return over those records.
// A Tally is for one goroutine.
type Tally struct {
	p        *DryRun
	t        *tally
	lastName string
	last     *bucketState
	lastT    *bucketTally
}

// Tally returns an empty Tally of the job.
func (p *DryRun) Tally() *Tally { return &Tally{p: p, t: newTally()} }

// Decide decides o, as DryRun.Decide does, and counts the decision. It
// allocates only for a bucket it has not seen.
func (t *Tally) Decide(o *scope.Object) Decision {
	if t.last == nil || o.Bucket != t.lastName {
		t.lastName, t.last = o.Bucket, t.p.bucket(o.Bucket)
		t.lastT = t.t.bucket(o.Bucket, t.last.selected)
	}
	d := t.p.decide(o, t.last)
	t.t.addTo(t.lastT, o.Size, d)
	return d
}

// Summary returns the summary of the decisions counted. The figures of the
// inputs rather than of the job — Files, Rejected, FileErrors, RowErrors,
// the inputs' Assumed and Partial — are those of run, the summary of the Run that read
// the records, when it is not nil.
func (t *Tally) Summary(run *Summary) *Summary {
	tt := *t.t
	if run != nil {
		tt.files = run.Files
	}
	s := t.p.summary(&tt)
	if run != nil {
		s.Rejected, s.Partial = run.Rejected, run.Partial
		s.FileErrors = append(s.FileErrors[:0], run.FileErrors...)
		s.RowErrors = append(s.RowErrors[:0], run.RowErrors...)
		// run's own last line, when it has unknown access tiers, is of its
		// job, not of the inputs.
		n := len(run.Assumed)
		if run.UnknownAccessTier > 0 {
			n--
		}
		s.Assumed = append(run.Assumed[:n:n], s.Assumed...)
	}
	return s
}

// Compressed reports whether d is the scan of a compressed or archive file
// (.gz, .gzip, .zip, .tar), which Macie bills on its uncompressed size.
func (d Decision) Compressed() bool { return d.compressed }

// EstimatedBytes is the estimate of the bytes Macie analyzes in stored
// bytes of scanned objects, of which compressed are in compressed or
// archive files: expanded at the run's compression ratio, as
// Summary.EstimatedBytes is.
func (p *DryRun) EstimatedBytes(stored, compressed int64) int64 {
	return expand(stored, compressed, p.ratio)
}
