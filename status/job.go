package status

import (
	"fmt"
	"time"

	"github.com/jobscope/jobscope/schedule"
)

// EventType is the type of a job status event: Macie's CloudWatch job
// status event types, plus a few engine-defined names for what Macie does
// without logging an event type of its own. The six events [Job.Apply]
// takes come first.
type EventType string

// Events [Job.Apply] takes, and reports.
const (
	// ScheduledRunStarted: a scheduled run of a SCHEDULED job starts (IDLE
	// or PAUSED → RUNNING). A periodic job paused by Macie resumes "when the
	// next run is scheduled to start".
	ScheduledRunStarted EventType = "SCHEDULED_RUN_STARTED"
	// ScheduledRunCompleted: a run of a SCHEDULED job finished (RUNNING →
	// IDLE).
	ScheduledRunCompleted EventType = "SCHEDULED_RUN_COMPLETED"
	// JobCompleted: a ONE_TIME job finished (RUNNING → COMPLETE).
	JobCompleted EventType = "JOB_COMPLETED"
	// JobPausedByMacieServiceQuotaMet: more processing would exceed the
	// monthly sensitive data discovery quota (RUNNING → PAUSED).
	JobPausedByMacieServiceQuotaMet EventType = "JOB_PAUSED_BY_MACIE_SERVICE_QUOTA_MET"
	// JobResumedByMacieServiceQuotaLifted: the quota was raised, or the
	// next month began (PAUSED → RUNNING).
	JobResumedByMacieServiceQuotaLifted EventType = "JOB_RESUMED_BY_MACIE_SERVICE_QUOTA_LIFTED"
	// MacieSuspendedInRegion (engine-defined): Macie was suspended or
	// disabled in the Region; it cancels every job that has not ended
	// (RUNNING, IDLE, PAUSED, USER_PAUSED → CANCELLED) and logs
	// JobCancelled.
	MacieSuspendedInRegion EventType = "MACIE_SUSPENDED_IN_REGION"
)

// Events a Job reports but does not take.
const (
	// JobCreated: the job was created.
	JobCreated EventType = "JOB_CREATED"
	// OneTimeJobStarted: a ONE_TIME job started its run.
	OneTimeJobStarted EventType = "ONE_TIME_JOB_STARTED"
	// JobPausedByUser: the owner paused the job (UpdateClassificationJob
	// USER_PAUSED).
	JobPausedByUser EventType = "JOB_PAUSED_BY_USER"
	// JobResumedByUser: the owner resumed the job (UpdateClassificationJob
	// RUNNING).
	JobResumedByUser EventType = "JOB_RESUMED_BY_USER"
	// JobCancelled: the job was cancelled — by its owner, by expiry of a
	// paused ONE_TIME job, or because Macie was suspended.
	JobCancelled EventType = "JOB_CANCELLED"
	// ScheduledRunExpired (engine-defined): a SCHEDULED job stayed paused for
	// 30 days and Macie cancelled its current run; the job stays
	// USER_PAUSED.
	ScheduledRunExpired EventType = "SCHEDULED_RUN_EXPIRED"
	// JobImminentExpiration (engine-defined): 23 days into a pause that
	// expires, Macie notifies the owner and creates an AWS Health event.
	JobImminentExpiration EventType = "JOB_IMMINENT_EXPIRATION"
)

// Event is one thing that happened to a job.
type Event struct {
	// Type is what happened.
	Type EventType `json:"type"`
	// At is when it happened.
	At time.Time `json:"at"`
	// JobStatus is the job's status after the event.
	JobStatus JobStatus `json:"jobStatus"`
	// RunNumber is the run an event about a run concerns (1-based); 0
	// otherwise.
	RunNumber int `json:"runNumber,omitempty"`
}

func (e Event) String() string {
	s := fmt.Sprintf("%s %s → %s", e.At.UTC().Format(time.RFC3339Nano), e.Type, e.JobStatus)
	if e.RunNumber > 0 {
		s += fmt.Sprintf(" (run %d)", e.RunNumber)
	}
	return s
}

