package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/dustin/go-humanize"
)

// A manifest of 100,000 data files none of which exists: stderr lists the
// first ten and how many more there are; --format json lists them all.
func TestPlanFileErrorsCapped(t *testing.T) {
	missing := 100_000
	if raceEnabled || testing.Short() {
		missing = 1_000
	}
	var files []string
	for i := range missing {
		files = append(files, fmt.Sprintf(`{"key": "src/cfg/data/%06d.csv.gz", "size": 100, "MD5checksum": "6b0972654dff51680feceabbe2922950"}`, i))
	}
	const report = "inv/src/cfg/2024-12-01T01-00Z/manifest.json"
	f := writeFiles(t, map[string]string{"job.json": interruptJob, report: `{"sourceBucket": "src", "destinationBucket": "arn:aws:s3:::inv", "version": "2016-11-30",
	  "creationTimestamp": "1733014800000", "fileFormat": "CSV", "fileSchema": "Bucket, Key, Size, LastModifiedDate",
	  "files": [` + strings.Join(files, ",") + `]}`})
	job, manifest := f["job.json"], f[report]
	for _, format := range []string{"summary", "jsonl", "json"} {
		t.Run(format, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, "", "plan", "--job", job, "--objects", manifest, "--format", format, "--progress", "never")
			if code != exitInvalid {
				t.Errorf("exit %d, want %d", code, exitInvalid)
			}
			lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
			if len(lines) > 12 {
				t.Errorf("%d lines on stderr, want at most 12; the first:\n%s", len(lines), strings.Join(lines[:20], "\n"))
			}
			wantMore := fmt.Sprintf("jobscope plan: … and %s more data files that could not be read", humanize.Comma(int64(missing-10)))
			if format != "json" {
				wantMore += " (--format json lists them all)"
			}
			if !strings.Contains(stderr, wantMore+"\n") {
				t.Errorf("stderr lacks %q:\n%s", wantMore, stderr)
			}
			if i := strings.Index(stderr, "jobscope plan: "); i < 0 || !strings.HasPrefix(stderr[i:], "jobscope plan: ") || !strings.Contains(strings.SplitN(stderr[i:], "\n", 2)[0], "000000.csv.gz") {
				t.Errorf("the first error is not of the first file:\n%s", stderr)
			}
			if format != "json" {
				return
			}
			s := decodePlan(t, stdout)
			if len(s.FileErrors) != missing || s.DataFiles != missing {
				t.Errorf("JSON lists %d file errors of %d files, want %d", len(s.FileErrors), s.DataFiles, missing)
			}
		})
	}
}

// A job with thousands of problems: validate's text lists the first ten
// and how many more there are, its JSON lists them all, and the commands
// that load a job print no more on stderr.
func TestJobProblemsCapped(t *testing.T) {
	var values []string
	for i := range 3000 {
		values = append(values, fmt.Sprintf(`"x%d"`, i))
	}
	job := writeJob(t, `{"name": "j", "jobType": "ONE_TIME", "s3JobDefinition": {"bucketDefinitions": [{"accountId": "111122223333", "buckets": ["b"]}],
	  "scoping": {"includes": {"and": [{"simpleScopeTerm": {"comparator": "EQ", "key": "OBJECT_SIZE", "values": [`+strings.Join(values, ",")+`]}}]}}}}`)
	code, stdout, _ := runCLI(t, "", "validate", job)
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	if code != exitInvalid || len(lines) != 11 || lines[10] != job+": … and 2,991 more problems (--format json lists them all)" {
		t.Errorf("exit %d, %d lines, the last: %q", code, len(lines), lines[len(lines)-1])
	}
	code, stdout, _ = runCLI(t, "", "validate", "--format", "json", job)
	var res struct {
		Jobs []struct{ Errors []json.RawMessage }
	}
	if err := json.Unmarshal([]byte(stdout), &res); err != nil || code != exitInvalid || len(res.Jobs) != 1 || len(res.Jobs[0].Errors) != 3001 {
		t.Errorf("exit %d, %v, JSON of %d results", code, err, len(res.Jobs))
	}
	code, _, stderr := runCLI(t, "", "explain", "--job", job, "--object", job)
	lines = strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
	if code != exitInvalid || len(lines) != 11 || lines[10] != "jobscope explain: … and 2,991 more problems (jobscope validate --format json lists them all)" {
		t.Errorf("explain: exit %d, %d lines on stderr, the last: %q", code, len(lines), lines[len(lines)-1])
	}
}
