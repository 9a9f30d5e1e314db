package conformance

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/schedule"
	"github.com/jobscope/jobscope/status"
)

type statusJob struct {
	JobType         schedule.JobType `json:"jobType"`
	JobStatus       status.JobStatus `json:"jobStatus"`
	PausedFrom      status.JobStatus `json:"pausedFrom"`
	PausedAt        *time.Time       `json:"pausedAt"`
	PausedByMacieAt *time.Time       `json:"pausedByMacieAt"`
	CreatedAt       *time.Time       `json:"createdAt"`
}

type statusStep struct {
	Update    *string         `json:"update"`
	Event     *string         `json:"event"`
	AdvanceTo *time.Time      `json:"advanceTo"`
	Describe  *bool           `json:"describe"`
	Expect    json.RawMessage `json:"expect"`
}

func runStatus(t *testing.T, c *Case) {
	var sj statusJob
	decodeStrict(t, "job", c.Fields["job"], &sj)
	var clock time.Time
	decodeStrict(t, "clock", c.Fields["clock"], &clock)
	var steps []statusStep
	decodeStrict(t, "steps", c.Fields["steps"], &steps)
	var want struct {
		FinalJobStatus status.JobStatus `json:"finalJobStatus"`
	}
	decodeStrict(t, "expect", c.Expect, &want)

	job := &status.Job{JobID: "job-" + c.ID, JobType: sj.JobType, JobStatus: sj.JobStatus, PausedFrom: sj.PausedFrom}
	if sj.PausedAt != nil {
		job.PausedAt = *sj.PausedAt
	}
	if sj.PausedByMacieAt != nil {
		job.PausedByMacieAt = *sj.PausedByMacieAt
	}
	for i, st := range steps {
		name := fmt.Sprintf("step %d", i)
		actions := 0
		for _, set := range []bool{st.Update != nil, st.Event != nil, st.AdvanceTo != nil, st.Describe != nil} {
			if set {
				actions++
			}
		}
		if actions != 1 {
			t.Fatalf("%s: want exactly one action, got %d", name, actions)
		}
		switch {
		case st.Update != nil:
			var w struct {
				Accepted        bool             `json:"accepted"`
				JobStatus       status.JobStatus `json:"jobStatus"`
				Error           string           `json:"error"`
				MessageContains string           `json:"messageContains"`
			}
			decodeStrict(t, name+" expect", st.Expect, &w)
			_, err := job.Update(status.JobStatus(*st.Update), clock, c.Engine.Status)
			if w.Accepted {
				if err != nil {
					t.Errorf("%s: update %s: want accepted, got %v", name, *st.Update, err)
				}
			} else {
				var ex *field.Error
				switch {
				case !errors.As(err, &ex):
					t.Errorf("%s: update %s: want %s, got %v", name, *st.Update, w.Error, err)
				default:
					if ex.Exception != w.Error {
						t.Errorf("%s: update %s: exception %s, want %s (%v)", name, *st.Update, ex.Exception, w.Error, ex)
					}
					if !strings.Contains(ex.Message, w.MessageContains) {
						t.Errorf("%s: message %q does not contain %q", name, ex.Message, w.MessageContains)
					}
				}
			}
			if job.JobStatus != w.JobStatus {
				t.Errorf("%s: update %s: jobStatus %s, want %s", name, *st.Update, job.JobStatus, w.JobStatus)
			}
		case st.Event != nil:
			var w struct {
				Accepted  bool             `json:"accepted"`
				JobStatus status.JobStatus `json:"jobStatus"`
			}
			decodeStrict(t, name+" expect", st.Expect, &w)
			if _, got := job.Apply(status.EventType(*st.Event), clock, c.Engine.Status); got != w.Accepted {
				t.Errorf("%s: event %s: accepted %v, want %v", name, *st.Event, got, w.Accepted)
			}
			if job.JobStatus != w.JobStatus {
				t.Errorf("%s: event %s: jobStatus %s, want %s", name, *st.Event, job.JobStatus, w.JobStatus)
			}
		case st.AdvanceTo != nil:
			var w struct {
				JobStatus status.JobStatus `json:"jobStatus"`
			}
			decodeStrict(t, name+" expect", st.Expect, &w)
			if st.AdvanceTo.Before(clock) {
				t.Fatalf("%s: advanceTo %v is before the clock %v", name, st.AdvanceTo, clock)
			}
			clock = *st.AdvanceTo
			job.AdvanceTo(clock, c.Engine.Status)
			if job.JobStatus != w.JobStatus {
				t.Errorf("%s: advanceTo %v: jobStatus %s, want %s", name, clock, job.JobStatus, w.JobStatus)
			}
		case st.Describe != nil:
			var w struct {
				JobStatus         status.JobStatus `json:"jobStatus"`
				UserPausedDetails *struct {
					JobPausedAt                         *time.Time `json:"jobPausedAt"`
					JobExpiresAt                        *time.Time `json:"jobExpiresAt"`
					JobImminentExpirationHealthEventArn *string    `json:"jobImminentExpirationHealthEventArn"`
				} `json:"userPausedDetails"`
			}
			decodeStrict(t, name+" expect", st.Expect, &w)
			job.AdvanceTo(clock, c.Engine.Status)
			if job.JobStatus != w.JobStatus {
				t.Errorf("%s: describe: jobStatus %s, want %s", name, job.JobStatus, w.JobStatus)
			}
			got := job.UserPausedDetails(clock, c.Engine.Status)
			if (got == nil) != (w.UserPausedDetails == nil) {
				t.Fatalf("%s: userPausedDetails = %+v, want %+v", name, got, w.UserPausedDetails)
			}
			if got == nil {
				continue
			}
			wd := w.UserPausedDetails
			if !sameInstant(got.JobPausedAt, wd.JobPausedAt) {
				t.Errorf("%s: jobPausedAt = %v, want %v", name, fmtTime(got.JobPausedAt), fmtTime(wd.JobPausedAt))
			}
			if !sameInstant(got.JobExpiresAt, wd.JobExpiresAt) {
				t.Errorf("%s: jobExpiresAt = %v, want %v", name, fmtTime(got.JobExpiresAt), fmtTime(wd.JobExpiresAt))
			}
			switch arn := wd.JobImminentExpirationHealthEventArn; {
			case arn == nil && got.JobImminentExpirationHealthEventArn != "":
				t.Errorf("%s: jobImminentExpirationHealthEventArn = %q, want null", name, got.JobImminentExpirationHealthEventArn)
			case arn != nil && *arn == "*" && got.JobImminentExpirationHealthEventArn == "":
				t.Errorf("%s: jobImminentExpirationHealthEventArn is empty, want an ARN", name)
			case arn != nil && *arn != "*" && got.JobImminentExpirationHealthEventArn != *arn:
				t.Errorf("%s: jobImminentExpirationHealthEventArn = %q, want %q", name, got.JobImminentExpirationHealthEventArn, *arn)
			}
		}
	}
	if job.JobStatus != want.FinalJobStatus {
		t.Errorf("final jobStatus %s, want %s", job.JobStatus, want.FinalJobStatus)
	}
}

func sameInstant(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return a.Equal(*b)
}

func fmtTime(t *time.Time) string {
	if t == nil {
		return "null"
	}
	return t.UTC().Format(time.RFC3339Nano)
}
