// Package athena writes a classification job's scope for one run as SQL —
// Trino's, for Amazon Athena, or DuckDB's — over the S3 Inventory table as
// AWS documents it (CSV with string columns and URL-encoded keys; Parquet
// or ORC with typed columns; partitioned by dt) or over an S3 Metadata live
// inventory table, so that a query can do across many machines what the
// dry run (package plan) does on one.
//
// The SQL is written from the compiled forms the dry run evaluates —
// plan.New's scoping plan (scope.Plan), bucket criteria plan
// (criteria.Program), bucket definitions, eligibility options, incremental
// window and sampler — never from the job's JSON, and it means what the
// dry run means: the rows it selects are exactly the objects the dry run
// scans over the same rows, and the summary's counts are its counts. The
// differential test in ./duckdbtest checks this on DuckDB with thousands of
// random jobs and inventories.
//
// # The stages
//
// The query applies the dry run's stages in their order (docs/semantics.md,
// "The pipeline"); the summary names, per row, the first that skips it, with
// the dry run's reason:
//
//   - bucket: bucket definitions become an IN list of bucket names; with a
//     bucket metadata table (describe-buckets output), a bucket the table
//     has is selected when a definition lists its account and name. Bucket
//     criteria are evaluated over the bucket metadata table, joined by
//     bucket name: a bucket it lacks is BUCKET_NOT_IN_INVENTORY. Tag
//     criteria of a bucket whose errorCode is BUCKET_COUNT_EXCEEDS_QUOTA
//     fail with EQ and hold with NE.
//   - version: only rows whose is_latest is true (a Metadata table's latest
//     version is the row with the greatest sequence_number of its key), and
//     not delete markers.
//   - scope: includes AND-joined, excludes joined by excludeJoin, every
//     condition true or false, never NULL (coalesce), so that NOT over the
//     excludes is exact. The extension is derived as scope.Extension does,
//     by either extensionRule; sizes are compared as bigints; dates to the
//     second (lastModifiedPrecision SECOND: floor(t) op D is rewritten as a
//     range on t) or exactly.
//   - eligibility: storage class, file type (the extension after the last
//     dot, lower-cased in ASCII) with its size quota, SSE-C (and SSE-KMS
//     with kmsKeysAccessible false).
//   - increment: a scheduled run's window, last_modified ≤ the run's start
//     and > (or ≥) the lower bound.
//   - sample: exact, see below.
//
// # Keys
//
// S3 Inventory CSV writes keys URL-encoded as url.QueryEscape does: a
// space is "+", a plus sign "%2B". Trino's url_decode is
// java.net.URLDecoder, which reads "+" as a space, so url_decode(key) is
// the key exactly as the dry run decodes it. DuckDB's url_decode leaves
// "+" alone, so the DuckDB dialect replaces it by a space first (a literal
// plus sign is never a raw "+" in the file). Parquet, ORC and Metadata keys
// are not encoded.
//
// # Sampling
//
// scope.Sampler selects an object when scope.SampleHash(seed, bucket, key,
// versionId) — FNV-1a over the three strings, each preceded by its length
// as eight little-endian bytes, then the splitmix64 finaliser — is below
// percentage·⌊(2^64−1)/100⌋. The query computes the same 64-bit value:
// the bytes as an array (to_utf8, to_hex, regexp_extract_all, from_base),
// FNV-1a with reduce, the finaliser with reduce over its seven steps. Trino
// has only signed 64-bit integers whose + and * fail on overflow, so every
// product modulo 2^64 is assembled from products of a 32-bit and a 16-bit
// piece and sums below 2^63, put together with bitwise_left_shift (which
// wraps), bitwise_right_shift (logical), bitwise_and and bitwise_or; the
// bounds of every intermediate value are checked when the expression is
// built (see hash.go), and the unsigned comparison with the threshold is a
// signed BETWEEN. The DuckDB dialect renders the same expression tree with
// DuckDB's operators, so the differential test runs Athena's arithmetic.
// The hash is evaluated only for rows every earlier stage passes.
//
// # Rows the dry run rejects
//
// Rows the dry run cannot read (no bucket or key, a NULL last modified
// date, a missing size on an object that is not a delete marker) are left
// out of both queries and counted as rejected_rows in the summary. Values
// S3 never writes (a size that is not a number, a malformed %-escape) make
// the query fail rather than be guessed.
package athena
