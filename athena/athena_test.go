package athena

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/plan"
)

var update = flag.Bool("update", false, "rewrite the goldenCase files in testdata")

func load(t *testing.T, js string, opts jobscope.Options) *jobscope.Job {
	t.Helper()
	j, err := jobscope.Load(strings.NewReader(js), jobscope.Limits{}, opts)
	if err != nil {
		t.Fatalf("job: %v", err)
	}
	return j
}

const defs = `"bucketDefinitions": [{"accountId": "111122223333", "buckets": ["finance-exports", "it's-a-bucket"]}, {"accountId": "444455556666", "buckets": ["logs"]}]`

func job(s3 string, extra string) string {
	typ := `"jobType": "ONE_TIME", `
	if strings.Contains(extra, `"jobType"`) {
		typ = ""
	}
	if extra != "" {
		extra = ", " + extra
	}
	return `{"name": "golden", ` + typ + `"s3JobDefinition": {` + s3 + `}` + extra + `}`
}

func scoping(incl, excl string) string {
	s := `"scoping": {`
	if incl != "" {
		s += `"includes": {"and": [` + incl + `]}`
	}
	if excl != "" {
		if incl != "" {
			s += ", "
		}
		s += `"excludes": {"and": [` + excl + `]}`
	}
	return s + "}"
}

func simple(cmp, key string, values ...string) string {
	return `{"simpleScopeTerm": {"comparator": "` + cmp + `", "key": "` + key + `", "values": [` + quoteAll(values) + `]}}`
}

func quoteAll(vs []string) string {
	var out []string
	for _, v := range vs {
		b := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(v)
		out = append(out, `"`+b+`"`)
	}
	return strings.Join(out, ", ")
}

type goldenCase struct {
	name    string
	job     string
	options []string // NAME=VALUE
	opts    Options
	// what to write: objects query always; summary and DDL on demand
	summary, ddl bool
}

