package schedule

import (
	"fmt"
	"iter"
	"time"

	"github.com/jobscope/jobscope/field"
)

// kind is the recurrence of a Calendar.
type kind uint8

const (
	oneTime kind = iota
	daily
	weekly
	monthly
)

const (
	secondsPerDay = 24 * 60 * 60
	day           = 24 * time.Hour
)

// Calendar is the run calendar of one job: when it was created, what its
// schedule is, and the engine options in force. It answers when runs start
// and which objects each run analyzes. A Calendar is immutable and safe for
// concurrent use; its methods do not allocate.
type Calendar struct {
	createdAt   time.Time
	createdDay  int64 // days since 1970-01-01 of createdAt's UTC date
	jobType     JobType
	kind        kind
	weekday     time.Weekday
	dayOfMonth  int
	initialRun  bool
	immediately bool
	opts        Options
}

// New returns the calendar of a job created at createdAt (any location; the
// calendar works in UTC) with the given type, schedule and initialRun.
//
// A ONE_TIME job must have no schedule (freq nil); a SCHEDULED job a valid
// one (see [JobScheduleFrequency.Validate]). opts.RunTimeOfDay must lie in
// [0, 24h), and the enum options must be empty or one of their values.
// Anything else is a *field.Error: at the request member at fault (Path
// jobType or below scheduleFrequency), or at the option (Code
// field.InvalidOption, Path the option's Go name).
func New(createdAt time.Time, jobType JobType, freq *JobScheduleFrequency, initialRun bool, opts Options) (*Calendar, error) {
	c := &Calendar{createdAt: createdAt.UTC(), jobType: jobType, initialRun: initialRun, opts: opts}
	c.createdDay = dayNumber(c.createdAt)
	switch opts.MonthlyOverflow {
	case "", Skip, Clamp:
	default:
		return nil, optionError("MonthlyOverflow", fmt.Sprintf("%q is not SKIP or CLAMP", opts.MonthlyOverflow))
	}
	switch opts.IncrementalBoundary {
	case "", Exclusive, Inclusive:
	default:
		return nil, optionError("IncrementalBoundary", fmt.Sprintf("%q is not EXCLUSIVE or INCLUSIVE", opts.IncrementalBoundary))
	}
	if opts.RunTimeOfDay < 0 || opts.RunTimeOfDay >= day {
		return nil, optionError("RunTimeOfDay", fmt.Sprintf("%v is not in [0, 24h)", opts.RunTimeOfDay))
	}
	fp := field.NewPath("scheduleFrequency")
	switch jobType {
	case OneTime:
		if freq != nil {
			return nil, field.New(fp, field.Forbidden, "a ONE_TIME job has no scheduleFrequency")
		}
		c.kind = oneTime
		c.immediately = true
		return c, nil
	case Scheduled:
	default:
		return nil, field.New(field.NewPath("jobType"), field.InvalidValue, fmt.Sprintf("%q is not ONE_TIME or SCHEDULED", jobType))
	}
	if freq == nil {
		return nil, field.New(fp, field.Required, "a SCHEDULED job needs a scheduleFrequency")
	}
	if errs := freq.Validate(fp); len(errs) > 0 {
		return nil, errs[0]
	}
	switch {
	case freq.DailySchedule != nil:
		c.kind = daily
	case freq.WeeklySchedule != nil:
		c.kind = weekly
		c.weekday, _ = freq.WeeklySchedule.DayOfWeek.Weekday()
	default:
		c.kind = monthly
		c.dayOfMonth = int(freq.MonthlySchedule.DayOfMonth)
	}
	c.immediately = c.matches(c.createdDay) || (initialRun && !opts.InitialRunWaitsForSchedule)
	return c, nil
}

func optionError(name, message string) *field.Error {
	return &field.Error{Path: name, Code: field.InvalidOption, Message: message}
}

// CreatedAt returns when the job was created, in UTC.
func (c *Calendar) CreatedAt() time.Time { return c.createdAt }

// JobType returns the job's type.
func (c *Calendar) JobType() JobType { return c.jobType }

// StartsImmediately reports whether the job starts its first run the moment
// it is created, and so has the initial status RUNNING rather than IDLE
// (docs/semantics.md, "The first run" and "Statuses"): always for ONE_TIME
// and daily jobs; for weekly and monthly jobs when the UTC creation date is
// a scheduled day, or when initialRun is true (unless
// Options.InitialRunWaitsForSchedule is set).
func (c *Calendar) StartsImmediately() bool { return c.immediately }

// First returns the start of the first run: the creation instant when the
// job starts immediately, else the first scheduled day after the creation
// date at Options.RunTimeOfDay.
func (c *Calendar) First() time.Time {
	if c.immediately {
		return c.createdAt
	}
	return c.scheduledAfter(c.createdAt.Add(-1))
}

