package jobscope

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jobscope/jobscope/criteria"
	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/schedule"
	"github.com/jobscope/jobscope/scope"
)

func ptr[T any](v T) *T { return &v }

// baseJob returns a minimal valid job that each row of the table breaks in
// exactly one way.
func baseJob() *Job {
	return &Job{
		ClientToken: "tok",
		Name:        "job",
		JobType:     OneTime,
		S3JobDefinition: &S3JobDefinition{
			BucketDefinitions: []criteria.S3BucketDefinitionForJob{{AccountID: "111122223333", Buckets: []string{"b1"}}},
		},
	}
}

func withScoping(terms ...scope.JobScopeTerm) func(j *Job) {
	return func(j *Job) {
		j.S3JobDefinition.Scoping = &scope.Scoping{Includes: &scope.JobScopingBlock{And: terms}}
	}
}

func simpleScope(key scope.ScopeFilterKey, cmp criteria.JobComparator, values ...string) scope.JobScopeTerm {
	return scope.JobScopeTerm{SimpleScopeTerm: &scope.SimpleScopeTerm{Key: key, Comparator: cmp, Values: values}}
}

func tagScope(t scope.TagScopeTerm) scope.JobScopeTerm { return scope.JobScopeTerm{TagScopeTerm: &t} }

func withCriteria(terms ...criteria.CriteriaForJob) func(j *Job) {
	return func(j *Job) {
		j.S3JobDefinition = &S3JobDefinition{BucketCriteria: &criteria.S3BucketCriteriaForJob{
			Includes: &criteria.CriteriaBlockForJob{And: terms}}}
	}
}

func scheduled(f *schedule.JobScheduleFrequency) func(j *Job) {
	return func(j *Job) { j.JobType = Scheduled; j.ScheduleFrequency = f }
}

func repeat(prefix string, n int) []string {
	s := make([]string, n)
	for i := range s {
		s[i] = fmt.Sprintf("%s%d", prefix, i)
	}
	return s
}

const scopeTerm0 = "s3JobDefinition.scoping.includes.and[0]"
const criteriaTerm0 = "s3JobDefinition.bucketCriteria.includes.and[0]"

