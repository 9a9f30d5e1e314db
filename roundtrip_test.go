package jobscope

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jobscope/jobscope/criteria"
	"github.com/jobscope/jobscope/schedule"
	"github.com/jobscope/jobscope/scope"
	"pgregory.net/rapid"
)

// Generators of valid requests, built from the types: every enum value and
// every shape Macie accepts.

var text = rapid.StringOfN(rapid.RuneFrom([]rune("abcXYZ09-_./ é漢😀\"\\\n")), 1, 12, -1)

func sampled[T any](vs []T) *rapid.Generator[T] { return rapid.SampledFrom(vs) }

func optional[T any](t *rapid.T, g *rapid.Generator[T], label string) *T {
	if rapid.Bool().Draw(t, label+"?") {
		v := g.Draw(t, label)
		return &v
	}
	return nil
}

func nonEmpty(t *rapid.T, label string, max int) []string {
	return rapid.SliceOfN(text, 1, max).Draw(t, label)
}

func genFrequency(t *rapid.T) *schedule.JobScheduleFrequency {
	switch rapid.IntRange(0, 2).Draw(t, "frequency") {
	case 0:
		return &schedule.JobScheduleFrequency{DailySchedule: &schedule.DailySchedule{}}
	case 1:
		return &schedule.JobScheduleFrequency{WeeklySchedule: &schedule.WeeklySchedule{
			DayOfWeek: sampled(schedule.DayOfWeek("").Values()).Draw(t, "dayOfWeek")}}
	default:
		return &schedule.JobScheduleFrequency{MonthlySchedule: &schedule.MonthlySchedule{
			DayOfMonth: rapid.Int32Range(1, 31).Draw(t, "dayOfMonth")}}
	}
}

func genCriterion(t *rapid.T) criteria.CriteriaForJob {
	cmpr := sampled([]criteria.JobComparator{criteria.EQ, criteria.NE}).Draw(t, "comparator")
	if rapid.Bool().Draw(t, "simple") {
		key := sampled(criteria.SimpleCriterionKeyForJob("").Values()).Draw(t, "key")
		var values []string
		switch key {
		case criteria.S3BucketEffectivePermission:
			values = strs(rapid.SliceOfN(sampled(criteria.EffectivePermission("").Values()), 1, 3).Draw(t, "values"))
		case criteria.S3BucketSharedAccess:
			values = strs(rapid.SliceOfN(sampled(criteria.SharedAccess("").Values()), 1, 4).Draw(t, "values"))
		default:
			values = nonEmpty(t, "values", 4)
		}
		return criteria.CriteriaForJob{SimpleCriterion: &criteria.SimpleCriterionForJob{Comparator: cmpr, Key: key, Values: values}}
	}
	pairs := rapid.SliceOfN(rapid.Custom(func(t *rapid.T) criteria.TagCriterionPairForJob {
		switch rapid.IntRange(0, 2).Draw(t, "pairKind") {
		case 0:
			return criteria.TagCriterionPairForJob{Key: text.Draw(t, "key")}
		case 1:
			return criteria.TagCriterionPairForJob{Value: text.Draw(t, "value")}
		default:
			return criteria.TagCriterionPairForJob{Key: text.Draw(t, "key"), Value: text.Draw(t, "value")}
		}
	}), 1, 3).Draw(t, "tagValues")
	return criteria.CriteriaForJob{TagCriterion: &criteria.TagCriterionForJob{Comparator: cmpr, TagValues: pairs}}
}

