package schedule

import (
	"fmt"
	"slices"
	"time"

	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/internal/enum"
)

// JobType is whether a job runs once or on a schedule.
type JobType string

// The values of JobType.
const (
	OneTime   JobType = "ONE_TIME"  // the job runs once, immediately after it is created; don't specify a schedule
	Scheduled JobType = "SCHEDULED" // the job runs on the recurrence given by its JobScheduleFrequency
)

// Values returns every JobType.
func (JobType) Values() []JobType { return []JobType{OneTime, Scheduled} }

// DayOfWeek is a day of the week as Macie spells it.
type DayOfWeek string

// The values of DayOfWeek, each the name of the time.Weekday of the same
// number.
const (
	Sunday    DayOfWeek = "SUNDAY"    // time.Sunday
	Monday    DayOfWeek = "MONDAY"    // time.Monday
	Tuesday   DayOfWeek = "TUESDAY"   // time.Tuesday
	Wednesday DayOfWeek = "WEDNESDAY" // time.Wednesday
	Thursday  DayOfWeek = "THURSDAY"  // time.Thursday
	Friday    DayOfWeek = "FRIDAY"    // time.Friday
	Saturday  DayOfWeek = "SATURDAY"  // time.Saturday
)

// Values returns every DayOfWeek, Sunday first.
func (DayOfWeek) Values() []DayOfWeek {
	return []DayOfWeek{Sunday, Monday, Tuesday, Wednesday, Thursday, Friday, Saturday}
}

// Weekday returns d as a time.Weekday; ok is false when d is not valid.
func (d DayOfWeek) Weekday() (w time.Weekday, ok bool) {
	i := slices.Index(d.Values(), d)
	return time.Weekday(i), i >= 0
}

// JobScheduleFrequency is the recurrence of a SCHEDULED job: exactly one of
// its members.
type JobScheduleFrequency struct {
	DailySchedule   *DailySchedule   `json:"dailySchedule,omitempty"`
	MonthlySchedule *MonthlySchedule `json:"monthlySchedule,omitempty"`
	WeeklySchedule  *WeeklySchedule  `json:"weeklySchedule,omitempty"`
}

// DailySchedule runs a job once a day, every day. It is an empty object.
type DailySchedule struct{}

// WeeklySchedule runs a job once a week, on DayOfWeek.
type WeeklySchedule struct {
	DayOfWeek DayOfWeek `json:"dayOfWeek,omitempty"`
}

// MonthlySchedule runs a job once a month, on DayOfMonth (1 through 31). In
// a month that lacks the day, Macie doesn't run the job.
type MonthlySchedule struct {
	DayOfMonth int32 `json:"dayOfMonth,omitempty"`
}

// Validate reports every problem of f, with paths below p (normally
// scheduleFrequency). A nil f has no problems.
func (f *JobScheduleFrequency) Validate(p field.Path) field.ErrorList {
	if f == nil {
		return nil
	}
	var errs field.ErrorList
	kinds := 0
	for _, set := range []bool{f.DailySchedule != nil, f.WeeklySchedule != nil, f.MonthlySchedule != nil} {
		if set {
			kinds++
		}
	}
	switch {
	case kinds == 0:
		errs = append(errs, field.New(p, field.Required,
			"give one of dailySchedule ({}), weeklySchedule ({dayOfWeek}) or monthlySchedule ({dayOfMonth})"))
	case kinds > 1:
		errs = append(errs, field.New(p, field.Conflict,
			"give only one of dailySchedule, weeklySchedule and monthlySchedule"))
	}
	if w := f.WeeklySchedule; w != nil {
		dp := p.Child("weeklySchedule").Child("dayOfWeek")
		switch {
		case w.DayOfWeek == "":
			errs = append(errs, field.New(dp, field.Required,
				"dayOfWeek is required; use one of "+field.Alternatives(DayOfWeek("").Values())))
		case !enum.Valid(w.DayOfWeek):
			errs = append(errs, field.New(dp, field.InvalidValue,
				fmt.Sprintf("%q is not a day of the week; use one of %s (upper case)", w.DayOfWeek, field.Alternatives(w.DayOfWeek.Values()))))
		}
	}
	if m := f.MonthlySchedule; m != nil && (m.DayOfMonth < 1 || m.DayOfMonth > 31) {
		dp := p.Child("monthlySchedule").Child("dayOfMonth")
		if m.DayOfMonth == 0 {
			errs = append(errs, field.New(dp, field.Required, "dayOfMonth is required: an integer from 1 through 31"))
		} else {
			errs = append(errs, field.New(dp, field.InvalidValue,
				fmt.Sprintf("%d is out of range; dayOfMonth is an integer from 1 through 31 (to run every month, use 28 or less)", m.DayOfMonth)))
		}
	}
	return errs
}
