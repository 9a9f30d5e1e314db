package athena

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/plan"
)

// coverageJobs are three jobs of different engines, runs and bucket
// stages.
func coverageJobs(t *testing.T) []CoverageJob {
	var firstDot jobscope.Options
	if err := firstDot.Set("extensionRule", "FIRST_DOT"); err != nil {
		t.Fatal(err)
	}
	var md jobscope.Options
	if err := md.Set("extraTextExtensions", "md"); err != nil {
		t.Fatal(err)
	}
	crit := `"bucketCriteria": {"includes": {"and": [{"simpleCriterion": {"comparator": "EQ", "key": "ACCOUNT_ID", "values": ["111122223333"]}}]}}`
	return []CoverageJob{
		{Name: "pdf reports", Job: load(t, job(defs+", "+scoping(simple("EQ", "OBJECT_EXTENSION", "pdf"), ""), ""), firstDot),
			Plan: plan.Options{Engine: firstDot}},
		{Name: "weekly sample", Job: load(t, job(defs, `"jobType": "SCHEDULED", "initialRun": true, "samplingPercentage": 10, "scheduleFrequency": {"weeklySchedule": {"dayOfWeek": "MONDAY"}}`), md),
			Plan: plan.Options{Engine: md, CreatedAt: time.Date(2024, 11, 4, 9, 30, 0, 0, time.UTC), Run: 2, Runs: 3, Seed: 7}},
		{Name: "account's", Job: load(t, job(crit, ""), jobscope.Options{})},
	}
}

// TestCoverageGolden writes the coverage queries of coverageJobs in each
// dialect to testdata/coverage_DIALECT.golden (go test -update rewrites
// them).
func TestCoverageGolden(t *testing.T) {
	for _, d := range []Dialect{Athena, DuckDB} {
		t.Run(string(d), func(t *testing.T) {
			q, err := GenerateCoverage(coverageJobs(t), Options{Dialect: d, Buckets: Buckets{Name: "macie_buckets"},
				Table: Table{Partition: "2024-12-01-01-00"}})
			if err != nil {
				t.Fatal(err)
			}
			got := q.DDL + "\n" + q.Objects + ";\n\n" + q.Summary + ";\n"
			for _, n := range q.Notes {
				got += "-- note: " + n + "\n"
			}
			path := filepath.Join("testdata", "coverage_"+string(d)+".golden")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs from the SQL written now (go test -update rewrites it):\n%s", path, got)
			}
		})
	}
}

