package terraform_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/criteria"
	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/schedule"
	"github.com/jobscope/jobscope/scope"
	"github.com/jobscope/jobscope/status"
	"github.com/jobscope/jobscope/terraform"
)

func parseFile(t *testing.T, name string) []terraform.Resource {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	rs, err := parse(data)
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

type problem struct{ Path, Attribute, Code string }

func problems(t *testing.T, r *terraform.Resource) []problem {
	t.Helper()
	err := r.Validate(jobscope.Options{})
	if err == nil {
		return nil
	}
	var list field.ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("%s: %v is not a field.ErrorList", r.Address, err)
	}
	var out []problem
	for _, e := range list {
		out = append(out, problem{e.Path, r.Attribute(e.Path), string(e.Code)})
	}
	return out
}

// TestPlanExample: the README's plan, three jobs — one at the root, two in
// a module, one of them invalid.
func TestPlanExample(t *testing.T) {
	rs := parseFile(t, "../examples/terraform/plan.json")
	var addrs []string
	for _, r := range rs {
		addrs = append(addrs, r.Address)
	}
	want := []string{
		"aws_macie2_classification_job.weekly",
		`module.scan.aws_macie2_classification_job.archive["eu-west-1"]`,
		"module.scan.aws_macie2_classification_job.pii[0]",
	}
	if diff := cmp.Diff(want, addrs); diff != "" {
		t.Fatalf("addresses (-want +got):\n%s", diff)
	}

	weekly, archive, pii := &rs[0], &rs[1], &rs[2]
	yes := true
	wantWeekly := &jobscope.Job{
		ClientToken: "terraform-00000000000000000000000000",
		Name:        "weekly-confidential-00000000000000000000000000",
		Description: "Every Monday: confidential buckets of the prod account, without logs",
		JobType:     jobscope.Scheduled,
		InitialRun:  &yes,
		ScheduleFrequency: &schedule.JobScheduleFrequency{
			WeeklySchedule: &schedule.WeeklySchedule{DayOfWeek: schedule.Monday},
		},
		S3JobDefinition: &jobscope.S3JobDefinition{
			BucketCriteria: &criteria.S3BucketCriteriaForJob{Includes: &criteria.CriteriaBlockForJob{And: []criteria.CriteriaForJob{
				{SimpleCriterion: &criteria.SimpleCriterionForJob{Comparator: criteria.EQ, Key: criteria.AccountID, Values: []string{"111122223333"}}},
				{TagCriterion: &criteria.TagCriterionForJob{Comparator: criteria.EQ, TagValues: []criteria.TagCriterionPairForJob{
					{Key: "data-classification", Value: "confidential"}}}},
			}}},
			Scoping: &scope.Scoping{Excludes: &scope.JobScopingBlock{And: []scope.JobScopeTerm{
				{SimpleScopeTerm: &scope.SimpleScopeTerm{Comparator: criteria.EQ, Key: scope.ObjectExtension, Values: []string{"log", "tmp"}}},
			}}},
		},
		Tags: map[string]string{"owner": "security-engineering"},
	}
	if diff := cmp.Diff(wantWeekly, weekly.Job); diff != "" {
		t.Errorf("weekly job (-want +got):\n%s", diff)
	}
	if len(weekly.Unknown) != 0 {
		t.Errorf("weekly: unknown %v; the values unknown in its plan are all unset in its configuration", weekly.Unknown)
	}
	if got := problems(t, weekly); got != nil {
		t.Errorf("weekly: %v", got)
	}
	if got := weekly.Attribute("name"); got != "name_prefix" {
		t.Errorf("weekly: name comes from %q, want name_prefix", got)
	}

	if diff := cmp.Diff([]terraform.Unknown{{
		Path:      "s3JobDefinition.bucketDefinitions[0].buckets[1]",
		Attribute: "s3_job_definition[0].bucket_definitions[0].buckets[1]",
	}}, pii.Unknown); diff != "" {
		t.Errorf("pii unknown (-want +got):\n%s", diff)
	}
	if got := problems(t, pii); got != nil {
		t.Errorf("pii: %v", got)
	}
	if got := pii.Job.S3JobDefinition.BucketDefinitions[0].Buckets; !cmp.Equal(got, []string{"customer-exports", ""}) {
		t.Errorf("pii buckets %q", got)
	}

	// initial_run on a ONE_TIME job is a warning (Job.Warnings), not a
	// problem.
	wantArchive := []problem{
		{"samplingPercentage", "sampling_percentage", "invalid_value"},
		{"s3JobDefinition.scoping.includes.and[0].simpleScopeTerm.comparator",
			"s3_job_definition[0].scoping[0].includes[0].and[0].simple_scope_term[0].comparator", "invalid_value"},
		{"s3JobDefinition.scoping.includes.and[1].tagScopeTerm.target",
			"s3_job_definition[0].scoping[0].includes[0].and[1].tag_scope_term[0].target", "required"},
	}
	if diff := cmp.Diff(wantArchive, problems(t, archive)); diff != "" {
		t.Errorf("archive problems (-want +got):\n%s", diff)
	}
	if len(archive.Unknown) != 0 {
		t.Errorf("archive: unknown %v", archive.Unknown)
	}
	if w := archive.Job.Warnings(jobscope.Options{}); len(w) != 1 || w[0].Path != "initialRun" || archive.Attribute(w[0].Path) != "initial_run" {
		t.Errorf("archive warnings %v", w)
	}
}

