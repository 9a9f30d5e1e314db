package duckdbtest

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/athena"
	"github.com/jobscope/jobscope/criteria"
	"github.com/jobscope/jobscope/inventory"
	"github.com/jobscope/jobscope/plan"
)

var coverageWorlds = flag.Int("coverage-worlds", 6, "random inventories of TestCoverage; each is checked against -rapid.checks random job sets (default 100)")

// TestCoverage checks that the DuckDB dialect's coverage queries say
// what plan.Set says, for random sets of one to six random jobs (each
// with its own engine options, run and seed) over random inventories: for
// every object, the jobs of the object list are plan.Set.Scanners, and
// the summary's rows are plan.Set.Run's Coverage — read, rejected, none,
// one, many and duplicate, each job's scanned, own and shared objects and
// bytes, and every overlapping pair, in order.
func TestCoverage(t *testing.T) {
	seed := *seedArg
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	t.Logf("world seed %d (rerun with -world-seed=%d)", seed, seed)
	var sets, jobs, objects, covered, shared, overlaps atomic.Int64
	start := time.Now()
	t.Run("worlds", func(t *testing.T) {
		for i := 0; i < *coverageWorlds; i++ {
			t.Run(fmt.Sprintf("world%d", i), func(t *testing.T) {
				t.Parallel()
				// other inventories than TestDifferential's with the same seed
				db, w, srcs := openWorld(t, rand.New(rand.NewPCG(seed, uint64(1000+i))), i)
				rapid.Check(t, func(rt *rapid.T) {
					kind := rapid.SampledFrom(kinds).Draw(rt, "table")
					cs := drawSet(rt, w, kind)
					cov := checkCoverage(rt, db, w, cs, kind, srcs[kind])
					sets.Add(1)
					jobs.Add(int64(len(cs.members)))
					objects.Add(cov.Read.Objects)
					covered.Add(cov.One.Objects + cov.Many.Objects)
					shared.Add(cov.Many.Objects)
					overlaps.Add(int64(len(cov.Overlap)))
				})
			})
		}
	})
	t.Logf("%d job sets of %d jobs in all over %d inventories: %d objects, %d of them analyzed by some job, %d by two or more, %d overlapping pairs; 0 mismatches; %s",
		sets.Load(), jobs.Load(), *coverageWorlds, objects.Load(), covered.Load(), shared.Load(), overlaps.Load(), time.Since(start).Round(time.Millisecond))
	if min := 500; *coverageWorlds >= 6 && sets.Load() < int64(min) && !testing.Short() {
		t.Errorf("only %d random job sets ran; the acceptance bar is %d", sets.Load(), min)
	}
	if !t.Failed() && shared.Load() == 0 {
		t.Error("no object is analyzed by two jobs: the overlap is not tested")
	}
}

// coverageSet is a random set of jobs, each with the options of its run.
type coverageSet struct {
	members  []*jobCase
	names    []string
	runs     []int // consecutive runs planned as one (plan.Options.Runs)
	withMeta bool  // bucket metadata, for every job alike
}

func (cs *coverageSet) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "bucket metadata %v", cs.withMeta)
	for i, jc := range cs.members {
		fmt.Fprintf(&b, "\njob %d, %q, runs %d: %s", i+1, cs.names[i], cs.runs[i], jc)
	}
	return b.String()
}

// drawSet draws one to six random jobs that plan and the SQL both take
// over the table of kind: a job the dry run refuses, or that needs a
// column the table lacks, is drawn again (TestDifferential checks that
// both refuse the same jobs).
func drawSet(rt *rapid.T, w *world, kind athena.Kind) *coverageSet {
	cs := &coverageSet{withMeta: rapid.Bool().Draw(rt, "withMeta")}
	n := rapid.IntRange(1, 6).Draw(rt, "jobs")
	for len(cs.members) < n {
		var jc *jobCase
		for try := 0; ; try++ {
			jc = drawMember(rt, w, cs.members)
			runs := 1
			if jc.job.JobType == jobscope.Scheduled {
				runs = rapid.SampledFrom([]int{1, 1, 2, 3}).Draw(rt, "runs")
			}
			cs.withMeta = cs.withMeta || jc.job.S3JobDefinition.BucketCriteria != nil
			if takes(w, jc, kind, runs) {
				cs.runs = append(cs.runs, runs)
				break
			}
			if try == 20 {
				rt.Fatalf("no job that %s takes in 20 draws", kind)
			}
		}
		// names that need quoting, and names alike but for case
		name := rapid.SampledFrom([]string{"job", "Job", "it's", "a, b", "日本", "x"}).Draw(rt, "name")
		cs.names = append(cs.names, fmt.Sprintf("%s-%d", name, len(cs.members)+1))
		cs.members = append(cs.members, jc)
	}
	return cs
}

