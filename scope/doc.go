// Package scope is which objects a classification job analyzes: the
// object-level scoping of a job (Macie's Scoping), the classifiability of
// an object (storage class, file type, size, encryption), the choice of the
// current version of a key, and deterministic sampling.
//
// # Objects
//
// An [Object] is one object version's metadata, modelled on S3 Inventory. Its
// zero value is the current version of an unversioned object: the Go field
// [Object.Noncurrent] is the negation of the JSON member isLatest, which
// defaults to true when absent. [CurrentVersion] picks the version that
// conditions apply to ("the conditions apply to the latest version of the
// object", docs/semantics.md, "The pipeline"), or none when that is a delete
// marker.
//
// # Compile once, match many times
//
// [Compile] validates a Scoping (returning the field.ErrorList of
// [Scoping.Validate] when it is invalid) and turns it into an
// [ObjectMatcher] in two steps:
//
//  1. Normalization builds a [Plan], the intermediate form: the includes
//     and excludes as lists of [Condition], each with the JSON path of its
//     simpleScopeTerm or tagScopeTerm member (for example
//     s3JobDefinition.scoping.includes.and[1].simpleScopeTerm) and its
//     values parsed: sizes as int64, dates as UTC instants (floored to the
//     second under the default precision), extensions with the leading-dot
//     option applied. The options that shape evaluation itself
//     (ExtensionRule, NoExtensionNE, ExcludeJoin, LastModifiedPrecision)
//     are recorded on the Plan, so a Plan means the same thing to every
//     reader.
//  2. Each condition is prepared for evaluation: OBJECT_KEY prefixes go
//     into a burst trie (a few prefixes are compared as machine words, ten
//     thousand cost a few array steps more), OBJECT_EXTENSION values into a
//     set probed by hash, comparators into a table indexed by the result of
//     one integer comparison.
//
// [ObjectMatcher.Match] reads the prepared conditions, cheapest first (they
// are pure, so the order changes the cost of an AND, never its result),
// short-circuits, and allocates nothing, with or without tags. It computes
// derived fields, such as the extension, inside the condition that needs
// them. [ObjectMatcher.Explain] evaluates the same prepared conditions in
// document order, all of them, and reports a criteria.Verdict for each (path,
// field, comparator, the object's value, the expected values, result) and
// the deciding one; criteria.Decide concludes it, as for buckets, so Match
// and Explain cannot disagree. [ObjectMatcher.Plan] hands the intermediate
// form to other back ends, such as a SQL emitter; [CompilePlan] turns a
// Plan back into a matcher. An ObjectMatcher is immutable and safe for
// concurrent use.
//
// # Semantics
//
// See docs/semantics.md, "Condition blocks" and "Object scoping". inScope =
// AND(includes) ∧ ¬ join(excludes); an absent or empty block is true for
// includes and false for excludes. Values are OR-joined and NE means none of
// them.
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
// # Options
//
// [Options] are the choices where AWS is silent (docs/semantics.md); every one
// defaults to its zero value, which is the register's choice:
//
//   - ExcludeJoin (excludeJoin): criteria.JoinAND (default) or
//     criteria.JoinOR.
//   - EmptyBlock (emptyBlock): criteria.EmptyBlockAbsent (default) or
//     criteria.EmptyBlockError, which makes Compile fail on an empty block.
//   - ExtensionRule (extensionRule; docs/semantics.md, "Object scoping"):
//     [LastDot] (default: "db.tar.gz" → "gz") or [FirstDot] ("tar.gz").
//   - ExtensionLeadingDot (extensionLeadingDot): [LeadingDotLiteral]
//     (default: ".pdf" never matches) or [LeadingDotStrip].
//   - NoExtensionNE (noExtensionNE): [NoExtensionMatch] (default: an
//     object without extension passes NE) or [NoExtensionNoMatch].
//   - LastModifiedPrecision (lastModifiedPrecision; conformance suite
//     default): [Second] (default: both instants floored to the second) or
//     [Exact].
//
// # Eligibility
//
// See docs/semantics.md, "Objects Macie cannot analyze", and
// conformance/testdata/README.md, "5.3 eligibility". [Eligibility.Check] says
// why Macie cannot analyze an object, checking in this order and stopping at
// the first failure: [ReasonStorageClass] (not one of
// [SupportedStorageClasses]; an empty class is STANDARD), [ReasonArchiveTier]
// (INTELLIGENT_TIERING in the Archive Access or Deep Archive Access tier,
// [AccessTier.Archived]), [ReasonFileType] (the last-dot extension,
// case-insensitive, is not one of [SupportedFileFormats]), [ReasonFileSize]
// (larger than the format's quota; equal is fine), [ReasonEncryption] (SSE-C,
// or SSE-KMS/DSSE-KMS when keys are inaccessible). [EligibilityOptions]:
// QuotaMegabyte (quotaMegabyte; default 1,048,576 bytes per MB, GB = 1,024 MB;
// or 1,000,000 with GB = 1,000 MB), ExtraTextExtensions (extraTextExtensions;
// default none: added to the text formats, with the 20 GB text quota),
// KMSKeysInaccessible (kmsKeysAccessible=false; default false).
//
// # Sampling (docs/semantics.md, "The pipeline")
//
// A [Sampler] selects each eligible object independently and
// deterministically from a hash of its bucket, key and version id and a
// seed; see [Sampler] for the hash and the threshold.
package scope
