package athena

import (
	"fmt"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/criteria"
	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/inventory"
	"github.com/jobscope/jobscope/plan"
	"github.com/jobscope/jobscope/schedule"
	"github.com/jobscope/jobscope/scope"
)

// Kind is what the queried table holds.
type Kind string

// The kinds of table.
const (
	// CSV is an S3 Inventory report in CSV: every column a string, keys
	// URL-encoded ("+" for a space), as AWS documents the Athena table.
	CSV Kind = "csv"
	// Parquet is an S3 Inventory report in Parquet: typed columns, keys
	// as they are.
	Parquet Kind = "parquet"
	// ORC is an S3 Inventory report in ORC, typed as Parquet (Athena only).
	ORC Kind = "orc"
	// Metadata is an S3 Metadata live inventory table: one row per object
	// version, the latest being the one with the greatest
	// sequence_number, and object tags in the object_tags map.
	Metadata Kind = "metadata"
)

// Values returns every Kind.
func (Kind) Values() []Kind { return []Kind{CSV, Parquet, ORC, Metadata} }

// Table is the table the queries read.
type Table struct {
	// Name is the table's name; default DefaultTable. A name with a
	// double quote is used as written; otherwise it is split at dots and
	// each part quoted.
	Name string
	// Kind is what the table holds; default CSV.
	Kind Kind
	// Fields are the S3 Inventory fields the table has, by their
	// fileSchema names in the report's order (the CSV column order);
	// default every field inventory.Column names but Tags, in S3's order.
	// Ignored for Metadata. A field the table lacks is what the dry run
	// assumes without it: VersionId empty, IsLatest true, IsDeleteMarker
	// false, StorageClass STANDARD, EncryptionStatus SSE-S3; Size and
	// LastModifiedDate are errors when the job needs them. A name
	// inventory.Column does not know is a column the queries do not read,
	// kept in its place in the DDL.
	Fields []string
	// SourceBucket is every row's bucket when Fields has no Bucket.
	SourceBucket string
	// Partition is the report's dt partition (YYYY-MM-DD-HH-MM), which
	// S3 Inventory tables have: the queries read the rows whose dt it
	// is. Empty: in Athena, the latest one, max(dt), which Athena finds
	// by reading every partition — name it when you can; in DuckDB, every
	// row. The DuckDB DDL's view gives every row of its files this dt, and
	// has no dt when it is empty. Ignored for Metadata.
	Partition string
	// Location is where the DDL points the table, when Files is empty:
	// the S3 URL of the report's hive/ folder for Athena; for DuckDB, the
	// data files (a glob): the report's, or, for Metadata, Parquet files
	// of an export of the table.
	Location string
	// Files are the data files the DuckDB DDL reads: the report's, or,
	// for Metadata, Parquet files of an export of the table.
	Files []string
}

// Buckets is the bucket metadata table: aws macie2 describe-buckets
// output, one bucket a row (see SQL.DDL).
type Buckets struct {
	// Name is the table's name. Empty: no table, which a job with bucket
	// criteria cannot do without; a job with bucket definitions then
	// selects buckets by name alone, as the dry run does without bucket
	// metadata.
	Name string
	// Location is where the DDL points the table: the S3 folder of the
	// JSON lines for Athena, the describe-buckets JSON file for DuckDB.
	Location string
}

// Dialect is the SQL the queries are written in.
type Dialect string

// The dialects.
const (
	Athena Dialect = "athena" // Trino's SQL as Amazon Athena engine version 3 runs it
	DuckDB Dialect = "duckdb" // DuckDB's SQL (1.1 or later), for local runs and tests
)

// Values returns every Dialect.
func (Dialect) Values() []Dialect { return []Dialect{Athena, DuckDB} }