// TestState: a state's values, with Macie's describe quirks (an empty tag
// scope term target, initialRun false on a one-time job) and the read-only
// members.
func TestState(t *testing.T) {
	rs := parseFile(t, "testdata/state.json")
	if len(rs) != 2 {
		t.Fatalf("%d resources, want 2 (the data source is not one)", len(rs))
	}
	tagged, monthly := &rs[0], &rs[1]
	if tagged.Address != "aws_macie2_classification_job.tagged" ||
		monthly.Address != `module.jobs["prod"].module.inner[0].aws_macie2_classification_job.monthly["a.b"]` {
		t.Errorf("addresses %s, %s", tagged.Address, monthly.Address)
	}
	for _, r := range rs {
		if got := problems(t, &r); got != nil {
			t.Errorf("%s: %v", r.Address, got)
		}
		if len(r.Unknown) != 0 {
			t.Errorf("%s: unknown %v in a state", r.Address, r.Unknown)
		}
	}
	j := tagged.Job
	if j.InitialRun != nil || j.Description != "" || j.CustomDataIdentifierIds != nil || j.ScheduleFrequency != nil || j.S3JobDefinition.BucketCriteria != nil {
		t.Errorf("zero values the provider does not send are set: %+v", j)
	}
	if tgt := j.S3JobDefinition.Scoping.Excludes.And[0].TagScopeTerm.Target; tgt != scope.S3Object {
		t.Errorf("described target %q, want S3_OBJECT", tgt)
	}
	paused := time.Date(2025, 1, 13, 10, 0, 0, 0, time.UTC)
	if j.JobStatus != status.UserPaused || j.JobID != "f9d91733ace0a93c09e8da13f598916e" || j.CreatedAt == nil ||
		j.UserPausedDetails == nil || !j.UserPausedDetails.JobPausedAt.Equal(paused) {
		t.Errorf("read-only members: %+v", j)
	}
	if *j.SamplingPercentage != 100 || j.Name != "terraform-20250113093012345600000001" {
		t.Errorf("sampling %v, name %q", *j.SamplingPercentage, j.Name)
	}

	m := monthly.Job
	if diff := cmp.Diff(map[string]string{"team": "data", "env": "prod"}, m.Tags); diff != "" {
		t.Errorf("tags are tags_all (-want +got):\n%s", diff)
	}
	if f := m.ScheduleFrequency; f == nil || f.MonthlySchedule == nil || f.MonthlySchedule.DayOfMonth != 31 || f.DailySchedule != nil || f.WeeklySchedule != nil {
		t.Errorf("schedule %+v", f)
	}
	if c := m.S3JobDefinition.BucketCriteria; c == nil || c.Excludes != nil || len(c.Includes.And) != 1 {
		t.Errorf("bucket criteria %+v", c)
	}
}

