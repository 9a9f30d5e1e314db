// Package scope decides which objects a classification job analyzes: the
// job's object-level Scoping, whether Macie can analyze an object at all
// (storage class, file type, size, encryption), which version of a key the
// conditions apply to, and deterministic sampling.
//
//	m, err := scope.Compile(job.S3JobDefinition.Scoping, scope.Options{})
//	if err != nil {
//		return err // a field.ErrorList: every problem, with its JSON path
//	}
//	in := m.Match(&scope.Object{Key: "exports/a.csv", Size: 1024})
//
// [Compile] validates a [Scoping] and compiles it into an [ObjectMatcher],
// which is immutable and safe for concurrent use. [ObjectMatcher.Match]
// reports whether an object is in scope without allocating;
// [ObjectMatcher.Explain] gives the verdict of every condition and the
// deciding one, and [ObjectMatcher.Decide] names the deciding condition
// alone. [ObjectMatcher.Program] is the normalized condition tree, for other
// back ends such as a SQL emitter.
//
// An [Object] is one object version's metadata, modelled on S3 Inventory.
// Its zero value is the current version of an unversioned object.
// [CurrentVersion] picks the version conditions apply to. [Eligibility]
// says why Macie cannot analyze an object, and a [Sampler] selects the
// objects a job with a samplingPercentage below 100 analyzes.
//
// # Semantics
//
// See docs/semantics.md, "Condition blocks" and "Object scoping". An object
// is in scope when every include condition holds and the excludes, joined
// by AND (or OR, Options.ExcludeJoin), do not; an absent or empty block is
// true for includes and false for excludes. A term's values are OR-joined,
// and NE means none of them.
//
//   - OBJECT_KEY STARTS_WITH: the full key starts with a value, byte-wise and
//     case-sensitively; nothing is normalized (a leading "/" is not dropped).
//   - OBJECT_EXTENSION EQ/NE: case-sensitive comparison with the extension
//     [Extension] derives; an object without extension fails EQ.
//   - OBJECT_SIZE, OBJECT_LAST_MODIFIED_DATE with EQ, NE, GT, GTE, LT, LTE:
//     the object's value on the left ("size GT 5" holds for 6).
//   - Tag terms: {key, value: ""} holds when the object has the key;
//     {key, value} when the tag has exactly that value. An object without
//     tags fails EQ and passes NE.
//
// Eligibility follows docs/semantics.md, "Objects Macie cannot analyze";
// sampling and the choice of version, "The pipeline".
//
// # Options
//
// [Options] and [EligibilityOptions] are the choices where AWS is silent
// (docs/semantics.md, "Choices where AWS is silent"). The zero value of
// each is the default: excludes joined by AND, an empty block read as
// absent, the extension after the name's last dot ([LastDot]), a value
// with a leading dot compared as written ([LeadingDotLiteral]), an object
// without extension passing NE ([NoExtensionMatch]), dates compared to
// the second ([Second]), 1,048,576 bytes per MB in the file-size quotas,
// no extra text formats, and KMS keys Macie may use.
package scope
