package terraform_test

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/terraform"
)

// The review example replaces one job and creates another: Changes gives
// both, with the job before and after, the after side's unknown values
// that the configuration does not set being absent.
func TestChangesReview(t *testing.T) {
	f, err := os.Open("../examples/terraform/review/plan.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	type summary struct {
		Address               string
		Actions               []string
		Before, After         string // the job's scoping, as JSON
		BeforeName, AfterName string
		Unknown               []string
	}
	scoping := func(r *terraform.Resource) string {
		if r == nil {
			return ""
		}
		if err := r.Validate(jobscope.Options{}); err != nil {
			t.Errorf("%s: %v", r.Address, err)
		}
		b, err := json.Marshal(r.Job.S3JobDefinition.Scoping)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	var got []summary
	for c, err := range terraform.Changes(f, terraform.Options{}) {
		if err != nil {
			t.Fatal(err)
		}
		s := summary{Address: c.Address, Actions: c.Actions, Before: scoping(c.Before), After: scoping(c.After)}
		if c.Before != nil {
			s.BeforeName = c.Before.Job.Name
		}
		if c.After != nil {
			s.AfterName = c.After.Job.Name
			for _, u := range c.After.Unknown {
				s.Unknown = append(s.Unknown, u.Path)
			}
		}
		got = append(got, s)
	}
	excl := func(values string) string {
		return `{"excludes":{"and":[{"simpleScopeTerm":{"comparator":"STARTS_WITH","key":"OBJECT_KEY","values":[` + values + `]}}]}}`
	}
	want := []summary{
		{Address: "aws_macie2_classification_job.app_logs", Actions: []string{"create"},
			After: excl(`"athena-results/"`), AfterName: "app-logs-sample"},
		{Address: "aws_macie2_classification_job.customer_data", Actions: []string{"delete", "create"},
			Before: excl(`"raw/","sandbox/"`), After: excl(`"raw/","models/"`),
			BeforeName: "customer-data-scan", AfterName: "customer-data-scan"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("changes (-want +got):\n%s", diff)
	}
}

// A plan's other resources, its updates and no-ops, and a state: Changes
// yields the classification jobs' changes, whatever their actions, and
// nothing for a state.
func TestChangesActions(t *testing.T) {
	plan := `{"format_version":"1.2","resource_changes":[
	 {"address":"aws_s3_bucket.b","type":"aws_s3_bucket","change":{"actions":["create"],"before":null,"after":{}}},
	 {"address":"aws_macie2_classification_job.a","type":"aws_macie2_classification_job","name":"a",
	  "change":{"actions":["update"],"before":{"job_type":"ONE_TIME","name":"a","job_status":"RUNNING"},"after":{"job_type":"ONE_TIME","name":"a","job_status":"USER_PAUSED"}}},
	 {"address":"aws_macie2_classification_job.b","type":"aws_macie2_classification_job","name":"b",
	  "change":{"actions":["create","delete"],"before":{"job_type":"ONE_TIME","name":"b"},"after":{"job_type":"ONE_TIME","name":"b2"}}},
	 {"address":"aws_macie2_classification_job.c","type":"aws_macie2_classification_job","name":"c",
	  "change":{"actions":["delete"],"before":{"job_type":"ONE_TIME","name":"c"},"after":null}}]}`
	var got []string
	for c, err := range terraform.Changes(strings.NewReader(plan), terraform.Options{}) {
		if err != nil {
			t.Fatal(err)
		}
		line := c.Address + " " + strings.Join(c.Actions, " ")
		if c.Before != nil {
			line += " before=" + c.Before.Job.Name
		}
		if c.After != nil {
			line += " after=" + c.After.Job.Name
		}
		got = append(got, line)
	}
	want := []string{
		"aws_macie2_classification_job.a update before=a after=a",
		"aws_macie2_classification_job.b create delete before=b after=b2",
		"aws_macie2_classification_job.c delete before=c",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("changes (-want +got):\n%s", diff)
	}
	n := 0
	for _, err := range terraform.Changes(strings.NewReader(`{"format_version":"1.0","values":{"root_module":{}}}`), terraform.Options{}) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 0 {
		t.Errorf("a state has %d changes, want none", n)
	}
	for _, err := range terraform.Changes(strings.NewReader(`{"format_version":"1.0","resource_changes":[{"address":"aws_macie2_classification_job.x","change":{"actions":["a","b","c","d","e"]}}]}`), terraform.Options{}) {
		if err == nil || !strings.Contains(err.Error(), "more than 4 actions") {
			t.Errorf("five actions: error %v", err)
		}
	}
}
