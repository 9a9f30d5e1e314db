package plan_test

import (
	"context"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/jobscope/jobscope/internal/synth"
	"github.com/jobscope/jobscope/inventory"
	"github.com/jobscope/jobscope/plan"
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

var benchReport = &synth.TempReport{Bucket: "bench", Rows: benchRows, Files: benchFiles}

func TestMain(m *testing.M) { os.Exit(benchReport.Run(m)) }

func BenchmarkPlan(b *testing.B) {
	manifest, files, err := benchReport.Write()
	if err != nil {
		b.Fatal(err)
	}
	dry := mustNew(b, synth.PlanJob, plan.Options{})
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
	b.Run("floor", func(b *testing.B) {
		for range b.N {
			floor(b, files)
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

// floor reads the files as synth.Floor does, checking that it reads every
// row.
func floor(b *testing.B, files []string) {
	if n, err := synth.Floor(files); err != nil || n != benchRows {
		b.Fatalf("floor read %d rows: %v", n, err)
	}
}
