package inventory

import (
	"bufio"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"iter"
	"os"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/jobscope/jobscope/inventory/inventorytest"
	"github.com/jobscope/jobscope/scope"
)

// benchRows is the size of the generated report of the benchmarks.
const benchRows = 200_000

var (
	benchOnce     sync.Once
	benchManifest string
	benchErr      error
)

// benchObjects yields n objects with realistic keys: logs, data files,
// documents, a few keys with spaces and pluses, versions and delete
// markers.
func benchObjects(n int) iter.Seq[scope.Object] {
	classes := []scope.StorageClass{scope.Standard, scope.Standard, scope.Standard, scope.StandardIA, scope.Glacier, scope.IntelligentTiering}
	enc := []scope.EncryptionStatus{scope.SSES3, scope.SSES3, scope.SSEKMS, scope.NotSSE}
	base := time.Date(2023, 6, 1, 0, 0, 0, 0, time.UTC)
	return func(yield func(scope.Object) bool) {
		for i := range n {
			var key string
			switch i % 5 {
			case 0:
				key = fmt.Sprintf("logs/2024/%02d/%02d/app-server-%d/part-%05d.log.gz", i%12+1, i%28+1, i%17, i)
			case 1:
				key = fmt.Sprintf("data/warehouse/table=%d/dt=2024-%02d-%02d/part-%05d.parquet", i%9, i%12+1, i%28+1, i)
			case 2:
				key = fmt.Sprintf("shared/Finance Reports/Q%d/report %d (final+v2).xlsx", i%4+1, i)
			case 3:
				key = fmt.Sprintf("images/%x/%d.jpg", i*2654435761%(1<<32), i)
			default:
				key = fmt.Sprintf("backups/db-%d.tar.gz", i)
			}
			o := scope.Object{Bucket: "example-data-bucket", Key: key, VersionID: fmt.Sprintf("3HL4kqtJlcpXroDTDmJ%08d", i),
				Size: int64(i*7919) % (64 << 20), LastModified: base.Add(time.Duration(i) * time.Minute),
				StorageClass: classes[i%len(classes)], EncryptionStatus: enc[i%len(enc)]}
			if i%50 == 49 {
				o = scope.Object{Bucket: o.Bucket, Key: o.Key, VersionID: o.VersionID, IsDeleteMarker: true, LastModified: o.LastModified}
			} else if i%10 == 9 {
				o.Noncurrent = true
			}
			if !yield(o) {
				return
			}
		}
	}
}

func benchReport(b *testing.B) string {
	benchOnce.Do(func() {
		dir, err := os.MkdirTemp("", "inventory-bench-")
		if err != nil {
			benchErr = err
			return
		}
		benchManifest, benchErr = inventorytest.Write(dir, inventorytest.Report{SourceBucket: "example-data-bucket",
			Files: []iter.Seq[scope.Object]{benchObjects(benchRows)}})
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchManifest
}

func TestMain(m *testing.M) {
	code := m.Run()
	if benchManifest != "" {
		// manifest.json is DIR/SRC/CONFIG/DATE/manifest.json.
		dir := benchManifest
		for range 4 {
			dir = dirOf(dir)
		}
		os.RemoveAll(dir)
	}
	os.Exit(code)
}

func dirOf(p string) string {
	for i := len(p) - 1; i >= 0; i-- {
		if os.IsPathSeparator(p[i]) {
			return p[:i]
		}
	}
	return "."
}

// BenchmarkCSV reads a generated 200,000-row gzip CSV data file (an op is
// the whole file) and reports rows/s and allocations per row.
func BenchmarkCSV(b *testing.B) {
	src, err := Open(context.Background(), benchReport(b), Options{})
	if err != nil {
		b.Fatal(err)
	}
	f := src.Files[0]
	b.SetBytes(f.Size())
	var ms0, ms1 runtime.MemStats
	runtime.ReadMemStats(&ms0)
	b.ResetTimer()
	rows := 0
	for range b.N {
		for r, err := range f.Records(context.Background()) {
			if err != nil {
				b.Fatal(err)
			}
			_ = r
			rows++
		}
	}
	b.StopTimer()
	runtime.ReadMemStats(&ms1)
	if rows != b.N*benchRows {
		b.Fatalf("read %d rows, want %d", rows, b.N*benchRows)
	}
	b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(ms1.Mallocs-ms0.Mallocs)/float64(rows), "allocs/row")
}

// BenchmarkCSVFloor only decompresses the same file and splits its rows
// into fields: the floor BenchmarkCSV is compared with.
func BenchmarkCSVFloor(b *testing.B) {
	src, err := Open(context.Background(), benchReport(b), Options{})
	if err != nil {
		b.Fatal(err)
	}
	path := src.Files[0].(*csvFile).path
	b.SetBytes(src.Files[0].Size())
	b.ResetTimer()
	rows := 0
	var spans []span
	for range b.N {
		fh, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		zr, err := gzip.NewReader(bufio.NewReaderSize(fh, rawBuffer))
		if err != nil {
			b.Fatal(err)
		}
		br := bufio.NewReaderSize(zr, textBuffer)
		for {
			line, err := br.ReadSlice('\n')
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			spans, _, _ = splitRow(trimEOL(line), spans[:0])
			rows++
		}
		fh.Close()
	}
	b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkWrite writes a 200,000-row report with inventorytest.
func BenchmarkWrite(b *testing.B) {
	dir := b.TempDir()
	for range b.N {
		if _, err := inventorytest.Write(dir, inventorytest.Report{SourceBucket: "example-data-bucket",
			Files: []iter.Seq[scope.Object]{benchObjects(benchRows)}}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*benchRows)/b.Elapsed().Seconds(), "rows/s")
}
