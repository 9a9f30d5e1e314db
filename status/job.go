package status

import (
	"fmt"
	"time"

	"github.com/jobscope/jobscope/schedule"
)

// EventType is the type of a job status event: Macie's CloudWatch job
// status event types, plus a few engine-defined names for what Macie does
// without logging an event type of its own. The six inputs of [Job.Apply]
// come first.
type EventType string

// Events a Job accepts as input ([Job.Apply]) and reports.
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

// Events a Job or Simulator reports but does not accept as input.
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

// EventInputs returns the event types [Job.Apply] accepts.
func EventInputs() []EventType {
	return []EventType{ScheduledRunStarted, ScheduledRunCompleted, JobCompleted,
		JobPausedByMacieServiceQuotaMet, JobResumedByMacieServiceQuotaLifted, MacieSuspendedInRegion}
}

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

// Job is the life-cycle state of one classification job: its status and
// the facts the status rules need. The zero Job is not useful; set at least
// JobType and JobStatus. Methods take the current time explicitly, so a Job
// is a pure state machine; [Simulator] drives one with a clock and a
// schedule.
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
}

// ExpiresAt returns when the current pause expires — the job (ONE_TIME) or its
// run (SCHEDULED) is cancelled — and false when the job is not USER_PAUSED or
// its pause never expires. A pause expires when it began while the job was
// RUNNING, or PAUSED (for a SCHEDULED job, only with
// Options.PausedFromPausedExpires); a SCHEDULED job paused while IDLE can be
// resumed at any time (docs/semantics.md, "Resume and expiry",
// conformance/testdata/README.md, "8. status").
func (j *Job) ExpiresAt(opts Options) (time.Time, bool) {
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
	if exp, ok := j.ExpiresAt(opts); ok {
		exp = exp.UTC()
		d.JobExpiresAt = &exp
		if now.Sub(j.PausedAt) >= ExpirationNotice {
			d.JobImminentExpirationHealthEventArn = HealthEventArn(j.JobID, j.PausedAt)
		}
	}
	return d
}

// HealthEventArn returns the synthetic AWS Health event ARN of the
// imminent-expiration notice for job id paused at pausedAt.
func HealthEventArn(id string, pausedAt time.Time) string {
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

// NextDeadline returns the next timed transition of the job and when it
// falls due, and false when none is pending: the imminent-expiration notice
// and the expiry of an expiring pause, or the quota-month rollover of a
// PAUSED job.
func (j *Job) NextDeadline(opts Options) (EventType, time.Time, bool) {
	switch j.JobStatus {
	case UserPaused:
		exp, ok := j.ExpiresAt(opts)
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

// AdvanceTo lets time pass to now: every timed transition due at or before
// now fires, in order, and is reported. Due at pausedAt + 30 days (the
// boundary is inclusive): a paused ONE_TIME job is cancelled; a paused
// SCHEDULED job's run is cancelled and the job stays USER_PAUSED. Due at
// 00:00:00Z on the first of the next month: a PAUSED job resumes (RUNNING).
func (j *Job) AdvanceTo(now time.Time, opts Options) []Event {
	var events []Event
	for {
		typ, at, ok := j.NextDeadline(opts)
		if !ok || at.After(now) {
			return events
		}
		events = append(events, j.fire(typ, at))
	}
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

func (j *Job) cancel() {
	*j = Job{JobID: j.JobID, JobType: j.JobType, JobStatus: Cancelled}
}

// Apply applies a system event at now and reports whether it applied; an event
// that does not apply to the job's type and status leaves the job unchanged
// (conformance/testdata/README.md, "8. status"). Timed transitions due at or
// before now fire first (see AdvanceTo); they are not reported here.
func (j *Job) Apply(e EventType, now time.Time, opts Options) bool {
	j.AdvanceTo(now, opts)
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
	case e == MacieSuspendedInRegion && !s.Terminal():
		j.cancel()
	default:
		return false
	}
	return true
}

// Update is UpdateClassificationJob(jobStatus=target) at now. Timed
// transitions due at or before now fire first (see AdvanceTo). A rejected
// update leaves the job unchanged and returns an *Exception:
//
//   - any update of a CANCELLED job: ValidationException whose message
//     contains CancelledJobMessage;
//   - a target other than CANCELLED, RUNNING and USER_PAUSED:
//     ValidationException;
//   - a target the transition table rejects for the current status:
//     Options.InvalidTransitionError (ValidationException by default).
//
// Accepted: CANCELLED cancels the job. USER_PAUSED pauses it, recording the
// status it was paused from and when. RUNNING resumes it (docs/semantics.md,
// "Resume and expiry"): paused from IDLE → IDLE; from RUNNING → RUNNING, or
// IDLE once the run has expired; from PAUSED → IDLE once the run has expired,
// else PAUSED while the quota month of the Macie pause lasts, else RUNNING.
func (j *Job) Update(target JobStatus, now time.Time, opts Options) error {
	j.AdvanceTo(now, opts)
	if !Allowed(j.JobStatus, target) {
		return updateError(j.JobID, j.JobStatus, target, opts)
	}
	switch target {
	case Cancelled:
		j.cancel()
	case UserPaused:
		j.PausedFrom, j.PausedAt = j.JobStatus, now
		j.JobStatus, j.RunExpired, j.NoticeSent = UserPaused, false, false
	case Running:
		j.JobStatus = j.resumeStatus(now, opts)
		if j.JobStatus != Paused {
			j.PausedByMacieAt = time.Time{}
		}
		j.PausedFrom, j.PausedAt, j.RunExpired, j.NoticeSent = "", time.Time{}, false, false
	}
	return nil
}

// resumeStatus is the status a USER_PAUSED job resumes to at now.
func (j *Job) resumeStatus(now time.Time, opts Options) JobStatus {
	expired := false
	if exp, ok := j.ExpiresAt(opts); ok && !now.Before(exp) {
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
