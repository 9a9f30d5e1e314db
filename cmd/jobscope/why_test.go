package main

import (
	"bytes"
	"compress/gzip"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// TestUserExpectations is the CLI's acceptance table: what a user who runs
// aws-cli, terraform, kubectl and gh expects of a command-line tool, each
// case the command they type and what it must print and exit with. The
// groups follow the complaints the CLI was rebuilt to answer.
func TestUserExpectations(t *testing.T) {
	const jobText = `{"name": "j", "jobType": "ONE_TIME", "s3JobDefinition": {"bucketDefinitions": [{"accountId": "1", "buckets": ["b"]}]}}`
	const objectLines = `{"bucket": "b", "key": "a.csv", "size": 10, "lastModified": "2024-01-01T00:00:00Z"}
{"bucket": "b", "key": "b.png", "size": 20, "lastModified": "2024-01-01T00:00:00Z"}
`
	var inventoryCSV bytes.Buffer
	zw := gzip.NewWriter(&inventoryCSV)
	zw.Write([]byte(`"b","a.csv","10","2024-01-01T00:00:00.000Z"` + "\n" + `"b","b.png","20","2024-01-01T00:00:00.000Z"` + "\n"))
	zw.Close()
	var tagsGz bytes.Buffer
	zw = gzip.NewWriter(&tagsGz)
	zw.Write([]byte(`{"bucket": "b", "key": "a.csv", "tags": {"env": "prod"}}` + "\n"))
	zw.Close()
	f := writeFiles(t, map[string]string{
		"job.json":         jobText,
		"job.yaml":         "# as aws macie2 create-classification-job --cli-input-yaml reads it\nname: j\njobType: ONE_TIME\ns3JobDefinition:\n  bucketDefinitions:\n    - accountId: '1'\n      buckets: [b]\n",
		"typed.json":       `{"name": "j", "jobType": "ONE_TIME", "samplingPercentage": "50", "s3JobDefinition": {"bucketDefinitions": [{"accountId": "1", "buckets": ["b"]}]}}`,
		"objects.jsonl":    objectLines,
		"list-jobs.json":   `{"items": [{"jobId": "1", "name": "j", "jobType": "ONE_TIME", "jobStatus": "RUNNING"}]}`,
		"inventory.csv.gz": inventoryCSV.String(),
		"tags.jsonl.gz":    tagsGz.String(),
		"bucket.json":      `{"accountId": "1", "bucketName": "b"}`,
	})
	job, objects := f["job.json"], f["objects.jsonl"]
	gz := func(s string) string {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		zw.Write([]byte(s))
		zw.Close()
		return b.String()
	}
	tfPlanText, err := os.ReadFile("examples/terraform/plan.json")
	if err != nil {
		t.Fatal(err)
	}
	demoJSON := append(append([]string{}, demoArgs...), "--format", "json")

	runCases(t, []cliCase{
		// Conventions: flags after arguments, help on stdout, help COMMAND,
		// --version, completion, suggestions.
		{name: "flags after arguments", args: []string{"validate", job, "--format", "json"}, stdout: `"schemaVersion": "1.1"`},
		{name: "-h on stdout", args: []string{"validate", "-h"}, stdout: "Usage:\n  jobscope validate"},
		{name: "help COMMAND", args: []string{"help", "plan"}, stdout: "Usage:\n  jobscope plan"},
		{name: "--version", args: []string{"--version"}, stdout: "jobscope version "},
		{name: "completion", args: []string{"completion", "zsh"}, stdout: "#compdef jobscope"},
		{name: "mistyped flag", args: []string{"plan", "--jbo", "job.json"}, code: 2, stderr: "unknown flag: --jbo\n\nDid you mean this?\n\t--job\n"},
		{name: "mistyped command", args: []string{"paln"}, code: 2, stderr: "Did you mean this?\n\tplan"},

		// Pipes: - for every file flag, one standard input at a time.
		{name: "objects from a pipe", stdin: objectLines, args: []string{"plan", "--job", job, "--objects", "-"}, stdout: "scanned         1   10 B"},
		{name: "job from a pipe", stdin: jobText, args: []string{"plan", "--job", "-", "--objects", objects}, stdout: "scanned         1   10 B"},
		{name: "two standard inputs", stdin: objectLines, args: []string{"plan", "--job", "-", "--objects", "-"}, code: 2,
			stderr: "standard input can feed one input only"},
		{name: "a gzipped job from a pipe", stdin: gz(jobText), args: []string{"validate", "-"}, stdout: "<stdin>: valid"},
		{name: "a gzipped Terraform plan", stdin: gz(string(tfPlanText)), args: []string{"validate", "--terraform", "-"}, code: 1,
			stdout: "<stdin>: aws_macie2_classification_job.weekly: valid"},
		{name: "gzip recognised from the data", args: []string{"plan", "--job", job, "--objects", objects, "--tags", f["tags.jsonl.gz"], "--format", "json"},
			stdout: `"schemaVersion"`},

		// Honest JSON: a versioned contract, no Go names, money with its
		// currency (runCLI checks the output against its schema too).
		{name: "plan JSON contract", args: demoJSON, stdout: "\"estimatedCost\": {\n    \"amount\": \"1115.27\",\n    \"currency\": \"USD\"\n  }"},
		{name: "JSON schema of an output", args: []string{"schema", "plan"}, stdout: `"$id": "https://raw.githubusercontent.com/jobscope/jobscope/main/schema/plan.schema.json"`},

		// Messages name flags, not Go types or layouts, and are capped.
		{name: "a time flag", args: []string{"schedule", "--job", job, "--created-at", "yesterday"}, code: 2,
			stderr: `--created-at "yesterday" is not an RFC 3339 time such as 2025-01-10T08:00:00Z`},
		{name: "a number of the wrong type", args: []string{"validate", f["typed.json"]}, code: 1,
			stdout: "samplingPercentage: expected a whole number, got a string"},

		// Inputs given to the wrong flag are named.
		{name: "a job as objects", args: []string{"plan", "--job", job, "--objects", job}, code: 2,
			stderr: "is a CreateClassificationJob request, not what --objects reads; did you mean --job?"},
		{name: "a Terraform plan without --terraform", args: []string{"validate", "examples/terraform/plan.json"}, code: 1,
			stdout: "this is `terraform show -json` output, not a job definition; did you mean --terraform?"},
		{name: "list-classification-jobs output", args: []string{"validate", f["list-jobs.json"]}, code: 1,
			stdout: "this is `aws macie2 list-classification-jobs` output, which has no job definitions"},
		{name: "an inventory data file as tags", args: []string{"plan", "--job", job, "--objects", objects, "--tags", f["inventory.csv.gz"]}, code: 2,
			stderr: "is an S3 Inventory CSV data file, not what --tags reads; did you mean --objects?"},
		{name: "a YAML job", args: []string{"validate", f["job.yaml"]}, stdout: "job.yaml: valid"},

		// One vocabulary: text everywhere, --bucket one thing, a flag once.
		{name: "plan --format text", args: []string{"plan", "--job", job, "--objects", objects, "--format", "text"}, stdout: "scanned         1   10 B"},
		{name: "explain's old --bucket", args: []string{"explain", "--job", job, "--bucket", f["bucket.json"]}, stderr: "use --bucket-metadata"},
		{name: "a repeated --job", args: []string{"plan", "--job", job, "--job", job, "--objects", objects}, code: 2,
			stderr: `invalid argument "` + job + `" for "--job" flag: it may be given only once`},

		// CI formats.
		{name: "GitHub annotations", args: []string{"validate", "--format", "github", "examples/invalid/extension-contains.json"}, code: 1,
			stdout: "::error file=examples/invalid/extension-contains.json,line=12,col=29,title=jobscope invalid_value::"},
		{name: "SARIF", args: []string{"validate", "--format", "sarif", "examples/invalid/extension-contains.json"}, code: 1, stdout: `"version": "2.1.0"`},
		{name: "a pull request comment", args: append(append([]string{}, demoArgs...), "--format", "markdown"), stdout: "| bucket |"},
	})

	t.Run("capped messages", func(t *testing.T) {
		code, _, stderr := runCLI(t, "", "plan", "--job", job, "--objects", objects, "--tags", objects)
		if lines := strings.Count(stderr, "\n"); code == exitOK || lines > 11 {
			t.Errorf("objects as tags: exit %d, %d lines on stderr:\n%s", code, lines, stderr)
		}
	})

	t.Run("progress with rows/s and ETA", func(t *testing.T) {
		line := progressLine(progress{read: 1 << 30, total: 4 << 30, done: 1, files: 4, rows: 2_500_000, elapsed: 2 * time.Second})
		if !strings.Contains(line, "rows/s") || !strings.Contains(line, "ETA") || !strings.Contains(line, "1/4 files") || utf8.RuneCountInString(line) > 79 {
			t.Errorf("progress line %q", line)
		}
	})

	t.Run("text fits 80 columns", func(t *testing.T) {
		all := [][]string{demoArgs, {"--help"}, {"schedule", "--job", "examples/monthly-on-31st.json", "--created-at", "2025-01-15T10:00:00Z"}}
		for _, c := range newRoot(streams{}).Commands() {
			all = append(all, []string{c.Name(), "--help"})
		}
		for _, args := range all {
			out, _ := runOK(t, args...)
			for i, line := range strings.Split(out, "\n") {
				if n := utf8.RuneCountInString(line); n > 80 {
					t.Errorf("jobscope %s: line %d is %d columns: %q", strings.Join(args, " "), i+1, n, line)
				}
			}
		}
	})

	// Named pipes and process substitution are streams: read, never sized.
	t.Run("pipes through a shell", func(t *testing.T) {
		bash, err := exec.LookPath("bash")
		if err != nil {
			t.Skip("no bash")
		}
		bin := builtBinary(t)
		for _, tc := range []struct{ name, script, want string }{
			{"a pipe as -", `cat "$O" | "$B" plan --job "$J" --objects -`, "scanned         1   10 B"},
			{"/dev/stdin", `cat "$O" | "$B" plan --job "$J" --objects /dev/stdin`, "scanned         1   10 B"},
			{"process substitution", `"$B" plan --job "$J" --objects <(cat "$O")`, "scanned         1   10 B"},
			{"gzip through process substitution", `"$B" plan --job "$J" --objects <(gzip -c "$O")`, "scanned         1   10 B"},
			{"the job from a pipe", `cat "$J" | "$B" plan --job - --objects "$O"`, "scanned         1   10 B"},
		} {
			cmd := exec.Command(bash, "--norc", "--noprofile", "-c", "set -o pipefail; "+tc.script)
			cmd.Env = append(os.Environ(), "B="+bin, "J="+job, "O="+objects)
			out, err := cmd.CombinedOutput()
			if err != nil || !strings.Contains(string(out), tc.want) {
				t.Errorf("%s: %v\n%s", tc.name, err, out)
			}
		}
		cmd := exec.Command(bash, "--norc", "--noprofile", "-c", `cat "$O" | "$B" plan --job - --objects -`)
		cmd.Env = append(os.Environ(), "B="+bin, "O="+objects)
		out, err := cmd.CombinedOutput()
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != exitUsage || !strings.Contains(string(out), "standard input can feed one input only") {
			t.Errorf("two standard inputs through a pipe: %v\n%s", err, out)
		}
	})
}
