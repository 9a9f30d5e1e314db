package plan

import (
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/inventory"
	"github.com/jobscope/jobscope/scope"
)

// TagSource gives an object's tags when its inventory has none, as S3
// Inventory never does: *inventory.Tags, read from a tag sidecar, is one.
type TagSource interface {
	// Lookup returns the tags of one object version, nil when it has none.
	Lookup(bucket, key, versionID string) map[string]string
}

// RunOptions are the choices of DryRun.Run.
type RunOptions struct {
	// Workers is how many data files are read at once. Default
	// runtime.GOMAXPROCS(0), one per core.
	Workers int
	// Tags, when set, supplies the tags of objects from inputs without a
	// Tags column.
	Tags TagSource
	// Decisions, when set, receives every object's decision in input
	// order — the sources in the order given, each source's files in
	// manifest order, each file's rows in file order — from one goroutine.
	// The record is reused after Decisions returns. An error it returns
	// stops the run, and Run returns it with the partial summary.
	Decisions func(r *inventory.Record, d Decision) error
	// Encode and Output, when both are set, write every object's decision
	// as Decisions would, formatted by the workers that read the files:
	// Encode appends the decision of r to dst and returns the result, on
	// the worker's goroutine (the record is reused after it returns), and
	// Run writes what Encode appended to Output in input order, a batch of
	// decisions a write, from one goroutine. An error Output returns stops
	// the run, as one of Decisions does, and the decisions of the batch it
	// failed on are not counted. Decisions may be set too; it is called
	// for each decision of a batch before the batch is written.
	Encode func(dst []byte, r *inventory.Record, d Decision) []byte
	Output io.Writer
	// KeepRowErrors is how many rejected rows the summary describes, the
	// first ones in input order. Default 10; negative keeps none. Every
	// rejected row is counted whatever this says.
	KeepRowErrors int
	// Rows, when set, is a counter Run adds to as it decides objects, for
	// a progress display to read from another goroutine while Run works.
	// Run adds a file's decided objects a batch at a time (every few
	// hundred) and the rest when it stops reading the file, so the counter
	// trails the rows decided by less than a batch a worker. Rejected rows
	// are not counted. When Run returns after reading every file, Run has
	// added exactly Summary.Read.Objects; after a cancellation or a failing
	// Decisions it may have added more, the rows decided but not delivered.
	Rows *atomic.Int64
}

// fixups are what a file's rows need before they are decided.
type fixups struct {
	storageClass bool // no StorageClass column: assume STANDARD
	encryption   bool // no EncryptionStatus column: assume SSE-S3
	tags         bool // no Tags column, and a TagSource
}

// check returns the problems with reading src for this job: the columns
// that are missing (errors) and what is assumed in place of the columns
// the eligibility checks read.
func (p *DryRun) check(src *inventory.Source, haveTags bool) (fix fixups, assumed []string, errs field.ErrorList) {
	cols := src.Columns
	need := func(c inventory.Column, name, path, what string) {
		if !cols.Has(c) {
			errs = append(errs, &field.Error{File: src.Name, Path: path, Code: field.MissingColumn,
				Message: fmt.Sprintf("%s needs the %s column, which this input does not have", what, name)})
		}
	}
	plan := p.scoping.Program()
	for _, c := range slices.Concat(plan.Includes, plan.Excludes) {
		switch {
		case c.Kind == scope.TagScopeTermKind:
			if !haveTags {
				need(inventory.ColTags, "Tags", c.Path, "an object tag condition (give a tag sidecar)")
			}
		case c.Key == scope.ObjectSize:
			need(inventory.ColSize, "Size", c.Path, "an OBJECT_SIZE condition")
		case c.Key == scope.ObjectLastModifiedDate:
			need(inventory.ColLastModified, "LastModifiedDate", c.Path, "an OBJECT_LAST_MODIFIED_DATE condition")
		}
	}
	if p.windowed && !p.window.Unbounded() {
		path := "scheduleFrequency"
		if p.window.RunNumber == 1 {
			path = "initialRun"
		}
		need(inventory.ColLastModified, "LastModifiedDate", path, fmt.Sprintf("the incremental window of run %d", p.window.RunNumber))
	}
	if !cols.Has(inventory.ColStorageClass) {
		fix.storageClass = true
		assumed = append(assumed, src.Name+": no StorageClass column: every object is assumed to be STANDARD")
	}
	if !cols.Has(inventory.ColEncryptionStatus) {
		fix.encryption = true
		assumed = append(assumed, src.Name+": no EncryptionStatus column: every object is assumed to be SSE-S3 (the S3 default)")
	}
	if !cols.Has(inventory.ColIntelligentTieringAccessTier) {
		assumed = append(assumed, src.Name+": no IntelligentTieringAccessTier column: no INTELLIGENT_TIERING object is known to be in an archive tier, so each is taken as analyzable")
	}
	if !cols.Has(inventory.ColSize) {
		assumed = append(assumed, src.Name+": no Size column: sizes are unknown (0), so the size quotas are not checked and bytes are not counted")
	}
	fix.tags = haveTags && !cols.Has(inventory.ColTags)
	return fix, assumed, errs
}

