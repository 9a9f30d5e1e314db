package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const scopeTestJob = `{"name": "j", "jobType": "ONE_TIME", "clientToken": "t", "s3JobDefinition": {
 "bucketCriteria": {
  "includes": {"and": [{"simpleCriterion": {"key": "S3_BUCKET_EFFECTIVE_PERMISSION", "comparator": "EQ", "values": ["NOT_PUBLIC"]}}]},
  "excludes": {"and": [{"tagCriterion": {"comparator": "EQ", "tagValues": [{"key": "Project", "value": ""}]}}]}},
 "scoping": {
  "includes": {"and": [
   {"simpleScopeTerm": {"key": "OBJECT_KEY", "comparator": "STARTS_WITH", "values": ["logs/"]}},
   {"simpleScopeTerm": {"key": "OBJECT_EXTENSION", "comparator": "EQ", "values": ["csv", "json"]}}]},
  "excludes": {"and": [{"tagScopeTerm": {"key": "TAG", "target": "S3_OBJECT", "comparator": "EQ", "tagValues": [{"key": "env", "value": "test"}]}}]}}}}`

func TestExplainObjectExcluded(t *testing.T) {
	f := writeFiles(t, map[string]string{
		"job.json":    scopeTestJob,
		"object.json": `{"bucket": "b", "key": "logs/a.csv", "size": 10, "lastModified": "2024-01-01T00:00:00Z", "storageClass": "STANDARD", "encryptionStatus": "SSE-C", "tags": {"env": "test"}}`,
	})
	out, _ := runOK(t, "explain", "--job", f["job.json"], "--object", f["object.json"])
	wantFields(t, "output", out,
		"object b/logs/a.csv: SKIP at the scope stage (EXCLUDED)",
		"assumed: the bucket criteria select bucket b: give --buckets (describe-buckets output) to check them",
		"  bucket       unknown the bucket criteria need the bucket's metadata (--buckets): assumed to select it\n",
		"  scope        SKIP    object excluded by s3JobDefinition.scoping.excludes.and[0].tagScopeTerm [EXCLUDED s3JobDefinition.scoping.excludes.and[0].tagScopeTerm]\n",
		`holds    s3JobDefinition.scoping.excludes.and[0].tagScopeTerm: TAG EQ ["env=test"]; actual ["env=test"]  <- deciding`,
		`holds    s3JobDefinition.scoping.includes.and[1].simpleScopeTerm: OBJECT_EXTENSION EQ ["csv", "json"]; actual ["csv"]`,
		"  eligibility  SKIP    Macie cannot analyze the object: it is encrypted with a key Macie cannot use [ENCRYPTION] (not reached)\n",
	)

	var got explainReport
	runJSON(t, &got, "explain", "--job", f["job.json"], "--object", f["object.json"], "--format", "json")
	o := got.Object
	if got.Kind != "object" || o == nil || o.Decision != "skip" || o.Stage != "scope" || o.Reason != "EXCLUDED" ||
		o.Path != "s3JobDefinition.scoping.excludes.and[0].tagScopeTerm" || len(o.Stages) != 6 {
		t.Fatalf("json: %+v", got)
	}
	var results []string
	for _, st := range o.Stages {
		results = append(results, fmt.Sprintf("%s %s %v %s", st.Stage, st.Result, st.Reached, st.Reason))
	}
	want := []string{"bucket unknown true ", "version pass true ", "scope skip true EXCLUDED", "eligibility skip false ENCRYPTION",
		"increment notApplicable false ", "sample notApplicable false "}
	if diff := cmp.Diff(want, results); diff != "" {
		t.Errorf("stages (-want +got):\n%s", diff)
	}
}

func TestExplainObjectVersionsAndOptions(t *testing.T) {
	f := writeFiles(t, map[string]string{
		"job.json": scopeTestJob,
		"versions.json": `[{"bucket": "b", "key": "logs/a.CSV", "versionId": "v1", "isLatest": false, "size": 1, "lastModified": "2024-01-01T00:00:00Z", "tags": {}},
		                    {"bucket": "b", "key": "logs/a.CSV", "versionId": "v2", "isLatest": true, "isDeleteMarker": true, "lastModified": "2024-02-01T00:00:00Z", "tags": {}}]`,
		"object.json": `{"bucket": "b", "key": "logs/a.tar.json", "size": 1, "lastModified": "2024-01-01T00:00:00Z", "storageClass": "STANDARD", "encryptionStatus": "SSE-S3", "tags": {}}`,
	})
	code, out, _ := runCLI(t, "", "explain", "--job", f["job.json"], "--object", f["versions.json"])
	if code != exitOK || !strings.Contains(out, "object b/logs/a.CSV (version v2): SKIP at the version stage (DELETE_MARKER)") {
		t.Errorf("exit %d, output:\n%s", code, out)
	}
	code, out, _ = runCLI(t, "", "explain", "--job", f["job.json"], "--object", f["object.json"])
	if code != exitOK || !strings.Contains(out, "object b/logs/a.tar.json: SCAN") {
		t.Errorf("exit %d, output:\n%s", code, out)
	}
	code, out, _ = runCLI(t, "", "explain", "--job", f["job.json"], "--object", f["object.json"], "--option", "extensionRule=FIRST_DOT")
	if code != exitOK || !strings.Contains(out, "SKIP at the scope stage (NOT_INCLUDED)") || !strings.Contains(out, `actual ["tar.json"]`) {
		t.Errorf("exit %d, output:\n%s", code, out)
	}
}

