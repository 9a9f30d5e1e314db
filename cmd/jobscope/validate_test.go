package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/spf13/pflag"

	"github.com/jobscope/jobscope"
)

// TestValidateExamplesGolden checks `jobscope validate` on every example
// against the golden file beside it (FILE.golden: the exact text output).
// Run with -update to rewrite the golden files.
func TestValidateExamplesGolden(t *testing.T) {
	for glob, wantCode := range map[string]int{"examples/*.json": exitOK, "examples/invalid/*.json": exitInvalid} {
		files, _ := filepath.Glob(glob)
		if len(files) < 3 {
			t.Fatalf("want at least 3 examples %s, got %d", glob, len(files))
		}
		for _, f := range files {
			t.Run(f, func(t *testing.T) {
				code, out, stderr := runCLI(t, "", "validate", f)
				if code != wantCode {
					t.Errorf("exit %d, want %d (stderr %q)", code, wantCode, stderr)
				}
				checkGolden(t, strings.TrimSuffix(f, ".json")+".golden", out)
			})
		}
	}
}

func TestValidateTruncatedNamesLineColumn(t *testing.T) {
	code, out, _ := runCLI(t, "", "validate", "examples/invalid/truncated.json")
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if !regexp.MustCompile(`^examples/invalid/truncated\.json:\d+:\d+: .*truncated`).MatchString(out) {
		t.Errorf("want file:line:column and 'truncated', got %q", out)
	}
}

func TestValidateExitCodes(t *testing.T) {
	valid := `{"jobType":"ONE_TIME","name":"n","s3JobDefinition":{"bucketCriteria":{}}}`
	runCases(t, []cliCase{
		{"valid stdin", valid, []string{"validate", "-"}, 0, "<stdin>: valid", ""},
		{"invalid stdin", `{"jobType":"ONE_TIME"}`, []string{"validate", "-"}, 1, "<stdin>:1:1: name: name is required", ""},
		{"empty stdin", "", []string{"validate", "-"}, 1, "the document is empty", ""},
		{"missing file", "", []string{"validate", "no/such/job.json"}, 2, "", "no such file"},
		{"missing beside valid", "", []string{"validate", "examples/monthly-on-31st.json", "no/such.json"}, 2, "valid", "no such file"},
		{"no files", "", []string{"validate"}, 2, "", "no job files"},
		{"bad format", valid, []string{"validate", "--format", "xml", "-"}, 2, "", "--format"},
		{"unknown option", valid, []string{"validate", "--option", "nope=1", "-"}, 2, "", "unknown option"},
		{"bad option value", valid, []string{"validate", "--option", "requireClientToken=maybe", "-"}, 2, "", "not one of"},
		{"option applies", valid, []string{"validate", "--option", "requireClientToken=true", "-"}, 1, "clientToken: clientToken is required", ""},
		{"unknown command", "", []string{"frobnicate"}, 2, "", "unknown command"},
		{"help", "", []string{"validate", "-h"}, 0, "Usage:\n  jobscope validate", ""},
	})
}

