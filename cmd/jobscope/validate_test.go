package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func runCLI(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

// TestValidateExamplesGolden checks `jobscope validate` on every example
// against the golden file beside it (FILE.golden: the exact text output).
// Run with -update to rewrite the golden files.
func TestValidateExamplesGolden(t *testing.T) {
	files, _ := filepath.Glob("examples/*.json")
	invalid, _ := filepath.Glob("examples/invalid/*.json")
	if len(files) < 3 || len(invalid) < 3 {
		t.Fatalf("want at least 3 valid and 3 invalid examples, got %d and %d", len(files), len(invalid))
	}
	for _, f := range append(files, invalid...) {
		t.Run(f, func(t *testing.T) {
			code, out, stderr := runCLI(t, "", "validate", f)
			wantCode := 0
			if strings.Contains(f, "/invalid/") {
				wantCode = 1
			}
			if code != wantCode {
				t.Errorf("exit %d, want %d (stderr %q)", code, wantCode, stderr)
			}
			golden := strings.TrimSuffix(f, ".json") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./cmd/jobscope -update)", err)
			}
			if diff := cmp.Diff(string(want), out); diff != "" {
				t.Errorf("output differs from %s (-want +got):\n%s", golden, diff)
			}
		})
	}
}

func TestValidateTruncatedNamesLineColumn(t *testing.T) {
	code, out, _ := runCLI(t, "", "validate", "examples/invalid/truncated.json")
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if !regexp.MustCompile(`^examples/invalid/truncated\.json:\d+:\d+: .*truncated`).MatchString(out) {
		t.Errorf("want file:line:column and 'truncated', got %q", out)
	}
}

func TestValidateExitCodes(t *testing.T) {
	valid := `{"jobType":"ONE_TIME","name":"n","s3JobDefinition":{"bucketCriteria":{}}}`
	for _, tc := range []struct {
		name  string
		stdin string
		args  []string
		code  int
		out   string // substring of stdout
		err   string // substring of stderr
	}{
		{"valid stdin", valid, []string{"validate", "-"}, 0, "<stdin>: valid", ""},
		{"invalid stdin", `{"jobType":"ONE_TIME"}`, []string{"validate", "-"}, 1, "<stdin>:1:1: name: name is required", ""},
		{"empty stdin", "", []string{"validate", "-"}, 1, "the document is empty", ""},
		{"missing file", "", []string{"validate", "no/such/job.json"}, 2, "", "no such file"},
		{"missing beside valid", "", []string{"validate", "examples/monthly-on-31st.json", "no/such.json"}, 2, "valid", "no such file"},
		{"no files", "", []string{"validate"}, 2, "", "no job files"},
		{"bad format", valid, []string{"validate", "--format", "xml", "-"}, 2, "", "--format"},
		{"unknown option", valid, []string{"validate", "--option", "nope=1", "-"}, 2, "", "unknown option"},
		{"bad option value", valid, []string{"validate", "--option", "requireClientToken=maybe", "-"}, 2, "", "not one of"},
		{"option applies", valid, []string{"validate", "--option", "requireClientToken=true", "-"}, 1, "clientToken: clientToken is required", ""},
		{"unknown command", "", []string{"frobnicate"}, 2, "", "unknown command"},
		{"help", "", []string{"validate", "-h"}, 0, "", "Usage: jobscope validate"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, stderr := runCLI(t, tc.stdin, tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tc.code, out, stderr)
			}
			if !strings.Contains(out, tc.out) {
				t.Errorf("stdout %q lacks %q", out, tc.out)
			}
			if !strings.Contains(stderr, tc.err) {
				t.Errorf("stderr %q lacks %q", stderr, tc.err)
			}
		})
	}
}

func TestValidateJSONFormat(t *testing.T) {
	code, out, stderr := runCLI(t, "", "validate", "--format", "json", "examples/one-time-two-buckets.json", "examples/invalid/extension-contains.json")
	if code != 1 {
		t.Fatalf("exit %d, want 1: %s", code, stderr)
	}
	type problem struct {
		Path, Code, Message, Exception string
		Line, Column                   int
	}
	var got []struct {
		File   string
		Valid  bool
		Errors []problem
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	want := []struct {
		File   string
		Valid  bool
		Errors []problem
	}{
		{File: "examples/one-time-two-buckets.json", Valid: true, Errors: []problem{}},
		{File: "examples/invalid/extension-contains.json", Errors: []problem{{
			Path:      "s3JobDefinition.scoping.includes.and[0].simpleScopeTerm.comparator",
			Code:      "invalid_value",
			Message:   "CONTAINS is not valid for OBJECT_EXTENSION; use EQ or NE",
			Exception: "ValidationException",
			Line:      12, Column: 29,
		}}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("-want +got:\n%s", diff)
	}
}
