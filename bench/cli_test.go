package bench

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/jobscope/jobscope/internal/synth"
)

// The reports of BenchmarkScaling: the rows of BenchmarkPlan's report in
// one data file and in eight.
var (
	oneFileReport    = &synth.TempReport{Bucket: "bench", Rows: inventoryRows, Files: 1, Seed: corpusSeed}
	eightFileReport  = &synth.TempReport{Bucket: "bench", Rows: inventoryRows, Files: 8, Seed: corpusSeed}
	binaryOnce       sync.Once
	binaryDir, binry string
	binaryErr        error
)

// cliFiles are the directories of files the benchmarks wrote, which
// removeCLIFiles removes.
var cliFiles []string

// removeCLIFiles removes what the command-line and Parquet benchmarks
// wrote.
func removeCLIFiles() {
	oneFileReport.Remove()
	eightFileReport.Remove()
	if binaryDir != "" {
		os.RemoveAll(binaryDir)
	}
	for _, d := range cliFiles {
		os.RemoveAll(d)
	}
}

// jobscopeCLI builds the jobscope command of this checkout once, and
// returns it and the bench job's file.
func jobscopeCLI(b *testing.B) (bin, job string) {
	binaryOnce.Do(func() {
		if binaryDir, binaryErr = os.MkdirTemp("", "jobscope-bench-cli"); binaryErr != nil {
			return
		}
		binry = filepath.Join(binaryDir, "jobscope")
		cmd := exec.Command("go", "build", "-o", binry, "./cmd/jobscope")
		cmd.Dir = ".."
		if out, err := cmd.CombinedOutput(); err != nil {
			binaryErr = fmt.Errorf("go build ./cmd/jobscope: %v\n%s", err, out)
			return
		}
		binaryErr = os.WriteFile(filepath.Join(binaryDir, "job.json"), []byte(synth.PlanJob), 0o644)
	})
	if binaryErr != nil {
		b.Fatal(binaryErr)
	}
	return binry, filepath.Join(binaryDir, "job.json")
}

// cliRun is one run of jobscope plan: its arguments and environment, and
// the peak memory (resident set) of its runs.
type cliRun struct {
	args []string
	env  []string
	peak int64 // KiB
}

// timeCommand is GNU time, which measures the peak memory of the
// command: the rusage of a child Go starts counts the memory of the
// parent it shares until it runs the command (vfork).
const timeCommand = "/usr/bin/time"

// run runs the command once, its standard output discarded, and returns
// the number of rows.
func (c *cliRun) run(b *testing.B, bin string) int {
	cmd := exec.Command(bin, c.args...)
	var peak string
	if _, err := os.Stat(timeCommand); err == nil {
		peak = filepath.Join(binaryDir, "peak")
		cmd = exec.Command(timeCommand, append([]string{"-f", "%M", "-o", peak, bin}, c.args...)...)
	}
	cmd.Env = append(os.Environ(), c.env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		b.Fatalf("jobscope %v: %v\n%s", c.args, err, stderr.String())
	}
	if peak != "" {
		data, err := os.ReadFile(peak)
		kib, err2 := strconv.ParseInt(strings.TrimSpace(string(data)), 10, 64)
		if err != nil || err2 != nil {
			b.Fatalf("the peak memory of jobscope %v: %v %v", c.args, err, err2)
		}
		c.peak = max(c.peak, kib)
	}
	return inventoryRows
}

// BenchmarkCLI times the jobscope command planning BenchmarkPlan's report
// (1,000,000 rows, four CSV.gz files) with each output, standard output
// discarded, one op per run: summary (--format summary), jsonl and csv
// (one decision per object). ratio runs them in turns and reports
// jsonl/summary and csv/summary, and each output's peak resident memory
// (NAME-peak-MiB, measured by GNU time when it is installed).
func BenchmarkCLI(b *testing.B) {
	bin, job := jobscopeCLI(b)
	manifest, _, err := inventoryReport.Write()
	if err != nil {
		b.Fatal(err)
	}
	runs := map[string]*cliRun{}
	var cs []contender
	for _, format := range []string{"summary", "jsonl", "csv"} {
		r := &cliRun{args: []string{"plan", "--job", job, "--objects", manifest, "--format", format}}
		runs[format] = r
		cs = append(cs, contender{format, func(lo, hi int) int {
			n := 0
			for range hi - lo {
				n += r.run(b, bin)
			}
			return n
		}})
	}
	b.Run("ratio", func(b *testing.B) {
		paired(b, "row", inventoryRows, 1, 0, 0, nil, cs, []ratio{{"jsonl/summary", 1, 0}, {"csv/summary", 2, 0}})
		for _, c := range cs {
			if p := runs[c.name].peak; p > 0 {
				b.ReportMetric(float64(p)/1024, c.name+"-peak-MiB")
			}
		}
	})
}

// BenchmarkScaling times the jobscope command's summary of the 1,000,000
// rows in one CSV.gz data file (files=1) and in eight (files=8), run with
// GOMAXPROCS 1 and 2 in turns, and reports procs=1/procs=2: what a second
// core gains. On a machine of one core the ratio is about 1.
func BenchmarkScaling(b *testing.B) {
	bin, job := jobscopeCLI(b)
	for _, rep := range []*synth.TempReport{oneFileReport, eightFileReport} {
		manifest, _, err := rep.Write()
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("files=%d", rep.Files), func(b *testing.B) {
			if runtime.NumCPU() < 2 {
				b.Skip("one core")
			}
			var cs []contender
			for _, procs := range []int{1, 2} {
				r := &cliRun{args: []string{"plan", "--job", job, "--objects", manifest, "--format", "summary"},
					env: []string{fmt.Sprintf("GOMAXPROCS=%d", procs)}}
				cs = append(cs, contender{fmt.Sprintf("procs=%d", procs), func(lo, hi int) int {
					n := 0
					for range hi - lo {
						n += r.run(b, bin)
					}
					return n
				}})
			}
			paired(b, "row", inventoryRows, 1, 0, 0, nil, cs, []ratio{{"procs=1/procs=2", 0, 1}})
		})
	}
}
