package jobset

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/internal/testfile"
	"github.com/jobscope/jobscope/status"
)

// brief is what a test checks of one loaded job.
type brief struct {
	Name, File, Address string
	Index               int
	Status              status.JobStatus
	Unknown             int
}

func briefs(jobs []Job) []brief {
	var out []brief
	for _, j := range jobs {
		out = append(out, brief{j.Name, j.File, j.Address, j.Index, j.Status, len(j.Unknown)})
	}
	return out
}

// place is where a test expects a problem.
type place struct {
	File      string
	Line, Col int
	Path      string
	Code      field.Code
}

func places(t *testing.T, err error) []place {
	t.Helper()
	if err == nil {
		return nil
	}
	var list field.ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("error %v (%T) is not a field.ErrorList", err, err)
	}
	var out []place
	for _, e := range list {
		out = append(out, place{e.File, e.Line, e.Column, e.Path, e.Code})
	}
	return out
}

func TestLoadKinds(t *testing.T) {
	const plan = "../examples/terraform/plan.json"
	const state = "../terraform/testdata/state.json"
	tests := []struct {
		name   string
		input  string
		want   []brief
		errors int // problems of invalid jobs, each naming input
	}{
		{"request", "../examples/one-time-two-buckets.json", []brief{
			{Name: "pii-sweep-finance-exports", File: "../examples/one-time-two-buckets.json", Index: -1},
		}, 0},
		{"request in YAML", "testdata/team.yaml", []brief{
			{Name: "finance-invoices", File: "testdata/team.yaml", Index: -1},
		}, 0},
		{"describe output", "../examples/describe-output.json", []brief{
			{Name: "hr-records-one-time", File: "../examples/describe-output.json", Index: -1, Status: status.Complete},
		}, 0},
		{"describe outputs, jq -s", "testdata/describe-jobs.json", []brief{
			{Name: "weekly-finance", File: "testdata/describe-jobs.json", Index: 0, Status: status.Idle},
			{Name: "logs-one-time", File: "testdata/describe-jobs.json", Index: 1, Status: status.UserPaused},
			{Name: "monthly-analytics", File: "testdata/describe-jobs.json", Index: 2, Status: status.Cancelled},
		}, 0},
		{"plan", plan, []brief{
			{Name: "weekly-confidential-00000000000000000000000000", File: plan, Index: -1, Address: "aws_macie2_classification_job.weekly"},
			{Name: "pii-one-time-0", File: plan, Index: -1, Address: "module.scan.aws_macie2_classification_job.pii[0]", Unknown: 1},
		}, 3},
		{"state", state, []brief{
			{Name: "terraform-20250113093012345600000001", File: state, Index: -1, Address: "aws_macie2_classification_job.tagged", Status: status.UserPaused},
			{Name: "month-end", File: state, Index: -1, Address: `module.jobs["prod"].module.inner[0].aws_macie2_classification_job.monthly["a.b"]`, Status: status.Running},
		}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			jobs, err := Load(context.Background(), []string{tt.input}, Options{})
			if diff := cmp.Diff(tt.want, briefs(jobs)); diff != "" {
				t.Errorf("jobs (-want +got):\n%s", diff)
			}
			got := places(t, err)
			if len(got) != tt.errors {
				t.Errorf("%d problems, want %d: %v", len(got), tt.errors, err)
			}
			for _, p := range got {
				if p.File != tt.input {
					t.Errorf("problem %+v names file %q, want %q", p, p.File, tt.input)
				}
			}
			for _, j := range jobs {
				if j.Job == nil || j.Job.JobStatus != j.Status {
					t.Errorf("%s: Job %v with status %q", j.Name, j.Job, j.Status)
				}
			}
		})
	}
}

// TestLoadPlanProblems checks that the problems of an invalid resource name
// its address and its attributes.
func TestLoadPlanProblems(t *testing.T) {
	const plan = "../examples/terraform/plan.json"
	_, err := Load(context.Background(), []string{plan}, Options{})
	want := []place{
		{plan, 0, 0, `module.scan.aws_macie2_classification_job.archive["eu-west-1"].sampling_percentage`, field.InvalidValue},
	}
	if diff := cmp.Diff(want, places(t, err)[:1]); diff != "" {
		t.Errorf("first problem (-want +got):\n%s", diff)
	}
}

