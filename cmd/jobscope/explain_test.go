package main

import (
	"bytes"
	"encoding/json"
	"os"
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

// scopeFiles writes name → content into a temporary directory and returns
// the paths by name.
func scopeFiles(t *testing.T, files map[string]string) map[string]string {
	t.Helper()
	dir := t.TempDir()
	paths := map[string]string{}
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		paths[name] = p
	}
	return paths
}

func runScopeCLI(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func TestExplainObjectExcluded(t *testing.T) {
	f := scopeFiles(t, map[string]string{
		"job.json":    scopeTestJob,
		"object.json": `{"bucket": "b", "key": "logs/a.csv", "size": 10, "lastModified": "2024-01-01T00:00:00Z", "storageClass": "STANDARD", "encryptionStatus": "SSE-C", "tags": {"env": "test"}}`,
	})
	code, out, errs := runScopeCLI("explain", "--job", f["job.json"], "--object", f["object.json"])
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{
		"object b/logs/a.csv: NOT IN SCOPE",
		"object excluded by s3JobDefinition.scoping.excludes.and[0].tagScopeTerm",
		`holds    s3JobDefinition.scoping.excludes.and[0].tagScopeTerm: TAG EQ ["env=test"]; actual ["env=test"]  <- deciding`,
		`holds    s3JobDefinition.scoping.includes.and[1].simpleScopeTerm: OBJECT_EXTENSION EQ ["csv", "json"]; actual ["csv"]`,
		"eligibility: Macie cannot analyze this object (ENCRYPTION)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}

	code, out, _ = runScopeCLI("explain", "--job", f["job.json"], "--object", f["object.json"], "--format", "json")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	var got struct {
		InScope     bool
		Reason      string
		Explanation struct{ DecidingPath string }
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	want := got
	want.InScope, want.Reason, want.Explanation.DecidingPath = false, "ENCRYPTION", "s3JobDefinition.scoping.excludes.and[0].tagScopeTerm"
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("json (-want +got):\n%s", diff)
	}
}

func TestExplainObjectVersionsAndOptions(t *testing.T) {
	f := scopeFiles(t, map[string]string{
		"job.json": scopeTestJob,
		"versions.json": `[{"bucket": "b", "key": "logs/a.CSV", "versionId": "v1", "isLatest": false, "size": 1, "lastModified": "2024-01-01T00:00:00Z", "tags": {}},
		                    {"bucket": "b", "key": "logs/a.CSV", "versionId": "v2", "isLatest": true, "isDeleteMarker": true, "lastModified": "2024-02-01T00:00:00Z", "tags": {}}]`,
		"object.json": `{"bucket": "b", "key": "logs/a.tar.json", "size": 1, "lastModified": "2024-01-01T00:00:00Z", "storageClass": "STANDARD", "encryptionStatus": "SSE-S3", "tags": {}}`,
	})
	code, out, _ := runScopeCLI("explain", "--job", f["job.json"], "--object", f["versions.json"])
	if code != exitOK || !strings.Contains(out, "delete marker") {
		t.Errorf("exit %d, output:\n%s", code, out)
	}
	code, out, _ = runScopeCLI("explain", "--job", f["job.json"], "--object", f["object.json"])
	if code != exitOK || !strings.Contains(out, "IN SCOPE") || strings.Contains(out, "NOT IN SCOPE") {
		t.Errorf("exit %d, output:\n%s", code, out)
	}
	code, out, _ = runScopeCLI("explain", "--job", f["job.json"], "--object", f["object.json"], "--option", "extensionRule=FIRST_DOT")
	if code != exitOK || !strings.Contains(out, "NOT IN SCOPE") || !strings.Contains(out, `actual ["tar.json"]`) {
		t.Errorf("exit %d, output:\n%s", code, out)
	}
}

func TestExplainBucket(t *testing.T) {
	f := scopeFiles(t, map[string]string{
		"job.json":    scopeTestJob,
		"bucket.json": `{"accountId": "111122223333", "bucketName": "a", "bucketArn": "arn:aws:s3:::a", "publicAccess": {"effectivePermission": "PUBLIC", "permissionConfiguration": {}}, "objectCount": 3}`,
		"static.json": `{"name": "j", "jobType": "ONE_TIME", "s3JobDefinition": {"bucketDefinitions": [{"accountId": "111122223333", "buckets": ["x", "a"]}]}}`,
	})
	code, out, errs := runScopeCLI("explain", "--job", f["job.json"], "--bucket", f["bucket.json"])
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{
		"bucket 111122223333/a: NOT SELECTED",
		`fails    s3JobDefinition.bucketCriteria.includes.and[0].simpleCriterion: S3_BUCKET_EFFECTIVE_PERMISSION EQ ["NOT_PUBLIC"]; actual ["PUBLIC"]  <- deciding`,
		`fails    s3JobDefinition.bucketCriteria.excludes.and[0].tagCriterion: TAG EQ ["Project=*"]; actual (none) (the bucket has no tags)`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	code, out, _ = runScopeCLI("explain", "--job", f["static.json"], "--bucket", f["bucket.json"])
	if code != exitOK || !strings.Contains(out, "SELECTED") || !strings.Contains(out, "s3JobDefinition.bucketDefinitions[0].buckets[1]") {
		t.Errorf("exit %d, output:\n%s", code, out)
	}
}

func TestExplainExitCodes(t *testing.T) {
	f := scopeFiles(t, map[string]string{
		"job.json":     scopeTestJob,
		"invalid.json": `{"name": "j", "jobType": "ONE_TIME", "s3JobDefinition": {"scoping": {"includes": {"and": [{"simpleScopeTerm": {"key": "OBJECT_SIZE", "comparator": "STARTS_WITH", "values": ["1"]}}]}}, "bucketDefinitions": [{"accountId": "1", "buckets": ["b"]}]}}`,
		"object.json":  `{"bucket": "b", "key": "k", "size": 1, "lastModified": "2024-01-01T00:00:00Z"}`,
		"bad.json":     `{"bucket": "b", "key": "k", "size": 1, "lastModified": "2024-01-01T00:00:00Z", "colour": "red"}`,
	})
	missing := filepath.Join(t.TempDir(), "missing.json")
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"ok", []string{"--job", f["job.json"], "--object", f["object.json"]}, exitOK},
		{"invalid job", []string{"--job", f["invalid.json"], "--object", f["object.json"]}, exitInvalid},
		{"invalid object", []string{"--job", f["job.json"], "--object", f["bad.json"]}, exitInvalid},
		{"missing job", []string{"--job", missing, "--object", f["object.json"]}, exitUsage},
		{"missing object", []string{"--job", f["job.json"], "--object", missing}, exitUsage},
		{"no job", []string{"--object", f["object.json"]}, exitUsage},
		{"both", []string{"--job", f["job.json"], "--object", f["object.json"], "--bucket", f["object.json"]}, exitUsage},
		{"neither", []string{"--job", f["job.json"]}, exitUsage},
		{"bad format", []string{"--job", f["job.json"], "--object", f["object.json"], "--format", "xml"}, exitUsage},
		{"bad option", []string{"--job", f["job.json"], "--object", f["object.json"], "--option", "extensionRule=MIDDLE"}, exitUsage},
		{"extra argument", []string{"--job", f["job.json"], "--object", f["object.json"], "extra"}, exitUsage},
	}
	for _, tt := range tests {
		code, out, errs := runScopeCLI(append([]string{"explain"}, tt.args...)...)
		if code != tt.want {
			t.Errorf("%s: exit %d, want %d\nstdout: %s\nstderr: %s", tt.name, code, tt.want, out, errs)
		}
	}
}
