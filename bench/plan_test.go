package bench

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"iter"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/internal/synth"
	"github.com/jobscope/jobscope/inventory"
	"github.com/jobscope/jobscope/inventory/inventorytest"
	"github.com/jobscope/jobscope/plan"
	"github.com/jobscope/jobscope/scope"
)

// The dry-run benchmark's input: an S3 Inventory report of inventoryRows
// objects of bucket "bench" (internal/synth, without tags, as S3 Inventory
// has none) in inventoryFiles gzip-compressed CSV data files, written by
// inventorytest as S3 writes them, at gzip's default level.
const (
	inventoryRows  = 1_000_000
	inventoryFiles = 4
)

// planJob is the rule's job. S3 Inventory has no tags, and a tag condition
// needs a tag sidecar, so the job has the rule's includes and no excludes.
const planJob = `{
  "name": "bench",
  "jobType": "ONE_TIME",
  "s3JobDefinition": {
    "bucketDefinitions": [{"accountId": "111122223333", "buckets": ["bench"]}],
    "scoping": {"includes": {"and": [
      {"simpleScopeTerm": {"comparator": "STARTS_WITH", "key": "OBJECT_KEY", "values": ["logs/", "data/2024/"]}},
      {"simpleScopeTerm": {"comparator": "EQ", "key": "OBJECT_EXTENSION", "values": ["csv", "json", "parquet"]}},
      {"simpleScopeTerm": {"comparator": "LT", "key": "OBJECT_SIZE", "values": ["10485760"]}}
    ]}}
  }
}`

var (
	inventoryOnce     sync.Once
	inventoryDir      string
	inventoryManifest string
	inventoryErr      error
)

// inventoryReport writes the report once per process, in a temporary
// directory TestMain removes, and returns its manifest's path.
func inventoryReport(b *testing.B) string {
	inventoryOnce.Do(func() {
		inventoryDir, inventoryErr = os.MkdirTemp("", "jobscope-bench")
		if inventoryErr != nil {
			return
		}
		files := make([]iter.Seq[scope.Object], inventoryFiles)
		for i := range files {
			files[i] = synth.Objects("bench", inventoryRows/inventoryFiles, corpusSeed+uint64(i), false)
		}
		inventoryManifest, inventoryErr = inventorytest.Write(inventoryDir, inventorytest.Report{SourceBucket: "bench", Files: files})
		runtime.GC()
	})
	if inventoryErr != nil {
		b.Fatal(inventoryErr)
	}
	return inventoryManifest
}

func TestMain(m *testing.M) {
	code := m.Run()
	if inventoryDir != "" {
		os.RemoveAll(inventoryDir)
	}
	os.Exit(code)
}

// BenchmarkPlan times the dry run of planJob over the report, one op per
// pass over its 1,000,000 rows: jobscope (inventory.Open on the manifest,
// then DryRun.Run, which reads the data files with one worker per core,
// parses every row and decides every object) and floor (the same files,
// with as many workers, only decompressed and split into fields). ratio
// runs one pass of each per op, in alternating order, and reports the
// median of jobscope/floor.
func BenchmarkPlan(b *testing.B) {
	manifest := inventoryReport(b)
	j, err := jobscope.Load(strings.NewReader(planJob), jobscope.Limits{}, jobscope.Options{})
	if err != nil {
		b.Fatal(err)
	}
	dry, err := plan.New(j, plan.Options{})
	if err != nil {
		b.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(filepath.Dir(filepath.Dir(manifest)), "data", "*.csv.gz"))
	if err != nil || len(files) != inventoryFiles {
		b.Fatalf("data files %v: %v", files, err)
	}
	cs := []contender{
		{"jobscope", func(lo, hi int) int {
			n := 0
			for range hi - lo {
				n += planPass(b, dry, manifest)
			}
			return n
		}},
		{"floor", func(lo, hi int) int {
			n := 0
			for range hi - lo {
				n += floorPass(b, files)
			}
			return n
		}},
	}
	for _, c := range cs {
		b.Run(c.name, func(b *testing.B) {
			b.ResetTimer()
			sink += c.pass(0, b.N)
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/inventoryRows, "ns/row")
		})
	}
	b.Run("ratio", func(b *testing.B) {
		paired(b, "row", inventoryRows, 1, 0, 0, nil, cs, []ratio{{"jobscope/floor", 0, 1}})
	})
}

// planPass plans the report once and returns the number of objects
// scanned.
func planPass(b *testing.B, dry *plan.DryRun, manifest string) int {
	src, err := inventory.Open(context.Background(), manifest, inventory.Options{})
	if err != nil {
		b.Fatal(err)
	}
	s, err := dry.Run(context.Background(), []*inventory.Source{src}, plan.RunOptions{})
	if err != nil || s.Read.Objects != inventoryRows || len(s.FileErrors) > 0 || s.Rejected > 0 {
		b.Fatalf("plan: %v, read %d, rejected %d, file errors %v", err, s.Read.Objects, s.Rejected, s.FileErrors)
	}
	return int(s.Scanned.Objects)
}

// floorPass decompresses the data files, one worker per core as
// DryRun.Run has, and splits every row into its fields; it returns the
// number of rows.
func floorPass(b *testing.B, files []string) int {
	var rows, next atomic.Int64
	var wg sync.WaitGroup
	errs := make([]error, len(files))
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
				n, err := floorFile(files[i], fields)
				rows.Add(n)
				errs[i] = err
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		b.Fatal(err)
	}
	if n := rows.Load(); n != inventoryRows {
		b.Fatalf("floor read %d rows", n)
	}
	return int(rows.Load())
}

func floorFile(name string, fields [][]byte) (int64, error) {
	f, err := os.Open(name)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(bufio.NewReaderSize(f, 1<<16))
	if err != nil {
		return 0, err
	}
	br := bufio.NewReaderSize(zr, 1<<16)
	var n int64
	for {
		line, err := br.ReadSlice('\n')
		if len(line) > 0 {
			var serr error
			if fields, serr = splitQuoted(fields[:0], bytes.TrimSuffix(line, []byte("\n"))); serr != nil {
				return n, fmt.Errorf("%s: %v", name, serr)
			}
			if len(fields) == 0 {
				return n, fmt.Errorf("%s: empty row", name)
			}
			n++
		}
		if err == bufio.ErrBufferFull {
			return n, fmt.Errorf("%s: row longer than 64 KiB", name)
		}
		if err != nil {
			break
		}
	}
	return n, nil
}

// splitQuoted splits a row of "quoted","fields" (S3 Inventory quotes
// every field and URL-encodes keys, so no field holds a quote) into the
// fields' contents.
func splitQuoted(fields [][]byte, line []byte) ([][]byte, error) {
	for len(line) > 0 {
		if line[0] != '"' {
			return fields, fmt.Errorf("unquoted field in %q", line)
		}
		end := bytes.IndexByte(line[1:], '"') + 1
		if end == 0 {
			return fields, fmt.Errorf("unterminated field in %q", line)
		}
		fields = append(fields, line[1:end])
		line = line[end+1:]
		if len(line) > 0 && line[0] == ',' {
			line = line[1:]
		}
	}
	return fields, nil
}
