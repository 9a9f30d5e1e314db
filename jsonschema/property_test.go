package jsonschema_test

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/criteria"
	"github.com/jobscope/jobscope/schedule"
	"github.com/jobscope/jobscope/scope"
)

// TestSchemaAcceptsWhatJobscopeAccepts is the schema's soundness: over
// random requests, most of them valid and the rest one mistake away, every
// request jobscope accepts, the schema accepts too. (The converse does not
// hold: some rules are beyond JSON Schema; the test logs how often.)
func TestSchemaAcceptsWhatJobscopeAccepts(t *testing.T) {
	s := compile(t)
	var n, valid, weaker int
	for range 10 {
		rapid.Check(t, func(t *rapid.T) {
			j := genJob(t)
			data, err := json.Marshal(j)
			if err != nil {
				t.Fatal(err)
			}
			_, jerr := jobscope.Load(bytes.NewReader(data), jobscope.Limits{}, jobscope.Options{})
			serr := validate(s, data)
			n++
			switch {
			case jerr == nil && serr != nil:
				t.Fatalf("jobscope accepts, the schema rejects: %v\n%s", serr, data)
			case jerr == nil:
				valid++
			case serr == nil:
				weaker++
			}
		})
	}
	t.Logf("%d requests: %d valid; %d of the %d invalid ones pass the schema (rules beyond JSON Schema)", n, valid, weaker, n-valid)
	if valid < n/10 {
		t.Errorf("only %d of %d generated requests are valid: the property says little", valid, n)
	}
}

// mistake reports whether to make this choice wrong: about one in 50. (A
// value inside the range: rapid favours the ends.)
func mistake(t *rapid.T, label string) bool {
	return rapid.IntRange(0, 49).Draw(t, label+" mistake") == 17
}

func pick[T any](t *rapid.T, label string, good, bad []T) T {
	if len(bad) > 0 && mistake(t, label) {
		return rapid.SampledFrom(bad).Draw(t, label)
	}
	return rapid.SampledFrom(good).Draw(t, label)
}

var word = rapid.StringOfN(rapid.RuneFrom([]rune("abcXYZ09-_./ é漢😀\"\\")), 1, 8, -1)

func str(t *rapid.T, label string, max int) string {
	if mistake(t, label) {
		return rapid.SampledFrom([]string{"", strings.Repeat("x", max+1), strings.Repeat("é", max)}).Draw(t, label)
	}
	return word.Draw(t, label)
}

func strList(t *rapid.T, label string, min, max int) []string {
	if mistake(t, label) {
		return rapid.SampledFrom([][]string{nil, {""}, make([]string, max+1)}).Draw(t, label)
	}
	return rapid.SliceOfN(word, min, max).Draw(t, label)
}

func genJob(t *rapid.T) *jobscope.Job {
	j := &jobscope.Job{
		Name:        str(t, "name", jobscope.MaxNameLength),
		JobType:     pick(t, "jobType", schedule.JobType("").Values(), []schedule.JobType{"", "DAILY"}),
		ClientToken: rapid.SampledFrom([]string{"", "tok"}).Draw(t, "clientToken"),
	}
	if rapid.Bool().Draw(t, "description?") {
		j.Description = str(t, "description", jobscope.MaxDescriptionLength)
	}
	scheduled := j.JobType == schedule.Scheduled
	if scheduled != mistake(t, "scheduleFrequency") {
		j.ScheduleFrequency = genFrequency(t)
	}
	if scheduled != mistake(t, "initialRun") && rapid.Bool().Draw(t, "initialRun?") {
		b := rapid.Bool().Draw(t, "initialRun")
		j.InitialRun = &b
	}
	if rapid.Bool().Draw(t, "samplingPercentage?") {
		sp := pick(t, "samplingPercentage", []int32{1, 20, 99, 100}, []int32{0, -1, 101})
		j.SamplingPercentage = &sp
	}
	if rapid.Bool().Draw(t, "tags?") {
		j.Tags = map[string]string{}
		for i := range rapid.IntRange(0, 3).Draw(t, "tags") {
			k := str(t, "tagKey", jobscope.MaxTagKeyLength)
			if i == 0 && mistake(t, "tagCount") {
				for k := range jobscope.MaxTags + 1 {
					j.Tags[strings.Repeat("k", k+1)] = ""
				}
			}
			j.Tags[k] = rapid.SampledFrom([]string{"", "v", strings.Repeat("v", jobscope.MaxTagValueLength), strings.Repeat("v", jobscope.MaxTagValueLength+1)}).Draw(t, "tagValue")
		}
	}
	sel := pick(t, "selector", append(jobscope.ManagedDataIdentifierSelector("").Values(), ""), []jobscope.ManagedDataIdentifierSelector{"SOME"})
	j.ManagedDataIdentifierSelector = sel
	if (sel == jobscope.SelectorInclude || sel == jobscope.SelectorExclude) != mistake(t, "managedIds") {
		j.ManagedDataIdentifierIds = strList(t, "managedIds", 1, 3)
	}
	if sel == jobscope.SelectorNone != mistake(t, "customIds") || rapid.Bool().Draw(t, "customIds?") {
		j.CustomDataIdentifierIds = strList(t, "customIds", 1, jobscope.MaxCustomDataIDs)
	}
	if rapid.Bool().Draw(t, "allowLists?") {
		j.AllowListIds = strList(t, "allowLists", 0, jobscope.MaxAllowListsPerJob)
	}
	if !mistake(t, "s3JobDefinition") {
		j.S3JobDefinition = genDefinition(t)
	}
	return j
}

