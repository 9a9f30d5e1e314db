package athena

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/plan"
)

// CoverageJob is one job of GenerateCoverage and the run of it that
// counts.
type CoverageJob struct {
	// Name names the job in the queries' results: not empty, and unique
	// among the jobs.
	Name string
	Job  *jobscope.Job
	// Plan are the options of the job's dry run, as Options.Plan are for
	// Generate: Engine, CreatedAt, Run or At, Runs (consecutive runs
	// planned as one) and Seed. Its Buckets are not read.
	Plan plan.Options
}

// JobError is an error of one job of GenerateCoverage: Err is what
// Generate would return for the job alone, or says that its name is
// empty or taken.
type JobError struct {
	Index int // the job's position in the jobs, from 0
	Name  string
	Err   error
}

func (e *JobError) Error() string { return "job " + strconv.Quote(e.Name) + ": " + e.Err.Error() }

func (e *JobError) Unwrap() error { return e.Err }

// GenerateCoverage writes, as SQL, what many jobs analyze together over
// the same table, with the semantics of plan.Set: the SQL's Objects lists
// every object the table holds (every row but the rejected ones) with the
// jobs that analyze it, and its Summary counts the objects analyzed by
// none, one and many of them, each job's own and shared objects and the
// overlapping pairs, as plan.Coverage counts them. Each job is decided by
// its own stages, exactly as Generate writes them for the job alone with
// its CoverageJob.Plan; both queries read the table once.
//
// opts are Generate's but for Options.Plan, which is not read: each job
// has its own. An option that does not fit is the error Generate returns;
// an error of one job is a *JobError that wraps Generate's.
func GenerateCoverage(jobs []CoverageJob, opts Options) (*SQL, error) {
	if len(jobs) == 0 {
		return nil, errors.New("athena: GenerateCoverage needs at least one job")
	}
	base, err := prepare(opts)
	if err != nil {
		return nil, err
	}
	c := &coverage{base: base}
	seen := map[string]bool{}
	for i, j := range jobs {
		jobErr := func(err error) error { return &JobError{Index: i, Name: j.Name, Err: err} }
		switch {
		case j.Name == "":
			return nil, jobErr(errors.New("the job has no name"))
		case seen[j.Name]:
			return nil, jobErr(errors.New("another job has the same name"))
		}
		seen[j.Name] = true
		g := *base
		k := strconv.Itoa(i + 1)
		g.selected, g.denied = "bs.selected_"+k, "bs.denied_"+k
		if err := g.compile(j.Job, j.Plan); err != nil {
			return nil, jobErr(err)
		}
		c.jobs = append(c.jobs, &g)
		c.names = append(c.names, j.Name)
	}
	c.nameColumns()
	var notes []string
	for _, g := range c.jobs {
		for _, n := range g.notes() {
			if !slices.Contains(notes, n) {
				notes = append(notes, n)
			}
		}
	}
	q := &SQL{Dialect: base.d.name(), Objects: c.objectsQuery(), Summary: c.summaryQuery(), DDL: base.ddl(), Notes: notes}
	if q.Dialect == Athena {
		for _, x := range []struct{ what, sql string }{{"object list", q.Objects}, {"summary", q.Summary}} {
			if len(x.sql) > athenaMaxQuery {
				q.Notes = append(q.Notes, fmt.Sprintf("The %s query is %d bytes, more than the %d Athena runs: write the coverage of fewer jobs at a time.",
					x.what, len(x.sql), athenaMaxQuery))
			}
		}
	}
	return q, nil
}

// athenaMaxQuery is the longest query string Athena runs, in bytes (Athena
// service quotas: "Query string length").
const athenaMaxQuery = 262144

// coverage holds what one GenerateCoverage call writes from: the
// generator of the dialect and tables, and one generator per job.
type coverage struct {
	base  *gen
	jobs  []*gen
	names []string
}

// jobColumn is the name of the column that holds whether job i (from 0)
// analyzes the row.
func jobColumn(i int) string { return "job_" + strconv.Itoa(i+1) }

