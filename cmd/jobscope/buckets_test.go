package main

import (
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const describeBucketsJSON = `{"buckets": [
 {"accountId": "111122223333", "bucketName": "tagged", "bucketArn": "arn:aws:s3:::tagged", "classifiableObjectCount": 3,
  "publicAccess": {"effectivePermission": "NOT_PUBLIC", "permissionConfiguration": {"bucketLevelPermissions": {}}},
  "sharedAccess": "NOT_SHARED", "tags": [{"key": "Project", "value": "alpha"}], "sizeInBytes": 10},
 {"accountId": "111122223333", "bucketName": "public", "publicAccess": {"effectivePermission": "PUBLIC"}},
 {"accountId": "111122223333", "bucketName": "plain", "publicAccess": {"effectivePermission": "NOT_PUBLIC"}, "tags": []},
 {"accountId": "111122223333", "bucketName": "beyond-quota", "publicAccess": {"effectivePermission": "NOT_PUBLIC"},
  "errorCode": "BUCKET_COUNT_EXCEEDS_QUOTA", "errorMessage": "…"}
], "nextToken": ""}`

func TestBuckets(t *testing.T) {
	f := writeFiles(t, map[string]string{"job.json": scopeTestJob, "buckets.json": describeBucketsJSON})
	out, _ := runOK(t, "buckets", "--job", f["job.json"], "--buckets", f["buckets.json"])
	wantAll(t, "output", out,
		"the job selects 2 of 4 buckets",
		"not selected  111122223333/tagged: bucket excluded by s3JobDefinition.bucketCriteria.excludes.and[0].tagCriterion",
		"not selected  111122223333/public: bucket not included: s3JobDefinition.bucketCriteria.includes.and[0].simpleCriterion does not hold",
		"selected      111122223333/plain",
		"selected      111122223333/beyond-quota",
	)

	var got struct {
		Selected, Total int
		Buckets         []struct {
			BucketName   string
			Selected     bool
			DecidingPath string
		}
	}
	runJSON(t, &got, "buckets", "--job", f["job.json"], "--buckets", f["buckets.json"], "--format", "json")
	want := got
	want.Selected, want.Total = 2, 4
	want.Buckets = []struct {
		BucketName   string
		Selected     bool
		DecidingPath string
	}{
		{"tagged", false, "s3JobDefinition.bucketCriteria.excludes.and[0].tagCriterion"},
		{"public", false, "s3JobDefinition.bucketCriteria.includes.and[0].simpleCriterion"},
		{"plain", true, ""},
		{"beyond-quota", true, ""},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("json (-want +got):\n%s", diff)
	}
}

func TestBucketsExitCodes(t *testing.T) {
	f := writeFiles(t, map[string]string{"job.json": scopeTestJob, "buckets.json": describeBucketsJSON, "bad.json": `{"buckets": {}}`})
	missing := filepath.Join(t.TempDir(), "missing.json")
	runCases(t, []cliCase{
		{name: "ok", args: []string{"buckets", "--job", f["job.json"], "--buckets", f["buckets.json"]}, code: exitOK},
		{name: "bad buckets", args: []string{"buckets", "--job", f["job.json"], "--buckets", f["bad.json"]}, code: exitInvalid},
		{name: "invalid job", args: []string{"buckets", "--job", f["bad.json"], "--buckets", f["buckets.json"]}, code: exitInvalid},
		{name: "missing buckets", args: []string{"buckets", "--job", f["job.json"], "--buckets", missing}, code: exitUsage},
		{name: "no buckets flag", args: []string{"buckets", "--job", f["job.json"]}, code: exitUsage},
		{name: "bad format", args: []string{"buckets", "--job", f["job.json"], "--buckets", f["buckets.json"], "--format", "yaml"}, code: exitUsage},
	})
}