// drawMember draws a job of a set whose earlier jobs are drawn: a random
// job; an earlier one again, with another seed or run; or a random job
// that selects every bucket of the world and samples nothing, and often
// scopes nothing, as teams' broad jobs do — so that jobs overlap.
func drawMember(rt *rapid.T, w *world, drawn []*jobCase) *jobCase {
	how := rapid.IntRange(0, 3).Draw(rt, "member")
	switch {
	case how == 1 && len(drawn) > 0:
		again := *rapid.SampledFrom(drawn).Draw(rt, "again")
		again.seed = rapid.Uint64Range(0, 3).Draw(rt, "seed")
		if again.job.JobType == jobscope.Scheduled {
			again.run = rapid.IntRange(1, 3).Draw(rt, "run")
		}
		return &again
	case how == 2:
		jc := drawJob(rt, w)
		def := jc.job.S3JobDefinition
		def.BucketCriteria, def.BucketDefinitions, jc.job.SamplingPercentage = nil, nil, nil
		if rapid.Bool().Draw(rt, "unscoped") {
			def.Scoping = nil
		}
		owners := map[string][]string{}
		for _, b := range w.buckets {
			owners[b.AccountID] = append(owners[b.AccountID], b.BucketName)
		}
		owners[accounts[0]] = append(owners[accounts[0]], w.bucketNames[len(w.bucketNames)-1]) // the bucket without metadata
		for _, a := range accounts {
			if len(owners[a]) > 0 {
				def.BucketDefinitions = append(def.BucketDefinitions, criteria.S3BucketDefinitionForJob{AccountID: a, Buckets: owners[a]})
			}
		}
		return jc
	}
	return drawJob(rt, w)
}

// takes reports whether the dry run and the SQL both plan jc over the
// table of kind.
func takes(w *world, jc *jobCase, kind athena.Kind, runs int) bool {
	popts := planOptions(w, jc, runs, true)
	if _, err := plan.New(jc.job, popts); err != nil {
		return false
	}
	_, err := athena.Generate(jc.job, athena.Options{Dialect: athena.DuckDB, Table: tableOf(w, kind), Buckets: athena.Buckets{Name: tBuckets}, Plan: popts})
	return err == nil
}

// planOptions are the dry run's options of jc, planning runs consecutive
// runs, with the world's bucket metadata or without.
func planOptions(w *world, jc *jobCase, runs int, withMeta bool) plan.Options {
	o := plan.Options{Engine: jc.engine, CreatedAt: jc.createdAt, Run: jc.run, Runs: runs, Seed: jc.seed}
	if withMeta {
		o.Buckets = w.buckets
	}
	return o
}

// tableOf is the world's table of kind.
func tableOf(w *world, kind athena.Kind) athena.Table {
	t := athena.Table{Name: map[athena.Kind]string{athena.CSV: tCSV, athena.Parquet: tParquet, athena.Metadata: tMeta}[kind], Kind: kind}
	switch kind {
	case athena.CSV:
		t.Fields = w.csvFields
	case athena.Parquet: // the columns parquet.WriteFile writes
		t.Fields = []string{"Bucket", "Key", "VersionId", "IsLatest", "IsDeleteMarker", "Size", "LastModifiedDate", "StorageClass", "EncryptionStatus"}
	}
	return t
}

// checkCoverage runs the set's coverage queries on DuckDB and plan.Set
// over src, requires the same answers, and returns plan's coverage.
func checkCoverage(rt *rapid.T, db *sql.DB, w *world, cs *coverageSet, kind athena.Kind, src *inventory.Source) *plan.Coverage {
	var members []*plan.DryRun
	var jobs []athena.CoverageJob
	for i, jc := range cs.members {
		popts := planOptions(w, jc, cs.runs[i], cs.withMeta)
		dry, err := plan.New(jc.job, popts)
		if err != nil {
			rt.Fatalf("job %d: %v\n%s", i+1, err, cs)
		}
		members = append(members, dry)
		jobs = append(jobs, athena.CoverageJob{Name: cs.names[i], Job: jc.job, Plan: popts})
	}
	opts := athena.Options{Dialect: athena.DuckDB, Table: tableOf(w, kind)}
	if cs.withMeta {
		opts.Buckets.Name = tBuckets
	}
	q, err := athena.GenerateCoverage(jobs, opts)
	if err != nil {
		rt.Fatalf("%s: %v\n%s", kind, err, cs)
	}

	// plan: every object with the members that analyze it
	set := plan.NewSet(cs.names, members)
	var want []string
	var scanners []int
	cov, err := set.Run(context.Background(), []*inventory.Source{src}, plan.RunOptions{Workers: 1},
		func(rec *inventory.Record, each []int) error {
			scanners = set.Scanners(&rec.Object, scanners[:0])
			if !slices.Equal(scanners, each) {
				return fmt.Errorf("%s/%s: Scanners says %v, Run %v", rec.Bucket, rec.Key, scanners, each)
			}
			var names []string
			for _, i := range scanners {
				names = append(names, cs.names[i])
			}
			want = append(want, coveredRow(row(rec.Bucket, rec.Key, rec.VersionID, rec.Size, rec.LastModified), names))
			return nil
		})
	if err != nil {
		rt.Fatalf("%s: plan.Set: %v\n%s", kind, err, cs)
	}

	got, err := queryCovered(db, q.Objects)
	if err != nil {
		rt.Fatalf("%s: %v\n%s", kind, err, q.Objects)
	}
	sort.Strings(want)
	sort.Strings(got)
	if !slices.Equal(got, want) {
		rt.Fatalf("%s: the coverage query lists %d objects, plan.Set %d\nonly the query: %q\nonly plan.Set: %q\njobs: %s\n%s",
			kind, len(got), len(want), minus(got, want), minus(want, got), cs, q.Objects)
	}

	gotSum, err := querySummary(db, q.Summary)
	if err != nil {
		rt.Fatalf("%s: %v\n%s", kind, err, q.Summary)
	}
	if wantSum := coverageRows(cov, cs.names); !slices.Equal(gotSum, wantSum) {
		rt.Fatalf("%s: the coverage summary says\n  %s\nplan.Set says\n  %s\njobs: %s\n%s", kind,
			strings.Join(gotSum, "\n  "), strings.Join(wantSum, "\n  "), cs, q.Summary)
	}
	return cov
}