// nameColumns names, in each job's generator, the columns that hold its
// extension and file type limit: one extension per extensionRule and one
// limit per eligibility the jobs have, each named once, in job order.
func (c *coverage) nameColumns() {
	exts := map[string]string{}
	limits := map[string]string{}
	for _, g := range c.jobs {
		rule := g.scoping.ExtensionRule
		if exts[string(rule)] == "" {
			exts[string(rule)] = "o.ext_" + strings.ToLower(string(rule))
		}
		g.ext = exts[string(rule)]
		expr := g.fileTypeLimits()
		if limits[expr] == "" {
			limits[expr] = "o.file_type_limit"
			if n := len(limits); n > 1 {
				limits[expr] += "_" + strconv.Itoa(n)
			}
		}
		g.limit = limits[expr]
	}
}

// columns are the columns the WITH clause derives for the jobs: the
// extensions and file type limits nameColumns named, and each job's bucket
// stage.
func (c *coverage) columns() jobColumns {
	var cols jobColumns
	var extJobs, limitJobs [][]string
	for i, g := range c.jobs {
		k := strconv.Itoa(i + 1)
		own := g.columns()
		e := index(cols.exts, strings.TrimPrefix(g.ext, "o."))
		if e < 0 {
			e = len(cols.exts)
			cols.exts = append(cols.exts, derived{own.exts[0].expr, strings.TrimPrefix(g.ext, "o."), "extensionRule " + string(g.scoping.ExtensionRule)})
			extJobs = append(extJobs, nil)
		}
		extJobs[e] = append(extJobs[e], k)
		l := index(cols.limits, strings.TrimPrefix(g.limit, "o."))
		if l < 0 {
			l = len(cols.limits)
			cols.limits = append(cols.limits, derived{own.limits[0].expr, strings.TrimPrefix(g.limit, "o."), ""})
			limitJobs = append(limitJobs, nil)
		}
		limitJobs[l] = append(limitJobs[l], k)
		sel, den := own.buckets[0], own.buckets[1]
		sel.name, sel.comment = strings.TrimPrefix(g.selected, "bs."), "job "+k
		den.name, den.comment = strings.TrimPrefix(g.denied, "bs."), "job "+k+": "+den.comment
		cols.buckets = append(cols.buckets, sel, den)
	}
	for e := range cols.exts {
		cols.exts[e].comment += ", of " + jobList(extJobs[e]) + "; NULL: no extension"
	}
	for l := range cols.limits {
		cols.limits[l].comment = "bytes, for " + jobList(limitJobs[l]) + "; NULL: not a supported file type"
	}
	return cols
}

// index is the position of the column named name in cols, -1 for none.
func index(cols []derived, name string) int {
	for i, c := range cols {
		if c.name == name {
			return i
		}
	}
	return -1
}

// jobList names jobs by number: "job 1", "jobs 1, 2 and 4".
func jobList(ks []string) string {
	if len(ks) == 1 {
		return "job " + ks[0]
	}
	return "jobs " + strings.Join(ks[:len(ks)-1], ", ") + " and " + ks[len(ks)-1]
}

// covered is the CTE of every row with the verdicts of the jobs, after
// the WITH clause's own.
func (c *coverage) covered() string {
	var b strings.Builder
	b.WriteString("covered AS ( -- job_N: whether job N analyzes the row, every stage of it passed\n")
	b.WriteString("  SELECT o.bucket, o.key, o.version_id, o.size, o.last_modified, o.valid")
	for i, g := range c.jobs {
		b.WriteString(",\n    ( -- " + jobColumn(i) + ": " + comment(strconv.Quote(c.names[i])) + ", " + g.runText())
		for k, ch := range g.checks() {
			kw := "\n      AND "
			if k == 0 {
				kw = "\n      "
			}
			b.WriteString(kw + ch.pass + " -- " + ch.why)
		}
		b.WriteString("\n    ) AS " + jobColumn(i))
	}
	b.WriteString("\n  FROM objects o\n")
	if c.base.bucketJoin() {
		b.WriteString("  LEFT JOIN bucket_stage bs ON bs.bucket_name = o.bucket\n")
	}
	b.WriteString(")")
	return b.String()
}