type fileJob struct {
	f   inventory.File
	fix fixups
	// rows is RunOptions.Rows.
	rows *atomic.Int64
	// need is the columns the run reads of the records, 0 for every one.
	need inventory.Column
}

// columnFile is a File that can leave out of its records the columns a
// reader does not need (inventory's CSV data files): RecordsOf is Records
// decoding the columns of need alone.
type columnFile interface {
	RecordsOf(ctx context.Context, need inventory.Column) iter.Seq2[*inventory.Record, error]
}

// need is the columns the decisions of the job read: every one but
// LastModifiedDate when neither the incremental window nor a condition
// reads the date.
func (p *DryRun) need() inventory.Column {
	if p.windowed {
		return 0
	}
	plan := p.scoping.Program()
	for _, c := range slices.Concat(plan.Includes, plan.Excludes) {
		if c.Key == scope.ObjectLastModifiedDate {
			return 0
		}
	}
	return ^inventory.Column(0) &^ inventory.ColLastModified
}

// batch is a run of rows of one file, for ordered delivery: the decided
// rows, the rows that could not be read among them, and, in a file's
// last batch, the error that ended it.
type batch struct {
	// recs are the rows, for RunOptions.Decisions; without it, rows keeps
	// only what the tally counts of them.
	recs []inventory.Record
	rows []countedRow
	ds   []Decision
	out  []byte // the decisions as RunOptions.Encode appends them
	rejections
	fileErr error
}

// countedRow is what a tally counts of a row besides its decision.
type countedRow struct {
	bucket string
	size   int64
}

// rejections counts the rows that could not be read, and keeps some.
type rejections struct {
	rejected int64
	rowErrs  []rowErr
}

// add counts the rejected row e, and keeps it when keep is true.
func (r *rejections) add(e rowErr, keep bool) {
	r.rejected++
	if keep {
		r.rowErrs = append(r.rowErrs, e)
	}
}

// merge adds the rows of o to r's.
func (r *rejections) merge(o rejections) {
	r.rejected += o.rejected
	r.rowErrs = append(r.rowErrs, o.rowErrs...)
}

const batchSize = 512

var batchPool = sync.Pool{New: func() any {
	return &batch{ds: make([]Decision, 0, batchSize)}
}}

func (b *batch) reset() {
	b.recs, b.rows, b.ds, b.out, b.rejections, b.fileErr = b.recs[:0], b.rows[:0], b.ds[:0], b.out[:0], rejections{}, nil
}

// delivery is the ordered hand-over of one file's batches to the
// goroutine that calls RunOptions.Decisions.
type delivery struct {
	ch chan *batch
	// started is closed when a worker takes the file.
	started chan struct{}
	// complete is set, before ch is closed, when every row of the file was
	// sent: the file was read to its end (or to the error that ended it).
	complete bool
}

