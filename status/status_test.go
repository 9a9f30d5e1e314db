package status_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/schedule"
	"github.com/jobscope/jobscope/status"
)

var (
	t0 = time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	// every status, every update target and some that are not targets.
	allTargets = []status.JobStatus{status.Cancelled, status.Running, status.UserPaused, status.Idle, status.Paused, status.Complete, "STOPPED", ""}
)

// TestUpdateTable checks every (status, target) pair against
// docs/semantics.md, "Pause, resume and cancel", under both
// invalidTransitionError options: whether the update is accepted, the status
// after it, the exception code, and the message of a rejected update.
func TestUpdateTable(t *testing.T) {
	// docs/semantics.md, "Pause, resume and cancel": ✓ cells; every other pair
	// is rejected.
	accepted := map[[2]status.JobStatus]status.JobStatus{
		{status.Running, status.Cancelled}:    status.Cancelled,
		{status.Idle, status.Cancelled}:       status.Cancelled,
		{status.Paused, status.Cancelled}:     status.Cancelled,
		{status.UserPaused, status.Cancelled}: status.Cancelled,
		{status.Running, status.UserPaused}:   status.UserPaused,
		{status.Idle, status.UserPaused}:      status.UserPaused,
		{status.Paused, status.UserPaused}:    status.UserPaused,
		{status.UserPaused, status.Running}:   status.Running, // paused from RUNNING, resumed within 30 days
	}
	for _, conflict := range []bool{false, true} {
		opts := status.Options{}
		invalid := field.ValidationException
		if conflict {
			opts.InvalidTransitionError = field.ConflictException
			invalid = field.ConflictException
		}
		for _, from := range status.JobStatus("").Values() {
			for _, target := range allTargets {
				jt := schedule.Scheduled
				if from == status.Complete {
					jt = schedule.OneTime
				}
				j := &status.Job{JobID: "f9d91733ace0a93c09e8da13f598916e", JobType: jt, JobStatus: from}
				switch from {
				case status.UserPaused:
					j.PausedFrom, j.PausedAt = status.Running, t0.Add(-time.Hour)
				case status.Paused:
					j.PausedByMacieAt = t0.Add(-time.Hour)
				}
				_, err := j.Update(target, t0, opts)
				want, ok := accepted[[2]status.JobStatus{from, target}]
				if got := status.Allowed(from, target); got != ok {
					t.Errorf("Allowed(%s, %s) = %v, want %v", from, target, got, ok)
				}
				if ok {
					if err != nil || j.JobStatus != want {
						t.Errorf("%s → %s: got (%s, %v), want (%s, nil)", from, target, j.JobStatus, err, want)
					}
					continue
				}
				var ex *field.Error
				if !errors.As(err, &ex) {
					t.Errorf("%s → %s: got %v, want a *field.Error", from, target, err)
					continue
				}
				if j.JobStatus != from {
					t.Errorf("%s → %s: rejected update changed the status to %s", from, target, j.JobStatus)
				}
				wantCode, wantMsg := invalid, "has status "+string(from)
				switch {
				case from == status.Cancelled:
					wantCode, wantMsg = field.ValidationException, "cannot update cancelled job for job f9d91733ace0a93c09e8da13f598916e"
				case target != status.Cancelled && target != status.Running && target != status.UserPaused:
					wantCode, wantMsg = field.ValidationException, "use CANCELLED, RUNNING or USER_PAUSED"
				}
				if ex.Exception != wantCode || ex.Path != "jobStatus" || !strings.Contains(ex.Message, wantMsg) {
					t.Errorf("%s → %s: got %s %s %q, want %s at jobStatus containing %q", from, target, ex.Exception, ex.Path, ex.Message, wantCode, wantMsg)
				}
			}
		}
	}
}

