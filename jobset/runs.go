package jobset

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jobscope/jobscope/schedule"
	"github.com/jobscope/jobscope/status"
)

// Run is one run of a job: the job's creation and the run's incremental
// window, which plan.Options take as CreatedAt and Run:
//
//	plan.Options{CreatedAt: r.CreatedAt, Run: r.Window.RunNumber}
//
// Window.Upper is the run's start.
//
// The runs of one job have consecutive windows, each object falls in at most
// one, and sampling selects an object by its bucket, key, version and the seed
// alone (scope.Sampler), the same in every run. So, for one seed, what the
// runs of a list analyze together is what one run over the union of their
// windows would: from the first's Lower to the last's Upper. Planning each
// run on its own also gives each its cost, in its month.
type Run struct {
	// CreatedAt is when the job was created: its createdAt, or, for a job
	// not yet created, the time Runs was given.
	CreatedAt time.Time
	// Window is the run's incremental window; its RunNumber is the run.
	Window schedule.Window
}

// Runs says what the job analyzes from now on: the runs that count, in order,
// or none and why. A job that has no createdAt (a request, or a Terraform
// resource to create) is taken as created at now. Its run calendar follows the
// Options.Engine Load was given (the defaults for a Job made otherwise). With
// period 0 the runs that count are the next one; with a period, every run that
// starts in [now, now+period).
//
//   - CANCELLED or COMPLETE: none. Both are final: "You can't resume or
//     restart a job after you cancel it", and a one-time job is COMPLETE once
//     Macie finished processing its data (API Reference, UpdateClassificationJob
//     and JobSummary.jobStatus; docs/semantics.md, "Statuses").
//   - USER_PAUSED: none, and why says so: a paused job analyzes nothing until
//     its owner resumes it (UpdateClassificationJob jobStatus RUNNING).
//     Resumed, a one-time job, or a periodic job paused while a run was in
//     progress, continues that run "from the point where you paused the job";
//     a periodic job runs on its schedule. A one-time job paused while running
//     and not resumed within 30 days expires and Macie cancels it: past its
//     userPausedDetails.jobExpiresAt, why says it is cancelled. (User Guide,
//     "Changing the status of a sensitive data discovery job";
//     docs/semantics.md, "Resume and expiry".)
//   - ONE_TIME, not yet created, or RUNNING or PAUSED (by Macie, for the
//     monthly quota, until the next month): its one run, whenever it started,
//     as it has not finished.
//   - SCHEDULED, not yet created, or IDLE, RUNNING or PAUSED: its next run,
//     the first that starts at or after now, or every run that starts in the
//     period. A run in progress at now started before it and is not among
//     them. The first run of a job created with initialRun false analyzes only
//     objects changed after the job's creation (schedule.Calendar.WindowAt).
//
// A Terraform resource whose scope, type, schedule or sampling is known only
// after apply (Job.Unknown) has no runs yet, and why says which value is
// unknown. When runs is empty, why is a sentence that says why; otherwise it is
// empty. A negative period, and a job whose calendar cannot be built, are
// errors.
func (j Job) Runs(now time.Time, period time.Duration) (runs []Run, why string, err error) {
	if period < 0 {
		return nil, "", errors.New("the period is negative")
	}
	if j.Job == nil {
		return nil, "", errors.New("the job has no definition")
	}
	for _, u := range j.Unknown {
		switch member, _, _ := strings.Cut(u.Path, "."); member {
		case "s3JobDefinition", "jobType", "scheduleFrequency", "initialRun", "samplingPercentage":
			return nil, "its " + u.Attribute + " is known only after apply", nil
		}
	}
	switch j.Status {
	case status.Cancelled:
		return nil, "it is CANCELLED: it analyzes nothing more", nil
	case status.Complete:
		return nil, "it is COMPLETE: its one run finished, it analyzes nothing more", nil
	case status.UserPaused:
		return nil, j.pausedWhy(now), nil
	}

	createdAt := now
	if j.Job.CreatedAt != nil {
		createdAt = *j.Job.CreatedAt
	}
	cal, err := j.Job.Calendar(createdAt, j.engine)
	if err != nil {
		return nil, "", err
	}
	createdAt = cal.CreatedAt()
	if cal.JobType() == schedule.OneTime {
		w, _ := cal.Window(1)
		return []Run{{CreatedAt: createdAt, Window: w}}, "", nil
	}

	end := now.Add(period)
	k, prev := 0, time.Time{}
	for start := range cal.Runs() {
		k++
		if start.Before(now) {
			prev = start
			continue
		}
		if period > 0 && !start.Before(end) || period == 0 && len(runs) == 1 {
			if len(runs) == 0 {
				return nil, fmt.Sprintf("no run starts from %s to %s; the next starts %s",
					stamp(now), stamp(end), stamp(start)), nil
			}
			break
		}
		runs = append(runs, Run{CreatedAt: createdAt, Window: cal.WindowAt(k, start, prev)})
		prev = start
	}
	return runs, "", nil
}

