package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/inventory"
	"github.com/jobscope/jobscope/plan"
)

// checkWidth reports each line of out, the text named what, wider than
// textWidth columns.
func checkWidth(t *testing.T, what, out string) {
	t.Helper()
	for i, line := range strings.Split(out, "\n") {
		if n := utf8.RuneCountInString(line); n > textWidth {
			t.Errorf("%s, line %d is %d columns: %q", what, i+1, n, line)
		}
	}
}

// bucketName is a bucket name of the longest S3 allows, 63 characters,
// starting with prefix.
func bucketName(prefix string) string {
	return (prefix + strings.Repeat("-0123456789abcdef", 4))[:63]
}

// longNamesFixture writes a weekly job over two accounts whose buckets
// have 63-character names — some with objects, one with a bucket-level
// estimate, one unknown, one denied, one not selected — and 12,000
// objects of 2 GiB.
func longNamesFixture(t *testing.T) map[string]string {
	a, b, c := bucketName("acme-corp-prod-eu-west-1-customer-uploads"), bucketName("acme-corp-prod-eu-west-1-finance-ledger"), bucketName("acme-corp-prod-eu-west-1-app-logs")
	m, u, d := bucketName("acme-corp-prod-eu-west-1-estimated"), bucketName("acme-corp-prod-eu-west-1-unknown"), bucketName("acme-corp-prod-eu-west-1-denied")
	e := bucketName("acme-corp-prod-us-east-2-second-account")
	var objs strings.Builder
	for i := range 3000 {
		for _, bucket := range []string{a, b, c, e} {
			key := fmt.Sprintf("exports/%05d.csv", i)
			if i%3 == 0 {
				key = fmt.Sprintf("tmp/%05d.gz", i)
			}
			fmt.Fprintf(&objs, `{"bucket":%q,"key":%q,"size":2147483648,"lastModified":"2024-12-10T00:00:00Z"}`+"\n", bucket, key)
		}
	}
	return writeFiles(t, map[string]string{
		"job.json": `{"name": "quarterly-confidential-data-scan-of-production-eu-west-1", "jobType": "SCHEDULED",
		  "scheduleFrequency": {"weeklySchedule": {"dayOfWeek": "MONDAY"}},
		  "s3JobDefinition": {"bucketDefinitions": [{"accountId": "111122223333", "buckets": ["` + strings.Join([]string{a, b, m, u, d}, `", "`) + `"]},
		    {"accountId": "444455556666", "buckets": ["` + e + `"]}],
		  "scoping": {"includes": {"and": [{"simpleScopeTerm": {"comparator": "STARTS_WITH", "key": "OBJECT_KEY", "values": ["exports/"]}}]}}}}`,
		"objects.jsonl": objs.String(),
		"buckets.json": `{"buckets": [
		  {"accountId": "111122223333", "bucketName": "` + a + `"}, {"accountId": "111122223333", "bucketName": "` + b + `"},
		  {"accountId": "111122223333", "bucketName": "` + c + `"}, {"accountId": "444455556666", "bucketName": "` + e + `"},
		  {"accountId": "111122223333", "bucketName": "` + m + `", "classifiableObjectCount": 123456789, "classifiableSizeInBytes": 987654321012345,
		   "sizeInBytesCompressed": 53687091200, "lastUpdated": "2024-12-01T06:12:44.317000+00:00"},
		  {"accountId": "111122223333", "bucketName": "` + d + `", "errorCode": "ACCESS_DENIED"}]}`,
	})
}