func TestValidateJSONFormat(t *testing.T) {
	code, out, stderr := runCLI(t, "", "validate", "--format", "json", "examples/one-time-two-buckets.json", "examples/invalid/extension-contains.json")
	if code != 1 {
		t.Fatalf("exit %d, want 1: %s", code, stderr)
	}
	type problem struct {
		Path, Code, Message, Exception string
		Line, Column                   int
	}
	var report struct {
		SchemaVersion string
		Valid         bool
		Jobs          []struct {
			File   string
			Valid  bool
			Errors []problem
		}
	}
	if err := json.Unmarshal([]byte(out), &report); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	if report.SchemaVersion != schemaVersion || report.Valid {
		t.Errorf("schemaVersion %q, valid %v", report.SchemaVersion, report.Valid)
	}
	got := report.Jobs
	want := []struct {
		File   string
		Valid  bool
		Errors []problem
	}{
		{File: "examples/one-time-two-buckets.json", Valid: true, Errors: []problem{}},
		{File: "examples/invalid/extension-contains.json", Errors: []problem{{
			Path:      "s3JobDefinition.scoping.includes.and[0].simpleScopeTerm.comparator",
			Code:      "invalid_value",
			Message:   "CONTAINS is not valid for OBJECT_EXTENSION; use EQ or NE",
			Exception: "ValidationException",
			Line:      12, Column: 29,
		}}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("-want +got:\n%s", diff)
	}
}

const tfPlan = "examples/terraform/plan.json"

// TestValidateTerraformPlan is the acceptance test of --terraform: a plan
// with three jobs, one at the root and two in a module, one of them invalid.
// Exit 1; every problem names the resource's address, then the request's
// JSON path and the attribute it comes from; the two valid jobs pass, and
// the value known only after apply is reported, not checked.
func TestValidateTerraformPlan(t *testing.T) {
	code, out, stderr := runCLI(t, "", "validate", "--terraform", tfPlan)
	if code != 1 {
		t.Errorf("exit %d, want 1 (stderr %q)", code, stderr)
	}
	const archive = tfPlan + `: module.scan.aws_macie2_classification_job.archive["eu-west-1"]: `
	const pii = tfPlan + ": module.scan.aws_macie2_classification_job.pii[0]: "
	want := tfPlan + ": aws_macie2_classification_job.weekly: valid\n" +
		archive + "samplingPercentage (sampling_percentage): samplingPercentage is 150; it must be from 1 through 100\n" +
		archive + "s3JobDefinition.scoping.includes.and[0].simpleScopeTerm.comparator (s3_job_definition[0].scoping[0].includes[0].and[0].simple_scope_term[0].comparator): CONTAINS is not valid for OBJECT_EXTENSION; use EQ or NE\n" +
		archive + `s3JobDefinition.scoping.includes.and[1].tagScopeTerm.target (s3_job_definition[0].scoping[0].includes[0].and[1].tag_scope_term[0].target): target is required by the service although the API model marks it optional; set it to "S3_OBJECT"` + "\n" +
		archive + "warning: initialRun (initial_run): initialRun applies only to SCHEDULED jobs; Macie ignores it on a ONE_TIME job, which analyzes every existing object once\n" +
		pii + "valid\n" +
		pii + "warning: s3JobDefinition.bucketDefinitions[0].buckets[1] (s3_job_definition[0].bucket_definitions[0].buckets[1]) is known only after apply; not checked\n"
	if diff := cmp.Diff(want, out); diff != "" {
		t.Errorf("-want +got:\n%s", diff)
	}
}

func TestValidateTerraformJSON(t *testing.T) {
	data, err := os.ReadFile(tfPlan)
	if err != nil {
		t.Fatal(err)
	}
	code, out, stderr := runCLI(t, string(data), "validate", "--format", "json", "--terraform", "-", "examples/demo/job.json")
	if code != 1 {
		t.Fatalf("exit %d, want 1: %s", code, stderr)
	}
	type problem struct{ Path, Code, Attribute string }
	type unknown struct{ Path, Attribute string }
	var report struct {
		Jobs []struct {
			File, Resource string
			Valid          bool
			Errors         []problem
			Warnings       []problem
			Unknown        []unknown
		}
	}
	if err := json.Unmarshal([]byte(out), &report); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	got := report.Jobs
	if len(got) != 4 {
		t.Fatalf("%d results, want 4:\n%s", len(got), out)
	}
	if got[0].File != "examples/demo/job.json" || !got[0].Valid || got[0].Resource != "" {
		t.Errorf("job file first: %+v", got[0])
	}
	for i, want := range []string{"aws_macie2_classification_job.weekly",
		`module.scan.aws_macie2_classification_job.archive["eu-west-1"]`,
		"module.scan.aws_macie2_classification_job.pii[0]"} {
		r := got[i+1]
		if r.File != "<stdin>" || r.Resource != want || r.Valid != (i != 1) {
			t.Errorf("result %d: %+v, want resource %s", i+1, r, want)
		}
	}
	if e := got[2].Errors; len(e) != 3 || e[0] != (problem{"samplingPercentage", "invalid_value", "sampling_percentage"}) {
		t.Errorf("archive errors %+v", e)
	}
	if w := got[2].Warnings; len(w) != 1 || w[0] != (problem{"initialRun", "one_time_schedule_field_ignored", "initial_run"}) {
		t.Errorf("archive warnings %+v", w)
	}
	if u := got[3].Unknown; len(u) != 1 || u[0].Attribute != "s3_job_definition[0].bucket_definitions[0].buckets[1]" {
		t.Errorf("pii unknown %+v", u)
	}
}

func TestValidateTerraformInputs(t *testing.T) {
	f := writeFiles(t, map[string]string{
		"empty.json":  `{"format_version":"1.0","terraform_version":"1.9.5"}`,
		"job.json":    `{"name":"n"}`,
		"broken.json": `{"format_version":`,
	})
	empty, notTF, broken := f["empty.json"], f["job.json"], f["broken.json"]
	dir := filepath.Dir(empty)
	runCases(t, []cliCase{
		{"state", "", []string{"validate", "--terraform", "terraform/testdata/state.json"}, 0, "aws_macie2_classification_job.tagged: valid", ""},
		{"no resources", "", []string{"validate", "--terraform", empty}, 0, "no aws_macie2_classification_job resources", ""},
		{"not terraform output", "", []string{"validate", "--terraform", notTF}, 1, "", "no format_version"},
		{"broken", "", []string{"validate", "--terraform", broken}, 1, "", "not terraform show -json output"},
		{"missing", "", []string{"validate", "--terraform", "no/such/plan.json"}, 2, "", "no such file"},
		{"directory", "", []string{"validate", "--terraform", dir}, 2, "", "is a directory"},
		{"stdin twice", "", []string{"validate", "--terraform", "-", "-"}, 2, "", "only once"},
		{"with a job file", "", []string{"validate", "--terraform", empty, "examples/monthly-on-31st.json"}, 0, "examples/monthly-on-31st.json: valid", ""},
		{"options apply", "", []string{"validate", "--option", "samplingPercentageMin=0", "--terraform", "terraform/testdata/state.json"}, 0, "valid", ""},
		{"help", "", []string{"validate", "-h"}, 0, "--terraform", ""},
	})
}

// TestLoadTerraformJob: the helper behind plan --terraform (and any
// command that takes one job).
func TestLoadTerraformJob(t *testing.T) {
	var tf terraformFlags
	fs := pflag.NewFlagSet("plan", pflag.ContinueOnError)
	tf.register(fs)
	if err := fs.Parse([]string{"--terraform", tfPlan, "--resource", "aws_macie2_classification_job.weekly"}); err != nil {
		t.Fatal(err)
	}
	j, err := loadTerraformJob(nil, tf.file, tf.resource, jobscope.Options{}, inputLimits{})
	if err != nil || j.Name != "weekly-confidential-00000000000000000000000000" || j.ScheduleFrequency.WeeklySchedule == nil {
		t.Fatalf("weekly: %+v, %v", j, err)
	}
	state, err := os.ReadFile("terraform/testdata/state.json")
	if err != nil {
		t.Fatal(err)
	}
	j, err = loadTerraformJob(bytes.NewReader(state), "-", `module.jobs["prod"].module.inner[0].aws_macie2_classification_job.monthly["a.b"]`, jobscope.Options{}, inputLimits{})
	if err != nil || j.CreatedAt == nil || j.JobStatus != "RUNNING" {
		t.Fatalf("from a state: %+v, %v", j, err)
	}
	for _, tc := range []struct {
		file, address string
		code          int
		msg           string
	}{
		{tfPlan, "", 2, "3 aws_macie2_classification_job resources; choose one"},
		{tfPlan, "aws_macie2_classification_job.nope", 2, "no resource aws_macie2_classification_job.nope"},
		{tfPlan, `module.scan.aws_macie2_classification_job.archive["eu-west-1"]`, 1,
			`jobscope plan: ` + tfPlan + `: module.scan.aws_macie2_classification_job.archive["eu-west-1"]: samplingPercentage: samplingPercentage is 150`},
		{tfPlan, "module.scan.aws_macie2_classification_job.pii[0]", 1, "known only after apply: the job cannot be dry-run before apply"},
		{"no/such.json", "", 2, "no such file"},
	} {
		_, err := loadTerraformJob(nil, tc.file, tc.address, jobscope.Options{}, inputLimits{})
		var buf strings.Builder
		if code := reportScopeError(&buf, "plan", err); code != tc.code || !strings.Contains(buf.String(), tc.msg) {
			t.Errorf("%s %s: exit %d, %q; want %d, %q", tc.file, tc.address, code, buf.String(), tc.code, tc.msg)
		}
	}
}
