package duckdbtest

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"
	"pgregory.net/rapid"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/athena"
	"github.com/jobscope/jobscope/criteria"
	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/inventory"
	_ "github.com/jobscope/jobscope/inventory/parquet"
	"github.com/jobscope/jobscope/plan"
	"github.com/jobscope/jobscope/schedule"
	"github.com/jobscope/jobscope/scope"
)

var (
	worlds  = flag.Int("worlds", 20, "random inventories; each is checked against -rapid.checks random jobs (default 100)")
	seedArg = flag.Uint64("world-seed", 0, "seed of the inventories (0: random; the seed is logged)")
)

// Table names of a world in DuckDB.
const (
	tCSV     = "inv_csv"
	tParquet = "inv_parquet"
	tMeta    = "inv_meta"
	tBuckets = "macie_buckets"
)

// kinds are the tables every job runs against.
var kinds = []athena.Kind{athena.CSV, athena.Parquet, athena.Metadata}

type stats struct {
	jobs, runs, errorsAgree, scanned, read atomic.Int64
	mu                                     sync.Mutex
	reasons                                map[plan.Reason]int64
}

// TestDifferential checks that the DuckDB dialect's object list is the
// dry run's scan set, and its summary the dry run's summary, for random
// jobs over random inventories, read as CSV.gz and Parquet S3 Inventory
// reports and as an S3 Metadata live inventory table.
func TestDifferential(t *testing.T) {
	seed := *seedArg
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	t.Logf("world seed %d (rerun with -world-seed=%d)", seed, seed)
	var st stats
	start := time.Now()
	t.Run("worlds", func(t *testing.T) {
		for i := 0; i < *worlds; i++ {
			t.Run(fmt.Sprintf("world%d", i), func(t *testing.T) {
				t.Parallel() // a DuckDB database per world, the worlds on every core
				db, w, srcs := openWorld(t, rand.New(rand.NewPCG(seed, uint64(i))), i)
				rapid.Check(t, func(rt *rapid.T) {
					jc := drawJob(rt, w)
					st.jobs.Add(1)
					for _, k := range kinds {
						check(rt, db, w, jc, k, srcs[k], &st)
					}
				})
			})
		}
	})
	t.Logf("%d jobs × %d tables = %d runs over %d inventories; both sides refused %d runs alike; %d objects scanned in all; 0 mismatches; %s",
		st.jobs.Load(), len(kinds), st.runs.Load(), *worlds, st.errorsAgree.Load(), st.scanned.Load(), time.Since(start).Round(time.Millisecond))
	t.Logf("rows decided %d: scanned %d; skipped by reason %v", st.read.Load(), st.scanned.Load(), st.reasons)
	if min := 2000; *worlds >= 20 && st.jobs.Load() < int64(min) && !testing.Short() {
		t.Errorf("only %d random jobs ran; the acceptance bar is %d", st.jobs.Load(), min)
	}
}

// openWorld makes the random world index of r, loads it into a DuckDB
// database of its own (one connection, where its tables live, and one
// thread: the worlds run in parallel), which the test closes, and returns
// them with the world's inventories as plan reads them, by kind.
func openWorld(t *testing.T, r *rand.Rand, index int) (*sql.DB, *world, map[athena.Kind]*inventory.Source) {
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.SetMaxOpenConns(1)
	if _, err := db.Exec("SET threads = 1"); err != nil {
		t.Fatal(err)
	}
	w, err := newWorld(t.TempDir(), r, index)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.load(db); err != nil {
		t.Fatalf("loading into DuckDB: %v", err)
	}
	csvSrc, pqSrc, metaSrc, err := w.sources()
	if err != nil {
		t.Fatal(err)
	}
	return db, w, map[athena.Kind]*inventory.Source{athena.CSV: csvSrc, athena.Parquet: pqSrc, athena.Metadata: metaSrc}
}

