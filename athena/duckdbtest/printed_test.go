package duckdbtest

import (
	"bufio"
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/criteria"
	"github.com/jobscope/jobscope/schedule"
	"github.com/jobscope/jobscope/scope"
)

// printedInput is one table jobscope sql is pointed at, with the same
// objects as plan reads them.
type printedInput struct {
	name      string
	sqlArgs   []string // what names the table: --manifest, or --inventory metadata --location
	objects   string   // plan's object source
	buckets   string   // describe-buckets output
	account   string
	names     []string  // the buckets the objects are in
	createdAt time.Time // a scheduled job's creation: its second run's window holds objects
	tags      bool      // the table has object tags
}

// printedJob is a job with the flags of its run, given alike to jobscope
// sql and jobscope plan.
type printedJob struct {
	name     string
	job      *jobscope.Job
	flags    []string
	buckets  bool // bucket metadata: --buckets-table and its --buckets-location for sql, --buckets for plan
	needTags bool
}

// printedInputs builds the jobscope binary from this checkout and
// writes the tables the printed scripts are run over: a generated
// inventory as a CSV.gz report, a Parquet report and an S3 Metadata
// table's export, twice, and each of the demo's reports. The test then
// runs in the repository's root.
func printedInputs(t *testing.T) (bin string, inputs []printedInput) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	bin = filepath.Join(t.TempDir(), "jobscope")
	build := exec.Command("go", "build", "-o", bin, "./cmd/jobscope")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/jobscope: %v\n%s", err, out)
	}

	for i := range 2 {
		w, err := newWorld(t.TempDir(), rand.New(rand.NewPCG(7, uint64(i))), i)
		if err != nil {
			t.Fatal(err)
		}
		export, err := exportWith(w)
		if err != nil {
			t.Fatalf("the S3 Metadata table's export: %v", err)
		}
		ws := func(kind string, sqlArgs []string, objects string, tags bool) printedInput {
			return printedInput{name: fmt.Sprintf("world%d/%s", i, kind), sqlArgs: sqlArgs, objects: objects, buckets: w.bucketsFile,
				account: accounts[0], names: w.bucketNames, createdAt: base.Add(40 * 24 * time.Hour), tags: tags}
		}
		inputs = append(inputs,
			ws("csv", []string{"--manifest", w.csvManifest}, w.csvManifest, false),
			ws("parquet", []string{"--manifest", w.pqManifest}, w.pqManifest, false),
			ws("metadata", []string{"--inventory", "metadata", "--location", export}, w.jsonl, true))
	}
	// The demo's paths are relative to the repository root, as the
	// README gives them: jobscope runs there, and DuckDB reads the
	// printed paths from there.
	t.Chdir(root)
	demo, err := filepath.Glob("examples/demo/inventory/*/daily-full/*/manifest.json")
	if err != nil || len(demo) == 0 {
		t.Fatalf("the demo's manifests: %v (%d found)", err, len(demo))
	}
	for _, m := range demo {
		inputs = append(inputs, printedInput{name: "demo/" + strings.Split(m, "/")[3], sqlArgs: []string{"--manifest", m}, objects: m,
			buckets: "examples/demo/buckets.json", account: "111122223333",
			names:     []string{"acme-analytics-data", "acme-app-logs", "acme-finance-docs"},
			createdAt: time.Date(2024, 10, 10, 9, 0, 0, 0, time.UTC)})
	}

	return bin, inputs
}

// TestPrintedScripts runs each DuckDB script that `jobscope sql --dialect
// duckdb --ddl` prints as it prints it — the jobscope binary built from
// this checkout, its standard output as it is, run as one script in a
// fresh database, from the directory jobscope ran in — and requires the
// rows of the object list to be the objects `jobscope plan --format
// jsonl` scans over the same data, and the --summary script's totals to
// be plan's counts. The tables: each of the demo's CSV.gz reports (its
// manifest, as the README names it), a generated inventory as a CSV.gz
// report and as a Parquet report (each through its manifest), and as an
// S3 Metadata live inventory table (a Parquet export of it, through
// --location; plan reads the same objects as JSON lines).
//
// The binary, not package athena's functions, writes the scripts: what
// --manifest makes of a report (fields, data files, dt) is the command's.
func TestPrintedScripts(t *testing.T) {
	bin, inputs := printedInputs(t)
	for _, in := range inputs {
		t.Run(in.name, func(t *testing.T) {
			scannedAll := 0
			for _, pj := range printedJobs(in) {
				if pj.needTags && !in.tags {
					continue
				}
				t.Run(pj.name, func(t *testing.T) {
					scannedAll += checkPrinted(t, bin, in, pj)
				})
			}
			if scannedAll == 0 && !t.Failed() {
				t.Errorf("no job scans an object: the comparison proves nothing")
			}
		})
	}
}

