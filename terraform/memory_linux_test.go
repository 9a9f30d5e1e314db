package terraform_test

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/terraform"
)

// The environment of the child process of TestLargePlanMemory: the plan to
// read, and how (file or once: as a reader that can be read only once).
const (
	childPlan = "JOBSCOPE_TERRAFORM_TEST_PLAN"
	childMode = "JOBSCOPE_TERRAFORM_TEST_MODE"
)

// TestLargePlanMemory is the acceptance test of reading a large plan: 3,000
// jobs of 1,000 values each (57 MB) are read and validated in a child
// process, from a file and from a reader that can be read only once (copied
// to a temporary file), each with a peak resident memory under 400 MB —
// the memory of one job, not of the plan.
func TestLargePlanMemory(t *testing.T) {
	if name := os.Getenv(childPlan); name != "" {
		readLargePlan(t, name, os.Getenv(childMode))
		return
	}
	if testing.Short() {
		t.Skip("generates a 57 MB plan")
	}
	const jobs, values, maxRSS = 3000, 1000, 400 << 20
	name := planFile(t, jobs, values)
	info, err := os.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	for _, mode := range []string{"file", "once"} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestLargePlanMemory$", "-test.v")
		cmd.Env = append(os.Environ(), childPlan+"="+name, childMode+"="+mode, "TMPDIR="+t.TempDir())
		start := time.Now()
		out, err := cmd.CombinedOutput()
		elapsed := time.Since(start)
		if err != nil {
			t.Fatalf("%s: %v\n%s", mode, err, out)
		}
		if want := fmt.Sprintf("read %d jobs, all valid", jobs); !strings.Contains(string(out), want) {
			t.Fatalf("%s: the child did not report %q:\n%s", mode, want, out)
		}
		rss := int64(cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss) << 10 // KiB
		t.Logf("%s: a %.1f MB plan of %d jobs × %d values: peak RSS %.1f MB, %v",
			mode, float64(info.Size())/1e6, jobs, values, float64(rss)/(1<<20), elapsed.Round(time.Millisecond))
		if rss > maxRSS {
			t.Errorf("%s: peak RSS %d MB, more than %d MB", mode, rss>>20, maxRSS>>20)
		}
	}
}

// readLargePlan is the child process of TestLargePlanMemory.
func readLargePlan(t *testing.T, name, mode string) {
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var r io.Reader = f
	if mode == "once" {
		r = onlyReader{f}
	}
	n := 0
	for res, err := range terraform.Resources(r, terraform.Options{}) {
		if err != nil {
			t.Fatal(err)
		}
		if err := res.Validate(jobscope.Options{}); err != nil {
			t.Fatalf("%s: %v", res.Address, err)
		}
		n++
	}
	fmt.Printf("read %d jobs, all valid\n", n)
}
