package status

import (
	"time"

	"github.com/jobscope/jobscope/schedule"
)

// runs is the run calendar of a job Create made, and the progress of its
// runs; the zero runs, that of a Job written as a literal, starts and
// completes no run of its own.
type runs struct {
	cal       *schedule.Calendar
	dur       time.Duration // processing time of a run
	nextRun   time.Time     // next scheduled occurrence; zero when none
	runEnds   time.Time     // when the run in progress completes; zero when none is processing
	remaining time.Duration // processing left of a paused run
}

// Create returns the job CreateClassificationJob makes at cal.CreatedAt(),
// with the given id ("job" when empty), and the events of its creation:
// JobCreated, with status RUNNING when the job starts immediately and IDLE
// otherwise (docs/semantics.md, "The first run"), then the start of its
// first run when it starts immediately.
//
// The job follows cal as time passes ([Job.AdvanceTo]): its scheduled runs
// start, and each completes after runDuration of processing (one hour when
// zero or negative); time spent paused does not count. Rules beyond the
// status table (docs/semantics.md, "Resume and expiry", inferred): a
// scheduled occurrence does not start while a run is in progress or the
// owner has paused the job; a run paused by Macie resumes at the next
// scheduled occurrence (starting that run) or at the next quota month,
// whichever comes first; a run resumed by its owner within 30 days
// continues where it stopped.
func Create(id string, cal *schedule.Calendar, runDuration time.Duration) (*Job, []Event) {
	if id == "" {
		id = "job"
	}
	if runDuration <= 0 {
		runDuration = time.Hour
	}
	now := cal.CreatedAt()
	j := &Job{JobID: id, JobType: cal.JobType(), JobStatus: Idle, runs: runs{cal: cal, dur: runDuration, nextRun: cal.First()}}
	if !cal.StartsImmediately() {
		return j, []Event{{Type: JobCreated, At: now, JobStatus: Idle}}
	}
	typ := ScheduledRunStarted
	if j.JobType == schedule.OneTime {
		typ = OneTimeJobStarted
	}
	j.JobStatus, j.RunNumber, j.nextRun = Running, 1, cal.Next(now)
	j.startRun(now)
	return j, []Event{{Type: JobCreated, At: now, JobStatus: Running}, {Type: typ, At: now, JobStatus: Running, RunNumber: 1}}
}

// AdvanceTo lets time pass to now and reports, in order, everything that
// happened up to it. Timed transitions (docs/semantics.md, "Resume and
// expiry"): 23 days into an expiring pause, the imminent-expiration
// notice; 30 days into it (the boundary is inclusive), a paused ONE_TIME
// job is cancelled, and a paused SCHEDULED job's run is cancelled while the
// job stays USER_PAUSED; at 00:00:00Z on the first of the next month, a
// PAUSED job resumes (RUNNING). For a job Create made, also its scheduled
// runs starting and completing. Happenings at the same instant are ordered:
// timed transitions, then a run's completion, then a scheduled run's start.
func (j *Job) AdvanceTo(now time.Time, opts Options) []Event {
	var out []Event
	for !j.JobStatus.terminal() {
		at, what := j.nextHappening(opts)
		if what == nothing || at.After(now) {
			break
		}
		out = append(out, j.happen(what, at, opts)...)
	}
	return out
}

type happening int

const (
	nothing happening = iota
	deadline
	completion
	occurrence
)

func (j *Job) nextHappening(opts Options) (time.Time, happening) {
	var at time.Time
	what := nothing
	consider := func(t time.Time, h happening) {
		if !t.IsZero() && (what == nothing || t.Before(at)) {
			at, what = t, h
		}
	}
	if _, t, ok := j.nextDeadline(opts); ok {
		consider(t, deadline)
	}
	if j.JobStatus == Running {
		consider(j.runEnds, completion)
	}
	consider(j.nextRun, occurrence)
	return at, what
}

func (j *Job) happen(what happening, at time.Time, opts Options) []Event {
	switch what {
	case deadline:
		typ, _, _ := j.nextDeadline(opts)
		e := j.fire(typ, at)
		switch typ {
		case ScheduledRunExpired:
			j.runEnds, j.remaining = time.Time{}, 0
			e.RunNumber = j.RunNumber
		case JobResumedByMacieServiceQuotaLifted:
			j.resumeRun(at)
			e.RunNumber = j.RunNumber
		}
		return []Event{e}
	case completion:
		typ := ScheduledRunCompleted
		if j.JobType == schedule.OneTime {
			typ = JobCompleted
		}
		j.apply(typ, at)
		j.runEnds, j.remaining = time.Time{}, 0
		return []Event{{Type: typ, At: at, JobStatus: j.JobStatus, RunNumber: j.RunNumber}}
	case occurrence:
		j.nextRun = j.cal.Next(at)
		if j.apply(ScheduledRunStarted, at) {
			j.RunNumber++
			j.startRun(at)
			return []Event{{Type: ScheduledRunStarted, At: at, JobStatus: Running, RunNumber: j.RunNumber}}
		}
	}
	return nil
}

// startRun starts processing a run at now, for a job that has a calendar.
func (j *Job) startRun(now time.Time) {
	if j.cal != nil {
		j.runEnds, j.remaining = now.Add(j.dur), 0
	}
}

// pauseRun stops the run in progress at now, keeping its remaining
// processing.
func (j *Job) pauseRun(now time.Time) {
	if !j.runEnds.IsZero() {
		j.remaining = j.runEnds.Sub(now)
		j.runEnds = time.Time{}
	}
}

// resumeRun continues a stopped run at now, for a job that has a calendar.
func (j *Job) resumeRun(now time.Time) {
	switch {
	case j.cal == nil:
	case j.remaining > 0:
		j.runEnds = now.Add(j.remaining)
		j.remaining = 0
	case j.runEnds.IsZero():
		j.runEnds = now
	}
}
