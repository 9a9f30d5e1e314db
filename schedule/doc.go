// Package schedule says when a Macie classification job runs and which
// objects each run analyzes: its JobType and JobScheduleFrequency (daily,
// weekly on a day of the week, or monthly on a day of the month), the start
// of every run, and the incremental window of each run.
//
//	cal, err := schedule.New(createdAt, schedule.Scheduled, &schedule.JobScheduleFrequency{
//		MonthlySchedule: &schedule.MonthlySchedule{DayOfMonth: 31},
//	}, false, schedule.Options{})
//	for run := range cal.Runs() { … }
//
// A [Calendar], built once by [New], is immutable, works on UTC dates and
// does not allocate. [Calendar.First], [Calendar.Next] and [Calendar.Runs]
// give the starts of runs; [Calendar.StartsImmediately] says whether the
// first starts at creation, which makes the job's initial status RUNNING
// rather than IDLE; [Calendar.Skipped] says whether a monthly schedule has
// no run in a month. [Calendar.Window] and [Calendar.WindowAt] give the
// incremental [Window] of a run, whose [Window.Contains] decides whether
// the run analyzes an object by its last-modified time.
//
// # Rules
//
// The first run (docs/semantics.md, "The first run"): a ONE_TIME job, a
// daily job, and a weekly or monthly job created on a scheduled UTC day or
// with initialRun true start a run the moment they are created; any other
// job waits for its first scheduled day. Further runs start on every
// scheduled UTC date strictly after the creation date, at
// Options.RunTimeOfDay.
//
// Short months (docs/semantics.md, "Monthly schedules and short months"):
// "If this value exceeds the number of days in a certain month, Macie
// doesn't run the job that month": dayOfMonth 29 skips February in common
// years, 30 every February, 31 the months of 30 days and February.
//
// Incremental windows (docs/semantics.md, "Incremental windows"): "Each run
// analyzes only those objects that were created or changed after the
// preceding run." Run k analyzes objects last modified at or before its
// start and after the start of run k−1; run 1 of a SCHEDULED job with
// initialRun false, those changed after the job's creation; run 1 of a
// ONE_TIME job or of a SCHEDULED job with initialRun true, every existing
// object.
//
// # Options
//
// [Options] are the choices where AWS is silent (docs/semantics.md,
// "Choices where AWS is silent"); the zero value of each is the default:
// no run in a month that lacks the day ([Skip], not [Clamp] to the month's
// last day), a first run at creation for initialRun true whatever the day,
// a window's lower bound exclusive ([Exclusive], not [Inclusive]), and
// scheduled runs at 00:00 UTC. Days are UTC dates (docs/semantics.md,
// "Time zone and time of day").
package schedule
