package schedule

import "time"

// Overflow says what a monthly schedule does in a month that lacks its day
// (docs/semantics.md, "Choices where AWS is silent").
type Overflow string

// The values of Overflow.
const (
	Skip  Overflow = "SKIP"  // default: no run that month, as Macie documents since March 2021
	Clamp Overflow = "CLAMP" // run on the month's last day, as Macie documented before
)

// Boundary is whether an incremental window's lower bound is exclusive
// (lastModified > bound) or inclusive (lastModified >= bound)
// (docs/semantics.md, "Choices where AWS is silent").
type Boundary string

// The values of Boundary.
const (
	Exclusive Boundary = "EXCLUSIVE" // default: lastModified > bound
	Inclusive Boundary = "INCLUSIVE" // lastModified >= bound
)

// Options are the engine choices for schedules where Macie's documentation
// leaves the behaviour open. The zero Options is the default of every
// choice.
type Options struct {
	// MonthlyOverflow: default Skip.
	MonthlyOverflow Overflow
	// InitialRunWaitsForSchedule: a SCHEDULED job with initialRun true
	// starts its first run on the first day its schedule matches, as
	// without initialRun. Default false: such a job starts a run at
	// creation whatever the day (docs/semantics.md, "Choices where AWS is silent").
	InitialRunWaitsForSchedule bool
	// IncrementalBoundary: default Exclusive.
	IncrementalBoundary Boundary
	// RunTimeOfDay is when scheduled (not first) runs start, as an offset
	// from 00:00 UTC (docs/semantics.md, "Choices where AWS is silent"). Default 0.
	RunTimeOfDay time.Duration
}
