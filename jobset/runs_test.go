package jobset

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/plan"
	"github.com/jobscope/jobscope/schedule"
	"github.com/jobscope/jobscope/status"
)

// load returns the jobs of names, which must have no problems.
func load(t *testing.T, names ...string) map[string]Job {
	t.Helper()
	jobs, err := Load(context.Background(), names, Options{})
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]Job{}
	for _, j := range jobs {
		byName[j.Name] = j
	}
	return byName
}

func date(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestRunsStatus(t *testing.T) {
	jobs := load(t, "testdata/describe-jobs.json", "../examples/describe-output.json",
		"../examples/one-time-two-buckets.json", "../examples/monthly-on-31st.json", "../terraform/testdata/state.json")
	now := date("2026-12-03T12:00:00Z")
	tf, err := Load(context.Background(), []string{"../examples/terraform/plan.json"}, Options{})
	if err == nil {
		t.Fatal("the plan's invalid resource has no problems")
	}
	for _, j := range tf {
		jobs[j.Name] = j
	}
	running := jobs["pii-sweep-finance-exports"]
	running.Status = status.Running
	running.Job = clone(running.Job)
	running.Job.JobStatus, running.Job.CreatedAt = status.Running, ptr(date("2026-12-01T10:00:00Z"))
	jobs["one-time running"] = running

	unbounded := func(n int, upper string) schedule.Window {
		return schedule.Window{RunNumber: n, Upper: date(upper)}
	}
	tests := []struct {
		job    string
		now    time.Time
		period time.Duration
		want   []Run
		why    string // a part of why; "" when there are runs
	}{
		{job: "hr-records-one-time", why: "it is COMPLETE: its one run finished, it analyzes nothing more"},
		{job: "monthly-analytics", why: "it is CANCELLED: it analyzes nothing more"},
		{job: "logs-one-time", why: "it is USER_PAUSED since 2026-11-21T09:00:00Z: it analyzes nothing until it is resumed; not resumed by 2026-12-21T09:00:00Z, it expires and Macie cancels it"},
		{job: "logs-one-time", now: date("2026-12-21T09:00:00Z"), why: "it was paused on 2026-11-21T09:00:00Z and not resumed within 30 days: it expired on 2026-12-21T09:00:00Z and Macie cancelled it"},
		{job: "terraform-20250113093012345600000001", why: "expired on 2025-02-12T10:00:00Z and Macie cancelled it"},
		{job: "pii-one-time-0", why: "its s3_job_definition[0].bucket_definitions[0].buckets[1] is known only after apply"},
		// A request is created at now; a ONE_TIME one runs then, over every object.
		{job: "pii-sweep-finance-exports", want: []Run{{now, unbounded(1, "2026-12-03T12:00:00Z")}}},
		{job: "pii-sweep-finance-exports", period: 90 * 24 * time.Hour, want: []Run{{now, unbounded(1, "2026-12-03T12:00:00Z")}}},
		// A ONE_TIME job in progress still counts its run.
		{job: "one-time running", want: []Run{{date("2026-12-01T10:00:00Z"), unbounded(1, "2026-12-01T10:00:00Z")}}},
		// Weekly on Monday, created on Monday 2026-11-02: runs 1 to 5 are past.
		{job: "weekly-finance", want: []Run{{date("2026-11-02T08:15:00.123Z"), schedule.Window{RunNumber: 6, Lower: date("2026-11-30T00:00:00Z"), Upper: date("2026-12-07T00:00:00Z")}}}},
		{job: "weekly-finance", now: date("2026-12-07T00:00:00Z"), want: []Run{{date("2026-11-02T08:15:00.123Z"), schedule.Window{RunNumber: 6, Lower: date("2026-11-30T00:00:00Z"), Upper: date("2026-12-07T00:00:00Z")}}}},
		{job: "weekly-finance", period: 14 * 24 * time.Hour, want: []Run{
			{date("2026-11-02T08:15:00.123Z"), schedule.Window{RunNumber: 6, Lower: date("2026-11-30T00:00:00Z"), Upper: date("2026-12-07T00:00:00Z")}},
			{date("2026-11-02T08:15:00.123Z"), schedule.Window{RunNumber: 7, Lower: date("2026-12-07T00:00:00Z"), Upper: date("2026-12-14T00:00:00Z")}},
		}},
		// A SCHEDULED request with initialRun false: created at now, its
		// first run on the 31st sees what changes from now on.
		{job: "month-end-log-scan", want: []Run{{now, schedule.Window{RunNumber: 1, Lower: now, Upper: date("2026-12-31T00:00:00Z")}}}},
		{job: "month-end-log-scan", period: 48 * time.Hour, why: "no run starts from 2026-12-03T12:00:00Z to 2026-12-05T12:00:00Z; the next starts 2026-12-31T00:00:00Z"},
		// A RUNNING monthly job of a state: the run in progress is not the next.
		{job: "month-end", now: date("2025-03-10T00:00:00Z")},
	}
	for _, tt := range tests {
		j, ok := jobs[tt.job]
		if !ok {
			t.Fatalf("no job %q", tt.job)
		}
		now := tt.now
		if now.IsZero() {
			now = date("2026-12-03T12:00:00Z")
		}
		runs, why, err := j.Runs(now, tt.period)
		if err != nil {
			t.Errorf("%s: %v", tt.job, err)
			continue
		}
		if tt.want == nil && tt.why == "" {
			// Only checked to have one run after now.
			if len(runs) != 1 || runs[0].Window.Upper.Before(now) || why != "" {
				t.Errorf("%s at %v: runs %v, why %q; want the next run", tt.job, now, runs, why)
			}
			continue
		}
		if diff := cmp.Diff(tt.want, runs); diff != "" {
			t.Errorf("%s at %v for %v: runs (-want +got):\n%s", tt.job, now, tt.period, diff)
		}
		if tt.why == "" && why != "" || !strings.Contains(why, tt.why) {
			t.Errorf("%s at %v: why %q, want %q", tt.job, now, why, tt.why)
		}
	}

	if _, _, err := jobs["weekly-finance"].Runs(now, -time.Hour); err == nil {
		t.Error("a negative period is no error")
	}
}

func clone(j *jobscope.Job) *jobscope.Job { c := *j; return &c }

func ptr[T any](v T) *T { return &v }

// TestRunsPeriod checks the runs of a period against the job's calendar:
// every run that starts in [now, now+period), numbered and windowed as the
// calendar numbers and windows them, and that plan.New plans.
func TestRunsPeriod(t *testing.T) {
	jobs := load(t, "testdata/describe-jobs.json", "testdata/team.yaml", "../examples/monthly-on-31st.json", "../examples/weekly-bucket-criteria.json")
	periods := []time.Duration{0, time.Hour, 24 * time.Hour, 7 * 24 * time.Hour, 30 * 24 * time.Hour, 365 * 24 * time.Hour}
	nows := []time.Time{date("2026-12-03T12:00:00Z"), date("2027-02-28T00:00:00Z"), date("2027-03-01T00:00:00Z")}
	for _, name := range []string{"weekly-finance", "finance-invoices", "month-end-log-scan", "weekly-public-and-shared-buckets"} {
		j := jobs[name]
		for _, now := range nows {
			createdAt := now
			if j.Job.CreatedAt != nil {
				createdAt = *j.Job.CreatedAt
			}
			cal, err := j.Job.Calendar(createdAt, jobscope.Options{})
			if err != nil {
				t.Fatal(err)
			}
			for _, period := range periods {
				runs, why, err := j.Runs(now, period)
				if err != nil {
					t.Fatal(err)
				}
				var want []Run
				k := 0
				for start := range cal.Runs() {
					k++
					if start.Before(now) {
						continue
					}
					if period == 0 && len(want) == 1 || period > 0 && !start.Before(now.Add(period)) {
						break
					}
					w, _ := cal.Window(k)
					want = append(want, Run{cal.CreatedAt(), w})
				}
				if diff := cmp.Diff(want, runs); diff != "" {
					t.Errorf("%s at %v for %v (-calendar +Runs):\n%s", name, now, period, diff)
				}
				if (len(runs) == 0) != (why != "") {
					t.Errorf("%s at %v for %v: %d runs, why %q", name, now, period, len(runs), why)
				}
				for _, r := range runs {
					if r.Window.Upper.Before(now) || period > 0 && !r.Window.Upper.Before(now.Add(period)) {
						t.Errorf("%s: run %d starts at %v, outside the period", name, r.Window.RunNumber, r.Window.Upper)
					}
				}
				if len(runs) > 0 && name != "weekly-public-and-shared-buckets" {
					last := runs[len(runs)-1]
					dry, err := plan.New(j.Job, plan.Options{CreatedAt: last.CreatedAt, Run: last.Window.RunNumber})
					if err != nil {
						t.Fatalf("%s: plan.New: %v", name, err)
					}
					if diff := cmp.Diff(last.Window, dry.Window()); diff != "" {
						t.Errorf("%s: plan's window (-Runs +plan):\n%s", name, diff)
					}
				}
			}
		}
	}
	// A daily request created at noon runs then, and at midnight on each of
	// the next 30 days.
	if runs, _, _ := jobs["finance-invoices"].Runs(date("2026-12-03T12:00:00Z"), 30*24*time.Hour); len(runs) != 31 {
		t.Errorf("a daily job has %d runs in 30 days from noon, want 31", len(runs))
	}
}

func TestParsePeriod(t *testing.T) {
	const day = 24 * time.Hour
	good := map[string]time.Duration{
		"30d": 30 * day, "12h": 12 * time.Hour, "2w": 14 * day, "1w3d": 10 * day, "1d12h": 36 * time.Hour,
		"1h": time.Hour, "36500d": 36500 * day, "0d1h": time.Hour,
	}
	for s, want := range good {
		if got, err := ParsePeriod(s); err != nil || got != want {
			t.Errorf("ParsePeriod(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	bad := map[string]string{
		"":                      "empty",
		"30":                    "the unit is missing",
		"d":                     "a number must come before each unit",
		"30m":                   `unknown unit 'm'`,
		"720h0m0s":              `unknown unit 'm'`,
		"-1d":                   "a number must come before each unit",
		"1d1w":                  "each unit may come once, largest first",
		"1d1d":                  "each unit may come once, largest first",
		"36501d":                "longer than 100 years",
		"5214w36500d":           "longer than 100 years",
		"99999999999999999999w": "longer than 100 years",
		"0h":                    "shorter than an hour",
		"1.5d":                  `unknown unit '.'`,
		" 1d":                   "a number must come before each unit",
	}
	for s, want := range bad {
		_, err := ParsePeriod(s)
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "such as 12h, 30d or 2w") {
			t.Errorf("ParsePeriod(%q) = %v; want an error saying %q", s, err, want)
		}
	}
}