const (
	// PauseExpiry is how long a pause lasts before the job (ONE_TIME) or
	// its run (SCHEDULED) expires: 30 days (docs/semantics.md, "Resume and expiry").
	PauseExpiry = 30 * 24 * time.Hour
	// ExpirationNotice is how long into an expiring pause Macie sends its
	// notice and AWS Health event: 23 days, 7 before expiry (docs/semantics.md,
	// "userPausedDetails").
	ExpirationNotice = 23 * 24 * time.Hour
)

// Job is the life-cycle state of one classification job: its status, the
// facts the status rules need, and, for a job [Create] made, its run
// calendar and the progress of its runs. Its methods take the current time
// explicitly and report what happened, in order, as Events. A Job is not
// safe for concurrent use.
//
// A Job written as a literal (set at least JobType and JobStatus) follows
// the status rules alone: its runs start and complete only by the events
// given to [Job.Apply]. A job Create made also follows its calendar.
type Job struct {
	// JobID names the job in error messages.
	JobID string
	// JobType is ONE_TIME or SCHEDULED.
	JobType schedule.JobType
	// JobStatus is the current status.
	JobStatus JobStatus
	// PausedFrom is the status the owner paused the job from (RUNNING,
	// IDLE or PAUSED), set while USER_PAUSED.
	PausedFrom JobStatus
	// PausedAt is when the owner paused the job, set while USER_PAUSED.
	PausedAt time.Time
	// PausedByMacieAt is when Macie paused the job for the monthly quota,
	// set while PAUSED, and while USER_PAUSED with PausedFrom PAUSED.
	PausedByMacieAt time.Time
	// RunExpired is set when a paused SCHEDULED job's run expired.
	RunExpired bool
	// NoticeSent is set once the imminent-expiration notice of the current
	// pause was reported.
	NoticeSent bool
	// RunNumber is the number of runs started so far (by the calendar
	// and by ScheduledRunStarted events); events about a run carry it.
	RunNumber int

	runs
}

// expiresAt returns when the current pause expires — the job (ONE_TIME) or
// its run (SCHEDULED) is cancelled — and false when the job is not
// USER_PAUSED or its pause never expires: a pause expires when it began
// while the job was RUNNING, or PAUSED (for a SCHEDULED job, only with
// Options.PausedFromPausedExpires); a SCHEDULED job paused while IDLE can
// be resumed at any time (docs/semantics.md, "Resume and expiry").
func (j *Job) expiresAt(opts Options) (time.Time, bool) {
	if j.JobStatus != UserPaused || !expiring(j.JobType, j.PausedFrom, opts) {
		return time.Time{}, false
	}
	return j.PausedAt.Add(PauseExpiry), true
}

// UserPausedDetails returns the userPausedDetails Macie reports at now: nil
// unless the job is USER_PAUSED; else jobPausedAt, jobExpiresAt when the pause
// expires, and, from 23 days into an expiring pause, the ARN of the AWS Health
// event about the imminent expiration (docs/semantics.md, "userPausedDetails").
// The ARN is synthetic but stable for one pause.
func (j *Job) UserPausedDetails(now time.Time, opts Options) *UserPausedDetails {
	if j.JobStatus != UserPaused {
		return nil
	}
	pausedAt := j.PausedAt.UTC()
	d := &UserPausedDetails{JobPausedAt: &pausedAt}
	if exp, ok := j.expiresAt(opts); ok {
		exp = exp.UTC()
		d.JobExpiresAt = &exp
		if now.Sub(j.PausedAt) >= ExpirationNotice {
			d.JobImminentExpirationHealthEventArn = healthEventArn(j.JobID, j.PausedAt)
		}
	}
	return d
}

