// Package schedule is when a Macie classification job runs: its JobType and
// JobScheduleFrequency (daily, weekly on a day of the week, or monthly on a
// day of the month), the status the job starts in, the start of every run,
// and the incremental window of objects each run analyzes.
//
// # Design
//
// A [Calendar] is built once from a job's createdAt, jobType,
// scheduleFrequency and initialRun ([New]) and is then immutable. It works
// on UTC calendar dates as day numbers (days since 1970-01-01) with
// closed-form Gregorian arithmetic, so [Calendar.Next] finds the next run in
// constant time — the 10,000th run costs what the first does, with no
// day-by-day walking and no allocation. [Calendar.Runs] is an iter.Seq over
// every run start; [Calendar.Window] and [Calendar.WindowAt] give the
// incremental [Window] of a run, whose [Window.Contains] decides whether the
// run analyzes an object by its last-modified time. The package does not
// import the status package; [InitialStatus] spells the two statuses a new
// job can have.
//
// # Rules
//
// First run (docs/semantics.md, "The first run" and "Statuses";
// conformance/testdata/README.md, "7. schedule"). "If you configured
// the job to run once, on a daily basis, or on the current day of the week
// or month, Macie starts running the job immediately after you save it.
// Otherwise, Macie prepares to run the job on the specified day of the week
// or month." A job that starts immediately has initial status RUNNING and
// its first run starts at createdAt; any other job is IDLE. Further runs
// start on every scheduled UTC date strictly after the creation date, at
// Options.RunTimeOfDay.
//
// Monthly overflow (docs/semantics.md, "Monthly schedules and short months").
// Since March 2021 Macie documents "If this value exceeds the number of days in
// a certain month, Macie doesn't run the job that month": dayOfMonth 29 skips
// February in common years, 30 every February, 31 the months of 30 days and
// February. Before that Macie ran on the month's last day.
//
// Incremental windows (docs/semantics.md, "Incremental windows"). "Each run
// analyzes only those objects that were created or changed after the preceding
// run." Run k analyzes objects last modified at or before its start and after
// the start of run k−1; run 1 of a SCHEDULED job with initialRun false, after
// the job's creation; run 1 of a ONE_TIME job or a SCHEDULED job with
// initialRun true, every existing object.
//
// # Options
//
// [Options] holds the engine's choices where the documentation leaves the
// behaviour open; the zero Options is the default of each:
//
//   - MonthlyOverflow: [Skip] (default; current documentation) or [Clamp] (run
//     on the month's last day, the pre-2021 documentation). docs/semantics.md,
//     "Monthly schedules and short months", suite option monthlyOverflow.
//   - InitialRunWaitsForSchedule: false (default): a SCHEDULED job with
//     initialRun true starts a run at creation even on a day its schedule does
//     not match (the API reference: "immediately after the job is created");
//     true: it waits for the first matching day (the user guide's "Otherwise,
//     Macie prepares to run the job on the specified day"). docs/semantics.md,
//     "The first run"; suite option initialRunStartsImmediately, inverted so
//     that the zero value is the default.
//   - IncrementalBoundary: [Exclusive] (default; lastModified > bound) or
//     [Inclusive] (lastModified >= bound). docs/semantics.md, "Incremental
//     windows"; suite option incrementalBoundary.
//   - RunTimeOfDay: when scheduled (not first) runs start, as an offset from
//     00:00 UTC, in [0, 24h); default 0. Macie documents no time of day or
//     time zone; days are UTC dates (docs/semantics.md, "Time zone and time of day").
package schedule
