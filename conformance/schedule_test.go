package conformance

import (
	"encoding/json"
	"sort"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/jobscope/jobscope/schedule"
	"github.com/jobscope/jobscope/status"
)

// scheduleRequest is the schedule part of a CreateClassificationJob request.
type scheduleRequest struct {
	JobType           schedule.JobType               `json:"jobType"`
	ScheduleFrequency *schedule.JobScheduleFrequency `json:"scheduleFrequency"`
	InitialRun        *bool                          `json:"initialRun"`
}

// caseObject is an object of the suite (conformance/testdata/README.md, "4.2 Object").
type caseObject struct {
	Bucket           string            `json:"bucket"`
	Key              string            `json:"key"`
	VersionID        string            `json:"versionId"`
	IsLatest         *bool             `json:"isLatest"`
	IsDeleteMarker   bool              `json:"isDeleteMarker"`
	Size             json.Number       `json:"size"`
	LastModified     time.Time         `json:"lastModified"`
	StorageClass     string            `json:"storageClass"`
	EncryptionStatus string            `json:"encryptionStatus"`
	Tags             map[string]string `json:"tags"`
}

func runSchedule(t *testing.T, c *Case) {
	var req scheduleRequest
	decodeStrict(t, "request", c.Fields["request"], &req)
	var createdAt time.Time
	decodeStrict(t, "createdAt", c.Fields["createdAt"], &createdAt)

	cal, err := schedule.New(createdAt, req.JobType, req.ScheduleFrequency, req.InitialRun != nil && *req.InitialRun, c.Engine.Schedule)
	if err != nil {
		t.Fatal(err)
	}
	_, hasCount := c.Fields["count"]
	_, hasWindow := c.Fields["window"]
	switch {
	case hasCount && !hasWindow:
		if _, ok := c.Fields["objects"]; ok {
			t.Fatal("objects given with count")
		}
		runScheduleDates(t, c, cal)
	case hasWindow && !hasCount:
		runScheduleWindow(t, c, cal)
	default:
		t.Fatal("want exactly one of count and window")
	}
}

func runScheduleDates(t *testing.T, c *Case, cal *schedule.Calendar) {
	var count int
	decodeStrict(t, "count", c.Fields["count"], &count)
	var want struct {
		InitialStatus status.JobStatus `json:"initialStatus"`
		RunDates      []string         `json:"runDates"`
	}
	decodeStrict(t, "expect", c.Expect, &want)

	if job, _ := status.Create("", cal, 0); job.JobStatus != want.InitialStatus {
		t.Errorf("initialStatus = %s, want %s", job.JobStatus, want.InitialStatus)
	}
	var got []string
	for run := range cal.Runs() {
		if len(got) == count {
			break
		}
		got = append(got, run.UTC().Format(time.DateOnly))
	}
	if diff := cmp.Diff(want.RunDates, got); diff != "" {
		t.Errorf("runDates (-want +got):\n%s", diff)
	}
}

func runScheduleWindow(t *testing.T, c *Case, cal *schedule.Calendar) {
	var w struct {
		RunNumber        int        `json:"runNumber"`
		RunStart         time.Time  `json:"runStart"`
		PreviousRunStart *time.Time `json:"previousRunStart"`
	}
	decodeStrict(t, "window", c.Fields["window"], &w)
	if (w.PreviousRunStart == nil) != (w.RunNumber == 1) {
		t.Fatalf("previousRunStart must be null iff runNumber is 1")
	}
	var objects []caseObject
	decodeStrict(t, "objects", c.Fields["objects"], &objects)
	var want struct {
		AnalyzedKeys []string `json:"analyzedKeys"`
	}
	decodeStrict(t, "expect", c.Expect, &want)

	var prev time.Time
	if w.PreviousRunStart != nil {
		prev = *w.PreviousRunStart
	}
	win := cal.WindowAt(w.RunNumber, w.RunStart, prev)
	got := []string{}
	for _, o := range objects {
		if win.Contains(o.LastModified) {
			got = append(got, o.Key)
		}
	}
	sort.Strings(got)
	sort.Strings(want.AnalyzedKeys)
	if diff := cmp.Diff(want.AnalyzedKeys, got); diff != "" {
		t.Errorf("analyzedKeys (-want +got):\n%s", diff)
	}
}