func TestValidateRules(t *testing.T) {
	type want struct {
		path      string
		code      field.Code
		exception string // default ValidationException
	}
	for _, tc := range []struct {
		name   string
		mutate func(j *Job)
		opts   Options
		want   []want // nil: valid
	}{
		// Required members and lengths.
		{"valid base", func(j *Job) {}, Options{}, nil},
		{"name missing", func(j *Job) { j.Name = "" }, Options{}, []want{{"name", field.Required, ""}}},
		{"name 500 chars", func(j *Job) { j.Name = strings.Repeat("é", 500) }, Options{}, nil},
		{"name 501 chars", func(j *Job) { j.Name = strings.Repeat("é", 501) }, Options{}, []want{{"name", field.TooLong, ""}}},
		{"description 200", func(j *Job) { j.Description = strings.Repeat("d", 200) }, Options{}, nil},
		{"description 201", func(j *Job) { j.Description = strings.Repeat("d", 201) }, Options{}, []want{{"description", field.TooLong, ""}}},
		{"clientToken optional", func(j *Job) { j.ClientToken = "" }, Options{}, nil},
		{"clientToken required by option", func(j *Job) { j.ClientToken = "" }, Options{RequireClientToken: true}, []want{{"clientToken", field.Required, ""}}},
		{"jobType missing", func(j *Job) { j.JobType = "" }, Options{}, []want{{"jobType", field.Required, ""}}},
		{"jobType invalid", func(j *Job) { j.JobType = "DAILY" }, Options{}, []want{{"jobType", field.InvalidValue, ""}}},
		{"s3JobDefinition missing", func(j *Job) { j.S3JobDefinition = nil }, Options{}, []want{{"s3JobDefinition", field.Required, ""}}},

		// Tags.
		{"50 tags", func(j *Job) { j.Tags = tagMap(50, "k", "v") }, Options{}, nil},
		{"51 tags", func(j *Job) { j.Tags = tagMap(51, "k", "v") }, Options{}, []want{{"tags", field.TooMany, ""}}},
		{"tag key 128", func(j *Job) { j.Tags = map[string]string{strings.Repeat("k", 128): "v"} }, Options{}, nil},
		{"tag key 129", func(j *Job) { j.Tags = map[string]string{strings.Repeat("k", 129): "v"} }, Options{}, []want{{"tags", field.TooLong, ""}}},
		{"tag key empty", func(j *Job) { j.Tags = map[string]string{"": "v"} }, Options{}, []want{{"tags", field.InvalidValue, ""}}},
		{"tag value 256", func(j *Job) { j.Tags = map[string]string{"k": strings.Repeat("v", 256)} }, Options{}, nil},
		{"tag value 257", func(j *Job) { j.Tags = map[string]string{"k": strings.Repeat("v", 257)} }, Options{}, []want{{"tags", field.TooLong, ""}}},

		// Job type and schedule.
		// A ONE_TIME job's schedule members: warnings by default (D1).
		{"one-time with schedule", oneTimeSchedule, Options{}, []want{{"scheduleFrequency", field.OneTimeScheduleFieldIgnored, "warning"}}},
		{"one-time with schedule, REJECT", oneTimeSchedule, Options{OneTimeScheduleFields: OneTimeReject}, []want{{"scheduleFrequency", field.Forbidden, ""}}},
		{"one-time with schedule, IGNORE", oneTimeSchedule, Options{OneTimeScheduleFields: OneTimeIgnore}, nil},
		{"one-time with initialRun false", func(j *Job) { j.InitialRun = ptr(false) }, Options{}, []want{{"initialRun", field.OneTimeScheduleFieldIgnored, "warning"}}},
		{"one-time with initialRun true", func(j *Job) { j.InitialRun = ptr(true) }, Options{OneTimeScheduleFields: OneTimeWarn}, []want{{"initialRun", field.OneTimeScheduleFieldIgnored, "warning"}}},
		{"one-time with initialRun false, REJECT", func(j *Job) { j.InitialRun = ptr(false) }, Options{OneTimeScheduleFields: OneTimeReject}, []want{{"initialRun", field.Forbidden, ""}}},
		{"one-time with initialRun ignored", func(j *Job) { j.InitialRun = ptr(true) }, Options{OneTimeScheduleFields: OneTimeIgnore}, nil},
		{"one-time with both", func(j *Job) { oneTimeSchedule(j); j.InitialRun = ptr(true) }, Options{}, []want{
			{"initialRun", field.OneTimeScheduleFieldIgnored, "warning"}, {"scheduleFrequency", field.OneTimeScheduleFieldIgnored, "warning"}}},
		{"one-time with both, REJECT", func(j *Job) { oneTimeSchedule(j); j.InitialRun = ptr(true) }, Options{OneTimeScheduleFields: OneTimeReject}, []want{
			{"scheduleFrequency", field.Forbidden, ""}, {"initialRun", field.Forbidden, ""}}},
		{"scheduled with initialRun", func(j *Job) {
			scheduled(&schedule.JobScheduleFrequency{DailySchedule: &schedule.DailySchedule{}})(j)
			j.InitialRun = ptr(true)
		}, Options{}, nil},
		{"scheduled without frequency", scheduled(nil), Options{}, []want{{"scheduleFrequency", field.Required, ""}}},
		{"scheduled daily", scheduled(&schedule.JobScheduleFrequency{DailySchedule: &schedule.DailySchedule{}}), Options{}, nil},
		{"scheduled empty frequency", scheduled(&schedule.JobScheduleFrequency{}), Options{}, []want{{"scheduleFrequency", field.Required, ""}}},
		{"scheduled two kinds", scheduled(&schedule.JobScheduleFrequency{DailySchedule: &schedule.DailySchedule{}, MonthlySchedule: &schedule.MonthlySchedule{DayOfMonth: 3}}), Options{}, []want{{"scheduleFrequency", field.Conflict, ""}}},
		{"weekly without day", scheduled(&schedule.JobScheduleFrequency{WeeklySchedule: &schedule.WeeklySchedule{}}), Options{}, []want{{"scheduleFrequency.weeklySchedule.dayOfWeek", field.Required, ""}}},
		{"weekly lower-case day", scheduled(&schedule.JobScheduleFrequency{WeeklySchedule: &schedule.WeeklySchedule{DayOfWeek: "friday"}}), Options{}, []want{{"scheduleFrequency.weeklySchedule.dayOfWeek", field.InvalidValue, ""}}},
		{"monthly 31", scheduled(&schedule.JobScheduleFrequency{MonthlySchedule: &schedule.MonthlySchedule{DayOfMonth: 31}}), Options{}, nil},
		{"monthly 0", scheduled(&schedule.JobScheduleFrequency{MonthlySchedule: &schedule.MonthlySchedule{}}), Options{}, []want{{"scheduleFrequency.monthlySchedule.dayOfMonth", field.Required, ""}}},
		{"monthly 32", scheduled(&schedule.JobScheduleFrequency{MonthlySchedule: &schedule.MonthlySchedule{DayOfMonth: 32}}), Options{}, []want{{"scheduleFrequency.monthlySchedule.dayOfMonth", field.InvalidValue, ""}}},
		{"monthly -1", scheduled(&schedule.JobScheduleFrequency{MonthlySchedule: &schedule.MonthlySchedule{DayOfMonth: -1}}), Options{}, []want{{"scheduleFrequency.monthlySchedule.dayOfMonth", field.InvalidValue, ""}}},

		// Sampling.
		{"sampling 1", func(j *Job) { j.SamplingPercentage = ptr[int32](1) }, Options{}, nil},
		{"sampling 100", func(j *Job) { j.SamplingPercentage = ptr[int32](100) }, Options{}, nil},
		{"sampling 0", func(j *Job) { j.SamplingPercentage = ptr[int32](0) }, Options{}, []want{{"samplingPercentage", field.InvalidValue, ""}}},
		{"sampling 0 allowed", func(j *Job) { j.SamplingPercentage = ptr[int32](0) }, Options{AllowZeroSampling: true}, nil},
		{"sampling 101", func(j *Job) { j.SamplingPercentage = ptr[int32](101) }, Options{}, []want{{"samplingPercentage", field.InvalidValue, ""}}},

		// Buckets.
		{"criteria and definitions", func(j *Job) { j.S3JobDefinition.BucketCriteria = &criteria.S3BucketCriteriaForJob{} }, Options{}, []want{{"s3JobDefinition", field.Conflict, ""}}},
		{"neither criteria nor definitions", func(j *Job) { j.S3JobDefinition.BucketDefinitions = nil }, Options{}, []want{{"s3JobDefinition", field.Required, ""}}},
		{"empty criteria = all buckets", func(j *Job) { j.S3JobDefinition = &S3JobDefinition{BucketCriteria: &criteria.S3BucketCriteriaForJob{}} }, Options{}, nil},
		{"definition without account", func(j *Job) { j.S3JobDefinition.BucketDefinitions[0].AccountID = "" }, Options{}, []want{{"s3JobDefinition.bucketDefinitions[0].accountId", field.Required, ""}}},
		{"definition without buckets", func(j *Job) { j.S3JobDefinition.BucketDefinitions[0].Buckets = nil }, Options{}, []want{{"s3JobDefinition.bucketDefinitions[0].buckets", field.TooFew, ""}}},
		{"empty bucket name", func(j *Job) { j.S3JobDefinition.BucketDefinitions[0].Buckets = []string{"b", ""} }, Options{}, []want{{"s3JobDefinition.bucketDefinitions[0].buckets[1]", field.InvalidValue, ""}}},
		{"1000 buckets", func(j *Job) { j.S3JobDefinition.BucketDefinitions[0].Buckets = repeat("b", 1000) }, Options{}, nil},
		{"1001 buckets", func(j *Job) { j.S3JobDefinition.BucketDefinitions[0].Buckets = repeat("b", 1001) }, Options{}, []want{{"s3JobDefinition.bucketDefinitions", field.Quota, ""}}},
		{"1001 buckets, quota exception", func(j *Job) { j.S3JobDefinition.BucketDefinitions[0].Buckets = repeat("b", 1001) }, Options{QuotaError: ServiceQuotaExceededException}, []want{{"s3JobDefinition.bucketDefinitions", field.Quota, ServiceQuotaExceededException}}},
		{"1001 accounts", func(j *Job) {
			var defs []criteria.S3BucketDefinitionForJob
			for i := 0; i < 1001; i++ {
				defs = append(defs, criteria.S3BucketDefinitionForJob{AccountID: fmt.Sprint(100000000000 + i), Buckets: []string{"b"}})
			}
			j.S3JobDefinition.BucketDefinitions = defs
		}, Options{}, []want{{"s3JobDefinition.bucketDefinitions", field.Quota, ""}, {"s3JobDefinition.bucketDefinitions", field.Quota, ""}}},

		// Bucket criteria.
		{"criterion both kinds", withCriteria(criteria.CriteriaForJob{
			SimpleCriterion: &criteria.SimpleCriterionForJob{Key: criteria.AccountID, Comparator: criteria.EQ, Values: []string{"1"}},
			TagCriterion:    &criteria.TagCriterionForJob{Comparator: criteria.EQ, TagValues: []criteria.TagCriterionPairForJob{{Key: "k"}}}}),
			Options{}, []want{{criteriaTerm0, field.Conflict, ""}}},
		{"criterion neither kind", withCriteria(criteria.CriteriaForJob{}), Options{}, []want{{criteriaTerm0, field.Required, ""}}},
		{"criterion key invalid", withCriteria(simpleCriterion("BUCKET_NAME", criteria.EQ, "x")), Options{}, []want{{criteriaTerm0 + ".simpleCriterion.key", field.InvalidValue, ""}}},
		{"criterion key missing", withCriteria(simpleCriterion("", criteria.EQ, "x")), Options{}, []want{{criteriaTerm0 + ".simpleCriterion.key", field.Required, ""}}},
		{"criterion comparator GT", withCriteria(simpleCriterion(criteria.AccountID, criteria.GT, "1")), Options{}, []want{{criteriaTerm0 + ".simpleCriterion.comparator", field.InvalidValue, ""}}},
		{"criterion comparator missing", withCriteria(simpleCriterion(criteria.AccountID, "", "1")), Options{}, []want{{criteriaTerm0 + ".simpleCriterion.comparator", field.Required, ""}}},
		{"criterion no values", withCriteria(simpleCriterion(criteria.AccountID, criteria.EQ)), Options{}, []want{{criteriaTerm0 + ".simpleCriterion.values", field.TooFew, ""}}},
		{"tag criterion comparator", withCriteria(tagCriterion(criteria.StartsWith, criteria.TagCriterionPairForJob{Key: "k"})), Options{}, []want{{criteriaTerm0 + ".tagCriterion.comparator", field.InvalidValue, ""}}},
		{"tag criterion no pairs", withCriteria(tagCriterion(criteria.EQ)), Options{}, []want{{criteriaTerm0 + ".tagCriterion.tagValues", field.TooFew, ""}}},
		{"tag criterion empty pair", withCriteria(tagCriterion(criteria.EQ, criteria.TagCriterionPairForJob{Key: "k"}, criteria.TagCriterionPairForJob{})), Options{}, []want{{criteriaTerm0 + ".tagCriterion.tagValues[1]", field.Required, ""}}},
		{"tag criterion value only", withCriteria(tagCriterion(criteria.NE, criteria.TagCriterionPairForJob{Value: "Test"})), Options{}, nil},
		{"criteria empty block", func(j *Job) {
			j.S3JobDefinition = &S3JobDefinition{BucketCriteria: &criteria.S3BucketCriteriaForJob{Excludes: &criteria.CriteriaBlockForJob{}}}
		}, Options{}, nil},
		{"criteria empty block rejected", func(j *Job) {
			j.S3JobDefinition = &S3JobDefinition{BucketCriteria: &criteria.S3BucketCriteriaForJob{Excludes: &criteria.CriteriaBlockForJob{}}}
		}, Options{Criteria: criteria.Options{BlockOptions: criteria.BlockOptions{EmptyBlock: criteria.EmptyBlockError}}}, []want{{"s3JobDefinition.bucketCriteria.excludes.and", field.TooFew, ""}}},

		// Object scoping.
		{"scope term both kinds", withScoping(scope.JobScopeTerm{
			SimpleScopeTerm: &scope.SimpleScopeTerm{Key: scope.ObjectKey, Comparator: criteria.StartsWith, Values: []string{"a"}},
			TagScopeTerm:    &scope.TagScopeTerm{Key: "TAG", Target: scope.S3Object, Comparator: criteria.EQ, TagValues: []scope.TagValuePair{{Key: "k"}}}}),
			Options{}, []want{{scopeTerm0, field.Conflict, ""}}},
		{"scope term neither kind", withScoping(scope.JobScopeTerm{}), Options{}, []want{{scopeTerm0, field.Required, ""}}},
		{"scope key missing", withScoping(simpleScope("", criteria.EQ, "x")), Options{}, []want{{scopeTerm0 + ".simpleScopeTerm.key", field.Required, ""}}},
		{"scope key invalid", withScoping(simpleScope("OBJECT_NAME", criteria.EQ, "x")), Options{}, []want{{scopeTerm0 + ".simpleScopeTerm.key", field.InvalidValue, ""}}},
		{"scope key BUCKET_CREATION_DATE", withScoping(simpleScope(scope.LegacyBucketCreationDate, criteria.GT, "2020-01-01T00:00:00Z")), Options{}, []want{{scopeTerm0 + ".simpleScopeTerm.key", field.Removed, ""}}},
		{"scope key TAG", withScoping(simpleScope(scope.LegacyTag, criteria.EQ, "x")), Options{}, []want{{scopeTerm0 + ".simpleScopeTerm.key", field.Removed, ""}}},
		{"comparator not an enum", withScoping(simpleScope(scope.ObjectSize, "BETWEEN", "1")), Options{}, []want{{scopeTerm0 + ".simpleScopeTerm.comparator", field.InvalidValue, ""}}},
		{"comparator missing", withScoping(simpleScope(scope.ObjectSize, "", "1")), Options{}, []want{{scopeTerm0 + ".simpleScopeTerm.comparator", field.Required, ""}}},
		{"extension CONTAINS", withScoping(simpleScope(scope.ObjectExtension, criteria.Contains, "pd")), Options{}, []want{{scopeTerm0 + ".simpleScopeTerm.comparator", field.InvalidValue, ""}}},
		{"extension GT", withScoping(simpleScope(scope.ObjectExtension, criteria.GT, "pdf")), Options{}, []want{{scopeTerm0 + ".simpleScopeTerm.comparator", field.InvalidValue, ""}}},
		{"key EQ", withScoping(simpleScope(scope.ObjectKey, criteria.EQ, "logs/")), Options{}, []want{{scopeTerm0 + ".simpleScopeTerm.comparator", field.InvalidValue, ""}}},
		{"key NE", withScoping(simpleScope(scope.ObjectKey, criteria.NE, "logs/")), Options{}, []want{{scopeTerm0 + ".simpleScopeTerm.comparator", field.InvalidValue, ""}}},
		{"date STARTS_WITH", withScoping(simpleScope(scope.ObjectLastModifiedDate, criteria.StartsWith, "2023-01-01T00:00:00Z")), Options{}, []want{{scopeTerm0 + ".simpleScopeTerm.comparator", field.InvalidValue, ""}}},
		{"size CONTAINS", withScoping(simpleScope(scope.ObjectSize, criteria.Contains, "1")), Options{}, []want{{scopeTerm0 + ".simpleScopeTerm.comparator", field.InvalidValue, ""}}},
		{"every size comparator", withScoping(
			simpleScope(scope.ObjectSize, criteria.EQ, "1"), simpleScope(scope.ObjectSize, criteria.NE, "1"),
			simpleScope(scope.ObjectSize, criteria.GT, "1"), simpleScope(scope.ObjectSize, criteria.GTE, "1"),
			simpleScope(scope.ObjectSize, criteria.LT, "1"), simpleScope(scope.ObjectSize, criteria.LTE, "1")), Options{}, nil},
		{"no values", withScoping(simpleScope(scope.ObjectKey, criteria.StartsWith)), Options{}, []want{{scopeTerm0 + ".simpleScopeTerm.values", field.TooFew, ""}}},
		{"many extensions", withScoping(simpleScope(scope.ObjectExtension, criteria.EQ, "pdf", "csv", "txt")), Options{}, nil},
		{"two sizes", withScoping(simpleScope(scope.ObjectSize, criteria.GT, "10", "20")), Options{}, []want{{scopeTerm0 + ".simpleScopeTerm.values", field.TooMany, ""}}},
		{"two dates", withScoping(simpleScope(scope.ObjectLastModifiedDate, criteria.GT, "2023-01-01T00:00:00Z", "2024-01-01T00:00:00Z")), Options{}, []want{{scopeTerm0 + ".simpleScopeTerm.values", field.TooMany, ""}}},
		{"size negative", withScoping(simpleScope(scope.ObjectSize, criteria.GT, "-1")), Options{}, []want{{scopeTerm0 + ".simpleScopeTerm.values[0]", field.InvalidValue, ""}}},
		{"size with unit", withScoping(simpleScope(scope.ObjectSize, criteria.GT, "5MB")), Options{}, []want{{scopeTerm0 + ".simpleScopeTerm.values[0]", field.InvalidValue, ""}}},
		{"size decimal", withScoping(simpleScope(scope.ObjectSize, criteria.GT, "1.5")), Options{}, []want{{scopeTerm0 + ".simpleScopeTerm.values[0]", field.InvalidValue, ""}}},
		{"size max int64", withScoping(simpleScope(scope.ObjectSize, criteria.LT, "9223372036854775807")), Options{}, nil},
		{"size beyond int64", withScoping(simpleScope(scope.ObjectSize, criteria.LT, "9223372036854775808")), Options{}, []want{{scopeTerm0 + ".simpleScopeTerm.values[0]", field.InvalidValue, ""}}},
		{"date month 13", withScoping(simpleScope(scope.ObjectLastModifiedDate, criteria.GT, "2023-13-01T00:00:00Z")), Options{}, []want{{scopeTerm0 + ".simpleScopeTerm.values[0]", field.InvalidValue, ""}}},
		{"date without time", withScoping(simpleScope(scope.ObjectLastModifiedDate, criteria.GT, "2023-01-01")), Options{}, []want{{scopeTerm0 + ".simpleScopeTerm.values[0]", field.InvalidValue, ""}}},
		{"date with offset and fraction", withScoping(simpleScope(scope.ObjectLastModifiedDate, criteria.GT, "2023-09-24T16:31:13.5+02:00")), Options{}, nil},
		{"empty prefix", withScoping(simpleScope(scope.ObjectKey, criteria.StartsWith, "a", "")), Options{}, []want{{scopeTerm0 + ".simpleScopeTerm.values[1]", field.InvalidValue, ""}}},
		{"empty extension", withScoping(simpleScope(scope.ObjectExtension, criteria.EQ, "")), Options{}, []want{{scopeTerm0 + ".simpleScopeTerm.values[0]", field.InvalidValue, ""}}},
		{"tag term valid", withScoping(tagScope(scope.TagScopeTerm{Key: "TAG", Target: scope.S3Object, Comparator: criteria.NE, TagValues: []scope.TagValuePair{{Key: "a"}, {Key: "b", Value: "c"}}})), Options{}, nil},
		{"tag term key not TAG", withScoping(tagScope(scope.TagScopeTerm{Key: "Project", Target: scope.S3Object, Comparator: criteria.EQ, TagValues: []scope.TagValuePair{{Key: "a"}}})), Options{}, []want{{scopeTerm0 + ".tagScopeTerm.key", field.InvalidValue, ""}}},
		{"tag term key missing", withScoping(tagScope(scope.TagScopeTerm{Target: scope.S3Object, Comparator: criteria.EQ, TagValues: []scope.TagValuePair{{Key: "a"}}})), Options{}, []want{{scopeTerm0 + ".tagScopeTerm.key", field.Required, ""}}},
		{"tag term target missing", withScoping(tagScope(scope.TagScopeTerm{Key: "TAG", Comparator: criteria.EQ, TagValues: []scope.TagValuePair{{Key: "a"}}})), Options{}, []want{{scopeTerm0 + ".tagScopeTerm.target", field.Required, ""}}},
		{"tag term target invalid", withScoping(tagScope(scope.TagScopeTerm{Key: "TAG", Target: "S3_BUCKET", Comparator: criteria.EQ, TagValues: []scope.TagValuePair{{Key: "a"}}})), Options{}, []want{{scopeTerm0 + ".tagScopeTerm.target", field.InvalidValue, ""}}},
		{"tag term comparator", withScoping(tagScope(scope.TagScopeTerm{Key: "TAG", Target: scope.S3Object, Comparator: criteria.GT, TagValues: []scope.TagValuePair{{Key: "a"}}})), Options{}, []want{{scopeTerm0 + ".tagScopeTerm.comparator", field.InvalidValue, ""}}},
		{"tag term comparator missing", withScoping(tagScope(scope.TagScopeTerm{Key: "TAG", Target: scope.S3Object, TagValues: []scope.TagValuePair{{Key: "a"}}})), Options{}, []want{{scopeTerm0 + ".tagScopeTerm.comparator", field.Required, ""}}},
		{"tag term no pairs", withScoping(tagScope(scope.TagScopeTerm{Key: "TAG", Target: scope.S3Object, Comparator: criteria.EQ})), Options{}, []want{{scopeTerm0 + ".tagScopeTerm.tagValues", field.TooFew, ""}}},
		{"tag term value only", withScoping(tagScope(scope.TagScopeTerm{Key: "TAG", Target: scope.S3Object, Comparator: criteria.EQ, TagValues: []scope.TagValuePair{{Value: "x"}}})), Options{}, []want{{scopeTerm0 + ".tagScopeTerm.tagValues[0].key", field.Required, ""}}},
		{"scoping empty block", func(j *Job) { j.S3JobDefinition.Scoping = &scope.Scoping{Includes: &scope.JobScopingBlock{}} }, Options{}, nil},
		{"scoping empty block rejected", func(j *Job) { j.S3JobDefinition.Scoping = &scope.Scoping{Includes: &scope.JobScopingBlock{}} },
			Options{Scope: scope.Options{BlockOptions: criteria.BlockOptions{EmptyBlock: criteria.EmptyBlockError}}}, []want{{"s3JobDefinition.scoping.includes.and", field.TooFew, ""}}},
		{"second term located", withScoping(simpleScope(scope.ObjectKey, criteria.StartsWith, "a"), simpleScope(scope.ObjectSize, criteria.GT, "x")), Options{},
			[]want{{"s3JobDefinition.scoping.includes.and[1].simpleScopeTerm.values[0]", field.InvalidValue, ""}}},

		// Data identifiers and allow lists.
		{"selector invalid", func(j *Job) { j.ManagedDataIdentifierSelector = "SOME" }, Options{}, []want{{"managedDataIdentifierSelector", field.InvalidValue, ""}}},
		{"selector ALL with ids", func(j *Job) {
			j.ManagedDataIdentifierSelector = SelectorAll
			j.ManagedDataIdentifierIds = []string{"X"}
		}, Options{}, []want{{"managedDataIdentifierIds", field.Forbidden, ""}}},
		{"selector RECOMMENDED with ids", func(j *Job) {
			j.ManagedDataIdentifierSelector = SelectorRecommended
			j.ManagedDataIdentifierIds = []string{"X"}
		}, Options{}, []want{{"managedDataIdentifierIds", field.Forbidden, ""}}},
		{"selector absent with ids", func(j *Job) { j.ManagedDataIdentifierIds = []string{"X"} }, Options{}, []want{{"managedDataIdentifierIds", field.Forbidden, ""}}},
		{"selector NONE without custom", func(j *Job) { j.ManagedDataIdentifierSelector = SelectorNone }, Options{}, []want{{"customDataIdentifierIds", field.Required, ""}}},
		{"selector NONE with custom", func(j *Job) {
			j.ManagedDataIdentifierSelector = SelectorNone
			j.CustomDataIdentifierIds = []string{"c"}
		}, Options{}, nil},
		{"selector NONE with managed ids", func(j *Job) {
			j.ManagedDataIdentifierSelector = SelectorNone
			j.CustomDataIdentifierIds = []string{"c"}
			j.ManagedDataIdentifierIds = []string{"X"}
		}, Options{}, []want{{"managedDataIdentifierIds", field.Forbidden, ""}}},
		{"selector INCLUDE without ids", func(j *Job) { j.ManagedDataIdentifierSelector = SelectorInclude }, Options{}, []want{{"managedDataIdentifierIds", field.Required, ""}}},
		{"selector EXCLUDE without ids", func(j *Job) { j.ManagedDataIdentifierSelector = SelectorExclude }, Options{}, []want{{"managedDataIdentifierIds", field.Required, ""}}},
		{"selector INCLUDE with ids", func(j *Job) {
			j.ManagedDataIdentifierSelector = SelectorInclude
			j.ManagedDataIdentifierIds = []string{"X"}
		}, Options{}, nil},
		{"30 custom ids", func(j *Job) { j.CustomDataIdentifierIds = repeat("c", 30) }, Options{}, nil},
		{"31 custom ids", func(j *Job) { j.CustomDataIdentifierIds = repeat("c", 31) }, Options{}, []want{{"customDataIdentifierIds", field.Quota, ""}}},
		{"31 custom ids, quota exception", func(j *Job) { j.CustomDataIdentifierIds = repeat("c", 31) }, Options{QuotaError: ServiceQuotaExceededException}, []want{{"customDataIdentifierIds", field.Quota, ServiceQuotaExceededException}}},
		{"10 allow lists", func(j *Job) { j.AllowListIds = repeat("a", 10) }, Options{}, nil},
		{"11 allow lists", func(j *Job) { j.AllowListIds = repeat("a", 11) }, Options{}, []want{{"allowListIds", field.Quota, ""}}},
		{"empty allow list id", func(j *Job) { j.AllowListIds = []string{"a", ""} }, Options{}, []want{{"allowListIds[1]", field.InvalidValue, ""}}},

		// Read-only members.
		{"describe status valid", func(j *Job) { j.JobStatus = "USER_PAUSED" }, Options{}, nil},
		{"describe output: one-time initialRun false", func(j *Job) { j.JobID = "f9d9"; j.InitialRun = ptr(false) }, Options{}, []want{{"initialRun", field.OneTimeScheduleFieldIgnored, "warning"}}},
		{"describe output: one-time initialRun false, REJECT", func(j *Job) { j.JobID = "f9d9"; j.InitialRun = ptr(false) }, Options{OneTimeScheduleFields: OneTimeReject}, nil},
		{"describe output: one-time initialRun true", func(j *Job) { j.JobID = "f9d9"; j.InitialRun = ptr(true) }, Options{}, []want{{"initialRun", field.OneTimeScheduleFieldIgnored, "warning"}}},
		{"describe output: one-time initialRun true, REJECT", func(j *Job) { j.JobID = "f9d9"; j.InitialRun = ptr(true) }, Options{OneTimeScheduleFields: OneTimeReject}, []want{{"initialRun", field.Forbidden, ""}}},
		{"describe status invalid", func(j *Job) { j.JobStatus = "STOPPED" }, Options{}, []want{{"jobStatus", field.InvalidValue, ""}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			j := baseJob()
			tc.mutate(j)
			err := j.Validate(tc.opts)
			var got []want
			var list field.ErrorList
			if err != nil && !errors.As(err, &list) {
				t.Fatalf("error %v is not a field.ErrorList", err)
			}
			for _, e := range list {
				if e.Message == "" {
					t.Errorf("%s: empty message", e.Path)
				}
				exc := e.Exception
				if exc == field.ValidationException {
					exc = ""
				}
				got = append(got, want{e.Path, e.Code, exc})
			}
			for _, w := range j.Warnings(tc.opts) {
				if !w.IsWarning() || w.Exception != "" || w.Message == "" {
					t.Errorf("warning %+v", w)
				}
				got = append(got, want{w.Path, w.Code, "warning"})
			}
			if diff := cmp.Diff(tc.want, got, cmp.AllowUnexported(want{})); diff != "" {
				t.Errorf("-want +got:\n%s\nerrors:\n%v", diff, err)
			}
		})
	}
}

