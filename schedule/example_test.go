package schedule_test

import (
	"fmt"
	"time"

	"github.com/jobscope/jobscope/schedule"
)

// A monthly job on day 31 does not run in months without a day 31.
func ExampleCalendar_Runs() {
	created := time.Date(2025, 1, 10, 8, 0, 0, 0, time.UTC)
	cal, err := schedule.New(created, schedule.Scheduled, &schedule.JobScheduleFrequency{
		MonthlySchedule: &schedule.MonthlySchedule{DayOfMonth: 31},
	}, false, schedule.Options{})
	if err != nil {
		panic(err)
	}
	fmt.Println(cal.StartsImmediately())
	n := 0
	for run := range cal.Runs() {
		fmt.Println(run.Format("2006-01-02 Monday"))
		if n++; n == 4 {
			break
		}
	}
	// Output:
	// false
	// 2025-01-31 Friday
	// 2025-03-31 Monday
	// 2025-05-31 Saturday
	// 2025-07-31 Thursday
}

// Next answers in constant time, however far ahead.
func ExampleCalendar_Next() {
	cal, _ := schedule.New(time.Date(2024, 7, 3, 9, 0, 0, 0, time.UTC), schedule.Scheduled, &schedule.JobScheduleFrequency{
		WeeklySchedule: &schedule.WeeklySchedule{DayOfWeek: schedule.Monday},
	}, false, schedule.Options{RunTimeOfDay: 2 * time.Hour})
	fmt.Println(cal.Next(time.Date(2150, 1, 1, 0, 0, 0, 0, time.UTC)))
	// Output: 2150-01-05 02:00:00 +0000 UTC
}

// The window of run 2 holds the objects changed since run 1 started.
func ExampleWindow_Contains() {
	cal, _ := schedule.New(time.Date(2024, 7, 1, 9, 0, 0, 0, time.UTC), schedule.Scheduled, &schedule.JobScheduleFrequency{
		DailySchedule: &schedule.DailySchedule{},
	}, true, schedule.Options{})
	w, _ := cal.Window(2)
	fmt.Println(w.Lower, "<", "lastModified", "≤", w.Upper)
	fmt.Println(w.Contains(time.Date(2024, 7, 1, 12, 0, 0, 0, time.UTC)))
	fmt.Println(w.Contains(time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC)))
	// Output:
	// 2024-07-01 09:00:00 +0000 UTC < lastModified ≤ 2024-07-02 00:00:00 +0000 UTC
	// true
	// false
}
