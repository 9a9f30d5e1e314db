package plan_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jobscope/jobscope/internal/synth"
	"github.com/jobscope/jobscope/inventory"
	"github.com/jobscope/jobscope/plan"
)

// The coverage benchmark: an organization's jobs, one per team and
// account, each the rule of synth.PlanJob under a key prefix of its own,
// planned together by a Set, against the same Set with one job and
// against one job's DryRun. Compare with:
//
//	go test -run '^$' -bench 'Coverage' -benchtime 5x -count 6 ./plan/ | tee cov.txt && benchstat cov.txt
//
// BenchmarkCoverage/decide reports the cost per record of deciding the
// corpus's objects for the bench job alone, for one job with the 1,000
// jobs' prefixes (the same objects in scope), and for the 1,000 jobs, and
// the ratios (target ≤ 3); BenchmarkCoverage/run/ratio the whole run over the bench report
// with 1,000 jobs against plan with one (target ≤ 3), in turns.

// orgJobs returns n jobs, each the bench rule under one prefix of the
// corpus's keys (top/number/), the first ones matching objects of the
// corpus and the rest ("team-k/") none.
func orgJobs(b *testing.B, n int) ([]string, []*plan.DryRun) {
	tops := []string{"logs", "data/2024", "data/2023", "exports", "backups", "tmp", "home/alice"}
	var names []string
	var members []*plan.DryRun
	for k := range n {
		prefix := fmt.Sprintf("team-%d/", k)
		if k < len(tops)*100 {
			prefix = fmt.Sprintf("%s/%d/", tops[k%len(tops)], k/len(tops))
		}
		job := strings.Replace(synth.PlanJob, `"values": ["logs/", "data/2024/"]`, `"values": ["`+prefix+`"]`, 1)
		names = append(names, fmt.Sprintf("team-%d", k))
		members = append(members, mustNew(b, job, plan.Options{}))
	}
	return names, members
}

func BenchmarkCoverage(b *testing.B) {
	objs := slices.Collect(synth.Objects("bench", 100_000, 1, false))
	decide := func(set *plan.Set) time.Duration {
		var dst []int
		t0 := time.Now()
		for i := range objs {
			dst = set.Scanners(&objs[i], dst[:0])
		}
		return time.Since(t0)
	}
	one := plan.NewSet([]string{"bench"}, []*plan.DryRun{mustNew(b, synth.PlanJob, plan.Options{})})
	names, members := orgJobs(b, 1000)
	many := plan.NewSet(names, members)
	// union is one job with the 1,000 jobs' prefixes in its one key
	// condition: the same objects reach its later conditions.
	var prefixes []string
	for _, m := range members {
		prefixes = append(prefixes, m.Scoping().Program().Includes[0].Values...)
	}
	union := plan.NewSet([]string{"union"}, []*plan.DryRun{mustNew(b, strings.Replace(synth.PlanJob,
		`"values": ["logs/", "data/2024/"]`, `"values": ["`+strings.Join(prefixes, `", "`)+`"]`, 1), plan.Options{})})
	b.Run("decide", func(b *testing.B) {
		var ratios, unionRatios []float64
		var ns1, nsUnion, ns1000 float64
		for range b.N {
			d1, dUnion, d1000 := decide(one), decide(union), decide(many)
			ns1 += float64(d1.Nanoseconds()) / float64(len(objs))
			nsUnion += float64(dUnion.Nanoseconds()) / float64(len(objs))
			ns1000 += float64(d1000.Nanoseconds()) / float64(len(objs))
			ratios = append(ratios, float64(d1000)/float64(d1))
			unionRatios = append(unionRatios, float64(d1000)/float64(dUnion))
		}
		slices.Sort(ratios)
		slices.Sort(unionRatios)
		b.ReportMetric(ns1/float64(b.N), "ns/record-1job")
		b.ReportMetric(nsUnion/float64(b.N), "ns/record-union")
		b.ReportMetric(ns1000/float64(b.N), "ns/record-1000jobs")
		b.ReportMetric(ratios[len(ratios)/2], "1000jobs/1job")
		b.ReportMetric(unionRatios[len(unionRatios)/2], "1000jobs/union")
	})
	manifest, _, err := benchReport.Write()
	if err != nil {
		b.Fatal(err)
	}
	dry := mustNew(b, synth.PlanJob, plan.Options{})
	b.Run("run", func(b *testing.B) {
		var ratios []float64
		for range b.N {
			src, err := inventory.Open(context.Background(), manifest, inventory.Options{})
			if err != nil {
				b.Fatal(err)
			}
			t0 := time.Now()
			if _, err := dry.Run(context.Background(), []*inventory.Source{src}, plan.RunOptions{}); err != nil {
				b.Fatal(err)
			}
			t1 := time.Now()
			if src, err = inventory.Open(context.Background(), manifest, inventory.Options{}); err != nil {
				b.Fatal(err)
			}
			c, err := many.Run(context.Background(), []*inventory.Source{src}, plan.RunOptions{}, nil)
			if err != nil || c.Read.Objects != benchRows {
				b.Fatalf("coverage: %v, read %d", err, c.Read.Objects)
			}
			ratios = append(ratios, float64(time.Since(t1))/float64(t1.Sub(t0)))
		}
		slices.Sort(ratios)
		b.ReportMetric(ratios[len(ratios)/2], "coverage1000/plan")
	})
}
