package jobset_test

import (
	"context"
	"fmt"
	"time"

	"github.com/jobscope/jobscope/jobset"
	"github.com/jobscope/jobscope/plan"
)

// A set of jobs from DescribeClassificationJob output (a jq -s array) and a
// request, and what each analyzes in the two weeks from 3 December 2026.
func Example() {
	jobs, err := jobset.Load(context.Background(), []string{
		"testdata/describe-jobs.json",
		"../examples/one-time-two-buckets.json",
	}, jobset.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	period, err := jobset.ParsePeriod("2w")
	if err != nil {
		fmt.Println(err)
		return
	}
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	for _, j := range jobs {
		runs, why, err := j.Runs(now, period)
		switch {
		case err != nil:
			fmt.Println(j.Name, err)
		case len(runs) == 0:
			fmt.Printf("%s (%s): %s\n", j.Name, j.Status, why)
		}
		for _, r := range runs {
			// The dry run of the run, for DryRun.Run over the buckets' objects.
			if _, err := plan.New(j.Job, plan.Options{CreatedAt: r.CreatedAt, Run: r.Window.RunNumber}); err != nil {
				fmt.Println(j.Name, err)
				continue
			}
			w := r.Window
			if w.Unbounded() {
				fmt.Printf("%s: run %d at %s, every object\n", j.Name, w.RunNumber, w.Upper.Format(time.DateOnly))
				continue
			}
			fmt.Printf("%s: run %d at %s, objects changed since %s\n", j.Name, w.RunNumber, w.Upper.Format(time.DateOnly), w.Lower.Format(time.DateOnly))
		}
	}
	// Output:
	// weekly-finance: run 6 at 2026-12-07, objects changed since 2026-11-30
	// weekly-finance: run 7 at 2026-12-14, objects changed since 2026-12-07
	// logs-one-time (USER_PAUSED): it is USER_PAUSED since 2026-11-21T09:00:00Z: it analyzes nothing until it is resumed; not resumed by 2026-12-21T09:00:00Z, it expires and Macie cancels it
	// monthly-analytics (CANCELLED): it is CANCELLED: it analyzes nothing more
	// pii-sweep-finance-exports: run 1 at 2026-12-03, every object
}