// printedJobs are the jobs run over in: every object, a scoped one, the
// second run of a scheduled one, sampling with bucket criteria and, over a
// table with tags, a tag condition.
func printedJobs(in printedInput) []printedJob {
	defs := []criteria.S3BucketDefinitionForJob{{AccountID: in.account, Buckets: in.names}}
	job := func(name string, f func(*jobscope.Job)) *jobscope.Job {
		j := &jobscope.Job{Name: name, JobType: jobscope.OneTime, S3JobDefinition: &jobscope.S3JobDefinition{BucketDefinitions: defs}}
		f(j)
		return j
	}
	simple := func(c criteria.JobComparator, k scope.ScopeFilterKey, v ...string) scope.JobScopeTerm {
		return scope.JobScopeTerm{SimpleScopeTerm: &scope.SimpleScopeTerm{Comparator: c, Key: k, Values: v}}
	}
	yes, fifty := true, int32(50)
	return []printedJob{
		{name: "all", job: job("all", func(*jobscope.Job) {})},
		{name: "scoped", job: job("scoped", func(j *jobscope.Job) {
			j.S3JobDefinition.Scoping = &scope.Scoping{
				Includes: &scope.JobScopingBlock{And: []scope.JobScopeTerm{simple(criteria.GT, scope.ObjectSize, "0"), simple(criteria.NE, scope.ObjectExtension, "pdf", "csv")}},
				Excludes: &scope.JobScopingBlock{And: []scope.JobScopeTerm{simple(criteria.StartsWith, scope.ObjectKey, "logs/")}}}
		}), flags: []string{"--option", "extensionRule=LAST_DOT"}},
		{name: "scheduled", job: job("scheduled", func(j *jobscope.Job) {
			j.JobType, j.InitialRun = jobscope.Scheduled, &yes
			j.ScheduleFrequency = &schedule.JobScheduleFrequency{MonthlySchedule: &schedule.MonthlySchedule{DayOfMonth: 1}}
		}), flags: []string{"--created-at", in.createdAt.Format(time.RFC3339), "--run", "2"}},
		{name: "criteria", job: job("criteria", func(j *jobscope.Job) {
			j.SamplingPercentage = &fifty
			j.S3JobDefinition.BucketDefinitions = nil
			j.S3JobDefinition.BucketCriteria = &criteria.S3BucketCriteriaForJob{Includes: &criteria.CriteriaBlockForJob{And: []criteria.CriteriaForJob{
				{SimpleCriterion: &criteria.SimpleCriterionForJob{Comparator: criteria.EQ, Key: criteria.AccountID, Values: append([]string{in.account}, accounts...)}}}}}
		}), flags: []string{"--seed", "7"}, buckets: true},
		{name: "tags", job: job("tags", func(j *jobscope.Job) {
			j.S3JobDefinition.Scoping = &scope.Scoping{Excludes: &scope.JobScopingBlock{And: []scope.JobScopeTerm{{TagScopeTerm: &scope.TagScopeTerm{
				Comparator: criteria.EQ, Key: scope.TagScopeTermKey, Target: scope.S3Object, TagValues: []scope.TagValuePair{{Key: "env", Value: "test"}}}}}}}
		}), buckets: true, needTags: true},
	}
}