// header is the comment block that opens a query.
func (c *coverage) header(what string) string {
	g := c.base
	var b strings.Builder
	b.WriteString("-- jobscope: " + what + ", of " + strconv.Itoa(len(c.jobs)) + " jobs:\n")
	for i, j := range c.jobs {
		b.WriteString("--   " + jobColumn(i) + ": " + comment(strconv.Quote(c.names[i])) + ", " + j.runText() + "\n")
	}
	b.WriteString("-- " + g.d.engine() + " over " + comment(tableName(g.t.Name)) + ": " + g.t.Kind.describe() + "\n")
	b.WriteString("-- Each job's stages in the dry run's order (jobscope's docs/semantics.md, \"The pipeline\"), as jobscope sql writes them for the job alone.\n")
	return b.String()
}

// objectsQuery lists every object with the jobs that analyze it.
func (c *coverage) objectsQuery() string {
	d := c.base.d
	d.begin()
	body := strings.TrimRight(c.base.with(c.columns()), "\n") + ",\n" + c.covered() + "\n"
	names := make([]string, len(c.jobs))
	for i := range c.jobs {
		names[i] = "CASE WHEN " + jobColumn(i) + " THEN " + str(c.names[i]) + " END"
	}
	jobs := d.filter(d.array(names), "x", "x IS NOT NULL")
	var b strings.Builder
	b.WriteString(c.header("every object and the jobs that analyze it"))
	b.WriteString("-- jobs: the names of the jobs that analyze the object, in the jobs' order; empty when none does.\n")
	b.WriteString(c.base.functionsUsed())
	b.WriteString(body)
	b.WriteString("SELECT bucket, key, " + d.fn("nullif", "version_id", "''") + " AS version_id, size, last_modified,\n")
	b.WriteString("  " + jobs + " AS jobs\n")
	b.WriteString("FROM covered\nWHERE valid -- rows the dry run rejects are not read\n")
	return b.String()
}

// The measures of the summary query, in its order.
const (
	measureRead      = "read"
	measureRejected  = "rejected"
	measureNone      = "none"
	measureOne       = "one"
	measureMany      = "many"
	measureDuplicate = "duplicate"
	measureScanned   = "scanned"
	measureOwn       = "own"
	measureShared    = "shared"
	measureOverlap   = "overlap"
)