var goldens = []goldenCase{
	{name: "bucket_definitions", job: job(defs, "")},
	{name: "bucket_definitions_with_metadata", job: job(defs, ""), opts: Options{Buckets: Buckets{Name: "macie_buckets"}}},
	{name: "bucket_criteria", job: job(`"bucketCriteria": {
		"includes": {"and": [
			{"simpleCriterion": {"comparator": "EQ", "key": "ACCOUNT_ID", "values": ["111122223333"]}},
			{"simpleCriterion": {"comparator": "NE", "key": "S3_BUCKET_EFFECTIVE_PERMISSION", "values": ["PUBLIC"]}},
			{"tagCriterion": {"comparator": "EQ", "tagValues": [{"key": "data-classification", "value": "confidential"}, {"key": "owner"}, {"value": "pii"}]}}]},
		"excludes": {"and": [
			{"simpleCriterion": {"comparator": "EQ", "key": "S3_BUCKET_NAME", "values": ["scratch", "o'reilly"]}},
			{"simpleCriterion": {"comparator": "EQ", "key": "S3_BUCKET_SHARED_ACCESS", "values": ["EXTERNAL"]}},
			{"tagCriterion": {"comparator": "NE", "tagValues": [{"key": "keep", "value": ""}]}}]}}`, ""),
		options: []string{"excludeJoin=OR", "bucketTagEmptyValue=PAIR"}, opts: Options{Buckets: Buckets{Name: "macie.buckets"}}},
	{name: "scope_key_prefix_escaping", job: job(defs+", "+scoping(simple("STARTS_WITH", "OBJECT_KEY", "exports/", "it's/", "line\nbreak/", "日本/", `back\slash`), ""), "")},
	{name: "scope_extension_last_dot", job: job(defs+", "+scoping(simple("EQ", "OBJECT_EXTENSION", "pdf", "PDF", "gz"), simple("NE", "OBJECT_EXTENSION", "tmp")), ""),
		options: []string{"noExtensionNE=NO_MATCH"}},
	{name: "scope_extension_first_dot", job: job(defs+", "+scoping(simple("EQ", "OBJECT_EXTENSION", ".tar.gz", "csv"), ""), ""),
		options: []string{"extensionRule=FIRST_DOT", "extensionLeadingDot=STRIP"}},
	{name: "scope_size", job: job(defs+", "+scoping(simple("GT", "OBJECT_SIZE", "0")+", "+simple("LTE", "OBJECT_SIZE", "1048576"),
		simple("EQ", "OBJECT_SIZE", "4096")+", "+simple("NE", "OBJECT_SIZE", "9223372036854775807")), "")},
	{name: "scope_date_second", job: job(defs+", "+scoping(simple("GTE", "OBJECT_LAST_MODIFIED_DATE", "2024-01-01T00:00:00Z")+", "+
		simple("LT", "OBJECT_LAST_MODIFIED_DATE", "2024-07-01T02:00:00+02:00"), simple("EQ", "OBJECT_LAST_MODIFIED_DATE", "2024-03-01T12:00:00.750Z")), "")},
	{name: "scope_date_exact", job: job(defs+", "+scoping(simple("GT", "OBJECT_LAST_MODIFIED_DATE", "2024-01-01T00:00:00.123456789Z")+", "+
		simple("NE", "OBJECT_LAST_MODIFIED_DATE", "2024-03-01T12:00:00.5Z"), ""), ""), options: []string{"lastModifiedPrecision=EXACT"}},
	{name: "scope_object_tags", job: job(defs+", "+scoping(`{"tagScopeTerm": {"comparator": "EQ", "key": "TAG", "target": "S3_OBJECT", "tagValues": [{"key": "project", "value": "apollo"}, {"key": "pii"}]}}`,
		`{"tagScopeTerm": {"comparator": "NE", "key": "TAG", "target": "S3_OBJECT", "tagValues": [{"key": "env", "value": "prod"}]}}`), ""),
		opts: Options{Table: Table{Name: `"s3tablescatalog/aws-s3"."b_finance"."inventory"`, Kind: Metadata}}},
	{name: "eligibility_options", job: job(defs, ""), options: []string{"quotaMegabyte=1000000", "extraTextExtensions=md,log", "kmsKeysAccessible=false"}},
	{name: "increment_run_3", job: job(defs, `"jobType": "SCHEDULED", "initialRun": true, "scheduleFrequency": {"weeklySchedule": {"dayOfWeek": "MONDAY"}}`),
		options: []string{"incrementalBoundary=INCLUSIVE"}, opts: Options{Plan: plan.Options{CreatedAt: time.Date(2024, 11, 4, 9, 30, 0, 0, time.UTC), Run: 3}}},
	{name: "increment_first_run_without_initial_run", job: job(defs, `"jobType": "SCHEDULED", "initialRun": false, "scheduleFrequency": {"monthlySchedule": {"dayOfMonth": 31}}`),
		opts: Options{Plan: plan.Options{CreatedAt: time.Date(2024, 11, 4, 9, 30, 0, 250000000, time.UTC)}}},
	{name: "sampling", job: job(defs, `"samplingPercentage": 30`), opts: Options{Plan: plan.Options{Seed: 42}}},
	{name: "sampling_above_half", job: job(defs, `"samplingPercentage": 75`)},
	{name: "parquet_table", job: job(defs+", "+scoping(simple("GT", "OBJECT_SIZE", "0"), ""), ""),
		opts: Options{Table: Table{Name: "inventory.finance_exports", Kind: Parquet, Partition: "2024-12-01-01-00"}}},
	{name: "csv_current_versions_only", job: job(defs, ""),
		opts: Options{Table: Table{Fields: []string{"Bucket", "Key", "Size", "LastModifiedDate", "ETag"}, Partition: "2024-12-01-01-00"}}},
	{name: "summary", job: job(defs+", "+scoping(simple("EQ", "OBJECT_EXTENSION", "pdf"), ""), `"samplingPercentage": 50`), summary: true},
	{name: "ddl_csv", job: job(defs, ""), ddl: true, opts: Options{Buckets: Buckets{Name: "macie_buckets"},
		Table: Table{Location: "s3://acme-s3-inventory/finance-exports/daily-full/hive/"}}},
	{name: "ddl_parquet", job: job(defs, ""), ddl: true, opts: Options{Table: Table{Kind: Parquet}}},
	{name: "ddl_metadata", job: job(defs, ""), ddl: true, opts: Options{Table: Table{Kind: Metadata}}},
	{name: "duckdb", job: job(defs+", "+scoping(simple("EQ", "OBJECT_LAST_MODIFIED_DATE", "2024-03-01T12:00:00.0000005Z"), ""), `"samplingPercentage": 30`),
		options: []string{"lastModifiedPrecision=EXACT"}, ddl: true, summary: true,
		opts: Options{Dialect: DuckDB, Buckets: Buckets{Name: "macie_buckets", Location: "buckets.json"},
			Table: Table{Files: []string{"inventory/data/a.csv.gz", "inventory/data/b.csv.gz"}}}},
	{name: "duckdb_parquet_report", job: job(defs, ""), ddl: true,
		opts: Options{Dialect: DuckDB, Table: Table{Kind: Parquet, Partition: "2024-12-01-01-00", Files: []string{"inventory/data/a.parquet"}}}},
	{name: "duckdb_metadata", job: job(defs, ""), ddl: true,
		opts: Options{Dialect: DuckDB, Table: Table{Kind: Metadata, Location: "export/*.parquet"}}},
}