func genFrequency(t *rapid.T) *schedule.JobScheduleFrequency {
	f := &schedule.JobScheduleFrequency{}
	for n := 0; n == 0 || n == 1 && mistake(t, "frequencies"); n++ {
		switch rapid.IntRange(0, 2).Draw(t, "frequency") {
		case 0:
			f.DailySchedule = &schedule.DailySchedule{}
		case 1:
			f.WeeklySchedule = &schedule.WeeklySchedule{DayOfWeek: pick(t, "dayOfWeek", schedule.DayOfWeek("").Values(), []schedule.DayOfWeek{"", "monday"})}
		default:
			f.MonthlySchedule = &schedule.MonthlySchedule{DayOfMonth: pick(t, "dayOfMonth", []int32{1, 15, 28, 31}, []int32{0, 32, -1})}
		}
	}
	return f
}

func genDefinition(t *rapid.T) *jobscope.S3JobDefinition {
	d := &jobscope.S3JobDefinition{}
	byName := rapid.Bool().Draw(t, "byName")
	if byName || mistake(t, "bucketDefinitions") {
		for range rapid.IntRange(1, 3).Draw(t, "definitions") {
			d.BucketDefinitions = append(d.BucketDefinitions, criteria.S3BucketDefinitionForJob{
				AccountID: pick(t, "accountId", []string{"111122223333", "444455556666"}, []string{""}),
				Buckets:   strList(t, "buckets", 1, 3),
			})
		}
	}
	if !byName || mistake(t, "bucketCriteria") {
		d.BucketCriteria = &criteria.S3BucketCriteriaForJob{Includes: genCriteriaBlock(t, "includes"), Excludes: genCriteriaBlock(t, "excludes")}
	}
	if rapid.Bool().Draw(t, "scoping?") {
		d.Scoping = &scope.Scoping{Includes: genScopeBlock(t, "includes"), Excludes: genScopeBlock(t, "excludes")}
	}
	return d
}

var comparators = criteria.JobComparator("").Values()

func eqNE(t *rapid.T, label string) criteria.JobComparator {
	return pick(t, label, []criteria.JobComparator{criteria.EQ, criteria.NE}, append(comparators, "", "eq"))
}

// genBlock generates nil or a block, made by block, of 0 to 3 conditions
// generated by term.
func genBlock[B, T any](t *rapid.T, label string, term func(*rapid.T) T, block func(and []T) *B) *B {
	if !rapid.Bool().Draw(t, label+"?") {
		return nil
	}
	var and []T
	for range rapid.IntRange(0, 3).Draw(t, label) {
		and = append(and, term(t))
	}
	return block(and)
}

func genCriteriaBlock(t *rapid.T, label string) *criteria.CriteriaBlockForJob {
	return genBlock(t, label, func(t *rapid.T) (c criteria.CriteriaForJob) {
		simple := rapid.Bool().Draw(t, "simple")
		if simple || mistake(t, "simpleCriterion") {
			c.SimpleCriterion = &criteria.SimpleCriterionForJob{
				Comparator: eqNE(t, "comparator"),
				Key:        pick(t, "key", criteria.SimpleCriterionKeyForJob("").Values(), []criteria.SimpleCriterionKeyForJob{"", "BUCKET_NAME"}),
				Values:     strList(t, "values", 1, 3),
			}
		}
		if !simple || mistake(t, "tagCriterion") {
			tc := &criteria.TagCriterionForJob{Comparator: eqNE(t, "comparator")}
			for range rapid.IntRange(1, 3).Draw(t, "tagValues") {
				tc.TagValues = append(tc.TagValues, pick(t, "pair",
					[]criteria.TagCriterionPairForJob{{Key: "k"}, {Value: "v"}, {Key: "k", Value: "v"}},
					[]criteria.TagCriterionPairForJob{{}}))
			}
			if mistake(t, "noTagValues") {
				tc.TagValues = nil
			}
			c.TagCriterion = tc
		}
		return c
	}, func(and []criteria.CriteriaForJob) *criteria.CriteriaBlockForJob {
		return &criteria.CriteriaBlockForJob{And: and}
	})
}

