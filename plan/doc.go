// Package plan is the dry run of an Amazon Macie classification job: given
// the job, the bucket metadata and the objects (from S3 Inventory reports
// or lists), it says, for every object, whether the job's run would
// analyze it or skip it, at which stage, for what reason, and which part of
// the job decided — and sums it all up, per bucket, with an estimate of the
// cost.
//
// # Stages
//
// Each object passes the stages of docs/semantics.md, "The pipeline" in a fixed
// order, and the first stage that rejects it names the reason
// (docs/semantics.md, "The pipeline"):
//
//   - bucket: the job's bucketDefinitions list the bucket, or its
//     bucketCriteria match the bucket's metadata (describe-buckets output).
//     With bucket criteria, a bucket the metadata does not list is skipped
//     (BUCKET_NOT_IN_INVENTORY): Macie evaluates criteria over the buckets it
//     monitors. With bucket definitions and no metadata, buckets are matched by
//     name alone. A selected bucket whose metadata has errorCode ACCESS_DENIED
//     is skipped (BUCKET_ACCESS_DENIED): Macie may not read it
//     (docs/semantics.md, "Buckets Macie may not read";
//     jobscope.Options.AccessDeniedBuckets).
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
//
// # Cost estimate
//
// The summary estimates what Macie bills for the run's sensitive data discovery
// (docs/semantics.md, "What Macie bills" to "The monthly quota"), from the object records and,
// for selected buckets without records, from their describe-buckets metadata.
// Where each figure comes from — UG is the Amazon Macie User Guide;
// [UNVERIFIED] marks a figure no AWS page consulted confirms, kept as a default
// the caller can override; [INFERRED] a reading of the documentation:
//
//   - What is billed: UG "Understanding estimated usage costs for Macie"
//     (account-mgmt-costs-calculations): "You're charged based on the amount
//     of uncompressed data that Macie analyzes in S3 objects. There's no
//     charge for objects that Macie can't analyze for reasons such as use of
//     an unsupported Amazon S3 storage class, use of an unsupported file or
//     storage format, or permissions settings." So only scanned objects
//     count, and Summary.StoredBytes is a lower bound.
//   - Compressed and archive files (IsCompressed: last-dot extension gz,
//     gzip, zip or tar) are billed on their extracted bytes, which an
//     inventory does not show: UG "Forecasting and monitoring costs for
//     sensitive data discovery jobs" (discovery-jobs-costs): Macie
//     "decompresses the file, and then inspects each extracted file", and
//     "By default, Macie assumes ... All compressed and archive files use a
//     3:1 compression ratio" (DefaultCompressionRatio; the console lets the
//     user "Choose an estimated compression ratio", here
//     Options.CompressionRatio). Summary.CompressedStoredBytes is reported
//     apart and Summary.EstimatedBytes expands it. Parquet and Avro, which
//     compress inside, are not expanded, as Macie's estimate does not.
//   - Free tier: UG account-mgmt-costs-calculations: "Each month, there's no
//     charge to analyze up to 1 GB of data ... If less than 1 GB of data is
//     analyzed during a given month, the remaining allocation doesn't roll
//     over to the next month. If your account is part of an organization
//     with consolidated billing, the free tier applies to the combined
//     amount of data analyzed for your organization."
//   - Price tiers per calendar month (DefaultPrices): UG
//     account-mgmt-costs-calculations names "Regional volume pricing
//     tiers"; the bands (first 50 TB, next 450 TB, over 500 TB) and $1 per
//     GB in US East (N. Virginia) come from a transcription of the Amazon
//     Macie pricing page's US East examples, not the page's own table. The
//     prices of the second and third bands, $0.50 and $0.25 per GB, are
//     [UNVERIFIED]. Prices differ by Region (discovery-jobs-costs: the
//     estimate "reflects Macie pricing for the current AWS Region"):
//     Options.Prices replaces the table, Options.PricePerGB sets one flat
//     price without tiers or free tier. Options.BilledThisMonth places the
//     run on the tiers.
//   - Monthly quota (DefaultMonthlyQuota): UG account-mgmt-costs-calculations:
//     "(The default quota is 5 TB of data.) If a job is running and the
//     analysis of eligible objects reaches this quota, Macie automatically
//     pauses the job until the next calendar month starts and the monthly
//     quota is reset for your account, or you increase the quota for your
//     account." For an administrator's job the quota is per member account:
//     Macie "stops analyzing objects in buckets that the account owns", and
//     resumes a one-time job "when the next calendar month starts or the
//     quota is increased for all the affected accounts", a periodic one
//     "when the next run is scheduled to start or the next calendar month
//     starts, whichever occurs first". The pause is logged as
//     JOB_PAUSED_BY_MACIE_SERVICE_QUOTA_MET (UG "Understanding log events
//     for sensitive data discovery jobs": "Completion of the job would
//     exceed a monthly quota for the affected account"). Summary.Quota
//     compares each owning account's estimate with what is left of its
//     quota and counts the calendar months the run needs.
//   - [INFERRED]: a GB is 2^30 bytes and a TB 2^40 (Macie does not say;
//     AWS storage billing is binary); the quota counts the bytes billing
//     counts; the run's accounts are priced as one usage (as with
//     consolidated billing); each later month of a run the quota spreads
//     starts at the first tier with a fresh free GB.
//   - Not estimated: S3 GET and LIST request charges, which S3 bills (the
//     Amazon Macie pricing page), the per-bucket monitoring fee, which is
//     not a job cost, and AWS KMS charges.
//
// Macie's console estimates a job from bucket metadata before it exists;
// that "estimate doesn't reflect any options that you selected to refine
// and reduce the scope of the job ... It also doesn't reflect your monthly
// sensitive data discovery quota" (discovery-jobs-costs). The dry run
// gives that bucket-level estimate only for selected buckets the inputs
// have no records of (Summary.Selection, Summary.BucketLevel), apart from
// the object-level figures, and names the buckets it knows nothing of
// (Summary.LowerBound).
package plan
