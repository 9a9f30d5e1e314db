package criteria

import "github.com/jobscope/jobscope/field"

// Join says how the terms of an excludes block combine (docs/semantics.md,
// "Condition blocks").
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
// missing or empty means (docs/semantics.md, "Condition blocks").
type EmptyBlock string

// The values of EmptyBlock.
const (
	// EmptyBlockAbsent treats such a block as if it were absent. Default.
	EmptyBlockAbsent EmptyBlock = "ABSENT"
	// EmptyBlockError rejects such a block at validation, at the path of
	// its and member, so Compile fails.
	EmptyBlockError EmptyBlock = "ERROR"
)

// TagEmptyValue says what a bucket tag pair with a key and an empty value
// means (docs/semantics.md, "Bucket criteria").
type TagEmptyValue string

// The values of TagEmptyValue.
const (
	// TagKeyOnly treats {key: k, value: ""} as the key-only condition "has
	// tag k", as Macie documents for object tags. Default.
	TagKeyOnly TagEmptyValue = "KEY_ONLY"
	// TagPair treats it as "has tag k with the empty value".
	TagPair TagEmptyValue = "PAIR"
)

// Options are the choices for [Compile]: where the bucket selection sits in
// its document, and the engine choices where Macie's documentation leaves
// the behaviour open (docs/semantics.md, "Choices where AWS is silent").
// The zero Options is the default of every choice.
type Options struct {
	// Path is the JSON path of the object that holds bucketCriteria and
	// bucketDefinitions; the zero Path stands for "s3JobDefinition", where
	// a CreateClassificationJob request has them. Verdicts, conditions and
	// problems carry paths below it.
	Path field.Path

	// ExcludeJoin (conformance option excludeJoin): JoinAND (default)
	// excludes a bucket when every exclude condition holds; JoinOR when
	// any does.
	ExcludeJoin Join
	// EmptyBlock (emptyBlock): EmptyBlockAbsent (default) treats a block
	// with no conditions as absent; EmptyBlockError rejects it.
	EmptyBlock EmptyBlock
	// BucketTagEmptyValue (bucketTagEmptyValue): TagKeyOnly (default) reads
	// {key: k, value: ""} as "has tag k"; TagPair as "has tag k with the
	// empty value".
	BucketTagEmptyValue TagEmptyValue
}

// paths returns the paths of the object that holds the bucket selection,
// of its bucketCriteria and of its bucketDefinitions.
func (o *Options) paths() (parent, criteria, definitions field.Path) {
	parent = o.Path
	if parent == (field.Path{}) {
		parent = field.NewPath("s3JobDefinition")
	}
	return parent, parent.Child("bucketCriteria"), parent.Child("bucketDefinitions")
}
