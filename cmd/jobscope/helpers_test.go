package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestMain runs the tests from the repository root, so that file names in
// the output read as a user types them (examples/…).
func TestMain(m *testing.M) {
	flag.Parse()
	if err := os.Chdir("../.."); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	code := m.Run()
	binary.remove()
	big.remove()
	os.Exit(code)
}

// runCLI runs jobscope with args, stdin on its standard input, and returns
// its exit code, standard output and standard error.
func runCLI(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, strings.NewReader(stdin), &out, &errb)
	checkOutput(t, args, out.String())
	return code, out.String(), errb.String()
}

// runOK runs jobscope with args and fails the test unless it exits 0.
func runOK(t *testing.T, args ...string) (stdout, stderr string) {
	t.Helper()
	code, stdout, stderr := runCLI(t, "", args...)
	if code != exitOK {
		t.Fatalf("jobscope %s: exit %d: %s", strings.Join(args, " "), code, stderr)
	}
	return stdout, stderr
}

// runQuiet runs jobscope with args and fails the test unless it exits 0
// with nothing on standard error; it returns the standard output.
func runQuiet(t *testing.T, args ...string) string {
	t.Helper()
	out, errs := runOK(t, args...)
	if errs != "" {
		t.Fatalf("jobscope %s: stderr: %s", strings.Join(args, " "), errs)
	}
	return out
}

// runJSON runs jobscope with args, which must exit 0, and decodes its
// standard output into v.
func runJSON(t *testing.T, v any, args ...string) {
	t.Helper()
	out, _ := runOK(t, args...)
	if err := json.Unmarshal([]byte(out), v); err != nil {
		t.Fatalf("jobscope %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// wantAll reports each of wants that s, the text named what, lacks.
func wantAll(t *testing.T, what, s string, wants ...string) {
	t.Helper()
	for _, want := range wants {
		if !strings.Contains(s, want) {
			t.Errorf("%s lacks %q:\n%s", what, want, s)
		}
	}
}

// wantFields is wantAll with runs of white space, line breaks included,
// read as one space: for text wrapped at the terminal's width.
func wantFields(t *testing.T, what, s string, wants ...string) {
	t.Helper()
	fields := strings.Join(strings.Fields(s), " ")
	for _, want := range wants {
		if !strings.Contains(fields, strings.Join(strings.Fields(want), " ")) {
			t.Errorf("%s lacks %q:\n%s", what, want, s)
		}
	}
}

// checkGolden compares got with the golden file, which -update rewrites.
func checkGolden(t *testing.T, golden, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/jobscope -update)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("output differs from %s (-want +got):\n%s", golden, diff)
	}
}

// writeFiles writes name → content into a temporary directory and returns
// the paths by name; a name may be a slash-separated path.
func writeFiles(t *testing.T, files map[string]string) map[string]string {
	t.Helper()
	dir := t.TempDir()
	paths := map[string]string{}
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		paths[name] = p
	}
	return paths
}

// writeJob writes a job file and returns its path.
func writeJob(t *testing.T, body string) string {
	t.Helper()
	return writeFiles(t, map[string]string{"job.json": body})["job.json"]
}

// cliCase is a run of jobscope and what it must give: an exit code, and
// parts of its standard output and standard error.
type cliCase struct {
	name, stdin    string
	args           []string
	code           int
	stdout, stderr string
}

// runCases runs each case as a subtest.
func runCases(t *testing.T, cases []cliCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, tc.stdin, tc.args...)
			cmd := "jobscope " + strings.Join(tc.args, " ")
			if code != tc.code {
				t.Errorf("%s: exit %d, want %d\nstdout: %s\nstderr: %s", cmd, code, tc.code, stdout, stderr)
			}
			if !strings.Contains(stdout, tc.stdout) {
				t.Errorf("%s: stdout %q lacks %q", cmd, stdout, tc.stdout)
			}
			if !strings.Contains(stderr, tc.stderr) {
				t.Errorf("%s: stderr %q lacks %q", cmd, stderr, tc.stderr)
			}
		})
	}
}

// onceFile is a file the tests make once, in a temporary directory that
// TestMain removes.
type onceFile struct {
	once sync.Once
	dir  string
	path string
	err  error
}

// get makes the file with create, in a new directory, on the first call, and
// returns its path.
func (f *onceFile) get(t *testing.T, create func(dir string) (path string, err error)) string {
	t.Helper()
	f.once.Do(func() {
		if f.dir, f.err = os.MkdirTemp("", "jobscope-test"); f.err == nil {
			f.path, f.err = create(f.dir)
		}
	})
	if f.err != nil {
		t.Fatal(f.err)
	}
	return f.path
}

func (f *onceFile) remove() {
	if f.dir != "" {
		os.RemoveAll(f.dir)
	}
}

// binary is the built command, for the tests that exec it.
var binary onceFile

func builtBinary(t *testing.T) string {
	t.Helper()
	return binary.get(t, func(dir string) (string, error) {
		bin := filepath.Join(dir, "jobscope")
		if runtime.GOOS == "windows" {
			bin += ".exe"
		}
		if out, err := exec.Command("go", "build", "-o", bin, "./cmd/jobscope").CombinedOutput(); err != nil {
			return "", fmt.Errorf("go build: %v\n%s", err, out)
		}
		return bin, nil
	})
}
