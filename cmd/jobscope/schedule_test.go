package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const monthly31Job = `{"name": "month-end", "jobType": "SCHEDULED", "scheduleFrequency": {"monthlySchedule": {"dayOfMonth": 31}},
 "s3JobDefinition": {"bucketDefinitions": [{"accountId": "111122223333", "buckets": ["logs"]}]}}`

func writeJob(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "job.json")
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestScheduleText(t *testing.T) {
	job := writeJob(t, monthly31Job)
	code, out, errOut := runCLI(t, "", "schedule", "--job", job, "--created-at", "2025-01-10T08:00:00Z", "--count", "3")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
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
	code, out, errOut := runCLI(t, "", "schedule", "--job", job, "--created-at", "2024-01-31T10:00:00Z",
		"--count", "2", "--format", "json", "--option", "monthlyOverflow=CLAMP")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got struct {
		InitialStatus string `json:"initialStatus"`
		Runs          []struct {
			Date      string `json:"date"`
			Weekday   string `json:"weekday"`
			Immediate bool   `json:"immediate"`
		} `json:"runs"`
		SkippedMonths []struct{ Month string } `json:"skippedMonths"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v in %s", err, out)
	}
	if got.InitialStatus != "RUNNING" || len(got.Runs) != 2 || !got.Runs[0].Immediate ||
		got.Runs[1].Date != "2024-02-29" || got.Runs[1].Weekday != "THURSDAY" || len(got.SkippedMonths) != 0 {
		t.Errorf("unexpected result: %s", out)
	}
}

func TestScheduleExitCodes(t *testing.T) {
	valid := writeJob(t, monthly31Job)
	invalid := writeJob(t, `{"name": "x", "jobType": "SCHEDULED", "s3JobDefinition": {"bucketDefinitions": [{"accountId": "1", "buckets": ["b"]}]}}`)
	tests := []struct {
		name string
		args []string
		code int
		err  string
	}{
		{"no job", []string{"schedule"}, exitUsage, "--job is required"},
		{"missing file", []string{"schedule", "--job", filepath.Join(t.TempDir(), "nope.json")}, exitUsage, "no such file"},
		{"bad format", []string{"schedule", "--job", valid, "--format", "yaml"}, exitUsage, "--format"},
		{"bad count", []string{"schedule", "--job", valid, "--count", "0"}, exitUsage, "--count"},
		{"bad time", []string{"schedule", "--job", valid, "--created-at", "yesterday"}, exitUsage, "--created-at"},
		{"bad option", []string{"schedule", "--job", valid, "--option", "monthlyOverflow=WRAP"}, exitUsage, "monthlyOverflow"},
		{"stray argument", []string{"schedule", "--job", valid, "extra"}, exitUsage, "unexpected"},
		{"invalid job", []string{"schedule", "--job", invalid}, exitInvalid, "scheduleFrequency"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := runCLI(t, "", tt.args...)
			if code != tt.code || !strings.Contains(errOut, tt.err) {
				t.Errorf("exit %d, stderr %q; want exit %d mentioning %q", code, errOut, tt.code, tt.err)
			}
		})
	}
}

func TestScheduleStdinAndCreatedAtFromJob(t *testing.T) {
	body := `{"name": "d", "jobType": "SCHEDULED", "createdAt": "2024-07-01T09:00:00Z", "initialRun": true,
 "scheduleFrequency": {"weeklySchedule": {"dayOfWeek": "MONDAY"}},
 "s3JobDefinition": {"bucketDefinitions": [{"accountId": "111122223333", "buckets": ["b"]}]}}`
	code, out, errOut := runCLI(t, body, "schedule", "--job", "-", "--count", "2")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"initial status: RUNNING", "2024-07-01 Monday    09:00:00  (starts when the job is created)", "2024-07-08 Monday"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}
