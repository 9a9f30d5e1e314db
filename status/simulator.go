package status

import (
	"time"

	"github.com/jobscope/jobscope/schedule"
)

// SimulatorConfig configures a Simulator.
type SimulatorConfig struct {
	// JobID names the job; "job" when empty.
	JobID string
	// RunDuration is how much processing time a run takes; time spent
	// paused does not count. One hour when zero or negative.
	RunDuration time.Duration
	// Options are the life-cycle engine choices.
	Options Options
}

// Simulator plays a job's life cycle on its own clock: the job's calendar
// starts runs, runs complete after SimulatorConfig.RunDuration of
// processing, pauses expire and quota months roll over as time passes, and
// the caller pauses, resumes and cancels the job and injects Macie's system
// events. Every call reports what happened, in order, as Events — for unit
// tests of pipelines that react to job status events.
//
// Time passes only through AdvanceTo and Advance; it starts at the job's
// creation. Rules beyond the status table (docs/semantics.md, "Resume and
// expiry", inferred): a scheduled occurrence does not start while a run is in
// progress or the owner has paused the job; a run paused by Macie resumes at
// the next scheduled occurrence (starting that run) or at the next quota month,
// whichever comes first; a run resumed by its owner within 30 days continues
// where it stopped.
//
// A Simulator is not safe for concurrent use.
type Simulator struct {
	cal       *schedule.Calendar
	job       Job
	opts      Options
	dur       time.Duration
	now       time.Time
	nextRun   time.Time     // next scheduled occurrence; zero when none
	runNumber int           // runs started so far
	runEnds   time.Time     // when the run in progress completes; zero when none is processing
	remaining time.Duration // processing left of a paused run
	pending   []Event       // creation events, reported by the first call
}

// NewSimulator returns a simulator of the job with calendar cal, created at
// cal.CreatedAt(). Its creation events (JOB_CREATED, and the start of the
// first run when the job starts immediately) are reported by the first call
// of AdvanceTo, Advance, Update or Inject.
func NewSimulator(cal *schedule.Calendar, cfg SimulatorConfig) *Simulator {
	id := cfg.JobID
	if id == "" {
		id = "job"
	}
	s := &Simulator{cal: cal, opts: cfg.Options, dur: cfg.RunDuration, now: cal.CreatedAt()}
	if s.dur <= 0 {
		s.dur = time.Hour
	}
	s.job = Job{JobID: id, JobType: cal.JobType(), JobStatus: JobStatus(cal.InitialStatus())}
	s.pending = append(s.pending, Event{Type: JobCreated, At: s.now, JobStatus: s.job.JobStatus})
	if cal.StartsImmediately() {
		typ := ScheduledRunStarted
		if cal.JobType() == schedule.OneTime {
			typ = OneTimeJobStarted
		}
		s.runNumber = 1
		s.runEnds = s.now.Add(s.dur)
		s.pending = append(s.pending, Event{Type: typ, At: s.now, JobStatus: Running, RunNumber: 1})
		s.nextRun = cal.Next(s.now)
	} else {
		s.nextRun = cal.First()
	}
	return s
}

// Now returns the simulator's clock.
func (s *Simulator) Now() time.Time { return s.now }

// Job returns a copy of the job's state.
func (s *Simulator) Job() Job { return s.job }

// RunNumber returns the number of runs started so far.
func (s *Simulator) RunNumber() int { return s.runNumber }

// NextRun returns the next scheduled occurrence, or the zero Time.
func (s *Simulator) NextRun() time.Time { return s.nextRun }

// UserPausedDetails returns the job's userPausedDetails now (see
// Job.UserPausedDetails).
func (s *Simulator) UserPausedDetails() *UserPausedDetails {
	return s.job.UserPausedDetails(s.now, s.opts)
}

func (s *Simulator) take() []Event {
	ev := s.pending
	s.pending = nil
	return ev
}

// Advance lets d pass; see AdvanceTo.
func (s *Simulator) Advance(d time.Duration) []Event { return s.AdvanceTo(s.now.Add(d)) }

