package main

import (
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/pflag"
)

// TestCLI: how the command line reads: flags after arguments, help,
// the version, suggestions, and flags given twice.
func TestCLI(t *testing.T) {
	valid := "examples/monthly-on-31st.json"
	demo := []string{"--job", "examples/demo/job.json", "--buckets", "examples/demo/buckets.json", "--created-at", "2024-12-02T09:00:00Z", "--progress", "never"}
	runCases(t, []cliCase{
		{name: "flags after arguments", args: []string{"validate", valid, "--format", "json"}, stdout: `"valid": true`},
		{name: "flags around arguments", args: []string{"validate", "--format", "json", valid, "--strict"}, stdout: `"valid": true`},
		{name: "help command", args: []string{"help", "plan"}, stdout: "Usage:\n  jobscope plan"},
		{name: "help command lists flags", args: []string{"help", "plan"}, stdout: "--objects SRC"},
		{name: "-h", args: []string{"plan", "-h"}, stdout: "Dry-runs the job over object metadata"},
		{name: "--help", args: []string{"sql", "--help"}, stdout: "--buckets-table NAME"},
		{name: "root help", args: []string{"--help"}, stdout: "validate    check job definitions"},
		{name: "alone", args: nil, code: exitUsage, stderr: "Available Commands:"},
		{name: "version", args: []string{"--version"}, stdout: "jobscope version "},
		{name: "mistyped command", args: []string{"pln"}, code: exitUsage, stderr: "unknown command \"pln\" for \"jobscope\"\n\nDid you mean this?\n\tplan\n"},
		{name: "mistyped flag", args: []string{"plan", "--jbo", "job.json"}, code: exitUsage, stderr: "jobscope plan: unknown flag: --jbo\n\nDid you mean this?\n\t--job\n"},
		{name: "mistyped flag with value", args: []string{"schedule", "--count=3", "--jobb=x"}, code: exitUsage, stderr: "\t--job\n"},
		{name: "mistyped flag, prefix", args: []string{"plan", "--re"}, code: exitUsage, stderr: "\t--require-complete\n\t--resource\n"},
		{name: "unknown flag far from any", args: []string{"plan", "--frobnicate"}, code: exitUsage, stderr: "unknown flag: --frobnicate\nRun 'jobscope plan --help' for usage.\n"},
		{name: "repeated --job", args: []string{"plan", "--job", "a.json", "--job", "b.json", "--objects", "x"}, code: exitUsage,
			stderr: `jobscope plan: invalid argument "b.json" for "--job" flag: it may be given only once`},
		{name: "repeated bool", args: []string{"validate", "--strict", "--strict", valid}, code: exitUsage, stderr: `"--strict" flag: it may be given only once`},
		{name: "repeated --option", args: []string{"validate", "--option", "requireClientToken=false", "--option", "samplingPercentageMin=1", valid}, stdout: "valid"},
		{name: "plan --format text", args: append([]string{"plan", "--format", "text"}, demo...), stdout: "Selected buckets: 2"},
		{name: "plan --format summary", args: append([]string{"plan", "--format", "summary"}, demo...), stdout: "Selected buckets: 2"},
		{name: "plan --format yaml", args: append([]string{"plan", "--format", "yaml"}, demo...), code: exitUsage, stderr: "--format must be text, json, jsonl, csv or markdown"},
	})
}

// TestPlanFormatText: --format text and summary are the default output.
func TestPlanFormatText(t *testing.T) {
	args := []string{"plan", "--job", "examples/demo/job.json", "--buckets", "examples/demo/buckets.json", "--created-at", "2024-12-02T09:00:00Z", "--progress", "never"}
	want := runQuiet(t, args...)
	for _, format := range []string{"text", "summary"} {
		if got := runQuiet(t, append(args, "--format", format)...); got != want {
			t.Errorf("--format %s differs from the default:\n%s\nwant:\n%s", format, got, want)
		}
	}
}

