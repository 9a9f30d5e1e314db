package athena

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/inventory"
	"github.com/jobscope/jobscope/plan"
	"github.com/jobscope/jobscope/scope"
)

// This file assembles the queries. Both share one WITH clause: src reads
// the table (see source.go), named and typed derive the file name, the
// extension and the file type, objects adds the file type's size limit
// and whether the dry run reads the row at all, and bucket_stage decides
// each bucket of the bucket metadata. The stages then follow the dry
// run's order (docs/semantics.md, "The pipeline"), as one list of checks:
// the object list keeps the rows that pass them all, the summary names,
// per row, the reason of the first that fails. The sample hash is last,
// so it is evaluated only for rows every earlier stage passes.

// A check is one condition of a stage: the object list keeps the rows
// that pass, with why as the comment; the summary's CASE names the reason
// of the first failure that holds.
type check struct {
	pass, why string
	fails     []failure
}

type failure struct{ cond, reason string }

// checks are the stages' checks in the dry run's order.
func (g *gen) checks() []check {
	var cs []check
	add := func(pass, fail, reason, why string) {
		cs = append(cs, check{pass, why, []failure{{fail, reason}}})
	}
	not := func(c string) string { return "NOT (" + c + ")" }
	add("o.valid", "NOT o.valid", "REJECTED", "rows the dry run rejects are not read")
	bucket := g.bucketStage()
	if g.criteria != nil {
		cs = append(cs, check{bucket, "bucket: BUCKET_NOT_IN_INVENTORY, BUCKET_NOT_SELECTED (bucketCriteria)", []failure{
			{"bs.bucket_name IS NULL", string(plan.ReasonBucketUnknown)}, {"NOT " + g.selected, string(plan.ReasonBucketNotSelected)}}})
	} else {
		why := "bucket: BUCKET_NOT_SELECTED (bucketDefinitions, by name)"
		if g.bucketJoin() {
			why = "bucket: BUCKET_NOT_SELECTED (bucketDefinitions: account and name where the bucket metadata has the bucket, else the name)"
		}
		add(bucket, not(bucket), string(plan.ReasonBucketNotSelected), why)
	}
	if g.bucketJoin() {
		denied := g.d.fn("coalesce", g.denied, "false")
		add("NOT "+denied, denied, string(plan.ReasonBucketAccessDenied), "bucket: "+string(plan.ReasonBucketAccessDenied))
	}
	add("o.is_latest", "NOT o.is_latest", string(plan.ReasonNoncurrentVersion), "version: NONCURRENT_VERSION")
	add("NOT o.is_delete_marker", "o.is_delete_marker", string(plan.ReasonDeleteMarker), "version: DELETE_MARKER")
	incl, excl := g.scopeBlocks()
	if incl != "true" {
		add(incl, not(incl), string(plan.ReasonNotIncluded), "scope: NOT_INCLUDED")
	}
	if excl != "false" {
		add("NOT "+excl, excl, string(plan.ReasonExcluded), "scope: EXCLUDED")
	}
	class, tier, fileType, size, enc := g.eligibility()
	for _, e := range []struct {
		cond   string
		reason plan.Reason
	}{{class, plan.ReasonStorageClass}, {tier, plan.ReasonArchiveTier}, {fileType, plan.ReasonFileType}, {size, plan.ReasonFileSize}, {enc, plan.ReasonEncryption}} {
		add(e.cond, not(e.cond), string(e.reason), "eligibility: "+string(e.reason))
	}
	upper, lower := g.windowChecks()
	if upper != "" {
		start := "the run's start"
		if g.runs > 1 {
			start = "the last run's start"
		}
		add(upper, not(upper), string(plan.ReasonAfterRunStart), "increment: AFTER_RUN_START ("+start+")")
	}
	if lower != "" {
		add(lower, not(lower), string(plan.ReasonUnchanged), "increment: UNCHANGED")
	}
	if s := sampled(g.d, g.pct, g.seed); s != "" {
		add(s, not(s), string(plan.ReasonNotSampled), fmt.Sprintf("sample: NOT_SAMPLED (samplingPercentage %d, seed %d: scope.SampleHash below %d%% of 2^64)", g.pct, g.seed, g.pct))
	}
	return cs
}

// objectsQuery is the object list.
func (g *gen) objectsQuery() string {
	g.d.begin()
	body := g.with(g.columns())
	checks := g.checks()
	sel := "SELECT o.bucket, o.key, " + g.d.fn("nullif", "o.version_id", "''") + " AS version_id, o.size, o.last_modified\n"
	var b strings.Builder
	b.WriteString(g.header("the objects scanned"))
	b.WriteString(g.functionsUsed())
	b.WriteString(body)
	b.WriteString(sel)
	b.WriteString("FROM objects o\n")
	if g.bucketJoin() {
		b.WriteString("LEFT JOIN bucket_stage bs ON bs.bucket_name = o.bucket\n")
	}
	for i, c := range checks {
		kw := "  AND "
		if i == 0 {
			kw = "WHERE "
		}
		b.WriteString(kw + c.pass + " -- " + c.why + "\n")
	}
	return b.String()
}

