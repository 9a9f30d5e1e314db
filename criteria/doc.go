// Package criteria is Macie's condition language for buckets and job
// listings: the comparators, the value sets, and the block algebra that
// S3BucketCriteriaForJob and ListJobsFilterCriteria share. [Compile] turns
// a job's bucket selection — its bucket criteria or its bucket definitions
// — into a [BucketSelector] that tells which buckets a run analyzes, and
// why.
//
//	sel, err := criteria.Compile(job.S3JobDefinition.BucketCriteria, nil, criteria.Options{})
//	sel.Match(&bucket)                // does not allocate
//	sel.Explain(&bucket).DecidingPath // e.g. s3JobDefinition.bucketCriteria.excludes.and[0].tagCriterion
//
// # The algebra
//
// A criteria object has an includes block and an excludes block, each an AND
// list of conditions. A record matches when it matches every include
// condition and is not excluded; exclude conditions take precedence over
// include conditions. Within a condition, several values are joined by OR
// for EQ, and NE means "none of the values". An empty or absent includes
// block matches everything; an empty or absent excludes block excludes
// nothing. Whether the exclude terms exclude together ([JoinAND], the
// default) or each on its own ([JoinOR]) is an option (docs/semantics.md,
// "Condition blocks"). [Decide] concludes every explanation — of bucket
// criteria, bucket definitions, object scoping (package scope) and job
// listings (package joblist) — so that Match and Explain cannot disagree.
//
// # Buckets
//
// Bucket criteria test the fields of DescribeBuckets' [BucketMetadata]:
// ACCOUNT_ID, S3_BUCKET_NAME, S3_BUCKET_EFFECTIVE_PERMISSION and
// S3_BUCKET_SHARED_ACCESS, exactly and case-sensitively, with no partial
// values or wildcards, and the bucket's tags by key, by value, or by key
// and value on the same tag. A bucket whose tags Macie could not collect
// (errorCode BUCKET_COUNT_EXCEEDS_QUOTA) fails every EQ tag condition and
// passes every NE one; a bucket without tags does the same
// (docs/semantics.md, "Bucket criteria"). Bucket definitions select the
// buckets they name, by account and exact name.
//
// [BucketSelector.Program] hands the normalized condition tree of bucket
// criteria, with every option applied and the JSON path of every
// condition, to other back ends, such as the SQL emitter of package athena.
package criteria
