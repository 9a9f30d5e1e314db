package fuzz

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/internal/testfile"
	"github.com/jobscope/jobscope/schedule"
)

// scheduleCase is what FuzzSchedule's arguments decode to.
type scheduleCase struct {
	createdAt  time.Time
	jobType    schedule.JobType
	freq       *schedule.JobScheduleFrequency
	initialRun bool
	opts       schedule.Options
	valid      bool // schedule.New must accept it
}

// The frequency codes of FuzzSchedule (freq % 8).
const (
	freqOneTime     = iota // ONE_TIME, no schedule
	freqDaily              // dailySchedule
	freqWeekly             // weeklySchedule, dayOfWeek day % 7
	freqMonthly            // monthlySchedule, dayOfMonth 1 + day % 31
	freqMonthlyRaw         // monthlySchedule, dayOfMonth int8(day): 1..31 valid
	freqWeeklyBad          // weeklySchedule with a dayOfWeek that is not one
	freqMissing            // SCHEDULED without a schedule
	freqOneTimeWith        // ONE_TIME with a daily schedule
)

// The option bits of FuzzSchedule: bits 0-1 monthlyOverflow, bit 2
// initialRunStartsImmediately, bits 3-4 incrementalBoundary, bit 5 the run
// time of day taken as it is (any duration) rather than modulo 24 hours.
var (
	overflows  = []schedule.Overflow{"", schedule.Skip, schedule.Clamp, "SOMETIMES"}
	boundaries = []schedule.Boundary{"", schedule.Exclusive, schedule.Inclusive, "BOTH"}
)

func decodeSchedule(createdSec int64, nsec uint32, freq, day uint8, initialRun bool, opts uint8, tod int64) scheduleCase {
	c := scheduleCase{
		createdAt:  time.Unix(minSec+int64(uint64(createdSec)%uint64(maxSec-minSec+1)), int64(nsec%1e9)).UTC(),
		jobType:    schedule.Scheduled,
		initialRun: initialRun,
		valid:      true,
		opts: schedule.Options{
			MonthlyOverflow:            overflows[opts&3],
			InitialRunWaitsForSchedule: opts&4 != 0,
			IncrementalBoundary:        boundaries[opts>>3&3],
		},
	}
	c.valid = opts&3 != 3 && opts>>3&3 != 3
	if opts&32 != 0 {
		c.opts.RunTimeOfDay = time.Duration(tod)
		c.valid = c.valid && tod >= 0 && tod < int64(24*time.Hour)
	} else {
		c.opts.RunTimeOfDay = time.Duration(uint64(tod) % uint64(24*time.Hour))
	}
	switch freq % 8 {
	case freqOneTime:
		c.jobType = schedule.OneTime
	case freqDaily:
		c.freq = &schedule.JobScheduleFrequency{DailySchedule: &schedule.DailySchedule{}}
	case freqWeekly:
		c.freq = &schedule.JobScheduleFrequency{WeeklySchedule: &schedule.WeeklySchedule{DayOfWeek: schedule.DayOfWeek("").Values()[day%7]}}
	case freqMonthly:
		c.freq = &schedule.JobScheduleFrequency{MonthlySchedule: &schedule.MonthlySchedule{DayOfMonth: 1 + int32(day%31)}}
	case freqMonthlyRaw:
		d := int32(int8(day))
		c.freq = &schedule.JobScheduleFrequency{MonthlySchedule: &schedule.MonthlySchedule{DayOfMonth: d}}
		c.valid = c.valid && d >= 1 && d <= 31
	case freqWeeklyBad:
		c.freq = &schedule.JobScheduleFrequency{WeeklySchedule: &schedule.WeeklySchedule{DayOfWeek: "monday"}}
		c.valid = false
	case freqMissing:
		c.valid = false
	case freqOneTimeWith:
		c.jobType = schedule.OneTime
		c.freq = &schedule.JobScheduleFrequency{DailySchedule: &schedule.DailySchedule{}}
		c.valid = false
	}
	return c
}

