// Package fuzz holds jobscope's fuzz targets: one per input and invariant.
// Each target states the invariant it checks in its documentation; its
// seeds are the checked-in corpus under testdata/fuzz/<Target>, built from
// the examples, the conformance cases, the demo's inventory, tags and
// buckets, and the hostile inputs of issue 7 (go test ./fuzz/ -run
// '^TestSeedCorpus$' -write-corpus rebuilds the seed-* files; inputs that
// once failed are kept beside them). A plain go test runs every corpus
// entry once, as a regression test.
//
// The targets here:
//
//   - FuzzLoadJob: job decode and validate; a valid job compiles (scoping,
//     bucket criteria or definitions, the dry run) and re-encodes to the
//     same job.
//   - FuzzScopeAgreement: the compiled object matcher, the matcher rebuilt
//     from its plan, Explain and Decide agree with the reference
//     interpreter (internal/reference) on fuzzer-chosen scoping
//     definitions, options and objects, decoded from the bytes.
//   - FuzzSchedule: run calendars from fuzzer-chosen creation times,
//     frequencies, initialRun and options: runs strictly increase, each on
//     a matching day, none missed, with consistent windows.
//   - FuzzObjectSource: list-objects and list-object-versions outputs,
//     JSONL, CSV and CSV.gz data files and manifests, opened and read as
//     the command line does.
//   - FuzzBuckets: describe-buckets output, and bucket criteria over it
//     against the reference interpreter.
//   - FuzzTags: tag sidecars.
//
// Beside the code they test: FuzzCSVRows and FuzzManifest (package
// inventory), FuzzParquetFile (package inventory/parquet: a corrupt file is
// an error, never a panic), FuzzListNextToken (package jobscope: no
// tampered page token is accepted).
//
// Run one target for a while with
//
//	go test ./fuzz/ -run '^$' -fuzz '^FuzzLoadJob$' -fuzztime 60s
package fuzz
