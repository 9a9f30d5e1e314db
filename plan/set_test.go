package plan_test

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/criteria"
	"github.com/jobscope/jobscope/inventory"
	"github.com/jobscope/jobscope/plan"
	"github.com/jobscope/jobscope/scope"
)

var setBuckets = []string{"docs", "logs", "other", "denied"}

var setMetadata = []criteria.BucketMetadata{
	{AccountID: "111122223333", BucketName: "docs", Tags: []criteria.KeyValuePair{{Key: "team", Value: "a"}}},
	{AccountID: "111122223333", BucketName: "logs", Tags: []criteria.KeyValuePair{{Key: "team", Value: "b"}}},
	{AccountID: "111122223333", BucketName: "other"},
	{AccountID: "111122223333", BucketName: "denied", ErrorCode: "ACCESS_DENIED"},
}

var setPrefixes = []string{"", "a/", "a/b/", "b/", "c", "data/", "reports/2024/", "x"}

// prefixValues is the values of genSetJob's OBJECT_KEY condition.
var prefixValues = regexp.MustCompile(`"STARTS_WITH", "values": \[[^\]]*\]`)

// genSetJob draws a job with the conditions the Set's index reads and
// those it does not: bucket definitions or criteria, key prefixes (or
// none), extensions, sizes, tags, a schedule and sampling.
func genSetJob(t *rapid.T, label string) string {
	var buckets string
	if rapid.Bool().Draw(t, label+"criteria") {
		team := rapid.SampledFrom([]string{"a", "b"}).Draw(t, label+"team")
		buckets = `"bucketCriteria": {"includes": {"and": [{"tagCriterion": {"comparator": "EQ", "tagValues": [{"key": "team", "value": "` + team + `"}]}}]}}`
	} else {
		bs := rapid.SliceOfNDistinct(rapid.SampledFrom(setBuckets), 1, 3, rapid.ID).Draw(t, label+"buckets")
		buckets = `"bucketDefinitions": [{"accountId": "111122223333", "buckets": ["` + strings.Join(bs, `", "`) + `"]}]`
	}
	var includes, excludes []string
	if rapid.IntRange(0, 3).Draw(t, label+"prefixed") > 0 {
		ps := rapid.SliceOfNDistinct(rapid.SampledFrom(setPrefixes[1:]), 1, 3, rapid.ID).Draw(t, label+"prefixes")
		includes = append(includes, `{"simpleScopeTerm": {"key": "OBJECT_KEY", "comparator": "STARTS_WITH", "values": ["`+strings.Join(ps, `", "`)+`"]}}`)
	}
	if rapid.Bool().Draw(t, label+"ext") {
		includes = append(includes, `{"simpleScopeTerm": {"key": "OBJECT_EXTENSION", "comparator": "EQ", "values": ["csv", "pdf"]}}`)
	}
	if rapid.Bool().Draw(t, label+"size") {
		excludes = append(excludes, `{"simpleScopeTerm": {"key": "OBJECT_SIZE", "comparator": "GT", "values": ["`+fmt.Sprint(rapid.IntRange(0, 5000).Draw(t, label+"max"))+`"]}}`)
	}
	if rapid.Bool().Draw(t, label+"tag") {
		excludes = append(excludes, `{"tagScopeTerm": {"key": "TAG", "comparator": "EQ", "target": "S3_OBJECT", "tagValues": [{"key": "env", "value": "test"}]}}`)
	}
	scoping := `"scoping": {`
	if len(includes) > 0 {
		scoping += `"includes": {"and": [` + strings.Join(includes, ", ") + `]}`
	}
	if len(excludes) > 0 {
		if len(includes) > 0 {
			scoping += ", "
		}
		scoping += `"excludes": {"and": [` + strings.Join(excludes, ", ") + `]}`
	}
	scoping += "}"
	kind := `"jobType": "ONE_TIME"`
	if rapid.Bool().Draw(t, label+"scheduled") {
		kind = `"jobType": "SCHEDULED", "initialRun": ` + fmt.Sprint(rapid.Bool().Draw(t, label+"initial")) + `, "scheduleFrequency": {"dailySchedule": {}}`
	}
	pct := rapid.SampledFrom([]int{100, 100, 50, 10}).Draw(t, label+"pct")
	return `{"name": "` + label + `", ` + kind + `, "samplingPercentage": ` + fmt.Sprint(pct) + `, "s3JobDefinition": {` + buckets + `, ` + scoping + `}}`
}

