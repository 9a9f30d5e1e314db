package main

import (
	"bytes"
	"math"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/jobscope/jobscope/plan"
)

// An input given to the wrong flag is named for what it is, with the flag
// that reads it, instead of every member it lacks.
func TestMisplacedInputs(t *testing.T) {
	files := writeFiles(t, map[string]string{
		"job.json":       `{"name": "j", "jobType": "ONE_TIME", "s3JobDefinition": {"bucketDefinitions": [{"accountId": "1", "buckets": ["b"]}]}}`,
		"list-jobs.json": `{"items": [{"jobId": "1", "name": "j", "jobType": "ONE_TIME", "jobStatus": "RUNNING"}]}`,
		"buckets.json":   `{"buckets": [{"accountId": "1", "bucketName": "b"}]}`,
		"objects.jsonl":  `{"bucket": "b", "key": "a.csv", "size": 1, "lastModified": "2024-01-01T00:00:00Z"}` + "\n",
	})
	job, listJobs, buckets, objects := files["job.json"], files["list-jobs.json"], files["buckets.json"], files["objects.jsonl"]
	runCases(t, []cliCase{
		{name: "terraform plan to validate", args: []string{"validate", "examples/terraform/plan.json"}, code: 1,
			stdout: "plan.json:1:1: this is `terraform show -json` output, not a job definition; did you mean --terraform?"},
		{name: "list-classification-jobs output", args: []string{"validate", listJobs}, code: 1,
			stdout: "this is `aws macie2 list-classification-jobs` output, which has no job definitions"},
		{name: "job as objects", args: []string{"plan", "--job", job, "--objects", job}, code: 2,
			stderr: "job.json is a CreateClassificationJob request, not what --objects reads; did you mean --job?"},
		{name: "objects as the job", args: []string{"plan", "--job", objects, "--objects", objects}, code: 1,
			stderr: "this is a JSONL file of objects, not a job definition; did you mean --objects?"},
		{name: "objects on stdin as the job", stdin: "{\"bucket\": \"b\", \"key\": \"k\"}\n", args: []string{"plan", "--job", "-", "--objects", objects},
			code: 1, stderr: "did you mean --objects?"},
		{name: "buckets as tags", args: []string{"plan", "--job", job, "--objects", objects, "--tags", buckets}, code: 2,
			stderr: "buckets.json is `aws macie2 describe-buckets` output, not what --tags reads; did you mean --buckets?"},
		{name: "a job is still a job", args: []string{"validate", job}, stdout: "job.json: valid"},
	})
}

// A flag value of the wrong type is said in the flag's words, not Go's.
func TestFlagValueMessages(t *testing.T) {
	runCases(t, []cliCase{
		{name: "int", args: []string{"plan", "--job", "j.json", "--workers", "x"}, code: 2, stderr: `--workers: "x" is not a whole number`},
		{name: "float", args: []string{"plan", "--job", "j.json", "--price-per-gb", "abc"}, code: 2, stderr: `--price-per-gb: "abc" is not a number`},
		{name: "time", args: []string{"schedule", "--job", "j.json", "--created-at", "yesterday"}, code: 2,
			stderr: `--created-at "yesterday" is not an RFC 3339 time such as 2025-01-10T08:00:00Z`},
	})
	for _, args := range [][]string{{"plan", "--job", "j.json", "--workers", "x"}, {"plan", "--job", "j.json", "--price-per-gb", "abc"}} {
		if _, _, stderr := runCLI(t, "", args...); strings.Contains(stderr, "strconv") || strings.Contains(stderr, "2006-01-02") {
			t.Errorf("%v: %q shows Go's internals", args, stderr)
		}
	}
}

