package schedule_test

import (
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/schedule"
)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func daily() *schedule.JobScheduleFrequency {
	return &schedule.JobScheduleFrequency{DailySchedule: &schedule.DailySchedule{}}
}

func weekly(d schedule.DayOfWeek) *schedule.JobScheduleFrequency {
	return &schedule.JobScheduleFrequency{WeeklySchedule: &schedule.WeeklySchedule{DayOfWeek: d}}
}

func monthly(d int32) *schedule.JobScheduleFrequency {
	return &schedule.JobScheduleFrequency{MonthlySchedule: &schedule.MonthlySchedule{DayOfMonth: d}}
}

func mustNew(t testing.TB, createdAt time.Time, jt schedule.JobType, f *schedule.JobScheduleFrequency, initialRun bool, o schedule.Options) *schedule.Calendar {
	t.Helper()
	c, err := schedule.New(createdAt, jt, f, initialRun, o)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func firstN(c *schedule.Calendar, n int) []time.Time {
	var out []time.Time
	for r := range c.Runs() {
		if len(out) == n {
			break
		}
		out = append(out, r)
	}
	return out
}

// TestCalendarTable checks the first runs of schedules, and whether the
// first starts at creation, from docs/semantics.md, "The first run" and
// "Monthly schedules and short months".
func TestCalendarTable(t *testing.T) {
	tests := []struct {
		name       string
		createdAt  time.Time
		jobType    schedule.JobType
		freq       *schedule.JobScheduleFrequency
		initialRun bool
		opts       schedule.Options
		immediate  bool
		runs       []time.Time
	}{
		{"one-time runs once, at creation", time.Date(2024, 7, 3, 9, 0, 0, 0, time.UTC), schedule.OneTime, nil, false, schedule.Options{},
			true, []time.Time{time.Date(2024, 7, 3, 9, 0, 0, 0, time.UTC)}},
		{"daily starts immediately, crosses leap day", time.Date(2024, 2, 28, 12, 0, 0, 0, time.UTC), schedule.Scheduled, daily(), false, schedule.Options{},
			true, []time.Time{time.Date(2024, 2, 28, 12, 0, 0, 0, time.UTC), date(2024, 2, 29), date(2024, 3, 1)}},
		{"weekly on the creation weekday starts immediately", time.Date(2024, 7, 1, 9, 0, 0, 0, time.UTC), schedule.Scheduled, weekly(schedule.Monday), false, schedule.Options{},
			true, []time.Time{time.Date(2024, 7, 1, 9, 0, 0, 0, time.UTC), date(2024, 7, 8)}},
		{"weekly on another weekday waits", time.Date(2024, 7, 3, 9, 0, 0, 0, time.UTC), schedule.Scheduled, weekly(schedule.Monday), false, schedule.Options{},
			false, []time.Time{date(2024, 7, 8), date(2024, 7, 15)}},
		{"initialRun starts immediately", time.Date(2024, 7, 3, 9, 0, 0, 0, time.UTC), schedule.Scheduled, weekly(schedule.Monday), true, schedule.Options{},
			true, []time.Time{time.Date(2024, 7, 3, 9, 0, 0, 0, time.UTC), date(2024, 7, 8)}},
		{"InitialRunWaitsForSchedule", time.Date(2024, 7, 3, 9, 0, 0, 0, time.UTC), schedule.Scheduled, weekly(schedule.Monday), true, schedule.Options{InitialRunWaitsForSchedule: true},
			false, []time.Time{date(2024, 7, 8), date(2024, 7, 15)}},
		{"day 31 skips short months", date(2025, 1, 1), schedule.Scheduled, monthly(31), false, schedule.Options{},
			false, []time.Time{date(2025, 1, 31), date(2025, 3, 31), date(2025, 5, 31), date(2025, 7, 31), date(2025, 8, 31), date(2025, 10, 31), date(2025, 12, 31)}},
		{"day 29 runs in a leap February", date(2024, 1, 1), schedule.Scheduled, monthly(29), false, schedule.Options{},
			false, []time.Time{date(2024, 1, 29), date(2024, 2, 29), date(2024, 3, 29)}},
		{"day 29 skips a common February", date(2023, 1, 1), schedule.Scheduled, monthly(29), false, schedule.Options{},
			false, []time.Time{date(2023, 1, 29), date(2023, 3, 29)}},
		{"day 29 skips February 2100 (not a leap year)", date(2100, 1, 30), schedule.Scheduled, monthly(29), false, schedule.Options{},
			false, []time.Time{date(2100, 3, 29)}},
		{"day 29 runs in February 2000 (leap year)", date(2000, 1, 30), schedule.Scheduled, monthly(29), false, schedule.Options{},
			false, []time.Time{date(2000, 2, 29)}},
		{"CLAMP runs on the last day", date(2024, 2, 1), schedule.Scheduled, monthly(30), false, schedule.Options{MonthlyOverflow: schedule.Clamp},
			false, []time.Time{date(2024, 2, 29), date(2024, 3, 30), date(2024, 4, 30)}},
		{"CLAMP creation on the clamped day starts immediately", time.Date(2023, 2, 28, 5, 0, 0, 0, time.UTC), schedule.Scheduled, monthly(31), false, schedule.Options{MonthlyOverflow: schedule.Clamp},
			true, []time.Time{time.Date(2023, 2, 28, 5, 0, 0, 0, time.UTC), date(2023, 3, 31), date(2023, 4, 30)}},
		{"runTimeOfDay applies to scheduled runs only", time.Date(2024, 7, 1, 9, 0, 0, 0, time.UTC), schedule.Scheduled, daily(), false, schedule.Options{RunTimeOfDay: 13 * time.Hour},
			true, []time.Time{time.Date(2024, 7, 1, 9, 0, 0, 0, time.UTC), time.Date(2024, 7, 2, 13, 0, 0, 0, time.UTC)}},
		{"creation in another zone is a UTC date", time.Date(2024, 7, 8, 1, 0, 0, 0, time.FixedZone("CEST", 2*3600)), schedule.Scheduled, weekly(schedule.Monday), false, schedule.Options{},
			false, []time.Time{date(2024, 7, 8)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustNew(t, tt.createdAt, tt.jobType, tt.freq, tt.initialRun, tt.opts)
			if got := c.StartsImmediately(); got != tt.immediate {
				t.Errorf("StartsImmediately = %v, want %v", got, tt.immediate)
			}
			if diff := cmp.Diff(tt.runs, firstN(c, len(tt.runs))); diff != "" {
				t.Errorf("runs (-want +got):\n%s", diff)
			}
		})
	}
}

func TestOneTimeHasOneRun(t *testing.T) {
	created := time.Date(2024, 7, 3, 9, 0, 0, 0, time.UTC)
	c := mustNew(t, created, schedule.OneTime, nil, false, schedule.Options{})
	if got := firstN(c, 5); len(got) != 1 {
		t.Fatalf("runs = %v, want one", got)
	}
	if got := c.Next(created); !got.IsZero() {
		t.Errorf("Next(createdAt) = %v, want none", got)
	}
	if got := c.Next(created.Add(-time.Second)); !got.Equal(created) {
		t.Errorf("Next(before creation) = %v, want %v", got, created)
	}
}

func TestNewRejects(t *testing.T) {
	now := date(2024, 1, 1)
	tests := []struct {
		name string
		jt   schedule.JobType
		f    *schedule.JobScheduleFrequency
		o    schedule.Options
	}{
		{"one-time with schedule", schedule.OneTime, daily(), schedule.Options{}},
		{"scheduled without schedule", schedule.Scheduled, nil, schedule.Options{}},
		{"unknown job type", "SOMETIMES", daily(), schedule.Options{}},
		{"two kinds", schedule.Scheduled, &schedule.JobScheduleFrequency{DailySchedule: &schedule.DailySchedule{}, MonthlySchedule: &schedule.MonthlySchedule{DayOfMonth: 1}}, schedule.Options{}},
		{"empty frequency", schedule.Scheduled, &schedule.JobScheduleFrequency{}, schedule.Options{}},
		{"bad weekday", schedule.Scheduled, weekly("monday"), schedule.Options{}},
		{"day 0", schedule.Scheduled, monthly(0), schedule.Options{}},
		{"day 32", schedule.Scheduled, monthly(32), schedule.Options{}},
		{"negative time of day", schedule.Scheduled, daily(), schedule.Options{RunTimeOfDay: -1}},
		{"time of day 24h", schedule.Scheduled, daily(), schedule.Options{RunTimeOfDay: 24 * time.Hour}},
		{"bad overflow", schedule.Scheduled, daily(), schedule.Options{MonthlyOverflow: "WRAP"}},
		{"bad boundary", schedule.Scheduled, daily(), schedule.Options{IncrementalBoundary: "BOTH"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := schedule.New(now, tt.jt, tt.f, false, tt.o)
			var fe *field.Error
			if !errors.As(err, &fe) || fe.Code == "" || fe.Path == "" {
				t.Fatalf("New = %v, want a *field.Error with a code and a path", err)
			}
		})
	}
}

func TestSkipped(t *testing.T) {
	c := mustNew(t, date(2025, 1, 1), schedule.Scheduled, monthly(31), false, schedule.Options{})
	var got []time.Month
	for m := time.January; m <= time.December; m++ {
		if c.Skipped(date(2025, m, 1)) {
			got = append(got, m)
		}
	}
	want := []time.Month{time.February, time.April, time.June, time.September, time.November}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("skipped months (-want +got):\n%s", diff)
	}
	clamp := mustNew(t, date(2025, 1, 1), schedule.Scheduled, monthly(31), false, schedule.Options{MonthlyOverflow: schedule.Clamp})
	if clamp.Skipped(date(2025, 2, 1)) {
		t.Error("CLAMP skips no month")
	}
}