// Next returns the start of the first run strictly after after, or the zero
// Time when there is none (a ONE_TIME job after its only run).
//
// Runs are the immediate first run (see StartsImmediately), then one run at
// Options.RunTimeOfDay (UTC) on every scheduled date strictly after the UTC
// creation date. Next computes the answer arithmetically: it costs the same
// for the 10,000th run as for the first.
func (c *Calendar) Next(after time.Time) time.Time {
	if c.immediately && after.Before(c.createdAt) {
		return c.createdAt
	}
	if c.kind == oneTime {
		return time.Time{}
	}
	return c.scheduledAfter(after)
}

// Runs returns the start of every run in order: a single run for a ONE_TIME
// job, an endless sequence for a SCHEDULED one (stop ranging to end it).
func (c *Calendar) Runs() iter.Seq[time.Time] {
	return func(yield func(time.Time) bool) {
		t := c.First()
		for !t.IsZero() {
			if !yield(t) {
				return
			}
			t = c.Next(t)
		}
	}
}

// Skipped reports whether a monthly schedule has no run in the month of t
// because the month lacks its day (MonthlyOverflow SKIP, docs/semantics.md,
// "Monthly schedules and short months").
func (c *Calendar) Skipped(t time.Time) bool {
	if c.kind != monthly || c.opts.MonthlyOverflow == Clamp {
		return false
	}
	y, m, _ := t.UTC().Date()
	return c.dayOfMonth > daysIn(int64(y), int(m))
}

// matches reports whether day d (days since the epoch) is scheduled.
func (c *Calendar) matches(d int64) bool {
	switch c.kind {
	case daily:
		return true
	case weekly:
		return weekdayOfDay(d) == c.weekday
	case monthly:
		y, m, dd := civil(d)
		n := daysIn(y, m)
		if c.dayOfMonth <= n {
			return dd == c.dayOfMonth
		}
		return c.opts.MonthlyOverflow == Clamp && dd == n
	}
	return false
}

// scheduledAfter returns the first scheduled (not immediate) run strictly
// after t: a scheduled date D strictly after the creation date with
// D + RunTimeOfDay > t.
func (c *Calendar) scheduledAfter(t time.Time) time.Time {
	tod := c.opts.RunTimeOfDay
	// D + tod > t  ⇔  D > t − tod  ⇔  D ≥ floorDay(t − tod) + 1.
	lower := floorDiv(t.Add(-tod).Unix(), secondsPerDay) + 1
	if min := c.createdDay + 1; lower < min {
		lower = min
	}
	var d int64
	switch c.kind {
	case daily:
		d = lower
	case weekly:
		d = lower + int64((int(c.weekday)-int(weekdayOfDay(lower))+7)%7)
	case monthly:
		d = c.monthlyOnOrAfter(lower)
	default:
		return time.Time{}
	}
	return time.Unix(d*secondsPerDay, 0).UTC().Add(tod)
}

// monthlyOnOrAfter returns the first scheduled day ≥ d of a monthly
// schedule. A day the month lacks is skipped (SKIP) or moved to the month's
// last day (CLAMP); with SKIP no two consecutive months lack a day ≤ 31, so
// the loop ends within three months.
func (c *Calendar) monthlyOnOrAfter(d int64) int64 {
	y, m, dd := civil(d)
	for {
		n := daysIn(y, m)
		target := c.dayOfMonth
		if target > n {
			if c.opts.MonthlyOverflow == Clamp {
				target = n
			} else {
				target = 0
			}
		}
		if target != 0 && target >= dd {
			return daysFromCivil(y, m, target)
		}
		dd = 1
		if m++; m > 12 {
			m = 1
			y++
		}
	}
}

// Calendar arithmetic on day numbers (days since 1970-01-01, proleptic
// Gregorian), after Howard Hinnant's chrono-compatible algorithms.

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func dayNumber(t time.Time) int64 { return floorDiv(t.Unix(), secondsPerDay) }

func weekdayOfDay(d int64) time.Weekday {
	// 1970-01-01 was a Thursday.
	w := (d + 4) % 7
	if w < 0 {
		w += 7
	}
	return time.Weekday(w)
}

func daysFromCivil(y int64, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := floorDiv(y, 400)
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := int64((153*mp+2)/5 + d - 1)
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

func civil(z int64) (y int64, m, d int) {
	z += 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = int(doy - (153*mp+2)/5 + 1)
	if mp < 10 {
		m = int(mp + 3)
	} else {
		m = int(mp - 9)
	}
	if m <= 2 {
		y++
	}
	return y, m, d
}

func isLeap(y int64) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func daysIn(y int64, m int) int {
	switch m {
	case 2:
		if isLeap(y) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
