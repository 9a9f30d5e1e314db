package bench

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"github.com/jobscope/jobscope/criteria"
	"github.com/jobscope/jobscope/internal/synth"
	"github.com/jobscope/jobscope/scope"
)

// CorpusSize is the number of objects in the corpus.
const CorpusSize = 1_000_000

// corpusSeed seeds the corpus: the same objects on every machine.
const corpusSeed = 2024

var (
	corpusOnce sync.Once
	corpus     []scope.Object
)

// Corpus returns the object corpus: CorpusSize objects of bucket "bench"
// from internal/synth (realistic key prefixes, extensions including none,
// log-uniform sizes from 1 B to 256 MiB, 0–3 tags), built once per process
// and shared; callers must not change it.
func Corpus() []scope.Object {
	corpusOnce.Do(func() {
		corpus = make([]scope.Object, 0, CorpusSize)
		for o := range synth.Objects("bench", CorpusSize, corpusSeed, true) {
			corpus = append(corpus, o)
		}
		runtime.GC() // collect the garbage of building now, not while timing
	})
	return corpus
}

// The rule of the scope-engine issue: includes OBJECT_KEY STARTS_WITH
// RulePrefixes AND OBJECT_EXTENSION EQ RuleExtensions AND OBJECT_SIZE LT
// RuleMaxSize; excludes the object tag env=test.
var (
	RulePrefixes   = []string{"logs/", "data/2024/"}
	RuleExtensions = []string{"csv", "json", "parquet"}
)

// RuleMaxSize is the rule's OBJECT_SIZE LT bound, 10 MiB.
const RuleMaxSize = 10485760

// Rule is the rule with its OBJECT_KEY and OBJECT_EXTENSION terms listing
// prefixes and exts.
func Rule(prefixes, exts []string) *scope.Scoping {
	simple := func(key scope.ScopeFilterKey, c criteria.JobComparator, values ...string) scope.JobScopeTerm {
		return scope.JobScopeTerm{SimpleScopeTerm: &scope.SimpleScopeTerm{Key: key, Comparator: c, Values: values}}
	}
	return &scope.Scoping{
		Includes: &scope.JobScopingBlock{And: []scope.JobScopeTerm{
			simple(scope.ObjectKey, criteria.StartsWith, prefixes...),
			simple(scope.ObjectExtension, criteria.EQ, exts...),
			simple(scope.ObjectSize, criteria.LT, strconv.Itoa(RuleMaxSize)),
		}},
		Excludes: &scope.JobScopingBlock{And: []scope.JobScopeTerm{{TagScopeTerm: &scope.TagScopeTerm{
			Key: scope.TagScopeTermKey, Target: scope.S3Object, Comparator: criteria.EQ,
			TagValues: []scope.TagValuePair{{Key: "env", Value: "test"}},
		}}}},
	}
}

// CompileRule compiles Rule(prefixes, exts) with the default options.
func CompileRule(prefixes, exts []string) *scope.ObjectMatcher {
	m, err := scope.Compile(Rule(prefixes, exts), scope.Options{})
	if err != nil {
		panic(err)
	}
	return m
}

// Handwritten is the rule written by hand in Go: the floor jobscope is
// measured against. It is kept out of line, as ObjectMatcher.Match is, so
// that both cost one direct call per record.
//
//go:noinline
func Handwritten(o *scope.Object) bool {
	if !strings.HasPrefix(o.Key, "logs/") && !strings.HasPrefix(o.Key, "data/2024/") {
		return false
	}
	name := o.Key[strings.LastIndexByte(o.Key, '/')+1:]
	i := strings.LastIndexByte(name, '.')
	if i < 0 {
		return false
	}
	switch name[i+1:] {
	case "csv", "json", "parquet":
	default:
		return false
	}
	if o.Size >= RuleMaxSize {
		return false
	}
	v, ok := o.Tags["env"]
	return !(ok && v == "test")
}

// scalingFolders are the corpus's top-level folders but logs/, which the
// scaling rules always list (a prefix under it would be redundant).
var scalingFolders = []string{"data/2024/", "data/2023/", "tmp/", "exports/", "home/alice/", "backups/"}

// ScalingPrefixes returns n OBJECT_KEY values: "logs/" and n−1 prefixes
// no corpus key starts with, so that every n selects the same objects.
// They are shaped like the corpus's own folders, as a long list of a
// bucket's prefixes is (data/2023/57/archive-3/): a key under one of those
// folders shares its first ten to fourteen bytes with some of them and
// differs only after its second "/".
func ScalingPrefixes(n int) []string {
	out := []string{"logs/"}
	for i := 0; len(out) < n; i++ {
		f := scalingFolders[i%len(scalingFolders)]
		out = append(out, f+strconv.Itoa(i/len(scalingFolders)%100)+"/archive-"+strconv.Itoa(i/(100*len(scalingFolders)))+"/")
	}
	return out[:n]
}

// ScalingExtensions returns n OBJECT_EXTENSION values: "csv" and n−1 short
// extensions (x1, x2, …) no corpus key has.
func ScalingExtensions(n int) []string {
	out := []string{"csv"}
	for i := 1; len(out) < n; i++ {
		out = append(out, "x"+strconv.Itoa(i))
	}
	return out[:n]
}

// BucketCount is the number of buckets in the bucket corpus, the most
// Macie monitors in one account.
const BucketCount = 10_000