// plan returns a one-resource plan document.
func plan(values, unknown, expressions map[string]any) []byte {
	doc := map[string]any{
		"format_version": "1.2",
		"planned_values": map[string]any{"root_module": map[string]any{"resources": []any{map[string]any{
			"address": "aws_macie2_classification_job.t", "mode": "managed",
			"type": "aws_macie2_classification_job", "name": "t", "values": values,
		}}}},
		"resource_changes": []any{map[string]any{
			"address": "aws_macie2_classification_job.t",
			"change":  map[string]any{"actions": []any{"create"}, "after": values, "after_unknown": unknown},
		}},
	}
	if expressions != nil {
		doc["configuration"] = map[string]any{"root_module": map[string]any{"resources": []any{map[string]any{
			"address": "aws_macie2_classification_job.t", "mode": "managed", "expressions": expressions,
		}}}}
	}
	data, _ := json.Marshal(doc)
	return data
}

func parseOne(t *testing.T, data []byte) *terraform.Resource {
	t.Helper()
	rs, err := parse(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 1 {
		t.Fatalf("%d resources", len(rs))
	}
	return &rs[0]
}

type obj = map[string]any
type list = []any

func constant(v any) obj { return obj{"constant_value": v} }
func ref(r string) obj   { return obj{"references": list{r}} }

func TestUnknownValues(t *testing.T) {
	defs := list{obj{"account_id": "1", "buckets": list{"b"}}}
	defsCfg := list{obj{"account_id": constant("1"), "buckets": constant(list{"b"})}}
	scoped := func(term obj) obj {
		return obj{"bucket_definitions": defs, "scoping": list{obj{"includes": list{obj{"and": list{term}}}}}}
	}
	scopedCfg := func(term obj) obj {
		return obj{"bucket_definitions": defsCfg, "scoping": list{obj{"includes": list{obj{"and": list{term}}}}}}
	}
	// A simple scope term whose comparator the plan does not know.
	comparatorValues := obj{"name": "n", "job_type": "ONE_TIME", "s3_job_definition": list{scoped(obj{
		"simple_scope_term": list{obj{"key": "OBJECT_KEY", "values": list{"a/"}}}})}}
	comparatorUnknown := obj{"s3_job_definition": list{obj{"scoping": list{obj{"includes": list{obj{"and": list{obj{
		"simple_scope_term": list{obj{"comparator": true}}, "tag_scope_term": true}}}}}}}}}
	for _, tc := range []struct {
		name                 string
		values, unknown, cfg obj
		wantUnknown          []terraform.Unknown
		wantProblems         []string
	}{{
		name:    "a comparator the configuration leaves out is not sent",
		values:  comparatorValues,
		unknown: comparatorUnknown,
		cfg: obj{"name": constant("n"), "job_type": constant("ONE_TIME"), "s3_job_definition": list{scopedCfg(obj{
			"simple_scope_term": list{obj{"key": constant("OBJECT_KEY"), "values": constant(list{"a/"})}}})}},
		wantProblems: []string{"s3JobDefinition.scoping.includes.and[0].simpleScopeTerm.comparator"},
	}, {
		name:    "a comparator set from an unknown value is unknown",
		values:  comparatorValues,
		unknown: comparatorUnknown,
		cfg: obj{"name": constant("n"), "job_type": constant("ONE_TIME"), "s3_job_definition": list{scopedCfg(obj{
			"simple_scope_term": list{obj{"comparator": ref("var.c"), "key": constant("OBJECT_KEY"), "values": constant(list{"a/"})}}})}},
		wantUnknown: []terraform.Unknown{{"s3JobDefinition.scoping.includes.and[0].simpleScopeTerm.comparator",
			"s3_job_definition[0].scoping[0].includes[0].and[0].simple_scope_term[0].comparator"}},
	}, {
		name:    "without a configuration section every unknown value counts",
		values:  obj{"name": "n", "job_type": "ONE_TIME", "s3_job_definition": list{obj{"bucket_definitions": defs}}},
		unknown: obj{"description": true, "s3_job_definition": list{obj{"bucket_criteria": true}}},
		wantUnknown: []terraform.Unknown{
			{"description", "description"},
			{"s3JobDefinition.bucketCriteria", "s3_job_definition[0].bucket_criteria"},
		},
	}, {
		name:    "unknown buckets and job type: no problem about them",
		values:  obj{"name": "n", "s3_job_definition": list{obj{}}, "schedule_frequency": list{}},
		unknown: obj{"job_type": true, "s3_job_definition": list{obj{"bucket_definitions": true, "bucket_criteria": true}}},
		cfg:     obj{"name": constant("n"), "job_type": ref("var.t"), "s3_job_definition": list{obj{"bucket_definitions": list{obj{"account_id": ref("var.a"), "buckets": ref("var.b")}}}}},
		wantUnknown: []terraform.Unknown{
			{"jobType", "job_type"},
			{"s3JobDefinition.bucketDefinitions", "s3_job_definition[0].bucket_definitions"},
		},
	}, {
		name:        "an unknown name",
		values:      obj{"job_type": "ONE_TIME", "s3_job_definition": list{obj{"bucket_definitions": defs}}},
		unknown:     obj{"name": true, "name_prefix": true},
		cfg:         obj{"name": ref("var.n"), "job_type": constant("ONE_TIME"), "s3_job_definition": list{obj{"bucket_definitions": defsCfg}}},
		wantUnknown: []terraform.Unknown{{"name", "name"}},
	}, {
		name:        "an unknown name prefix",
		values:      obj{"job_type": "ONE_TIME", "s3_job_definition": list{obj{"bucket_definitions": defs}}},
		unknown:     obj{"name": true, "name_prefix": true},
		cfg:         obj{"name_prefix": ref("var.n"), "job_type": constant("ONE_TIME"), "s3_job_definition": list{obj{"bucket_definitions": defsCfg}}},
		wantUnknown: []terraform.Unknown{{"name", "name_prefix"}},
	}, {
		name:         "a generated name that is too long",
		values:       obj{"name_prefix": strings.Repeat("p", 475), "job_type": "ONE_TIME", "s3_job_definition": list{obj{"bucket_definitions": defs}}},
		unknown:      obj{"name": true},
		cfg:          obj{"name_prefix": constant("…"), "job_type": constant("ONE_TIME"), "s3_job_definition": list{obj{"bucket_definitions": defsCfg}}},
		wantProblems: []string{"name"},
	}, {
		name:         "tags_all unknown: its problems are left for later",
		values:       obj{"name": "n", "job_type": "ONE_TIME", "s3_job_definition": list{obj{"bucket_definitions": defs}}, "tags": obj{"": "x"}},
		unknown:      obj{"tags_all": true},
		cfg:          obj{"name": constant("n")},
		wantUnknown:  []terraform.Unknown{{"tags", "tags_all"}},
		wantProblems: nil,
	}, {
		name:        "an unknown tag value",
		values:      obj{"name": "n", "job_type": "ONE_TIME", "s3_job_definition": list{obj{"bucket_definitions": defs}}, "tags": obj{"a": "1"}, "tags_all": obj{"a": "1"}},
		unknown:     obj{"tags": obj{"b": true}, "tags_all": obj{"b": true}},
		cfg:         obj{"tags": ref("var.t")},
		wantUnknown: []terraform.Unknown{{"tags.b", `tags_all["b"]`}},
	}, {
		name: "a block the configuration section does not show (dynamic) counts as set",
		values: obj{"name": "n", "job_type": "ONE_TIME", "s3_job_definition": list{obj{
			"bucket_definitions": list{obj{"account_id": "1", "buckets": list{nil}}}}}},
		unknown: obj{"s3_job_definition": list{obj{"bucket_definitions": list{obj{"buckets": list{true}}}}}},
		cfg:     obj{"name": constant("n"), "job_type": constant("ONE_TIME"), "dynamic": list{}},
		wantUnknown: []terraform.Unknown{{"s3JobDefinition.bucketDefinitions[0].buckets[0]",
			"s3_job_definition[0].bucket_definitions[0].buckets[0]"}},
	}, {
		name: "empty strings are dropped from lists, as the provider does",
		values: obj{"name": "n", "job_type": "ONE_TIME", "s3_job_definition": list{obj{
			"bucket_definitions": list{obj{"account_id": "", "buckets": list{"", ""}}}}}},
		wantProblems: []string{"s3JobDefinition.bucketDefinitions[0].accountId", "s3JobDefinition.bucketDefinitions[0].buckets"},
	}, {
		name:         "values of the wrong type",
		values:       obj{"name": 5, "job_type": "ONE_TIME", "s3_job_definition": obj{}},
		wantProblems: []string{"name", "s3JobDefinition", "s3JobDefinition"},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			r := parseOne(t, plan(tc.values, tc.unknown, tc.cfg))
			if diff := cmp.Diff(tc.wantUnknown, r.Unknown); diff != "" {
				t.Errorf("unknown (-want +got):\n%s", diff)
			}
			var got []string
			for _, p := range problems(t, r) {
				got = append(got, p.Path)
			}
			if diff := cmp.Diff(tc.wantProblems, got); diff != "" {
				t.Errorf("problems (-want +got):\n%s\njob: %+v", diff, r.Job)
			}
		})
	}
}