// summaryQuery counts the decisions per bucket and in all.
func (g *gen) summaryQuery() string {
	g.d.begin()
	body := g.with(g.columns())
	var rc strings.Builder
	rc.WriteString("CASE")
	for _, c := range g.checks() {
		for _, f := range c.fails {
			rc.WriteString("\n      WHEN " + f.cond + " THEN '" + f.reason + "'")
		}
	}
	rc.WriteString("\n    END")
	read := "reason IS DISTINCT FROM 'REJECTED'"
	skipped := "reason <> 'REJECTED'"
	bytes := func(cond string) string { return g.d.fn("sum", "CASE WHEN "+cond+" THEN size ELSE 0 END") }
	cols := []string{
		g.d.fn("count_if", read) + " AS read_objects",
		bytes(read) + " AS read_bytes",
		g.d.fn("count_if", "reason IS NULL") + " AS scanned_objects",
		bytes("reason IS NULL") + " AS scanned_bytes",
		g.d.fn("count_if", skipped) + " AS skipped_objects",
		bytes(skipped) + " AS skipped_bytes",
	}
	for _, r := range plan.Reason("").Values() {
		cols = append(cols, g.d.fn("count_if", "reason = '"+string(r)+"'")+" AS "+strings.ToLower(string(r)))
	}
	cols = append(cols, g.d.fn("count_if", "reason = 'REJECTED'")+" AS rejected_rows")

	var b strings.Builder
	b.WriteString(g.header("the summary"))
	b.WriteString("-- One row per bucket, and the total (bucket NULL) last. reason NULL: scanned.\n")
	b.WriteString(g.functionsUsed())
	b.WriteString(strings.TrimRight(body, "\n") + ",\n")
	b.WriteString("decided AS (\n  SELECT o.bucket, o.size,\n    " + rc.String() + " AS reason\n  FROM objects o\n")
	if g.bucketJoin() {
		b.WriteString("  LEFT JOIN bucket_stage bs ON bs.bucket_name = o.bucket\n")
	}
	b.WriteString(")\nSELECT\n  bucket,\n")
	b.WriteString("  " + strings.Join(cols, ",\n  ") + "\n")
	b.WriteString("FROM decided\nGROUP BY GROUPING SETS ((bucket), ())\nORDER BY bucket NULLS LAST\n")
	return b.String()
}

// A derived column is one that a CTE of the WITH clause adds: its
// expression, name and comment (none when empty).
type derived struct{ expr, name, comment string }

// jobColumns are the columns the WITH clause derives for the jobs: their
// extensions (typed), file type limits (objects) and bucket stages
// (bucket_stage).
type jobColumns struct{ exts, limits, buckets []derived }

// columns are the columns of g's job, named as its checks name them.
func (g *gen) columns() jobColumns {
	rule := g.scoping.ExtensionRule
	return jobColumns{
		exts:   []derived{{g.extension("name", rule), "ext", "extensionRule " + string(rule) + "; NULL: no extension"}},
		limits: []derived{{g.fileTypeLimits(), "file_type_limit", "bytes; NULL: not a supported file type"}},
		buckets: []derived{{g.bucketSelected(), "selected", ""},
			{g.bucketDenied(), "denied", "Macie may not read the bucket (accessDeniedBuckets " + string(cmp.Or(g.engine.AccessDeniedBuckets, jobscope.AccessDeniedSkip)) + ")"}},
	}
}

// writeColumns writes the select list of cols, one a line, each comment
// after its comma.
func writeColumns(b *strings.Builder, cols []derived) {
	for i, c := range cols {
		b.WriteString("    " + c.expr + " AS " + c.name)
		if i < len(cols)-1 {
			b.WriteString(",")
		}
		if c.comment != "" {
			b.WriteString(" -- " + c.comment)
		}
		b.WriteString("\n")
	}
}

