#!/usr/bin/env bash
# Reproduces BENCHMARKS.md at the repository root: runs the bench module's
# tests, every benchmark COUNT times (default 6), benchstat over the
# results and the CPU profiles the page shows, then rewrites the page's
# figure sections (machine, ratios, times, profiles, benchstat); the text
# around them stays as it is. Takes about twenty minutes on two idle
# cores, longer on a loaded machine.
#
#	bench/run.sh            # rewrite BENCHMARKS.md
#	KEEP=dir bench/run.sh   # also keep the raw results and profiles in dir
set -euo pipefail
cd "$(dirname "$0")"

count=${COUNT:-6}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

stat() {
	if type -P benchstat >/dev/null; then
		benchstat "$@"
	else
		go run golang.org/x/perf/cmd/benchstat@latest "$@"
	fi
}

echo "== tests"
go test ./...
(cd duckdb && CGO_ENABLED=1 go test ./...)

echo "== benchmarks (-count $count)"
# Every benchmark but those of whole dry runs runs for half a second per
# count. One pass of a dry run takes about a second: BenchmarkPlan,
# BenchmarkCLI (the jobscope command, run in turns with each output),
# BenchmarkScaling (GOMAXPROCS 1 against 2) and BenchmarkParquet run four
# per sub-benchmark and count, so that their ratios are the medians of
# 4×count rounds. The DuckDB module (cgo) measures the dry run against
# DuckDB the same way.
whole='^Benchmark(Plan|CLI|Scaling|Parquet)$'
go test -run '^$' -bench . -skip "$whole" -benchtime 0.5s -benchmem -count "$count" -timeout 60m . | tee "$out/bench.txt"
go test -run '^$' -bench "$whole" -benchtime 4x -benchmem -count "$count" -timeout 60m . | tee -a "$out/bench.txt"
(cd duckdb && CGO_ENABLED=1 go test -run '^$' -bench . -benchtime 4x -count "$count" -timeout 60m .) | tee -a "$out/bench.txt"

echo "== benchstat"
(cd "$out" && stat bench.txt) | tee "$out/benchstat.txt"

# profile NAME BENCH FOCUS: a CPU profile of the benchmarks BENCH,
# summarized as pprof's top functions of the samples under FOCUS.
profile() {
	echo "== profile $1"
	go test -run '^$' -bench "$2" -benchtime 2s -cpuprofile "$out/$1.prof" -o "$out/bench.test" . >/dev/null
	go tool pprof -top -nodecount 14 -relative_percentages -focus "$3" "$out/bench.test" "$out/$1.prof" >"$out/$1.top" 2>/dev/null
}
profile objectscope-jobscope '^BenchmarkObjectScope$/^jobscope$' 'bench\.jobscopePass'
profile objectscope-expr '^BenchmarkObjectScope$/^expr$' 'bench\.exprPass'
profile prefix-10000 '^BenchmarkPrefixScaling$/^values=10000$' 'bench\.jobscopePass'
profile plan-jobscope '^BenchmarkPlan$/^jobscope$' 'plan\.\(\*DryRun\)\.Run'
profile plan-floor '^BenchmarkPlan$/^floor$' 'bench\.floorPass'

echo "== BENCHMARKS.md"
go run ./internal/page -raw "$out/bench.txt" -benchstat "$out/benchstat.txt" -profiles "$out" -page ../BENCHMARKS.md
if [ -n "${KEEP:-}" ]; then
	mkdir -p "$KEEP"
	cp "$out"/*.txt "$out"/*.top "$out"/*.prof "$KEEP"/
fi
