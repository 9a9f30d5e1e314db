package bench

import (
	"fmt"
	"testing"

	"github.com/jobscope/jobscope/criteria"
	"github.com/jobscope/jobscope/internal/reference"
	"github.com/jobscope/jobscope/scope"
)

// edgeObjects are records the corpus may lack, each at an edge of the
// rule's semantics.
var edgeObjects = []scope.Object{
	{Key: "logs/a.csv", Size: 1},
	{Key: "logs/a.CSV", Size: 1},     // case-sensitive extension
	{Key: "LOGS/a.csv", Size: 1},     // case-sensitive prefix
	{Key: "logs/a.tar.csv", Size: 1}, // last dot
	{Key: "logs/a.csv.gz", Size: 1},  // last dot
	{Key: "logs/a.csv/b", Size: 1},   // a folder named like a file
	{Key: "logs/a.csv/", Size: 1},    // empty last segment
	{Key: "logs/.csv", Size: 1},      // a dotfile's extension is its name
	{Key: "logs/csv", Size: 1},       // no dot
	{Key: "logs/a.", Size: 1},        // trailing dot: no extension
	{Key: "logs/x.json", Size: 1},
	{Key: "data/2024/y.parquet", Size: 1},
	{Key: "data/2024y.parquet", Size: 1}, // prefix is byte-wise
	{Key: "/logs/a.csv", Size: 1},        // no normalization of a leading slash
	{Key: "logs/a.csv", Size: RuleMaxSize - 1},
	{Key: "logs/a.csv", Size: RuleMaxSize}, // LT is strict
	{Key: "logs/a.csv", Size: 0},
	{Key: "logs/a.csv", Size: 1, Tags: map[string]string{}},
	{Key: "logs/a.csv", Size: 1, Tags: map[string]string{"env": "test"}},
	{Key: "logs/a.csv", Size: 1, Tags: map[string]string{"env": "Test"}},
	{Key: "logs/a.csv", Size: 1, Tags: map[string]string{"env": ""}},
	{Key: "logs/a.csv", Size: 1, Tags: map[string]string{"owner": "test"}},
	{Key: "logs/a.csv", Size: 1, Tags: map[string]string{"env": "prod", "owner": "test"}},
	{Key: "", Size: 1},
	{Key: "logs/", Size: 1},
	// Keys of sixteen bytes or more, which BranchFree decides from words.
	{Key: "logs/0123456/a.csv", Size: 1},
	{Key: "logs/0123456/a.CSV", Size: 1},
	{Key: "logs/0123456/a.xcsv", Size: 1},
	{Key: "logs/0123456/acsv", Size: 1},
	{Key: "logs/0123456/a.csv/", Size: 1},
	{Key: "logs/0123456/a.", Size: 1},
	{Key: "logs/0123456/.json", Size: 1},
	{Key: "logs/0123456/a.jsonx", Size: 1},
	{Key: "logs/01234/.parquet", Size: 1},
	{Key: "logs/01234/x.parquet", Size: RuleMaxSize},
	{Key: "logs/01234/xparquet", Size: 1},
	{Key: "logs0123456/a.csv", Size: 1},
	{Key: "data/2024/0000y.parquet", Size: 1},
	{Key: "data/2024/0000y.parquet", Size: 1, Tags: map[string]string{"env": "test"}},
	{Key: "data/2024/0000y.parquet", Size: 1, Tags: map[string]string{"env": "tests"}},
	{Key: "data/2023/0000y.parquet", Size: 1},
	{Key: "data/20240000y.parquet", Size: 1},
	{Key: "data/2024/0000y/parquet", Size: 1},
}

// TestContendersAgree checks that the six contenders of
// BenchmarkObjectScope decide every record of the corpus, and every edge
// case, as the reference interpreter of Macie's semantics
// (internal/reference, which shares no code with the scope engine) does,
// and that the rule selects some records and rejects others.
func TestContendersAgree(t *testing.T) {
	rule := Rule(RulePrefixes, RuleExtensions)
	m, c, e := compileRule(t)
	var act Activation
	// branchFree is BranchFree's decision of the record checked.
	check := func(o *scope.Object, branchFree bool) bool {
		want := reference.InScope(rule, o, scope.Options{})
		act.Object = o
		got := map[string]bool{
			"branch-free":    branchFree,
			"jobscope":       m.Match(o),
			"handwritten":    Handwritten(o),
			"cel":            c.MatchMap(o),
			"cel-activation": c.MatchActivation(&act),
			"expr":           e.Match(o),
		}
		ok := true
		for name, g := range got {
			if g != want {
				t.Errorf("%s = %v, reference = %v for key %q, size %d, tags %v", name, g, want, o.Key, o.Size, o.Tags)
				ok = false
			}
		}
		return ok && want
	}
	edge := make([]bool, len(edgeObjects))
	BranchFree(edgeObjects, edge)
	for i := range edgeObjects {
		check(&edgeObjects[i], edge[i])
	}
	selected, recs := 0, Corpus()
	branchFree := make([]bool, len(recs))
	BranchFree(recs, branchFree)
	for i := range recs {
		if check(&recs[i], branchFree[i]) {
			selected++
		}
		if t.Failed() {
			t.Fatalf("stopped at record %d", i)
		}
	}
	if selected == 0 || selected == len(recs) {
		t.Fatalf("the rule selects %d of %d records", selected, len(recs))
	}
	t.Logf("the rule selects %d of %d records", selected, len(recs))
}