func TestLoadFolder(t *testing.T) {
	dir := t.TempDir()
	job := func(name string) []byte {
		return []byte(`{"name": "` + name + `", "jobType": "ONE_TIME", "s3JobDefinition": {"bucketDefinitions": [{"accountId": "111122223333", "buckets": ["b"]}]}}`)
	}
	testfile.Write(t, dir, "b.json", job("b"))
	testfile.Write(t, dir, "a/z.yml", []byte("name: z\njobType: ONE_TIME\ns3JobDefinition:\n  bucketDefinitions:\n    - accountId: \"111122223333\"\n      buckets: [b]\n"))
	testfile.Write(t, dir, "a/y.JSON", job("y"))
	testfile.Write(t, dir, "c.yaml", []byte("name: c\njobType: ONE_TIME\ns3JobDefinition:\n  bucketCriteria:\n    includes:\n      and:\n        - simpleCriterion: {comparator: EQ, key: ACCOUNT_ID, values: [\"111122223333\"]}\n"))
	testfile.Write(t, dir, "notes.txt", []byte("not a job"))
	testfile.Write(t, dir, ".hidden.json", job("hidden"))
	testfile.Write(t, dir, ".git/x.json", job("in-git"))
	testfile.Write(t, dir, "d/.cache/x.json", job("in-cache"))
	// A file named on its own is read whatever its name, and once only.
	plain := testfile.Write(t, t.TempDir(), "job.txt", job("plain"))

	jobs, err := Load(context.Background(), []string{dir, plain, filepath.Join(dir, "b.json")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []brief{
		{Name: "y", File: filepath.Join(dir, "a/y.JSON"), Index: -1},
		{Name: "z", File: filepath.Join(dir, "a/z.yml"), Index: -1},
		{Name: "b", File: filepath.Join(dir, "b.json"), Index: -1},
		{Name: "c", File: filepath.Join(dir, "c.yaml"), Index: -1},
		{Name: "plain", File: plain, Index: -1},
	}
	if diff := cmp.Diff(want, briefs(jobs)); diff != "" {
		t.Errorf("jobs (-want +got):\n%s", diff)
	}
}

// TestLoadBadAmongGood checks that every problem of every file is reported,
// located, with the jobs of the good files.
func TestLoadBadAmongGood(t *testing.T) {
	dir := t.TempDir()
	good := `{"name": "good", "jobType": "ONE_TIME", "s3JobDefinition": {"bucketDefinitions": [{"accountId": "111122223333", "buckets": ["b"]}]}}`
	testfile.Write(t, dir, "1-good.json", []byte(good))
	testfile.Write(t, dir, "2-truncated.json", []byte("{\n  \"name\": \"cut\",\n  \"jobType\": \"ONE_"))
	testfile.Write(t, dir, "3-buckets.json", testfile.Read(t, "../examples/demo/buckets.json"))
	testfile.Write(t, dir, "4-array.json", []byte("[\n  "+good+",\n  {\n    \"name\": \"bad\",\n    \"jobType\": \"TWICE\",\n"+
		"    \"s3JobDefinition\": {\"bucketDefinitions\": [{\"accountId\": \"111122223333\", \"buckets\": [\"b\"]}]}\n  },\n  42\n]\n"))
	testfile.Write(t, dir, "5-array-cut.json", []byte("[\n  "+good+",\n  {\"name\": "))
	testfile.Write(t, dir, "6-list.json", []byte(`{"items": [], "nextToken": null}`))
	testfile.Write(t, dir, "7-bad.yaml", []byte("name: y\njobType: ONE_TIME\ns3JobDefinition:\n  bucketDefinitions: 3\n"))
	empty := t.TempDir()
	missing := filepath.Join(dir, "missing.json")

	jobs, err := Load(context.Background(), []string{dir, missing, empty}, Options{})
	in := func(name string) string { return filepath.Join(dir, name) }
	wantJobs := []brief{
		{Name: "good (" + in("1-good.json") + ")", File: in("1-good.json"), Index: -1},
		{Name: "good (" + in("4-array.json") + "[0])", File: in("4-array.json"), Index: 0},
		{Name: "good (" + in("5-array-cut.json") + "[0])", File: in("5-array-cut.json"), Index: 0},
	}
	if diff := cmp.Diff(wantJobs, briefs(jobs)); diff != "" {
		t.Errorf("jobs (-want +got):\n%s", diff)
	}
	want := []place{
		{in("2-truncated.json"), 3, 19, "", field.Syntax},
		{in("3-buckets.json"), 1, 1, "", field.Unreadable},
		{in("4-array.json"), 5, 16, "[1].jobType", field.InvalidValue},
		{in("4-array.json"), 8, 3, "[2]", field.WrongType},
		{in("5-array-cut.json"), 3, 12, "", field.Syntax},
		{in("6-list.json"), 1, 1, "", field.Unreadable},
		{in("7-bad.yaml"), 4, 3, "s3JobDefinition", field.Required},
		{in("7-bad.yaml"), 4, 22, "s3JobDefinition.bucketDefinitions", field.WrongType},
		{missing, 0, 0, "", field.Unreadable},
		{empty, 0, 0, "", field.Unreadable},
	}
	if diff := cmp.Diff(want, places(t, err)); diff != "" {
		t.Errorf("problems (-want +got):\n%s\n%v", diff, err)
	}
	var list field.ErrorList
	errors.As(err, &list)
	for _, e := range list {
		if e.Error() == "" || strings.Contains(e.Error(), "jobset") {
			t.Errorf("message %q", e.Error())
		}
	}
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("%v: want the missing file's os.ErrNotExist in it", err)
	}
	for _, msg := range []string{"describe-buckets", "list-classification-jobs", "no job files"} {
		if !strings.Contains(err.Error(), msg) {
			t.Errorf("problems do not say %q:\n%v", msg, err)
		}
	}
}

func TestLoadDuplicateNames(t *testing.T) {
	dir := t.TempDir()
	job := func(name string) string {
		return `{"name": "` + name + `", "jobType": "ONE_TIME", "s3JobDefinition": {"bucketDefinitions": [{"accountId": "111122223333", "buckets": ["b"]}]}}`
	}
	a := testfile.Write(t, dir, "a.json", []byte(job("pii")))
	b := testfile.Write(t, dir, "b.json", []byte("["+job("pii")+","+job("other")+"]"))
	// A job whose own name is what another job's disambiguated name would be.
	c := testfile.Write(t, dir, "c.json", []byte(job("pii ("+a+")")))
	jobs, err := Load(context.Background(), []string{a, b, c}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, j := range jobs {
		got = append(got, j.Name)
	}
	want := []string{"pii (" + a + ")", "pii (" + b + "[0])", "other", "pii (" + a + ") #2"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("names (-want +got):\n%s", diff)
	}
}

func TestLoadCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	jobs, err := Load(ctx, []string{"../examples/one-time-two-buckets.json"}, Options{})
	if !errors.Is(err, context.Canceled) || len(jobs) != 0 {
		t.Errorf("Load with a cancelled context = %d jobs, %v", len(jobs), err)
	}
}

// TestLoadDemo reads the demo folder: its jobs, and a problem for each of its
// other JSON inputs, which say what they are.
func TestLoadDemo(t *testing.T) {
	jobs, err := Load(context.Background(), []string{"../examples/demo"}, Options{})
	var names []string
	for _, j := range jobs {
		names = append(names, j.Name)
	}
	want := []string{"weekly-confidential-data-scan", "data-monthly-sandbox-sample", "data-weekly-shared",
		"finance-daily-documents", "finance-drafts-one-time"}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("jobs (-want +got):\n%s", diff)
	}
	var files []string
	for _, p := range places(t, err) {
		if p.Line != 1 || p.Col != 1 || p.Code != field.Unreadable {
			t.Errorf("problem %+v", p)
		}
		files = append(files, filepath.ToSlash(p.File))
	}
	wantFiles := []string{"../examples/demo/buckets.json"}
	for _, b := range []string{"acme-analytics-data", "acme-app-logs", "acme-finance-docs"} {
		wantFiles = append(wantFiles, "../examples/demo/inventory/"+b+"/daily-full/2024-12-01T01-00Z/manifest.json")
	}
	if diff := cmp.Diff(wantFiles, files); diff != "" {
		t.Errorf("problems (-want +got):\n%s\n%v", diff, err)
	}
}

func TestLoadArrayLimit(t *testing.T) {
	job := `{"name": "j", "jobType": "ONE_TIME", "s3JobDefinition": {"bucketDefinitions": [{"accountId": "111122223333", "buckets": ["b"]}]}}`
	name := testfile.Write(t, t.TempDir(), "jobs.json", []byte("["+job+","+job+"]"))
	opts := Options{}
	opts.Terraform.MaxPlanBytes = int64(len(job) + 2)
	jobs, err := Load(context.Background(), []string{name}, opts)
	want := []place{{File: name, Code: field.Limit}}
	if diff := cmp.Diff(want, places(t, err)); diff != "" || len(jobs) != 0 {
		t.Errorf("%d jobs; problems (-want +got):\n%s", len(jobs), diff)
	}
	opts.Terraform.MaxPlanBytes = -1
	if jobs, err := Load(context.Background(), []string{name}, opts); err != nil || len(jobs) != 2 {
		t.Errorf("without a limit: %d jobs, %v", len(jobs), err)
	}
}
