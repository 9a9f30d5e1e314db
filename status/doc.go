// Package status is the life cycle of a Macie classification job: its
// JobStatus, what UpdateClassificationJob and Macie's own events do to it,
// how pauses expire, and the details Macie reports about a paused job.
//
//	job, events := status.Create("j1", cal, 2*time.Hour) // cal: a schedule.Calendar
//	events, err := job.Update(status.UserPaused, at, status.Options{})
//	events = job.AdvanceTo(at.Add(30*24*time.Hour), status.Options{})
//
// A [Job] is the state machine; every method takes the current time and
// reports what happened, in order, as [Event] values. [Job.Update] is
// UpdateClassificationJob (pause, resume, cancel); a rejected update is a
// *field.Error whose Exception is the one Macie answers with.
// [Job.Apply] takes Macie's own events; [Job.AdvanceTo] lets time pass, and
// pauses expire and quota months roll over; [Job.UserPausedDetails] is
// what DescribeClassificationJob reports about a pause. A Job written as a
// literal, in any status, follows these rules alone; a job [Create] made
// from a schedule.Calendar also starts and completes its runs as time
// passes, for tests of pipelines that react to job status events.
//
// # Rules
//
// Updates (docs/semantics.md, "Pause, resume and cancel"): CANCELLED is
// valid from IDLE, PAUSED, RUNNING and USER_PAUSED; USER_PAUSED from IDLE,
// PAUSED and RUNNING; RUNNING (resume) only from USER_PAUSED. Any update of
// a CANCELLED job is a ValidationException whose message contains "cannot
// update cancelled job for job" (the text Terraform matches); a target
// other than the three is a ValidationException.
//
// Resume and expiry (docs/semantics.md, "Resume and expiry" and
// "userPausedDetails"): a job paused while IDLE resumes IDLE; while
// RUNNING, RUNNING, or IDLE once the run expired; while PAUSED, IDLE once
// the run expired, else PAUSED while the quota month of Macie's pause
// lasts, else RUNNING. A pause begun while RUNNING expires 30×24 h after it
// began: a ONE_TIME job is cancelled; a SCHEDULED job's run is cancelled
// and the job stays USER_PAUSED. From 23 days into an expiring pause,
// userPausedDetails carries the ARN of an AWS Health event (synthetic here).
//
// Macie's events (docs/semantics.md, "Status changes Macie makes"):
// SCHEDULED_RUN_STARTED (SCHEDULED, IDLE or PAUSED → RUNNING),
// SCHEDULED_RUN_COMPLETED (SCHEDULED RUNNING → IDLE), JOB_COMPLETED
// (ONE_TIME RUNNING → COMPLETE), JOB_PAUSED_BY_MACIE_SERVICE_QUOTA_MET
// (RUNNING → PAUSED), JOB_RESUMED_BY_MACIE_SERVICE_QUOTA_LIFTED (PAUSED →
// RUNNING; also due at 00:00:00Z on the first of the month after Macie's
// pause) and MACIE_SUSPENDED_IN_REGION (any status but COMPLETE and
// CANCELLED → CANCELLED). Other events do not apply.
//
// # Options
//
// [Options] are the choices where AWS is silent (docs/semantics.md,
// "Choices where AWS is silent"); the zero value of each is the default: a
// rejected transition is a ValidationException (or a ConflictException),
// and a SCHEDULED job paused while PAUSED never expires (or expires like
// one paused while RUNNING).
package status