// healthEventArn returns the synthetic AWS Health event ARN of the
// imminent-expiration notice for job id paused at pausedAt.
func healthEventArn(id string, pausedAt time.Time) string {
	if id == "" {
		id = "job"
	}
	return fmt.Sprintf("arn:aws:health:us-east-1::event/MACIE/AWS_MACIE_JOB_IMMINENT_EXPIRATION/%s-%d", id, pausedAt.Unix())
}

// quotaMonthEnd returns 00:00:00Z on the first of the month after t: when
// Macie's monthly quota resets.
func quotaMonthEnd(t time.Time) time.Time {
	y, m, _ := t.UTC().Date()
	return time.Date(y, m+1, 1, 0, 0, 0, 0, time.UTC)
}

// nextDeadline returns the next timed transition of the job and when it
// falls due, and false when none is pending: the imminent-expiration notice
// and the expiry of an expiring pause, or the quota-month rollover of a
// PAUSED job.
func (j *Job) nextDeadline(opts Options) (EventType, time.Time, bool) {
	switch j.JobStatus {
	case UserPaused:
		exp, ok := j.expiresAt(opts)
		if !ok || j.RunExpired {
			return "", time.Time{}, false
		}
		if !j.NoticeSent {
			return JobImminentExpiration, j.PausedAt.Add(ExpirationNotice), true
		}
		if j.JobType == schedule.OneTime {
			return JobCancelled, exp, true
		}
		return ScheduledRunExpired, exp, true
	case Paused:
		return JobResumedByMacieServiceQuotaLifted, quotaMonthEnd(j.PausedByMacieAt), true
	}
	return "", time.Time{}, false
}

// fire applies the timed transition typ due at at.
func (j *Job) fire(typ EventType, at time.Time) Event {
	switch typ {
	case JobImminentExpiration:
		j.NoticeSent = true
	case JobCancelled:
		j.cancel()
	case ScheduledRunExpired:
		j.RunExpired = true
	case JobResumedByMacieServiceQuotaLifted:
		j.JobStatus, j.PausedByMacieAt = Running, time.Time{}
	}
	return Event{Type: typ, At: at, JobStatus: j.JobStatus}
}

// cancel makes the job CANCELLED, keeping its identity and run count.
func (j *Job) cancel() {
	*j = Job{JobID: j.JobID, JobType: j.JobType, JobStatus: Cancelled, RunNumber: j.RunNumber,
		runs: runs{cal: j.cal, dur: j.dur}}
}

// Apply applies one of Macie's events at now (ScheduledRunStarted,
// ScheduledRunCompleted, JobCompleted, JobPausedByMacieServiceQuotaMet,
// JobResumedByMacieServiceQuotaLifted or MacieSuspendedInRegion) and
// reports whether it applied; an event that does not apply to the job's
// type and status leaves the job unchanged (docs/semantics.md, "Status
// changes Macie makes"). The events are what [Job.AdvanceTo] to now
// reports, and then the event, when it applied (and, for
// MacieSuspendedInRegion, JobCancelled).
func (j *Job) Apply(e EventType, now time.Time, opts Options) ([]Event, bool) {
	out := j.AdvanceTo(now, opts)
	if !j.apply(e, now) {
		return out, false
	}
	ev := Event{Type: e, At: now, JobStatus: j.JobStatus, RunNumber: j.RunNumber}
	switch e {
	case ScheduledRunStarted:
		j.RunNumber++
		ev.RunNumber = j.RunNumber
		j.startRun(now)
	case ScheduledRunCompleted, JobCompleted:
		j.runEnds, j.remaining = time.Time{}, 0
	case JobPausedByMacieServiceQuotaMet:
		j.pauseRun(now)
	case JobResumedByMacieServiceQuotaLifted:
		j.resumeRun(now)
	case MacieSuspendedInRegion:
		out = append(out, ev)
		ev = Event{Type: JobCancelled, At: now, JobStatus: Cancelled}
	}
	return append(out, ev), true
}