func oneTimeSchedule(j *Job) {
	j.ScheduleFrequency = &schedule.JobScheduleFrequency{DailySchedule: &schedule.DailySchedule{}}
}

func simpleCriterion(key criteria.SimpleCriterionKeyForJob, c criteria.JobComparator, values ...string) criteria.CriteriaForJob {
	return criteria.CriteriaForJob{SimpleCriterion: &criteria.SimpleCriterionForJob{Key: key, Comparator: c, Values: values}}
}

func tagCriterion(c criteria.JobComparator, pairs ...criteria.TagCriterionPairForJob) criteria.CriteriaForJob {
	return criteria.CriteriaForJob{TagCriterion: &criteria.TagCriterionForJob{Comparator: c, TagValues: pairs}}
}

func tagMap(n int, k, v string) map[string]string {
	m := map[string]string{}
	for i := 0; i < n; i++ {
		m[fmt.Sprintf("%s%d", k, i)] = v
	}
	return m
}

func TestValidationErrorsAs(t *testing.T) {
	j := baseJob()
	j.Name = ""
	j.SamplingPercentage = ptr[int32](500)
	err := j.Validate(Options{})
	var fe *field.Error
	if !errors.As(err, &fe) {
		t.Fatalf("errors.As(*field.Error) failed on %v", err)
	}
	if fe.Path != "name" || fe.Code != field.Required {
		t.Errorf("first error = %+v", fe)
	}
	var list field.ErrorList
	if !errors.As(err, &list) || len(list) != 2 {
		t.Fatalf("want a list of 2, got %v", err)
	}
	if got, want := err.Error(), "name: name is required: 1 to 500 characters\nsamplingPercentage: samplingPercentage is 500; it must be from 1 through 100"; got != want {
		t.Errorf("Error() =\n%s\nwant\n%s", got, want)
	}
}