// The text summary fits 80 columns: the demo's, one of buckets with the
// longest names S3 allows, and one of figures far beyond any real run.
func TestPlanTextWidth(t *testing.T) {
	golden, err := os.ReadFile("cmd/jobscope/testdata/plan-demo.golden")
	if err != nil {
		t.Fatal(err)
	}
	checkWidth(t, "plan-demo.golden", string(golden))

	f := longNamesFixture(t)
	args := []string{"plan", "--progress", "never", "--job", f["job.json"], "--buckets", f["buckets.json"], "--objects", f["objects.jsonl"],
		"--created-at", "2024-12-02T09:00:00Z", "--run", "3", "--billed-this-month", "2TB", "--monthly-quota", "1TB"}
	out := runQuiet(t, args...)
	checkWidth(t, "long bucket names", out)
	// Every part of the summary is there: a long name has a line of its
	// own, its figures and its notes under it.
	wantAll(t, "long bucket names", out,
		"SCHEDULED job, run 3 (starts 2024-12-16T00:00:00Z):\n  objects changed since run 2 started, 2024-12-09T00:00:00Z\n",
		"\n  "+bucketName("acme-corp-prod-eu-west-1-customer-uploads")+"\n          yes       3,000    2,000    1,000        3.9 TiB\n    top skip reason: NOT_INCLUDED (1,000)\n",
		"\n  "+bucketName("acme-corp-prod-eu-west-1-app-logs")+"\n          no        3,000        0    3,000            0 B\n    top skip reason: BUCKET_NOT_SELECTED (3,000)\n",
		"\n  "+bucketName("acme-corp-prod-eu-west-1-estimated")+"\n          111122223333  123,456,789  898 TiB      50 GiB    898 TiB\n    bucket-level estimate as of 2024-12-01T06:12:44.317000+00:00\n",
		"\n  "+bucketName("acme-corp-prod-eu-west-1-unknown")+"\n          111122223333\n    UNKNOWN: no describe-buckets metadata for it\n",
		"\n  "+bucketName("acme-corp-prod-eu-west-1-denied")+"\n    111122223333  0 objects  0 B\n",
		// A last cell that would pass the width is a note under its row.
		"free allowance                907 GiB        $0.00\n    1.0 GiB a month, 908 months\n",
	)

	s := summaryOf(t, f)
	// Figures of twelve digits, a trillion objects and more than any
	// bucket holds, and every note the summary has.
	huge := plan.Counts{Objects: 999_999_999_999, Bytes: 1 << 62}
	s.Read, s.Scanned, s.Skipped, s.Rejected = huge, huge, huge, huge.Objects
	for i := range s.Buckets {
		s.Buckets[i].Read, s.Buckets[i].Scanned, s.Buckets[i].Skipped = huge, huge, huge
		s.Buckets[i].Reasons[0].Objects = huge.Objects
	}
	for i := range s.Reasons {
		s.Reasons[i].Counts = huge
	}
	s.Selection.Missing[0].Estimate.Objects = huge.Objects
	s.Selection.AccessDenied[0].Counts = huge
	s.Total.Objects, s.EstimatedCost, s.LowerBoundCost = huge.Objects, 1e15, 1e15
	s.Cost.Months, s.Quota.Months = huge.Objects, huge.Objects
	for i := range s.Cost.Tiers {
		s.Cost.Tiers[i].USD = 1e15
	}
	s.Partial = true
	s.Assumed = append(s.Assumed, strings.Repeat("an assumption the inputs make necessary, ", 4))
	s.FileErrors = []string{"a", "b"}
	var buf bytes.Buffer
	j := &jobscope.Job{Name: "quarterly-confidential-data-scan", JobType: jobscope.Scheduled}
	printPlanSummary(&buf, j, []*inventory.Source{{Format: inventory.FormatJSONL}}, &s, colors{})
	checkWidth(t, "huge figures", buf.String())
	wantAll(t, "huge figures", buf.String(), "999,999,999,999", "PARTIAL", "2 data files could not be read")
}

// The other commands' own layouts fit 80 columns too; only a line that
// quotes a condition of the job, by its path and values, may pass it.
func TestTextWidthOtherCommands(t *testing.T) {
	f := writeFiles(t, map[string]string{
		"bucket.json": `{"accountId": "111122223333", "bucketName": "acme-analytics-data", "tags": [{"key": "environment", "value": "prod"}]}`,
		"object.json": `{"bucket": "acme-analytics-data", "key": "exports/2024/12/customers.csv", "size": 10, "lastModified": "2024-01-01T00:00:00Z"}`,
	})
	for _, args := range [][]string{
		{"explain", "--job", "examples/demo/job.json", "--bucket-metadata", f["bucket.json"]},
		{"explain", "--job", "examples/demo/job.json", "--object", f["object.json"]},
		{"schedule", "--job", "examples/demo/job.json", "--created-at", "2024-12-02T09:00:00Z"},
		{"schedule", "--job", "examples/monthly-on-31st.json", "--created-at", "2024-12-02T09:00:00Z"},
		{"buckets", "--job", "examples/demo/job.json", "--buckets", "examples/demo/buckets.json"},
		{"validate", "examples/demo/job.json"},
	} {
		_, out, _ := runCLI(t, "", args...)
		if out == "" {
			t.Fatalf("jobscope %s wrote nothing", strings.Join(args, " "))
		}
		for _, line := range strings.Split(out, "\n") {
			if n := utf8.RuneCountInString(line); n > textWidth && !strings.Contains(line, "s3JobDefinition.") {
				t.Errorf("jobscope %s: a line of %d columns: %q", strings.Join(args, " "), n, line)
			}
		}
	}
}

// summaryOf is the dry run that args of TestPlanTextWidth ask for, run with
// the library, for a summary to alter.
func summaryOf(t *testing.T, f map[string]string) plan.Summary {
	t.Helper()
	j, err := loadScopeJob(nil, f["job.json"], jobscope.Options{}, jobscope.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(f["buckets.json"])
	if err != nil {
		t.Fatal(err)
	}
	popts := plan.Options{CreatedAt: time.Date(2024, 12, 2, 9, 0, 0, 0, time.UTC), Run: 3, BilledThisMonth: 2 << 40, MonthlyQuota: 1 << 40}
	if popts.Buckets, err = inventory.ReadBuckets(context.Background(), bytes.NewReader(data), "buckets.json"); err != nil {
		t.Fatal(err)
	}
	if popts.BucketSizes, err = plan.ReadBucketSizes(bytes.NewReader(data), "buckets.json"); err != nil {
		t.Fatal(err)
	}
	dry, err := plan.New(j, popts)
	if err != nil {
		t.Fatal(err)
	}
	src, err := inventory.Open(context.Background(), f["objects.jsonl"], inventory.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s, err := dry.Run(context.Background(), []*inventory.Source{src}, plan.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return *s
}
