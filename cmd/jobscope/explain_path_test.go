package main

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/criteria"
	"github.com/jobscope/jobscope/internal/synth"
	"github.com/jobscope/jobscope/inventory"
	"github.com/jobscope/jobscope/plan"
)

// pathJob is a SCHEDULED job that exercises every stage: bucket criteria,
// scoping, a daily window without initialRun, and sampling.
const pathJob = `{"name": "path", "jobType": "SCHEDULED", "initialRun": false, "samplingPercentage": 40,
 "createdAt": "2024-03-01T00:00:00Z", "scheduleFrequency": {"dailySchedule": {}},
 "s3JobDefinition": {
  "bucketCriteria": {"includes": {"and": [{"simpleCriterion": {"key": "S3_BUCKET_EFFECTIVE_PERMISSION", "comparator": "EQ", "values": ["NOT_PUBLIC"]}}]}},
  "scoping": {"excludes": {"and": [{"simpleScopeTerm": {"key": "OBJECT_EXTENSION", "comparator": "EQ", "values": ["log"]}}]}}}}`

const pathBuckets = `{"buckets": [
 {"accountId": "111122223333", "bucketName": "private", "publicAccess": {"effectivePermission": "NOT_PUBLIC"}},
 {"accountId": "111122223333", "bucketName": "public", "publicAccess": {"effectivePermission": "PUBLIC"}},
 {"accountId": "111122223333", "bucketName": "denied", "errorCode": "ACCESS_DENIED", "publicAccess": {"effectivePermission": "NOT_PUBLIC"}}]}`

// TestExplainPathAgreesWithPlan: for thousands of objects, runs and seeds,
// explain's stage path is consistent with the dry run's decision: the
// first stage that skips is the deciding stage with the decision's reason
// and path, the stages before it pass (or are unknown), and an object no
// stage skips is scanned.
func TestExplainPathAgreesWithPlan(t *testing.T) {
	f := writeFiles(t, map[string]string{"job.json": pathJob, "buckets.json": pathBuckets})
	j, err := loadScopeJob(nil, f["job.json"], jobscope.Options{}, jobscope.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	buckets, err := readInput(nil, f["buckets.json"], func(r io.Reader, name string) ([]criteria.BucketMetadata, error) {
		return inventory.ReadBuckets(context.Background(), r, name)
	})
	if err != nil {
		t.Fatal(err)
	}
	bucketNames := []string{"private", "public", "denied", "absent"}
	base := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	counts := map[string]int{}
	n := 0
	for o := range synth.Objects("private", 4000, 7, false) {
		o.Bucket = bucketNames[n%len(bucketNames)]
		o.Noncurrent = n%23 == 0
		o.IsDeleteMarker = n%29 == 0
		o.LastModified = base.Add(time.Duration(n%(24*9)) * time.Hour)
		for _, withBuckets := range []bool{true, false} {
			popts := plan.Options{Run: 1 + n%6, Seed: uint64(n % 3)}
			var b []criteria.BucketMetadata
			if withBuckets {
				b = buckets
			}
			r, err := explainObject(j, jobscope.Options{}, popts, &o, b)
			if err != nil {
				t.Fatal(err)
			}
			first := -1
			for i, s := range r.Stages {
				if s.Result == "skip" && first < 0 {
					first = i
				}
				if s.Reached != (first < 0 || i <= first) {
					t.Fatalf("%s/%s: stage %s reached %v, first skip %d", o.Bucket, o.Key, s.Stage, s.Reached, first)
				}
			}
			if first < 0 {
				if r.Decision != "scan" {
					t.Fatalf("%s/%s: no stage skips, decision %s %s", o.Bucket, o.Key, r.Decision, r.Reason)
				}
				counts["scan"]++
				continue
			}
			s := r.Stages[first]
			if r.Decision != "skip" || r.Stage != s.Stage || r.Reason != s.Reason || r.Path != s.Path {
				t.Fatalf("%s/%s run %d: decision %s %s %s %q, first skipping stage %s %s %q",
					o.Bucket, o.Key, popts.Run, r.Decision, r.Stage, r.Reason, r.Path, s.Stage, s.Reason, s.Path)
			}
			counts[string(r.Reason)]++
		}
		n++
	}
	// Every reason the job can give is exercised.
	for _, want := range []string{"scan", "BUCKET_NOT_SELECTED", "BUCKET_NOT_IN_INVENTORY", "BUCKET_ACCESS_DENIED",
		"NONCURRENT_VERSION", "DELETE_MARKER", "EXCLUDED", "FILE_TYPE", "UNCHANGED", "AFTER_RUN_START", "NOT_SAMPLED"} {
		if counts[want] == 0 {
			t.Errorf("no object decided %s: %v", want, counts)
		}
	}
}

// TestExplainRun: --run, --created-at and --buckets reach the dry run, and
// flags that belong to --object are refused with --bucket-metadata.
func TestExplainRun(t *testing.T) {
	f := writeFiles(t, map[string]string{
		"job.json":     pathJob,
		"buckets.json": pathBuckets,
		"object.json":  `{"bucket": "private", "key": "data/a.csv", "size": 10, "lastModified": "2024-03-03T05:00:00Z", "storageClass": "STANDARD", "encryptionStatus": "SSE-S3"}`,
		"bucket.json":  `{"accountId": "111122223333", "bucketName": "private", "publicAccess": {"effectivePermission": "NOT_PUBLIC"}}`,
	})
	args := []string{"explain", "--job", f["job.json"], "--object", f["object.json"], "--buckets", f["buckets.json"]}
	for _, tt := range []struct {
		run  string
		want string
	}{
		{"1", "SKIP at the increment stage (AFTER_RUN_START)"},
		{"3", "SKIP at the increment stage (AFTER_RUN_START)"},
		{"4", "run 4, starting 2024-03-04T00:00:00Z, objects modified after 2024-03-03T00:00:00Z"},
		{"5", "SKIP at the increment stage (UNCHANGED)"},
	} {
		out := runQuiet(t, append(args, "--run", tt.run)...)
		if fields := strings.Join(strings.Fields(out), " "); !strings.Contains(fields, tt.want) || !strings.Contains(out, "\n  bucket       pass    bucket matches") {
			t.Errorf("--run %s: want %q:\n%s", tt.run, tt.want, out)
		}
	}
	runCases(t, []cliCase{
		{name: "run with bucket metadata", args: []string{"explain", "--job", f["job.json"], "--bucket-metadata", f["bucket.json"], "--run", "2"},
			code: exitUsage, stderr: "--run goes with --object, not --bucket-metadata"},
		{name: "run and at", args: append(args, "--run", "2", "--at", "2024-03-05T00:00:00Z"), code: exitUsage, stderr: "give --run or --at, not both"},
		{name: "bad at", args: append(args, "--at", "tomorrow"), code: exitUsage, stderr: `--at "tomorrow" is not an RFC 3339 time`},
	})
}
