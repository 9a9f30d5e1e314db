// Package athena writes a classification job's scope for one run as SQL,
// so that a query can do across many machines what the dry run (package
// plan) does on one. [Generate] returns the objects the run scans and a
// summary of its decisions, [GenerateCoverage] what many jobs analyze
// together, in Trino's SQL for Amazon Athena or in
// DuckDB's, over an S3 Inventory report (CSV, Parquet or ORC, partitioned
// by dt, as AWS documents the Athena table) or an S3 Metadata live
// inventory table, with the DDL of the tables the queries read.
//
// The SQL means what the dry run means. Generate validates and compiles
// the job as plan.New does — an invalid job yields the same errors — and
// writes the SQL from the compiled forms the dry run evaluates (the
// scoping program, the bucket criteria program, the bucket definitions, the
// eligibility options, the incremental window and the sampler), never
// from the job's JSON:
//
//   - SQL.Objects selects exactly the objects the dry run scans over the
//     same rows: bucket, key, version_id, size and last_modified.
//   - SQL.Summary counts, per bucket and in all, what the dry run's
//     summary counts: rows read, scanned and skipped with their bytes,
//     and the skips by the dry run's reasons.
//   - The stages are the dry run's, in its order (docs/semantics.md,
//     "The pipeline"): bucket, version, scope, eligibility, increment,
//     sample. The summary names, per row, the first stage that skips it.
//   - Sampling is exact: the query computes scope.SampleHash with the
//     dry run's seed, so it selects the very objects the dry run selects.
//   - Rows the dry run cannot read (no bucket or key, a NULL last
//     modified date, a missing size on an object that is not a delete
//     marker) are left out of both queries and counted as rejected_rows.
//     Values S3 never writes (a size that is not a number, a malformed
//     %-escape in a CSV key) make the query fail rather than be guessed.
//
// [GenerateCoverage] writes many jobs together, with the semantics of
// plan.Set, each job decided by the very stages Generate writes for it
// alone (each with its own engine options, run and seed), in one pass
// over the table: every row gets one boolean column per job. Its
// SQL.Objects lists every object with the names of the jobs that analyze
// it (an array in Trino, a list in DuckDB, in the jobs' order; empty for
// none). Its SQL.Summary has one row per measure — measure, job,
// other_job, objects, bytes: read and rejected; none, one and many, the
// objects no job, exactly one and several jobs analyze; duplicate, the
// analyses beyond the first; per job scanned, own and shared; per pair
// of jobs that share an object, overlap, most bytes first — as
// plan.Coverage counts them.
//
// The differential test in ./duckdbtest checks this on DuckDB, with
// thousands of random jobs over random inventories, and the coverage
// queries against plan.Set with hundreds of random sets of random jobs;
// others run each DuckDB script that jobscope sql --ddl and jobscope sql
// --coverage --ddl print, as printed, against jobscope plan and jobscope
// coverage over the same data.
//
// # Tables
//
// [Table] names the inventory table, its [Kind] and, for an S3 Inventory
// report, its fields. A field the table lacks is what the dry run assumes
// without it (no VersionId: unversioned; no StorageClass: STANDARD; …);
// a column the job needs and the table lacks is an error. Object tags
// are only in an S3 Metadata table. [Buckets] names the table of aws
// macie2 describe-buckets output, which bucket criteria are evaluated
// over and which tells bucket definitions the buckets' accounts.
//
// SQL.DDL defines the tables. In Athena: the S3 Inventory table as AWS
// documents it, partitioned by dt, and the bucket table over JSON lines;
// an S3 Metadata table needs none. In DuckDB, a script to run before the
// query as it is: a view of the report's data files, whose rows have the
// report's dt when Table.Partition names it (the query then reads that
// partition, as in Athena); a view of Parquet files of an export of an S3
// Metadata table; and the bucket table read from describe-buckets output.
//
// # Errors
//
// An option that does not fit the job is a *field.Error with Code
// field.InvalidOption and the option's Go name as Path ("Dialect",
// "Table.Kind", "Table.Fields", "Table.SourceBucket", "Buckets"). The
// columns the job needs and the table lacks are a field.ErrorList, each
// with Code field.MissingColumn and the JSON path of the part of the job
// that needs the column.
package athena