// BucketAccounts are the bucket corpus's accounts; the bucket rule
// includes the first five.
var BucketAccounts = func() []string {
	out := make([]string, 20)
	for i := range out {
		out[i] = fmt.Sprintf("%012d", 111122220000+i*7919)
	}
	return out
}()

// Buckets returns the bucket corpus: BucketCount buckets over
// BucketAccounts, deterministic, with names in a few families, every
// effective permission and shared access (and a few buckets without
// public-access data), 0–4 tags, and 1% whose tags are unknown
// (BUCKET_COUNT_EXCEEDS_QUOTA).
func Buckets() []criteria.BucketMetadata {
	r := rand.New(rand.NewPCG(corpusSeed, 0x627563686b657473))
	families := []string{"logs", "data", "backup", "web", "tmp", "analytics"}
	perms := []criteria.EffectivePermission{criteria.NotPublic, criteria.NotPublic, criteria.NotPublic,
		criteria.NotPublic, criteria.NotPublic, criteria.NotPublic, criteria.NotPublic, criteria.Public,
		criteria.EffectivePermissionUnknown}
	shared := []criteria.SharedAccess{criteria.NotShared, criteria.NotShared, criteria.NotShared,
		criteria.Internal, criteria.External, criteria.SharedAccessUnknown}
	tagKeys := []string{"env", "data-class", "team", "cost-center"}
	tagVals := map[string][]string{
		"env":         {"prod", "dev", "test", "staging"},
		"data-class":  {"public", "internal", "confidential", "restricted"},
		"team":        {"payments", "search", "platform", "growth", "ml"},
		"cost-center": {"cc-100", "cc-200", "cc-300"},
	}
	out := make([]criteria.BucketMetadata, BucketCount)
	for i := range out {
		b := &out[i]
		b.AccountID = BucketAccounts[r.IntN(len(BucketAccounts))]
		b.BucketName = fmt.Sprintf("%s-%s-%05d", families[r.IntN(len(families))], tagVals["team"][r.IntN(5)], i)
		if r.IntN(50) > 0 {
			b.PublicAccess = &criteria.BucketPublicAccess{EffectivePermission: perms[r.IntN(len(perms))]}
		}
		b.SharedAccess = shared[r.IntN(len(shared))]
		for _, k := range tagKeys[:r.IntN(len(tagKeys)+1)] {
			vs := tagVals[k]
			b.Tags = append(b.Tags, criteria.KeyValuePair{Key: k, Value: vs[r.IntN(len(vs))]})
		}
		if r.IntN(100) == 0 {
			b.ErrorCode = criteria.ErrorCodeBucketCountExceedsQuota
		}
	}
	return out
}

// BucketRule is the bucket-criteria rule: includes ACCOUNT_ID EQ the first
// five accounts AND S3_BUCKET_EFFECTIVE_PERMISSION NE PUBLIC AND the tag
// data-class=confidential or data-class=restricted; excludes the tag
// env=test.
func BucketRule() *criteria.S3BucketCriteriaForJob {
	return &criteria.S3BucketCriteriaForJob{
		Includes: &criteria.CriteriaBlockForJob{And: []criteria.CriteriaForJob{
			{SimpleCriterion: &criteria.SimpleCriterionForJob{Comparator: criteria.EQ, Key: criteria.AccountID, Values: BucketAccounts[:5]}},
			{SimpleCriterion: &criteria.SimpleCriterionForJob{Comparator: criteria.NE, Key: criteria.S3BucketEffectivePermission,
				Values: []string{string(criteria.Public)}}},
			{TagCriterion: &criteria.TagCriterionForJob{Comparator: criteria.EQ, TagValues: []criteria.TagCriterionPairForJob{
				{Key: "data-class", Value: "confidential"}, {Key: "data-class", Value: "restricted"}}}},
		}},
		Excludes: &criteria.CriteriaBlockForJob{And: []criteria.CriteriaForJob{
			{TagCriterion: &criteria.TagCriterionForJob{Comparator: criteria.EQ, TagValues: []criteria.TagCriterionPairForJob{
				{Key: "env", Value: "test"}}}},
		}},
	}
}

// HandwrittenBucket is BucketRule written by hand in Go. A bucket whose
// tags are unknown fails every tag EQ condition.
//
//go:noinline
func HandwrittenBucket(b *criteria.BucketMetadata) bool {
	switch b.AccountID {
	case BucketAccounts[0], BucketAccounts[1], BucketAccounts[2], BucketAccounts[3], BucketAccounts[4]:
	default:
		return false
	}
	if b.PublicAccess != nil && b.PublicAccess.EffectivePermission == criteria.Public {
		return false
	}
	if b.ErrorCode == criteria.ErrorCodeBucketCountExceedsQuota {
		return false
	}
	included, excluded := false, false
	for _, t := range b.Tags {
		switch {
		case t.Key == "data-class" && (t.Value == "confidential" || t.Value == "restricted"):
			included = true
		case t.Key == "env" && t.Value == "test":
			excluded = true
		}
	}
	return included && !excluded
}

// CompileBucketRule compiles BucketRule with the default options.
func CompileBucketRule() *criteria.BucketSelector {
	m, err := criteria.Compile(BucketRule(), nil, criteria.Options{})
	if err != nil {
		panic(err)
	}
	return m
}
