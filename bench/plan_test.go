package bench

import (
	"context"
	"os"
	"testing"

	"github.com/jobscope/jobscope/internal/synth"
	"github.com/jobscope/jobscope/inventory"
	"github.com/jobscope/jobscope/plan"
)

// The dry-run benchmark's input: an S3 Inventory report of inventoryRows
// objects of bucket "bench" (internal/synth, without tags, as S3 Inventory
// has none) in inventoryFiles gzip-compressed CSV data files, written by
// inventorytest as S3 writes them, at gzip's default level.
const (
	inventoryRows  = 1_000_000
	inventoryFiles = 4
)

var inventoryReport = &synth.TempReport{Bucket: "bench", Rows: inventoryRows, Files: inventoryFiles, Seed: corpusSeed}

func TestMain(m *testing.M) {
	code := inventoryReport.Run(m)
	removeCLIFiles()
	os.Exit(code)
}

// BenchmarkPlan times the dry run of synth.PlanJob (the rule's includes)
// over the report, one op per pass over its 1,000,000 rows: jobscope
// (inventory.Open on the manifest, then DryRun.Run, which reads the data
// files with one worker per core, parses every row and decides every
// object) and floor (the same files, with as many workers, only
// decompressed and split into fields, by synth.Floor). ratio runs one pass
// of each per op, in alternating order, and reports the median of
// jobscope/floor.
func BenchmarkPlan(b *testing.B) {
	manifest, files, err := inventoryReport.Write()
	if err != nil {
		b.Fatal(err)
	}
	dry := planJob(b)
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

// planJob is the dry run of synth.PlanJob.
func planJob(b *testing.B) *plan.DryRun {
	_, dry, err := synth.PlanDryRun()
	if err != nil {
		b.Fatal(err)
	}
	return dry
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

// floorPass reads the data files as synth.Floor does and returns the
// number of rows.
func floorPass(b *testing.B, files []string) int {
	n, err := synth.Floor(files)
	if err != nil || n != inventoryRows {
		b.Fatalf("floor read %d rows: %v", n, err)
	}
	return int(n)
}
