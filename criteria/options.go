package criteria

import "github.com/jobscope/jobscope/field"

// Join says how the terms of an excludes block combine (docs/semantics.md,
// "Condition blocks").
type Join string

// The values of Join.
const (
	JoinAND Join = "AND" // default: exclude a record only when every exclude term matches it, reading excludes.and as the AND list of Macie's model
	JoinOR  Join = "OR"  // exclude a record when any exclude term matches it, as a user of the console, which shows each condition on its own, may expect
)

// EmptyBlock says what a block (includes or excludes) whose and list is
// missing or empty means (docs/semantics.md, "Condition blocks").
type EmptyBlock string

// The values of EmptyBlock.
const (
	EmptyBlockAbsent EmptyBlock = "ABSENT" // default: as if the block were absent
	EmptyBlockError  EmptyBlock = "ERROR"  // a problem at the path of the block's and member, so Compile fails
)

// TagEmptyValue says what a bucket tag pair with a key and an empty value
// means (docs/semantics.md, "Bucket criteria").
type TagEmptyValue string

// The values of TagEmptyValue.
const (
	TagKeyOnly TagEmptyValue = "KEY_ONLY" // default: {key: k, value: ""} is "has tag k", as Macie documents for object tags
	TagPair    TagEmptyValue = "PAIR"     // it is "has tag k with the empty value"
)

// BlockOptions are the choices for the includes and excludes blocks, which
// bucket criteria and object scoping (package scope) share.
type BlockOptions struct {
	// ExcludeJoin (conformance option excludeJoin): JoinAND (default)
	// excludes a record when every exclude condition holds; JoinOR when
	// any does.
	ExcludeJoin Join
	// EmptyBlock (emptyBlock): EmptyBlockAbsent (default) treats a block
	// with no conditions as absent; EmptyBlockError rejects it.
	EmptyBlock EmptyBlock
}

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

	// BlockOptions join the excludes and say what an empty block means.
	BlockOptions
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