// summaryQuery counts, in one row per measure, what the jobs analyze
// together.
func (c *coverage) summaryQuery() string {
	d := c.base.d
	d.begin()
	body := strings.TrimRight(c.base.with(c.columns()), "\n") + ",\n" + c.covered() + ",\n"

	var scanners []string
	for i := range c.jobs {
		scanners = append(scanners, "CASE WHEN "+jobColumn(i)+" THEN 1 ELSE 0 END")
	}
	// the aggregates, and the rows of the result: measure, job, other
	// job, and the aggregates of objects and bytes
	var aggs []string
	type row struct{ measure, job, other, objects, bytes string }
	var rows []row
	null := "NULL"
	add := func(name, cond, bytes string) (objectsCol, bytesCol string) {
		aggs = append(aggs, d.fn("count_if", cond)+" AS "+name+"_objects")
		if bytes == "" {
			bytes = "size"
		}
		aggs = append(aggs, "CAST("+d.fn("coalesce", d.fn("sum", "CASE WHEN "+cond+" THEN "+bytes+" ELSE 0 END"), "0")+" AS bigint) AS "+name+"_bytes")
		return name + "_objects", name + "_bytes"
	}
	total := func(measure, cond string) {
		o, b := add(measure, cond, "")
		rows = append(rows, row{str(measure), null, null, o, b})
	}
	total(measureRead, "valid")
	aggs = append(aggs, d.fn("count_if", "NOT valid")+" AS rejected_rows")
	rows = append(rows, row{str(measureRejected), null, null, "rejected_rows", null})
	total(measureNone, "valid AND scanners = 0")
	total(measureOne, "scanners = 1")
	total(measureMany, "scanners > 1")
	aggs = append(aggs, "CAST("+d.fn("coalesce", d.fn("sum", "CASE WHEN scanners > 1 THEN scanners - 1 ELSE 0 END"), "0")+" AS bigint) AS duplicate_objects",
		"CAST("+d.fn("coalesce", d.fn("sum", "CASE WHEN scanners > 1 THEN (scanners - 1) * size ELSE 0 END"), "0")+" AS bigint) AS duplicate_bytes")
	rows = append(rows, row{str(measureDuplicate), null, null, "duplicate_objects", "duplicate_bytes"})
	for i := range c.jobs {
		col, k, name := jobColumn(i), strconv.Itoa(i+1), str(c.names[i])
		for _, m := range []struct{ measure, cond string }{{measureScanned, col}, {measureOwn, col + " AND scanners = 1"}, {measureShared, col + " AND scanners > 1"}} {
			o, b := add(m.measure+"_"+k, m.cond, "")
			rows = append(rows, row{str(m.measure), name, null, o, b})
		}
	}
	for i := range c.jobs {
		for j := i + 1; j < len(c.jobs); j++ {
			o, b := add(fmt.Sprintf("overlap_%d_%d", i+1, j+1), jobColumn(i)+" AND "+jobColumn(j), "")
			rows = append(rows, row{str(measureOverlap), str(c.names[i]), str(c.names[j]), o, b})
		}
	}
	cols := []string{"measure", "job", "other_job", "objects", "bytes"}
	lists := make([][]string, len(cols))
	for _, r := range rows {
		for k, v := range []string{r.measure, r.job, r.other, r.objects, r.bytes} {
			lists[k] = append(lists[k], v)
		}
	}
	// a NULL first is typed, so that every array has its column's type
	types := []string{"varchar", "varchar", "varchar", "bigint", "bigint"}
	arrays := make([]string, len(cols))
	for k := range lists {
		if lists[k][0] == null {
			lists[k][0] = "CAST(NULL AS " + types[k] + ")"
		}
		arrays[k] = d.array(lists[k])
	}

	var b strings.Builder
	b.WriteString(c.header("what the jobs analyze together"))
	b.WriteString("-- One row per measure (objects and bytes):\n")
	b.WriteString("--   read: every object read (none + one + many); rejected: the rows the dry run rejects (bytes NULL);\n")
	b.WriteString("--   none, one, many: the objects no job, exactly one job, and two or more jobs analyze;\n")
	b.WriteString("--   duplicate: the analyses beyond the first of the objects of many (k jobs: k - 1 times);\n")
	b.WriteString("--   scanned, own, shared (job): what the job analyzes, of it what only it does, and what another job does too;\n")
	b.WriteString("--   overlap (job, other_job): what both jobs analyze; only pairs that share an object, most bytes first.\n")
	from := d.unnestRows("totals", "m", cols, arrays, len(rows))
	b.WriteString(c.base.functionsUsed())
	b.WriteString(body)
	b.WriteString("counted AS (\n  SELECT *,\n    " + strings.Join(scanners, "\n      + ") + " AS scanners -- the jobs that analyze the row\n  FROM covered\n),\n")
	b.WriteString("totals AS ( -- one row\n  SELECT\n    " + strings.Join(aggs, ",\n    ") + "\n  FROM counted\n)\n")
	b.WriteString("SELECT m.measure, m.job, m.other_job, m.objects, m.bytes\n")
	b.WriteString("FROM " + from + "\n")
	b.WriteString("WHERE m.measure <> 'overlap' OR m.objects > 0\n")
	b.WriteString("ORDER BY CASE WHEN m.measure = 'overlap' THEN m.bytes END DESC NULLS FIRST, m.n\n")
	return b.String()
}
