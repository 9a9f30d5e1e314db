package criteria_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/jobscope/jobscope/criteria"
	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/internal/reference"
)

var (
	accounts    = []string{"111122223333", "444455556666", ""}
	bucketNames = []string{"my-bucket", "My-Bucket", "logs", ""}
	perms       = []criteria.EffectivePermission{criteria.Public, criteria.NotPublic, criteria.EffectivePermissionUnknown}
	shares      = []criteria.SharedAccess{criteria.External, criteria.Internal, criteria.NotShared, criteria.SharedAccessUnknown}
	tagKeys     = []string{"Project", "project", "env", ""}
	tagVals     = []string{"alpha", "Alpha", "", "test"}
)

func valuesFor(k criteria.SimpleCriterionKeyForJob) []string {
	switch k {
	case criteria.AccountID:
		return accounts[:2]
	case criteria.S3BucketName:
		return bucketNames[:3]
	case criteria.S3BucketEffectivePermission:
		return []string{"PUBLIC", "NOT_PUBLIC", "UNKNOWN"}
	}
	return []string{"EXTERNAL", "INTERNAL", "NOT_SHARED", "UNKNOWN"}
}

func genCondition(t *rapid.T, label string) criteria.CriteriaForJob {
	cmpr := rapid.SampledFrom([]criteria.JobComparator{criteria.EQ, criteria.NE}).Draw(t, label+"cmp")
	if rapid.Bool().Draw(t, label+"tag") {
		pairs := rapid.SliceOfN(rapid.Custom(func(t *rapid.T) criteria.TagCriterionPairForJob {
			p := criteria.TagCriterionPairForJob{Key: rapid.SampledFrom(tagKeys).Draw(t, "k"), Value: rapid.SampledFrom(tagVals).Draw(t, "v")}
			if p.Key == "" && p.Value == "" {
				p.Key = "Project"
			}
			return p
		}), 1, 3).Draw(t, label+"pairs")
		return criteria.CriteriaForJob{TagCriterion: &criteria.TagCriterionForJob{Comparator: cmpr, TagValues: pairs}}
	}
	key := rapid.SampledFrom(criteria.SimpleCriterionKeyForJob("").Values()).Draw(t, label+"key")
	vals := rapid.SliceOfN(rapid.SampledFrom(valuesFor(key)), 1, 6).Draw(t, label+"values")
	return criteria.CriteriaForJob{SimpleCriterion: &criteria.SimpleCriterionForJob{Key: key, Comparator: cmpr, Values: vals}}
}

func genBlock(t *rapid.T, label string) *criteria.CriteriaBlockForJob {
	if rapid.IntRange(0, 5).Draw(t, label+"absent") == 0 {
		return nil
	}
	b := &criteria.CriteriaBlockForJob{}
	for i, n := 0, rapid.IntRange(0, 4).Draw(t, label+"n"); i < n; i++ {
		b.And = append(b.And, genCondition(t, fmt.Sprintf("%s[%d]", label, i)))
	}
	return b
}

func genBucket(t *rapid.T, label string) criteria.BucketMetadata {
	b := criteria.BucketMetadata{
		AccountID:    rapid.SampledFrom(accounts).Draw(t, label+"account"),
		BucketName:   rapid.SampledFrom(bucketNames).Draw(t, label+"name"),
		SharedAccess: rapid.SampledFrom(shares).Draw(t, label+"shared"),
	}
	if rapid.IntRange(0, 4).Draw(t, label+"nopublic") > 0 {
		b.PublicAccess = &criteria.BucketPublicAccess{EffectivePermission: rapid.SampledFrom(perms).Draw(t, label+"perm")}
	}
	if rapid.IntRange(0, 5).Draw(t, label+"quota") == 0 {
		b.ErrorCode = criteria.ErrorCodeBucketCountExceedsQuota
		return b
	}
	for i, n := 0, rapid.IntRange(0, 3).Draw(t, label+"ntags"); i < n; i++ {
		b.Tags = append(b.Tags, criteria.KeyValuePair{Key: rapid.SampledFrom(tagKeys[:3]).Draw(t, label+"tk"), Value: rapid.SampledFrom(tagVals).Draw(t, label+"tv")})
	}
	return b
}