// oracle lists the first n run starts of a schedule by walking the calendar
// one day at a time with the time package — independently of the
// calendar's arithmetic.
func oracle(createdAt time.Time, jt schedule.JobType, f *schedule.JobScheduleFrequency, initialRun bool, o schedule.Options, n int) []time.Time {
	createdAt = createdAt.UTC()
	matches := func(d time.Time) bool {
		switch {
		case f.DailySchedule != nil:
			return true
		case f.WeeklySchedule != nil:
			return string(f.WeeklySchedule.DayOfWeek) == map[time.Weekday]string{
				time.Sunday: "SUNDAY", time.Monday: "MONDAY", time.Tuesday: "TUESDAY", time.Wednesday: "WEDNESDAY",
				time.Thursday: "THURSDAY", time.Friday: "FRIDAY", time.Saturday: "SATURDAY"}[d.Weekday()]
		default:
			want := int(f.MonthlySchedule.DayOfMonth)
			last := time.Date(d.Year(), d.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day()
			if want > last {
				if o.MonthlyOverflow != schedule.Clamp {
					return false
				}
				want = last
			}
			return d.Day() == want
		}
	}
	var runs []time.Time
	day := time.Date(createdAt.Year(), createdAt.Month(), createdAt.Day(), 0, 0, 0, 0, time.UTC)
	if jt == schedule.OneTime {
		return []time.Time{createdAt}
	}
	if matches(day) || (initialRun && !o.InitialRunWaitsForSchedule) {
		runs = append(runs, createdAt)
	}
	for len(runs) < n {
		day = day.AddDate(0, 0, 1)
		if matches(day) {
			runs = append(runs, day.Add(o.RunTimeOfDay))
		}
	}
	return runs
}

type genSchedule struct {
	createdAt  time.Time
	jobType    schedule.JobType
	freq       *schedule.JobScheduleFrequency
	initialRun bool
	opts       schedule.Options
}

func drawSchedule(t *rapid.T) genSchedule {
	lo := date(1900, 1, 1).Unix()
	hi := date(2400, 1, 1).Unix()
	created := time.Unix(rapid.Int64Range(lo, hi).Draw(t, "createdAt"), 0).UTC()
	if rapid.Bool().Draw(t, "nearCenturyFebruary") {
		// Century years test the Gregorian leap rule (1900, 2100, 2200 and
		// 2300 are common years; 2000 is a leap year).
		y := rapid.SampledFrom([]int{1900, 2000, 2100, 2200, 2300}).Draw(t, "century")
		created = date(y, 1, 1).Add(time.Duration(rapid.Int64Range(0, int64(60*24*time.Hour)).Draw(t, "intoYear")))
	}
	g := genSchedule{
		createdAt:  created,
		jobType:    schedule.Scheduled,
		initialRun: rapid.Bool().Draw(t, "initialRun"),
	}
	if rapid.Bool().Draw(t, "overflowClamp") {
		g.opts.MonthlyOverflow = schedule.Clamp
	}
	g.opts.InitialRunWaitsForSchedule = rapid.Bool().Draw(t, "initialRunWaitsForSchedule")
	if rapid.Bool().Draw(t, "timeOfDay") {
		g.opts.RunTimeOfDay = time.Duration(rapid.Int64Range(0, int64(24*time.Hour)-1).Draw(t, "runTimeOfDay"))
	}
	switch rapid.IntRange(0, 3).Draw(t, "kind") {
	case 0:
		g.jobType, g.initialRun = schedule.OneTime, false
	case 1:
		g.freq = daily()
	case 2:
		g.freq = weekly(rapid.SampledFrom(schedule.DayOfWeek("").Values()).Draw(t, "dayOfWeek"))
	default:
		// Favour the days months lack.
		d := rapid.OneOf(rapid.Int32Range(1, 31), rapid.Int32Range(28, 31)).Draw(t, "dayOfMonth")
		g.freq = monthly(d)
	}
	return g
}

// TestCalendarMatchesOracle checks Runs and Next against a brute-force
// oracle on random schedules, options and creation times between 1900 and
// 2400: the same first 100 runs, strictly increasing, and Next(t) the first
// run after any t.
func TestCalendarMatchesOracle(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		g := drawSchedule(t)
		c, err := schedule.New(g.createdAt, g.jobType, g.freq, g.initialRun, g.opts)
		if err != nil {
			t.Fatal(err)
		}
		const n = 100
		want := oracle(g.createdAt, g.jobType, g.freq, g.initialRun, g.opts, n)
		got := firstN(c, n)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("runs (-oracle +calendar):\n%s", diff)
		}
		if c.StartsImmediately() != want[0].Equal(g.createdAt) {
			t.Fatalf("StartsImmediately = %v, first run %v, created %v", c.StartsImmediately(), want[0], g.createdAt)
		}
		for i, r := range got {
			if i > 0 && !r.After(got[i-1]) {
				t.Fatalf("run %d at %v is not after run %d at %v", i+1, r, i, got[i-1])
			}
		}
		// Next from arbitrary instants.
		last := want[len(want)-1]
		span := last.Sub(g.createdAt) + 48*time.Hour
		for k := 0; k < 5; k++ {
			off := time.Duration(rapid.Int64Range(0, int64(span)).Draw(t, "offset"))
			at := g.createdAt.Add(-24 * time.Hour).Add(off)
			if rapid.Bool().Draw(t, "onRun") {
				at = want[rapid.IntRange(0, len(want)-1).Draw(t, "run")]
			}
			var wantNext time.Time
			for _, r := range want {
				if r.After(at) {
					wantNext = r
					break
				}
			}
			if wantNext.IsZero() {
				continue // beyond the oracle's horizon
			}
			if got := c.Next(at); !got.Equal(wantNext) {
				t.Fatalf("Next(%v) = %v, want %v", at, got, wantNext)
			}
		}
	})
}

// TestNextDoesNotAllocate checks that Next allocates nothing.
func TestNextDoesNotAllocate(t *testing.T) {
	for _, f := range []*schedule.JobScheduleFrequency{daily(), weekly(schedule.Friday), monthly(31)} {
		c := mustNew(t, date(2024, 1, 15), schedule.Scheduled, f, false, schedule.Options{RunTimeOfDay: time.Hour})
		at := date(2031, 5, 17)
		if n := testing.AllocsPerRun(100, func() { at = c.Next(at) }); n != 0 {
			t.Errorf("%+v: Next allocates %v times per call", f, n)
		}
	}
}

// BenchmarkNext measures Next from the start of the 1st and of the
// 10,000th run of a monthly day-31 schedule; the two should cost the same.
func BenchmarkNext(b *testing.B) {
	c := mustNew(b, date(2024, 1, 15), schedule.Scheduled, monthly(31), false, schedule.Options{})
	for _, k := range []int{1, 10000} {
		w, _ := c.Window(k)
		at := w.Upper
		b.Run("run="+strconv.Itoa(k), func(b *testing.B) {
			b.ReportAllocs()
			var sink time.Time
			for i := 0; i < b.N; i++ {
				sink = c.Next(at)
			}
			_ = sink
		})
	}
}
