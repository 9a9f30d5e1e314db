package bench

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"

	pq "github.com/parquet-go/parquet-go"

	"github.com/jobscope/jobscope/internal/synth"
	"github.com/jobscope/jobscope/inventory"
	"github.com/jobscope/jobscope/inventory/parquet"
	"github.com/jobscope/jobscope/plan"
)

// The Parquet file of BenchmarkParquet: the objects of BenchmarkPlan's
// report's first data file's seed, inventoryRows of them, written by
// parquet.WriteFile as S3 writes its Parquet reports (Snappy).
var (
	parquetOnce sync.Once
	parquetPath string
	parquetErr  error
)

func parquetFile(b *testing.B) string {
	parquetOnce.Do(func() {
		dir, err := os.MkdirTemp("", "jobscope-bench-parquet")
		if err != nil {
			parquetErr = err
			return
		}
		cliFiles = append(cliFiles, dir)
		parquetPath = filepath.Join(dir, "report.parquet")
		parquetErr = parquet.WriteFile(parquetPath, synth.Objects("bench", inventoryRows, corpusSeed, false))
	})
	if parquetErr != nil {
		b.Fatal(parquetErr)
	}
	return parquetPath
}

// parquetColumns are the columns the dry run of the bench job reads: all
// but last_modified_date (the job has no date condition and no window).
var parquetColumns = []string{"bucket", "key", "version_id", "is_latest", "is_delete_marker", "size", "storage_class", "encryption_status"}

// parquetGoPass reads the values of parquetColumns of every row group of
// the file with parquet-go, page by page (its fastest reading: no rows
// are assembled), and returns the number of rows of the key column.
func parquetGoPass(b *testing.B, path string) int {
	fh, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer fh.Close()
	st, _ := fh.Stat()
	f, err := pq.OpenFile(fh, st.Size())
	if err != nil {
		b.Fatal(err)
	}
	var idx []int
	for _, name := range parquetColumns {
		c := f.Root().Column(name)
		if c == nil {
			b.Fatalf("no column %s", name)
		}
		idx = append(idx, c.Index())
	}
	vals := make([]pq.Value, 1024)
	rows := 0
	for _, rg := range f.RowGroups() {
		chunks := rg.ColumnChunks()
		for k, i := range idx {
			pages := chunks[i].Pages()
			for {
				p, err := pages.ReadPage()
				if err == io.EOF {
					break
				}
				if err != nil {
					b.Fatal(err)
				}
				r := p.Values()
				for {
					n, err := r.ReadValues(vals)
					if parquetColumns[k] == "key" {
						rows += n
					}
					if err == io.EOF {
						break
					}
					if err != nil {
						b.Fatal(err)
					}
				}
				pq.Release(p)
			}
			pages.Close()
		}
	}
	return rows
}

// BenchmarkParquet times, one op per pass over one Parquet data file of
// 1,000,000 rows, the dry run of the bench job (DryRun.Run; one file is
// read by one goroutine) and parquet-go reading the columns the job needs
// (parquetColumns) on one goroutine; ratio runs them in turns and reports
// jobscope/parquet-go.
func BenchmarkParquet(b *testing.B) {
	path := parquetFile(b)
	dry := planJob(b)
	cs := []contender{
		{"jobscope", func(lo, hi int) int {
			n := 0
			for range hi - lo {
				src, err := inventory.Open(context.Background(), path, inventory.Options{})
				if err != nil {
					b.Fatal(err)
				}
				s, err := dry.Run(context.Background(), []*inventory.Source{src}, plan.RunOptions{})
				if err != nil || s.Read.Objects != inventoryRows || len(s.FileErrors) > 0 {
					b.Fatalf("plan: %v, read %d, %v", err, s.Read.Objects, s.FileErrors)
				}
				n += int(s.Scanned.Objects)
			}
			return n
		}},
		{"parquet-go", func(lo, hi int) int {
			n := 0
			for range hi - lo {
				if rows := parquetGoPass(b, path); rows != inventoryRows {
					b.Fatalf("parquet-go read %d rows", rows)
				}
				n += inventoryRows
			}
			return n
		}},
	}
	for _, c := range cs {
		b.Run(c.name, func(b *testing.B) {
			sink += c.pass(0, b.N)
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/inventoryRows, "ns/row")
		})
	}
	b.Run("ratio", func(b *testing.B) {
		paired(b, "row", inventoryRows, 1, 0, 0, nil, cs, []ratio{{"jobscope/parquet-go", 0, 1}})
	})
}
