package main

import (
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const monthly31Job = `{"name": "month-end", "jobType": "SCHEDULED", "scheduleFrequency": {"monthlySchedule": {"dayOfMonth": 31}},
 "s3JobDefinition": {"bucketDefinitions": [{"accountId": "111122223333", "buckets": ["logs"]}]}}`

func TestScheduleText(t *testing.T) {
	job := writeJob(t, monthly31Job)
	out, _ := runOK(t, "schedule", "--job", job, "--created-at", "2025-01-10T08:00:00Z", "--count", "3")
	want := job + `: month-end
schedule:       SCHEDULED, monthly on day 31 (no run in months without that day)
created:        2025-01-10T08:00:00Z (Friday)
initial status: IDLE
runs (UTC):
  1  2025-01-31 Friday    00:00:00
     2025-02: no run (February has no day 31)
  2  2025-03-31 Monday    00:00:00
     2025-04: no run (April has no day 31)
  3  2025-05-31 Saturday  00:00:00
`
	if diff := cmp.Diff(want, out); diff != "" {
		t.Errorf("output (-want +got):\n%s", diff)
	}
}

func TestScheduleJSON(t *testing.T) {
	job := writeJob(t, monthly31Job)
	var got struct {
		InitialStatus string `json:"initialStatus"`
		Runs          []struct {
			Date      string `json:"date"`
			Weekday   string `json:"weekday"`
			Immediate bool   `json:"immediate"`
		} `json:"runs"`
		SkippedMonths []struct{ Month string } `json:"skippedMonths"`
	}
	runJSON(t, &got, "schedule", "--job", job, "--created-at", "2024-01-31T10:00:00Z",
		"--count", "2", "--format", "json", "--option", "monthlyOverflow=CLAMP")
	if got.InitialStatus != "RUNNING" || len(got.Runs) != 2 || !got.Runs[0].Immediate ||
		got.Runs[1].Date != "2024-02-29" || got.Runs[1].Weekday != "THURSDAY" || len(got.SkippedMonths) != 0 {
		t.Errorf("unexpected result: %+v", got)
	}
}

func TestScheduleExitCodes(t *testing.T) {
	valid := writeJob(t, monthly31Job)
	invalid := writeJob(t, `{"name": "x", "jobType": "SCHEDULED", "s3JobDefinition": {"bucketDefinitions": [{"accountId": "1", "buckets": ["b"]}]}}`)
	runCases(t, []cliCase{
		{name: "no job", args: []string{"schedule"}, code: exitUsage, stderr: "--job is required"},
		{name: "missing file", args: []string{"schedule", "--job", filepath.Join(t.TempDir(), "nope.json")}, code: exitUsage, stderr: "no such file"},
		{name: "bad format", args: []string{"schedule", "--job", valid, "--format", "yaml"}, code: exitUsage, stderr: "--format"},
		{name: "bad count", args: []string{"schedule", "--job", valid, "--count", "0"}, code: exitUsage, stderr: "--count"},
		{name: "bad time", args: []string{"schedule", "--job", valid, "--created-at", "yesterday"}, code: exitUsage, stderr: "--created-at"},
		{name: "bad option", args: []string{"schedule", "--job", valid, "--option", "monthlyOverflow=WRAP"}, code: exitUsage, stderr: "monthlyOverflow"},
		{name: "stray argument", args: []string{"schedule", "--job", valid, "extra"}, code: exitUsage, stderr: "unexpected"},
		{name: "invalid job", args: []string{"schedule", "--job", invalid}, code: exitInvalid, stderr: "scheduleFrequency"},
	})
}

func TestScheduleStdinAndCreatedAtFromJob(t *testing.T) {
	body := `{"name": "d", "jobType": "SCHEDULED", "createdAt": "2024-07-01T09:00:00Z", "initialRun": true,
 "scheduleFrequency": {"weeklySchedule": {"dayOfWeek": "MONDAY"}},
 "s3JobDefinition": {"bucketDefinitions": [{"accountId": "111122223333", "buckets": ["b"]}]}}`
	code, out, errOut := runCLI(t, body, "schedule", "--job", "-", "--count", "2")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	wantAll(t, "output", out, "initial status: RUNNING", "2024-07-01 Monday    09:00:00  (starts when the job is created)", "2024-07-08 Monday")
}
