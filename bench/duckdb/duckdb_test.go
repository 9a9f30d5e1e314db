package duckdb

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"

	"github.com/jobscope/jobscope/athena"
	"github.com/jobscope/jobscope/internal/synth"
	"github.com/jobscope/jobscope/inventory"
	"github.com/jobscope/jobscope/plan"
)

// The report measured: the bench module's BenchmarkPlan report, 1,000,000
// rows of bucket "bench" in four CSV.gz data files (seed 1, the bench
// corpus's), as S3 writes them.
var report = &synth.TempReport{Bucket: "bench", Rows: 1_000_000, Files: 4, Seed: 1}

// The report of the tests: the same, smaller.
var small = &synth.TempReport{Bucket: "bench", Rows: 40_000, Files: 2, Seed: 1}

func TestMain(m *testing.M) {
	code := report.Run(m)
	small.Remove()
	os.Exit(code)
}

// setup is what a contender needs: the report's manifest and data files,
// the dry run of the bench job, a DuckDB of two threads, and the queries.
type setup struct {
	manifest string
	files    []string
	dry      *plan.DryRun
	db       *sql.DB
	// The queries: count(*) of the rows, the hand-written rule and the
	// objects of jobscope sql, each counting its rows.
	count, handwritten, generated string
}

func newSetup(tb testing.TB, r *synth.TempReport) *setup {
	manifest, files, err := r.Write()
	if err != nil {
		tb.Fatal(err)
	}
	j, dry, err := synth.PlanDryRun()
	if err != nil {
		tb.Fatal(err)
	}
	src, err := inventory.Open(context.Background(), manifest, inventory.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	var fields []string
	for _, f := range strings.Split(src.Manifest.FileSchema, ",") {
		fields = append(fields, strings.TrimSpace(f))
	}
	q, err := athena.Generate(j, athena.Options{Dialect: athena.DuckDB,
		Table: athena.Table{Kind: athena.CSV, Fields: fields, SourceBucket: src.Manifest.SourceBucket, Files: files}})
	if err != nil {
		tb.Fatal(err)
	}
	db, err := sql.Open("duckdb", "")
	if err != nil {
		tb.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	tb.Cleanup(func() { db.Close() })
	if _, err := db.Exec("SET threads = 2"); err != nil {
		tb.Fatal(err)
	}
	if _, err := db.Exec(q.DDL); err != nil {
		tb.Fatalf("%v\n%s", err, q.DDL)
	}
	read := readCSV(files, fields)
	return &setup{
		manifest: manifest, files: files, dry: dry, db: db,
		count:       "SELECT count(*) FROM " + read,
		handwritten: strings.ReplaceAll(handwrittenRule, "$READ", read),
		generated:   "SELECT count(*) FROM (\n" + strings.TrimSuffix(strings.TrimSpace(q.Objects), ";") + "\n)",
	}
}

// readCSV is DuckDB's read_csv of the data files with the report's
// columns, every one a string, as S3 writes them: no header, every field
// quoted.
func readCSV(files, fields []string) string {
	quoted := make([]string, len(files))
	for i, f := range files {
		quoted[i] = "'" + f + "'"
	}
	cols := make([]string, len(fields))
	for i, f := range fields {
		cols[i] = fmt.Sprintf("'%s': 'VARCHAR'", f)
	}
	return fmt.Sprintf("read_csv([%s], header = false, auto_detect = false, delim = ',', quote = '\"', escape = '\"', columns = {%s})",
		strings.Join(quoted, ", "), strings.Join(cols, ", "))
}

// handwrittenRule is the bench job as a person would write it for DuckDB:
// the current versions of bucket bench that are not delete markers, the
// rule (a key under logs/ or data/2024/, with the extension csv, json or
// parquet, under 10 MiB) and Macie's eligibility as it applies to these
// objects (a storage class Macie reads, not SSE-C; the size limits of
// these file types are far above 10 MiB). $READ is the read_csv of the
// data files.
const handwrittenRule = `SELECT count(*) FROM (
  SELECT url_decode(replace(Key, '+', ' ')) AS k, CAST(Size AS BIGINT) AS size, StorageClass, EncryptionStatus
  FROM $READ
  WHERE Bucket = 'bench' AND coalesce(IsLatest, 'true') <> 'false' AND coalesce(IsDeleteMarker, '') <> 'true'
)
WHERE (starts_with(k, 'logs/') OR starts_with(k, 'data/2024/'))
  AND (ends_with(k, '.csv') OR ends_with(k, '.json') OR ends_with(k, '.parquet'))
  AND size < 10485760
  AND coalesce(nullif(StorageClass, ''), 'STANDARD') IN ('STANDARD', 'REDUCED_REDUNDANCY', 'STANDARD_IA', 'ONEZONE_IA', 'INTELLIGENT_TIERING', 'GLACIER_IR')
  AND coalesce(EncryptionStatus, '') <> 'SSE-C'`

// planRun runs the dry run once, as plan --format summary does.
func (s *setup) planRun(tb testing.TB) *plan.Summary {
	src, err := inventory.Open(context.Background(), s.manifest, inventory.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	sum, err := s.dry.Run(context.Background(), []*inventory.Source{src}, plan.RunOptions{})
	if err != nil || len(sum.FileErrors) > 0 || sum.Rejected > 0 {
		tb.Fatalf("plan: %v, file errors %v, rejected %d", err, sum.FileErrors, sum.Rejected)
	}
	return sum
}

// query runs q, which counts, and returns the count.
func (s *setup) query(tb testing.TB, q string) int64 {
	var n int64
	if err := s.db.QueryRow(q).Scan(&n); err != nil {
		tb.Fatalf("%v\n%s", err, q)
	}
	return n
}

// Every contender counts what the dry run counts: count(*) the rows it
// reads, the hand-written rule and jobscope's SQL the objects it scans.
func TestContendersAgree(t *testing.T) {
	s := newSetup(t, small)
	sum := s.planRun(t)
	if sum.Read.Objects != int64(small.Rows) || sum.Scanned.Objects == 0 {
		t.Fatalf("plan read %d, scanned %d", sum.Read.Objects, sum.Scanned.Objects)
	}
	for _, c := range []struct {
		name, q string
		want    int64
	}{
		{"count", s.count, sum.Read.Objects},
		{"handwritten", s.handwritten, sum.Scanned.Objects},
		{"jobscope-sql", s.generated, sum.Scanned.Objects},
	} {
		if got := s.query(t, c.q); got != c.want {
			t.Errorf("%s: %d, the dry run %d", c.name, got, c.want)
		}
	}
}

// BenchmarkDuckDB times, one op per pass over the 1,000,000-row report,
// the dry run (DryRun.Run, one worker per core, as plan --format summary)
// and DuckDB on two threads: count(*) of the rows (read_csv with the
// report's columns), the hand-written rule, and jobscope sql's query.
// ratio runs one pass of each per op, in turns (the order rotates), checks
// every count against the dry run's, and reports the median per round of
// plan/count, plan/handwritten and plan/jobscope-sql.
func BenchmarkDuckDB(b *testing.B) {
	s := newSetup(b, report)
	sum := s.planRun(b)
	type contender struct {
		name string
		run  func() int64
		want int64
	}
	cs := []contender{
		{"plan", func() int64 { return s.planRun(b).Scanned.Objects }, sum.Scanned.Objects},
		{"count", func() int64 { return s.query(b, s.count) }, sum.Read.Objects},
		{"handwritten", func() int64 { return s.query(b, s.handwritten) }, sum.Scanned.Objects},
		{"jobscope-sql", func() int64 { return s.query(b, s.generated) }, sum.Scanned.Objects},
	}
	for _, c := range cs {
		b.Run(c.name, func(b *testing.B) {
			for range b.N {
				if got := c.run(); got != c.want {
					b.Fatalf("%s counted %d, want %d", c.name, got, c.want)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(report.Rows), "ns/row")
		})
	}
	b.Run("ratio", func(b *testing.B) {
		times := make([][]float64, len(cs))
		for k := range b.N {
			for i := range cs {
				j := (k + i) % len(cs)
				t0 := time.Now()
				if got := cs[j].run(); got != cs[j].want {
					b.Fatalf("%s counted %d, want %d", cs[j].name, got, cs[j].want)
				}
				times[j] = append(times[j], float64(time.Since(t0).Nanoseconds()))
			}
		}
		for j, c := range cs {
			b.ReportMetric(median(times[j])/float64(report.Rows), c.name+"-ns/row")
			if j > 0 {
				per := make([]float64, b.N)
				for k := range per {
					per[k] = times[0][k] / times[j][k]
				}
				b.ReportMetric(median(per), "plan/"+c.name)
			}
		}
	})
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}