var scopeValues = map[scope.ScopeFilterKey][]string{
	scope.ObjectExtension:        {"csv", "tar.gz", ".log"},
	scope.ObjectKey:              {"a/", "logs/2024/", "é"},
	scope.ObjectSize:             {"0", "1048576", "9223372036854775807"},
	scope.ObjectLastModifiedDate: {"2023-09-24T14:31:13Z", "2023-09-24T4:31:13.5+02:00", "2024-02-29T23:59:59,123-07:30"},
}

var badScopeValues = []string{"", "5MB", "-1", "2023-09-24", "2023-02-30T00:00:00Z", "99999999999999999999"}

func genScopeBlock(t *rapid.T, label string) *scope.JobScopingBlock {
	return genBlock(t, label, func(t *rapid.T) (term scope.JobScopeTerm) {
		simple := rapid.Bool().Draw(t, "simple")
		if simple || mistake(t, "simpleScopeTerm") {
			key := pick(t, "key", scope.ScopeFilterKey("").Values(), []scope.ScopeFilterKey{"", scope.LegacyTag, scope.LegacyBucketCreationDate})
			good := key.Comparators()
			if good == nil {
				good = []criteria.JobComparator{criteria.EQ}
			}
			st := &scope.SimpleScopeTerm{Key: key, Comparator: pick(t, "comparator", good, append(comparators, ""))}
			max := 1
			if key.MultipleValues() {
				max = 3
			}
			for range rapid.IntRange(1, max).Draw(t, "values") {
				st.Values = append(st.Values, pick(t, "value", append(scopeValues[key], "x"), badScopeValues))
			}
			if mistake(t, "valueCount") {
				st.Values = rapid.SampledFrom([][]string{nil, append(st.Values, st.Values...)}).Draw(t, "values")
			}
			term.SimpleScopeTerm = st
		}
		if !simple || mistake(t, "tagScopeTerm") {
			tt := &scope.TagScopeTerm{
				Comparator: eqNE(t, "comparator"),
				Key:        pick(t, "key", []string{scope.TagScopeTermKey}, []string{"", "tag", "Project"}),
				Target:     pick(t, "target", scope.TagTarget("").Values(), []scope.TagTarget{"", "S3_BUCKET"}),
			}
			for range rapid.IntRange(1, 3).Draw(t, "tagValues") {
				tt.TagValues = append(tt.TagValues, scope.TagValuePair{
					Key:   pick(t, "key", []string{"k", "Project"}, []string{""}),
					Value: rapid.SampledFrom([]string{"", "v"}).Draw(t, "value"),
				})
			}
			if mistake(t, "noTagValues") {
				tt.TagValues = nil
			}
			term.TagScopeTerm = tt
		}
		return term
	}, func(and []scope.JobScopeTerm) *scope.JobScopingBlock { return &scope.JobScopingBlock{And: and} })
}

// checkDates: whatever scope.ParseDate accepts, re matches. The inputs are
// valid dates edited a few characters at a time.
func checkDates(t *testing.T, re *regexp.Regexp) {
	seeds := []string{"2023-09-24T14:31:13Z", "2023-09-24T14:31:13.123456789+02:00", "2024-02-29T04:05:06,5-07:30", "0001-01-01T0:00:00Z"}
	alphabet := []rune("0123456789-:T.,Z+tz ")
	accepted := 0
	for range 20 {
		checkDatesOnce(t, re, seeds, alphabet, &accepted)
	}
	if accepted == 0 {
		t.Error("no generated date was valid")
	}
}

func checkDatesOnce(t *testing.T, re *regexp.Regexp, seeds []string, alphabet []rune, accepted *int) {
	rapid.Check(t, func(t *rapid.T) {
		s := []rune(rapid.SampledFrom(seeds).Draw(t, "seed"))
		for range rapid.IntRange(0, 3).Draw(t, "edits") {
			i := rapid.IntRange(0, len(s)).Draw(t, "at")
			c := rapid.SampledFrom(alphabet).Draw(t, "char")
			switch rapid.IntRange(0, 2).Draw(t, "edit") {
			case 0:
				s = append(s[:i], append([]rune{c}, s[i:]...)...)
			case 1:
				if i < len(s) {
					s = append(s[:i], s[i+1:]...)
				}
			default:
				if i < len(s) {
					s[i] = c
				}
			}
		}
		if _, err := scope.ParseDate(string(s)); err == nil {
			*accepted++
			if !re.MatchString(string(s)) {
				t.Fatalf("ParseDate accepts %q; the pattern does not match it", string(s))
			}
		}
	})
}