// TestCompletion: the completion script bash loads completes commands and
// flags through the binary's __complete command.
func TestCompletion(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command")
	}
	bin := builtBinary(t)
	complete := func(args ...string) string {
		out, err := exec.Command(bin, append([]string{"__complete"}, args...)...).Output()
		if err != nil {
			t.Fatalf("jobscope __complete %s: %v", strings.Join(args, " "), err)
		}
		return string(out)
	}
	wantAll(t, "__complete pl", complete("pl"), "plan\t")
	wantAll(t, "__complete plan --jo", complete("plan", "--jo"), "--job\t")
	wantAll(t, "__complete validate --", complete("validate", "--"), "--terraform\t", "--strict\t")
	wantAll(t, "__complete plan --format ''", complete("plan", "--format", ""), "text\n", "jsonl\n", "csv\n")
	wantAll(t, "__complete sql --dialect ''", complete("sql", "--dialect", ""), "athena\n", "duckdb\n")

	for _, shell := range []string{"bash", "zsh", "fish", "powershell"} {
		out, err := exec.Command(bin, "completion", shell).Output()
		if err != nil || !strings.Contains(string(out), "__complete") {
			t.Errorf("jobscope completion %s: %v\n%s", shell, err, out)
		}
	}

	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	// Load the script and run its completion function on a command line,
	// as bash does on TAB; COMPREPLY is what it offers. Without the
	// bash-completion package, a stand-in for the one function of it the
	// script needs splits the line.
	script := `source <("$JOBSCOPE" completion bash)
declare -F _get_comp_words_by_ref >/dev/null || _get_comp_words_by_ref() {
	cur=${COMP_WORDS[COMP_CWORD]}; prev=${COMP_WORDS[COMP_CWORD-1]}
	words=("${COMP_WORDS[@]}"); cword=$COMP_CWORD
}
complete_line() {
	COMP_LINE="$1"; COMP_POINT=${#COMP_LINE}
	read -ra COMP_WORDS <<< "$COMP_LINE"
	[[ "$COMP_LINE" == *" " ]] && COMP_WORDS+=("")
	COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
	COMPREPLY=()
	__start_jobscope jobscope "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
	printf '%s\n' "${COMPREPLY[@]}"
}
echo "== jobscope pl"; complete_line "jobscope pl"
echo "== jobscope plan --jo"; complete_line "jobscope plan --jo"
`
	cmd := exec.Command(bash, "--norc", "--noprofile", "-c", script)
	cmd.Env = append(os.Environ(), "JOBSCOPE="+bin, "PATH="+pathWith(bin))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("bash: %v\n%s", err, out)
	}
	got := string(out)
	pl, jo, _ := strings.Cut(strings.TrimPrefix(got, "== jobscope pl\n"), "== jobscope plan --jo\n")
	if !strings.Contains(pl, "plan") {
		t.Errorf("jobscope pl<TAB> offers %q, want plan\n%s", pl, got)
	}
	if !strings.Contains(jo, "--job") {
		t.Errorf("jobscope plan --jo<TAB> offers %q, want --job\n%s", jo, got)
	}
}

// pathWith is $PATH with the directory of bin first, so that the script
// finds the command by name.
func pathWith(bin string) string {
	dir := bin[:strings.LastIndexAny(bin, `/\`)]
	return dir + string(os.PathListSeparator) + os.Getenv("PATH")
}

// TestObjectsOrder: sources given as arguments and with --objects keep
// the order of the command line.
func TestObjectsOrder(t *testing.T) {
	for _, tt := range []struct{ args, want []string }{
		{[]string{"a", "--objects", "b", "c", "--objects", "d", "e"}, []string{"a", "b", "c", "d", "e"}},
		{[]string{"--objects", "a", "--objects", "b"}, []string{"a", "b"}},
		{[]string{"a", "b", "--job", "j", "--objects", "c"}, []string{"a", "b", "c"}},
		{[]string{"a", "--", "--objects"}, []string{"a", "--objects"}},
	} {
		var f planFlags
		fs := pflag.NewFlagSet("plan", pflag.ContinueOnError)
		f.register(fs)
		if err := fs.Parse(tt.args); err != nil {
			t.Fatal(err)
		}
		f.objects.merge(fs.Args())
		if got := []string(f.objects.names); !slices.Equal(got, tt.want) {
			t.Errorf("%q: sources %q, want %q", tt.args, got, tt.want)
		}
	}
}
