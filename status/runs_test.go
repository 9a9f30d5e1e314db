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

func TestCreatedJobLifecycle(t *testing.T) {
	created := time.Date(2024, 7, 3, 9, 0, 0, 0, time.UTC) // a Wednesday
	// A run paused by its owner while Macie had paused it expires
	// (pausedFromPausedExpires=true).
	opts := status.Options{PausedFromPausedExpires: true}
	job, got := status.Create("j1", weeklyCalendar(t, created, schedule.Monday), 2*time.Hour)
	got = append(got, job.AdvanceTo(time.Date(2024, 7, 8, 1, 0, 0, 0, time.UTC), opts)...)
	ev, ok := job.Apply(status.JobPausedByMacieServiceQuotaMet, time.Date(2024, 7, 8, 1, 0, 0, 0, time.UTC), opts)
	if !ok {
		t.Fatal("quota pause not applied")
	}
	got = append(got, ev...)
	ev, uerr := job.Update(status.UserPaused, time.Date(2024, 7, 8, 2, 0, 0, 0, time.UTC), opts)
	if uerr != nil {
		t.Fatal(uerr)
	}
	got = append(got, ev...)
	ev, uerr = job.Update(status.Running, time.Date(2024, 8, 10, 0, 0, 0, 0, time.UTC), opts)
	if uerr != nil {
		t.Fatal(uerr)
	}
	got = append(got, ev...)
	ev, _ = job.Apply(status.MacieSuspendedInRegion, time.Date(2024, 8, 12, 12, 0, 0, 0, time.UTC), opts)
	got = append(got, ev...)
	if _, err := job.Update(status.Running, time.Date(2024, 8, 12, 13, 0, 0, 0, time.UTC), opts); err == nil {
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
func TestResumeKeepsProgress(t *testing.T) {
	created := time.Date(2024, 7, 1, 9, 0, 0, 0, time.UTC) // a Monday: starts at once
	job, _ := status.Create("", weeklyCalendar(t, created, schedule.Monday), 3*time.Hour)
	if _, err := job.Update(status.UserPaused, created.Add(time.Hour), status.Options{}); err != nil {
		t.Fatal(err)
	}
	if _, err := job.Update(status.Running, created.Add(49*time.Hour), status.Options{}); err != nil {
		t.Fatal(err)
	}
	ev := job.AdvanceTo(created.Add(51*time.Hour), status.Options{})
	if len(ev) != 1 || ev[0].Type != status.ScheduledRunCompleted || !ev[0].At.Equal(time.Date(2024, 7, 3, 12, 0, 0, 0, time.UTC)) {
		t.Errorf("events %v, want the run completing after its 2 remaining hours", render(ev))
	}
}

// A job written as a literal starts and completes no run of its own.
func TestLiteralJobHasNoRuns(t *testing.T) {
	j := &status.Job{JobType: schedule.Scheduled, JobStatus: status.Idle}
	at := time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC)
	if _, ok := j.Apply(status.ScheduledRunStarted, at, status.Options{}); !ok {
		t.Fatal("run start not applied")
	}
	if ev := j.AdvanceTo(at.AddDate(1, 0, 0), status.Options{}); len(ev) != 0 || j.JobStatus != status.Running {
		t.Errorf("a year later: %v, %s; want no events, RUNNING", render(ev), j.JobStatus)
	}
}

// A job paused by Macie resumes at the next quota month.
func ExampleCreate() {
	cal, _ := schedule.New(time.Date(2024, 12, 20, 10, 0, 0, 0, time.UTC), schedule.OneTime, nil, false, schedule.Options{})
	job, _ := status.Create("", cal, 4*time.Hour)
	job.Apply(status.JobPausedByMacieServiceQuotaMet, time.Date(2024, 12, 20, 11, 0, 0, 0, time.UTC), status.Options{})
	for _, e := range job.AdvanceTo(time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC), status.Options{}) {
		fmt.Println(e)
	}
	// Output:
	// 2025-01-01T00:00:00Z JOB_RESUMED_BY_MACIE_SERVICE_QUOTA_LIFTED → RUNNING (run 1)
	// 2025-01-01T03:00:00Z JOB_COMPLETED → COMPLETE (run 1)
}