// maxRuns is how many runs FuzzSchedule checks.
const maxRuns = 24

// FuzzSchedule builds a run calendar from a fuzzer-chosen creation time
// (years 0001 to 9999, any nanosecond), job type and frequency, initialRun
// and options, and checks:
//   - schedule.New accepts exactly the valid arguments; its errors are
//     *field.Error with a code and a path;
//   - the runs are strictly increasing; the first is the creation instant
//     when the job starts immediately (RUNNING), later otherwise (IDLE);
//   - every run but an immediate first one is on a matching UTC day after
//     the creation day, at the run time of day (on the weekday; on the day
//     of the month, or the month's last under CLAMP; never in a month SKIP
//     skips), and an immediate first run is on a matching day unless
//     initialRunStartsImmediately started it;
//   - no matching day after the creation day is missed between runs;
//   - Next from any instant between two runs is the later one, and
//     Window(k) spans run k−1 (or the creation, or nothing) to run k.
func FuzzSchedule(f *testing.F) {
	f.Fuzz(func(t *testing.T, createdSec int64, nsec uint32, freq, day uint8, initialRun bool, opts uint8, tod int64) {
		c := decodeSchedule(createdSec, nsec, freq, day, initialRun, opts, tod)
		if c.createdAt.IsZero() {
			return // the zero Time is "no creation time" (and "no run")
		}
		cal, err := schedule.New(c.createdAt, c.jobType, c.freq, c.initialRun, c.opts)
		if err != nil {
			var fe *field.Error
			if !errors.As(err, &fe) || fe.Code == "" || fe.Path == "" {
				t.Fatalf("error %v is not a *field.Error with a code and a path", err)
			}
			if c.valid {
				t.Fatalf("New rejected valid arguments %+v: %v", c, err)
			}
			return
		}
		if !c.valid {
			t.Fatalf("New accepted invalid arguments %+v", c)
		}
		var runs []time.Time
		for r := range cal.Runs() {
			if runs = append(runs, r); len(runs) == maxRuns {
				break
			}
		}
		checkRuns(t, c, cal, runs)
	})
}

