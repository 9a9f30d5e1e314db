package schedule

import "time"

// Window is the incremental window of one run: the objects the run analyzes
// by their last-modified time (docs/semantics.md, "Incremental windows"). An
// object is in the window when its lastModified is at or before Upper (the
// run's start) and after Lower — strictly after when LowerInclusive is
// false, at or after when it is true. A zero Lower means no lower bound: the
// run analyzes every existing object.
type Window struct {
	// RunNumber is the run's number, 1 for the first run.
	RunNumber int
	// Lower is the lower bound: the job's creation (first run of a
	// SCHEDULED job with initialRun false) or the preceding run's start
	// (later runs). Zero when unbounded.
	Lower time.Time
	// LowerInclusive is true under Options.IncrementalBoundary INCLUSIVE.
	LowerInclusive bool
	// Upper is the run's start; objects modified later wait for the next
	// run.
	Upper time.Time
}

// Contains reports whether a run with window w analyzes an object last
// modified at lastModified.
func (w Window) Contains(lastModified time.Time) bool {
	if lastModified.After(w.Upper) {
		return false
	}
	if w.Lower.IsZero() {
		return true
	}
	if w.LowerInclusive {
		return !lastModified.Before(w.Lower)
	}
	return lastModified.After(w.Lower)
}

// Unbounded reports whether the window has no lower bound.
func (w Window) Unbounded() bool { return w.Lower.IsZero() }

// WindowAt returns the window of run runNumber that started at runStart,
// the preceding run having started at previousRunStart (ignored for run 1).
// Use it with the run starts a job really had (a paused job's runs start
// late); [Calendar.Window] derives them from the calendar.
//
//   - run 1 of a ONE_TIME job, or of a SCHEDULED job with initialRun true:
//     no lower bound (all existing objects);
//   - run 1 of a SCHEDULED job with initialRun false: after the job's
//     creation;
//   - run k ≥ 2: after the start of run k−1 (not its end: no object is
//     missed between runs).
//
// A runNumber below 1 is treated as 1.
func (c *Calendar) WindowAt(runNumber int, runStart, previousRunStart time.Time) Window {
	if runNumber < 1 {
		runNumber = 1
	}
	w := Window{RunNumber: runNumber, Upper: runStart.UTC(), LowerInclusive: c.opts.IncrementalBoundary == Inclusive}
	switch {
	case runNumber >= 2:
		w.Lower = previousRunStart.UTC()
	case c.jobType == Scheduled && !c.initialRun:
		w.Lower = c.createdAt
	}
	if w.Lower.IsZero() {
		w.LowerInclusive = false
	}
	return w
}

// Window returns the window of run k (1-based) as the calendar schedules it,
// and false when the job has no run k. It walks k runs, so it costs O(k).
func (c *Calendar) Window(k int) (Window, bool) {
	if k < 1 {
		return Window{}, false
	}
	var prev, t time.Time
	t = c.First()
	for i := 1; i < k && !t.IsZero(); i++ {
		prev, t = t, c.Next(t)
	}
	if t.IsZero() {
		return Window{}, false
	}
	return c.WindowAt(k, t, prev), true
}
