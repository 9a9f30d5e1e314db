package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/athena"
	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/internal/enum"
	"github.com/jobscope/jobscope/inventory"
	"github.com/jobscope/jobscope/plan"
)

type sqlFlags struct {
	job, dialect, table, kind, manifest, fields, dt, location string
	bucketsTable, bucketsLocation, sourceBucket               string
	ddl, summary, coverage                                    bool
	period                                                    string
	runFlags
	opts optionFlags
}

func (f *sqlFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.job, "job", "", "job definition `JOB` in JSON or YAML (a CreateClassificationJob request or DescribeClassificationJob output; - reads standard input)")
	fs.StringVar(&f.dialect, "dialect", "athena", "SQL `DIALECT`: athena (Trino, Athena engine version 3) or duckdb")
	fs.StringVar(&f.table, "table", athena.DefaultTable, "the inventory table's `NAME` (db.table; a name with \" is used as written)")
	fs.StringVar(&f.kind, "inventory", "", "what the table holds: csv, parquet or orc (an S3 Inventory report) or metadata (an S3 Metadata live\ninventory table, which has object tags); default csv, or the --manifest's format")
	fs.StringVar(&f.manifest, "manifest", "", "an S3 Inventory `manifest.json`: its format, fields, data files (DuckDB) and dt partition")
	fs.StringVar(&f.fields, "fields", "", "the report's fields, as a manifest's fileSchema spells them (`\"Bucket, Key, Size, ...\"`); default all")
	fs.StringVar(&f.dt, "dt", "", "the report's dt partition `YYYY-MM-DD-HH-MM`; default the latest (max(dt), which reads every partition)")
	fs.StringVar(&f.location, "location", "", "--ddl: the table's `LOCATION` (Athena: s3://…/hive/; DuckDB: data files, a glob; for metadata, Parquet files of an export of the table)")
	fs.StringVar(&f.sourceBucket, "source-bucket", "", "the report's source `BUCKET`, when its fields have no Bucket")
	fs.BoolVar(&f.ddl, "ddl", false, "print the definitions of the tables the query reads before it")
	fs.StringVar(&f.bucketsTable, "buckets-table", "", "`NAME` of the table of aws macie2 describe-buckets output (required for bucket criteria)")
	fs.StringVar(&f.bucketsLocation, "buckets-location", "", "--ddl: where that table's data is (Athena: s3://… folder of JSON lines; DuckDB: the describe-buckets `FILE`)")
	fs.BoolVar(&f.summary, "summary", false, "print the summary query (counts and bytes per bucket and reason; with --coverage, per measure, job and pair of jobs)\ninstead of the object list")
	fs.BoolVar(&f.coverage, "coverage", false, "write what the jobs given as arguments (JOBS..., as jobscope coverage reads them) analyze together: every object\nwith the jobs that analyze it, or with --summary the objects no job, one job and several jobs analyze, each job's own\nand shared objects and the pairs of jobs that overlap")
	fs.StringVar(&f.period, "period", "", "--coverage: every run that starts within `PERIOD` of --at counts (e.g. 30d, 12h, 2w); default: each job's next run")
	f.runFlags.register(fs, "run `N` of a SCHEDULED job (1 = the first run); default 1",
		"the run in progress at `TIME` (RFC 3339) instead of --run; with --coverage, the jobs' runs are counted from TIME\n(default now), as jobscope coverage counts them", "sampling seed `S`, as for jobscope plan: the query samples the objects the dry run samples")
	f.opts.register(fs, "extensionRule=FIRST_DOT")
}

func newSQLCmd(s streams) *cobra.Command {
	c := newFlags(s, "sql (--job JOB.json | --coverage JOBS...) [flags]",
		"write a job's scope as SQL for Amazon Athena (or DuckDB) over S3 Inventory",
		"Writes the job's scope for one run as one SQL query over an S3 Inventory table (or an S3 Metadata live\ninventory table): the objects the run scans — exactly those `jobscope plan` scans over the same rows — or,\nwith --summary, their counts.\n\nWith --coverage, writes what many jobs analyze together, as one query that reads the table once: every\nobject with the jobs that analyze it in their next run (or in every run within --period) — exactly what\n`jobscope coverage` says over the same rows — or, with --summary, the objects no job, one job and several\njobs analyze, each job's own and shared objects, and the pairs of jobs that overlap. JOBS are read as\n`jobscope coverage` reads them: job files, folders, Terraform plans or states, DescribeClassificationJob\noutputs; a job that analyzes nothing more (by its status) is left out, with a note.\n\nExit 0: written; 1: invalid job, or the table lacks a column a job needs;\n2: usage or I/O error.")
	c.cmd.Example = "  jobscope sql --job job.json --manifest inventory/manifest.json --ddl\n" +
		"  jobscope sql --coverage jobs/ --manifest inventory/manifest.json --buckets-table macie_buckets --summary"
	var f sqlFlags
	f.register(c.FlagSet)
	c.values("dialect", "athena", "duckdb")
	c.values("inventory", "csv", "parquet", "orc", "metadata")
	return c.command(func(args []string) int {
		stderr := c.stderr
		if msg := f.check(args); msg != "" {
			if f.job == "" && !f.coverage {
				c.usage()
			}
			return c.usageErr("%s", msg)
		}
		engine, lim, err := f.opts.engine()
		if err != nil {
			return c.usageErr("%v", err)
		}
		popts := plan.Options{Engine: engine, Run: f.run, Seed: f.seed}
		if err := f.runFlags.times(&popts); err != nil {
			return c.usageErr("%v", err)
		}
		opts := athena.Options{Dialect: athena.Dialect(f.dialect), Plan: popts,
			Table:   athena.Table{Name: f.table, Kind: athena.Kind(f.kind), Partition: f.dt, Location: f.location, SourceBucket: f.sourceBucket},
			Buckets: athena.Buckets{Name: f.bucketsTable, Location: f.bucketsLocation}}
		if f.kind != "" && !enum.Valid(athena.Kind(f.kind)) {
			return c.usageErr("--inventory must be csv, parquet, orc or metadata, not %q", f.kind)
		}
		if f.fields != "" {
			for _, p := range strings.Split(f.fields, ",") {
				opts.Table.Fields = append(opts.Table.Fields, strings.TrimSpace(p))
			}
		}
		if f.manifest != "" {
			if err := fromManifest(&opts.Table, f.manifest, f.fields != "", f.kind != ""); err != nil {
				return c.inputErr(err)
			}
		}

		if f.coverage {
			return runSQLCoverage(c, &f, args, opts, engine, lim)
		}
		j, err := loadScopeJob(c.stdin, f.job, engine, lim.job)
		if err != nil {
			return reportScopeError(stderr, "sql", err)
		}
		if opts.Plan.CreatedAt.IsZero() && j.CreatedAt == nil && j.JobType == jobscope.Scheduled {
			opts.Plan.CreatedAt = time.Now().UTC().Truncate(time.Second)
			fmt.Fprintf(stderr, "jobscope sql: the job has no createdAt: its runs are counted from now, %s (set --created-at)\n", opts.Plan.CreatedAt.Format(time.RFC3339))
		}
		q, err := athena.Generate(j, opts)
		if err != nil {
			if msg, ok := optionMessage("sql", err); ok {
				return c.usageErr("%s", msg)
			}
			var fe *field.Error
			switch {
			case errors.As(err, &fe) && fe.Code == field.MissingColumn:
				for _, e := range unjoin(err) {
					fmt.Fprintf(stderr, "jobscope sql: %v\n", e)
				}
				return exitInvalid
			}
			return reportScopeError(stderr, "sql", &scopeInputError{f.job, err})
		}
		return writeSQL(c, &f, q)
	})
}

