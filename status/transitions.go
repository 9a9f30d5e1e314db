package status

import (
	"fmt"

	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/schedule"
)

// CancelledJobMessage is the text Macie's error carries when any update of a
// cancelled job is rejected (docs/semantics.md, "Pause, resume and cancel",
// Terraform evidence). Clients match on it, so the message of such an error
// always contains it.
const CancelledJobMessage = "cannot update cancelled job for job"

// updateTargets are the statuses UpdateClassificationJob accepts as a
// target: CANCELLED, RUNNING (resume) and USER_PAUSED (pause). Any other
// target is a ValidationException (docs/semantics.md, "Pause, resume and
// cancel").
func updateTargets() []JobStatus { return []JobStatus{Cancelled, Running, UserPaused} }

// transition is one cell of the table of UpdateClassificationJob: what
// updating a job in status From to Target does.
type transition struct {
	// From is the job's current status.
	From JobStatus
	// Target is the jobStatus of the update request.
	Target JobStatus
	// Allowed is whether Macie accepts the update.
	Allowed bool
	// Outcomes are the statuses the job can have after an accepted update
	// (a resume depends on the pause; see [Job.Update]). Empty when
	// rejected.
	Outcomes []JobStatus
	// Rule is the documented rule, as error messages quote it.
	Rule string
}

// transitions returns the transition table of UpdateClassificationJob, one
// row per (current status, update target) pair, current statuses in the
// order of JobStatus.Values and targets in the order of updateTargets
// (docs/semantics.md, "Pause, resume and cancel"; current text of Macie's
// API reference since March 2021).
func transitions() []transition {
	var rows []transition
	for _, from := range JobStatus("").Values() {
		for _, target := range updateTargets() {
			rows = append(rows, cell(from, target))
		}
	}
	return rows
}

// cell returns the table cell (from, target), for any target.
func cell(from, target JobStatus) transition {
	t := transition{From: from, Target: target}
	switch target {
	case Cancelled:
		t.Rule = "CANCELLED is valid only if the job's current status is IDLE, PAUSED, RUNNING, or USER_PAUSED"
		if from == Idle || from == Paused || from == Running || from == UserPaused {
			t.Allowed, t.Outcomes = true, []JobStatus{Cancelled}
		}
	case Running:
		t.Rule = "RUNNING (resume) is valid only if the job's current status is USER_PAUSED"
		if from == UserPaused {
			t.Allowed, t.Outcomes = true, []JobStatus{Running, Idle, Paused}
		}
	case UserPaused:
		t.Rule = "USER_PAUSED (pause) is valid only if the job's current status is IDLE, PAUSED, or RUNNING"
		if from == Idle || from == Paused || from == Running {
			t.Allowed, t.Outcomes = true, []JobStatus{UserPaused}
		}
	default:
		t.Rule = "the jobStatus of an update is CANCELLED, RUNNING or USER_PAUSED"
	}
	if from == Cancelled {
		t.Allowed, t.Outcomes = false, nil
		t.Rule = "you can't resume or restart a job after you cancel it"
	}
	return t
}

// allowed reports whether UpdateClassificationJob accepts target for a job
// in status from.
func allowed(from, target JobStatus) bool { return cell(from, target).Allowed }

// updateError returns the error for a rejected update of job id in status
// from to target, under opts: at the request member jobStatus, with the
// exception Macie answers with.
func updateError(id string, from, target JobStatus, opts Options) *field.Error {
	name := id
	if name == "" {
		name = "(no id)"
	}
	e := &field.Error{Path: "jobStatus", Code: field.Conflict, Exception: field.ValidationException}
	switch {
	case from == Cancelled:
		e.Message = fmt.Sprintf("%s %s: a cancelled job can't be paused, resumed or cancelled again", CancelledJobMessage, name)
	case target != Cancelled && target != Running && target != UserPaused:
		e.Code = field.InvalidValue
		e.Message = fmt.Sprintf("jobStatus %q is not a valid update for job %s; use CANCELLED, RUNNING or USER_PAUSED", string(target), name)
	default:
		if opts.InvalidTransitionError != "" {
			e.Exception = opts.InvalidTransitionError
		}
		e.Message = fmt.Sprintf("job %s has status %s: %s", name, from, cell(from, target).Rule)
	}
	return e
}

// expiring reports whether a pause from pausedFrom of a job of type jt
// expires 30 days after it began (docs/semantics.md, "Resume and expiry").
func expiring(jt schedule.JobType, pausedFrom JobStatus, opts Options) bool {
	switch pausedFrom {
	case Running:
		return true
	case Paused:
		return jt == schedule.OneTime || opts.PausedFromPausedExpires
	}
	return false
}