// pausedWhy says what a USER_PAUSED job analyzes at now.
func (j Job) pausedWhy(now time.Time) string {
	why := "it is USER_PAUSED: it analyzes nothing until it is resumed"
	d := j.Job.UserPausedDetails
	if d == nil || d.JobPausedAt == nil {
		return why
	}
	why = "it is USER_PAUSED since " + stamp(*d.JobPausedAt) + ": it analyzes nothing until it is resumed"
	if d.JobExpiresAt == nil {
		return why
	}
	if !now.Before(*d.JobExpiresAt) {
		if j.Job.JobType == schedule.OneTime {
			return "it was paused on " + stamp(*d.JobPausedAt) + " and not resumed within 30 days: it expired on " +
				stamp(*d.JobExpiresAt) + " and Macie cancelled it"
		}
		return why + "; its paused run expired on " + stamp(*d.JobExpiresAt)
	}
	if j.Job.JobType == schedule.OneTime {
		return why + "; not resumed by " + stamp(*d.JobExpiresAt) + ", it expires and Macie cancels it"
	}
	return why + "; not resumed by " + stamp(*d.JobExpiresAt) + ", its paused run expires"
}

// stamp writes t as messages do: RFC 3339 in UTC.
func stamp(t time.Time) string {
	return t.UTC().Format(time.RFC3339)
}

// ParsePeriod reads a period: a whole number followed by its unit, h for hours,
// d for days of 24 hours or w for weeks of 7 days ("12h", "30d", "2w"), or
// several such, largest unit first ("1w3d"). Days are 24 hours, as run
// calendars work in UTC. A period is at least an hour and at most 100 years
// (36,500 days).
func ParsePeriod(s string) (time.Duration, error) {
	const maxPeriod = 36500 * 24 * time.Hour
	units := map[byte]time.Duration{'h': time.Hour, 'd': 24 * time.Hour, 'w': 7 * 24 * time.Hour}
	bad := func(why string) error {
		return fmt.Errorf("period %q: %s; write a whole number of hours, days or weeks, such as 12h, 30d or 2w", s, why)
	}
	if s == "" {
		return 0, bad("empty")
	}
	var total time.Duration
	last := time.Duration(1<<63 - 1)
	for rest := s; rest != ""; {
		i := 0
		for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
			i++
		}
		if i == 0 {
			return 0, bad("a number must come before each unit")
		}
		if i == len(rest) {
			return 0, bad("the unit is missing")
		}
		unit, ok := units[rest[i]]
		if !ok {
			return 0, bad(fmt.Sprintf("unknown unit %q", rest[i]))
		}
		if unit >= last {
			return 0, bad("each unit may come once, largest first")
		}
		n, err := strconv.ParseInt(rest[:i], 10, 64)
		if err != nil || n > int64(maxPeriod/unit) {
			return 0, bad("longer than 100 years")
		}
		total += time.Duration(n) * unit
		last, rest = unit, rest[i+1:]
	}
	switch {
	case total > maxPeriod:
		return 0, bad("longer than 100 years")
	case total < time.Hour:
		return 0, bad("shorter than an hour")
	}
	return total, nil
}