// AdvanceTo lets time pass to t and returns everything that happened, in
// order: scheduled runs starting and completing, notices and expiries of
// pauses, quota months rolling over. A t before the clock changes nothing.
// Happenings at the same instant are ordered: timed status transitions,
// then run completion, then a scheduled run start.
func (s *Simulator) AdvanceTo(t time.Time) []Event {
	out := s.take()
	for !s.job.JobStatus.Terminal() {
		at, what := s.nextHappening()
		if what == nothing || at.After(t) {
			break
		}
		s.now = at
		out = append(out, s.happen(what, at)...)
	}
	if t.After(s.now) {
		s.now = t
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

func (s *Simulator) nextHappening() (time.Time, happening) {
	var at time.Time
	what := nothing
	consider := func(t time.Time, h happening) {
		if !t.IsZero() && (what == nothing || t.Before(at)) {
			at, what = t, h
		}
	}
	if _, t, ok := s.job.NextDeadline(s.opts); ok {
		consider(t, deadline)
	}
	if s.job.JobStatus == Running {
		consider(s.runEnds, completion)
	}
	consider(s.nextRun, occurrence)
	return at, what
}

func (s *Simulator) happen(what happening, at time.Time) []Event {
	switch what {
	case deadline:
		typ, _, _ := s.job.NextDeadline(s.opts)
		e := s.job.fire(typ, at)
		switch typ {
		case ScheduledRunExpired, JobCancelled:
			s.runEnds, s.remaining = time.Time{}, 0
		case JobResumedByMacieServiceQuotaLifted:
			s.resumeRun()
		}
		if typ == ScheduledRunExpired || typ == JobResumedByMacieServiceQuotaLifted {
			e.RunNumber = s.runNumber
		}
		return []Event{e}
	case completion:
		typ := ScheduledRunCompleted
		if s.job.JobType == schedule.OneTime {
			typ = JobCompleted
		}
		s.job.Apply(typ, at, s.opts)
		s.runEnds, s.remaining = time.Time{}, 0
		return []Event{{Type: typ, At: at, JobStatus: s.job.JobStatus, RunNumber: s.runNumber}}
	case occurrence:
		s.nextRun = s.cal.Next(at)
		if s.job.Apply(ScheduledRunStarted, at, s.opts) {
			s.runNumber++
			s.runEnds, s.remaining = at.Add(s.dur), 0
			return []Event{{Type: ScheduledRunStarted, At: at, JobStatus: Running, RunNumber: s.runNumber}}
		}
	}
	return nil
}

// pauseRun stops the run in progress, keeping its remaining processing.
func (s *Simulator) pauseRun() {
	if !s.runEnds.IsZero() {
		s.remaining = s.runEnds.Sub(s.now)
		s.runEnds = time.Time{}
	}
}

// resumeRun continues a stopped run.
func (s *Simulator) resumeRun() {
	if s.remaining > 0 {
		s.runEnds = s.now.Add(s.remaining)
		s.remaining = 0
	} else if s.runEnds.IsZero() {
		s.runEnds = s.now
	}
}

// Update is UpdateClassificationJob(jobStatus=target) at the current clock
// (see Job.Update). It returns the events it caused — JOB_PAUSED_BY_USER,
// JOB_RESUMED_BY_USER or JOB_CANCELLED — or the *Exception Macie would
// answer with.
func (s *Simulator) Update(target JobStatus) ([]Event, error) {
	out := s.AdvanceTo(s.now)
	from := s.job.JobStatus
	if err := s.job.Update(target, s.now, s.opts); err != nil {
		return out, err
	}
	e := Event{At: s.now, JobStatus: s.job.JobStatus, RunNumber: s.runNumber}
	switch target {
	case Cancelled:
		e.Type = JobCancelled
		s.runEnds, s.remaining, s.nextRun = time.Time{}, 0, time.Time{}
	case UserPaused:
		e.Type = JobPausedByUser
		if from == Running {
			s.pauseRun()
		}
	case Running:
		e.Type = JobResumedByUser
		switch s.job.JobStatus {
		case Running:
			s.resumeRun()
		case Idle:
			s.runEnds, s.remaining = time.Time{}, 0
		}
	}
	return append(out, e), nil
}

// Inject applies one of Macie's system events (see EventInputs) at the
// current clock, and reports whether it applied; an event that does not
// apply changes nothing and is not reported.
func (s *Simulator) Inject(e EventType) ([]Event, bool) {
	out := s.AdvanceTo(s.now)
	if !s.job.Apply(e, s.now, s.opts) {
		return out, false
	}
	ev := Event{Type: e, At: s.now, JobStatus: s.job.JobStatus, RunNumber: s.runNumber}
	switch e {
	case ScheduledRunStarted:
		s.runNumber++
		ev.RunNumber = s.runNumber
		s.runEnds, s.remaining = s.now.Add(s.dur), 0
	case ScheduledRunCompleted, JobCompleted:
		s.runEnds, s.remaining = time.Time{}, 0
	case JobPausedByMacieServiceQuotaMet:
		s.pauseRun()
	case JobResumedByMacieServiceQuotaLifted:
		s.resumeRun()
	case MacieSuspendedInRegion:
		s.runEnds, s.remaining, s.nextRun = time.Time{}, 0, time.Time{}
		out = append(out, ev)
		ev = Event{Type: JobCancelled, At: s.now, JobStatus: Cancelled}
	}
	return append(out, ev), true
}
