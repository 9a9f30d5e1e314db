package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/internal/s3input"
	"github.com/jobscope/jobscope/schedule"
	"github.com/jobscope/jobscope/status"
)

// scheduleRun is one run in `schedule --format json`.
type scheduleRun struct {
	_       struct{}           `desc:"One run of the job."`
	Run     int                `json:"run" min:"1" desc:"The run's number, 1 for the first."`
	Start   time.Time          `json:"start" desc:"When the run starts (RFC 3339, UTC)."`
	Date    string             `json:"date" format:"date" desc:"The day it starts (UTC)."`
	Weekday schedule.DayOfWeek `json:"weekday"`
	// Immediate marks a run that starts when the job is created.
	Immediate bool `json:"immediate,omitempty" desc:"The run starts when the job is created."`
}

// skippedMonth is a month in which a monthly schedule does not run.
type skippedMonth struct {
	_      struct{} `desc:"A month in which a monthly schedule does not run."`
	Month  string   `json:"month" pattern:"^[0-9]{4}-[0-9]{2}$" desc:"The month, YYYY-MM."`
	Reason string   `json:"reason" desc:"Why: the month lacks the schedule's day."`
}

// scheduleResult is `schedule --format json`, a contract described by
// schema/schedule.schema.json (see outschema.go).
type scheduleResult struct {
	_             struct{}         `desc:"A job's initial status and next runs."`
	SchemaVersion string           `json:"schemaVersion" pattern:"^1\\.[0-9]+$" desc:"The version of this output's contract."`
	File          string           `json:"file" desc:"The job file as given; <stdin> for standard input."`
	Name          string           `json:"name,omitempty" desc:"The job's name."`
	JobType       schedule.JobType `json:"jobType"`
	Schedule      string           `json:"schedule" desc:"The recurrence in words."`
	CreatedAt     time.Time        `json:"createdAt" desc:"The job's creation (--created-at, else its createdAt, else now), which fixes its calendar."`
	InitialStatus status.JobStatus `json:"initialStatus" desc:"The status Macie gives the job when it is created."`
	Runs          []scheduleRun    `json:"runs" desc:"The next runs (--count), in order."`
	SkippedMonths []skippedMonth   `json:"skippedMonths" desc:"The months before the last run listed in which a monthly schedule does not run."`

	// notes maps a run index to the skipped months before it (text format).
	notes map[int][]skippedMonth
}

func newScheduleCmd(s streams) *cobra.Command {
	c := newFlags(s, "schedule --job JOB.json [flags]",
		"list a job's next runs, noting months a monthly schedule skips",
		"Lists the job's initial status and next runs (UTC) with their weekdays, and the months a monthly\nschedule skips because they lack its day.\n\nExit 0: listed; 1: invalid job; 2: usage or I/O error.")
	jobFile := c.String("job", "", "job definition `JOB` in JSON or YAML (a CreateClassificationJob request or DescribeClassificationJob output; - reads standard input)")
	createdAtFlag := c.String("created-at", "", "creation `TIME` (RFC 3339); default: the job's createdAt, else now")
	count := c.Int("count", 10, "number of runs to list (1 to 100000)")
	format, opts := c.format(), c.options("monthlyOverflow=CLAMP")
	return c.command(func([]string) int {
		stdin, stdout, stderr := c.stdin, c.stdout, c.stderr
		switch {
		case c.NArg() > 0:
			return c.usageErr("unexpected arguments %q (give the job with --job)", c.Args())
		case *jobFile == "":
			c.usage()
			return c.usageErr("--job is required")
		case checkFormat(*format) != nil:
			return c.usageErr("%v", checkFormat(*format))
		case *count < 1 || *count > 100000:
			return c.usageErr("--count must be from 1 to 100000, not %d", *count)
		}
		engine, lim, err := opts.engine()
		if err != nil {
			return c.usageErr("%v", err)
		}
		createdAt, err := parseTimeFlag("--created-at", *createdAtFlag)
		if err != nil {
			return c.usageErr("%v", err)
		}

		var r io.Reader
		display := *jobFile
		if *jobFile == "-" {
			r, display = stdin, "<stdin>"
		} else {
			if s3input.IsURI(*jobFile) {
				_, _, err := openS3(stdin, *jobFile)
				return c.usageErr("%v", err)
			}
			f, err := os.Open(*jobFile)
			if err != nil {
				return c.usageErr("%v", err)
			}
			defer f.Close()
			r = f
		}
		job, _, err := decodeJob(r, *jobFile, lim.job, engine)
		var list field.ErrorList
		switch {
		case errors.As(err, &list):
			printText(stderr, validateResult{File: display, Errors: list})
			return exitInvalid
		case err != nil:
			return c.usageErr("%s: %v", display, err)
		}
		if createdAt.IsZero() && (job.CreatedAt == nil || job.CreatedAt.IsZero()) {
			createdAt = time.Now().UTC().Truncate(time.Second)
		}
		cal, err := job.Calendar(createdAt, engine)
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", display, err)
			return exitInvalid
		}
		freq := job.ScheduleFrequency
		if job.JobType == schedule.OneTime {
			freq = nil // ignored under oneTimeScheduleFields=IGNORE
		}
		res := buildSchedule(cal, freq, engine.Schedule.MonthlyOverflow, *count)
		res.SchemaVersion, res.File, res.Name = schemaVersion, display, job.Name

		if *format == "json" {
			return c.writeJSON(stdout, res)
		}
		printSchedule(stdout, res)
		return exitOK
	})
}

