// Package plan is the dry run of an Amazon Macie classification job: given
// the job, the bucket metadata and the objects (from S3 Inventory reports
// or lists), it says, for every object, whether the job's run would
// analyze it or skip it, at which stage, for what reason, and which part of
// the job decided — and sums it all up, per bucket, with an estimate of the
// cost.
//
// [New] compiles a job for one run; [DryRun.Run] reads inputs opened by
// package inventory and returns a [Summary]; [DryRun.Decide],
// [DryRun.Decisions] and [DryRun.Summarize] plan over objects held in
// memory, for tests of scanning pipelines. [Compare] diffs two jobs' runs
// over the same inputs in one pass: the objects that enter and leave the
// scan, by bucket and reason, and what each run costs.
//
// Each object passes the stages of “The pipeline” in docs/semantics.md in a
// fixed order, and the first stage that rejects it names the [Reason]:
//
//   - bucket: bucketDefinitions list the bucket, or bucketCriteria match
//     its describe-buckets metadata (a bucket the metadata does not list is
//     BUCKET_NOT_IN_INVENTORY; one whose errorCode is ACCESS_DENIED is
//     BUCKET_ACCESS_DENIED, see jobscope.Options.AccessDeniedBuckets);
//   - version: only the latest version counts (NONCURRENT_VERSION), and not
//     a delete marker (DELETE_MARKER);
//   - scope: the job's scoping (NOT_INCLUDED, EXCLUDED), with the JSON path
//     of the deciding condition;
//   - eligibility: what Macie never analyzes — storage class, archive tier,
//     file type, size quota, encryption (scope.Eligibility), in that order;
//   - increment: for a SCHEDULED job, the run's incremental window
//     (UNCHANGED, AFTER_RUN_START);
//   - sample: below 100 %, the seeded sampler (NOT_SAMPLED).
//
// A column the job reads must be in every input (an OBJECT_SIZE condition
// needs Size, a tag condition needs tags): Run reports each missing one, a
// *field.Error with code field.MissingColumn, before reading anything. A
// column only the eligibility checks read is assumed instead, and the
// summary says so.
//
// Counts always reconcile: every row read is rejected (it could not be read)
// or decided, and every decided object is scanned or skipped for exactly
// one reason. Memory does not grow with the inventory. A cancelled run
// returns at once with what it decided until then.
//
// The cost estimate follows “What Macie bills” to “The monthly quota” in
// docs/semantics.md: scanned bytes only, compressed files expanded by a
// ratio, the free GB, monthly price tiers and each account's monthly quota;
// every default can be overridden in [Options].
package plan
