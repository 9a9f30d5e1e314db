package athena

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/criteria"
	"github.com/jobscope/jobscope/plan"
	"github.com/jobscope/jobscope/schedule"
	"github.com/jobscope/jobscope/scope"
)

// Dialect is the SQL the queries are written in.
type Dialect string

// The dialects.
const (
	// Athena is Trino's SQL as Amazon Athena engine version 3 runs it.
	Athena Dialect = "athena"
	// DuckDB is DuckDB's SQL (1.1 or later), for local runs and tests.
	DuckDB Dialect = "duckdb"
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

// Kinds returns every Kind.
func Kinds() []Kind { return []Kind{CSV, Parquet, ORC, Metadata} }

// Fields are the S3 Inventory fields, in the order S3 writes them and
// AWS's Athena table lists them, by their fileSchema names.
var Fields = []string{"Bucket", "Key", "VersionId", "IsLatest", "IsDeleteMarker", "Size", "LastModifiedDate",
	"ETag", "StorageClass", "IsMultipartUploaded", "ReplicationStatus", "EncryptionStatus",
	"ObjectLockRetainUntilDate", "ObjectLockMode", "ObjectLockLegalHoldStatus", "IntelligentTieringAccessTier",
	"BucketKeyStatus", "ChecksumAlgorithm", "ObjectAccessControlList", "ObjectOwner"}

// Column is the Athena column name of an S3 Inventory field
// (LastModifiedDate → last_modified_date, ETag → e_tag).
func Column(field string) string {
	if field == "ETag" {
		return "e_tag"
	}
	var b strings.Builder
	for i, r := range field {
		if 'A' <= r && r <= 'Z' {
			if i > 0 {
				b.WriteByte('_')
			}
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Table is the table the queries read.
type Table struct {
	// Name is the table's name; default "s3_inventory". A name with a
	// double quote is used as written; otherwise it is split at dots and
	// each part quoted.
	Name string
	// Kind is what the table holds; default CSV.
	Kind Kind
	// Fields are the S3 Inventory fields the table has, by their
	// fileSchema names in the report's order (the CSV column order);
	// default Fields. Ignored for Metadata. A field the table lacks is
	// what the dry run assumes without it: VersionId empty, IsLatest
	// true, IsDeleteMarker false, StorageClass STANDARD, EncryptionStatus
	// SSE-S3; Size and LastModifiedDate are errors when the job needs
	// them.
	Fields []string
	// SourceBucket is every row's bucket when Fields has no Bucket.
	SourceBucket string
	// Partition is the report's dt partition (YYYY-MM-DD-HH-MM), which
	// S3 Inventory tables have. Empty: the latest one, max(dt), which
	// Athena finds by reading every partition — name it when you can.
	// Ignored for Metadata and by the DuckDB tables of DDL, which have
	// none.
	Partition string
	// Location is where the DDL points the table: the S3 URL of the
	// report's hive/ folder for Athena, the data files (a glob) for
	// DuckDB when Files is empty.
	Location string
	// Files are the report's data files, for the DuckDB DDL.
	Files []string
}

// Buckets is the bucket metadata table: aws macie2 describe-buckets
// output, one bucket a row (see DDL).
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

// SQL is the job's scope as SQL.
type SQL struct {
	Dialect Dialect
	// Objects lists the objects the run scans: bucket, key, version_id
	// (NULL for none), size and last_modified — exactly the objects the
	// dry run scans over the same rows.
	Objects string
	// Summary counts, per bucket and in all (the row whose bucket is
	// NULL), the rows read, scanned and skipped with their bytes, the
	// skips by reason (the dry run's reasons, one column each, in
	// lower case), and the rejected rows.
	Summary string
	// DDL defines the tables the queries expect.
	DDL string
	// Notes say what the queries assume, one sentence each.
	Notes []string
}

// ColumnError is a column the job needs that the table does not have.
type ColumnError struct {
	// Table is the table's name and Kind its kind.
	Table string
	Kind  Kind
	// Column is the missing column.
	Column string
	// Path is the JSON path of the part of the job that needs it.
	Path string
	// Need says what needs it.
	Need string
}

func (e *ColumnError) Error() string {
	msg := fmt.Sprintf("%s (%s) needs the %s column, which the table %s (%s) does not have", e.Need, e.Path, e.Column, e.Table, kindName(e.Kind))
	if e.Column == "object_tags" {
		msg += ": S3 Inventory has no object tags; query an S3 Metadata live inventory table (kind metadata), whose object_tags column has them"
	}
	return msg
}

// ConfigError is an option that does not fit the job.
type ConfigError struct {
	Field   string
	Message string
}

func (e *ConfigError) Error() string { return e.Field + ": " + e.Message }

func kindName(k Kind) string {
	switch k {
	case CSV:
		return "S3 Inventory, CSV"
	case Parquet:
		return "S3 Inventory, Parquet"
	case ORC:
		return "S3 Inventory, ORC"
	}
	return "S3 Metadata live inventory"
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
// job yields the same errors; an option that does not fit is a
// *ConfigError, a column the table lacks a *ColumnError.
func Generate(j *jobscope.Job, opts Options) (*SQL, error) {
	g := &gen{d: opts.Dialect, t: opts.Table, bt: opts.Buckets, used: map[string]bool{}}
	switch g.d {
	case "":
		g.d = Athena
	case Athena, DuckDB:
	default:
		return nil, &ConfigError{"Dialect", fmt.Sprintf("%q is not athena or duckdb", opts.Dialect)}
	}
	if g.t.Name == "" {
		g.t.Name = DefaultTable
	}
	switch g.t.Kind {
	case "":
		g.t.Kind = CSV
	case CSV, Parquet, Metadata:
	case ORC:
		if g.d == DuckDB {
			return nil, &ConfigError{"Table.Kind", "DuckDB does not read ORC: configure the report as CSV or Parquet"}
		}
	default:
		return nil, &ConfigError{"Table.Kind", fmt.Sprintf("%q is not csv, parquet, orc or metadata", g.t.Kind)}
	}
	if g.t.Fields == nil {
		g.t.Fields = Fields
	}
	g.fields = map[string]bool{}
	if g.t.Kind == Metadata {
		for _, f := range []string{"Bucket", "Key", "VersionId", "IsDeleteMarker", "Size", "LastModifiedDate", "StorageClass", "EncryptionStatus"} {
			g.fields[f] = true
		}
	} else {
		for _, f := range g.t.Fields {
			if g.fields[f] {
				return nil, &ConfigError{"Table.Fields", fmt.Sprintf("%s appears twice", f)}
			}
			g.fields[f] = true
		}
		if !g.fields["Key"] {
			return nil, &ConfigError{"Table.Fields", "the table needs the Key field"}
		}
		if !g.fields["Bucket"] && g.t.SourceBucket == "" {
			return nil, &ConfigError{"Table.SourceBucket", "the table has no Bucket field: name the report's source bucket"}
		}
	}

	popts := opts.Plan
	popts.Buckets = []criteria.BucketMetadata{} // the bucket table stands in for them
	dry, err := plan.New(j, popts)
	if err != nil {
		return nil, err
	}
	g.job = j
	g.engine = popts.Engine
	g.scoping = dry.Scoping().Plan()
	g.window, g.windowed = dry.Window(), j.JobType == jobscope.Scheduled
	g.pct = 100
	if j.SamplingPercentage != nil {
		g.pct = int(*j.SamplingPercentage)
	}
	g.seed = popts.Seed
	def := j.S3JobDefinition
	if def.BucketDefinitions == nil {
		if g.bt.Name == "" {
			return nil, &ConfigError{"Buckets", "the job selects buckets by bucketCriteria, which are evaluated over bucket metadata: name the table of aws macie2 describe-buckets output"}
		}
		m, err := criteria.Compile(def.BucketCriteria, nil, popts.Engine.Criteria)
		if err != nil {
			return nil, err
		}
		g.criteria = m.Program()
	}
	if err := g.checkColumns(); err != nil {
		return nil, err
	}
	out := &SQL{Dialect: g.d}
	out.Objects = g.objectsQuery()
	out.Summary = g.summaryQuery()
	out.DDL = g.ddl()
	out.Notes = g.notes()
	return out, nil
}

// gen holds what one Generate call writes from.
type gen struct {
	d        Dialect
	t        Table
	bt       Buckets
	fields   map[string]bool
	job      *jobscope.Job
	engine   jobscope.Options
	scoping  *scope.Plan
	criteria *criteria.Program // nil for bucket definitions
	window   schedule.Window
	windowed bool
	pct      int
	seed     uint64
	used     map[string]bool // functions used, for the header
}

func (g *gen) checkColumns() error {
	var errs []error
	need := func(field, column, path, what string) {
		if !g.fields[field] {
			errs = append(errs, &ColumnError{Table: g.t.Name, Kind: g.t.Kind, Column: column, Path: path, Need: what})
		}
	}
	for _, c := range slices.Concat(g.scoping.Includes, g.scoping.Excludes) {
		switch {
		case c.Kind == scope.TagScopeTermKind:
			if g.t.Kind != Metadata {
				errs = append(errs, &ColumnError{Table: g.t.Name, Kind: g.t.Kind, Column: "object_tags", Path: c.Path, Need: "an object tag condition"})
			}
		case c.Key == scope.ObjectSize:
			need("Size", "size", c.Path, "an OBJECT_SIZE condition")
		case c.Key == scope.ObjectLastModifiedDate:
			need("LastModifiedDate", "last_modified_date", c.Path, "an OBJECT_LAST_MODIFIED_DATE condition")
		}
	}
	if g.windowed && !g.window.Unbounded() {
		path := "scheduleFrequency"
		if g.window.RunNumber == 1 {
			path = "initialRun"
		}
		need("LastModifiedDate", "last_modified_date", path, fmt.Sprintf("the incremental window of run %d", g.window.RunNumber))
	}
	return errors.Join(errs...)
}

// fn marks a function as used and returns its name.
func (g *gen) fn(name string) string {
	g.used[name] = true
	return name
}

func (g *gen) has(field string) bool { return g.fields[field] }

func (g *gen) col(field string) string { return ident(Column(field)) }

// typed reports whether the table's columns are typed (not CSV strings).
func (g *gen) typed() bool { return g.t.Kind != CSV }

// srcColumns are the select list of the src CTE: the columns of the
// table, normalized so that every later expression is NULL-free.
func (g *gen) srcColumns() []string {
	var cols []string
	add := func(expr, name, note string) {
		s := expr + " AS " + name
		if note != "" {
			s += " -- " + comment(note)
		}
		cols = append(cols, s)
	}
	duck := g.d == DuckDB
	// bucket
	if g.has("Bucket") {
		add(g.col("Bucket"), "bucket", "")
	} else {
		add(str(g.t.SourceBucket), "bucket", "the report's source bucket")
	}
	// key
	switch {
	case g.t.Kind != CSV:
		add(g.col("Key"), "key", "")
	case duck:
		add(g.fn("url_decode")+"(replace("+g.col("Key")+", '+', ' '))", "key",
			"URL-encoded, + for a space; DuckDB's url_decode leaves + as it is")
	default:
		add(g.fn("url_decode")+"("+g.col("Key")+")", "key", "URL-encoded, + for a space")
	}
	// version_id
	if g.has("VersionId") {
		add(g.fn("coalesce")+"("+g.col("VersionId")+", '')", "version_id", "")
	} else {
		add("''", "version_id", "no VersionId: unversioned")
	}
	// is_latest
	switch {
	case g.t.Kind == Metadata:
		seq := ident("sequence_number")
		add(g.fn("coalesce")+"("+seq+" = "+g.fn("max")+"("+seq+") OVER (PARTITION BY "+g.col("Bucket")+", "+g.col("Key")+"), true)",
			"is_latest", "the latest version has the greatest sequence_number")
	case !g.has("IsLatest"):
		add("true", "is_latest", "no IsLatest: current versions only")
	case g.typed():
		add(g.fn("coalesce")+"("+g.col("IsLatest")+", true)", "is_latest", "")
	default:
		add(g.fn("coalesce")+"(CAST("+g.col("IsLatest")+" AS varchar), 'true') <> 'false'", "is_latest", "")
	}
	// is_delete_marker
	switch {
	case !g.has("IsDeleteMarker"):
		add("false", "is_delete_marker", "no IsDeleteMarker: current versions only")
	case g.typed():
		add(g.fn("coalesce")+"("+g.col("IsDeleteMarker")+", false)", "is_delete_marker", "")
	default:
		add(g.fn("coalesce")+"(CAST("+g.col("IsDeleteMarker")+" AS varchar), '') = 'true'", "is_delete_marker", "")
	}
	// size_raw
	switch {
	case !g.has("Size"):
		add("CAST(NULL AS bigint)", "size_raw", "no Size: sizes are unknown (0) and the quotas not checked")
	case g.typed():
		add(g.col("Size"), "size_raw", "")
	default:
		add("CAST("+g.fn("nullif")+"(CAST("+g.col("Size")+" AS varchar), '') AS bigint)", "size_raw", "empty for a delete marker")
	}
	// last_modified
	lm := g.col("LastModifiedDate")
	switch {
	case !g.has("LastModifiedDate"):
		add("CAST(NULL AS timestamp)", "last_modified", "no LastModifiedDate")
	case duck && g.t.Kind == CSV:
		add(g.fn("make_timestamp")+"("+g.fn("epoch_us")+"(CAST("+g.fn("nullif")+"("+lm+", '') AS TIMESTAMPTZ)))", "last_modified", "UTC")
	case duck:
		add(g.fn("make_timestamp")+"("+g.fn("epoch_us")+"("+lm+"))", "last_modified", "UTC")
	case g.t.Kind == CSV:
		add("CAST("+g.fn("from_iso8601_timestamp_nanos")+"("+g.fn("nullif")+"("+lm+", '')) AT TIME ZONE 'UTC' AS timestamp(9))", "last_modified", "UTC, to the nanosecond")
	case g.t.Kind == Metadata:
		add("CAST("+lm+" AS timestamp(6))", "last_modified", "UTC")
	default:
		add(lm, "last_modified", "UTC")
	}
	// storage_class, access_tier, encryption_status
	if g.has("StorageClass") {
		add(g.fn("coalesce")+"("+g.fn("nullif")+"("+g.col("StorageClass")+", ''), 'STANDARD')", "storage_class", "none is STANDARD")
	} else {
		add("'STANDARD'", "storage_class", "no StorageClass: assumed STANDARD, as the dry run does")
	}
	if g.has("IntelligentTieringAccessTier") {
		add(g.fn("coalesce")+"("+g.col("IntelligentTieringAccessTier")+", '')", "access_tier", "")
	} else {
		add("''", "access_tier", "no IntelligentTieringAccessTier: no object is known to be archived, as the dry run assumes")
	}
	if g.has("EncryptionStatus") {
		add(g.fn("coalesce")+"("+g.col("EncryptionStatus")+", '')", "encryption_status", "")
	} else {
		add("'SSE-S3'", "encryption_status", "no EncryptionStatus: assumed SSE-S3 (the S3 default), as the dry run does")
	}
	if g.t.Kind == Metadata {
		add(ident("object_tags"), "object_tags", "")
	}
	return cols
}

// lastSegment is the text after the last "/" of x.
func (g *gen) lastSegment(x, sep string) string {
	if g.d == DuckDB {
		return g.fn("split_part") + "(" + x + ", " + str(sep) + ", -1)"
	}
	return g.fn("element_at") + "(" + g.fn("split") + "(" + x + ", " + str(sep) + "), -1)"
}

// extension is the extension of name by rule, NULL for none.
func (g *gen) extension(name string, rule scope.ExtensionRule) string {
	pos := g.fn("strpos") + "(" + name + ", '.')"
	if rule == scope.FirstDot {
		return "CASE WHEN " + pos + " > 0 AND " + g.fn("substr") + "(" + name + ", " + g.fn("length") + "(" + name + ")) <> '.' THEN " +
			g.fn("substr") + "(" + name + ", " + pos + " + 1) END"
	}
	return "CASE WHEN " + pos + " > 0 THEN " + g.fn("nullif") + "(" + g.lastSegment(name, ".") + ", '') END"
}

// fileTypeLimits is the CASE giving the largest analyzable size of a
// file type, NULL for an unsupported one.
func (g *gen) fileTypeLimits() string {
	e := scope.NewEligibility(g.engine.Eligibility)
	var exts []string
	seen := map[string]bool{}
	for _, f := range scope.SupportedFileFormats() {
		exts = append(exts, f.Extension)
		seen[f.Extension] = true
	}
	for _, x := range g.engine.Eligibility.ExtraTextExtensions {
		x = asciiLower(x)
		if x != "" && !seen[x] {
			seen[x] = true
			exts = append(exts, x)
		}
	}
	// A map looked up once: a CASE file_type WHEN … would repeat the
	// file_type expression once per format wherever the engine inlines it.
	keys := make([]string, len(exts))
	vals := make([]string, len(exts))
	for i, x := range exts {
		limit, _ := e.Limit(x)
		keys[i] = str(x)
		vals[i] = strconv.FormatInt(limit, 10)
	}
	if g.d == DuckDB {
		pairs := make([]string, len(exts))
		for i := range exts {
			pairs[i] = keys[i] + ": " + vals[i]
		}
		return "MAP {" + strings.Join(pairs, ", ") + "}[file_type]"
	}
	return g.fn("element_at") + "(MAP(ARRAY[" + strings.Join(keys, ", ") + "],\n      ARRAY[" + strings.Join(vals, ", ") + "]), file_type)"
}

func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// with is the WITH clause the two queries share.
func (g *gen) with() string {
	var b strings.Builder
	b.WriteString("WITH\n")
	// src
	b.WriteString("src AS ( -- the table's rows, NULL-free: every condition below is true or false, never NULL\n  SELECT\n")
	cols := g.srcColumns()
	for i, c := range cols {
		sep := ","
		if i == len(cols)-1 {
			sep = ""
		}
		// a trailing comment must follow the comma
		if k := strings.Index(c, " -- "); k >= 0 {
			b.WriteString("    " + c[:k] + sep + c[k:] + "\n")
		} else {
			b.WriteString("    " + c + sep + "\n")
		}
	}
	b.WriteString("  FROM " + tableName(g.t.Name) + "\n")
	if w := g.partitionFilter(); w != "" {
		b.WriteString("  WHERE " + w + "\n")
	}
	b.WriteString("),\n")
	// named
	b.WriteString("named AS (\n  SELECT *,\n")
	b.WriteString("    " + g.lastSegment("key", "/") + " AS name, -- the file name: the text after the key's last /\n")
	b.WriteString("    " + g.fn("coalesce") + "(size_raw, 0) AS size\n")
	b.WriteString("  FROM src\n),\n")
	// typed
	b.WriteString("typed AS (\n  SELECT *,\n")
	rule := g.scoping.ExtensionRule
	b.WriteString("    " + g.extension("name", rule) + " AS ext, -- extensionRule " + string(rule) + "; NULL: no extension\n")
	b.WriteString("    " + g.fn("translate") + "(" + g.extension("name", scope.LastDot) +
		", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') AS file_type -- eligibility: after the last dot, ASCII lower case\n")
	b.WriteString("  FROM named\n),\n")
	// objects
	b.WriteString("objects AS (\n  SELECT *,\n")
	b.WriteString("    " + g.fileTypeLimits() + " AS file_type_limit, -- bytes; NULL: not a supported file type\n")
	b.WriteString("    " + g.valid() + " AS valid -- false: a row the dry run rejects\n")
	b.WriteString("  FROM typed\n)")
	if g.bucketJoin() {
		b.WriteString(",\nbucket_stage AS ( -- one row per bucket of the bucket metadata\n")
		b.WriteString("  SELECT b." + ident("bucketname") + " AS bucket_name,\n    " + g.bucketSelected() + " AS selected,\n    " +
			g.bucketDenied() + " AS denied -- Macie may not read the bucket (accessDeniedBuckets " + string(cmp.Or(g.engine.AccessDeniedBuckets, jobscope.AccessDeniedSkip)) + ")\n")
		b.WriteString("  FROM " + tableName(g.bt.Name) + " b\n)")
	}
	b.WriteString("\n")
	return b.String()
}

func (g *gen) partitionFilter() string {
	if g.t.Kind == Metadata {
		return ""
	}
	if g.t.Partition != "" {
		return ident("dt") + " = " + str(g.t.Partition) + " -- the report"
	}
	if g.d == DuckDB {
		return ""
	}
	return ident("dt") + " = (SELECT " + g.fn("max") + "(" + ident("dt") + ") FROM " + tableName(g.t.Name) + ") -- the latest report; name it (--dt) to spare Athena reading every partition"
}

func (g *gen) valid() string {
	conds := []string{"bucket <> ''", "key <> ''"}
	if g.has("LastModifiedDate") {
		conds = append(conds, "last_modified IS NOT NULL")
	}
	if g.has("Size") {
		conds = append(conds, "(size_raw IS NOT NULL OR is_delete_marker)")
	}
	return g.fn("coalesce") + "(" + strings.Join(conds, " AND ") + ", false)"
}

// bucketJoin reports whether the queries join the bucket metadata.
func (g *gen) bucketJoin() bool { return g.bt.Name != "" }

// bucketSelected is the bucket stage's verdict for a row b of the bucket
// table.
func (g *gen) bucketSelected() string {
	if g.criteria == nil {
		// bucket definitions: the account and the name
		var ors []string
		for _, d := range g.job.S3JobDefinition.BucketDefinitions {
			ors = append(ors, "("+g.fn("coalesce")+"(b."+ident("accountid")+", '') = "+str(d.AccountID)+
				" AND b."+ident("bucketname")+" IN "+strList(dedup(d.Buckets))+")")
		}
		if len(ors) == 0 {
			return "false"
		}
		return g.fn("coalesce") + "(" + strings.Join(ors, "\n      OR ") + ", false)"
	}
	p := g.criteria
	incl := make([]string, 0, len(p.Includes))
	for _, c := range p.Includes {
		incl = append(incl, "-- "+c.Path+"\n      "+g.criterion(&c))
	}
	excl := make([]string, 0, len(p.Excludes))
	for _, c := range p.Excludes {
		excl = append(excl, "-- "+c.Path+"\n      "+g.criterion(&c))
	}
	return g.block(incl, excl, p.ExcludeJoin, "      ")
}

// block combines include and exclude conditions: all includes and not the
// excludes joined by join.
func (g *gen) block(incl, excl []string, join criteria.Join, indent string) string {
	in := "true"
	if len(incl) > 0 {
		in = "(" + strings.Join(incl, "\n"+indent+"AND ") + ")"
	}
	if len(excl) == 0 {
		return in
	}
	op := "AND"
	if join == criteria.JoinOR {
		op = "OR"
	}
	return "(" + in + "\n" + indent + "AND NOT (" + strings.Join(excl, "\n"+indent+op+" ") + "))"
}

// criterion renders one bucket criterion over the bucket row b.
func (g *gen) criterion(c *criteria.Condition) string {
	ne := c.Comparator == criteria.NE
	if c.Tags != nil {
		var ors []string
		for _, t := range c.Tags {
			k := g.fn("coalesce") + `(t."key", '') = ` + str(t.Key)
			v := g.fn("coalesce") + `(t."value", '') = ` + str(t.Value)
			switch t.Match {
			case criteria.TagMatchKey:
				ors = append(ors, k)
			case criteria.TagMatchValue:
				ors = append(ors, v)
			default:
				ors = append(ors, "("+k+" AND "+v+")")
			}
		}
		pred := strings.Join(ors, " OR ")
		var any string
		if g.d == DuckDB {
			any = g.fn("coalesce") + "(" + g.fn("len") + "(" + g.fn("list_filter") + "(b." + ident("tags") + ", lambda t: " + pred + ")) > 0, false)"
		} else {
			any = g.fn("coalesce") + "(" + g.fn("any_match") + "(b." + ident("tags") + ", t -> " + pred + "), false)"
		}
		res := any
		if ne {
			res = "NOT " + any
		}
		// tags Macie did not collect: EQ fails, NE holds
		return "CASE WHEN " + g.fn("coalesce") + "(b." + ident("errorcode") + ", '') = 'BUCKET_COUNT_EXCEEDS_QUOTA' THEN " +
			strconv.FormatBool(ne) + " ELSE " + res + " END"
	}
	var v string
	switch c.Key {
	case criteria.AccountID:
		v = "b." + ident("accountid")
	case criteria.S3BucketName:
		v = "b." + ident("bucketname")
	case criteria.S3BucketEffectivePermission:
		v = "b." + ident("publicaccess") + "." + ident("effectivepermission")
	case criteria.S3BucketSharedAccess:
		v = "b." + ident("sharedaccess")
	default:
		v = "''"
	}
	op := "IN"
	if ne {
		op = "NOT IN"
	}
	return g.fn("coalesce") + "(" + v + ", '') " + op + " " + strList(c.Values)
}

func dedup(xs []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// bucketDenied is whether the objects of a row b of the bucket table are
// skipped because its metadata has errorCode ACCESS_DENIED.
func (g *gen) bucketDenied() string {
	if g.engine.AccessDeniedBuckets == jobscope.AccessDeniedScan {
		return "false"
	}
	return g.fn("coalesce") + "(b." + ident("errorcode") + ", '') = '" + criteria.ErrorCodeAccessDenied + "'"
}

// bucketStage is the bucket stage's condition on an object row o (and bs,
// the bucket_stage row of its bucket, when joined).
func (g *gen) bucketStage() string {
	if g.criteria != nil {
		return "bs.bucket_name IS NOT NULL AND bs.selected"
	}
	var names []string
	for _, d := range g.job.S3JobDefinition.BucketDefinitions {
		names = append(names, d.Buckets...)
	}
	in := "o.bucket IN " + strList(dedup(names))
	if !g.bucketJoin() {
		return in
	}
	return "CASE WHEN bs.bucket_name IS NULL THEN " + in + " ELSE bs.selected END"
}

// scopeTerm renders one scoping condition over the object row o.
func (g *gen) scopeTerm(c *scope.Condition) string {
	ne := c.Comparator == criteria.NE
	if c.Kind == scope.TagScopeTermKind {
		var ors []string
		for _, p := range c.Tags {
			var v string
			if g.d == DuckDB {
				v = "o.object_tags[" + str(p.Key) + "]"
			} else {
				v = g.fn("element_at") + "(o.object_tags, " + str(p.Key) + ")"
			}
			if p.Value == "" {
				ors = append(ors, v+" IS NOT NULL")
			} else {
				ors = append(ors, g.fn("coalesce")+"("+v+" = "+str(p.Value)+", false)")
			}
		}
		any := "(" + strings.Join(ors, " OR ") + ")"
		if ne {
			return "NOT " + any
		}
		return any
	}
	switch c.Key {
	case scope.ObjectKey:
		var ors []string
		for _, v := range c.Values {
			ors = append(ors, g.fn("starts_with")+"(o.key, "+str(v)+")")
		}
		return "(" + strings.Join(ors, " OR ") + ")"
	case scope.ObjectExtension:
		if ne {
			noExt := g.scoping.NoExtensionNE != scope.NoExtensionNoMatch
			return g.fn("coalesce") + "(o.ext NOT IN " + strList(c.Extensions) + ", " + strconv.FormatBool(noExt) + ") -- no extension: noExtensionNE " + string(g.scoping.NoExtensionNE)
		}
		return g.fn("coalesce") + "(o.ext IN " + strList(c.Extensions) + ", false) -- no extension: false"
	case scope.ObjectSize:
		if (c.Comparator == criteria.GT && c.Size == math.MaxInt64) || !ordered(c.Comparator) {
			return "false"
		}
		return "o.size " + sqlOp(c.Comparator) + " " + strconv.FormatInt(c.Size, 10)
	case scope.ObjectLastModifiedDate:
		if !ordered(c.Comparator) {
			return "false"
		}
		if g.scoping.LastModifiedPrecision == scope.Exact {
			return g.cmpTime("o.last_modified", c.Comparator, c.Date)
		}
		// floor(last_modified to the second) op D, D whole seconds
		d, d1 := c.Date, c.Date.Add(time.Second)
		switch c.Comparator {
		case criteria.EQ:
			return "(" + g.cmpTime("o.last_modified", criteria.GTE, d) + " AND " + g.cmpTime("o.last_modified", criteria.LT, d1) + ")"
		case criteria.NE:
			return "(" + g.cmpTime("o.last_modified", criteria.LT, d) + " OR " + g.cmpTime("o.last_modified", criteria.GTE, d1) + ")"
		case criteria.GT:
			return g.cmpTime("o.last_modified", criteria.GTE, d1)
		case criteria.GTE:
			return g.cmpTime("o.last_modified", criteria.GTE, d)
		case criteria.LT:
			return g.cmpTime("o.last_modified", criteria.LT, d)
		default: // LTE
			return g.cmpTime("o.last_modified", criteria.LT, d1)
		}
	}
	return "false"
}

func ordered(c criteria.JobComparator) bool {
	switch c {
	case criteria.EQ, criteria.NE, criteria.GT, criteria.GTE, criteria.LT, criteria.LTE:
		return true
	}
	return false
}

func sqlOp(c criteria.JobComparator) string {
	switch c {
	case criteria.EQ:
		return "="
	case criteria.NE:
		return "<>"
	case criteria.GT:
		return ">"
	case criteria.GTE:
		return ">="
	case criteria.LT:
		return "<"
	}
	return "<="
}

// cmpTime compares a timestamp column with an instant, exactly: Trino's
// literal keeps nanoseconds; DuckDB's timestamps are microseconds, so the
// instant is rounded the way that keeps the comparison exact for values
// that are whole microseconds (S3 reports milliseconds).
func (g *gen) cmpTime(x string, op criteria.JobComparator, t time.Time) string {
	t = t.UTC()
	if g.d != DuckDB {
		return x + " " + sqlOp(op) + " TIMESTAMP '" + t.Format("2006-01-02 15:04:05.000000000") + "'"
	}
	floor := t.Truncate(time.Microsecond)
	ceil := floor
	if !floor.Equal(t) {
		ceil = floor.Add(time.Microsecond)
	}
	lit := func(u time.Time) string { return "TIMESTAMP '" + u.Format("2006-01-02 15:04:05.000000") + "'" }
	whole := floor.Equal(t)
	switch op {
	case criteria.GT:
		return x + " > " + lit(floor)
	case criteria.GTE:
		return x + " >= " + lit(ceil)
	case criteria.LT:
		return x + " < " + lit(ceil)
	case criteria.LTE:
		return x + " <= " + lit(floor)
	case criteria.EQ:
		if !whole {
			return "false"
		}
		return x + " = " + lit(t)
	default:
		if !whole {
			return "true"
		}
		return x + " <> " + lit(t)
	}
}

// scopeStages are the include and exclude blocks of the scoping, each
// condition with its path.
func (g *gen) scopeBlocks() (incl, excl string) {
	p := g.scoping
	var in, ex []string
	for _, c := range p.Includes {
		in = append(in, g.scopeTerm(&c)+" -- "+comment(c.Path))
	}
	for _, c := range p.Excludes {
		ex = append(ex, g.scopeTerm(&c)+" -- "+comment(c.Path))
	}
	incl, excl = "true", "false"
	if len(in) > 0 {
		incl = "(\n      " + strings.Join(in, "\n      AND ") + "\n    )"
	}
	if len(ex) > 0 {
		op := "AND"
		if p.ExcludeJoin == criteria.JoinOR {
			op = "OR"
		}
		excl = "( -- excludeJoin " + string(p.ExcludeJoin) + "\n      " + strings.Join(ex, "\n      "+op+" ") + "\n    )"
	}
	return incl, excl
}

// eligibility is the eligibility stage's five checks.
func (g *gen) eligibility() (class, tier, fileType, size, encryption string) {
	var classes, archived []string
	for _, c := range scope.SupportedStorageClasses() {
		classes = append(classes, string(c))
	}
	for _, t := range scope.AccessTier("").Values() {
		if t.Archived() {
			archived = append(archived, string(t))
		}
	}
	enc := []string{string(scope.SSEC)}
	if g.engine.Eligibility.KMSKeysInaccessible {
		enc = append(enc, string(scope.SSEKMS), string(scope.DSSEKMS))
	}
	return "o.storage_class IN " + strList(classes),
		"NOT (o.storage_class = '" + string(scope.IntelligentTiering) + "' AND o.access_tier IN " + strList(archived) + ")",
		"o.file_type_limit IS NOT NULL",
		"o.size <= o.file_type_limit",
		"o.encryption_status NOT IN " + strList(enc)
}

// windowChecks are the increment stage's checks: at or before the run's
// start (upper), after the previous run (lower); empty when none.
func (g *gen) windowChecks() (upper, lower string) {
	if !g.windowed {
		return "", ""
	}
	w := g.window
	upper = g.cmpTime("o.last_modified", criteria.LTE, w.Upper)
	if !w.Lower.IsZero() {
		op := criteria.GT
		if w.LowerInclusive {
			op = criteria.GTE
		}
		lower = g.cmpTime("o.last_modified", op, w.Lower)
	}
	return upper, lower
}

// sampled is the sample stage's check; empty when every object is taken.
func (g *gen) sampled() string {
	switch {
	case g.pct >= 100:
		return ""
	case g.pct <= 0:
		return "false"
	}
	threshold := uint64(g.pct) * (math.MaxUint64 / 100)
	h := g.hash()
	// unsigned h < threshold, with h a signed bigint holding the bits
	if threshold <= math.MaxInt64 {
		return "((" + h + ") BETWEEN 0 AND " + strconv.FormatInt(int64(threshold)-1, 10) + ")"
	}
	return "((" + h + ") NOT BETWEEN " + intLiteral(int64(threshold), g.d) + " AND -1)"
}

// hash is scope.SampleHash(seed, bucket, key, version_id) as a bigint
// holding its 64 bits.
func (g *gen) hash() string {
	var bytes string
	le8 := func(n string) string {
		parts := make([]string, 8)
		for i := range parts {
			if g.d == DuckDB {
				parts[i] = "((" + n + " >> " + strconv.Itoa(8*i) + ") & 255)"
			} else {
				parts[i] = g.fn("bitwise_and") + "(" + g.fn("bitwise_right_shift") + "(" + n + ", " + strconv.Itoa(8*i) + "), 255)"
			}
		}
		if g.d == DuckDB {
			return "[" + strings.Join(parts, ", ") + "]"
		}
		return "ARRAY[" + strings.Join(parts, ", ") + "]"
	}
	var lists []string
	for _, c := range []string{"o.bucket", "o.key", "o.version_id"} {
		if g.d == DuckDB {
			b := g.fn("encode") + "(" + c + ")"
			lists = append(lists, le8("CAST("+g.fn("octet_length")+"("+b+") AS BIGINT)"),
				g.fn("list_transform")+"("+g.fn("regexp_extract_all")+"("+g.fn("hex")+"("+b+"), '..'), lambda x: CAST('0x' || x AS BIGINT))")
		} else {
			b := g.fn("to_utf8") + "(" + c + ")"
			lists = append(lists, le8(g.fn("length")+"("+b+")"),
				g.fn("transform")+"("+g.fn("regexp_extract_all")+"("+g.fn("to_hex")+"("+b+"), '..'), x -> "+g.fn("from_base")+"(x, 16))")
		}
	}
	bytes = strings.Join(lists, "\n        || ")
	step := fnvStep().sql(g.d)
	var fnv string
	if g.d == DuckDB {
		fnv = g.fn("list_reduce") + "(\n        " + bytes + ",\n        lambda " + varHash + ", " + varByte + ": " + step + ",\n        " + intLiteral(fnvOffsetSigned, g.d) + ")"
	} else {
		fnv = g.fn("reduce") + "(\n        " + bytes + ",\n        " + intLiteral(fnvOffsetSigned, g.d) + ",\n        (" + varHash + ", " + varByte + ") -> " + step + ",\n        " + varHash + " -> " + varHash + ")"
	}
	var cases strings.Builder
	cases.WriteString("CASE " + varStep)
	for i, s := range mixSteps(g.seed) {
		cases.WriteString("\n        WHEN " + strconv.Itoa(i+1) + " THEN " + s.sql(g.d))
	}
	cases.WriteString(" END")
	if g.d == DuckDB {
		return g.fn("list_reduce") + "(" + g.fn("range") + "(1, 8), lambda " + varMix + ", " + varStep + ": " + cases.String() + ",\n      " + fnv + ")"
	}
	return g.fn("reduce") + "(" + g.fn("sequence") + "(1, 7),\n      " + fnv + ",\n      (" + varMix + ", " + varStep + ") -> " + cases.String() + ",\n      " + varMix + " -> " + varMix + ")"
}

// header is the comment block that opens a query.
func (g *gen) header(what string) string {
	var b strings.Builder
	engine := "Trino SQL for Amazon Athena (engine version 3)"
	if g.d == DuckDB {
		engine = "DuckDB SQL"
	}
	name := g.job.Name
	b.WriteString("-- jobscope: " + what + " of job " + comment(strconv.Quote(name)) + ", " + g.runText() + "\n")
	b.WriteString("-- " + engine + " over " + comment(tableName(g.t.Name)) + ": " + kindName(g.t.Kind) + "\n")
	b.WriteString("-- Stages in the dry run's order; the first that fails names the reason (jobscope's docs/semantics.md, \"The pipeline\").\n")
	return b.String()
}

func (g *gen) runText() string {
	if !g.windowed {
		return "its one run"
	}
	w := g.window
	s := fmt.Sprintf("run %d (starts %s)", w.RunNumber, w.Upper.UTC().Format(time.RFC3339Nano))
	if w.Lower.IsZero() {
		return s + ": every existing object"
	}
	op := "after"
	if w.LowerInclusive {
		op = "at or after"
	}
	return s + ": objects last modified " + op + " " + w.Lower.UTC().Format(time.RFC3339Nano)
}

// functionsUsed is the comment block naming the functions the query
// uses, with their documented NULL behaviour.
func (g *gen) functionsUsed() string {
	docs := trinoFunctions
	src := "Trino documentation (trino.io/docs/current/functions)"
	if g.d == DuckDB {
		docs = duckFunctions
		src = "DuckDB documentation (duckdb.org/docs/sql/functions)"
	}
	var names []string
	for n := range g.used {
		if _, ok := docs[n]; ok {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString("-- Functions, as the " + src + " defines them, and what they do with NULL:\n")
	for _, n := range names {
		b.WriteString("--   " + docs[n] + "\n")
	}
	return b.String()
}

// objectsQuery is the object list.
func (g *gen) objectsQuery() string {
	g.used = map[string]bool{}
	body := g.with()
	var w []string
	add := func(cond, why string) { w = append(w, cond+" -- "+why) }
	add("o.valid", "rows the dry run rejects are not read")
	add(g.bucketStage(), "bucket: "+g.bucketWhy())
	if g.bucketJoin() {
		add("NOT "+g.fn("coalesce")+"(bs.denied, false)", "bucket: "+string(plan.ReasonBucketAccessDenied))
	}
	add("o.is_latest", "version: NONCURRENT_VERSION")
	add("NOT o.is_delete_marker", "version: DELETE_MARKER")
	incl, excl := g.scopeBlocks()
	if incl != "true" {
		add(incl, "scope: NOT_INCLUDED")
	}
	if excl != "false" {
		add("NOT "+excl, "scope: EXCLUDED")
	}
	class, tier, ft, size, enc := g.eligibility()
	add(class, "eligibility: STORAGE_CLASS")
	add(tier, "eligibility: ARCHIVE_TIER")
	add(ft, "eligibility: FILE_TYPE")
	add(size, "eligibility: FILE_SIZE")
	add(enc, "eligibility: ENCRYPTION")
	upper, lower := g.windowChecks()
	if upper != "" {
		add(upper, "increment: AFTER_RUN_START (the run's start)")
	}
	if lower != "" {
		add(lower, "increment: UNCHANGED")
	}
	if s := g.sampled(); s != "" {
		add(s, fmt.Sprintf("sample: NOT_SAMPLED (samplingPercentage %d, seed %d: scope.SampleHash below %d%% of 2^64)", g.pct, g.seed, g.pct))
	}
	sel := "SELECT o.bucket, o.key, " + g.fn("nullif") + "(o.version_id, '') AS version_id, o.size, o.last_modified\n"
	var b strings.Builder
	b.WriteString(g.header("the objects scanned"))
	b.WriteString(g.functionsUsed())
	b.WriteString(body)
	b.WriteString(sel)
	b.WriteString("FROM objects o\n")
	if g.bucketJoin() {
		b.WriteString("LEFT JOIN bucket_stage bs ON bs.bucket_name = o.bucket\n")
	}
	for i, c := range w {
		kw := "  AND "
		if i == 0 {
			kw = "WHERE "
		}
		b.WriteString(kw + c + "\n")
	}
	return b.String()
}

func (g *gen) bucketWhy() string {
	switch {
	case g.criteria != nil:
		return "BUCKET_NOT_IN_INVENTORY, BUCKET_NOT_SELECTED (bucketCriteria)"
	case g.bucketJoin():
		return "BUCKET_NOT_SELECTED (bucketDefinitions: account and name where the bucket metadata has the bucket, else the name)"
	}
	return "BUCKET_NOT_SELECTED (bucketDefinitions, by name)"
}

// reasonCase is the CASE naming the first stage that skips a row.
func (g *gen) reasonCase() string {
	var b strings.Builder
	when := func(cond, reason string) {
		b.WriteString("\n      WHEN " + cond + " THEN '" + reason + "'")
	}
	not := func(cond string) string { return "NOT (" + cond + ")" }
	b.WriteString("CASE")
	when("NOT o.valid", "REJECTED")
	if g.criteria != nil {
		when("bs.bucket_name IS NULL", string(plan.ReasonBucketUnknown))
		when("NOT bs.selected", string(plan.ReasonBucketNotSelected))
	} else {
		when(not(g.bucketStage()), string(plan.ReasonBucketNotSelected))
	}
	if g.bucketJoin() {
		when(g.fn("coalesce")+"(bs.denied, false)", string(plan.ReasonBucketAccessDenied))
	}
	when("NOT o.is_latest", string(plan.ReasonNoncurrentVersion))
	when("o.is_delete_marker", string(plan.ReasonDeleteMarker))
	incl, excl := g.scopeBlocks()
	if incl != "true" {
		when(not(incl), string(plan.ReasonNotIncluded))
	}
	if excl != "false" {
		when(excl, string(plan.ReasonExcluded))
	}
	class, tier, ft, size, enc := g.eligibility()
	when(not(class), string(plan.ReasonStorageClass))
	when(not(tier), string(plan.ReasonArchiveTier))
	when(not(ft), string(plan.ReasonFileType))
	when(not(size), string(plan.ReasonFileSize))
	when(not(enc), string(plan.ReasonEncryption))
	upper, lower := g.windowChecks()
	if upper != "" {
		when(not(upper), string(plan.ReasonAfterRunStart))
	}
	if lower != "" {
		when(not(lower), string(plan.ReasonUnchanged))
	}
	if s := g.sampled(); s != "" {
		when(not(s), string(plan.ReasonNotSampled))
	}
	b.WriteString("\n    END")
	return b.String()
}

// summaryQuery counts the decisions per bucket and in all.
func (g *gen) summaryQuery() string {
	g.used = map[string]bool{}
	body := g.with()
	var b strings.Builder
	rc := g.reasonCase()
	g.fn("count_if")
	g.fn("sum")
	b.WriteString(g.header("the summary"))
	b.WriteString("-- One row per bucket, and the total (bucket NULL) last. reason NULL: scanned.\n")
	b.WriteString(g.functionsUsed())
	b.WriteString(strings.TrimRight(body, "\n") + ",\n")
	b.WriteString("decided AS (\n  SELECT o.bucket, o.size,\n    " + rc + " AS reason\n  FROM objects o\n")
	if g.bucketJoin() {
		b.WriteString("  LEFT JOIN bucket_stage bs ON bs.bucket_name = o.bucket\n")
	}
	b.WriteString(")\nSELECT\n  bucket,\n")
	read := "reason IS DISTINCT FROM 'REJECTED'"
	skipped := "reason <> 'REJECTED'"
	cols := []string{
		"count_if(" + read + ") AS read_objects",
		"sum(CASE WHEN " + read + " THEN size ELSE 0 END) AS read_bytes",
		"count_if(reason IS NULL) AS scanned_objects",
		"sum(CASE WHEN reason IS NULL THEN size ELSE 0 END) AS scanned_bytes",
		"count_if(" + skipped + ") AS skipped_objects",
		"sum(CASE WHEN " + skipped + " THEN size ELSE 0 END) AS skipped_bytes",
	}
	for _, r := range plan.Reasons() {
		cols = append(cols, "count_if(reason = '"+string(r)+"') AS "+strings.ToLower(string(r)))
	}
	cols = append(cols, "count_if(reason = 'REJECTED') AS rejected_rows")
	b.WriteString("  " + strings.Join(cols, ",\n  ") + "\n")
	b.WriteString("FROM decided\nGROUP BY GROUPING SETS ((bucket), ())\nORDER BY bucket NULLS LAST\n")
	return b.String()
}

func (g *gen) notes() []string {
	var n []string
	if g.t.Kind == CSV {
		if g.d == DuckDB {
			n = append(n, "Keys are URL-decoded with + read as a space first (S3 Inventory writes a plus sign as %2B), as the dry run decodes them.")
		} else {
			n = append(n, "Keys are URL-decoded by url_decode, which reads + as a space and %2B as a plus sign, as S3 Inventory encodes them and the dry run decodes them.")
		}
	}
	if g.pct > 0 && g.pct < 100 {
		n = append(n, fmt.Sprintf("Sampling is exact: the query computes scope.SampleHash (FNV-1a and splitmix64 modulo 2^64 on signed bigints) with seed %d, so it selects the very objects the dry run with that seed selects; about %d%% of the eligible objects.", g.seed, g.pct))
	}
	if g.criteria != nil || g.bucketJoin() {
		n = append(n, "The bucket metadata table must have one row per bucket name, as describe-buckets output has.")
	}
	if g.t.Kind != Metadata && g.t.Partition == "" && g.d == Athena {
		n = append(n, "No report named (dt): the query reads the latest, max(dt), which costs a scan of every partition.")
	}
	return n
}
