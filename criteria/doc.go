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
// every EQ tag condition and passes every NE one.
package criteria
