package plan_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/criteria"
	"github.com/jobscope/jobscope/internal/reference"
	"github.com/jobscope/jobscope/inventory"
	"github.com/jobscope/jobscope/plan"
	"github.com/jobscope/jobscope/scope"
)

// TestDemoAgreesWithReference plans run 1 of the bundled demo and
// recomputes its scan set object by object with the reference interpreter
// of bucket criteria and scoping (internal/reference), which shares no code
// with the matchers.
func TestDemoAgreesWithReference(t *testing.T) {
	const demo = "../examples/demo"
	j, err := jobscope.Load(mustOpen(t, filepath.Join(demo, "job.json")), jobscope.Limits{}, jobscope.Options{})
	if err != nil {
		t.Fatal(err)
	}
	buckets, err := inventory.ReadBuckets(context.Background(), mustOpen(t, filepath.Join(demo, "buckets.json")), "buckets.json")
	if err != nil {
		t.Fatal(err)
	}
	tags, err := inventory.ReadTags(context.Background(), mustOpen(t, filepath.Join(demo, "tags.jsonl")), "tags.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	manifests, err := filepath.Glob(filepath.Join(demo, "inventory", "*", "*", "*", "manifest.json"))
	if err != nil || len(manifests) != 3 {
		t.Fatalf("manifests %v: %v", manifests, err)
	}
	var sources []*inventory.Source
	for _, m := range manifests {
		src, err := inventory.Open(context.Background(), m, inventory.Options{})
		if err != nil {
			t.Fatal(err)
		}
		sources = append(sources, src)
	}
	dry, err := plan.New(j, plan.Options{Buckets: buckets, CreatedAt: time.Date(2024, 12, 2, 9, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}

	type id struct{ bucket, key, version string }
	got := map[id]bool{}
	want := map[id]bool{}
	byName := map[string]*criteria.BucketMetadata{}
	for i := range buckets {
		byName[buckets[i].BucketName] = &buckets[i]
	}
	elig := scope.NewEligibility(scope.EligibilityOptions{})
	s, err := dry.Run(context.Background(), sources, plan.RunOptions{Tags: tags,
		Decisions: func(r *inventory.Record, d plan.Decision) error {
			o := r.Object
			k := id{o.Bucket, o.Key, o.VersionID}
			if d.Scan {
				got[k] = true
			}
			// The reference, straight from docs/semantics.md, "The pipeline":
			// bucket ∧ latest ∧ inScope ∧ classifiable (run 1 with initialRun:
			// every object; samplingPercentage 100).
			b := byName[o.Bucket]
			if b == nil || !reference.BucketMatch(j.S3JobDefinition.BucketCriteria, b, criteria.Options{}) {
				return nil
			}
			if o.Noncurrent || o.IsDeleteMarker {
				return nil
			}
			o.Tags = tags.Lookup(o.Bucket, o.Key, o.VersionID)
			if reference.InScope(j.S3JobDefinition.Scoping, &o, scope.Options{}) && elig.Check(&o) == "" {
				want[k] = true
			}
			return nil
		}})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("scan set (-reference +plan):\n%s", diff)
	}
	if s.Scanned.Objects != int64(len(want)) || !s.Reconciles() || s.Rejected != 0 || len(s.FileErrors) != 0 {
		t.Errorf("summary: scanned %d, want %d; reconciles %v; rejected %d; file errors %v",
			s.Scanned.Objects, len(want), s.Reconciles(), s.Rejected, s.FileErrors)
	}
	if len(want) < 10000 || s.Read.Objects < 45000 {
		t.Errorf("the demo is smaller than it should be: %d scanned of %d", len(want), s.Read.Objects)
	}
}

func mustOpen(t *testing.T, name string) *os.File {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}
