// Package criteria is Macie's condition language for buckets and job
// listings: comparators, value sets, and the block algebra that
// S3BucketCriteriaForJob and ListJobsFilterCriteria share.
//
// # The algebra
//
// A criteria object has an includes block and an excludes block, each an AND
// list of conditions. A record matches when it matches every include
// condition and is not excluded; exclude conditions take precedence over
// include conditions. Within a condition, several values are joined by OR for
// EQ, and NE means "none of the values". An empty or absent includes block
// matches everything; an empty or absent excludes block excludes nothing.
//
// How the terms of an excludes block combine is not settled by Macie's
// documentation: the model puts them in one AND list (the default,
// [JoinAND]), while the console shows each as its own statement
// ([JoinOR]). [Options] holds this and the package's other engine choices;
// the zero Options is the documented default of each.
//
// # Buckets
//
// Bucket criteria test the fields of DescribeBuckets' BucketMetadata:
// ACCOUNT_ID, S3_BUCKET_NAME, S3_BUCKET_EFFECTIVE_PERMISSION and
// S3_BUCKET_SHARED_ACCESS, exactly and case-sensitively, and the bucket's
// tags by key, by value, or by key and value on the same tag. A bucket whose
// tags Macie could not collect (errorCode BUCKET_COUNT_EXCEEDS_QUOTA) fails
// every EQ tag condition and passes every NE one; a bucket without tags does
// the same.
//
// # Compile once, match many times
//
// [Compile] validates an S3BucketCriteriaForJob (returning the
// field.ErrorList of [S3BucketCriteriaForJob.Validate] when it is invalid)
// and turns it into a [BucketMatcher] in two steps:
//
//  1. Normalization builds a [Plan], the intermediate form: the includes
//     and excludes as lists of [Condition], each with the JSON path of its
//     simpleCriterion or tagCriterion member (for example
//     s3JobDefinition.bucketCriteria.excludes.and[0].tagCriterion), and
//     every option applied, so that a Plan means the same thing to every
//     reader: a tag pair is already a [TagCondition] of kind KEY, VALUE or
//     KEY_VALUE, and ExcludeJoin is recorded on the Plan.
//  2. Each condition is then prepared for evaluation: the bucket property it
//     reads is resolved and its values go into a set whose lookup cost does
//     not grow with the number of values.
//
// [BucketMatcher.Match] reads the prepared conditions, short-circuits, and
// allocates nothing. [BucketMatcher.Explain] evaluates the same prepared
// conditions, all of them, and reports a [Verdict] for each (path, field,
// comparator, the bucket's value, the expected values, result) and the
// deciding one; [Decide] is where every explanation is concluded, so Match
// and Explain cannot disagree. [BucketMatcher.Plan] hands the intermediate
// form to other back ends, such as a SQL emitter, and [CompilePlan] turns a
// Plan back into a matcher. A BucketMatcher is immutable and safe for
// concurrent use.
//
// Static jobs name their buckets instead: [CompileDefinitions] turns
// bucketDefinitions (as plain [BucketDefinition] pairs of account and
// bucket names, so that this package need not import the root package)
// into a [DefinitionsMatcher]. Both matchers satisfy [BucketSelector].
//
// # Options
//
// Every option defaults to its zero value, which is the choice that
// docs/semantics.md, "Choices where AWS is silent" names:
//
//   - ExcludeJoin (conformance option excludeJoin; docs/semantics.md,
//     "Condition blocks"): [JoinAND] (default) excludes a bucket when every
//     exclude condition holds; [JoinOR] when any does.
//   - EmptyBlock (emptyBlock; docs/semantics.md, "Condition blocks"):
//     [EmptyBlockAbsent] (default) treats a block with no conditions as absent;
//     [EmptyBlockError] rejects it at validation, so Compile fails.
//   - BucketTagEmptyValue (bucketTagEmptyValue; docs/semantics.md, "Bucket criteria"):
//     [TagKeyOnly] (default) reads {key: k, value: ""} as "has tag k";
//     [TagPair] as "has tag k with the empty value".
//
// Fixed rules (not options): NE with several values means none of them
// (docs/semantics.md, "Choices where AWS is silent"); buckets without tags, or
// whose tags are unknown, fail tag EQ and pass tag NE (docs/semantics.md,
// "Bucket criteria"); values compare exactly and case-sensitively, with no
// partial values or wildcards.
package criteria