// check returns what is wrong with the flags and the arguments args, ""
// when nothing is.
func (f *sqlFlags) check(args []string) string {
	switch {
	case f.coverage && f.job != "":
		return "--job and --coverage: give the jobs of --coverage as arguments"
	case f.coverage && len(args) == 0:
		return "--coverage needs jobs: name job files, folders or Terraform plans"
	case f.coverage && f.run != 0:
		return "--run picks the run of one job (--job); with --coverage each job's next run counts, from --at (or every run within --period)"
	case f.coverage && f.createdAt != "":
		return "--created-at is one job's (--job); with --coverage a job without createdAt is taken as created at --at"
	case !f.coverage && len(args) > 0:
		return fmt.Sprintf("unexpected arguments %q (with --coverage, arguments are jobs)", args)
	case !f.coverage && f.job == "":
		return "--job is required (or --coverage JOBS...)"
	case !f.coverage && f.period != "":
		return "--period counts runs with --coverage only"
	case !enum.Valid(athena.Dialect(f.dialect)):
		return fmt.Sprintf("--dialect must be athena or duckdb, not %q", f.dialect)
	case f.runFlags.check() != nil:
		return f.runFlags.check().Error()
	}
	return ""
}

// writeSQL prints q as the flags ask, and its notes.
func writeSQL(c *cmdFlags, f *sqlFlags, q *athena.SQL) int {
	var out strings.Builder
	if f.ddl {
		out.WriteString(q.DDL + "\n")
	}
	if f.summary {
		out.WriteString(q.Summary)
	} else {
		out.WriteString(q.Objects)
	}
	out.WriteString(";\n")
	if _, err := io.WriteString(c.stdout, out.String()); err != nil {
		return c.usageErr("%v", err)
	}
	for _, n := range q.Notes {
		fmt.Fprintf(c.stderr, "jobscope sql: note: %s\n", n)
	}
	return exitOK
}

// reportFolder is the name of a report's folder,
// PREFIX/SOURCE-BUCKET/CONFIG-ID/YYYY-MM-DDTHH-MMZ/.
var reportFolder = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})Z$`)

// fromManifest fills in what a report's manifest says about its table.
func fromManifest(t *athena.Table, name string, haveFields, haveKind bool) error {
	src, err := inventory.Open(context.Background(), name, inventory.Options{})
	if err != nil {
		return err
	}
	m := src.Manifest
	if m == nil {
		return fmt.Errorf("%s is not an S3 Inventory manifest.json", name)
	}
	if !haveKind {
		t.Kind = athena.CSV
		if src.Format == inventory.FormatParquet {
			t.Kind = athena.Parquet
		}
	}
	if !haveFields {
		if strings.EqualFold(m.FileFormat, "CSV") {
			for _, p := range strings.Split(m.FileSchema, ",") {
				t.Fields = append(t.Fields, strings.TrimSpace(p))
			}
		} else {
			t.Fields = src.Columns.Names()
		}
	}
	if t.SourceBucket == "" {
		t.SourceBucket = m.SourceBucket
	}
	for _, f := range src.Files {
		t.Files = append(t.Files, f.Name())
	}
	if t.Partition == "" {
		if p := reportFolder.FindStringSubmatch(filepath.Base(filepath.Dir(name))); p != nil {
			t.Partition = p[1] + "-" + p[2] + "-" + p[3]
		}
	}
	if t.Location == "" && len(m.Files) > 0 {
		if i := strings.LastIndex(m.Files[0].Key, "/data/"); i >= 0 {
			dest := strings.TrimPrefix(m.DestinationBucket, "arn:aws:s3:::")
			t.Location = "s3://" + dest + "/" + m.Files[0].Key[:i] + "/hive/"
		}
	}
	return nil
}