func genSetObject(t *rapid.T, label string) scope.Object {
	o := scope.Object{
		Bucket:       rapid.SampledFrom(append(setBuckets, "unlisted")).Draw(t, label+"bucket"),
		Key:          rapid.SampledFrom(setPrefixes).Draw(t, label+"prefix") + rapid.SampledFrom([]string{"f.csv", "g.pdf", "h", "b/i.csv", "2024/j.pdf"}).Draw(t, label+"name"),
		Size:         rapid.Int64Range(0, 10000).Draw(t, label+"size"),
		LastModified: created.Add(time.Duration(rapid.IntRange(-48, 96).Draw(t, label+"hours")) * time.Hour),
	}
	switch rapid.IntRange(0, 9).Draw(t, label+"version") {
	case 0:
		o.Noncurrent = true
	case 1:
		o.IsDeleteMarker, o.Size = true, 0
	}
	if rapid.Bool().Draw(t, label+"tagged") {
		o.Tags = map[string]string{"env": rapid.SampledFrom([]string{"test", "prod"}).Draw(t, label+"env")}
	}
	if rapid.IntRange(0, 9).Draw(t, label+"glacier") == 0 {
		o.StorageClass = scope.Glacier
	}
	return o
}

// TestSetAgreesWithEachDryRun: for random sets of random jobs over random
// objects, the set's decisions are each member's own, its scanners are
// the members whose own dry run scans the object, and Run's member
// summaries are the members' own runs over the same source.
func TestSetAgreesWithEachDryRun(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 8).Draw(t, "members")
		var names []string
		var members []*plan.DryRun
		// Members made from one template, under prefixes of their own, as
		// an organization's jobs often are, share their deciding.
		template := ""
		if rapid.Bool().Draw(t, "templated") {
			template = genSetJob(t, "template")
		}
		for i := range n {
			name := fmt.Sprintf("job%d", i)
			def := genSetJob(t, name)
			if template != "" && rapid.IntRange(0, 3).Draw(t, name+"from template") > 0 {
				ps := rapid.SliceOfNDistinct(rapid.SampledFrom(setPrefixes[1:]), 1, 3, rapid.ID).Draw(t, name+"own prefixes")
				def = prefixValues.ReplaceAllLiteralString(template, `"STARTS_WITH", "values": ["`+strings.Join(ps, `", "`)+`"]`)
			}
			j := setJob(t, def)
			run := 1
			if j.JobType == jobscope.Scheduled {
				run = rapid.IntRange(1, 3).Draw(t, name+"run")
			}
			p, err := plan.New(j, plan.Options{Buckets: setMetadata, CreatedAt: created, Run: run, Seed: 7})
			if err != nil {
				t.Fatal(err)
			}
			names, members = append(names, name), append(members, p)
		}
		set := plan.NewSet(names, members)
		objs := rapid.SliceOfN(rapid.Custom(func(t *rapid.T) scope.Object { return genSetObject(t, "o") }), 1, 60).Draw(t, "objects")
		var scanners []int
		all := slices.Collect(func(yield func([]plan.Decision) bool) {
			for _, ds := range set.Decisions(slices.Values(objs)) {
				if !yield(slices.Clone(ds)) {
					return
				}
			}
		})
		for k, o := range objs {
			ds := all[k]
			scanners = set.Scanners(&o, scanners[:0])
			var want []int
			for i, m := range members {
				d := m.Decide(&o)
				if ds[i] != d {
					t.Fatalf("%s/%s, member %d: set decides %+v, its dry run %+v", o.Bucket, o.Key, i, ds[i], d)
				}
				if d.Scan {
					want = append(want, i)
				}
			}
			if !slices.Equal(scanners, want) {
				t.Fatalf("%s/%s: scanners %v, want %v", o.Bucket, o.Key, scanners, want)
			}
		}

		// Run, in one pass, gives each member its own summary.
		f := &memFile{name: "objects.jsonl"}
		for i := range objs {
			f.rows = append(f.rows, &objs[i])
		}
		cov, err := set.Run(context.Background(), []*inventory.Source{memSource("objects.jsonl", allColumns, f)}, plan.RunOptions{Workers: 2}, nil)
		if err != nil {
			t.Fatal(err)
		}
		var sum plan.Counts
		for _, c := range []plan.Counts{cov.None, cov.One, cov.Many} {
			sum.Objects, sum.Bytes = sum.Objects+c.Objects, sum.Bytes+c.Bytes
		}
		if sum != cov.Read || cov.Read.Objects != int64(len(objs)) {
			t.Fatalf("none + one + many = %+v, read %+v of %d objects", sum, cov.Read, len(objs))
		}
		var byBucket, byGroup plan.Counts
		for _, b := range cov.UncoveredBuckets {
			byBucket.Objects, byBucket.Bytes = byBucket.Objects+b.Objects, byBucket.Bytes+b.Bytes
		}
		for _, g := range cov.Uncovered {
			byGroup.Objects, byGroup.Bytes = byGroup.Objects+g.Objects, byGroup.Bytes+g.Bytes
		}
		if byBucket != cov.None || byGroup != cov.None {
			t.Fatalf("uncovered by bucket %+v, by group %+v, none %+v", byBucket, byGroup, cov.None)
		}
		for i, m := range members {
			g := &memFile{name: "objects.jsonl", rows: f.rows}
			own, err := m.Run(context.Background(), []*inventory.Source{memSource("objects.jsonl", allColumns, g)}, plan.RunOptions{})
			if err != nil {
				t.Fatal(err)
			}
			got := cov.Members[i]
			if diff := cmp.Diff(own, got.Summary); diff != "" {
				t.Fatalf("member %d's summary (-own run +set):\n%s", i, diff)
			}
			if s := (plan.Counts{Objects: got.Own.Objects + got.Shared.Objects, Bytes: got.Own.Bytes + got.Shared.Bytes}); s != own.Scanned {
				t.Fatalf("member %d: own %+v + shared %+v != scanned %+v", i, got.Own, got.Shared, own.Scanned)
			}
			var uncovered plan.Counts
			for _, r := range got.Uncovered {
				uncovered.Objects, uncovered.Bytes = uncovered.Objects+r.Objects, uncovered.Bytes+r.Bytes
			}
			if uncovered != cov.None {
				t.Fatalf("member %d: its reasons for the uncovered objects sum to %+v, not %+v", i, uncovered, cov.None)
			}
		}
	})
}

