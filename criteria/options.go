package criteria

// Join says how the terms of an excludes block combine (docs/semantics.md,
// "Choices where AWS is silent").
type Join string

// The values of Join.
const (
	// JoinAND excludes a record only when every exclude term matches it:
	// the literal reading of Macie's model, where excludes.and is an AND list.
	// It is the default.
	JoinAND Join = "AND"
	// JoinOR excludes a record when any exclude term matches it, as a user
	// of the console, which shows each condition on its own, may expect.
	JoinOR Join = "OR"
)

// EmptyBlock says what a block (includes or excludes) whose and list is
// missing or empty means (docs/semantics.md, "Choices where AWS is silent").
type EmptyBlock string

// The values of EmptyBlock.
const (
	// EmptyBlockAbsent treats such a block as if it were absent. Default.
	EmptyBlockAbsent EmptyBlock = "ABSENT"
	// EmptyBlockError rejects such a block at validation, at the path of
	// its and member.
	EmptyBlockError EmptyBlock = "ERROR"
)

// TagEmptyValue says what a bucket tag pair with a key and an empty value
// means (docs/semantics.md, "Choices where AWS is silent").
type TagEmptyValue string

// The values of TagEmptyValue.
const (
	// TagKeyOnly treats {key: k, value: ""} as the key-only condition "has
	// tag k", as Macie documents for object tags. Default.
	TagKeyOnly TagEmptyValue = "KEY_ONLY"
	// TagPair treats it as "has tag k with the empty value".
	TagPair TagEmptyValue = "PAIR"
)

// Options are the engine choices for bucket criteria where Macie's
// documentation leaves the behaviour open. The zero Options is the default of
// every choice.
type Options struct {
	ExcludeJoin         Join          // default JoinAND
	EmptyBlock          EmptyBlock    // default EmptyBlockAbsent
	BucketTagEmptyValue TagEmptyValue // default TagKeyOnly
}
