package plan_test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"iter"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jobscope/jobscope/internal/synth"
	"github.com/jobscope/jobscope/inventory"
	"github.com/jobscope/jobscope/inventory/inventorytest"
	"github.com/jobscope/jobscope/plan"
	"github.com/jobscope/jobscope/scope"
)

// The plan benchmark: a 1,000,000-row, 4-file CSV.gz S3 Inventory report,
// planned by the engine (jobscope) and, as the floor, only decompressed and
// split into fields. Both read the files with one worker per core. Compare
// with:
//
//	go test -run '^$' -bench 'Plan' -benchtime 5x -count 6 ./plan/ | tee plan.txt && benchstat plan.txt
//
// BenchmarkPlan/ratio reports the ratio the target (≤ 1.5) is about.
const (
	benchRows  = 1_000_000
	benchFiles = 4
)

const benchJob = `{
  "name": "bench",
  "jobType": "ONE_TIME",
  "s3JobDefinition": {
    "bucketDefinitions": [{"accountId": "111122223333", "buckets": ["bench"]}],
    "scoping": {"includes": {"and": [
      {"simpleScopeTerm": {"comparator": "STARTS_WITH", "key": "OBJECT_KEY", "values": ["logs/", "data/2024/"]}},
      {"simpleScopeTerm": {"comparator": "EQ", "key": "OBJECT_EXTENSION", "values": ["csv", "json", "parquet", "log", "gz"]}},
      {"simpleScopeTerm": {"comparator": "LT", "key": "OBJECT_SIZE", "values": ["10485760"]}}
    ]}}
  }
}`

var (
	benchOnce     sync.Once
	benchManifest string
	benchDir      string
)

// benchReport writes the benchmark's report once per process.
func benchReport(b *testing.B) string {
	benchOnce.Do(func() {
		dir, err := os.MkdirTemp("", "jobscope-plan-bench")
		if err != nil {
			b.Fatal(err)
		}
		benchDir = dir
		files := make([]iter.Seq[scope.Object], benchFiles)
		for i := range files {
			files[i] = synth.Objects("bench", benchRows/benchFiles, uint64(i), false)
		}
		benchManifest, err = inventorytest.Write(dir, inventorytest.Report{SourceBucket: "bench", Files: files})
		if err != nil {
			b.Fatal(err)
		}
	})
	if benchManifest == "" {
		b.Fatal("no report")
	}
	return benchManifest
}

func TestMain(m *testing.M) {
	code := m.Run()
	if benchDir != "" {
		os.RemoveAll(benchDir)
	}
	os.Exit(code)
}

func BenchmarkPlan(b *testing.B) {
	manifest := benchReport(b)
	dry := mustNew(b, benchJob, plan.Options{})
	b.Run("jobscope", func(b *testing.B) {
		for range b.N {
			src, err := inventory.Open(context.Background(), manifest, inventory.Options{})
			if err != nil {
				b.Fatal(err)
			}
			s, err := dry.Run(context.Background(), []*inventory.Source{src}, plan.RunOptions{})
			if err != nil || s.Read.Objects != benchRows || len(s.FileErrors) > 0 {
				b.Fatalf("err %v, read %d, file errors %v", err, s.Read.Objects, s.FileErrors)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*benchRows), "ns/row")
	})
	data := filepath.Join(filepath.Dir(filepath.Dir(manifest)), "data")
	files, err := filepath.Glob(filepath.Join(data, "*.csv.gz"))
	if err != nil || len(files) != benchFiles {
		b.Fatalf("data files %v: %v", files, err)
	}
	b.Run("floor", func(b *testing.B) {
		for range b.N {
			if n := floor(b, files); n != benchRows {
				b.Fatalf("floor read %d rows", n)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*benchRows), "ns/row")
	})
	// ratio runs the two in turns, one of each per op, and reports the
	// median of the per-turn ratios plan/floor: load on the machine then
	// weighs on both sides alike.
	b.Run("ratio", func(b *testing.B) {
		var ratios []float64
		for range b.N {
			t0 := time.Now()
			src, err := inventory.Open(context.Background(), manifest, inventory.Options{})
			if err != nil {
				b.Fatal(err)
			}
			if _, err := dry.Run(context.Background(), []*inventory.Source{src}, plan.RunOptions{}); err != nil {
				b.Fatal(err)
			}
			t1 := time.Now()
			floor(b, files)
			ratios = append(ratios, float64(t1.Sub(t0))/float64(time.Since(t1)))
		}
		slices.Sort(ratios)
		b.ReportMetric(ratios[len(ratios)/2], "plan/floor")
	})
}

// floor decompresses the files, one worker per core, and splits every line
// into its quoted fields; it returns the number of rows.
func floor(b *testing.B, files []string) int64 {
	var rows atomic.Int64
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(files)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fields := make([][]byte, 0, 16)
			for {
				i := int(next.Add(1) - 1)
				if i >= len(files) {
					return
				}
				f, err := os.Open(files[i])
				if err != nil {
					b.Error(err)
					return
				}
				zr, err := gzip.NewReader(bufio.NewReaderSize(f, 1<<16))
				if err != nil {
					b.Error(err)
					return
				}
				br := bufio.NewReaderSize(zr, 1<<16)
				var n int64
				for {
					line, err := br.ReadSlice('\n')
					if len(line) > 0 {
						fields = splitQuoted(fields[:0], bytes.TrimSuffix(line, []byte("\n")))
						if len(fields) == 0 {
							b.Error("empty row")
						}
						n++
					}
					if err != nil {
						break
					}
				}
				f.Close()
				rows.Add(n)
			}
		}()
	}
	wg.Wait()
	return rows.Load()
}

// splitQuoted splits a row of "quoted","fields" (no quotes inside, as
// S3 Inventory writes keys URL-encoded) into the fields' contents.
func splitQuoted(fields [][]byte, line []byte) [][]byte {
	for len(line) > 0 {
		if line[0] != '"' {
			panic(fmt.Sprintf("unquoted field in %q", line))
		}
		end := bytes.IndexByte(line[1:], '"') + 1
		fields = append(fields, line[1:end])
		line = line[end+1:]
		if len(line) > 0 && line[0] == ',' {
			line = line[1:]
		}
	}
	return fields
}