func TestSchedule(t *testing.T) {
	defs := list{obj{"account_id": "1", "buckets": list{"b"}}}
	for _, tc := range []struct {
		freq obj
		want *schedule.JobScheduleFrequency
	}{
		{obj{"daily_schedule": true, "weekly_schedule": "", "monthly_schedule": 0}, &schedule.JobScheduleFrequency{DailySchedule: &schedule.DailySchedule{}}},
		{obj{"daily_schedule": false, "weekly_schedule": "FRIDAY"}, &schedule.JobScheduleFrequency{WeeklySchedule: &schedule.WeeklySchedule{DayOfWeek: schedule.Friday}}},
		{obj{"monthly_schedule": 15}, &schedule.JobScheduleFrequency{MonthlySchedule: &schedule.MonthlySchedule{DayOfMonth: 15}}},
		{obj{"daily_schedule": true, "monthly_schedule": 1}, &schedule.JobScheduleFrequency{DailySchedule: &schedule.DailySchedule{}, MonthlySchedule: &schedule.MonthlySchedule{DayOfMonth: 1}}},
		{obj{}, &schedule.JobScheduleFrequency{}},
	} {
		r := parseOne(t, plan(obj{"name": "n", "job_type": "SCHEDULED", "schedule_frequency": list{tc.freq},
			"s3_job_definition": list{obj{"bucket_definitions": defs}}}, nil, nil))
		if diff := cmp.Diff(tc.want, r.Job.ScheduleFrequency); diff != "" {
			t.Errorf("%v (-want +got):\n%s", tc.freq, diff)
		}
	}
}

