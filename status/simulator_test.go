package status_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/jobscope/jobscope/schedule"
	"github.com/jobscope/jobscope/status"
)

func weeklyCalendar(t testing.TB, created time.Time, day schedule.DayOfWeek) *schedule.Calendar {
	t.Helper()
	cal, err := schedule.New(created, schedule.Scheduled,
		&schedule.JobScheduleFrequency{WeeklySchedule: &schedule.WeeklySchedule{DayOfWeek: day}}, false, schedule.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return cal
}

func render(events []status.Event) []string {
	var out []string
	for _, e := range events {
		out = append(out, e.String())
	}
	return out
}

func TestSimulatorLifecycle(t *testing.T) {
	created := time.Date(2024, 7, 3, 9, 0, 0, 0, time.UTC) // a Wednesday
	// A run paused by its owner while Macie had paused it expires
	// (pausedFromPausedExpires=true).
	sim := status.NewSimulator(weeklyCalendar(t, created, schedule.Monday), status.SimulatorConfig{JobID: "j1", RunDuration: 2 * time.Hour,
		Options: status.Options{PausedFromPausedExpires: true}})
	var got []status.Event
	got = append(got, sim.AdvanceTo(time.Date(2024, 7, 8, 1, 0, 0, 0, time.UTC))...)
	ev, ok := sim.Inject(status.JobPausedByMacieServiceQuotaMet)
	if !ok {
		t.Fatal("quota pause not applied")
	}
	got = append(got, ev...)
	got = append(got, sim.Advance(time.Hour)...)
	ev, uerr := sim.Update(status.UserPaused)
	if uerr != nil {
		t.Fatal(uerr)
	}
	got = append(got, ev...)
	got = append(got, sim.AdvanceTo(time.Date(2024, 8, 10, 0, 0, 0, 0, time.UTC))...)
	ev, uerr = sim.Update(status.Running)
	if uerr != nil {
		t.Fatal(uerr)
	}
	got = append(got, ev...)
	got = append(got, sim.AdvanceTo(time.Date(2024, 8, 12, 12, 0, 0, 0, time.UTC))...)
	ev, _ = sim.Inject(status.MacieSuspendedInRegion)
	got = append(got, ev...)
	if _, err := sim.Update(status.Running); err == nil {
		t.Error("resuming a cancelled job succeeded")
	}

	want := []string{
		"2024-07-03T09:00:00Z JOB_CREATED → IDLE",
		"2024-07-08T00:00:00Z SCHEDULED_RUN_STARTED → RUNNING (run 1)",
		"2024-07-08T01:00:00Z JOB_PAUSED_BY_MACIE_SERVICE_QUOTA_MET → PAUSED (run 1)",
		"2024-07-08T02:00:00Z JOB_PAUSED_BY_USER → USER_PAUSED (run 1)",
		"2024-07-31T02:00:00Z JOB_IMMINENT_EXPIRATION → USER_PAUSED",
		"2024-08-07T02:00:00Z SCHEDULED_RUN_EXPIRED → USER_PAUSED (run 1)",
		"2024-08-10T00:00:00Z JOB_RESUMED_BY_USER → IDLE (run 1)",
		"2024-08-12T00:00:00Z SCHEDULED_RUN_STARTED → RUNNING (run 2)",
		"2024-08-12T02:00:00Z SCHEDULED_RUN_COMPLETED → IDLE (run 2)",
		"2024-08-12T12:00:00Z MACIE_SUSPENDED_IN_REGION → CANCELLED (run 2)",
		"2024-08-12T12:00:00Z JOB_CANCELLED → CANCELLED",
	}
	if diff := cmp.Diff(want, render(got)); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
}

// A run paused by its owner continues where it stopped when resumed in time.
func TestSimulatorResumeKeepsProgress(t *testing.T) {
	created := time.Date(2024, 7, 1, 9, 0, 0, 0, time.UTC) // a Monday: starts at once
	sim := status.NewSimulator(weeklyCalendar(t, created, schedule.Monday), status.SimulatorConfig{RunDuration: 3 * time.Hour})
	sim.Advance(time.Hour)
	if _, err := sim.Update(status.UserPaused); err != nil {
		t.Fatal(err)
	}
	sim.Advance(48 * time.Hour)
	if _, err := sim.Update(status.Running); err != nil {
		t.Fatal(err)
	}
	ev := sim.Advance(2 * time.Hour)
	if len(ev) != 1 || ev[0].Type != status.ScheduledRunCompleted || !ev[0].At.Equal(time.Date(2024, 7, 3, 12, 0, 0, 0, time.UTC)) {
		t.Errorf("events %v, want the run completing after its 2 remaining hours", render(ev))
	}
}

// A job paused by Macie resumes at the next quota month.
func ExampleSimulator() {
	cal, _ := schedule.New(time.Date(2024, 12, 20, 10, 0, 0, 0, time.UTC), schedule.OneTime, nil, false, schedule.Options{})
	sim := status.NewSimulator(cal, status.SimulatorConfig{RunDuration: 4 * time.Hour})
	sim.Advance(time.Hour)
	sim.Inject(status.JobPausedByMacieServiceQuotaMet)
	for _, e := range sim.AdvanceTo(time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC)) {
		fmt.Println(e)
	}
	// Output:
	// 2025-01-01T00:00:00Z JOB_RESUMED_BY_MACIE_SERVICE_QUOTA_LIFTED → RUNNING (run 1)
	// 2025-01-01T03:00:00Z JOB_COMPLETED → COMPLETE (run 1)
}

// Rendering the transition table of UpdateClassificationJob.
func ExampleTransitions() {
	for _, r := range status.Transitions() {
		if r.From == status.UserPaused {
			fmt.Printf("%s + %s: allowed=%v\n", r.From, r.Target, r.Allowed)
		}
	}
	// Output:
	// USER_PAUSED + CANCELLED: allowed=true
	// USER_PAUSED + RUNNING: allowed=true
	// USER_PAUSED + USER_PAUSED: allowed=false
}
