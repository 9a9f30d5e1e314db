// Package schedule is when a Macie classification job runs: its JobType and
// JobScheduleFrequency (daily, weekly on a day of the week, or monthly on a
// day of the month).
//
// Macie evaluates schedules in UTC. A monthly schedule on a day a month lacks
// (29, 30, 31) does not run that month — the behaviour Macie documents since
// March 2021; before that it ran on the month's last day.
package schedule
