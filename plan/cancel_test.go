package plan_test

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"runtime"
	"testing"
	"time"

	"github.com/jobscope/jobscope/inventory"
	"github.com/jobscope/jobscope/plan"
)

// within runs f and fails the test when it has not returned after d: a
// run that hangs on cancellation fails here instead of timing out the
// whole test binary.
func within(t *testing.T, d time.Duration, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(d):
		buf := make([]byte, 1<<20)
		t.Fatalf("did not return within %v; goroutines:\n%s", d, buf[:runtime.Stack(buf, true)])
	}
}

// noLeak fails the test when the goroutines of a run outlive it.
func noLeak(t *testing.T, before int) {
	t.Helper()
	for range 100 {
		if runtime.NumGoroutine() <= before {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	buf := make([]byte, 1<<20)
	t.Fatalf("%d goroutines after the run, %d before:\n%s", runtime.NumGoroutine(), before, buf[:runtime.Stack(buf, true)])
}

// cancelFiles returns n files of rows rows each, with rows that cannot be
// read among them (genFile's), and the third one ending early with a file
// error; half its rows have keys the job scans.
func cancelFiles(n, rows int) []*memFile {
	var fs []*memFile
	for i := range n {
		f := genFile(fmt.Sprintf("f%d", i), rows, i)
		for k, o := range f.rows {
			if o != nil && k%2 == 0 {
				o.Key = fmt.Sprintf("data/%d.csv", k) // some rows scanned
			}
		}
		if i == 2 {
			f.failAt = rows / 2
		}
		fs = append(fs, f)
	}
	return fs
}

// inputRows is the rows of files, in input order, up to the error that
// ends a file: what Run reads of them, rejected rows included (nil).
func inputRows(files []*memFile) iter.Seq2[inventory.Position, bool] {
	return func(yield func(inventory.Position, bool) bool) {
		for _, f := range files {
			for i, o := range f.rows {
				if f.failAt > 0 && i == f.failAt {
					break
				}
				if !yield(inventory.Position{File: f.name, Line: i + 1}, o != nil) {
					return
				}
			}
		}
	}
}

func TestRunPrecancelledWithDecisions(t *testing.T) {
	p := mustNew(t, weeklyJob, plan.Options{CreatedAt: created})
	for _, nfiles := range []int{1, 2, 16} {
		for _, workers := range []int{1, 4} {
			t.Run(fmt.Sprintf("files=%d/workers=%d", nfiles, workers), func(t *testing.T) {
				src := memSource("mem", allColumns, cancelFiles(nfiles, 3000)...)
				ctx, cancel := context.WithCancel(context.Background())
				cancel()
				before := runtime.NumGoroutine()
				delivered := 0
				var s *plan.Summary
				var err error
				within(t, time.Second, func() {
					s, err = p.Run(ctx, []*inventory.Source{src}, plan.RunOptions{Workers: workers,
						Decisions: func(*inventory.Record, plan.Decision) error { delivered++; return nil }})
				})
				if !errors.Is(err, context.Canceled) || s == nil || !s.Partial || !s.Reconciles() {
					t.Fatalf("err %v, summary %+v", err, s)
				}
				if s.Read.Objects != int64(delivered) {
					t.Errorf("read %d, delivered %d", s.Read.Objects, delivered)
				}
				noLeak(t, before)
			})
		}
	}
}

// A run cancelled from its Decisions callback returns at once, and its
// summary counts exactly the rows delivered: an unbroken prefix of the
// input order.
func TestRunCancelledFromDecisions(t *testing.T) {
	p := mustNew(t, weeklyJob, plan.Options{CreatedAt: created})
	for _, nfiles := range []int{1, 6} {
		files := cancelFiles(nfiles, 3000)
		var order []inventory.Position
		for pos, ok := range inputRows(files) {
			if ok {
				order = append(order, pos)
			}
		}
		for _, workers := range []int{1, 2, 4} {
			for _, at := range []int{1, 100, 512, 513, 2900, 7000, len(order) - 1} {
				if at >= len(order) {
					continue
				}
				t.Run(fmt.Sprintf("files=%d/workers=%d/at=%d", nfiles, workers, at), func(t *testing.T) {
					src := memSource("mem", allColumns, files...)
					ctx, cancel := context.WithCancel(context.Background())
					defer cancel()
					before := runtime.NumGoroutine()
					var got []inventory.Position
					var read, scanned plan.Counts
					var s *plan.Summary
					var err error
					within(t, time.Second, func() {
						s, err = p.Run(ctx, []*inventory.Source{src}, plan.RunOptions{Workers: workers,
							Decisions: func(r *inventory.Record, d plan.Decision) error {
								got = append(got, r.Pos)
								read.Objects++
								read.Bytes += r.Size
								if d.Scan {
									scanned.Objects++
									scanned.Bytes += r.Size
								}
								if len(got) == at {
									cancel()
								}
								return nil
							}})
					})
					if !errors.Is(err, context.Canceled) || s == nil || !s.Partial || !s.Reconciles() {
						t.Fatalf("err %v, summary %+v", err, s)
					}
					if len(got) < at || len(got) > len(order) {
						t.Fatalf("delivered %d decisions of %d, cancelled at %d", len(got), len(order), at)
					}
					for k, pos := range got {
						if pos != order[k] {
							t.Fatalf("decision %d is of %+v, want %+v: not the input order", k, pos, order[k])
						}
					}
					if s.Read != read || s.Scanned != scanned {
						t.Errorf("summary read %+v scanned %+v, delivered read %+v scanned %+v", s.Read, s.Scanned, read, scanned)
					}
					// The rows counted are those up to the last one delivered,
					// or, when its file was delivered whole, up to that
					// file's end.
					last := got[len(got)-1]
					var upTo, fileEnd int64
					past := false
					for pos := range inputRows(files) {
						if past && pos.File != last.File {
							break
						}
						if !past {
							upTo++
						}
						fileEnd++
						past = past || pos == last
					}
					if n := s.Read.Objects + s.Rejected; n != upTo && n != fileEnd {
						t.Errorf("read %d + rejected %d = %d rows, want %d (to the last decision) or %d (to its file's end)",
							s.Read.Objects, s.Rejected, n, upTo, fileEnd)
					}
					noLeak(t, before)
				})
			}
		}
	}
}

// cancellingFile cancels the run after n of its rows.
type cancellingFile struct {
	*memFile
	n      int
	cancel context.CancelFunc
}

func (f *cancellingFile) Records(ctx context.Context) iter.Seq2[*inventory.Record, error] {
	return func(yield func(*inventory.Record, error) bool) {
		i := 0
		for r, err := range f.memFile.Records(ctx) {
			if i++; i == f.n {
				f.cancel()
			}
			if !yield(r, err) {
				return
			}
		}
	}
}

// A run without Decisions cancelled mid-file returns, partial, with
// counts that reconcile and cover no more than the rows read.
func TestRunCancelledMidFile(t *testing.T) {
	p := mustNew(t, weeklyJob, plan.Options{CreatedAt: created})
	for _, decisions := range []bool{false, true} {
		for _, workers := range []int{1, 3} {
			t.Run(fmt.Sprintf("decisions=%v/workers=%d", decisions, workers), func(t *testing.T) {
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				files := cancelFiles(5, 4000)
				src := memSource("mem", allColumns)
				for i, f := range files {
					if i == 1 {
						src.Files = append(src.Files, &cancellingFile{f, 1500, cancel})
						continue
					}
					src.Files = append(src.Files, f)
				}
				var opts plan.RunOptions
				opts.Workers = workers
				delivered := int64(0)
				if decisions {
					opts.Decisions = func(*inventory.Record, plan.Decision) error { delivered++; return nil }
				}
				before := runtime.NumGoroutine()
				var s *plan.Summary
				var err error
				within(t, time.Second, func() { s, err = p.Run(ctx, []*inventory.Source{src}, opts) })
				if !errors.Is(err, context.Canceled) || s == nil || !s.Partial || !s.Reconciles() {
					t.Fatalf("err %v, summary %+v", err, s)
				}
				total := int64(0)
				for range inputRows(files) {
					total++
				}
				if s.Read.Objects+s.Rejected >= total {
					t.Errorf("read %d + rejected %d: every row of %d, after a cancellation", s.Read.Objects, s.Rejected, total)
				}
				if decisions && s.Read.Objects != delivered {
					t.Errorf("read %d, delivered %d", s.Read.Objects, delivered)
				}
				noLeak(t, before)
			})
		}
	}
}

// A Decisions callback that fails ends the run with its error; the row
// it failed on is not counted.
func TestRunDecisionsError(t *testing.T) {
	p := mustNew(t, weeklyJob, plan.Options{CreatedAt: created})
	src := memSource("mem", allColumns, cancelFiles(4, 2000)...)
	stop := errors.New("disk full")
	n := int64(0)
	var s *plan.Summary
	var err error
	within(t, time.Second, func() {
		s, err = p.Run(context.Background(), []*inventory.Source{src}, plan.RunOptions{Workers: 2,
			Decisions: func(*inventory.Record, plan.Decision) error {
				if n == 2500 {
					return stop
				}
				n++
				return nil
			}})
	})
	if !errors.Is(err, stop) || s == nil || !s.Partial || !s.Reconciles() || s.Read.Objects != n {
		t.Fatalf("err %v, read %d of %d delivered, summary %+v", err, s.Read.Objects, n, s)
	}
}