// TestSetUncoveredReasons: the reason each member leaves an uncovered
// object out is the reason its own dry run gives.
func TestSetUncoveredReasons(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var names []string
		var members []*plan.DryRun
		for i := range rapid.IntRange(1, 5).Draw(t, "members") {
			name := fmt.Sprintf("job%d", i)
			p, err := plan.New(setJob(t, genSetJob(t, name)), plan.Options{Buckets: setMetadata, CreatedAt: created})
			if err != nil {
				t.Fatal(err)
			}
			names, members = append(names, name), append(members, p)
		}
		set := plan.NewSet(names, members)
		objs := rapid.SliceOfN(rapid.Custom(func(t *rapid.T) scope.Object { return genSetObject(t, "o") }), 1, 40).Draw(t, "objects")
		want := make([]map[plan.Reason]plan.Counts, len(members))
		for i := range want {
			want[i] = map[plan.Reason]plan.Counts{}
		}
		f := &memFile{name: "o.jsonl"}
		for k := range objs {
			o := &objs[k]
			f.rows = append(f.rows, o)
			if len(set.Scanners(o, nil)) > 0 {
				continue
			}
			for i, m := range members {
				d := m.Decide(o)
				c := want[i][d.Reason]
				c.Objects, c.Bytes = c.Objects+1, c.Bytes+o.Size
				want[i][d.Reason] = c
			}
		}
		cov, err := set.Run(context.Background(), []*inventory.Source{memSource("o.jsonl", allColumns, f)}, plan.RunOptions{}, nil)
		if err != nil {
			t.Fatal(err)
		}
		for i := range members {
			got := map[plan.Reason]plan.Counts{}
			for _, r := range cov.Members[i].Uncovered {
				got[r.Reason] = r.Counts
			}
			if diff := cmp.Diff(want[i], got); diff != "" {
				t.Fatalf("member %d's reasons for the uncovered objects (-want +got):\n%s", i, diff)
			}
		}
	})
}