// TestMatchAgreesWithReference: 100 criteria × 100 buckets per run, each
// checked three ways (compiled Match, the reference, Explain).
func TestMatchAgreesWithReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := &criteria.S3BucketCriteriaForJob{Includes: genBlock(t, "includes"), Excludes: genBlock(t, "excludes")}
		opts := criteria.Options{
			BlockOptions: criteria.BlockOptions{
				ExcludeJoin: rapid.SampledFrom([]criteria.Join{"", criteria.JoinAND, criteria.JoinOR}).Draw(t, "join"),
				EmptyBlock:  rapid.SampledFrom([]criteria.EmptyBlock{"", criteria.EmptyBlockAbsent, criteria.EmptyBlockError}).Draw(t, "empty"),
			},
			BucketTagEmptyValue: rapid.SampledFrom([]criteria.TagEmptyValue{"", criteria.TagKeyOnly, criteria.TagPair}).Draw(t, "tagEmpty"),
		}
		m, err := criteria.Compile(c, nil, opts)
		emptyBlock := c.Includes != nil && len(c.Includes.And) == 0 || c.Excludes != nil && len(c.Excludes.And) == 0
		if opts.EmptyBlock == criteria.EmptyBlockError && emptyBlock {
			if err == nil {
				t.Fatal("want an error for an empty block under emptyBlock ERROR")
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 100; i++ {
			b := genBucket(t, fmt.Sprintf("b%d.", i))
			if err := reference.Check(m, &b, reference.BucketMatch(c, &b, opts)); err != nil {
				t.Fatalf("%v (the reference's answer) for %+v", err, b)
			}
		}
	})
}

func bucket(tags ...string) *criteria.BucketMetadata {
	b := &criteria.BucketMetadata{AccountID: "111122223333", BucketName: "my-bucket",
		PublicAccess: &criteria.BucketPublicAccess{EffectivePermission: criteria.NotPublic}, SharedAccess: criteria.NotShared}
	for i := 0; i+1 < len(tags); i += 2 {
		b.Tags = append(b.Tags, criteria.KeyValuePair{Key: tags[i], Value: tags[i+1]})
	}
	return b
}

func simple(k criteria.SimpleCriterionKeyForJob, c criteria.JobComparator, v ...string) criteria.CriteriaForJob {
	return criteria.CriteriaForJob{SimpleCriterion: &criteria.SimpleCriterionForJob{Key: k, Comparator: c, Values: v}}
}

func tagc(c criteria.JobComparator, kv ...string) criteria.CriteriaForJob {
	t := &criteria.TagCriterionForJob{Comparator: c}
	for i := 0; i+1 < len(kv); i += 2 {
		t.TagValues = append(t.TagValues, criteria.TagCriterionPairForJob{Key: kv[i], Value: kv[i+1]})
	}
	return criteria.CriteriaForJob{TagCriterion: t}
}

func incl(cs ...criteria.CriteriaForJob) *criteria.S3BucketCriteriaForJob {
	return &criteria.S3BucketCriteriaForJob{Includes: &criteria.CriteriaBlockForJob{And: cs}}
}

