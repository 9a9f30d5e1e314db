// Package plan is the dry run of an Amazon Macie classification job: given
// the job, the bucket metadata and the objects (from S3 Inventory reports
// or lists), it says, for every object, whether the job's run would
// analyze it or skip it, at which stage, for what reason, and which part of
// the job decided — and sums it all up, per bucket, with an estimate of the
// cost.
//
// # Stages
//
// Each object passes the stages of DESIGN §1 in a fixed order, and the
// first stage that rejects it names the reason (SPEC §2.1):
//
//   - bucket: the job's bucketDefinitions list the bucket, or its
//     bucketCriteria match the bucket's metadata (describe-buckets output).
//     With bucket criteria, a bucket the metadata does not list is skipped
//     (BUCKET_NOT_IN_INVENTORY): Macie evaluates criteria over the buckets it
//     monitors. With bucket definitions and no metadata, buckets are matched
//     by name alone. A selected bucket whose metadata has errorCode
//     ACCESS_DENIED is skipped (BUCKET_ACCESS_DENIED): Macie may not read it
//     (SPEC §10.1; jobscope.Options.AccessDeniedBuckets).
//   - version: only the latest version counts (NONCURRENT_VERSION), and not
//     when it is a delete marker (DELETE_MARKER). Rows of an unversioned
//     inventory are latest versions.
//   - scope: the job's scoping (NOT_INCLUDED, EXCLUDED), with the JSON path
//     of the deciding condition.
//   - eligibility: what Macie never analyzes — storage class (none is
//     STANDARD), an Intelligent-Tiering archive tier, file type, size
//     quota, encryption (scope.Eligibility), in that order.
//   - increment: for a SCHEDULED job, the incremental window of the planned
//     run (schedule.Window): objects changed before it are UNCHANGED,
//     objects changed after the run started wait for the next run
//     (AFTER_RUN_START). A ONE_TIME job has no increment stage.
//   - sample: below 100 %, the seeded sampler of package scope picks the
//     objects (NOT_SAMPLED).
//
// # Inputs without a column
//
// A column the job reads must be in every input: an OBJECT_SIZE condition
// needs Size, an OBJECT_LAST_MODIFIED_DATE condition or a bounded
// incremental window needs LastModifiedDate, an object tag condition needs
// tags (S3 Inventory has none: give a tag sidecar). Run reports each missing
// one as a *ColumnError before reading anything. The eligibility checks are
// not the job's choice, so a missing column there is assumed instead, and
// the summary says so: StorageClass STANDARD, EncryptionStatus SSE-S3 (the
// S3 default since 2023), and an unknown Size of 0 (no quota check, no
// bytes).
//
// # Streaming
//
// Run reads the data files of the inputs concurrently, one worker per core,
// and holds no object longer than it takes to decide it: memory does not
// grow with the inventory. Decisions, when asked for, arrive in input order
// from one goroutine, through a bounded queue per file. Counts always
// reconcile: every row read is either rejected (it could not be read) or
// decided, and every decided object is scanned or skipped for exactly one
// reason. A cancelled run returns at once with what it decided until then,
// and, with Decisions, counts exactly the decisions it delivered.
//
// For tests of scanning pipelines, [DryRun.Decide], [DryRun.Decisions] and
// [DryRun.Summarize] plan over objects held in memory.
package plan