// Run reads every file of the sources, decides every object, and returns
// the summary. Files are read concurrently (RunOptions.Workers); objects
// are never collected, so memory stays flat however large the inputs.
//
// Before reading, Run checks that every source has the columns the job
// needs and returns, if not, a field.ErrorList of *field.Error with code
// field.MissingColumn, one a missing column. A file that
// cannot be read to its end is a file error in the summary, not an error
// of Run.
//
// When ctx is done, or RunOptions.Decisions fails, Run stops reading,
// waits for its goroutines to end, and returns the summary of what was
// decided until then, marked Partial, with that error. With
// RunOptions.Decisions, the summary counts exactly the rows delivered to
// it: after a cancellation Run still delivers, in order, the decisions
// already made that continue the input order without a gap, and stops at
// the first row that was not decided; the rows decided beyond that gap
// are neither delivered nor counted. When Decisions fails, the row it
// failed on is not counted.
func (p *DryRun) Run(ctx context.Context, sources []*inventory.Source, opts RunOptions) (*Summary, error) {
	var jobs []fileJob
	var assumed []string
	var errs field.ErrorList
	encode := opts.Encode
	if opts.Output == nil {
		encode = nil
	}
	var need inventory.Column // every column for Decisions and Encode, which may read any
	if opts.Decisions == nil && encode == nil {
		need = p.need()
	}
	for _, src := range sources {
		fix, a, e := p.check(src, opts.Tags != nil)
		assumed = append(assumed, a...)
		errs = append(errs, e...)
		for _, f := range src.Files {
			jobs = append(jobs, fileJob{f, fix, opts.Rows, need})
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, max(len(jobs), 1))
	keep := opts.KeepRowErrors
	if keep == 0 {
		keep = 10
	}
	keep = max(keep, 0)

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var deliveries []*delivery
	ordered := opts.Decisions != nil || encode != nil
	if ordered {
		deliveries = make([]*delivery, len(jobs))
		for i := range deliveries {
			deliveries[i] = &delivery{ch: make(chan *batch, 4), started: make(chan struct{})}
		}
	}
	var next atomic.Int64
	tallies := make([]*tally, workers)
	var wg sync.WaitGroup
	for w := range workers {
		t := newTally()
		tallies[w] = t
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(jobs) || ctx.Err() != nil {
					return
				}
				if deliveries != nil {
					p.sendFile(ctx, i, jobs[i], opts.Tags, keep, opts.Decisions != nil, encode, deliveries[i])
				} else {
					p.readFile(ctx, i, jobs[i], opts.Tags, t, keep)
				}
			}
		}()
	}
	total := newTally()
	var cbErr error
	if deliveries != nil {
		if cbErr = p.deliver(ctx, deliveries, opts.Decisions, opts.Output, total, &wg); cbErr != nil {
			cancel()
		}
	}
	wg.Wait()
	for _, t := range tallies {
		total.merge(t)
	}
	slices.SortStableFunc(total.rowErrs, compareRowErrs)
	total.rowErrs = total.rowErrs[:min(keep, len(total.rowErrs))]
	s := p.summary(total)
	s.Assumed = append(assumed, s.Assumed...)
	switch {
	case cbErr != nil:
		s.Partial = true
		return s, cbErr
	case ctx.Err() != nil:
		s.Partial = true
		return s, ctx.Err()
	}
	return s, nil
}

// deliver hands the files' batches to decide in input order and counts
// what it hands over into t. When ctx is done it waits for the workers
// (wg), delivers what they had sent up to the first row that was not
// sent, and returns. It returns the error of decide, which ends it.
func (p *DryRun) deliver(ctx context.Context, ds []*delivery, decide func(*inventory.Record, Decision) error, out io.Writer,
	t *tally, wg *sync.WaitGroup) error {
	cancelled := false
	// stop waits for the workers once ctx is done; after it, every file a
	// worker took has its channel closed.
	stop := func() {
		if !cancelled {
			cancelled = true
			wg.Wait()
		}
	}
	var lastName string
	var lastTally *bucketTally
	for i, d := range ds {
		select {
		case <-d.started:
		case <-ctx.Done():
			stop()
			select {
			case <-d.started:
			default:
				return nil // no worker took this file
			}
		}
		t.files++
		for {
			var b *batch
			var ok bool
			if cancelled {
				b, ok = <-d.ch
			} else {
				select {
				case b, ok = <-d.ch:
				case <-ctx.Done():
					stop()
					b, ok = <-d.ch
				}
			}
			if !ok {
				break
			}
			for k := range b.recs {
				if decide == nil {
					break
				}
				if err := decide(&b.recs[k], b.ds[k]); err != nil {
					// The decisions before are counted, this one not.
					b.recs = b.recs[:k]
					p.count(t, b, &lastName, &lastTally)
					return err
				}
			}
			if len(b.out) > 0 {
				if _, err := out.Write(b.out); err != nil {
					return err
				}
			}
			p.count(t, b, &lastName, &lastTally)
			t.rejections.merge(b.rejections)
			if b.fileErr != nil {
				t.fileErrs = append(t.fileErrs, fileErr{i, b.fileErr})
			}
			b.reset()
			batchPool.Put(b)
		}
		if !d.complete {
			return nil // cancelled while this file was read
		}
	}
	return nil
}

// count adds the decided rows of b to t; *lastName and *lastTally are the
// bucket of the previous row and its tally.
func (p *DryRun) count(t *tally, b *batch, lastName *string, lastTally **bucketTally) {
	for k := range b.recs {
		r := &b.recs[k]
		if *lastTally == nil || r.Bucket != *lastName {
			*lastName = r.Bucket
			*lastTally = t.bucket(r.Bucket, p.bucket(r.Bucket).selected)
		}
		t.addTo(*lastTally, r.Size, b.ds[k])
	}
	for k := range b.rows {
		r := &b.rows[k]
		if *lastTally == nil || r.bucket != *lastName {
			*lastName = r.bucket
			*lastTally = t.bucket(r.bucket, p.bucket(r.bucket).selected)
		}
		t.addTo(*lastTally, r.size, b.ds[k])
	}
}