func setJob(t *rapid.T, js string) *jobscope.Job {
	j, err := jobscope.Load(strings.NewReader(js), jobscope.Limits{}, jobscope.Options{})
	if err != nil {
		t.Fatalf("%v\n%s", err, js)
	}
	return j
}

// TestRunsJoined: Options.Runs plans consecutive runs as one: an object is
// scanned by the joined run when one of the runs scans it.
func TestRunsJoined(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		j := setJob(t, `{"name": "d", "jobType": "SCHEDULED", "initialRun": false, "samplingPercentage": 50, "scheduleFrequency": {"dailySchedule": {}},
		  "s3JobDefinition": {"bucketDefinitions": [{"accountId": "111122223333", "buckets": ["docs"]}]}}`)
		first, n := rapid.IntRange(1, 4).Draw(t, "first"), rapid.IntRange(1, 4).Draw(t, "runs")
		joined, err := plan.New(j, plan.Options{CreatedAt: created, Run: first, Runs: n, Seed: 3})
		if err != nil {
			t.Fatal(err)
		}
		var each []*plan.DryRun
		for k := range n {
			p, err := plan.New(j, plan.Options{CreatedAt: created, Run: first + k, Seed: 3})
			if err != nil {
				t.Fatal(err)
			}
			each = append(each, p)
		}
		o := genSetObject(t, "o")
		o.Bucket = "docs"
		any := false
		for _, p := range each {
			any = any || p.Decide(&o).Scan
		}
		if got := joined.Decide(&o).Scan; got != any {
			t.Fatalf("runs %d..%d joined scan %v, one of them %v", first, first+n-1, got, any)
		}
	})
}

// TestSetTemplatesOfInvalidUTF8: jobs whose conditions differ only in
// bytes that are not UTF-8 (which a job built in Go may hold) do not
// share a decider: each decides as its own dry run.
func TestSetTemplatesOfInvalidUTF8(t *testing.T) {
	job := func(prefix, ext string) *plan.DryRun {
		j, err := jobscope.Load(strings.NewReader(`{"name": "x", "jobType": "ONE_TIME", "s3JobDefinition": {"bucketDefinitions": [{"accountId": "111122223333", "buckets": ["docs"]}],
		  "scoping": {"includes": {"and": [{"simpleScopeTerm": {"key": "OBJECT_KEY", "comparator": "STARTS_WITH", "values": ["`+prefix+`"]}},
		  {"simpleScopeTerm": {"key": "OBJECT_EXTENSION", "comparator": "EQ", "values": ["EXT"]}}]}}}}`), jobscope.Limits{}, jobscope.Options{})
		if err != nil {
			t.Fatal(err)
		}
		j.S3JobDefinition.Scoping.Includes.And[1].SimpleScopeTerm.Values = []string{ext}
		p, err := plan.New(j, plan.Options{Buckets: setMetadata, CreatedAt: created})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	a, b := job("a/", "\xff"), job("b/", "\xfe")
	set := plan.NewSet([]string{"a", "b"}, []*plan.DryRun{a, b})
	objs := []scope.Object{{Bucket: "docs", Key: "a/f.\xff", Size: 10}, {Bucket: "docs", Key: "b/f.\xfe", Size: 10}}
	for o, ds := range set.Decisions(slices.Values(objs)) {
		for i, m := range []*plan.DryRun{a, b} {
			if want := m.Decide(&o); want != ds[i] {
				t.Errorf("%q, member %d: set %+v, own %+v", o.Key, i, ds[i], want)
			}
		}
	}
}