// apply is the status change of event e at now, without timed transitions
// or runs.
func (j *Job) apply(e EventType, now time.Time) bool {
	scheduled := j.JobType == schedule.Scheduled
	switch s := j.JobStatus; {
	case e == ScheduledRunStarted && scheduled && (s == Idle || s == Paused):
		j.JobStatus, j.PausedByMacieAt = Running, time.Time{}
	case e == ScheduledRunCompleted && scheduled && s == Running:
		j.JobStatus = Idle
	case e == JobCompleted && !scheduled && s == Running:
		j.JobStatus = Complete
	case e == JobPausedByMacieServiceQuotaMet && s == Running:
		j.JobStatus, j.PausedByMacieAt = Paused, now
	case e == JobResumedByMacieServiceQuotaLifted && s == Paused:
		j.JobStatus, j.PausedByMacieAt = Running, time.Time{}
	case e == MacieSuspendedInRegion && !s.terminal():
		j.cancel()
	default:
		return false
	}
	return true
}

// Update is UpdateClassificationJob(jobStatus=target) at now. The events are
// what [Job.AdvanceTo] to now reports, and then, for an accepted update,
// JobCancelled, JobPausedByUser or JobResumedByUser. A rejected update
// leaves the job unchanged and returns a *field.Error at jobStatus whose
// Exception is Macie's:
//
//   - any update of a CANCELLED job: ValidationException whose message
//     contains CancelledJobMessage;
//   - a target other than CANCELLED, RUNNING and USER_PAUSED:
//     ValidationException;
//   - a target the transition table rejects for the current status:
//     Options.InvalidTransitionError (ValidationException by default).
//
// Accepted (docs/semantics.md, "Pause, resume and cancel"): CANCELLED
// cancels the job. USER_PAUSED pauses it, recording the status it was
// paused from and when. RUNNING resumes it (docs/semantics.md, "Resume and
// expiry"): paused from IDLE → IDLE; from RUNNING → RUNNING, or IDLE once
// the run has expired; from PAUSED → IDLE once the run has expired, else
// PAUSED while the quota month of the Macie pause lasts, else RUNNING.
func (j *Job) Update(target JobStatus, now time.Time, opts Options) ([]Event, error) {
	out := j.AdvanceTo(now, opts)
	from := j.JobStatus
	if !allowed(from, target) {
		return out, updateError(j.JobID, from, target, opts)
	}
	var typ EventType
	switch target {
	case Cancelled:
		typ = JobCancelled
		j.cancel()
	case UserPaused:
		typ = JobPausedByUser
		j.PausedFrom, j.PausedAt = from, now
		j.JobStatus, j.RunExpired, j.NoticeSent = UserPaused, false, false
		if from == Running {
			j.pauseRun(now)
		}
	case Running:
		typ = JobResumedByUser
		j.JobStatus = j.resumeStatus(now, opts)
		if j.JobStatus != Paused {
			j.PausedByMacieAt = time.Time{}
		}
		j.PausedFrom, j.PausedAt, j.RunExpired, j.NoticeSent = "", time.Time{}, false, false
		switch j.JobStatus {
		case Running:
			j.resumeRun(now)
		case Idle:
			j.runEnds, j.remaining = time.Time{}, 0
		}
	}
	return append(out, Event{Type: typ, At: now, JobStatus: j.JobStatus, RunNumber: j.RunNumber}), nil
}

// resumeStatus is the status a USER_PAUSED job resumes to at now.
func (j *Job) resumeStatus(now time.Time, opts Options) JobStatus {
	expired := false
	if exp, ok := j.expiresAt(opts); ok && !now.Before(exp) {
		expired = true
	}
	switch j.PausedFrom {
	case Running:
		if expired {
			return Idle
		}
		return Running
	case Paused:
		switch {
		case expired:
			return Idle
		case now.Before(quotaMonthEnd(j.PausedByMacieAt)):
			return Paused
		}
		return Running
	}
	return Idle
}