// readFile reads and decides the rows of job i into t.
func (p *DryRun) readFile(ctx context.Context, i int, job fileJob, tags TagSource, t *tally, keep int) {
	t.files++
	var lastName string
	var lastState *bucketState
	var lastTally *bucketTally
	p.rows(ctx, i, job, tags, keep, func(rec *inventory.Record, d Decision) bool {
		if lastState == nil || rec.Bucket != lastName {
			lastName, lastState = rec.Bucket, p.bucket(rec.Bucket)
			lastTally = t.bucket(rec.Bucket, lastState.selected)
		}
		t.addTo(lastTally, rec.Size, d)
		return true
	}, func() *rejections { return &t.rejections }, func(err error) {
		t.fileErrs = append(t.fileErrs, fileErr{i, err})
	})
}

// sendFile reads and decides the rows of job i and sends them, in
// batches, to d, whose channel it closes: each row whole when keepRecs is
// set, else what the tally counts of it. It marks d complete when every
// row was sent.
func (p *DryRun) sendFile(ctx context.Context, i int, job fileJob, tags TagSource, keep int,
	keepRecs bool, encode func([]byte, *inventory.Record, Decision) []byte, d *delivery) {
	close(d.started)
	defer close(d.ch)
	var b *batch
	cur := func() *batch {
		if b == nil {
			b = batchPool.Get().(*batch)
		}
		return b
	}
	send := func() bool {
		select {
		case d.ch <- b:
			b = nil
			return true
		case <-ctx.Done():
			return false
		}
	}
	sent := p.rows(ctx, i, job, tags, keep, func(rec *inventory.Record, dec Decision) bool {
		b := cur()
		if keepRecs {
			b.recs = append(b.recs, *rec)
		} else {
			b.rows = append(b.rows, countedRow{rec.Bucket, rec.Size})
		}
		b.ds = append(b.ds, dec)
		if encode != nil {
			b.out = encode(b.out, rec, dec)
		}
		return len(b.ds) < batchSize || send()
	}, func() *rejections { return &cur().rejections }, func(err error) {
		cur().fileErr = err
	})
	if sent && b != nil {
		sent = send()
	}
	d.complete = sent && ctx.Err() == nil
}

// rows reads the rows of job i, decides them and calls decided for each,
// as records does.
func (p *DryRun) rows(ctx context.Context, i int, job fileJob, tags TagSource, keep int,
	decided func(*inventory.Record, Decision) bool, rejected func() *rejections, failed func(error)) bool {
	var lastName string
	var lastState *bucketState
	return records(ctx, i, job, tags, keep, func(rec *inventory.Record) bool {
		o := &rec.Object
		if lastState == nil || o.Bucket != lastName {
			lastName, lastState = o.Bucket, p.bucket(o.Bucket)
		}
		return decided(rec, p.decide(o, lastState, -1))
	}, rejected, failed)
}

// records reads the rows of job i, completes each as job.fix says and
// calls each with it, adds each row that cannot be read to the
// rejections rejected returns then, keeping the file's first keep, and
// calls failed for the error that ends the file before its end. It stops
// when each returns false or ctx is done, and reports whether it read to
// the end (or to the error that ended the file) without being stopped.
// It adds the rows it reads to job.rows, when set, batchSize at a time and
// the rest on return.
func records(ctx context.Context, i int, job fileJob, tags TagSource, keep int,
	each func(*inventory.Record) bool, rejected func() *rejections, failed func(error)) bool {
	kept := 0
	pending := int64(0)
	if job.rows != nil {
		defer func() { job.rows.Add(pending) }()
	}
	seq := job.f.Records(ctx)
	if cf, ok := job.f.(columnFile); ok && job.need != 0 {
		seq = cf.RecordsOf(ctx, job.need)
	}
	for rec, err := range seq {
		if err != nil {
			var re *field.Error
			if errors.As(err, &re) && re.Code == field.InvalidRow {
				rejected().add(rowErr{i, re}, kept < keep)
				kept++
				continue
			}
			if ctx.Err() != nil {
				return false
			}
			failed(err)
			return true
		}
		o := &rec.Object
		if job.fix.storageClass {
			o.StorageClass = scope.Standard
		}
		if job.fix.encryption {
			o.EncryptionStatus = scope.SSES3
		}
		if job.fix.tags {
			o.Tags = tags.Lookup(o.Bucket, o.Key, o.VersionID)
		}
		pending++
		if pending == batchSize && job.rows != nil {
			job.rows.Add(pending)
			pending = 0
		}
		if !each(rec) {
			return false
		}
	}
	return ctx.Err() == nil
}

func compareRowErrs(a, b rowErr) int {
	if a.file != b.file {
		return a.file - b.file
	}
	pa, pb := a.err, b.err
	switch {
	case pa.RowGroup != pb.RowGroup:
		return pa.RowGroup - pb.RowGroup
	case int64(pa.Line)+pa.Row < int64(pb.Line)+pb.Row:
		return -1
	case int64(pa.Line)+pa.Row > int64(pb.Line)+pb.Row:
		return 1
	}
	return 0
}
