package main

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The job shapes that public job definitions and AWS's own samples create
// and Macie accepts: a ONE_TIME job with initialRun (true or false) or
// scheduleFrequency, and DescribeClassificationJob output fed back as a
// request. Each is valid with a warning at its member (exit 0); --strict
// fails on the warning, and oneTimeScheduleFields=REJECT restores the
// rejection.
func TestValidateOneTimeWarnings(t *testing.T) {
	const def = `"s3JobDefinition": {"bucketDefinitions": [{"accountId": "111122223333", "buckets": ["b"]}]}`
	describe, err := os.ReadFile("examples/describe-output.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, job string
		warnings  []string // path line:column
	}{
		{"initialRun true", `{"name": "n", "jobType": "ONE_TIME", "initialRun": true, ` + def + `}`, []string{"initialRun 1:52"}},
		{"initialRun false", `{"name": "n", "jobType": "ONE_TIME", "initialRun": false, ` + def + `}`, []string{"initialRun 1:52"}},
		{"scheduleFrequency", `{"name": "n", "jobType": "ONE_TIME", "scheduleFrequency": {"weeklySchedule": {"dayOfWeek": "MONDAY"}}, ` + def + `}`,
			[]string{"scheduleFrequency 1:59"}},
		{"both", `{"name": "n", "jobType": "ONE_TIME", "initialRun": true,
 "scheduleFrequency": {"dailySchedule": {}}, ` + def + `}`, []string{"initialRun 1:52", "scheduleFrequency 2:23"}},
		{"describe output", string(describe), []string{"initialRun 7:19"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, stderr := runCLI(t, tc.job, "validate", "-")
			if code != exitOK || stderr != "" {
				t.Errorf("exit %d, want 0; stderr %q", code, stderr)
			}
			lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
			if lines[0] != "<stdin>: valid" || len(lines) != 1+len(tc.warnings) {
				t.Fatalf("output:\n%s", out)
			}
			for i, w := range tc.warnings {
				path, pos, _ := strings.Cut(w, " ")
				if want := "<stdin>:" + pos + ": warning: " + path + ": " + path + " applies only to SCHEDULED jobs; Macie ignores it"; !strings.HasPrefix(lines[1+i], want) {
					t.Errorf("line %d:\n%s\nwant the prefix\n%s", i+2, lines[1+i], want)
				}
			}

			code, out, _ = runCLI(t, tc.job, "validate", "--format", "json", "-")
			var report validateReport
			if err := json.Unmarshal([]byte(out), &report); err != nil || code != exitOK || len(report.Jobs) != 1 {
				t.Fatalf("exit %d, %v:\n%s", code, err, out)
			}
			res := report.Jobs
			var got []string
			for _, w := range res[0].Warnings {
				if w.Severity != "warning" || w.Code != "one_time_schedule_field_ignored" || w.Exception != "" {
					t.Errorf("warning %+v", w)
				}
				got = append(got, w.Path)
			}
			var want []string
			for _, w := range tc.warnings {
				path, _, _ := strings.Cut(w, " ")
				want = append(want, path)
			}
			if !res[0].Valid || len(res[0].Errors) != 0 || !cmp.Equal(got, want) {
				t.Errorf("JSON: valid %v, errors %+v, warnings at %q, want %q", res[0].Valid, res[0].Errors, got, want)
			}

			if code, _, _ := runCLI(t, tc.job, "validate", "--strict", "-"); code != exitInvalid {
				t.Errorf("--strict: exit %d, want 1", code)
			}

			code, out, _ = runCLI(t, tc.job, "validate", "--option", "oneTimeScheduleFields=REJECT", "-")
			if tc.name == "describe output" { // initialRun false, as Describe reports it
				if code != exitOK || out != "<stdin>: valid\n" {
					t.Errorf("REJECT: exit %d:\n%s", code, out)
				}
				return
			}
			if code != exitInvalid || strings.Contains(out, "warning") || strings.Count(out, "\n") != len(tc.warnings) {
				t.Errorf("REJECT: exit %d, want 1:\n%s", code, out)
			}
			if code, out, _ = runCLI(t, tc.job, "validate", "--option", "oneTimeScheduleFields=IGNORE", "-"); code != exitOK || out != "<stdin>: valid\n" {
				t.Errorf("IGNORE: exit %d:\n%s", code, out)
			}
		})
	}
}