// coveredRow is an object and the jobs that analyze it.
func coveredRow(object string, jobs []string) string {
	return object + "\x00[" + strings.Join(jobs, "\x01") + "]"
}

// queryCovered runs a coverage object list: each object with the jobs
// that analyze it.
func queryCovered(db *sql.DB, q string) ([]string, error) {
	var out []string
	err := queryEach(db, q, func(rows *sql.Rows) error {
		o, jobs, err := scanCovered(rows)
		out = append(out, coveredRow(row(o.bucket, o.key, o.version, o.size, o.lm), jobs))
		return err
	})
	return out, err
}

// scannedObject is an object as a query's row has it.
type scannedObject struct {
	bucket, key, version string
	size                 int64
	lm                   time.Time
}

// scanCovered scans a row of a coverage object list.
func scanCovered(rows *sql.Rows) (o scannedObject, jobs []string, err error) {
	var version sql.NullString
	var list any
	if err := rows.Scan(&o.bucket, &o.key, &version, &o.size, &o.lm, &list); err != nil {
		return o, nil, err
	}
	o.version = version.String
	elems, ok := list.([]any)
	if !ok {
		return o, nil, fmt.Errorf("jobs is %T, not a list", list)
	}
	for _, x := range elems {
		s, ok := x.(string)
		if !ok {
			return o, nil, fmt.Errorf("a job is %T, not a string", x)
		}
		jobs = append(jobs, s)
	}
	return o, jobs, nil
}

// querySummary runs a coverage summary: one line per row, in its order.
func querySummary(db *sql.DB, q string) ([]string, error) {
	var out []string
	err := queryEach(db, q, func(rows *sql.Rows) error {
		line, err := scanSummary(rows)
		out = append(out, line)
		return err
	})
	return out, err
}

// scanSummary scans a row of a coverage summary as a summaryLine.
func scanSummary(rows *sql.Rows) (string, error) {
	var measure string
	var job, other sql.NullString
	var objects int64
	var bytes sql.NullInt64
	err := rows.Scan(&measure, &job, &other, &objects, &bytes)
	return summaryLine(measure, job, other, objects, bytes), err
}

// queryEach runs q and calls row for each of its rows.
func queryEach(db *sql.DB, q string, row func(*sql.Rows) error) error {
	rows, err := db.Query(q)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := row(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// summaryLine is a row of a coverage summary as the comparison sees it.
func summaryLine(measure string, job, other sql.NullString, objects int64, bytes sql.NullInt64) string {
	show := func(s sql.NullString) string {
		if !s.Valid {
			return "NULL"
		}
		return fmt.Sprintf("%q", s.String)
	}
	b := "NULL"
	if bytes.Valid {
		b = fmt.Sprint(bytes.Int64)
	}
	return fmt.Sprintf("%s %s %s: %d objects, %s bytes", measure, show(job), show(other), objects, b)
}

// coverageRows are the summary's rows as plan.Set's coverage gives them.
func coverageRows(c *plan.Coverage, names []string) []string {
	none := sql.NullString{}
	name := func(i int) sql.NullString { return sql.NullString{String: names[i], Valid: true} }
	line := func(measure string, job, other sql.NullString, n plan.Counts) string {
		return summaryLine(measure, job, other, n.Objects, sql.NullInt64{Int64: n.Bytes, Valid: true})
	}
	out := []string{
		line("read", none, none, c.Read),
		summaryLine("rejected", none, none, c.Rejected, sql.NullInt64{}),
		line("none", none, none, c.None),
		line("one", none, none, c.One),
		line("many", none, none, c.Many),
		line("duplicate", none, none, c.Duplicate),
	}
	for i, m := range c.Members {
		out = append(out, line("scanned", name(i), none, m.Summary.Scanned), line("own", name(i), none, m.Own), line("shared", name(i), none, m.Shared))
	}
	for _, p := range c.Overlap {
		out = append(out, line("overlap", name(p.A), name(p.B), p.Counts))
	}
	return out
}
