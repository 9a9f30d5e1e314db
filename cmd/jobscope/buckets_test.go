package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
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
	f := scopeFiles(t, map[string]string{"job.json": scopeTestJob, "buckets.json": describeBucketsJSON})
	code, out, errs := runScopeCLI("buckets", "--job", f["job.json"], "--buckets", f["buckets.json"])
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{
		"the job selects 2 of 4 buckets",
		"not selected  111122223333/tagged: bucket excluded by s3JobDefinition.bucketCriteria.excludes.and[0].tagCriterion",
		"not selected  111122223333/public: bucket not included: s3JobDefinition.bucketCriteria.includes.and[0].simpleCriterion does not hold",
		"selected      111122223333/plain",
		"selected      111122223333/beyond-quota",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}

	code, out, _ = runScopeCLI("buckets", "--job", f["job.json"], "--buckets", f["buckets.json"], "--format", "json")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	var got struct {
		Selected, Total int
		Buckets         []struct {
			BucketName   string
			Selected     bool
			DecidingPath string
		}
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
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
	f := scopeFiles(t, map[string]string{"job.json": scopeTestJob, "buckets.json": describeBucketsJSON, "bad.json": `{"buckets": {}}`})
	missing := filepath.Join(t.TempDir(), "missing.json")
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"ok", []string{"--job", f["job.json"], "--buckets", f["buckets.json"]}, exitOK},
		{"bad buckets", []string{"--job", f["job.json"], "--buckets", f["bad.json"]}, exitInvalid},
		{"invalid job", []string{"--job", f["bad.json"], "--buckets", f["buckets.json"]}, exitInvalid},
		{"missing buckets", []string{"--job", f["job.json"], "--buckets", missing}, exitUsage},
		{"no buckets flag", []string{"--job", f["job.json"]}, exitUsage},
		{"bad format", []string{"--job", f["job.json"], "--buckets", f["buckets.json"], "--format", "yaml"}, exitUsage},
	}
	for _, tt := range tests {
		code, out, errs := runScopeCLI(append([]string{"buckets"}, tt.args...)...)
		if code != tt.want {
			t.Errorf("%s: exit %d, want %d\nstdout: %s\nstderr: %s", tt.name, code, tt.want, out, errs)
		}
	}
}
