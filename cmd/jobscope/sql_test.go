package main

import (
	"strings"
	"testing"
)

const demoJob = "examples/demo/job.json"

func TestSQLDemoNeedsMetadataTable(t *testing.T) {
	code, out, errOut := runCLI(t, "", "sql", "--job", demoJob, "--buckets-table", "macie_buckets", "--created-at", "2024-11-04T09:00:00Z")
	if code != exitInvalid || out != "" {
		t.Fatalf("exit %d, stdout %q", code, out)
	}
	if !strings.Contains(errOut, "s3JobDefinition.scoping.excludes.and[0].tagScopeTerm") || !strings.Contains(errOut, "object_tags") {
		t.Errorf("the error does not name the tag term: %s", errOut)
	}
}

func TestSQLDemoMetadata(t *testing.T) {
	out, _ := runOK(t, "sql", "--job", demoJob, "--inventory", "metadata",
		"--table", `"s3tablescatalog/aws-s3"."b_acme"."inventory"`, "--buckets-table", "macie_buckets",
		"--created-at", "2024-11-04T09:00:00Z", "--ddl")
	wantAll(t, "SQL", out,
		"CREATE EXTERNAL TABLE IF NOT EXISTS `macie_buckets`",
		`FROM "s3tablescatalog/aws-s3"."b_acme"."inventory"`,
		"element_at(o.object_tags, 'env') = 'test'",
		"coalesce(b.\"accountid\", '') IN ('111122223333')",
		"max(\"sequence_number\") OVER (PARTITION BY \"bucket\", \"key\")",
		"o.last_modified <= TIMESTAMP '2024-11-04 09:00:00.000000000'",
	)
	if !strings.HasSuffix(out, ";\n") {
		t.Error("the query does not end with ;")
	}
}

func TestSQLManifestDuckDB(t *testing.T) {
	manifest := "examples/demo/inventory/acme-finance-docs/daily-full/2024-12-01T01-00Z/manifest.json"
	job := writeJob(t, `{"name": "docs", "jobType": "ONE_TIME", "samplingPercentage": 20,
	 "s3JobDefinition": {"bucketDefinitions": [{"accountId": "111122223333", "buckets": ["acme-finance-docs"]}]}}`)
	out, errOut := runOK(t, "sql", "--job", job, "--dialect", "duckdb", "--manifest", manifest, "--ddl", "--summary", "--seed", "7")
	wantAll(t, "SQL", out,
		`SELECT *, '2024-12-01-01-00' AS "dt" FROM read_csv(['examples/demo/inventory/acme-finance-docs/daily-full/data/`, "'version_id': 'VARCHAR'",
		`"dt" = '2024-12-01-01-00'`, "GROUP BY GROUPING SETS ((bucket), ())", "list_reduce(",
		"url_decode(replace(\"key\", '+', ' '))",
	)
	if !strings.Contains(errOut, "Sampling is exact") {
		t.Errorf("no note on sampling: %s", errOut)
	}
}

func TestSQLMetadataDuckDBLocation(t *testing.T) {
	job := writeJob(t, `{"name": "docs", "jobType": "ONE_TIME",
	 "s3JobDefinition": {"bucketDefinitions": [{"accountId": "111122223333", "buckets": ["acme-finance-docs"]}]}}`)
	out, _ := runOK(t, "sql", "--job", job, "--dialect", "duckdb", "--inventory", "metadata", "--location", "export/*.parquet", "--ddl")
	wantAll(t, "SQL", out, `CREATE OR REPLACE VIEW "s3_inventory" AS`, `FROM read_parquet('export/*.parquet');`, `"object_tags"`)
	if strings.Contains(out, `"dt"`) {
		t.Errorf("a query over an S3 Metadata table reads dt:\n%s", out)
	}
}

func TestSQLAthenaManifestLocation(t *testing.T) {
	manifest := "examples/demo/inventory/acme-finance-docs/daily-full/2024-12-01T01-00Z/manifest.json"
	job := writeJob(t, `{"name": "docs", "jobType": "ONE_TIME",
	 "s3JobDefinition": {"bucketDefinitions": [{"accountId": "111122223333", "buckets": ["acme-finance-docs"]}]}}`)
	out, _ := runOK(t, "sql", "--job", job, "--manifest", manifest, "--ddl", "--table", "inventory.finance_docs")
	wantAll(t, "SQL", out, "CREATE EXTERNAL TABLE IF NOT EXISTS `inventory`.`finance_docs`", "/acme-finance-docs/daily-full/hive/'",
		`FROM "inventory"."finance_docs"`, "url_decode(\"key\")", `"dt" = '2024-12-01-01-00'`, "`is_latest` string")
}

func TestSQLUsage(t *testing.T) {
	crit := writeJob(t, `{"name": "c", "jobType": "ONE_TIME", "s3JobDefinition": {"bucketCriteria": {"includes": {"and": [{"simpleCriterion": {"comparator": "EQ", "key": "ACCOUNT_ID", "values": ["1"]}}]}}}}`)
	runCases(t, []cliCase{
		{args: []string{"sql"}, code: exitUsage, stderr: "--job is required"},
		{args: []string{"sql", "--job", crit}, code: exitUsage, stderr: "jobscope sql: the job selects buckets by bucketCriteria, which are evaluated over bucket metadata: " +
			"give --buckets-table, the table of aws macie2 describe-buckets output (--ddl prints its definition)\n"},
		{args: []string{"sql", "--job", crit, "--dialect", "mysql"}, code: exitUsage, stderr: "--dialect must be"},
		{args: []string{"sql", "--job", crit, "--inventory", "avro"}, code: exitUsage, stderr: "--inventory must be"},
		{args: []string{"sql", "--job", crit, "--buckets-table", "b", "--dialect", "duckdb", "--inventory", "orc"}, code: exitUsage,
			stderr: "jobscope sql: --inventory: DuckDB does not read ORC: configure the report as CSV or Parquet\n"},
		{args: []string{"sql", "--job", crit, "--buckets-table", "b", "--fields", "Key, Key"}, code: exitUsage, stderr: "jobscope sql: --fields: Key appears twice\n"},
		{args: []string{"sql", "--job", crit, "--buckets-table", "b", "--fields", "Key"}, code: exitUsage,
			stderr: "jobscope sql: --source-bucket: the table has no Bucket field: name the report's source bucket\n"},
		{args: []string{"sql", "--job", "missing.json"}, code: exitUsage, stderr: "missing.json"},
		{args: []string{"sql", "--job", writeJob(t, `{"name": ""}`)}, code: exitInvalid, stderr: "jobType"},
		{args: []string{"sql", "--job", crit, "--buckets-table", "b", "--run", "2"}, code: exitUsage, stderr: "--run"},
	})
}