func TestExplainBucket(t *testing.T) {
	f := writeFiles(t, map[string]string{
		"job.json":    scopeTestJob,
		"bucket.json": `{"accountId": "111122223333", "bucketName": "a", "bucketArn": "arn:aws:s3:::a", "publicAccess": {"effectivePermission": "PUBLIC", "permissionConfiguration": {}}, "objectCount": 3}`,
		"static.json": `{"name": "j", "jobType": "ONE_TIME", "s3JobDefinition": {"bucketDefinitions": [{"accountId": "111122223333", "buckets": ["x", "a"]}]}}`,
	})
	out, _ := runOK(t, "explain", "--job", f["job.json"], "--bucket-metadata", f["bucket.json"])
	wantAll(t, "output", out,
		"bucket 111122223333/a: NOT SELECTED",
		`fails    s3JobDefinition.bucketCriteria.includes.and[0].simpleCriterion: S3_BUCKET_EFFECTIVE_PERMISSION EQ ["NOT_PUBLIC"]; actual ["PUBLIC"]  <- deciding`,
		`fails    s3JobDefinition.bucketCriteria.excludes.and[0].tagCriterion: TAG EQ ["Project=*"]; actual (none) (the bucket has no tags)`,
	)
	code, out, _ := runCLI(t, "", "explain", "--job", f["static.json"], "--bucket-metadata", f["bucket.json"])
	if code != exitOK || !strings.Contains(out, "SELECTED") || !strings.Contains(out, "s3JobDefinition.bucketDefinitions[0].buckets[1]") {
		t.Errorf("exit %d, output:\n%s", code, out)
	}
}

func TestExplainExitCodes(t *testing.T) {
	f := writeFiles(t, map[string]string{
		"job.json":     scopeTestJob,
		"invalid.json": `{"name": "j", "jobType": "ONE_TIME", "s3JobDefinition": {"scoping": {"includes": {"and": [{"simpleScopeTerm": {"key": "OBJECT_SIZE", "comparator": "STARTS_WITH", "values": ["1"]}}]}}, "bucketDefinitions": [{"accountId": "1", "buckets": ["b"]}]}}`,
		"object.json":  `{"bucket": "b", "key": "k", "size": 1, "lastModified": "2024-01-01T00:00:00Z"}`,
		"bad.json":     `{"bucket": "b", "key": "k", "size": 1, "lastModified": "2024-01-01T00:00:00Z", "colour": "red"}`,
	})
	missing := filepath.Join(t.TempDir(), "missing.json")
	runCases(t, []cliCase{
		{name: "ok", args: []string{"explain", "--job", f["job.json"], "--object", f["object.json"]}, code: exitOK},
		{name: "invalid job", args: []string{"explain", "--job", f["invalid.json"], "--object", f["object.json"]}, code: exitInvalid},
		{name: "invalid object", args: []string{"explain", "--job", f["job.json"], "--object", f["bad.json"]}, code: exitInvalid},
		{name: "missing job", args: []string{"explain", "--job", missing, "--object", f["object.json"]}, code: exitUsage},
		{name: "missing object", args: []string{"explain", "--job", f["job.json"], "--object", missing}, code: exitUsage},
		{name: "no job", args: []string{"explain", "--object", f["object.json"]}, code: exitUsage},
		{name: "both", args: []string{"explain", "--job", f["job.json"], "--object", f["object.json"], "--bucket-metadata", f["object.json"]}, code: exitUsage},
		{name: "neither", args: []string{"explain", "--job", f["job.json"]}, code: exitUsage},
		{name: "bad format", args: []string{"explain", "--job", f["job.json"], "--object", f["object.json"], "--format", "xml"}, code: exitUsage},
		{name: "bad option", args: []string{"explain", "--job", f["job.json"], "--object", f["object.json"], "--option", "extensionRule=MIDDLE"}, code: exitUsage},
		{name: "extra argument", args: []string{"explain", "--job", f["job.json"], "--object", f["object.json"], "extra"}, code: exitUsage},
	})
}