// TestTransitionsTable checks the table, row by row and in
// order, against the table of UpdateClassificationJob written out here
// from Macie's API reference: "CANCELLED ... is valid only if the job's
// current status is IDLE, PAUSED, RUNNING, or USER_PAUSED", "RUNNING ...
// only if the job's current status is USER_PAUSED", "USER_PAUSED ... only
// if the job's current status is IDLE, PAUSED, or RUNNING".
func TestTransitionsTable(t *testing.T) {
	type cell struct {
		from, target status.JobStatus
		outcomes     []status.JobStatus // nil: rejected
	}
	const (
		run, paused, cancelled, complete, idle, userPaused = status.Running, status.Paused, status.Cancelled, status.Complete, status.Idle, status.UserPaused
	)
	resumed := []status.JobStatus{run, idle, paused} // as the pause and the clock decide
	want := []cell{
		{run, cancelled, []status.JobStatus{cancelled}}, {run, run, nil}, {run, userPaused, []status.JobStatus{userPaused}},
		{paused, cancelled, []status.JobStatus{cancelled}}, {paused, run, nil}, {paused, userPaused, []status.JobStatus{userPaused}},
		{cancelled, cancelled, nil}, {cancelled, run, nil}, {cancelled, userPaused, nil},
		{complete, cancelled, nil}, {complete, run, nil}, {complete, userPaused, nil},
		{idle, cancelled, []status.JobStatus{cancelled}}, {idle, run, nil}, {idle, userPaused, []status.JobStatus{userPaused}},
		{userPaused, cancelled, []status.JobStatus{cancelled}}, {userPaused, run, resumed}, {userPaused, userPaused, nil},
	}
	var got []cell
	for _, r := range status.Transitions() {
		if r.Allowed == (len(r.Outcomes) == 0) || r.Rule == "" {
			t.Errorf("row %+v: outcomes or rule inconsistent", r)
		}
		if r.Allowed != status.Allowed(r.From, r.Target) {
			t.Errorf("row %s → %s: Allowed %v, Allowed() %v", r.From, r.Target, r.Allowed, status.Allowed(r.From, r.Target))
		}
		got = append(got, cell{r.From, r.Target, r.Outcomes})
	}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(cell{})); diff != "" {
		t.Errorf("transitions (-want +got):\n%s", diff)
	}
}

// TestResume checks the resume outcomes of docs/semantics.md, "Resume and expiry".
func TestResume(t *testing.T) {
	paused := time.Date(2024, 5, 25, 0, 0, 0, 0, time.UTC)
	byMacie := time.Date(2024, 5, 20, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		jobType schedule.JobType
		from    status.JobStatus
		opts    status.Options
		at      time.Time
		want    status.JobStatus
	}{
		{"scheduled, from IDLE, a year later", schedule.Scheduled, status.Idle, status.Options{}, paused.AddDate(1, 0, 0), status.Idle},
		{"scheduled, from RUNNING, within 30 days", schedule.Scheduled, status.Running, status.Options{}, paused.Add(status.PauseExpiry - time.Second), status.Running},
		{"scheduled, from RUNNING, at 30 days", schedule.Scheduled, status.Running, status.Options{}, paused.Add(status.PauseExpiry), status.Idle},
		{"one-time, from RUNNING, within 30 days", schedule.OneTime, status.Running, status.Options{}, paused.Add(time.Hour), status.Running},
		{"from PAUSED, same quota month", schedule.OneTime, status.Paused, status.Options{}, paused.Add(time.Hour), status.Paused},
		{"from PAUSED, next quota month", schedule.OneTime, status.Paused, status.Options{}, time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC), status.Running},
		{"scheduled, from PAUSED, expired", schedule.Scheduled, status.Paused, status.Options{PausedFromPausedExpires: true}, paused.Add(status.PauseExpiry), status.Idle},
		{"scheduled, from PAUSED, never expires", schedule.Scheduled, status.Paused, status.Options{}, paused.AddDate(0, 2, 0), status.Running},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := &status.Job{JobType: tt.jobType, JobStatus: status.UserPaused, PausedFrom: tt.from, PausedAt: paused}
			if tt.from == status.Paused {
				j.PausedByMacieAt = byMacie
			}
			if _, err := j.Update(status.Running, tt.at, tt.opts); err != nil {
				t.Fatal(err)
			}
			if j.JobStatus != tt.want {
				t.Errorf("resumed to %s, want %s", j.JobStatus, tt.want)
			}
		})
	}
}

func TestOneTimeExpiryCancels(t *testing.T) {
	j := &status.Job{JobID: "j", JobType: schedule.OneTime, JobStatus: status.Running}
	if _, err := j.Update(status.UserPaused, t0, status.Options{}); err != nil {
		t.Fatal(err)
	}
	events := j.AdvanceTo(t0.Add(status.PauseExpiry), status.Options{})
	var types []status.EventType
	for _, e := range events {
		types = append(types, e.Type)
	}
	if diff := cmp.Diff([]status.EventType{status.JobImminentExpiration, status.JobCancelled}, types); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
	_, err := j.Update(status.Running, t0.Add(status.PauseExpiry), status.Options{})
	var ex *field.Error
	if !errors.As(err, &ex) || !strings.Contains(ex.Message, status.CancelledJobMessage) {
		t.Errorf("resume after expiry: %v, want the cancelled-job error", err)
	}
}

