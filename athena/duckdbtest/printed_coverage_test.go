package duckdbtest

import (
	"bufio"
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
)

// TestPrintedCoverage runs each DuckDB script that `jobscope sql
// --coverage --dialect duckdb --ddl` prints, as printed, over the tables
// of TestPrintedScripts, with the jobs of printedJobs together (a folder
// of job files; the scheduled one created at the input's createdAt, its
// next run after --at being its second), and requires what `jobscope
// coverage` says over the same data: each object with the jobs that
// analyze it (--format jsonl), and the --summary script's rows to be the
// counts of --format json.
func TestPrintedCoverage(t *testing.T) {
	bin, inputs := printedInputs(t)
	for _, in := range inputs {
		t.Run(in.name, func(t *testing.T) {
			dir := t.TempDir()
			flags := []string{"--at", in.createdAt.Add(time.Hour).Format(time.RFC3339), "--seed", "7", "--option", "extensionRule=LAST_DOT"}
			for _, pj := range printedJobs(in) {
				if pj.needTags && !in.tags {
					continue
				}
				if slices.Contains(pj.flags, "--created-at") {
					created := in.createdAt
					pj.job.CreatedAt = &created
				}
				b, err := json.Marshal(pj.job)
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, pj.name+".json"), b, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			covArgs := append([]string{"coverage", dir, "--objects", in.objects, "--buckets", in.buckets}, flags...)
			sqlArgs := append(append([]string{"sql", "--coverage", dir, "--dialect", "duckdb", "--ddl",
				"--buckets-table", "macie_buckets", "--buckets-location", in.buckets}, in.sqlArgs...), flags...)

			var want []string
			sc := bufio.NewScanner(bytes.NewReader(runBin(t, bin, append(covArgs, "--format", "jsonl")...)))
			sc.Buffer(nil, 1<<20)
			for sc.Scan() {
				var l struct {
					Bucket, Key, VersionID string
					Size                   int64
					Jobs                   []string
				}
				if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
					t.Fatalf("jobscope coverage: %v: %s", err, sc.Text())
				}
				want = append(want, coveredLine(l.Bucket, l.Key, l.VersionID, l.Size, l.Jobs))
			}

			script := string(runBin(t, bin, sqlArgs...))
			var got []string
			err := runScript(script, func(rows *sql.Rows) error {
				o, jobs, err := scanCovered(rows)
				got = append(got, coveredLine(o.bucket, o.key, o.version, o.size, jobs))
				return err
			})
			if err != nil {
				t.Fatalf("the printed script fails in DuckDB: %v\njobscope %s\n%s", err, strings.Join(sqlArgs, " "), script)
			}
			sort.Strings(want)
			sort.Strings(got)
			if !slices.Equal(got, want) {
				t.Fatalf("the printed script lists %d objects, jobscope coverage %d\nonly the script: %q\nonly coverage: %q\njobscope %s",
					len(got), len(want), minus(got, want), minus(want, got), strings.Join(sqlArgs, " "))
			}

			var r struct {
				Read, AnalyzedByNone, AnalyzedByOne, AnalyzedByMany, DuplicateAnalyses struct{ Objects, Bytes int64 }
				RejectedRows                                                           int64
				Jobs                                                                   []struct {
					Name                 string
					Scanned, Own, Shared struct{ Objects, Bytes int64 }
				}
				Overlap []struct {
					A, B           string
					Objects, Bytes int64
				}
			}
			if err := json.Unmarshal(runBin(t, bin, append(covArgs, "--format", "json")...), &r); err != nil {
				t.Fatalf("jobscope coverage --format json: %v", err)
			}
			name := func(s string) sql.NullString { return sql.NullString{String: s, Valid: s != ""} }
			line := func(measure, job, other string, objects, bytes int64) string {
				return summaryLine(measure, name(job), name(other), objects, sql.NullInt64{Int64: bytes, Valid: measure != "rejected"})
			}
			wantSum := []string{
				line("read", "", "", r.Read.Objects, r.Read.Bytes),
				line("rejected", "", "", r.RejectedRows, 0),
				line("none", "", "", r.AnalyzedByNone.Objects, r.AnalyzedByNone.Bytes),
				line("one", "", "", r.AnalyzedByOne.Objects, r.AnalyzedByOne.Bytes),
				line("many", "", "", r.AnalyzedByMany.Objects, r.AnalyzedByMany.Bytes),
				line("duplicate", "", "", r.DuplicateAnalyses.Objects, r.DuplicateAnalyses.Bytes),
			}
			for _, j := range r.Jobs {
				wantSum = append(wantSum, line("scanned", j.Name, "", j.Scanned.Objects, j.Scanned.Bytes),
					line("own", j.Name, "", j.Own.Objects, j.Own.Bytes), line("shared", j.Name, "", j.Shared.Objects, j.Shared.Bytes))
			}
			for _, o := range r.Overlap {
				wantSum = append(wantSum, line("overlap", o.A, o.B, o.Objects, o.Bytes))
			}
			sumArgs := append(slices.Clone(sqlArgs), "--summary")
			script = string(runBin(t, bin, sumArgs...))
			var gotSum []string
			err = runScript(script, func(rows *sql.Rows) error {
				line, err := scanSummary(rows)
				gotSum = append(gotSum, line)
				return err
			})
			if err != nil {
				t.Fatalf("the printed summary script fails in DuckDB: %v\njobscope %s\n%s", err, strings.Join(sumArgs, " "), script)
			}
			if !slices.Equal(gotSum, wantSum) {
				t.Fatalf("the printed summary script says\n  %s\njobscope coverage says\n  %s\njobscope %s",
					strings.Join(gotSum, "\n  "), strings.Join(wantSum, "\n  "), strings.Join(sumArgs, " "))
			}
			if r.AnalyzedByOne.Objects+r.AnalyzedByMany.Objects == 0 {
				t.Errorf("no job analyzes an object: the comparison proves nothing")
			}
			t.Logf("%d objects read: %d analyzed by no job, %d by one, %d by several; %d overlapping pairs",
				r.Read.Objects, r.AnalyzedByNone.Objects, r.AnalyzedByOne.Objects, r.AnalyzedByMany.Objects, len(r.Overlap))
		})
	}
}

// coveredLine is an object, without its last modified time (jobscope
// coverage --format jsonl has none), and the jobs that analyze it.
func coveredLine(bucket, key, version string, size int64, jobs []string) string {
	return fmt.Sprintf("%s\x00%s\x00%s\x00%d\x00[%s]", bucket, key, version, size, strings.Join(jobs, "\x01"))
}
