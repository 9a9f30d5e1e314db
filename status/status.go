// Package status is the life cycle of a Macie classification job: its
// JobStatus, what UpdateClassificationJob and Macie's own events do to it,
// how pauses expire, and the details Macie reports about a paused job.
//
// # Design
//
// The rules are data and a small state machine. [Transitions] returns the
// table of UpdateClassificationJob — every (current status, target) pair,
// whether Macie accepts it and the statuses it can lead to — so tools can
// render it. A [Job] holds the status and the facts the rules need (the
// status a paused job was paused from, when, when Macie paused it for the
// quota); its methods take the current time explicitly:
// [Job.Update] (pause, resume, cancel), [Job.Apply] (Macie's events),
// [Job.AdvanceTo] (timed transitions) and [Job.UserPausedDetails]. A
// rejected update returns an *[Exception] carrying Macie's exception code
// and message. A [Simulator] combines a Job with a schedule.Calendar and a
// clock of its own: advance time and get the events — runs starting and
// completing, pauses expiring, quota months rolling over — in order.
//
// # Rules
//
// Updates (docs/semantics.md, "Pause, resume and cancel",
// conformance/testdata/README.md, "8. status"). CANCELLED is valid from IDLE,
// PAUSED, RUNNING and USER_PAUSED; USER_PAUSED from IDLE, PAUSED and RUNNING;
// RUNNING (resume) only from USER_PAUSED. Any update of a CANCELLED job is a
// ValidationException whose message contains "cannot update cancelled job for
// job" (the text Terraform matches); a target other than the three is a
// ValidationException; other rejected cells use Options.InvalidTransitionError.
//
// Resume (docs/semantics.md, "Resume and expiry"). Paused from IDLE: IDLE. From
// RUNNING: RUNNING, or IDLE once the run expired. From PAUSED: IDLE once the
// run expired, else PAUSED while the quota month of Macie's pause lasts, else
// RUNNING.
//
// Expiry (docs/semantics.md, "Resume and expiry" and "userPausedDetails"). A
// pause begun while RUNNING expires 30×24 h after it began (the boundary is
// inclusive): a ONE_TIME job is cancelled; a SCHEDULED job's run is cancelled
// and the job stays USER_PAUSED. A pause begun while PAUSED expires so for a
// ONE_TIME job, and for a SCHEDULED job only with
// Options.PausedFromPausedExpires. A SCHEDULED job paused while IDLE never
// expires. userPausedDetails reports jobPausedAt, jobExpiresAt for
// an expiring pause, and from 23 days into an expiring pause the ARN of the AWS
// Health event about the imminent expiration (synthetic here).
//
// Macie's events (docs/semantics.md, "Status changes Macie makes").
// SCHEDULED_RUN_STARTED (SCHEDULED, IDLE or PAUSED → RUNNING),
// SCHEDULED_RUN_COMPLETED (SCHEDULED RUNNING → IDLE), JOB_COMPLETED (ONE_TIME
// RUNNING → COMPLETE), JOB_PAUSED_BY_MACIE_SERVICE_QUOTA_MET (RUNNING →
// PAUSED), JOB_RESUMED_BY_MACIE_SERVICE_QUOTA_LIFTED (PAUSED → RUNNING; also
// due at 00:00:00Z on the first of the month after Macie's pause) and
// MACIE_SUSPENDED_IN_REGION (any status but COMPLETE and CANCELLED →
// CANCELLED). Other events do not apply.
//
// # Options
//
// [Options]; the zero value is the default of each:
//
//   - InvalidTransitionError: "ValidationException" (default) or
//     "ConflictException" for a rejected transition (docs/semantics.md, "Pause,
//     resume and cancel"; suite option invalidTransitionError).
//   - PausedFromPausedExpires: false (default: a SCHEDULED job paused while
//     PAUSED never expires, as the 30-day expiry is documented only for one
//     paused while RUNNING) or true (it expires like one paused while RUNNING).
//     docs/semantics.md, "Resume and expiry"; suite option
//     pausedFromPausedExpires.
package status

import "time"

// JobStatus is the status of a classification job.
type JobStatus string

// The values of JobStatus.
const (
	// Running: a one-time job is in progress, or a scheduled run is.
	Running JobStatus = "RUNNING"
	// Paused: Macie paused the job because the monthly sensitive data
	// discovery quota would be exceeded.
	Paused JobStatus = "PAUSED"
	// Cancelled: the job was cancelled by its owner, expired while paused
	// (one-time jobs), or Macie was suspended or disabled in the Region.
	Cancelled JobStatus = "CANCELLED"
	// Complete: a one-time job finished.
	Complete JobStatus = "COMPLETE"
	// Idle: a scheduled job between runs.
	Idle JobStatus = "IDLE"
	// UserPaused: the job's owner paused it.
	UserPaused JobStatus = "USER_PAUSED"
)

// JobStatusValues returns every JobStatus, in the order of Macie's model.
func JobStatusValues() []JobStatus {
	return []JobStatus{Running, Paused, Cancelled, Complete, Idle, UserPaused}
}

// Valid reports whether s is one of JobStatusValues.
func (s JobStatus) Valid() bool {
	for _, v := range JobStatusValues() {
		if s == v {
			return true
		}
	}
	return false
}

// Terminal reports whether no transition leaves s: COMPLETE and CANCELLED.
func (s JobStatus) Terminal() bool { return s == Complete || s == Cancelled }

// UserPausedDetails is what Macie reports about a job its owner paused. It
// is present only while the job's status is USER_PAUSED.
type UserPausedDetails struct {
	// JobExpiresAt is when the job (one-time) or its current run
	// (scheduled) will expire and be cancelled unless resumed first.
	JobExpiresAt *time.Time `json:"jobExpiresAt,omitempty"`
	// JobImminentExpirationHealthEventArn is the AWS Health event Macie
	// sent about the imminent expiration; empty until the job has been
	// paused for 23 days.
	JobImminentExpirationHealthEventArn string `json:"jobImminentExpirationHealthEventArn,omitempty"`
	// JobPausedAt is when the job was paused.
	JobPausedAt *time.Time `json:"jobPausedAt,omitempty"`
}

// LastRunErrorStatusCode says whether a job's latest run had errors.
type LastRunErrorStatusCode string

// The values of LastRunErrorStatusCode.
const (
	LastRunNone  LastRunErrorStatusCode = "NONE"
	LastRunError LastRunErrorStatusCode = "ERROR"
)

// LastRunErrorStatus is whether a job's latest run had errors.
type LastRunErrorStatus struct {
	Code LastRunErrorStatusCode `json:"code,omitempty"`
}
