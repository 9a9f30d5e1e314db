package scope

import (
	"github.com/jobscope/jobscope/criteria"
	"github.com/jobscope/jobscope/field"
)

// ExtensionRule says how an object's file name extension is derived from its
// key (docs/semantics.md, "Choices where AWS is silent"). Either way the name
// is the text after the key's last "/", and a name with no "." or ending in "."
// has no extension.
type ExtensionRule string

// The values of ExtensionRule.
const (
	LastDot  ExtensionRule = "LAST_DOT"  // default: the text after the last "." of the name ("db.tar.gz" → "gz")
	FirstDot ExtensionRule = "FIRST_DOT" // the text after the first "." of the name ("db.tar.gz" → "tar.gz")
)

// LeadingDot says what an OBJECT_EXTENSION value that starts with "." means
// (docs/semantics.md, "Choices where AWS is silent").
type LeadingDot string

// The values of LeadingDot.
const (
	LeadingDotLiteral LeadingDot = "LITERAL" // default: compare the value as given, so ".pdf" never matches
	LeadingDotStrip   LeadingDot = "STRIP"   // remove one leading "." before comparing
)

// NoExtensionNE is the result of an OBJECT_EXTENSION NE term for an object
// without an extension (docs/semantics.md, "Choices where AWS is silent"). An
// EQ term never matches such an object.
type NoExtensionNE string

// The values of NoExtensionNE.
const (
	NoExtensionMatch   NoExtensionNE = "MATCH"    // default: the term holds
	NoExtensionNoMatch NoExtensionNE = "NO_MATCH" // the term does not hold
)

// Precision is how OBJECT_LAST_MODIFIED_DATE terms compare instants.
type Precision string

// The values of Precision.
const (
	Second Precision = "SECOND" // default: floor the object's last-modified time and the term's value to whole seconds, as S3 reports Last modified to the second
	Exact  Precision = "EXACT"  // compare full-precision instants
)

// Options are the engine choices for object scoping where Macie's
// documentation leaves the behaviour open, and where the scoping sits in its
// document. The zero Options is the default of every choice.
type Options struct {
	// Path is the JSON path of the scoping object, which the paths of
	// conditions and errors are below. The zero Path means
	// s3JobDefinition.scoping, where scoping sits in a
	// CreateClassificationJob request.
	Path field.Path

	// BlockOptions join the excludes and say what an empty block means,
	// as for bucket criteria.
	criteria.BlockOptions

	ExtensionRule         ExtensionRule // default LastDot
	ExtensionLeadingDot   LeadingDot    // default LeadingDotLiteral
	NoExtensionNE         NoExtensionNE // default NoExtensionMatch
	LastModifiedPrecision Precision     // default Second
}