func TestAttributePath(t *testing.T) {
	for path, want := range map[string]string{
		"name":                            "name",
		"jobType":                         "job_type",
		"customDataIdentifierIds[3]":      "custom_data_identifier_ids[3]",
		"scheduleFrequency":               "schedule_frequency[0]",
		"scheduleFrequency.dailySchedule": "schedule_frequency[0].daily_schedule",
		"scheduleFrequency.weeklySchedule.dayOfWeek":                                     "schedule_frequency[0].weekly_schedule",
		"scheduleFrequency.monthlySchedule.dayOfMonth":                                   "schedule_frequency[0].monthly_schedule",
		"s3JobDefinition.bucketDefinitions[2].accountId":                                 "s3_job_definition[0].bucket_definitions[2].account_id",
		"s3JobDefinition.bucketCriteria.excludes.and[0].tagCriterion.tagValues[1].value": "s3_job_definition[0].bucket_criteria[0].excludes[0].and[0].tag_criterion[0].tag_values[1].value",
		"s3JobDefinition.scoping.includes.and[1].simpleScopeTerm.values[0]":              "s3_job_definition[0].scoping[0].includes[0].and[1].simple_scope_term[0].values[0]",
	} {
		if got := terraform.AttributePath(path); got != want {
			t.Errorf("AttributePath(%q) = %q, want %q", path, got, want)
		}
	}
}