// with is the WITH clause the queries share, deriving cols.
func (g *gen) with(cols jobColumns) string {
	var b strings.Builder
	b.WriteString("WITH\n")
	b.WriteString("src AS ( -- the table's rows, NULL-free: every condition below is true or false, never NULL\n  SELECT\n")
	srcCols := g.srcColumns()
	for i, c := range srcCols {
		sep := ","
		if i == len(srcCols)-1 {
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

	b.WriteString("named AS (\n  SELECT *,\n")
	b.WriteString("    " + g.d.lastSegment("key", "/") + " AS name, -- the file name: the text after the key's last /\n")
	b.WriteString("    " + g.d.fn("coalesce", "size_raw", "0") + " AS size\n")
	b.WriteString("  FROM src\n),\n")

	b.WriteString("typed AS (\n  SELECT *,\n")
	writeColumns(&b, append(slices.Clone(cols.exts), derived{
		g.d.fn("translate", g.extension("name", scope.LastDot), "'ABCDEFGHIJKLMNOPQRSTUVWXYZ'", "'abcdefghijklmnopqrstuvwxyz'"),
		"file_type", "eligibility: after the last dot, ASCII lower case"}))
	b.WriteString("  FROM named\n),\n")

	b.WriteString("objects AS (\n  SELECT *,\n")
	writeColumns(&b, append(slices.Clone(cols.limits), derived{g.valid(), "valid", "false: a row the dry run rejects"}))
	b.WriteString("  FROM typed\n)")
	if g.bucketJoin() {
		b.WriteString(",\nbucket_stage AS ( -- one row per bucket of the bucket metadata\n")
		b.WriteString("  SELECT b." + ident("bucketname") + " AS bucket_name,\n")
		writeColumns(&b, cols.buckets)
		b.WriteString("  FROM " + tableName(g.bt.Name) + " b\n)")
	}
	b.WriteString("\n")
	return b.String()
}

// readsLatest reports whether the query reads the latest report of a
// partitioned table, max(dt), which Athena finds by reading every
// partition.
func (g *gen) readsLatest() bool {
	return g.t.Kind != Metadata && g.t.Partition == "" && g.d.partitioned()
}

func (g *gen) partitionFilter() string {
	switch {
	case g.t.Kind == Metadata:
		return ""
	case g.t.Partition != "":
		return ident("dt") + " = " + str(g.t.Partition) + " -- the report"
	case g.readsLatest():
		return ident("dt") + " = (SELECT " + g.d.fn("max", ident("dt")) + " FROM " + tableName(g.t.Name) + ") -- the latest report; name it (--dt) to spare Athena reading every partition"
	}
	return ""
}

// valid is whether the dry run reads the row: rows without a bucket or a
// key, a NULL last modified date, or a missing size on an object that is
// not a delete marker are rejected. Values S3 never writes (a size that
// is not a number, a malformed %-escape) make the query fail rather than
// be guessed.
func (g *gen) valid() string {
	conds := []string{"bucket <> ''", "key <> ''"}
	if g.src.has().Has(inventory.ColLastModified) {
		conds = append(conds, "last_modified IS NOT NULL")
	}
	if g.src.has().Has(inventory.ColSize) {
		conds = append(conds, "(size_raw IS NOT NULL OR is_delete_marker)")
	}
	return g.d.fn("coalesce", strings.Join(conds, " AND "), "false")
}

// header is the comment block that opens a query.
func (g *gen) header(what string) string {
	return "-- jobscope: " + what + " of job " + comment(strconv.Quote(g.job.Name)) + ", " + g.runText() + "\n" +
		"-- " + g.d.engine() + " over " + comment(tableName(g.t.Name)) + ": " + g.t.Kind.describe() + "\n" +
		"-- Stages in the dry run's order; the first that fails names the reason (jobscope's docs/semantics.md, \"The pipeline\").\n"
}

func (g *gen) runText() string {
	if !g.windowed {
		return "its one run"
	}
	w := g.window
	s := fmt.Sprintf("run %d (starts %s)", w.RunNumber, w.Upper.UTC().Format(time.RFC3339Nano))
	if g.runs > 1 {
		s = fmt.Sprintf("runs %d to %d as one (the last starts %s)", w.RunNumber, w.RunNumber+g.runs-1, w.Upper.UTC().Format(time.RFC3339Nano))
	}
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
	src, docs := g.d.functionDocs()
	var b strings.Builder
	b.WriteString("-- Functions, as the " + src + " defines them, and what they do with NULL:\n")
	for _, n := range g.d.used() {
		if doc, ok := docs[n]; ok {
			b.WriteString("--   " + doc + "\n")
		}
	}
	return b.String()
}

func (g *gen) notes() []string {
	var n []string
	if g.t.Kind == CSV {
		n = append(n, g.d.keyNote())
	}
	if g.pct > 0 && g.pct < 100 {
		n = append(n, fmt.Sprintf("Sampling is exact: the query computes scope.SampleHash (FNV-1a and splitmix64 modulo 2^64 on signed bigints) with seed %d, so it selects the very objects the dry run with that seed selects; about %d%% of the eligible objects.", g.seed, g.pct))
	}
	if g.criteria != nil || g.bucketJoin() {
		n = append(n, "The bucket metadata table must have one row per bucket name, as describe-buckets output has.")
	}
	if g.readsLatest() {
		n = append(n, "No report named (dt): the query reads the latest, max(dt), which costs a scan of every partition.")
	}
	return n
}