// TestScalingAgree checks that every width of the scaling rules selects
// what the one-value rule selects.
func TestScalingAgree(t *testing.T) {
	recs := Corpus()
	for _, tc := range []struct {
		name string
		rule func(n int) *scope.ObjectMatcher
	}{
		{"prefix", func(n int) *scope.ObjectMatcher { return CompileRule(ScalingPrefixes(n), RuleExtensions) }},
		{"extension", func(n int) *scope.ObjectMatcher { return CompileRule(RulePrefixes, ScalingExtensions(n)) }},
	} {
		m1 := tc.rule(1)
		for _, n := range scalingWidths[1:] {
			if n > 1000 && testing.Short() {
				continue
			}
			m := tc.rule(n)
			for i := range recs {
				if m.Match(&recs[i]) != m1.Match(&recs[i]) {
					t.Fatalf("%s: values=%d and values=1 disagree on %q", tc.name, n, recs[i].Key)
				}
			}
		}
	}
	if got := ScalingPrefixes(10000); len(got) != 10000 || len(unique(got)) != 10000 {
		t.Errorf("ScalingPrefixes(10000): %d values, %d distinct", len(got), len(unique(got)))
	}
	if got := ScalingExtensions(10000); len(got) != 10000 || len(unique(got)) != 10000 {
		t.Errorf("ScalingExtensions(10000): %d values, %d distinct", len(got), len(unique(got)))
	}
}

func unique(xs []string) map[string]bool {
	m := map[string]bool{}
	for _, x := range xs {
		m[x] = true
	}
	return m
}

// TestBucketsAgree checks the compiled bucket rule and its hand-written
// form against the reference interpreter on every bucket of the bucket
// corpus and on edge cases.
func TestBucketsAgree(t *testing.T) {
	rule, m := BucketRule(), CompileBucketRule()
	bs := Buckets()
	selected := 0
	for i := range bs {
		want := reference.BucketMatch(rule, &bs[i], criteria.Options{})
		if got, hand := m.Match(&bs[i]), HandwrittenBucket(&bs[i]); got != want || hand != want {
			t.Fatalf("bucket %+v: jobscope %v, hand-written %v, reference %v", bs[i], got, hand, want)
		}
		if want {
			selected++
		}
	}
	if selected == 0 || selected == len(bs) {
		t.Fatalf("the bucket rule selects %d of %d buckets", selected, len(bs))
	}
	edge := []criteria.BucketMetadata{
		{AccountID: BucketAccounts[0], Tags: []criteria.KeyValuePair{{Key: "data-class", Value: "restricted"}}},
		{AccountID: BucketAccounts[0], ErrorCode: criteria.ErrorCodeBucketCountExceedsQuota,
			Tags: []criteria.KeyValuePair{{Key: "data-class", Value: "restricted"}}},
		{AccountID: BucketAccounts[0], PublicAccess: &criteria.BucketPublicAccess{EffectivePermission: criteria.Public},
			Tags: []criteria.KeyValuePair{{Key: "data-class", Value: "restricted"}}},
		{AccountID: BucketAccounts[0], Tags: []criteria.KeyValuePair{{Key: "data-class", Value: "restricted"}, {Key: "env", Value: "test"}}},
		{AccountID: BucketAccounts[5], Tags: []criteria.KeyValuePair{{Key: "data-class", Value: "restricted"}}},
		{AccountID: BucketAccounts[0], Tags: []criteria.KeyValuePair{{Key: "data-class", Value: "public"}}},
	}
	for i := range edge {
		want := reference.BucketMatch(rule, &edge[i], criteria.Options{})
		if got, hand := m.Match(&edge[i]), HandwrittenBucket(&edge[i]); got != want || hand != want {
			t.Errorf("edge bucket %d: jobscope %v, hand-written %v, reference %v", i, got, hand, want)
		}
	}
	t.Logf("the bucket rule selects %d of %d buckets", selected, len(bs))
}

func ExampleCEL_MatchActivation() {
	c, err := NewCEL()
	if err != nil {
		panic(err)
	}
	a := &Activation{Object: &scope.Object{Key: "logs/2024/app.json", Size: 1000}}
	fmt.Println(c.MatchActivation(a))
	a.Object = &scope.Object{Key: "logs/2024/app.json", Size: 1000, Tags: map[string]string{"env": "test"}}
	fmt.Println(c.MatchActivation(a))
	// Output:
	// true
	// false
}
