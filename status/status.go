package status

import "time"

// JobStatus is the status of a classification job.
type JobStatus string

// The values of JobStatus.
const (
	Running    JobStatus = "RUNNING"     // a one-time job is in progress, or a scheduled run is
	Paused     JobStatus = "PAUSED"      // Macie paused the job because the monthly sensitive data discovery quota would be exceeded
	Cancelled  JobStatus = "CANCELLED"   // cancelled by its owner, expired while paused (one-time jobs), or Macie was suspended or disabled in the Region
	Complete   JobStatus = "COMPLETE"    // a one-time job finished
	Idle       JobStatus = "IDLE"        // a scheduled job between runs
	UserPaused JobStatus = "USER_PAUSED" // the job's owner paused it
)

// Values returns every JobStatus, in the order of Macie's model.
func (JobStatus) Values() []JobStatus {
	return []JobStatus{Running, Paused, Cancelled, Complete, Idle, UserPaused}
}

// terminal reports whether no transition leaves s: COMPLETE and CANCELLED.
func (s JobStatus) terminal() bool { return s == Complete || s == Cancelled }

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
	LastRunNone  LastRunErrorStatusCode = "NONE"  // no errors occurred in the latest run, or the job has not run yet
	LastRunError LastRunErrorStatusCode = "ERROR" // errors occurred when Macie retrieved or analyzed objects in the latest run
)

// LastRunErrorStatus is whether a job's latest run had errors.
type LastRunErrorStatus struct {
	Code LastRunErrorStatusCode `json:"code,omitempty"`
}