// TestCoverageColumns checks that jobs of different extension rules and
// eligibility read their own columns, and that each job's stages are
// those Generate writes for it alone.
func TestCoverageColumns(t *testing.T) {
	jobs := coverageJobs(t)
	q, err := GenerateCoverage(jobs, Options{Buckets: Buckets{Name: "macie_buckets"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		" AS ext_first_dot, -- extensionRule FIRST_DOT, of job 1;",
		" AS ext_last_dot, -- extensionRule LAST_DOT, of jobs 2 and 3;",
		" AS file_type_limit, -- bytes, for jobs 1 and 3;",
		" AS file_type_limit_2, -- bytes, for job 2;",
		"coalesce(o.ext_first_dot IN ('pdf'), false)",
		"AND o.file_type_limit_2 IS NOT NULL -- eligibility: FILE_TYPE",
		"AND bs.bucket_name IS NOT NULL AND bs.selected_3 -- bucket:",
		"--   job_2: \"weekly sample\", runs 2 to 4 as one (the last starts 2024-11-25T00:00:00Z): objects last modified after 2024-11-04T09:30:00Z",
		"filter(ARRAY[CASE WHEN job_1 THEN 'pdf reports' END, CASE WHEN job_2 THEN 'weekly sample' END, CASE WHEN job_3 THEN 'account''s' END], x -> x IS NOT NULL) AS jobs",
	} {
		if !strings.Contains(q.Objects, want) {
			t.Errorf("the object list lacks %q:\n%s", want, q.Objects)
		}
	}
	// job 2's stages, as Generate writes them for it alone
	alone, err := Generate(jobs[1].Job, Options{Buckets: Buckets{Name: "macie_buckets"}, Plan: jobs[1].Plan})
	if err != nil {
		t.Fatal(err)
	}
	for _, stage := range []string{"o.last_modified <= TIMESTAMP '2024-11-25 00:00:00.000000000'", "o.last_modified > TIMESTAMP '2024-11-04 09:30:00.000000000'",
		"BETWEEN 0 AND 1844674407370955159) -- sample: NOT_SAMPLED (samplingPercentage 10, seed 7"} {
		if !strings.Contains(alone.Objects, stage) || !strings.Contains(q.Objects, stage) {
			t.Errorf("%q is not in both the job's query and the coverage query", stage)
		}
	}
	for _, want := range []string{
		"count_if(job_1 AND job_3) AS overlap_1_3_objects",
		"CAST(coalesce(sum(CASE WHEN scanners > 1 THEN (scanners - 1) * size ELSE 0 END), 0) AS bigint) AS duplicate_bytes",
		") WITH ORDINALITY AS m (measure, job, other_job, objects, bytes, n)",
		"WHERE m.measure <> 'overlap' OR m.objects > 0",
	} {
		if !strings.Contains(q.Summary, want) {
			t.Errorf("the summary lacks %q", want)
		}
	}
}

func TestCoverageErrors(t *testing.T) {
	jobs := coverageJobs(t)
	if _, err := GenerateCoverage(nil, Options{}); err == nil {
		t.Error("no jobs yield SQL")
	}
	// an option of the tables, whichever job
	if _, err := GenerateCoverage(jobs, Options{Dialect: "mysql"}); err == nil || err.Error() != `Dialect: "mysql" is not athena or duckdb` {
		t.Errorf("a bad dialect: %v", err)
	}
	jobErr := func(err error, index int, name string) *JobError {
		t.Helper()
		var je *JobError
		if !errors.As(err, &je) || je.Index != index || je.Name != name {
			t.Fatalf("%v, want the error of job %d, %q", err, index, name)
		}
		return je
	}
	// job 3 selects buckets by criteria: without a bucket table, it is the one in error
	_, err := GenerateCoverage(jobs, Options{})
	var fe *field.Error
	if je := jobErr(err, 2, "account's"); !errors.As(je, &fe) || fe.Code != field.InvalidOption || fe.Path != "Buckets" ||
		!strings.HasPrefix(err.Error(), `job "account's": Buckets: `) {
		t.Errorf("bucket criteria without a bucket table: %v", err)
	}
	// a column a job needs
	_, err = GenerateCoverage([]CoverageJob{{Name: "size", Job: load(t, job(defs+", "+scoping(simple("GT", "OBJECT_SIZE", "0"), ""), ""), jobscope.Options{})}},
		Options{Table: Table{Fields: []string{"Bucket", "Key"}}})
	if jobErr(err, 0, "size"); !errors.As(err, &fe) || fe.Code != field.MissingColumn {
		t.Errorf("a missing column: %v", err)
	}
	// names
	twice := []CoverageJob{jobs[0], jobs[1]}
	twice[1].Name = twice[0].Name
	_, err = GenerateCoverage(twice, Options{})
	jobErr(err, 1, "pdf reports")
	unnamed := []CoverageJob{jobs[0], jobs[1]}
	unnamed[1].Name = ""
	_, err = GenerateCoverage(unnamed, Options{})
	jobErr(err, 1, "")
	// an invalid job, as plan.New refuses it
	_, err = GenerateCoverage([]CoverageJob{jobs[0], {Name: "bad", Job: &jobscope.Job{Name: "bad", JobType: jobscope.OneTime}}}, Options{})
	jobErr(err, 1, "bad")
}

// TestCoverageQueryLength: a note says when a query is longer than
// Athena runs.
func TestCoverageQueryLength(t *testing.T) {
	var many []CoverageJob
	sampled := load(t, job(defs, `"samplingPercentage": 10`), jobscope.Options{})
	for i := range 40 {
		many = append(many, CoverageJob{Name: "job " + strconv.Itoa(i), Job: sampled, Plan: plan.Options{Seed: uint64(i)}})
	}
	for _, c := range []struct {
		jobs []CoverageJob
		note bool
	}{{many[:2], false}, {many, true}} {
		q, err := GenerateCoverage(c.jobs, Options{})
		if err != nil {
			t.Fatal(err)
		}
		noted := strings.Contains(strings.Join(q.Notes, "\n"), "Athena runs: write the coverage of fewer jobs at a time")
		if long := len(q.Summary) > athenaMaxQuery; noted != c.note || long != c.note {
			t.Errorf("%d jobs: a summary query of %d bytes, noted %v", len(c.jobs), len(q.Summary), noted)
		}
	}
}
