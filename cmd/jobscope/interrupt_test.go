package main

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"iter"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jobscope/jobscope/internal/synth"
	"github.com/jobscope/jobscope/inventory/inventorytest"
	"github.com/jobscope/jobscope/scope"
)

const interruptRows = 200_000

// big is an S3 Inventory report of interruptRows rows in four CSV.gz
// files: more than a pipe holds once written as decisions.
var big onceFile

func bigReport(t *testing.T) string {
	t.Helper()
	return big.get(t, func(dir string) (string, error) {
		files := make([]iter.Seq[scope.Object], 4)
		for i := range files {
			files[i] = synth.Objects("big", interruptRows/len(files), uint64(i), false)
		}
		return inventorytest.Write(dir, inventorytest.Report{SourceBucket: "big", Files: files})
	})
}

const interruptJob = `{"name": "big", "jobType": "ONE_TIME", "s3JobDefinition": {"bucketDefinitions": [{"accountId": "111122223333", "buckets": ["big"]}]}}`

var countsLine = regexp.MustCompile(`(?m)^read ([0-9,]+) objects .*\(partial\)$`)

// startPlan starts the built command on the big report, writing format
// to a pipe the test reads.
func startPlan(t *testing.T, format string) (*exec.Cmd, *bufio.Reader, *bytes.Buffer) {
	t.Helper()
	bin := builtBinary(t)
	cmd := exec.Command(bin, "plan", "--job", writeJob(t, interruptJob), "--objects", bigReport(t), "--format", format, "--progress", "never", "--workers", "2")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })
	return cmd, bufio.NewReaderSize(stdout, 1<<16), &stderr
}

// waitExit waits for cmd, killing it when it has not exited within d.
func waitExit(t *testing.T, cmd *exec.Cmd, d time.Duration) *os.ProcessState {
	t.Helper()
	timer := time.AfterFunc(d, func() { cmd.Process.Kill() })
	defer timer.Stop()
	err := cmd.Wait()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatal(err)
	}
	if st := cmd.ProcessState; st.Sys().(syscall.WaitStatus).Signal() == syscall.SIGKILL {
		t.Fatalf("still running %v after the signal: killed", d)
	}
	return cmd.ProcessState
}

// The first SIGINT or SIGTERM stops a per-object dry run: the output ends
// with a whole line, the counts on stderr are those of the lines written,
// and the exit code is 128 plus the signal's number.
func TestPlanSignals(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command and writes a 200,000-row report")
	}
	for _, format := range []string{"jsonl", "csv"} {
		for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
			t.Run(format+"/"+sig.String(), func(t *testing.T) {
				cmd, out, stderr := startPlan(t, format)
				lines := 0
				var last string
				for lines < 1000 {
					l, err := out.ReadString('\n')
					if err != nil {
						t.Fatalf("after %d lines: %v; stderr:\n%s", lines, err, stderr)
					}
					lines++
					last = l
				}
				if err := cmd.Process.Signal(sig); err != nil {
					t.Fatal(err)
				}
				for {
					l, err := out.ReadString('\n')
					if err == io.EOF {
						if l != "" {
							t.Errorf("the output ends mid-line: %q", l)
						}
						break
					}
					if err != nil {
						t.Fatal(err)
					}
					lines++
					last = l
				}
				st := waitExit(t, cmd, 10*time.Second)
				want := 130
				if sig == syscall.SIGTERM {
					want = 143
				}
				if st.ExitCode() != want {
					t.Errorf("exit %d (%v), want %d; stderr:\n%s", st.ExitCode(), st, want, stderr)
				}
				decisions := lines
				if format == "csv" {
					decisions-- // the header
				}
				if decisions >= interruptRows {
					t.Fatalf("%d decisions of %d rows: the run was not interrupted", decisions, interruptRows)
				}
				m := countsLine.FindStringSubmatch(stderr.String())
				if m == nil {
					t.Fatalf("no partial counts on stderr:\n%s", stderr)
				}
				n, _ := strconv.Atoi(strings.ReplaceAll(m[1], ",", ""))
				if n != decisions {
					t.Errorf("stderr counts %d objects read, the output has %d decisions", n, decisions)
				}
				if !strings.Contains(stderr.String(), "interrupted by "+map[syscall.Signal]string{syscall.SIGINT: "SIGINT", syscall.SIGTERM: "SIGTERM"}[sig]) {
					t.Errorf("stderr does not say what interrupted the run:\n%s", stderr)
				}
				if format == "jsonl" && !strings.HasPrefix(last, `{"bucket":"big"`) {
					t.Errorf("last line %q", last)
				}
			})
		}
	}
}

// A second signal ends the command at once, even while it is blocked
// writing to a pipe nobody reads.
func TestPlanSecondSignal(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command and writes a 200,000-row report")
	}
	cmd, out, stderr := startPlan(t, "jsonl")
	for range 1000 {
		if _, err := out.ReadString('\n'); err != nil {
			t.Fatalf("%v; stderr:\n%s", err, stderr)
		}
	}
	// Reading stops here: the command fills the pipe and blocks.
	time.Sleep(200 * time.Millisecond)
	cmd.Process.Signal(syscall.SIGINT)
	time.Sleep(200 * time.Millisecond)
	cmd.Process.Signal(syscall.SIGINT)
	st := waitExit(t, cmd, 5*time.Second)
	ws := st.Sys().(syscall.WaitStatus)
	if st.ExitCode() != 130 && !(ws.Signaled() && ws.Signal() == syscall.SIGINT) {
		t.Errorf("exit %v, want 130; stderr:\n%s", st, stderr)
	}
}
