package status

// Options are the engine choices for the job life cycle where Macie's
// documentation leaves the behaviour open. The zero Options is the default of
// every choice.
type Options struct {
	// InvalidTransitionError is the exception for a rejected update:
	// "ValidationException" (default) or "ConflictException" (ambiguity
	// A10). An update of a cancelled job is a ValidationException either way.
	InvalidTransitionError string
	// PausedFromPausedNeverExpires: a SCHEDULED job that its owner paused
	// while Macie had paused it (PAUSED) has no 30-day run expiry. Default
	// false: it expires like a job paused while RUNNING (ambiguity A16).
	PausedFromPausedNeverExpires bool
}