// load creates the world's tables with the DDL the emitter writes: views
// of the reports' data files and of the S3 Metadata table's export, kept
// as tables.
func (w *world) load(db *sql.DB) error {
	j := minimalJob()
	csvSrc, pqSrc, _, err := w.sources()
	if err != nil {
		return err
	}
	export, err := w.exportMeta(db)
	if err != nil {
		return err
	}
	for _, x := range []struct {
		kind   athena.Kind
		table  string
		fields []string
		files  []string
	}{{athena.CSV, tCSV, w.csvFields, files(csvSrc)}, {athena.Parquet, tParquet, nil, files(pqSrc)}, {athena.Metadata, tMeta, nil, []string{export}}} {
		q, err := athena.Generate(j, athena.Options{Dialect: athena.DuckDB,
			Table:   athena.Table{Name: x.table + "_src", Kind: x.kind, Fields: x.fields, Files: x.files},
			Buckets: athena.Buckets{Name: tBuckets, Location: w.bucketsFile}})
		if err != nil {
			return err
		}
		if _, err := db.Exec(q.DDL); err != nil {
			return fmt.Errorf("%s DDL: %w\n%s", x.kind, err, q.DDL)
		}
		if _, err := db.Exec(`CREATE OR REPLACE TABLE ` + x.table + ` AS SELECT * FROM ` + x.table + `_src`); err != nil {
			return err
		}
	}
	return nil
}

func minimalJob() *jobscope.Job {
	return &jobscope.Job{Name: "load", JobType: jobscope.OneTime, S3JobDefinition: &jobscope.S3JobDefinition{
		BucketDefinitions: []criteria.S3BucketDefinitionForJob{{AccountID: "111111111111", Buckets: []string{"b"}}}}}
}

// jobCase is a random job with the options of its run.
type jobCase struct {
	job        *jobscope.Job
	engine     jobscope.Options
	setOptions []string
	createdAt  time.Time
	run        int
	seed       uint64
	withMeta   bool // bucket metadata given (always for bucket criteria)
}

func (jc *jobCase) String() string {
	b, _ := json.MarshalIndent(jc.job, "", " ")
	return fmt.Sprintf("options %v, createdAt %s, run %d, seed %d, bucket metadata %v\n%s", jc.setOptions,
		jc.createdAt.Format(time.RFC3339Nano), jc.run, jc.seed, jc.withMeta, b)
}

func check(rt *rapid.T, db *sql.DB, w *world, jc *jobCase, kind athena.Kind, src *inventory.Source, st *stats) {
	popts := plan.Options{Engine: jc.engine, CreatedAt: jc.createdAt, Run: jc.run, Seed: jc.seed}
	st.runs.Add(1)
	// the engine
	eopts := popts
	if jc.withMeta {
		eopts.Buckets = w.buckets
	}
	var want []string
	var sum *plan.Summary
	dry, err := plan.New(jc.job, eopts)
	if err == nil {
		sum, err = dry.Run(context.Background(), []*inventory.Source{src}, plan.RunOptions{Workers: 1,
			Decisions: func(r *inventory.Record, d plan.Decision) error {
				if d.Scan {
					want = append(want, row(r.Bucket, r.Key, r.VersionID, r.Size, r.LastModified))
				}
				return nil
			}})
	}
	engineErr := err
	// the SQL
	table := map[athena.Kind]string{athena.CSV: tCSV, athena.Parquet: tParquet, athena.Metadata: tMeta}[kind]
	opts := athena.Options{Dialect: athena.DuckDB, Table: athena.Table{Name: table, Kind: kind}, Plan: popts}
	switch kind {
	case athena.CSV:
		opts.Table.Fields = w.csvFields
	case athena.Parquet: // the columns parquet.WriteFile writes
		opts.Table.Fields = []string{"Bucket", "Key", "VersionId", "IsLatest", "IsDeleteMarker", "Size", "LastModifiedDate", "StorageClass", "EncryptionStatus"}
	}
	if jc.withMeta {
		opts.Buckets.Name = tBuckets
	}
	q, sqlErr := athena.Generate(jc.job, opts)
	if engineErr != nil || sqlErr != nil {
		if engineErr == nil || sqlErr == nil || !sameRefusal(engineErr, sqlErr) {
			rt.Fatalf("%s: the engine says %v, the SQL emitter %v\njob: %s", kind, engineErr, sqlErr, jc)
		}
		st.errorsAgree.Add(1)
		return
	}
	if sum.Rejected != 0 {
		rt.Fatalf("%s: the engine rejected %d rows of a generated inventory: %v", kind, sum.Rejected, sum.RowErrors)
	}
	got, err := queryRows(db, q.Objects)
	if err != nil {
		rt.Fatalf("%s: %v\n%s", kind, err, q.Objects)
	}
	sort.Strings(want)
	sort.Strings(got)
	if !slices.Equal(got, want) {
		rt.Fatalf("%s: the query scans %d objects, the dry run %d\nonly the query: %q\nonly the dry run: %q\njob: %s\n%s",
			kind, len(got), len(want), minus(got, want), minus(want, got), jc, q.Objects)
	}
	st.scanned.Add(int64(len(got)))
	st.read.Add(sum.Read.Objects)
	st.mu.Lock()
	if st.reasons == nil {
		st.reasons = map[plan.Reason]int64{}
	}
	for _, r := range sum.Reasons {
		st.reasons[r.Reason] += r.Objects
	}
	st.mu.Unlock()
	if err := compareSummary(db, q.Summary, sum); err != nil {
		rt.Fatalf("%s: summary: %v\njob: %s\n%s", kind, err, jc, q.Summary)
	}
}

