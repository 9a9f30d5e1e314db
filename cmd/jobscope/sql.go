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
	ddl, summary                                              bool
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
	fs.BoolVar(&f.summary, "summary", false, "print the summary query (counts and bytes per bucket and reason) instead of the object list")
	f.runFlags.register(fs, "run `N` of a SCHEDULED job (1 = the first run); default 1",
		"the run in progress at `TIME` (RFC 3339) instead of --run", "sampling seed `S`, as for jobscope plan: the query samples the objects the dry run samples")
	f.opts.register(fs, "extensionRule=FIRST_DOT")
}

func newSQLCmd(s streams) *cobra.Command {
	c := newFlags(s, "sql --job JOB.json [flags]",
		"write a job's scope as SQL for Amazon Athena (or DuckDB) over S3 Inventory",
		"Writes the job's scope for one run as one SQL query over an S3 Inventory table (or an S3 Metadata live\ninventory table): the objects the run scans — exactly those `jobscope plan` scans over the same rows — or,\nwith --summary, their counts.\n\nExit 0: written; 1: invalid job, or the table lacks a column the job needs;\n2: usage or I/O error.")
	var f sqlFlags
	f.register(c.FlagSet)
	c.values("dialect", "athena", "duckdb")
	c.values("inventory", "csv", "parquet", "orc", "metadata")
	return c.command(func([]string) int {
		stdout, stderr := c.stdout, c.stderr
		switch {
		case c.NArg() > 0:
			return c.usageErr("unexpected arguments %q", c.Args())
		case f.job == "":
			c.usage()
			return c.usageErr("--job is required")
		case !enum.Valid(athena.Dialect(f.dialect)):
			return c.usageErr("--dialect must be athena or duckdb, not %q", f.dialect)
		case f.runFlags.check() != nil:
			return c.usageErr("%v", f.runFlags.check())
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
		if _, err := io.WriteString(stdout, out.String()); err != nil {
			return c.usageErr("%v", err)
		}
		for _, n := range q.Notes {
			fmt.Fprintf(stderr, "jobscope sql: note: %s\n", n)
		}
		return exitOK
	})
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
