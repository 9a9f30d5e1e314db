package synth

import (
	"bufio"
	"bytes"
	"compress/gzip"
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
	"github.com/jobscope/jobscope/inventory/inventorytest"
	"github.com/jobscope/jobscope/plan"
	"github.com/jobscope/jobscope/scope"
)

// PlanJob is the job the dry-run benchmarks plan over a report of
// WriteReport of bucket "bench": the rule of the scope-engine benchmarks,
// objects under logs/ or data/2024/ with the extension csv, json or
// parquet and under 10 MiB. S3 Inventory has no tags, and a tag condition
// needs a tag sidecar, so the job has the rule's includes and no excludes.
const PlanJob = `{
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

// PlanDryRun loads PlanJob and returns it with its dry run (the default
// options).
func PlanDryRun() (*jobscope.Job, *plan.DryRun, error) {
	j, err := jobscope.Load(strings.NewReader(PlanJob), jobscope.Limits{}, jobscope.Options{})
	if err != nil {
		return nil, nil, err
	}
	dry, err := plan.New(j, plan.Options{})
	return j, dry, err
}

// WriteReport writes in dir an S3 Inventory report of rows objects of
// bucket, without tags (S3 Inventory has none), in files gzip-compressed
// CSV data files, as inventorytest writes them like S3; data file i holds
// objects seeded by seed+i. It returns the manifest's path.
func WriteReport(dir, bucket string, rows, files int, seed uint64) (string, error) {
	seqs := make([]iter.Seq[scope.Object], files)
	for i := range seqs {
		n := rows / files
		if i < rows%files {
			n++
		}
		seqs[i] = Objects(bucket, n, seed+uint64(i), false)
	}
	return inventorytest.Write(dir, inventorytest.Report{SourceBucket: bucket, Files: seqs})
}

// TempReport is a report of WriteReport written at most once per process,
// in a temporary directory, for benchmarks.
type TempReport struct {
	Bucket      string
	Rows, Files int
	Seed        uint64

	once     sync.Once
	dir      string
	manifest string
	data     []string
	err      error
}

// Write writes the report the first time it is called and returns its
// manifest's path and its data files.
func (r *TempReport) Write() (manifest string, data []string, err error) {
	r.once.Do(func() {
		if r.dir, r.err = os.MkdirTemp("", "jobscope-bench"); r.err != nil {
			return
		}
		if r.manifest, r.err = WriteReport(r.dir, r.Bucket, r.Rows, r.Files, r.Seed); r.err != nil {
			return
		}
		r.data, r.err = filepath.Glob(filepath.Join(filepath.Dir(filepath.Dir(r.manifest)), "data", "*.csv.gz"))
		if r.err == nil && len(r.data) != r.Files {
			r.err = fmt.Errorf("the report has data files %v, not %d", r.data, r.Files)
		}
		runtime.GC()
	})
	return r.manifest, r.data, r.err
}

// Run runs the tests and benchmarks of m, as a TestMain does, and then
// removes the report, if written.
func (r *TempReport) Run(m *testing.M) int {
	defer r.Remove()
	return m.Run()
}

// Remove removes the report, if written.
func (r *TempReport) Remove() {
	if r.dir != "" {
		os.RemoveAll(r.dir)
	}
}

// Floor reads the gzip-compressed CSV data files as a dry run's floor: it
// decompresses them, one worker per core as plan.DryRun.Run has, and
// splits every row into its fields; it returns the number of rows.
func Floor(files []string) (int64, error) {
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
	return rows.Load(), errors.Join(errs...)
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