// checkPrinted runs pj over in with jobscope plan and with the scripts
// jobscope sql prints, and compares them; it returns the number of
// objects scanned.
func checkPrinted(t *testing.T, bin string, in printedInput, pj printedJob) int {
	jobFile := filepath.Join(t.TempDir(), "job.json")
	b, err := json.Marshal(pj.job)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(jobFile, b, 0o644); err != nil {
		t.Fatal(err)
	}
	planArgs := append([]string{"plan", "--job", jobFile, "--format", "jsonl", "--objects", in.objects}, pj.flags...)
	sqlArgs := append(append([]string{"sql", "--dialect", "duckdb", "--ddl", "--job", jobFile}, in.sqlArgs...), pj.flags...)
	if pj.buckets {
		planArgs = append(planArgs, "--buckets", in.buckets)
		sqlArgs = append(sqlArgs, "--buckets-table", "macie_buckets", "--buckets-location", in.buckets)
	}

	out := runBin(t, bin, planArgs...)
	var want []string
	read := 0
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var d struct {
			Bucket, Key, VersionID, Decision string
			Size                             int64
			LastModified                     time.Time
		}
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			t.Fatalf("jobscope plan: %v: %s", err, sc.Text())
		}
		read++
		if d.Decision == "scan" {
			want = append(want, printedRow(d.Bucket, d.Key, d.VersionID, d.Size, d.LastModified))
		}
	}

	script := string(runBin(t, bin, sqlArgs...))
	var got []string
	err = runScript(script, func(rows *sql.Rows) error {
		var bucket, key string
		var version sql.NullString
		var size int64
		var lm time.Time
		if err := rows.Scan(&bucket, &key, &version, &size, &lm); err != nil {
			return err
		}
		got = append(got, printedRow(bucket, key, version.String, size, lm))
		return nil
	})
	if err != nil {
		t.Fatalf("the printed script fails in DuckDB: %v\njobscope %s\n%s", err, strings.Join(sqlArgs, " "), script)
	}
	sort.Strings(want)
	sort.Strings(got)
	if !slices.Equal(got, want) {
		t.Fatalf("the printed script selects %d objects, jobscope plan scans %d\nonly the script: %q\nonly plan: %q\njobscope %s",
			len(got), len(want), minus(got, want), minus(want, got), strings.Join(sqlArgs, " "))
	}

	sumArgs := append(slices.Clone(sqlArgs), "--summary")
	script = string(runBin(t, bin, sumArgs...))
	totals := map[string]int64{}
	var cols []string
	err = runScript(script, func(rows *sql.Rows) error {
		if cols == nil {
			var err error
			if cols, err = rows.Columns(); err != nil {
				return err
			}
		}
		var bucket sql.NullString
		vals := make([]sql.NullInt64, len(cols)-1)
		ptrs := []any{&bucket}
		for i := range vals {
			ptrs = append(ptrs, &vals[i])
		}
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		if !bucket.Valid { // the total
			for i, c := range cols[1:] {
				totals[c] = vals[i].Int64
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("the printed summary script fails in DuckDB: %v\njobscope %s\n%s", err, strings.Join(sumArgs, " "), script)
	}
	if totals["read_objects"] != int64(read) || totals["scanned_objects"] != int64(len(want)) {
		t.Fatalf("the printed summary script reads %d objects and scans %d, jobscope plan %d and %d\njobscope %s",
			totals["read_objects"], totals["scanned_objects"], read, len(want), strings.Join(sumArgs, " "))
	}
	t.Logf("%d objects read, %d scanned", read, len(want))
	return len(want)
}

// runBin runs the jobscope binary and returns its standard output; it
// must exit 0.
func runBin(t *testing.T, bin string, args ...string) []byte {
	t.Helper()
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("jobscope %s: %v\n%s", strings.Join(args, " "), err, stderr.Bytes())
	}
	return stdout.Bytes()
}

// runScript runs script, every statement in its order, in a fresh
// database, and calls row for each row of its last statement.
func runScript(script string, row func(*sql.Rows) error) error {
	db, err := sql.Open("duckdb", "")
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	return queryEach(db, script, row)
}

// printedRow is an object as the comparison sees it, its last modified
// time to the microsecond, DuckDB's precision.
func printedRow(bucket, key, version string, size int64, lm time.Time) string {
	return fmt.Sprintf("%s\x00%s\x00%s\x00%d\x00%d", bucket, key, version, size, lm.UnixMicro())
}

// exportWith writes w's S3 Metadata table as a Parquet export, with a
// database of its own.
func exportWith(w *world) (string, error) {
	db, err := sql.Open("duckdb", "")
	if err != nil {
		return "", err
	}
	defer db.Close()
	return w.exportMeta(db)
}