// Table cases from docs/semantics.md, "Bucket criteria".
func TestMatchTable(t *testing.T) {
	quota := bucket()
	quota.ErrorCode = criteria.ErrorCodeBucketCountExceedsQuota
	tests := []struct {
		name string
		c    *criteria.S3BucketCriteriaForJob
		opts criteria.Options
		b    *criteria.BucketMetadata
		want bool
	}{
		{"nil criteria", nil, criteria.Options{}, bucket(), true},
		{"empty criteria", &criteria.S3BucketCriteriaForJob{}, criteria.Options{}, bucket(), true},
		{"account OR", incl(simple(criteria.AccountID, criteria.EQ, "1", "111122223333")), criteria.Options{}, bucket(), true},
		{"name case", incl(simple(criteria.S3BucketName, criteria.EQ, "My-Bucket")), criteria.Options{}, bucket(), false},
		{"name partial", incl(simple(criteria.S3BucketName, criteria.EQ, "my-buck")), criteria.Options{}, bucket(), false},
		{"NE none of", incl(simple(criteria.S3BucketName, criteria.NE, "a", "my-bucket")), criteria.Options{}, bucket(), false},
		{"many values", incl(simple(criteria.S3BucketName, criteria.EQ, "a", "b", "c", "d", "e", "f", "my-bucket")), criteria.Options{}, bucket(), true},
		{"permission", incl(simple(criteria.S3BucketEffectivePermission, criteria.EQ, "PUBLIC")), criteria.Options{}, bucket(), false},
		{"shared", incl(simple(criteria.S3BucketSharedAccess, criteria.EQ, "NOT_SHARED")), criteria.Options{}, bucket(), true},
		{"tag key only", incl(tagc(criteria.EQ, "Project", "")), criteria.Options{}, bucket("Project", "alpha"), true},
		{"tag value only", incl(tagc(criteria.EQ, "", "Test", "", "alpha")), criteria.Options{}, bucket("Project", "alpha"), true},
		{"tag pair same tag", incl(tagc(criteria.EQ, "Project", "beta")), criteria.Options{}, bucket("Project", "alpha", "Other", "beta"), false},
		{"tag empty value key only", incl(tagc(criteria.EQ, "Project", "")), criteria.Options{}, bucket("Project", "x"), true},
		{"tag empty value pair", incl(tagc(criteria.EQ, "Project", "")), criteria.Options{BucketTagEmptyValue: criteria.TagPair}, bucket("Project", "x"), false},
		{"tag empty value pair hit", incl(tagc(criteria.EQ, "Project", "")), criteria.Options{BucketTagEmptyValue: criteria.TagPair}, bucket("Project", ""), true},
		{"no tags NE", incl(tagc(criteria.NE, "Project", "")), criteria.Options{}, bucket(), true},
		{"quota EQ", incl(tagc(criteria.EQ, "Project", "")), criteria.Options{}, quota, false},
		{"quota NE", incl(tagc(criteria.NE, "Project", "")), criteria.Options{}, quota, true},
		{"quota simple", incl(simple(criteria.AccountID, criteria.EQ, "111122223333")), criteria.Options{}, quota, true},
		{"exclude wins", &criteria.S3BucketCriteriaForJob{
			Includes: &criteria.CriteriaBlockForJob{And: []criteria.CriteriaForJob{simple(criteria.S3BucketEffectivePermission, criteria.EQ, "NOT_PUBLIC")}},
			Excludes: &criteria.CriteriaBlockForJob{And: []criteria.CriteriaForJob{tagc(criteria.EQ, "Project", "")}},
		}, criteria.Options{}, bucket("Project", "alpha"), false},
		{"excludes AND", &criteria.S3BucketCriteriaForJob{Excludes: &criteria.CriteriaBlockForJob{And: []criteria.CriteriaForJob{
			simple(criteria.AccountID, criteria.EQ, "111122223333"), simple(criteria.S3BucketName, criteria.EQ, "other")}}},
			criteria.Options{}, bucket(), true},
		{"excludes OR", &criteria.S3BucketCriteriaForJob{Excludes: &criteria.CriteriaBlockForJob{And: []criteria.CriteriaForJob{
			simple(criteria.AccountID, criteria.EQ, "111122223333"), simple(criteria.S3BucketName, criteria.EQ, "other")}}},
			criteria.Options{BlockOptions: criteria.BlockOptions{ExcludeJoin: criteria.JoinOR}}, bucket(), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := criteria.Compile(tt.c, nil, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if err := reference.Check(m, tt.b, tt.want); err != nil {
				t.Error(err)
			}
			if tt.c != nil {
				if got := reference.BucketMatch(tt.c, tt.b, tt.opts); got != tt.want {
					t.Errorf("reference = %v, want %v", got, tt.want)
				}
			}
		})
	}
}

func TestCompileInvalid(t *testing.T) {
	_, err := criteria.Compile(incl(simple(criteria.AccountID, criteria.GT, "1")), nil, criteria.Options{})
	var list field.ErrorList
	if !errors.As(err, &list) || len(list) != 1 || list[0].Path != "s3JobDefinition.bucketCriteria.includes.and[0].simpleCriterion.comparator" {
		t.Fatalf("got %v", err)
	}
	var fe *field.Error
	if !errors.As(err, &fe) {
		t.Fatalf("errors.As(*field.Error) failed on %v", err)
	}
}

