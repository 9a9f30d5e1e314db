package plan_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/internal/synth"
	"github.com/jobscope/jobscope/inventory"
	"github.com/jobscope/jobscope/plan"
	"github.com/jobscope/jobscope/scope"
)

// objectsFile writes synthetic objects of two buckets, with tags, as JSONL
// of objects, and returns the file and the objects.
func compareObjects(t testing.TB) (string, []scope.Object) {
	t.Helper()
	var objs []scope.Object
	var b strings.Builder
	for i, bucket := range []string{"alpha", "beta"} {
		for o := range synth.Objects(bucket, 300, uint64(i+1), true) {
			objs = append(objs, o)
			line, err := json.Marshal(o)
			if err != nil {
				t.Fatal(err)
			}
			b.Write(line)
			b.WriteByte('\n')
		}
	}
	name := filepath.Join(t.TempDir(), "objects.jsonl")
	if err := os.WriteFile(name, []byte(b.String()), 0o666); err != nil {
		t.Fatal(err)
	}
	return name, objs
}

func openOne(t testing.TB, name string) []*inventory.Source {
	t.Helper()
	src, err := inventory.Open(context.Background(), name, inventory.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return []*inventory.Source{src}
}

// genJob draws a ONE_TIME job over buckets alpha, beta and gamma: a
// bucket selection, exclusions by extension, key prefix and tag, a size
// condition and a sampling percentage.
func genCompareJob(t *rapid.T, label string) string {
	buckets := rapid.SliceOfNDistinct(rapid.SampledFrom([]string{"alpha", "beta", "gamma"}), 1, 3, rapid.ID[string]).Draw(t, label+" buckets")
	var excl []string
	if exts := rapid.SliceOfDistinct(rapid.SampledFrom([]string{"csv", "json", "gz", "pdf", "log"}), rapid.ID[string]).Draw(t, label+" excluded extensions"); len(exts) > 0 {
		excl = append(excl, fmt.Sprintf(`{"simpleScopeTerm":{"comparator":"EQ","key":"OBJECT_EXTENSION","values":%s}}`, jsonOf(t, exts)))
	}
	if p := rapid.SampledFrom([]string{"", "logs/", "data/", "tmp/"}).Draw(t, label+" excluded prefix"); p != "" {
		excl = append(excl, fmt.Sprintf(`{"simpleScopeTerm":{"comparator":"STARTS_WITH","key":"OBJECT_KEY","values":[%q]}}`, p))
	}
	if rapid.Bool().Draw(t, label+" excludes env=test") {
		excl = append(excl, `{"tagScopeTerm":{"comparator":"EQ","key":"TAG","target":"S3_OBJECT","tagValues":[{"key":"env","value":"test"}]}}`)
	}
	scoping := ""
	var parts []string
	if size := rapid.SampledFrom([]int{0, 1 << 10, 1 << 20}).Draw(t, label+" minimum size"); size > 0 {
		parts = append(parts, fmt.Sprintf(`"includes":{"and":[{"simpleScopeTerm":{"comparator":"GT","key":"OBJECT_SIZE","values":["%d"]}}]}`, size))
	}
	if len(excl) > 0 {
		parts = append(parts, `"excludes":{"and":[`+strings.Join(excl, ",")+`]}`)
	}
	if len(parts) > 0 {
		scoping = `,"scoping":{` + strings.Join(parts, ",") + `}`
	}
	pct := rapid.SampledFrom([]int{100, 100, 50, 10}).Draw(t, label+" sampling")
	return fmt.Sprintf(`{"name":%q,"jobType":"ONE_TIME","samplingPercentage":%d,"s3JobDefinition":{"bucketDefinitions":[{"accountId":"111122223333","buckets":%s}]%s}}`,
		label, pct, jsonOf(t, buckets), scoping)
}

func jsonOf(t *rapid.T, v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func compileJob(t *rapid.T, def string) *plan.DryRun {
	j, err := jobscope.ParseJob([]byte(def), jobscope.Limits{})
	if err != nil {
		t.Fatalf("%s: %v", def, err)
	}
	p, err := plan.New(j, plan.Options{})
	if err != nil {
		t.Fatalf("%s: %v", def, err)
	}
	return p
}

type objectID struct{ bucket, key string }

// TestCompareIsTheSetDifference: for random pairs of jobs, the objects that
// enter and leave are the set differences of the two jobs' scans, each
// with the other job's decision; the counts reconcile; the old job's
// summary, counted in the new job's pass, is the one its own Run gives;
// an absent job diffs against nothing.
func TestCompareIsTheSetDifference(t *testing.T) {
	name, objs := compareObjects(t)
	sources := openOne(t, name)
	rapid.Check(t, func(t *rapid.T) {
		old, new := compileJob(t, genCompareJob(t, "old")), compileJob(t, genCompareJob(t, "new"))
		absent := rapid.SampledFrom([]string{"", "", "old", "new"}).Draw(t, "absent")
		switch absent {
		case "old":
			old = nil
		case "new":
			new = nil
		}
		decide := func(p *plan.DryRun, o *scope.Object) plan.Decision {
			if p == nil {
				return plan.Decision{}
			}
			return p.Decide(o)
		}
		wantEnter, wantLeave := map[objectID]plan.Decision{}, map[objectID]plan.Decision{}
		var staying plan.Counts
		for i := range objs {
			o := &objs[i]
			od, nd := decide(old, o), decide(new, o)
			switch {
			case nd.Scan && !od.Scan:
				wantEnter[objectID{o.Bucket, o.Key}] = od
			case od.Scan && !nd.Scan:
				wantLeave[objectID{o.Bucket, o.Key}] = nd
			case od.Scan:
				staying.Objects++
				staying.Bytes += o.Size
			}
		}
		gotEnter, gotLeave := map[objectID]plan.Decision{}, map[objectID]plan.Decision{}
		d, err := plan.Compare(context.Background(), old, new, sources, plan.RunOptions{}, func(r *inventory.Record, od, nd plan.Decision) error {
			id := objectID{r.Bucket, r.Key}
			if nd.Scan {
				gotEnter[id] = od
			} else {
				gotLeave[id] = nd
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(wantEnter, gotEnter, cmp.Comparer(sameDecision)); diff != "" {
			t.Fatalf("entering (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(wantLeave, gotLeave, cmp.Comparer(sameDecision)); diff != "" {
			t.Fatalf("leaving (-want +got):\n%s", diff)
		}
		if d.Entering.Objects != int64(len(wantEnter)) || d.Leaving.Objects != int64(len(wantLeave)) || d.Staying != staying {
			t.Fatalf("counts: entering %v, leaving %v, staying %v; want %d, %d, %v", d.Entering, d.Leaving, d.Staying, len(wantEnter), len(wantLeave), staying)
		}
		checkReconciles(t, d, old != nil, new != nil)
		for _, side := range []struct {
			p   *plan.DryRun
			got *plan.Summary
		}{{old, d.Old}, {new, d.New}} {
			if (side.p == nil) != (side.got == nil) {
				t.Fatalf("summary %v for job %v", side.got, side.p)
			}
			if side.p == nil {
				continue
			}
			want, err := side.p.Run(context.Background(), sources, plan.RunOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, side.got); diff != "" {
				t.Fatalf("a job's summary in the diff differs from its own run's (-run +diff):\n%s", diff)
			}
		}
		wantDelta := 0.0
		if new != nil {
			wantDelta += d.New.EstimatedCost
		}
		if old != nil {
			wantDelta -= d.Old.EstimatedCost
		}
		if d.CostDelta != wantDelta || d.NewCost-d.OldCost != wantDelta {
			t.Fatalf("cost delta %v (%v − %v), want %v", d.CostDelta, d.NewCost, d.OldCost, wantDelta)
		}
	})
}

// sameDecision compares what a Decision says: scan, stage, reason, path.
func sameDecision(a, b plan.Decision) bool {
	return a.Scan == b.Scan && a.Stage == b.Stage && a.Reason == b.Reason && a.Path == b.Path
}

// checkReconciles checks that the buckets sum to the totals, and the
// reasons to entering and leaving when the other job exists.
func checkReconciles(t *rapid.T, d *plan.Diff, haveOld, haveNew bool) {
	var entering, leaving, staying, entered, left plan.Counts
	add := func(a *plan.Counts, b plan.Counts) { a.Objects += b.Objects; a.Bytes += b.Bytes }
	sum := func(rs []plan.ReasonCount) plan.Counts {
		var c plan.Counts
		for _, r := range rs {
			add(&c, r.Counts)
		}
		return c
	}
	for _, b := range d.Buckets {
		add(&entering, b.Entering)
		add(&leaving, b.Leaving)
		add(&staying, b.Staying)
		add(&entered, sum(b.Entered))
		add(&left, sum(b.Left))
	}
	if entering != d.Entering || leaving != d.Leaving || staying != d.Staying {
		t.Fatalf("buckets sum to %v, %v, %v; the totals are %v, %v, %v", entering, leaving, staying, d.Entering, d.Leaving, d.Staying)
	}
	if entered != sum(d.Entered) || left != sum(d.Left) {
		t.Fatalf("the buckets' reasons do not sum to the totals'")
	}
	if haveOld && sum(d.Entered) != d.Entering || !haveOld && len(d.Entered) > 0 {
		t.Fatalf("entered %v, entering %v (old job: %v)", d.Entered, d.Entering, haveOld)
	}
	if haveNew && sum(d.Left) != d.Leaving || !haveNew && len(d.Left) > 0 {
		t.Fatalf("left %v, leaving %v (new job: %v)", d.Left, d.Leaving, haveNew)
	}
	if d.Entering.Objects+d.Leaving.Objects+d.Staying.Objects > d.Read.Objects {
		t.Fatalf("more objects changed than read: %+v", d)
	}
}

// A job needs columns the inputs lack: Compare says so before reading, for
// the old job too.
func TestCompareMissingColumns(t *testing.T) {
	csv := filepath.Join(t.TempDir(), "objects.csv")
	if err := os.WriteFile(csv, []byte("alpha,a.csv\nalpha,b.csv\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	src, err := inventory.Open(context.Background(), csv, inventory.Options{FileSchema: "Bucket, Key"})
	if err != nil {
		t.Fatal(err)
	}
	parse := func(def string) *plan.DryRun {
		j, err := jobscope.ParseJob([]byte(def), jobscope.Limits{})
		if err != nil {
			t.Fatal(err)
		}
		p, err := plan.New(j, plan.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	plain := parse(`{"name":"j","jobType":"ONE_TIME","s3JobDefinition":{"bucketDefinitions":[{"accountId":"111122223333","buckets":["alpha"]}]}}`)
	sized := parse(`{"name":"j","jobType":"ONE_TIME","s3JobDefinition":{"bucketDefinitions":[{"accountId":"111122223333","buckets":["alpha"]}],` +
		`"scoping":{"includes":{"and":[{"simpleScopeTerm":{"comparator":"GT","key":"OBJECT_SIZE","values":["0"]}}]}}}}`)
	for _, pair := range [][2]*plan.DryRun{{sized, plain}, {plain, sized}} {
		d, err := plan.Compare(context.Background(), pair[0], pair[1], []*inventory.Source{src}, plan.RunOptions{}, nil)
		if d != nil || err == nil || !strings.Contains(err.Error(), "needs the Size column") {
			t.Errorf("diff %v, error %v; want the missing Size column", d, err)
		}
	}
	d, err := plan.Compare(context.Background(), plain, plain, []*inventory.Source{src}, plan.RunOptions{}, nil)
	if err != nil || d.Staying.Objects != 2 || d.Entering.Objects+d.Leaving.Objects != 0 {
		t.Errorf("a job against itself: %+v, %v", d, err)
	}
	if _, err := plan.Compare(context.Background(), nil, nil, nil, plan.RunOptions{}, nil); err == nil {
		t.Error("two absent jobs: no error")
	}
}
