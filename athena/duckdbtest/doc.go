// Package duckdbtest proves package athena's SQL equal to the dry run: its
// test draws random jobs (pgregory.net/rapid: every key, comparator and
// engine option) over random inventories — written as an S3 Inventory
// report in CSV.gz and one in Parquet, in S3's layout, and as an S3
// Metadata live inventory table — runs the DuckDB dialect's queries on
// DuckDB and plan.DryRun over the same inputs, and requires the same scan
// set and the same summary, run for run.
//
// TestCoverage draws random sets of one to six such jobs (some broad,
// some drawn again with another seed or run, so that they overlap) over
// other random inventories, and requires the coverage queries of
// athena.GenerateCoverage to say what plan.Set says: each object's jobs
// (Set.Scanners) and the coverage's counts (Set.Run), 6 inventories ×
// 100 sets.
//
// TestPrintedScripts runs each DuckDB script that jobscope sql --dialect
// duckdb --ddl prints (the binary built from this checkout) as printed,
// over the demo's reports and a generated inventory as a CSV.gz report, a
// Parquet report and an S3 Metadata table's Parquet export, and requires
// the objects and counts jobscope plan gives over the same data;
// TestPrintedCoverage does the same with the scripts jobscope sql
// --coverage prints and jobscope coverage.
//
// It is a module of its own because DuckDB needs cgo (and a C++ toolchain
// to link): the library and its users never see it.
//
//	cd athena/duckdbtest && go test ./...                       # 20 inventories × 100 jobs, 6 × 100 job sets
//	go test ./... -worlds 2 -coverage-worlds 1 -rapid.checks 50 # quicker
//	go test ./... -world-seed N -rapid.seed M                   # replay a failure
package duckdbtest
