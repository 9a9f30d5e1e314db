package status

// Options are the engine choices for the job life cycle where Macie's
// documentation leaves the behaviour open. The zero Options is the default of
// every choice.
type Options struct {
	// InvalidTransitionError is the exception for a rejected update:
	// "ValidationException" (default) or "ConflictException"
	// (docs/semantics.md, "Choices where AWS is silent"). An update of a
	// cancelled job is a ValidationException either way.
	InvalidTransitionError string
	// PausedFromPausedExpires: a SCHEDULED job that its owner paused while
	// Macie had paused it (PAUSED) has a 30-day run expiry, like one paused
	// while RUNNING. Default false: the 30-day expiry is documented only
	// for a recurring job paused while RUNNING, so it never expires
	// (docs/semantics.md, "Choices where AWS is silent").
	PausedFromPausedExpires bool
}
