package status

// The transition table and its lookup, for the external tests.
var (
	Transitions = transitions
	Allowed     = allowed
)