// describeSchedule renders a job's recurrence in words.
func describeSchedule(jt schedule.JobType, freq *schedule.JobScheduleFrequency, overflow schedule.Overflow) string {
	switch {
	case jt == schedule.OneTime:
		return "once, when created"
	case freq.DailySchedule != nil:
		return "daily"
	case freq.WeeklySchedule != nil:
		w, _ := freq.WeeklySchedule.DayOfWeek.Weekday()
		return "weekly on " + w.String()
	}
	day := freq.MonthlySchedule.DayOfMonth
	s := fmt.Sprintf("monthly on day %d", day)
	if day > 28 {
		if overflow == schedule.Clamp {
			s += " (the last day in shorter months)"
		} else {
			s += " (no run in months without that day)"
		}
	}
	return s
}

// buildSchedule lists the first count runs of cal, the calendar of a job
// with schedule freq (nil for a ONE_TIME job).
func buildSchedule(cal *schedule.Calendar, freq *schedule.JobScheduleFrequency, overflow schedule.Overflow, count int) scheduleResult {
	created, _ := status.Create("", cal, 0)
	res := scheduleResult{
		JobType: cal.JobType(), Schedule: describeSchedule(cal.JobType(), freq, overflow), CreatedAt: cal.CreatedAt(),
		InitialStatus: created.JobStatus, Runs: []scheduleRun{}, SkippedMonths: []skippedMonth{},
		notes: map[int][]skippedMonth{},
	}
	// Months are numbered y*12+m-1; from is the first month whose skip is
	// still to be reported.
	monthIndex := func(t time.Time) int { return t.Year()*12 + int(t.Month()) - 1 }
	from := monthIndex(cal.CreatedAt())
	for run := range cal.Runs() {
		if len(res.Runs) == count {
			break
		}
		to := monthIndex(run)
		for m := from; m < to; m++ {
			first := time.Date(m/12, time.Month(m%12+1), 1, 0, 0, 0, 0, time.UTC)
			if cal.Skipped(first) {
				sm := skippedMonth{Month: first.Format("2006-01"), Reason: skipReason(first, int(freq.MonthlySchedule.DayOfMonth))}
				res.SkippedMonths = append(res.SkippedMonths, sm)
				res.notes[len(res.Runs)] = append(res.notes[len(res.Runs)], sm)
			}
		}
		from = to + 1
		res.Runs = append(res.Runs, scheduleRun{
			Run: len(res.Runs) + 1, Start: run, Date: run.Format(time.DateOnly),
			Weekday:   schedule.DayOfWeek("").Values()[run.Weekday()],
			Immediate: len(res.Runs) == 0 && cal.StartsImmediately(),
		})
	}
	return res
}

func skipReason(month time.Time, day int) string {
	if month.Month() == time.February && day == 29 {
		return fmt.Sprintf("February %d has no day 29", month.Year())
	}
	return fmt.Sprintf("%s has no day %d", month.Month(), day)
}

func printSchedule(w io.Writer, r scheduleResult) {
	if r.Name != "" {
		fmt.Fprintf(w, "%s: %s\n", r.File, r.Name)
	} else {
		fmt.Fprintf(w, "%s\n", r.File)
	}
	fmt.Fprintf(w, "schedule:       %s, %s\n", r.JobType, r.Schedule)
	fmt.Fprintf(w, "created:        %s (%s)\n", r.CreatedAt.Format(time.RFC3339Nano), r.CreatedAt.Weekday())
	fmt.Fprintf(w, "initial status: %s\n", r.InitialStatus)
	fmt.Fprintf(w, "runs (UTC):\n")
	width := len(fmt.Sprint(len(r.Runs)))
	for i, run := range r.Runs {
		for _, sm := range r.notes[i] {
			fmt.Fprintf(w, "  %*s  %s: no run (%s)\n", width, "", sm.Month, sm.Reason)
		}
		note := ""
		if run.Immediate {
			note = "  (starts when the job is created)"
		}
		fmt.Fprintf(w, "  %*d  %s %-9s %s%s\n", width, run.Run, run.Date, run.Start.Weekday(), run.Start.Format("15:04:05"), note)
	}
}
