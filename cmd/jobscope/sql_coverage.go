package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/athena"
	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/jobset"
	"github.com/jobscope/jobscope/plan"
)

// runSQLCoverage writes `sql --coverage`: the jobs of args, each with the
// runs that count from --at (within --period), as one coverage query over
// the table of opts.
func runSQLCoverage(c *cmdFlags, f *sqlFlags, args []string, opts athena.Options, engine jobscope.Options, lim inputLimits) int {
	stderr := c.stderr
	now := time.Now().UTC().Truncate(time.Second)
	var err error
	if f.at != "" {
		if now, err = parseTimeFlag("--at", f.at); err != nil {
			return c.usageErr("%v", err)
		}
	}
	var period time.Duration
	if f.period != "" {
		if period, err = jobset.ParsePeriod(f.period); err != nil {
			return c.usageErr("--period: %v", err)
		}
	}
	jobs, err := jobset.Load(context.Background(), args, jobset.Options{Limits: lim.job, Engine: engine, Terraform: lim.terraform()})
	var list field.ErrorList
	switch {
	case errors.As(err, &list):
		var lines []string
		for _, e := range list[:min(len(list), maxListed)] {
			lines = append(lines, e.Error())
		}
		printCapped(stderr, "jobscope sql: ", lines, int64(len(list)), "problem (jobscope validate lists it)", "problems (jobscope validate lists them all)")
		return exitInvalid
	case err != nil:
		return c.usageErr("%v", err)
	}

	var members []athena.CoverageJob
	var files []string // each member's file
	for _, j := range jobs {
		runs, why, err := j.Runs(now, period)
		if err != nil {
			fmt.Fprintf(stderr, "jobscope sql: %s: %s: %v\n", j.File, j.Name, err)
			return exitInvalid
		}
		if len(runs) == 0 {
			fmt.Fprintf(stderr, "jobscope sql: note: %s analyzes nothing: %s\n", j.Name, why)
			continue
		}
		popts := plan.Options{Engine: engine, CreatedAt: runs[0].CreatedAt, Run: runs[0].Window.RunNumber, Seed: f.seed}
		if j.Job.JobType == jobscope.Scheduled {
			popts.Runs = len(runs)
		}
		members = append(members, athena.CoverageJob{Name: j.Name, Job: j.Job, Plan: popts})
		files = append(files, j.File)
	}
	if len(members) == 0 {
		fmt.Fprintf(stderr, "jobscope sql: no job analyzes anything from %s on (--at)\n", now.Format(time.RFC3339))
		return exitInvalid
	}
	q, err := athena.GenerateCoverage(members, opts)
	if err != nil {
		var je *athena.JobError
		if !errors.As(err, &je) {
			if msg, ok := optionMessage("sql", err); ok {
				return c.usageErr("%s", msg)
			}
			fmt.Fprintf(stderr, "jobscope sql: %v\n", err)
			return exitInvalid
		}
		where := files[je.Index] + ": " + je.Name
		if msg, ok := optionMessage("sql", je.Err); ok {
			return c.usageErr("%s: %s", where, msg)
		}
		errs := unjoin(je.Err)
		var lines []string
		for _, e := range errs[:min(len(errs), maxListed)] {
			lines = append(lines, where+": "+e.Error())
		}
		printCapped(stderr, "jobscope sql: ", lines, int64(len(errs)), "problem", "problems")
		return exitInvalid
	}
	return writeSQL(c, f, q)
}