func checkRuns(t *testing.T, c scheduleCase, cal *schedule.Calendar, runs []time.Time) {
	t.Helper()
	if len(runs) == 0 {
		t.Fatalf("no runs: %+v", c)
	}
	first := runs[0]
	if !first.Equal(cal.First()) {
		t.Fatalf("the first run %v is not First() %v", first, cal.First())
	}
	if cal.StartsImmediately() != first.Equal(c.createdAt) || first.Before(c.createdAt) {
		t.Fatalf("created %v, first run %v, starts immediately: %v", c.createdAt, first, cal.StartsImmediately())
	}
	if c.jobType == schedule.OneTime {
		if len(runs) != 1 || !cal.Next(first).IsZero() {
			t.Fatalf("a ONE_TIME job runs once, at creation: %v", runs)
		}
		return
	}
	if cal.StartsImmediately() && !(c.initialRun && !c.opts.InitialRunWaitsForSchedule) && !matches(c, first) {
		t.Fatalf("created %v (%v), not a matching day, yet the job starts immediately", c.createdAt, c.createdAt.Weekday())
	}
	if len(runs) != maxRuns {
		t.Fatalf("a SCHEDULED job has %d runs, not endless ones: %v", len(runs), runs)
	}
	day := func(t time.Time) int64 { return floorDiv(t.Unix(), 86400) }
	prevDay := day(c.createdAt)
	for k, r := range runs {
		if k > 0 && !r.After(runs[k-1]) {
			t.Fatalf("run %d at %v is not after run %d at %v", k+1, r, k, runs[k-1])
		}
		checkWindow(t, c, cal, runs, k)
		if k == 0 && cal.StartsImmediately() {
			continue // the immediate run; the scheduled ones follow
		}
		// A scheduled run.
		if !matches(c, r) {
			t.Fatalf("run %d at %v (%v) is not on a matching day (%+v)", k+1, r, r.Weekday(), c.freq)
		}
		if tod := r.Sub(time.Unix(day(r)*86400, 0)); tod != c.opts.RunTimeOfDay {
			t.Fatalf("run %d at %v starts at %v into its day, not at %v", k+1, r, tod, c.opts.RunTimeOfDay)
		}
		if day(r) <= day(c.createdAt) {
			t.Fatalf("scheduled run %d at %v is not after the creation day %v", k+1, r, c.createdAt)
		}
		if cal.Skipped(r) {
			t.Fatalf("run %d at %v is in a month the schedule skips", k+1, r)
		}
		switch f := c.freq; {
		case f.WeeklySchedule != nil:
			if w, _ := f.WeeklySchedule.DayOfWeek.Weekday(); r.Weekday() != w {
				t.Fatalf("weekly run %d on a %v, not a %v", k+1, r.Weekday(), w)
			}
		case f.MonthlySchedule != nil:
			want := int(f.MonthlySchedule.DayOfMonth)
			if last := time.Date(r.Year(), r.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day(); want > last && c.opts.MonthlyOverflow == schedule.Clamp {
				want = last
			}
			if r.Day() != want {
				t.Fatalf("monthly run %d on day %d, not %d (%s)", k+1, r.Day(), want, c.opts.MonthlyOverflow)
			}
		}
		for d := prevDay + 1; d < day(r); d++ {
			if between := time.Unix(d*86400, 0); matches(c, between) {
				t.Fatalf("%v matches the schedule but has no run (runs %d at %v and %d at %v)", between, k, runs[max(k-1, 0)], k+1, r)
			}
		}
		prevDay = day(r)
	}
	for k := 1; k < len(runs); k++ {
		a, b := runs[k-1], runs[k]
		mid := a.Add(b.Sub(a) / 2)
		for _, at := range []time.Time{a, mid, b.Add(-1)} {
			if got := cal.Next(at); !got.Equal(b) {
				t.Fatalf("Next(%v) = %v; runs %d and %d are at %v and %v", at, got, k, k+1, a, b)
			}
		}
	}
}

func checkWindow(t *testing.T, c scheduleCase, cal *schedule.Calendar, runs []time.Time, k int) {
	t.Helper()
	w, ok := cal.Window(k + 1)
	if !ok || w.RunNumber != k+1 || !w.Upper.Equal(runs[k]) {
		t.Fatalf("Window(%d) = %+v, %v; run %d is at %v", k+1, w, ok, k+1, runs[k])
	}
	var lower time.Time
	switch {
	case k > 0:
		lower = runs[k-1]
	case !c.initialRun:
		lower = c.createdAt
	}
	inclusive := !lower.IsZero() && c.opts.IncrementalBoundary == schedule.Inclusive
	if !w.Lower.Equal(lower) || w.LowerInclusive != inclusive {
		t.Fatalf("Window(%d) = %+v; want lower %v, inclusive %v", k+1, w, lower, inclusive)
	}
	// The window is (lower, upper], or [lower, upper]: empty when a first
	// run starts the instant the job is created with initialRun false.
	if w.Contains(w.Upper) != (lower.IsZero() || inclusive || lower.Before(w.Upper)) || w.Contains(w.Upper.Add(1)) {
		t.Fatalf("Window(%d) = %+v does not end at its run", k+1, w)
	}
}

// matches reports whether the UTC date of t is a scheduled day of c's
// SCHEDULED job, written from docs/semantics.md, "Monthly schedules and
// short months".
func matches(c scheduleCase, t time.Time) bool {
	t = t.UTC()
	switch f := c.freq; {
	case f.DailySchedule != nil:
		return true
	case f.WeeklySchedule != nil:
		w, _ := f.WeeklySchedule.DayOfWeek.Weekday()
		return t.Weekday() == w
	}
	want := int(c.freq.MonthlySchedule.DayOfMonth)
	if last := time.Date(t.Year(), t.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day(); want > last {
		if c.opts.MonthlyOverflow != schedule.Clamp {
			return false
		}
		want = last
	}
	return t.Day() == want
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// scheduleSeeds spells every schedule conformance case and the examples'
// schedules for FuzzSchedule.
func scheduleSeeds(t *testing.T) map[string][]any {
	seeds := map[string][]any{}
	spell := func(name string, createdAt time.Time, req json.RawMessage, options map[string]json.RawMessage) {
		var r struct {
			JobType           schedule.JobType               `json:"jobType"`
			ScheduleFrequency *schedule.JobScheduleFrequency `json:"scheduleFrequency"`
			InitialRun        *bool                          `json:"initialRun"`
		}
		if err := json.Unmarshal(req, &r); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var freq, day, opts uint8
		switch f := r.ScheduleFrequency; {
		case r.JobType == schedule.OneTime:
			freq = freqOneTime
		case f.DailySchedule != nil:
			freq = freqDaily
		case f.WeeklySchedule != nil:
			freq, day = freqWeekly, uint8(index(schedule.DayOfWeek("").Values(), f.WeeklySchedule.DayOfWeek))
		case f.MonthlySchedule != nil:
			freq, day = freqMonthly, uint8(f.MonthlySchedule.DayOfMonth-1)
		}
		for name, v := range options {
			switch name + "=" + optionText(v) {
			case "monthlyOverflow=SKIP":
				opts |= 1
			case "monthlyOverflow=CLAMP":
				opts |= 2
			case "initialRunStartsImmediately=true":
				opts |= 4
			case "incrementalBoundary=EXCLUSIVE":
				opts |= 8
			case "incrementalBoundary=INCLUSIVE":
				opts |= 16
			}
		}
		initialRun := r.InitialRun != nil && *r.InitialRun
		args := []any{createdAt.Unix() - minSec, uint32(createdAt.Nanosecond()), freq, day, initialRun, opts, int64(0)}
		back := decodeSchedule(args[0].(int64), args[1].(uint32), freq, day, initialRun, opts, 0)
		if !back.createdAt.Equal(createdAt) || back.jobType != r.JobType || !cmp.Equal(back.freq, r.ScheduleFrequency) {
			t.Errorf("%s: decoded as %+v", name, back)
		}
		seeds[name] = args
	}
	for _, c := range conformanceCases(t, "schedule.jsonl") {
		at, err := time.Parse(time.RFC3339, c.CreatedAt)
		if err != nil {
			t.Fatalf("%s: %v", c.ID, err)
		}
		spell("conformance-"+c.ID, at, c.Request, c.Options)
	}
	for _, name := range exampleJobs(false) {
		data := testfile.Read(t, name)
		var j struct {
			JobType schedule.JobType `json:"jobType"`
		}
		json.Unmarshal(data, &j)
		if j.JobType != "" {
			var r map[string]json.RawMessage
			json.Unmarshal(data, &r)
			req, _ := json.Marshal(map[string]json.RawMessage{"jobType": r["jobType"], "scheduleFrequency": r["scheduleFrequency"], "initialRun": r["initialRun"]})
			spell(exampleSeed(name), time.Date(2024, 2, 29, 23, 59, 59, 999999999, time.UTC), req, nil)
		}
	}
	// The edges: the first and last instants, a leap day, run times of
	// day that are not whole seconds, an invalid one.
	seeds["edge-year-1"] = []any{int64(1), uint32(0), uint8(freqMonthly), uint8(30), true, uint8(2), int64(0)}
	seeds["edge-year-9999"] = []any{int64(maxSec - minSec), uint32(999999999), uint8(freqWeekly), uint8(6), false, uint8(36), int64(1)}
	seeds["edge-leap-day-29"] = []any{time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC).Unix() - minSec, uint32(0), uint8(freqMonthly), uint8(28), false, uint8(0), int64(23*time.Hour + 59*time.Minute)}
	seeds["edge-bad-run-time"] = []any{int64(0), uint32(0), uint8(freqDaily), uint8(0), false, uint8(32), int64(-1)}
	seeds["edge-day-0"] = []any{int64(0), uint32(0), uint8(freqMonthlyRaw), uint8(0), false, uint8(0), int64(0)}
	return seeds
}