// --bucket names a bucket everywhere; explain's bucket metadata file is
// --bucket-metadata, and its old --bucket still works with a notice.
func TestExplainBucketMetadataFlag(t *testing.T) {
	f := writeFiles(t, map[string]string{
		"job.json":    `{"name": "j", "jobType": "ONE_TIME", "s3JobDefinition": {"bucketDefinitions": [{"accountId": "1", "buckets": ["b"]}]}}`,
		"bucket.json": `{"accountId": "1", "bucketName": "b"}`,
	})
	runCases(t, []cliCase{
		{name: "new", args: []string{"explain", "--job", f["job.json"], "--bucket-metadata", f["bucket.json"]}, stdout: "b"},
		{name: "old", args: []string{"explain", "--job", f["job.json"], "--bucket", f["bucket.json"]}, stdout: "b",
			stderr: "use --bucket-metadata"},
	})
}

// validate --format github writes workflow commands that GitHub Actions
// shows on the lines of a pull request.
func TestValidateGitHubFormat(t *testing.T) {
	f := writeFiles(t, map[string]string{
		"valid.json":    `{"name": "j", "jobType": "ONE_TIME", "s3JobDefinition": {"bucketDefinitions": [{"accountId": "1", "buckets": ["b"]}]}}`,
		"bad,name.json": "{\"name\": \"j\",\n \"jobType\": \"WEEKLY\", \"s3JobDefinition\": {\"bucketDefinitions\": [{\"accountId\": \"1\", \"buckets\": [\"b\"]}]}}",
		"warn.json":     `{"name": "j", "jobType": "ONE_TIME", "initialRun": true, "s3JobDefinition": {"bucketDefinitions": [{"accountId": "1", "buckets": ["b"]}]}}`,
	})
	code, stdout, _ := runCLI(t, "", "validate", "--format", "github", f["valid.json"], f["bad,name.json"], f["warn.json"])
	want := "::error file=" + githubProperty(f["bad,name.json"]) + ",line=2,col=13,title=jobscope invalid_value::jobType: "
	if code != exitInvalid || !strings.Contains(stdout, want) || strings.Contains(stdout, "valid.json") ||
		!strings.Contains(stdout, "::warning file="+githubProperty(f["warn.json"])+",line=1,col=52,title=jobscope one_time_schedule_field_ignored::initialRun: ") {
		t.Errorf("exit %d, stdout:\n%s\nwant a line starting %q and a warning", code, stdout, want)
	}
	if got := githubData("a%b\nc"); got != "a%25b%0Ac" {
		t.Errorf("githubData = %q", got)
	}
	if got := githubProperty("a:b,c"); got != "a%3Ab%2Cc" {
		t.Errorf("githubProperty = %q", got)
	}
}

// The progress line says the files done, the rates and the time left, and
// fits an 80-column terminal whatever the figures.
func TestProgressLine(t *testing.T) {
	const maxInt = int(^uint(0) >> 1)
	for _, tc := range []struct {
		name string
		p    progress
		want []string
	}{
		{"half", progress{512 << 20, 1 << 30, 3, 8, 1_234_567, 4 * time.Second},
			[]string{"[====    ]  50%", "512 MiB / 1.0 GiB", "3/8 files", "128 MiB/s", "309k rows/s", "ETA 4s"}},
		{"done", progress{1 << 30, 1 << 30, 8, 8, 8_000_000, 8 * time.Second},
			[]string{"100%", "8/8 files", "1.0M rows/s"}},
		{"unknown total", progress{7 << 20, -1, 0, 1, 900, 2 * time.Second},
			[]string{"reading: 7.0 MiB", "0/1 files", "3.5 MiB/s", "450 rows/s"}},
		{"zero elapsed", progress{0, 1 << 40, 0, 3, 0, 0}, []string{"]  0%", "0 rows/s"}},
		{"zero elapsed, rows read", progress{5 << 20, -1, 0, 1, 40_000, 0}, []string{"40M rows/s"}},
		{"live listing", progress{0, -1, 0, 1, 12_000, 2 * time.Second}, []string{"listed: 12,000 objects", "0/1 files", "6.0k rows/s"}},
		{"long", progress{999 << 30, 1000 << 30, 9999, 10000, 12_345_678_901, 99 * time.Hour},
			[]string{"9999/10000 files", "35k rows/s", "ETA 5m57s"}},
		{"days left", progress{1 << 30, 1 << 50, 1, 2, 1000, 10 * time.Second}, []string{"ETA 121d08h"}},
		{"huge", progress{math.MaxInt64 - 1, math.MaxInt64, maxInt - 1, maxInt, math.MaxInt64, time.Nanosecond},
			[]string{"100%", "8.0 EiB / 8.0 EiB", "9223E rows/s"}},
		{"huge, unknown total", progress{math.MaxInt64, -1, maxInt, maxInt, math.MaxInt64, time.Millisecond},
			[]string{"reading: 8.0 EiB", "rows/s"}},
	} {
		line := progressLine(tc.p)
		for _, w := range tc.want {
			if !strings.Contains(line, w) {
				t.Errorf("%s: %q lacks %q", tc.name, line, w)
			}
		}
		if n := utf8.RuneCountInString(line); n > 79 {
			t.Errorf("%s: %q is %d columns", tc.name, line, n)
		}
	}
}

