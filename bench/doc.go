// Package bench measures jobscope side by side with hand-written Go and
// with two general rule engines, cel.dev/cel-go and
// github.com/expr-lang/expr, on the same records, and the dry run against
// the floor of reading its input. It is a module of its own, so that the
// peers it compares with never reach the library's users.
//
// The package holds the deterministic corpora (a million objects, ten
// thousand buckets), the rules, and the peers' setups; its tests check that
// every contender decides every record alike, and its benchmarks time them.
// BENCHMARKS.md at the repository root shows the figures and what limits
// each; run.sh in this directory reproduces that page.
package bench
