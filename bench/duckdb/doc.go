// Package duckdb measures jobscope's dry run against DuckDB (through
// github.com/duckdb/duckdb-go, cgo) over the same S3 Inventory report:
// DuckDB counting the rows of its CSV.gz files, DuckDB running a
// hand-written query of the bench rule, and DuckDB running the query
// `jobscope sql --dialect duckdb` writes for the bench job. It is a module
// of its own, so that cgo and DuckDB stay out of the library's and the
// bench module's builds; its tests check that every contender counts what
// the dry run counts.
package duckdb
