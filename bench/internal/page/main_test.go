package main

import (
	"strings"
	"testing"
)

const sample = `goos: linux
BenchmarkObjectScope/jobscope-2         	32864360	        36.73 ns/op
BenchmarkObjectScope/ratio-2            	 1000000	      1151 ns/op	       224.1 cel-activation-ns/rec	         5.541 cel-activation/jobscope	        1.147 jobscope/handwritten
BenchmarkObjectScope/ratio-2            	 1000000	      1151 ns/op	       230.1 cel-activation-ns/rec	         5.600 cel-activation/jobscope	        1.300 jobscope/handwritten
BenchmarkObjectScope/ratio-2            	 1000000	      1151 ns/op	       220.1 cel-activation-ns/rec	         5.400 cel-activation/jobscope	        1.200 jobscope/handwritten
PASS
`

func TestParseAndTables(t *testing.T) {
	s, err := parse(strings.NewReader(sample))
	if err != nil {
		t.Fatal(err)
	}
	if got := s["ObjectScope/ratio"]["jobscope/handwritten"]; len(got) != 3 || got[1] != 1.3 {
		t.Fatalf("samples %v", got)
	}
	table := ratioTable(s)
	for _, want := range []string{
		"| jobscope/handwritten | ObjectScope/ratio | ≤ 1.25 | 1.20 | 1.15–1.30 | 3 | met |",
		"| cel-activation/jobscope | ObjectScope/ratio | ≥ 3.50 | 5.54 | 5.40–5.60 | 3 | met |",
		"| expr/jobscope | ObjectScope/ratio | — | not run | | 0 | |",
		"| plan/count | DuckDB/ratio | ≤ 0.80 | not run | | 0 | |",
	} {
		if !strings.Contains(table, want) {
			t.Errorf("ratio table lacks %q:\n%s", want, table)
		}
	}
	if times := timeTable(s); !strings.Contains(times, "| ObjectScope/ratio | cel-activation | 224 ns/rec | 220–230 |") {
		t.Errorf("time table:\n%s", times)
	}
}

func TestReplace(t *testing.T) {
	page := []byte("a\n<!-- begin x -->\nold\n<!-- end x -->\nb\n")
	got, err := replace(page, "x", "new")
	if err != nil || string(got) != "a\n<!-- begin x -->\nnew\n<!-- end x -->\nb\n" {
		t.Fatalf("%q, %v", got, err)
	}
	if _, err := replace(page, "y", "new"); err == nil {
		t.Error("a missing section is not an error")
	}
}
