package main

import (
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// asTerminal makes every stream count as a terminal for colorsFor until
// the test ends.
func asTerminal(t *testing.T) {
	t.Helper()
	old := colorTerminal
	colorTerminal = func(io.Writer) bool { return true }
	t.Cleanup(func() { colorTerminal = old })
}

// sgr matches an SGR escape sequence.
var sgr = regexp.MustCompile("\033\\[[0-9;]*m")

// On a terminal, plan's summary and validate's problems are painted, and
// without the paint read as they do elsewhere; NO_COLOR, set to anything
// but "", turns the paint off.
func TestColors(t *testing.T) {
	golden, err := os.ReadFile("cmd/jobscope/testdata/plan-demo.golden")
	if err != nil {
		t.Fatal(err)
	}
	plain := map[string]string{}
	cases := []struct {
		name  string
		args  []string
		wants []string
	}{
		{"plan", append(demoArgs, "--progress", "never"),
			[]string{"\033[1mPlan of job \"weekly-confidential-data-scan\"\033[0m\n", "\n\033[1mBuckets\033[0m\n", "\033[1mEstimated cost:\033[0m $1,115.27"}},
		{"validate warning", []string{"validate", "examples/describe-output.json"},
			[]string{"examples/describe-output.json: \033[32mvalid\033[0m\n", "\033[1mexamples/describe-output.json:7:19\033[0m: \033[33mwarning:\033[0m initialRun: "}},
		{"validate error", []string{"validate", "examples/invalid/typos-and-types.json"},
			[]string{"\033[1;31mexamples/invalid/typos-and-types.json:4:3\033[0m: JobType: unknown member"}},
	}
	for _, tc := range cases {
		_, out, _ := runCLI(t, "", tc.args...)
		if strings.Contains(out, "\033") {
			t.Errorf("%s: escapes in output that is not a terminal:\n%q", tc.name, out)
		}
		plain[tc.name] = out
	}
	if plain["plan"] != string(golden) {
		t.Fatal("the demo's summary differs from its golden file; run TestPlanDemo")
	}

	asTerminal(t)
	for _, noColor := range []string{"", "1"} {
		t.Setenv("NO_COLOR", noColor)
		for _, tc := range cases {
			_, out, _ := runCLI(t, "", tc.args...)
			if noColor != "" {
				if out != plain[tc.name] {
					t.Errorf("%s with NO_COLOR=%s: output differs from the plain one:\n%q", tc.name, noColor, out)
				}
				continue
			}
			wantAll(t, tc.name+" on a terminal", out, tc.wants...)
			if got := sgr.ReplaceAllString(out, ""); got != plain[tc.name] {
				t.Errorf("%s on a terminal, without its escapes, differs from the plain output:\n%s\nwant:\n%s", tc.name, got, plain[tc.name])
			}
		}
	}
}

// Painted text keeps within 80 columns: the escapes take none.
func TestColorsWidth(t *testing.T) {
	asTerminal(t)
	t.Setenv("NO_COLOR", "")
	f := longNamesFixture(t)
	_, out, _ := runCLI(t, "", "plan", "--progress", "never", "--job", f["job.json"], "--buckets", f["buckets.json"], "--objects", f["objects.jsonl"],
		"--created-at", "2024-12-02T09:00:00Z", "--run", "3", "--monthly-quota", "1TB")
	if !strings.Contains(out, "\033[1;31mMonthly quota EXCEEDED:\033[0m") || !strings.Contains(out, "\033[1;31mUNKNOWN:\033[0m") {
		t.Errorf("the summary lacks its red marks:\n%s", out)
	}
	checkWidth(t, "painted summary", sgr.ReplaceAllString(out, ""))
	if got, want := visibleWidth("\033[1mab\033[0mc\033[1;31mdé\033[0m"), 5; got != want {
		t.Errorf("visibleWidth = %d, want %d", got, want)
	}
}

// Golden files are written by runs whose output is not a terminal: they
// hold no escape.
func TestGoldenFilesHaveNoEscapes(t *testing.T) {
	var files []string
	for _, glob := range []string{"cmd/jobscope/testdata/*", "examples/*.golden", "examples/*/*.golden"} {
		m, err := filepath.Glob(glob)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) < 5 {
		t.Fatalf("only %d golden files: %q", len(files), files)
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if i := strings.IndexByte(string(data), 0x1b); i >= 0 {
			t.Errorf("%s has an escape at byte %d", name, i)
		}
	}
}
