package status

import (
	"fmt"

	"github.com/jobscope/jobscope/schedule"
)

// Exception codes Macie answers a rejected UpdateClassificationJob with.
const (
	ValidationException = "ValidationException"
	ConflictException   = "ConflictException"
)

// CancelledJobMessage is the text Macie's error carries when any update of a
// cancelled job is rejected (docs/semantics.md, "Pause, resume and cancel",
// Terraform evidence). Clients match on it, so the message of such an
// [Exception] always contains it.
const CancelledJobMessage = "cannot update cancelled job for job"

// Exception is an error as Macie answers it: an exception code such as
// ValidationException or ConflictException, and a message. Use errors.As
// to get it from an error this package returns.
type Exception struct {
	// Code is the exception's name, for example "ValidationException".
	Code string
	// Message is the human-readable message.
	Message string
}

func (e *Exception) Error() string { return e.Code + ": " + e.Message }

// UpdateTargets returns the statuses UpdateClassificationJob accepts as a
// target: CANCELLED, RUNNING (resume) and USER_PAUSED (pause). Any other
// target is a ValidationException (docs/semantics.md, "Pause, resume and cancel").
func UpdateTargets() []JobStatus { return []JobStatus{Cancelled, Running, UserPaused} }

// Transition is one cell of the table of UpdateClassificationJob: what
// updating a job in status From to Target does.
type Transition struct {
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
	// Rule is the documented rule, for display.
	Rule string
}

// Transitions returns the transition table of UpdateClassificationJob, one row
// per (current status, update target) pair, current statuses in the order of
// JobStatusValues and targets in the order of UpdateTargets (docs/semantics.md,
// "Pause, resume and cancel"; current text of Macie's API reference since March
// 2021). The slice is fresh: callers may modify it.
func Transitions() []Transition {
	var rows []Transition
	for _, from := range JobStatusValues() {
		for _, target := range UpdateTargets() {
			rows = append(rows, transition(from, target))
		}
	}
	return rows
}

// transition returns the table cell (from, target), for any target.
func transition(from, target JobStatus) Transition {
	t := Transition{From: from, Target: target}
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

// Allowed reports whether UpdateClassificationJob accepts target for a job
// in status from.
func Allowed(from, target JobStatus) bool { return transition(from, target).Allowed }

// updateError returns the exception for a rejected update of job id in
// status from to target, under opts.
func updateError(id string, from, target JobStatus, opts Options) *Exception {
	name := id
	if name == "" {
		name = "(no id)"
	}
	switch {
	case from == Cancelled:
		return &Exception{ValidationException, fmt.Sprintf("%s %s: a cancelled job can't be paused, resumed or cancelled again", CancelledJobMessage, name)}
	case target != Cancelled && target != Running && target != UserPaused:
		return &Exception{ValidationException, fmt.Sprintf("jobStatus %q is not a valid update for job %s; use CANCELLED, RUNNING or USER_PAUSED", string(target), name)}
	}
	code := opts.InvalidTransitionError
	if code == "" {
		code = ValidationException
	}
	return &Exception{code, fmt.Sprintf("job %s has status %s: %s", name, from, transition(from, target).Rule)}
}

// expiring reports whether a pause from pausedFrom of a job of type jt expires
// 30 days after it began (docs/semantics.md, "Resume and expiry",
// conformance/testdata/README.md, "8. status").
func expiring(jt schedule.JobType, pausedFrom JobStatus, opts Options) bool {
	switch pausedFrom {
	case Running:
		return true
	case Paused:
		return jt == schedule.OneTime || opts.PausedFromPausedExpires
	}
	return false
}