// Options are the inputs of Generate besides the job.
type Options struct {
	// Dialect is the SQL to write; default Athena.
	Dialect Dialect
	Table   Table
	Buckets Buckets
	// Plan are the dry run's options: Engine (the choices where AWS is silent),
	// CreatedAt, Run or At (the run whose incremental window applies), and
	// Seed (the sampler's). Its Buckets are not read: the bucket table
	// takes their place.
	Plan plan.Options
}

// SQL is the job's scope as SQL, or, from GenerateCoverage, the jobs'
// coverage.
type SQL struct {
	Dialect Dialect
	// Objects lists the objects the run scans: bucket, key, version_id
	// (NULL for none), size and last_modified — exactly the objects the
	// dry run scans over the same rows. From GenerateCoverage: every
	// object read, the same columns and jobs, the names of the jobs that
	// analyze it, in the jobs' order.
	Objects string
	// Summary counts, per bucket and in all (the row whose bucket is
	// NULL), the rows read, scanned and skipped with their bytes, the
	// skips by reason (the dry run's reasons, one column each, in
	// lower case), and the rejected rows. From GenerateCoverage: one
	// row per measure, with the columns measure, job, other_job,
	// objects and bytes (see the package doc).
	Summary string
	// DDL defines the tables the queries expect.
	DDL string
	// Notes say what the queries assume, one sentence each.
	Notes []string
}

// DefaultTable and DefaultBucketsTable are the default table names.
const (
	DefaultTable        = "s3_inventory"
	DefaultBucketsTable = "macie_buckets"
)

// Generate writes the job's scope for one run as SQL: the objects it
// scans and a summary, over opts.Table, with the semantics of plan.DryRun
// (plan.New with opts.Plan) — the same stages in the same order, the same
// reasons. The job is validated as plan.New validates it, and an invalid
// job yields the same errors. An option that does not fit is a
// *field.Error with Code field.InvalidOption and the option's Go name as
// Path ("Dialect", "Table.Kind", "Table.Fields", "Table.SourceBucket",
// "Buckets"); the columns the job needs and the table lacks are a
// field.ErrorList of Code field.MissingColumn, each with the JSON path of
// the part of the job that needs the column.
func Generate(j *jobscope.Job, opts Options) (*SQL, error) {
	g, err := prepare(opts)
	if err != nil {
		return nil, err
	}
	if err := g.compile(j, opts.Plan); err != nil {
		return nil, err
	}
	return &SQL{Dialect: g.d.name(), Objects: g.objectsQuery(), Summary: g.summaryQuery(), DDL: g.ddl(), Notes: g.notes()}, nil
}

// prepare checks the options that do not depend on the job and returns
// the generator of their dialect and tables, with no job yet.
func prepare(opts Options) (*gen, error) {
	g := &gen{t: opts.Table, bt: opts.Buckets,
		ext: "o.ext", limit: "o.file_type_limit", selected: "bs.selected", denied: "bs.denied"}
	switch opts.Dialect {
	case "", Athena:
		g.d = newTrino()
	case DuckDB:
		g.d = newDuckDB()
	default:
		return nil, optionError("Dialect", fmt.Sprintf("%q is not athena or duckdb", opts.Dialect))
	}
	if g.t.Name == "" {
		g.t.Name = DefaultTable
	}
	switch g.t.Kind {
	case "":
		g.t.Kind = CSV
	case CSV, Parquet, Metadata:
	case ORC:
		if !g.d.readsORC() {
			return nil, optionError("Table.Kind", "DuckDB does not read ORC: configure the report as CSV or Parquet")
		}
	default:
		return nil, optionError("Table.Kind", fmt.Sprintf("%q is not csv, parquet, orc or metadata", g.t.Kind))
	}
	if g.t.Fields == nil {
		g.t.Fields = reportFields()
	}
	var err error
	if g.src, err = newSource(&g.t); err != nil {
		return nil, err
	}
	return g, nil
}

