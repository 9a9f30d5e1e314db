package schedule_test

import (
	"testing"
	"time"

	"github.com/jobscope/jobscope/schedule"
)

// TestWindow checks the incremental windows of docs/semantics.md, "Incremental
// windows" and conformance/testdata/README.md, "7. schedule", under both boundaries.
func TestWindow(t *testing.T) {
	created := time.Date(2024, 7, 3, 9, 0, 0, 0, time.UTC)
	friday := weekly(schedule.Friday)
	run1 := date(2024, 7, 5)
	run2 := date(2024, 7, 12)
	tests := []struct {
		name         string
		jobType      schedule.JobType
		freq         *schedule.JobScheduleFrequency
		initialRun   bool
		boundary     schedule.Boundary
		run          int
		lastModified time.Time
		want         bool
	}{
		{"run 1, initialRun true: old object", schedule.Scheduled, friday, true, "", 1, date(2001, 1, 1), true},
		{"run 1, initialRun false: old object", schedule.Scheduled, friday, false, "", 1, date(2001, 1, 1), false},
		{"run 1, initialRun false: at creation (exclusive)", schedule.Scheduled, friday, false, "", 1, created, false},
		{"run 1, initialRun false: at creation (inclusive)", schedule.Scheduled, friday, false, schedule.Inclusive, 1, created, true},
		{"run 1, initialRun false: after creation", schedule.Scheduled, friday, false, "", 1, created.Add(time.Second), true},
		{"run 1: at run start", schedule.Scheduled, friday, false, "", 1, run1, true},
		{"run 1: after run start", schedule.Scheduled, friday, false, "", 1, run1.Add(time.Nanosecond), false},
		{"run 2: at previous start (exclusive)", schedule.Scheduled, friday, false, "", 2, run1, false},
		{"run 2: at previous start (inclusive)", schedule.Scheduled, friday, false, schedule.Inclusive, 2, run1, true},
		{"run 2: between", schedule.Scheduled, friday, false, "", 2, run1.Add(time.Hour), true},
		{"run 2: at its start", schedule.Scheduled, friday, false, "", 2, run2, true},
		// initialRun true: run 1 starts at creation, run 2 on the first Friday.
		{"initialRun true, run 2: after creation", schedule.Scheduled, friday, true, "", 2, created.Add(time.Second), true},
		{"initialRun true, run 2: at creation (exclusive)", schedule.Scheduled, friday, true, "", 2, created, false},
		{"initialRun true, run 2: at its start", schedule.Scheduled, friday, true, "", 2, run1, true},
		{"one-time: everything before the run", schedule.OneTime, nil, false, "", 1, date(1990, 1, 1), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustNew(t, created, tt.jobType, tt.freq, tt.initialRun, schedule.Options{IncrementalBoundary: tt.boundary})
			w, ok := c.Window(tt.run)
			if !ok {
				t.Fatalf("no run %d", tt.run)
			}
			if got := w.Contains(tt.lastModified); got != tt.want {
				t.Errorf("window %+v: Contains(%v) = %v, want %v", w, tt.lastModified, got, tt.want)
			}
		})
	}
}

func TestWindowOfMissingRun(t *testing.T) {
	c := mustNew(t, date(2024, 1, 1), schedule.OneTime, nil, false, schedule.Options{})
	if _, ok := c.Window(2); ok {
		t.Error("a one-time job has no run 2")
	}
	if _, ok := c.Window(0); ok {
		t.Error("there is no run 0")
	}
}
