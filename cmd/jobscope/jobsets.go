package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/jobset"
	"github.com/jobscope/jobscope/plan"
)

// plannedJob is a job of a set with the runs that count, or why none does.
type plannedJob struct {
	jobset.Job
	runs []jobset.Run
	why  string
}

// options are the options of the dry run of j's runs together, from base.
func (j plannedJob) options(base plan.Options) plan.Options {
	base.CreatedAt, base.Run = j.runs[0].CreatedAt, j.runs[0].Window.RunNumber
	if j.Job.Job.JobType == jobscope.Scheduled {
		base.Runs = len(j.runs)
	}
	return base
}

// loadJobSet reads the jobs of args for command cmd, with the runs of each
// that count from --at (default now) within --period (default: the next
// run). When it cannot, it says why and returns the exit code.
func loadJobSet(c *cmdFlags, args []string, at, period string, lim inputLimits, engine jobscope.Options) ([]plannedJob, time.Time, int) {
	now := time.Now().UTC().Truncate(time.Second)
	var err error
	if at != "" {
		if now, err = parseTimeFlag("--at", at); err != nil {
			return nil, now, c.usageErr("%v", err)
		}
	}
	var within time.Duration
	if period != "" {
		if within, err = jobset.ParsePeriod(period); err != nil {
			return nil, now, c.usageErr("--period: %v", err)
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
		prefix := "jobscope " + c.name + ": "
		printCapped(c.stderr, prefix, lines, int64(len(list)), "problem (jobscope validate lists it)", "problems (jobscope validate lists them all)")
		if strings.Contains(err.Error(), "S3 Inventory manifest") {
			fmt.Fprintln(c.stderr, prefix+"the arguments are jobs; give each object source with --objects, or one quoted glob: --objects 'inventory/*/manifest.json'")
		}
		return nil, now, exitInvalid
	case err != nil:
		return nil, now, c.usageErr("%v", err)
	}
	planned := make([]plannedJob, 0, len(jobs))
	for _, j := range jobs {
		runs, why, err := j.Runs(now, within)
		if err != nil {
			fmt.Fprintf(c.stderr, "jobscope %s: %s: %s: %v\n", c.name, j.File, j.Name, err)
			return nil, now, exitInvalid
		}
		planned = append(planned, plannedJob{j, runs, why})
	}
	return planned, now, exitOK
}
