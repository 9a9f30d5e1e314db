package main

import (
	"errors"
	"fmt"
	"time"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/athena"
	"github.com/jobscope/jobscope/plan"
)

// runSQLCoverage writes `sql --coverage`: the jobs of args, each with the
// runs that count from --at (within --period), as one coverage query over
// the table of opts.
func runSQLCoverage(c *cmdFlags, f *sqlFlags, args []string, opts athena.Options, engine jobscope.Options, lim inputLimits) int {
	stderr := c.stderr
	jobs, now, code := loadJobSet(c, args, f.at, f.period, lim, engine)
	if jobs == nil {
		return code
	}

	var members []athena.CoverageJob
	var files []string // each member's file
	for _, j := range jobs {
		if len(j.runs) == 0 {
			fmt.Fprintf(stderr, "jobscope sql: note: %s analyzes nothing: %s\n", j.Name, j.why)
			continue
		}
		popts := j.options(plan.Options{Engine: engine, Seed: f.seed})
		members = append(members, athena.CoverageJob{Name: j.Name, Job: j.Job.Job, Plan: popts})
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
