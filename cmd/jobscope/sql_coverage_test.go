package main

import (
	"strings"
	"testing"
)

// sqlCoverageArgs is the coverage of the demo's jobs as SQL over an S3
// Metadata table (the demo's scope needs object tags).
var sqlCoverageArgs = []string{"sql", "--coverage", "examples/demo/job.json", "examples/demo/jobs",
	"--inventory", "metadata", "--table", `"s3tablescatalog/aws-s3"."b_acme"."inventory"`, "--buckets-table", "macie_buckets",
	"--at", "2024-12-02T09:00:00Z"}

// TestSQLCoverageDemo: the summary query of the demo's jobs (a golden
// file), and the object list's parts.
func TestSQLCoverageDemo(t *testing.T) {
	out, errOut := runOK(t, append(sqlCoverageArgs, "--summary", "--ddl")...)
	checkGolden(t, "cmd/jobscope/testdata/sql-coverage-demo.sql", out)
	wantAll(t, "notes", errOut, "jobscope sql: note: Sampling is exact", "one row per bucket name")

	out, _ = runOK(t, sqlCoverageArgs...)
	wantAll(t, "SQL", out,
		"--   job_1: \"weekly-confidential-data-scan\", run 1 (starts 2024-12-02T09:00:00Z): every existing object",
		"--   job_2: \"data-monthly-sandbox-sample\", run 1 (starts 2025-01-01T00:00:00Z): objects last modified after 2024-12-02T09:00:00Z",
		"--   job_5: \"finance-drafts-one-time\", its one run",
		`FROM "s3tablescatalog/aws-s3"."b_acme"."inventory"`,
		"AS job_5\n  FROM objects o\n  LEFT JOIN bucket_stage bs ON bs.bucket_name = o.bucket\n)",
		"CASE WHEN job_5 THEN 'finance-drafts-one-time' END], x -> x IS NOT NULL) AS jobs\nFROM covered\nWHERE valid",
	)
	if strings.Contains(out, "CREATE ") || !strings.HasSuffix(out, ";\n") {
		t.Errorf("the object list without --ddl has DDL, or does not end with ;")
	}
	// --period: every run within it, planned as one
	// (the monthly job has none: it is left out)
	out, errOut = runOK(t, append(sqlCoverageArgs, "--period", "14d", "--dialect", "duckdb")...)
	wantAll(t, "SQL", out, "--   job_1: \"weekly-confidential-data-scan\", runs 1 to 3 as one (the last starts 2024-12-16T00:00:00Z): every existing object",
		"--   job_3: \"finance-daily-documents\", runs 1 to 15 as one", "AND o.last_modified <= TIMESTAMP '2024-12-16 00:00:00.000000' -- increment: AFTER_RUN_START (the last run's start)",
		"list_filter([CASE WHEN job_1 THEN 'weekly-confidential-data-scan' END")
	wantAll(t, "notes", errOut, "jobscope sql: note: data-monthly-sandbox-sample analyzes nothing: ")
}

func TestSQLCoverageJobs(t *testing.T) {
	tags := `{"name": "tagged", "jobType": "ONE_TIME", "s3JobDefinition": {"bucketDefinitions": [{"accountId": "111122223333", "buckets": ["b"]}],
	 "scoping": {"excludes": {"and": [{"tagScopeTerm": {"comparator": "EQ", "key": "TAG", "target": "S3_OBJECT", "tagValues": [{"key": "env", "value": "test"}]}}]}}}}`
	crit := `{"name": "crit", "jobType": "ONE_TIME", "s3JobDefinition": {"bucketCriteria": {"includes": {"and": [{"simpleCriterion": {"comparator": "EQ", "key": "ACCOUNT_ID", "values": ["1"]}}]}}}}`
	cancelled := `{"name": "old", "jobId": "j1", "jobStatus": "CANCELLED", "jobType": "ONE_TIME", "createdAt": "2024-01-01T00:00:00Z",
	 "s3JobDefinition": {"bucketDefinitions": [{"accountId": "111122223333", "buckets": ["b"]}]}}`
	plain := `{"name": "plain", "jobType": "ONE_TIME", "s3JobDefinition": {"bucketDefinitions": [{"accountId": "111122223333", "buckets": ["b"]}]}}`
	f := writeFiles(t, map[string]string{"tags.json": tags, "crit.json": crit, "old.json": cancelled, "plain.json": plain})
	runCases(t, []cliCase{
		{name: "a cancelled job is left out", args: []string{"sql", "--coverage", f["old.json"], f["plain.json"]}, code: exitOK,
			stdout: "--   job_1: \"plain\", its one run", stderr: "jobscope sql: note: old analyzes nothing: "},
		{name: "no job left", args: []string{"sql", "--coverage", f["old.json"], "--at", "2025-01-01T00:00:00Z"}, code: exitInvalid,
			stderr: "jobscope sql: no job analyzes anything from 2025-01-01T00:00:00Z on (--at)\n"},
		{name: "a column a job needs", args: []string{"sql", "--coverage", f["plain.json"], f["tags.json"]}, code: exitInvalid,
			stderr: "jobscope sql: " + f["tags.json"] + ": tagged: s3JobDefinition.scoping.excludes.and[0].tagScopeTerm: an object tag condition needs the object_tags column"},
		{name: "bucket criteria without a bucket table", args: []string{"sql", "--coverage", f["plain.json"], f["crit.json"]}, code: exitUsage,
			stderr: "jobscope sql: " + f["crit.json"] + ": crit: the job selects buckets by bucketCriteria, which are evaluated over bucket metadata: give --buckets-table"},
		{name: "an invalid job file", args: []string{"sql", "--coverage", writeJob(t, `{"name": ""}`)}, code: exitInvalid, stderr: "jobType"},
	})
}

func TestSQLCoverageUsage(t *testing.T) {
	job := writeJob(t, `{"name": "plain", "jobType": "ONE_TIME", "s3JobDefinition": {"bucketDefinitions": [{"accountId": "111122223333", "buckets": ["b"]}]}}`)
	runCases(t, []cliCase{
		{args: []string{"sql", "--coverage"}, code: exitUsage, stderr: "--coverage needs jobs: name job files, folders or Terraform plans"},
		{args: []string{"sql", "--coverage", job, "--job", job}, code: exitUsage, stderr: "--job and --coverage: give the jobs of --coverage as arguments"},
		{args: []string{"sql", "--coverage", job, "--run", "2"}, code: exitUsage, stderr: "--run picks the run of one job (--job)"},
		{args: []string{"sql", "--coverage", job, "--created-at", "2024-01-01T00:00:00Z"}, code: exitUsage, stderr: "--created-at is one job's (--job)"},
		{args: []string{"sql", "--coverage", job, "--period", "soon"}, code: exitUsage, stderr: "--period: "},
		{args: []string{"sql", "--coverage", job, "--at", "tomorrow"}, code: exitUsage, stderr: `--at "tomorrow" is not an RFC 3339 time`},
		{args: []string{"sql", "--job", job, "--period", "30d"}, code: exitUsage, stderr: "--period counts runs with --coverage only"},
		{args: []string{"sql", "--job", job, job}, code: exitUsage, stderr: "unexpected arguments"},
		{args: []string{"sql", "--coverage", job, "--dialect", "mysql"}, code: exitUsage, stderr: "--dialect must be athena or duckdb"},
	})
}