func TestExplain(t *testing.T) {
	c := &criteria.S3BucketCriteriaForJob{
		Includes: &criteria.CriteriaBlockForJob{And: []criteria.CriteriaForJob{simple(criteria.S3BucketSharedAccess, criteria.EQ, "NOT_SHARED")}},
		Excludes: &criteria.CriteriaBlockForJob{And: []criteria.CriteriaForJob{tagc(criteria.EQ, "Project", "", "", "test")}},
	}
	m, err := criteria.Compile(c, nil, criteria.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := m.Explain(bucket("Project", "alpha"))
	want := criteria.Explanation{
		Match: false, Included: true, Excluded: true,
		Decision:     "bucket excluded by s3JobDefinition.bucketCriteria.excludes.and[0].tagCriterion",
		DecidingPath: "s3JobDefinition.bucketCriteria.excludes.and[0].tagCriterion",
		Verdicts: []criteria.Verdict{
			{Path: "s3JobDefinition.bucketCriteria.includes.and[0].simpleCriterion", Block: criteria.Includes, Field: "S3_BUCKET_SHARED_ACCESS",
				Comparator: criteria.EQ, Actual: []string{"NOT_SHARED"}, Expected: []string{"NOT_SHARED"}, Result: true},
			{Path: "s3JobDefinition.bucketCriteria.excludes.and[0].tagCriterion", Block: criteria.Excludes, Field: "TAG",
				Comparator: criteria.EQ, Actual: []string{"Project=alpha"}, Expected: []string{"Project=*", "*=test"}, Result: true, Deciding: true},
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Explain (-want +got):\n%s", diff)
	}
	wantProgram := &criteria.Program{Path: "s3JobDefinition.bucketCriteria", ExcludeJoin: criteria.JoinAND,
		Includes: []criteria.Condition{{Path: "s3JobDefinition.bucketCriteria.includes.and[0].simpleCriterion", Block: criteria.Includes,
			Comparator: criteria.EQ, Key: criteria.S3BucketSharedAccess, Values: []string{"NOT_SHARED"}}},
		Excludes: []criteria.Condition{{Path: "s3JobDefinition.bucketCriteria.excludes.and[0].tagCriterion", Block: criteria.Excludes,
			Comparator: criteria.EQ,
			Tags:       []criteria.TagCondition{{Match: criteria.TagMatchKey, Key: "Project"}, {Match: criteria.TagMatchValue, Value: "test"}}}},
	}
	prog := m.Program()
	if diff := cmp.Diff(wantProgram, prog); diff != "" {
		t.Errorf("Program (-want +got):\n%s", diff)
	}
	prog.Includes[0].Values[0] = "EXTERNAL"
	if !m.Match(bucket()) {
		t.Error("changing a Program changed the selector")
	}
}

func TestPath(t *testing.T) {
	c := incl(simple(criteria.AccountID, criteria.EQ, "111122223333"))
	m, err := criteria.Compile(c, nil, criteria.Options{Path: field.NewPath("job", "s3")})
	if err != nil {
		t.Fatal(err)
	}
	if p := m.Program().Includes[0].Path; p != "job.s3.bucketCriteria.includes.and[0].simpleCriterion" {
		t.Errorf("condition path %s", p)
	}
	_, err = criteria.Compile(c, []criteria.S3BucketDefinitionForJob{{AccountID: "1", Buckets: []string{"b"}}}, criteria.Options{Path: field.NewPath("job", "s3")})
	if err == nil || err.Error() != "job.s3: a job's definition can contain a bucketCriteria object or a bucketDefinitions array, not both" {
		t.Errorf("got %v", err)
	}
}

func TestDefinitions(t *testing.T) {
	m, err := criteria.Compile(nil, []criteria.S3BucketDefinitionForJob{
		{AccountID: "111122223333", Buckets: []string{"a", "my-bucket"}},
		{AccountID: "444455556666", Buckets: []string{"b"}},
	}, criteria.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !m.Match(bucket()) {
		t.Error("listed bucket does not match")
	}
	other := bucket()
	other.AccountID = "444455556666"
	if m.Match(other) {
		t.Error("bucket of another account matches")
	}
	ex := m.Explain(bucket())
	if !ex.Match || ex.Verdicts[0].Path != "s3JobDefinition.bucketDefinitions[0].buckets[1]" {
		t.Errorf("got %+v", ex)
	}
	if ex := m.Explain(other); ex.Match || ex.DecidingPath != "s3JobDefinition.bucketDefinitions" {
		t.Errorf("got %+v", ex)
	}
	if m.Program() != nil {
		t.Error("bucket definitions have a Program")
	}
	var fe *field.Error
	if _, err := criteria.Compile(nil, []criteria.S3BucketDefinitionForJob{{Buckets: []string{"x"}}}, criteria.Options{}); !errors.As(err, &fe) || fe.Path != "s3JobDefinition.bucketDefinitions[0].accountId" {
		t.Errorf("got %v", err)
	}
}

func TestMatchAllocs(t *testing.T) {
	c := &criteria.S3BucketCriteriaForJob{
		Includes: &criteria.CriteriaBlockForJob{And: []criteria.CriteriaForJob{
			simple(criteria.AccountID, criteria.EQ, "1", "2", "3", "4", "5", "6", "111122223333"),
			simple(criteria.S3BucketEffectivePermission, criteria.NE, "PUBLIC"),
			tagc(criteria.NE, "env", "test", "", "secret"),
		}},
		Excludes: &criteria.CriteriaBlockForJob{And: []criteria.CriteriaForJob{tagc(criteria.EQ, "Project", "")}},
	}
	m, err := criteria.Compile(c, nil, criteria.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defs, _ := criteria.Compile(nil, []criteria.S3BucketDefinitionForJob{{AccountID: "111122223333", Buckets: []string{"my-bucket"}}}, criteria.Options{})
	quota := bucket()
	quota.ErrorCode = criteria.ErrorCodeBucketCountExceedsQuota
	for _, b := range []*criteria.BucketMetadata{bucket(), bucket("env", "prod", "Project", "x"), quota} {
		if n := testing.AllocsPerRun(100, func() { m.Match(b) }); n != 0 {
			t.Errorf("Match: %v allocations", n)
		}
		if n := testing.AllocsPerRun(100, func() { defs.Match(b) }); n != 0 {
			t.Errorf("definitions Match: %v allocations", n)
		}
	}
}

func ExampleBucketSelector_Match() {
	c := &criteria.S3BucketCriteriaForJob{
		Includes: &criteria.CriteriaBlockForJob{And: []criteria.CriteriaForJob{{SimpleCriterion: &criteria.SimpleCriterionForJob{
			Key: criteria.S3BucketEffectivePermission, Comparator: criteria.EQ, Values: []string{"PUBLIC"}}}}},
		Excludes: &criteria.CriteriaBlockForJob{And: []criteria.CriteriaForJob{{TagCriterion: &criteria.TagCriterionForJob{
			Comparator: criteria.EQ, TagValues: []criteria.TagCriterionPairForJob{{Key: "Project"}}}}}},
	}
	m, err := criteria.Compile(c, nil, criteria.Options{})
	if err != nil {
		panic(err)
	}
	public := &criteria.BucketMetadata{BucketName: "site", PublicAccess: &criteria.BucketPublicAccess{EffectivePermission: criteria.Public}}
	fmt.Println(m.Match(public))
	public.Tags = []criteria.KeyValuePair{{Key: "Project", Value: "web"}}
	fmt.Println(m.Match(public))
	fmt.Println(m.Explain(public).Decision)
	// Output:
	// true
	// false
	// bucket excluded by s3JobDefinition.bucketCriteria.excludes.and[0].tagCriterion
}

// A job that names its buckets selects exactly those.
func ExampleCompile_bucketDefinitions() {
	m, err := criteria.Compile(nil, []criteria.S3BucketDefinitionForJob{{AccountID: "111122223333", Buckets: []string{"logs", "data"}}}, criteria.Options{})
	if err != nil {
		panic(err)
	}
	b := &criteria.BucketMetadata{AccountID: "111122223333", BucketName: "data"}
	fmt.Println(m.Match(b), m.Explain(b).Decision)
	b.AccountID = "444455556666"
	fmt.Println(m.Match(b), m.Explain(b).Decision)
	// Output:
	// true bucket selected: listed at s3JobDefinition.bucketDefinitions[0].buckets[1]
	// false bucket not selected: no entry of s3JobDefinition.bucketDefinitions lists it
}