// compile validates and compiles the job as plan.New does with popts,
// and checks that the tables have what it needs.
func (g *gen) compile(j *jobscope.Job, popts plan.Options) error {
	popts.Buckets = []criteria.BucketMetadata{} // the bucket table stands in for them
	dry, err := plan.New(j, popts)
	if err != nil {
		return err
	}
	g.job = j
	g.engine = popts.Engine
	g.scoping = dry.Scoping().Program()
	g.window, g.windowed = dry.Window(), j.JobType == jobscope.Scheduled
	g.runs = max(popts.Runs, 1)
	g.pct = 100
	if j.SamplingPercentage != nil {
		g.pct = int(*j.SamplingPercentage)
	}
	g.seed = popts.Seed
	def := j.S3JobDefinition
	if def.BucketDefinitions == nil {
		if g.bt.Name == "" {
			return optionError("Buckets", "the job selects buckets by bucketCriteria, which are evaluated over bucket metadata: name the table of aws macie2 describe-buckets output")
		}
		m, err := criteria.Compile(def.BucketCriteria, nil, popts.Engine.Criteria)
		if err != nil {
			return err
		}
		g.criteria = m.Program()
	}
	return g.checkColumns()
}

// gen holds what one Generate call writes from.
type gen struct {
	d        dialect
	t        Table
	src      source
	bt       Buckets
	job      *jobscope.Job
	engine   jobscope.Options
	scoping  *scope.Program
	criteria *criteria.Program // nil for bucket definitions
	window   schedule.Window
	windowed bool
	runs     int // the consecutive runs the window spans (plan.Options.Runs)
	pct      int
	seed     uint64
	// ext, limit, selected and denied are the columns that hold the
	// job's extension and file type limit (of the object row o) and its
	// bucket stage (of the bucket_stage row bs).
	ext, limit, selected, denied string
}

func optionError(option, message string) *field.Error {
	return &field.Error{Path: option, Code: field.InvalidOption, Message: message}
}

// checkColumns reports the columns the job needs that the table lacks.
func (g *gen) checkColumns() error {
	var errs field.ErrorList
	for _, c := range g.scoping.Includes {
		errs = g.needFor(errs, &c)
	}
	for _, c := range g.scoping.Excludes {
		errs = g.needFor(errs, &c)
	}
	if g.windowed && !g.window.Unbounded() {
		path := "scheduleFrequency"
		if g.window.RunNumber == 1 {
			path = "initialRun"
		}
		errs = g.need(errs, inventory.ColLastModified, path, fmt.Sprintf("the incremental window of run %d", g.window.RunNumber))
	}
	return errs.Err()
}

// needFor adds to errs the column a scoping condition needs, when the
// table lacks it.
func (g *gen) needFor(errs field.ErrorList, c *scope.Condition) field.ErrorList {
	switch {
	case c.Kind == scope.TagScopeTermKind:
		return g.need(errs, inventory.ColTags, c.Path, "an object tag condition")
	case c.Key == scope.ObjectSize:
		return g.need(errs, inventory.ColSize, c.Path, "an OBJECT_SIZE condition")
	case c.Key == scope.ObjectLastModifiedDate:
		return g.need(errs, inventory.ColLastModified, c.Path, "an OBJECT_LAST_MODIFIED_DATE condition")
	}
	return errs
}

// need adds to errs that what, at path, needs the field f, when the table
// lacks it.
func (g *gen) need(errs field.ErrorList, f inventory.Column, path, what string) field.ErrorList {
	if g.src.has().Has(f) {
		return errs
	}
	msg := fmt.Sprintf("%s needs the %s column, which the table %s (%s) does not have", what, column(f), g.t.Name, g.t.Kind.describe())
	if f == inventory.ColTags {
		msg += ": S3 Inventory has no object tags; query an S3 Metadata live inventory table (kind metadata), whose object_tags column has them"
	}
	return append(errs, &field.Error{Path: path, Code: field.MissingColumn, Message: msg})
}