// siCount and shortDuration keep their figures short.
func TestShortFigures(t *testing.T) {
	for n, want := range map[float64]string{0: "0", 999.4: "999", 999.5: "1.0k", 1234: "1.2k", 9949: "9.9k", 9950: "10k",
		999_499: "999k", 999_500: "1.0M", 1.5e9: "1.5G", 2e21: "2000E"} {
		if got := siCount(n); got != want {
			t.Errorf("siCount(%v) = %q, want %q", n, got, want)
		}
	}
	for d, want := range map[time.Duration]string{0: "0s", 59 * time.Second: "59s", 61 * time.Second: "1m01s",
		3*time.Hour + 7*time.Minute + 30*time.Second: "3h07m", 50 * time.Hour: "2d02h"} {
		if got := shortDuration(d); got != want {
			t.Errorf("shortDuration(%v) = %q, want %q", d, got, want)
		}
	}
}

// An input that an option would let jobscope read names the flag.
func TestInputOptionFlags(t *testing.T) {
	f := writeFiles(t, map[string]string{
		"job.json": `{"name": "j", "jobType": "ONE_TIME", "s3JobDefinition": {"bucketDefinitions": [{"accountId": "1", "buckets": ["b"]}]}}`,
		"rows.csv": `"a.csv","10"` + "\n",
	})
	runCases(t, []cliCase{
		{name: "no schema", args: []string{"plan", "--job", f["job.json"], "--objects", f["rows.csv"]}, code: 2,
			stderr: "rows.csv: --schema: an S3 Inventory CSV data file has no header line"},
		{name: "no bucket", args: []string{"plan", "--job", f["job.json"], "--objects", f["rows.csv"], "--schema", "Key, Size"}, code: 2,
			stderr: "rows.csv: --bucket: the fileSchema has no Bucket column"},
		{name: "both given", args: []string{"plan", "--job", f["job.json"], "--objects", f["rows.csv"], "--schema", "Key, Size", "--bucket", "b"},
			stdout: "read            1"},
	})
}

// The bar reads the run's rows from RunOptions.Rows, which it sets, and
// erases its line when it stops.
func TestProgressBarRows(t *testing.T) {
	var out bytes.Buffer
	var opts plan.RunOptions
	bar := startProgress(&out, nil, &opts)
	if opts.Rows == nil {
		t.Fatal("startProgress left RunOptions.Rows unset")
	}
	opts.Rows.Add(5_000_000)
	time.Sleep(450 * time.Millisecond)
	bar.stop()
	if s := out.String(); !strings.Contains(s, "M rows/s") || !strings.HasSuffix(s, "\r\033[K") {
		t.Errorf("progress output %q lacks the rows a second, or does not end erased", s)
	}
}