// sameRefusal reports whether both sides refuse the job for the same
// kind of reason: the same validation errors, a missing column, or
// options that do not fit.
func sameRefusal(engine, emitter error) bool {
	var ee, ae *field.Error
	engineHas := errors.As(engine, &ee)
	emitterHas := errors.As(emitter, &ae)
	for _, code := range []field.Code{field.MissingColumn, field.InvalidOption} {
		if engineHas && ee.Code == code || emitterHas && ae.Code == code {
			return engineHas && emitterHas && ee.Code == code && ae.Code == code &&
				(code != field.MissingColumn || ee.Path == ae.Path)
		}
	}
	return engine.Error() == emitter.Error()
}

func row(bucket, key, version string, size int64, lm time.Time) string {
	return fmt.Sprintf("%s\x00%s\x00%s\x00%d\x00%d", bucket, key, version, size, lm.UnixMilli())
}

func queryRows(db *sql.DB, q string) ([]string, error) {
	rows, err := db.Query(q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var b, k string
		var v sql.NullString
		var size int64
		var lm time.Time
		if err := rows.Scan(&b, &k, &v, &size, &lm); err != nil {
			return nil, err
		}
		out = append(out, row(b, k, v.String, size, lm))
	}
	return out, rows.Err()
}

func minus(a, b []string) []string {
	in := map[string]int{}
	for _, x := range b {
		in[x]++
	}
	var out []string
	for _, x := range a {
		if in[x] > 0 {
			in[x]--
			continue
		}
		out = append(out, strings.ReplaceAll(x, "\x00", " | "))
		if len(out) == 10 {
			break
		}
	}
	return out
}

