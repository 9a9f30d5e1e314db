package main

import (
	"os"
	"strings"
	"testing"
)

// TestSchemaCommand: jobscope schema prints the committed schema file
// (jsonschema's tests keep that file current).
func TestSchemaCommand(t *testing.T) {
	code, out, stderr := runCLI(t, "", "schema")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	want, err := os.ReadFile("schema/create-classification-job.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	if out != string(want) {
		t.Errorf("jobscope schema differs from schema/create-classification-job.schema.json; run go test ./jsonschema -update")
	}
	if code, _, stderr := runCLI(t, "", "schema", "plan", "extra"); code != 2 || !strings.Contains(stderr, "unexpected argument") {
		t.Errorf("two arguments: exit %d, %q", code, stderr)
	}
	if code, out, _ := runCLI(t, "", "schema", "job"); code != 0 || out != string(want) {
		t.Errorf("schema job: exit %d; differs from jobscope schema", code)
	}
	if code, stdout, _ := runCLI(t, "", "schema", "-h"); code != 0 || !strings.Contains(stdout, "draft 2020-12") {
		t.Errorf("-h: exit %d, %q", code, stdout)
	}
}