func TestInstanceAddressesAndModules(t *testing.T) {
	// Without "address", the address is built from the module and index,
	// and the configuration is found through nested module calls.
	doc := `{"format_version":"1.0","planned_values":{"root_module":{"child_modules":[{"address":"module.a[\"x.y\"]","child_modules":[{"address":"module.a[\"x.y\"].module.b[2]","resources":[
	  {"mode":"managed","type":"aws_macie2_classification_job","name":"j","index":"k\"1","values":{"name":"n","job_type":"ONE_TIME","s3_job_definition":[{"bucket_definitions":[{"account_id":"1","buckets":["b"]}]}]}},
	  {"mode":"managed","type":"aws_macie2_classification_job","name":"j","index":7,"values":{"job_type":"ONE_TIME","s3_job_definition":[{"bucket_definitions":[{"account_id":"1","buckets":["b"]}]}]}}
	]}]}]}},
	"resource_changes":[{"address":"module.a[\"x.y\"].module.b[2].aws_macie2_classification_job.j[7]","change":{"after_unknown":{"name":true,"description":true}}}],
	"configuration":{"root_module":{"module_calls":{"a":{"module":{"module_calls":{"b":{"module":{"resources":[
	  {"address":"aws_macie2_classification_job.j","mode":"managed","expressions":{"description":{"references":["var.d"]}}}]}}}}}}}}}`
	rs, err := parse([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`module.a["x.y"].module.b[2].aws_macie2_classification_job.j["k\"1"]`,
		`module.a["x.y"].module.b[2].aws_macie2_classification_job.j[7]`,
	}
	if len(rs) != 2 || rs[0].Address != want[0] || rs[1].Address != want[1] {
		t.Fatalf("got %+v", rs)
	}
	// name is unset in the configuration: generated; description is set
	// from a variable: unknown.
	if diff := cmp.Diff([]terraform.Unknown{{"description", "description"}}, rs[1].Unknown); diff != "" {
		t.Errorf("unknown (-want +got):\n%s", diff)
	}
	if rs[1].Job.Name != "terraform-00000000000000000000000000" {
		t.Errorf("name %q", rs[1].Job.Name)
	}
}

func TestFind(t *testing.T) {
	rs := parseFile(t, "../examples/terraform/plan.json")
	if r, err := find(rs, "module.scan.aws_macie2_classification_job.pii[0]"); err != nil || r != &rs[2] {
		t.Errorf("Find: %v, %v", r, err)
	}
	if _, err := find(rs, ""); err == nil || !strings.Contains(err.Error(), "3 aws_macie2_classification_job resources; choose one") {
		t.Errorf("Find without an address among three: %v", err)
	}
	if _, err := find(rs, "aws_macie2_classification_job.nope"); err == nil || !strings.Contains(err.Error(), "weekly") {
		t.Errorf("Find of a missing address: %v", err)
	}
	if r, err := find(rs[:1], ""); err != nil || r.Address != rs[0].Address {
		t.Errorf("Find of the only one: %v", err)
	}
	if _, err := find(nil, ""); err == nil {
		t.Error("Find in nothing")
	}
}

func TestParseErrors(t *testing.T) {
	for doc, want := range map[string]string{
		`{`:                                   "not terraform show -json output",
		`{"jobType":"ONE_TIME"}`:              "no format_version",
		`{"format_version":"2.0"}`:            "not supported",
		`{"format_version":"1.0"} {}`:         "data after",
		`{"format_version":"1.0","values":1}`: "not terraform show -json output",
	} {
		if _, err := parse([]byte(doc)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Parse(%s): %v, want %q", doc, err, want)
		}
	}
	rs, err := parse([]byte(`{"format_version":"1.0","terraform_version":"1.9.5"}`))
	if err != nil || len(rs) != 0 {
		t.Errorf("an empty state: %v, %v", rs, err)
	}
}

// parse returns every resource of the document data.
func parse(data []byte) ([]terraform.Resource, error) {
	var out []terraform.Resource
	for r, err := range terraform.Resources(bytes.NewReader(data), terraform.Options{}) {
		if err != nil {
			return nil, err
		}
		out = append(out, *r)
	}
	return out, nil
}

// find is terraform.Find over resources in memory, returning a pointer into
// the slice.
func find(rs []terraform.Resource, address string) (*terraform.Resource, error) {
	r, err := terraform.Find(func(yield func(*terraform.Resource, error) bool) {
		for i := range rs {
			if !yield(&rs[i], nil) {
				return
			}
		}
	}, address)
	return r, err
}