func strs[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

// genBlock draws an absent block (nil) or a block of up to max conditions
// drawn by gen; and returns a block's and list.
func genBlock[B, T any](t *rapid.T, label string, max int, gen func(*rapid.T) T, and func(*B) *[]T) *B {
	if !rapid.Bool().Draw(t, label) {
		return nil
	}
	b := new(B)
	n := rapid.IntRange(0, max).Draw(t, label+".n")
	for i := 0; i < n; i++ {
		*and(b) = append(*and(b), gen(t))
	}
	return b
}

var digits = rapid.StringMatching(`[0-9]{1,19}`).Filter(func(s string) bool {
	_, err := scope.ParseSize(s)
	return err == nil
})

var dates = rapid.Custom(func(t *rapid.T) string {
	y := rapid.IntRange(1970, 2099).Draw(t, "y")
	mo := rapid.IntRange(1, 12).Draw(t, "mo")
	d := rapid.IntRange(1, 28).Draw(t, "d")
	frac := sampled([]string{"", ".5", ".123456789"}).Draw(t, "frac")
	zone := sampled([]string{"Z", "+02:00", "-05:30"}).Draw(t, "zone")
	return fmt.Sprintf("%04d-%02d-%02dT%02d:%02d:%02d%s%s", y, mo, d,
		rapid.IntRange(0, 23).Draw(t, "h"), rapid.IntRange(0, 59).Draw(t, "m"), rapid.IntRange(0, 59).Draw(t, "s"), frac, zone)
})

func genScopeTerm(t *rapid.T) scope.JobScopeTerm {
	if rapid.IntRange(0, 4).Draw(t, "termKind") == 0 {
		pairs := rapid.SliceOfN(rapid.Custom(func(t *rapid.T) scope.TagValuePair {
			return scope.TagValuePair{Key: text.Draw(t, "key"), Value: rapid.SampledFrom([]string{"", "v", "a b"}).Draw(t, "value")}
		}), 1, 3).Draw(t, "tagValues")
		return scope.JobScopeTerm{TagScopeTerm: &scope.TagScopeTerm{
			Comparator: sampled([]criteria.JobComparator{criteria.EQ, criteria.NE}).Draw(t, "comparator"),
			Key:        scope.TagScopeTermKey, Target: scope.S3Object, TagValues: pairs}}
	}
	key := sampled(scope.ScopeFilterKey("").Values()).Draw(t, "key")
	term := &scope.SimpleScopeTerm{Key: key, Comparator: sampled(key.Comparators()).Draw(t, "comparator")}
	switch key {
	case scope.ObjectSize:
		term.Values = []string{digits.Draw(t, "size")}
	case scope.ObjectLastModifiedDate:
		term.Values = []string{dates.Draw(t, "date")}
	default:
		term.Values = nonEmpty(t, "values", 5)
	}
	return scope.JobScopeTerm{SimpleScopeTerm: term}
}

func genJob(t *rapid.T) *Job {
	j := &Job{
		ClientToken: rapid.SampledFrom([]string{"", "tok", "6f1c2b1e-1d2c-4a8e-9a55-0c4d1f7e2b10"}).Draw(t, "clientToken"),
		Name:        rapid.StringOfN(rapid.Rune(), 1, 500, -1).Draw(t, "name"),
		Description: rapid.StringOfN(rapid.Rune(), 0, 200, -1).Draw(t, "description"),
		JobType:     sampled(schedule.JobType("").Values()).Draw(t, "jobType"),
	}
	if j.JobType == Scheduled {
		j.ScheduleFrequency = genFrequency(t)
		j.InitialRun = optional(t, rapid.Bool(), "initialRun")
	}
	j.SamplingPercentage = optional(t, rapid.Int32Range(1, 100), "samplingPercentage")

	def := &S3JobDefinition{}
	if rapid.Bool().Draw(t, "byCriteria") {
		and := func(b *criteria.CriteriaBlockForJob) *[]criteria.CriteriaForJob { return &b.And }
		def.BucketCriteria = &criteria.S3BucketCriteriaForJob{
			Includes: genBlock(t, "includes", 3, genCriterion, and), Excludes: genBlock(t, "excludes", 3, genCriterion, and)}
	} else {
		n := rapid.IntRange(1, 3).Draw(t, "definitions")
		for i := 0; i < n; i++ {
			def.BucketDefinitions = append(def.BucketDefinitions, criteria.S3BucketDefinitionForJob{
				AccountID: rapid.StringMatching(`[0-9]{12}`).Draw(t, "accountId"),
				Buckets:   nonEmpty(t, "buckets", 5),
			})
		}
	}
	if rapid.Bool().Draw(t, "scoping") {
		and := func(b *scope.JobScopingBlock) *[]scope.JobScopeTerm { return &b.And }
		def.Scoping = &scope.Scoping{
			Includes: genBlock(t, "scope.includes", 4, genScopeTerm, and), Excludes: genBlock(t, "scope.excludes", 4, genScopeTerm, and)}
	}
	j.S3JobDefinition = def

	j.ManagedDataIdentifierSelector = sampled(append(ManagedDataIdentifierSelector("").Values(), "")).Draw(t, "selector")
	switch j.ManagedDataIdentifierSelector {
	case SelectorInclude, SelectorExclude:
		j.ManagedDataIdentifierIds = nonEmpty(t, "managedIds", 5)
	case SelectorNone:
		j.CustomDataIdentifierIds = nonEmpty(t, "customIds", MaxCustomDataIDs)
	}
	if j.CustomDataIdentifierIds == nil && rapid.Bool().Draw(t, "customIds?") {
		j.CustomDataIdentifierIds = nonEmpty(t, "customIds", MaxCustomDataIDs)
	}
	if rapid.Bool().Draw(t, "allowLists?") {
		j.AllowListIds = rapid.SliceOfN(rapid.StringMatching(`[a-z0-9]{22}`), 1, MaxAllowListsPerJob).Draw(t, "allowListIds")
	}
	if n := rapid.IntRange(0, 5).Draw(t, "tags"); n > 0 {
		j.Tags = map[string]string{}
		for i := 0; i < n; i++ {
			j.Tags[rapid.StringOfN(rapid.Rune(), 1, MaxTagKeyLength, -1).Draw(t, "tagKey")] =
				rapid.StringOfN(rapid.Rune(), 0, MaxTagValueLength, -1).Draw(t, "tagValue")
		}
	}
	return j
}

func TestRandomValidJobsValidateAndRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		j := genJob(t)
		if err := j.Validate(Options{}); err != nil {
			t.Fatalf("a valid request was rejected:\n%v", err)
		}
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetIndent("", "  ")
		if err := enc.Encode(j); err != nil {
			t.Fatal(err)
		}
		back, err := Load(bytes.NewReader(buf.Bytes()), Limits{}, Options{})
		if err != nil {
			t.Fatalf("re-decoding failed:\n%v\n%s", err, buf.String())
		}
		if diff := cmp.Diff(j, back); diff != "" {
			t.Fatalf("decode(encode(job)) differs (-want +got):\n%s", diff)
		}
	})
}