// TestGolden writes, for each feature, the SQL to testdata/NAME.goldenCase
// (go test -update rewrites them).
func TestGolden(t *testing.T) {
	for _, g := range goldens {
		t.Run(g.name, func(t *testing.T) {
			var engine jobscope.Options
			for _, o := range g.options {
				name, value, _ := strings.Cut(o, "=")
				if err := engine.Set(name, value); err != nil {
					t.Fatal(err)
				}
			}
			opts := g.opts
			opts.Plan.Engine = engine
			q, err := Generate(load(t, g.job, engine), opts)
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			if g.ddl {
				b.WriteString(q.DDL + "\n")
			}
			b.WriteString(q.Objects + ";\n")
			if g.summary {
				b.WriteString("\n" + q.Summary + ";\n")
			}
			for _, n := range q.Notes {
				b.WriteString("-- note: " + n + "\n")
			}
			path := filepath.Join("testdata", g.name+".golden")
			if *update {
				if err := os.MkdirAll("testdata", 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if b.String() != string(want) {
				t.Errorf("%s differs from the SQL written now (go test -update rewrites it):\n%s", path, b.String())
			}
		})
	}
}

func TestTagTermNeedsMetadataTable(t *testing.T) {
	js := job(defs+", "+scoping("", `{"tagScopeTerm": {"comparator": "EQ", "key": "TAG", "target": "S3_OBJECT", "tagValues": [{"key": "env", "value": "test"}]}}`), "")
	for _, k := range []Kind{CSV, Parquet, ORC} {
		_, err := Generate(load(t, js, jobscope.Options{}), Options{Table: Table{Kind: k}})
		var fe *field.Error
		if !errors.As(err, &fe) || fe.Code != field.MissingColumn || fe.Path != "s3JobDefinition.scoping.excludes.and[0].tagScopeTerm" ||
			!strings.Contains(fe.Message, "the object_tags column") {
			t.Fatalf("%s: %v, want a missing object_tags column at the tag term", k, err)
		}
		if !strings.HasPrefix(err.Error(), "s3JobDefinition.scoping.excludes.and[0].tagScopeTerm: ") {
			t.Errorf("the error does not name the term first: %v", err)
		}
	}
}

func TestErrors(t *testing.T) {
	crit := job(`"bucketCriteria": {"includes": {"and": [{"simpleCriterion": {"comparator": "EQ", "key": "ACCOUNT_ID", "values": ["1"]}}]}}`, "")
	is := func(err error, code field.Code, path string) bool {
		var fe *field.Error
		return errors.As(err, &fe) && fe.Code == code && fe.Path == path
	}
	if _, err := Generate(load(t, crit, jobscope.Options{}), Options{}); !is(err, field.InvalidOption, "Buckets") {
		t.Errorf("bucket criteria without a bucket table: %v", err)
	}
	size := job(defs+", "+scoping(simple("GT", "OBJECT_SIZE", "0"), ""), "")
	_, err := Generate(load(t, size, jobscope.Options{}), Options{Table: Table{Fields: []string{"Bucket", "Key"}}})
	if want := "s3JobDefinition.scoping.includes.and[0].simpleScopeTerm: an OBJECT_SIZE condition needs the size column, which the table s3_inventory (S3 Inventory, CSV) does not have"; !is(err, field.MissingColumn, "s3JobDefinition.scoping.includes.and[0].simpleScopeTerm") || err.Error() != want {
		t.Errorf("a size term without Size: %v", err)
	}
	for _, c := range []struct {
		opts Options
		path string
		text string
	}{
		{Options{Dialect: "mysql"}, "Dialect", `Dialect: "mysql" is not athena or duckdb`},
		{Options{Dialect: DuckDB, Table: Table{Kind: ORC}}, "Table.Kind", "Table.Kind: DuckDB does not read ORC: configure the report as CSV or Parquet"},
		{Options{Table: Table{Kind: "avro"}}, "Table.Kind", `Table.Kind: "avro" is not csv, parquet, orc or metadata`},
		{Options{Table: Table{Fields: []string{"Key", "Key"}}}, "Table.Fields", "Table.Fields: Key appears twice"},
		{Options{Table: Table{Fields: []string{"Bucket"}}}, "Table.Fields", "Table.Fields: the table needs the Key field"},
		{Options{Table: Table{Fields: []string{"Key"}}}, "Table.SourceBucket", "Table.SourceBucket: the table has no Bucket field: name the report's source bucket"},
	} {
		if _, err := Generate(load(t, job(defs, ""), jobscope.Options{}), c.opts); !is(err, field.InvalidOption, c.path) || err.Error() != c.text {
			t.Errorf("%+v: %v, want %s", c.opts, err, c.text)
		}
	}
	bad := &jobscope.Job{Name: "x", JobType: jobscope.OneTime}
	if _, err := Generate(bad, Options{}); err == nil {
		t.Error("an invalid job yields SQL")
	}
}

func TestLiterals(t *testing.T) {
	for in, want := range map[string]string{
		"":          "''",
		"a'b":       "'a''b'",
		"a\nb":      "('a' || chr(10) || 'b')",
		"\x00":      "chr(0)",
		`back\sl`:   `'back\sl'`,
		"日本":        "'日本'",
		"tab\there": "('tab' || chr(9) || 'here')",
	} {
		if got := str(in); got != want {
			t.Errorf("str(%q) = %s, want %s", in, got, want)
		}
	}
	if got := tableName("db.t"); got != `"db"."t"` {
		t.Errorf("tableName: %s", got)
	}
	if got := tableName(`"a/b"."c"`); got != `"a/b"."c"` {
		t.Errorf("tableName: %s", got)
	}
	if got := ident(`a"b`); got != `"a""b"` {
		t.Errorf("ident: %s", got)
	}
}