// compareSummary checks the summary query's rows against the dry run's.
func compareSummary(db *sql.DB, q string, s *plan.Summary) error {
	rows, err := db.Query(q)
	if err != nil {
		return err
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	buckets := map[string]plan.BucketSummary{}
	for _, b := range s.Buckets {
		buckets[b.Bucket] = b
	}
	reasons := map[string]int64{}
	for _, r := range s.Reasons {
		reasons[strings.ToLower(string(r.Reason))] = r.Objects
	}
	n := 0
	for rows.Next() {
		vals := make([]sql.NullInt64, len(cols)-1)
		var bucket sql.NullString
		ptrs := []any{&bucket}
		for i := range vals {
			ptrs = append(ptrs, &vals[i])
		}
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		v := map[string]int64{}
		for i, c := range cols[1:] {
			v[c] = vals[i].Int64
		}
		var want map[string]int64
		if !bucket.Valid { // the total
			want = map[string]int64{"read_objects": s.Read.Objects, "read_bytes": s.Read.Bytes, "scanned_objects": s.Scanned.Objects,
				"scanned_bytes": s.Scanned.Bytes, "skipped_objects": s.Skipped.Objects, "skipped_bytes": s.Skipped.Bytes, "rejected_rows": s.Rejected}
			for _, r := range plan.Reason("").Values() {
				want[strings.ToLower(string(r))] = reasons[strings.ToLower(string(r))]
			}
		} else {
			b, ok := buckets[bucket.String]
			if !ok {
				return fmt.Errorf("bucket %q is not in the dry run's summary", bucket.String)
			}
			n++
			want = map[string]int64{"read_objects": b.Read.Objects, "read_bytes": b.Read.Bytes, "scanned_objects": b.Scanned.Objects,
				"scanned_bytes": b.Scanned.Bytes, "skipped_objects": b.Skipped.Objects, "skipped_bytes": b.Skipped.Bytes}
			for _, r := range b.Reasons {
				want[strings.ToLower(string(r.Reason))] = r.Objects
			}
		}
		for c, x := range want {
			if v[c] != x {
				return fmt.Errorf("bucket %v: %s is %d, the dry run says %d", bucket.String, c, v[c], x)
			}
		}
		for c, x := range v {
			if _, ok := want[c]; !ok && x != 0 {
				return fmt.Errorf("bucket %v: %s is %d, the dry run says 0", bucket.String, c, x)
			}
		}
	}
	if n != len(s.Buckets) {
		return fmt.Errorf("%d buckets, the dry run has %d", n, len(s.Buckets))
	}
	return rows.Err()
}

// drawJob draws a random job whose values come from the world's
// vocabulary, with random engine options.
func drawJob(rt *rapid.T, w *world) *jobCase {
	jc := &jobCase{}
	set := func(name string, values ...string) {
		v := rapid.SampledFrom(values).Draw(rt, name)
		if err := jc.engine.Set(name, v); err != nil {
			rt.Fatal(err)
		}
		jc.setOptions = append(jc.setOptions, name+"="+v)
	}
	set("excludeJoin", "AND", "OR")
	set("extensionRule", "LAST_DOT", "FIRST_DOT")
	set("extensionLeadingDot", "LITERAL", "STRIP")
	set("noExtensionNE", "MATCH", "NO_MATCH")
	set("lastModifiedPrecision", "SECOND", "EXACT")
	set("quotaMegabyte", "1048576", "1000000")
	set("extraTextExtensions", "", "md", "log,md", "pdf")
	set("kmsKeysAccessible", "true", "false")
	set("bucketTagEmptyValue", "KEY_ONLY", "PAIR")
	set("incrementalBoundary", "EXCLUSIVE", "INCLUSIVE")
	set("monthlyOverflow", "SKIP", "CLAMP")
	set("initialRunStartsImmediately", "true", "false")
	set("samplingPercentageMin", "1", "0")

	j := &jobscope.Job{Name: "differential", S3JobDefinition: &jobscope.S3JobDefinition{}}
	jc.job = j
	if rapid.Bool().Draw(rt, "scheduled") {
		j.JobType = jobscope.Scheduled
		ir := rapid.Bool().Draw(rt, "initialRun")
		j.InitialRun = &ir
		switch rapid.IntRange(0, 2).Draw(rt, "frequency") {
		case 0:
			j.ScheduleFrequency = &schedule.JobScheduleFrequency{DailySchedule: &schedule.DailySchedule{}}
		case 1:
			d := rapid.SampledFrom(schedule.DayOfWeek("").Values()).Draw(rt, "dayOfWeek")
			j.ScheduleFrequency = &schedule.JobScheduleFrequency{WeeklySchedule: &schedule.WeeklySchedule{DayOfWeek: d}}
		default:
			d := int32(rapid.IntRange(1, 31).Draw(rt, "dayOfMonth"))
			j.ScheduleFrequency = &schedule.JobScheduleFrequency{MonthlySchedule: &schedule.MonthlySchedule{DayOfMonth: d}}
		}
		// created a few days before an object's time, so that windows hold objects
		jc.createdAt = drawTime(rt, w, "createdAt").Add(-time.Duration(rapid.IntRange(0, 40).Draw(rt, "createdBefore")) * 6 * time.Hour)
		jc.run = rapid.SampledFrom([]int{1, 1, 1, 2, 3, 5, 8}).Draw(rt, "run")
	} else {
		j.JobType = jobscope.OneTime
	}
	if rapid.IntRange(0, 2).Draw(rt, "sampled") == 0 {
		lo := 1
		if jc.engine.AllowZeroSampling {
			lo = 0
		}
		p := int32(rapid.OneOf(rapid.IntRange(lo, 100), rapid.SampledFrom([]int{lo, 50, 51, 99, 100})).Draw(rt, "samplingPercentage"))
		j.SamplingPercentage = &p
		jc.seed = rapid.OneOf(rapid.Uint64(), rapid.Uint64Range(0, 3)).Draw(rt, "seed")
	}
	// buckets
	if rapid.Bool().Draw(rt, "bucketCriteria") {
		jc.withMeta = true
		j.S3JobDefinition.BucketCriteria = &criteria.S3BucketCriteriaForJob{
			Includes: drawCriteriaBlock(rt, w, "includes"),
			Excludes: drawCriteriaBlock(rt, w, "excludes"),
		}
	} else {
		jc.withMeta = rapid.Bool().Draw(rt, "withMeta")
		n := rapid.IntRange(1, 3).Draw(rt, "definitions")
		for i := 0; i < n; i++ {
			pool := append(slices.Clone(w.bucketNames), "not-in-inventory")
			names := rapid.SliceOfNDistinct(rapid.SampledFrom(pool), 1, 5, rapid.ID[string]).Draw(rt, "buckets")
			account := rapid.SampledFrom(w.accounts).Draw(rt, "accountId")
			for _, b := range w.buckets { // mostly the account that owns the first bucket
				if b.BucketName == names[0] && rapid.IntRange(0, 3).Draw(rt, "ownerAccount") > 0 {
					account = b.AccountID
				}
			}
			j.S3JobDefinition.BucketDefinitions = append(j.S3JobDefinition.BucketDefinitions,
				criteria.S3BucketDefinitionForJob{AccountID: account, Buckets: names})
		}
	}
	// scoping
	if rapid.IntRange(0, 4).Draw(rt, "scoping") > 0 {
		j.S3JobDefinition.Scoping = &scope.Scoping{
			Includes: drawScopeBlock(rt, w, "includes"),
			Excludes: drawScopeBlock(rt, w, "excludes"),
		}
	}
	return jc
}

func drawTime(rt *rapid.T, w *world, label string) time.Time {
	t := rapid.SampledFrom(w.times).Draw(rt, label)
	switch rapid.IntRange(0, 4).Draw(rt, label+"Shift") {
	case 1:
		t = t.Add(time.Duration(rapid.IntRange(-1500, 1500).Draw(rt, label+"Ms")) * time.Millisecond)
	case 2:
		t = t.Add(time.Duration(rapid.IntRange(-3, 3).Draw(rt, label+"Ns")))
	case 3:
		t = t.Add(time.Duration(rapid.IntRange(-10, 10).Draw(rt, label+"Days")) * 24 * time.Hour)
	}
	return t
}

var comparators = []criteria.JobComparator{criteria.EQ, criteria.NE, criteria.GT, criteria.GTE, criteria.LT, criteria.LTE}

// drawBlock draws a block of none (nil), 1, 2 or 3 conditions drawn by
// term, made by block.
func drawBlock[B, T any](rt *rapid.T, label string, term func() T, block func(and []T) *B) *B {
	n := rapid.SampledFrom([]int{0, 0, 1, 1, 2, 3}).Draw(rt, label)
	if n == 0 {
		return nil
	}
	and := make([]T, n)
	for i := range and {
		and[i] = term()
	}
	return block(and)
}

func drawScopeBlock(rt *rapid.T, w *world, label string) *scope.JobScopingBlock {
	return drawBlock(rt, label, func() (t scope.JobScopeTerm) {
		switch rapid.IntRange(0, 4).Draw(rt, label+"Kind") {
		case 0:
			vals := rapid.SliceOfN(rapid.OneOf(rapid.SampledFrom(w.prefixes[1:]), rapid.SampledFrom([]string{"l", "logs/2", "d", "日", "a b/r", "x+y/", "Data/re"})), 1, 3).Draw(rt, "prefixes")
			t.SimpleScopeTerm = &scope.SimpleScopeTerm{Comparator: criteria.StartsWith, Key: scope.ObjectKey, Values: vals}
		case 1:
			pool := []string{}
			for _, x := range w.exts {
				if x != "" {
					pool = append(pool, x, "."+x)
				}
			}
			pool = append(pool, "tar.gz", "bashrc", ".b", "b")
			vals := rapid.SliceOfN(rapid.SampledFrom(pool), 1, 3).Draw(rt, "extensions")
			t.SimpleScopeTerm = &scope.SimpleScopeTerm{Comparator: rapid.SampledFrom(comparators[:2]).Draw(rt, "cmp"), Key: scope.ObjectExtension, Values: vals}
		case 2:
			size := rapid.OneOf(rapid.SampledFrom(w.sizes), rapid.Int64Range(0, 10000000)).Draw(rt, "size")
			t.SimpleScopeTerm = &scope.SimpleScopeTerm{Comparator: rapid.SampledFrom(comparators).Draw(rt, "cmp"), Key: scope.ObjectSize,
				Values: []string{fmt.Sprint(size)}}
		case 3:
			d := drawTime(rt, w, "date")
			layout := rapid.SampledFrom([]string{time.RFC3339, time.RFC3339Nano, "2006-01-02T15:04:05.000Z07:00"}).Draw(rt, "layout")
			if rapid.Bool().Draw(rt, "offset") {
				d = d.In(time.FixedZone("x", 5*3600+1800))
			}
			t.SimpleScopeTerm = &scope.SimpleScopeTerm{Comparator: rapid.SampledFrom(comparators).Draw(rt, "cmp"), Key: scope.ObjectLastModifiedDate,
				Values: []string{d.Format(layout)}}
		default:
			m := rapid.IntRange(1, 3).Draw(rt, "tags")
			tt := &scope.TagScopeTerm{Comparator: rapid.SampledFrom(comparators[:2]).Draw(rt, "cmp"), Key: scope.TagScopeTermKey, Target: scope.S3Object}
			for k := 0; k < m; k++ {
				tt.TagValues = append(tt.TagValues, scope.TagValuePair{Key: rapid.SampledFrom(w.tagKeys).Draw(rt, "tagKey"), Value: rapid.SampledFrom(w.tagValues).Draw(rt, "tagValue")})
			}
			t.TagScopeTerm = tt
		}
		return t
	}, func(and []scope.JobScopeTerm) *scope.JobScopingBlock { return &scope.JobScopingBlock{And: and} })
}

func drawCriteriaBlock(rt *rapid.T, w *world, label string) *criteria.CriteriaBlockForJob {
	return drawBlock(rt, label, func() (t criteria.CriteriaForJob) {
		cmp := rapid.SampledFrom(comparators[:2]).Draw(rt, "cmp")
		switch rapid.IntRange(0, 4).Draw(rt, label+"Kind") {
		case 0:
			t.SimpleCriterion = &criteria.SimpleCriterionForJob{Comparator: cmp, Key: criteria.AccountID,
				Values: rapid.SliceOfN(rapid.SampledFrom(w.accounts), 1, 2).Draw(rt, "accounts")}
		case 1:
			t.SimpleCriterion = &criteria.SimpleCriterionForJob{Comparator: cmp, Key: criteria.S3BucketName,
				Values: rapid.SliceOfN(rapid.SampledFrom(append(slices.Clone(w.bucketNames), "nope")), 1, 3).Draw(rt, "names")}
		case 2:
			t.SimpleCriterion = &criteria.SimpleCriterionForJob{Comparator: cmp, Key: criteria.S3BucketEffectivePermission,
				Values: rapid.SliceOfN(rapid.SampledFrom([]string{"PUBLIC", "NOT_PUBLIC", "UNKNOWN"}), 1, 2).Draw(rt, "permissions")}
		case 3:
			t.SimpleCriterion = &criteria.SimpleCriterionForJob{Comparator: cmp, Key: criteria.S3BucketSharedAccess,
				Values: rapid.SliceOfN(rapid.SampledFrom([]string{"EXTERNAL", "INTERNAL", "NOT_SHARED", "UNKNOWN"}), 1, 2).Draw(rt, "shared")}
		default:
			m := rapid.IntRange(1, 3).Draw(rt, "tags")
			tc := &criteria.TagCriterionForJob{Comparator: cmp}
			for k := 0; k < m; k++ {
				p := criteria.TagCriterionPairForJob{}
				switch rapid.IntRange(0, 2).Draw(rt, "tagShape") {
				case 0:
					p.Key = rapid.SampledFrom(w.tagKeys).Draw(rt, "tagKey")
				case 1:
					p.Value = rapid.SampledFrom(w.tagValues[:2]).Draw(rt, "tagValue")
				default:
					p.Key = rapid.SampledFrom(w.tagKeys).Draw(rt, "tagKey")
					p.Value = rapid.SampledFrom(w.tagValues).Draw(rt, "tagValue")
				}
				tc.TagValues = append(tc.TagValues, p)
			}
			t.TagCriterion = tc
		}
		return t
	}, func(and []criteria.CriteriaForJob) *criteria.CriteriaBlockForJob {
		return &criteria.CriteriaBlockForJob{And: and}
	})
}

func TestMain(m *testing.M) {
	flag.Parse()
	os.Exit(m.Run())
}