// TestApply checks Macie's events against docs/semantics.md, "Status changes
// Macie makes" for every status and job type.
func TestApply(t *testing.T) {
	type key struct {
		jt    schedule.JobType
		from  status.JobStatus
		event status.EventType
	}
	applies := map[key]status.JobStatus{
		{schedule.Scheduled, status.Idle, status.ScheduledRunStarted}:                   status.Running,
		{schedule.Scheduled, status.Paused, status.ScheduledRunStarted}:                 status.Running,
		{schedule.Scheduled, status.Running, status.ScheduledRunCompleted}:              status.Idle,
		{schedule.OneTime, status.Running, status.JobCompleted}:                         status.Complete,
		{schedule.OneTime, status.Running, status.JobPausedByMacieServiceQuotaMet}:      status.Paused,
		{schedule.Scheduled, status.Running, status.JobPausedByMacieServiceQuotaMet}:    status.Paused,
		{schedule.OneTime, status.Paused, status.JobResumedByMacieServiceQuotaLifted}:   status.Running,
		{schedule.Scheduled, status.Paused, status.JobResumedByMacieServiceQuotaLifted}: status.Running,
	}
	for _, jt := range schedule.JobType("").Values() {
		for _, s := range status.JobStatus("").Values() {
			if s != status.Complete && s != status.Cancelled {
				applies[key{jt, s, status.MacieSuspendedInRegion}] = status.Cancelled
			}
		}
	}
	events := []status.EventType{status.ScheduledRunStarted, status.ScheduledRunCompleted, status.JobCompleted,
		status.JobPausedByMacieServiceQuotaMet, status.JobResumedByMacieServiceQuotaLifted, status.MacieSuspendedInRegion,
		status.JobCancelled, "SOMETHING_ELSE"}
	for _, jt := range schedule.JobType("").Values() {
		for _, from := range status.JobStatus("").Values() {
			for _, e := range events {
				j := &status.Job{JobType: jt, JobStatus: from}
				switch from {
				case status.UserPaused:
					j.PausedFrom, j.PausedAt = status.Running, t0
				case status.Paused:
					j.PausedByMacieAt = t0
				}
				want, ok := applies[key{jt, from, e}]
				if !ok {
					want = from
				}
				if _, got := j.Apply(e, t0, status.Options{}); got != ok || j.JobStatus != want {
					t.Errorf("%s %s + %s: got (%v, %s), want (%v, %s)", jt, from, e, got, j.JobStatus, ok, want)
				}
			}
		}
	}
}

func TestQuotaMonthRollover(t *testing.T) {
	j := &status.Job{JobType: schedule.Scheduled, JobStatus: status.Paused, PausedByMacieAt: time.Date(2024, 12, 30, 0, 0, 0, 0, time.UTC)}
	if ev := j.AdvanceTo(time.Date(2024, 12, 31, 23, 59, 59, 0, time.UTC), status.Options{}); len(ev) != 0 || j.JobStatus != status.Paused {
		t.Fatalf("before the month ends: %v, %s", ev, j.JobStatus)
	}
	ev := j.AdvanceTo(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), status.Options{})
	if len(ev) != 1 || ev[0].Type != status.JobResumedByMacieServiceQuotaLifted || j.JobStatus != status.Running {
		t.Fatalf("at the new month: %v, %s", ev, j.JobStatus)
	}
}

func TestUserPausedDetails(t *testing.T) {
	paused := t0
	j := &status.Job{JobID: "j1", JobType: schedule.OneTime, JobStatus: status.UserPaused, PausedFrom: status.Running, PausedAt: paused}
	d := j.UserPausedDetails(paused.Add(status.ExpirationNotice-time.Second), status.Options{})
	if d == nil || !d.JobPausedAt.Equal(paused) || !d.JobExpiresAt.Equal(paused.Add(status.PauseExpiry)) || d.JobImminentExpirationHealthEventArn != "" {
		t.Fatalf("before 23 days: %+v", d)
	}
	d = j.UserPausedDetails(paused.Add(status.ExpirationNotice), status.Options{})
	if !strings.HasPrefix(d.JobImminentExpirationHealthEventArn, "arn:aws:health:") {
		t.Errorf("at 23 days: ARN %q", d.JobImminentExpirationHealthEventArn)
	}
	idle := &status.Job{JobType: schedule.Scheduled, JobStatus: status.UserPaused, PausedFrom: status.Idle, PausedAt: paused}
	if d := idle.UserPausedDetails(paused.AddDate(1, 0, 0), status.Options{}); d.JobExpiresAt != nil || d.JobImminentExpirationHealthEventArn != "" {
		t.Errorf("paused from IDLE: %+v", d)
	}
	if d := (&status.Job{JobStatus: status.Idle}).UserPausedDetails(paused, status.Options{}); d != nil {
		t.Errorf("IDLE job: %+v", d)
	}
}
