// Package awssdk converts between jobscope's types and the shapes of the
// AWS SDK for Go v2's Macie client (github.com/aws/aws-sdk-go-v2/service/macie2),
// so that a Go program that builds classification jobs with the SDK can
// validate them, dry-run them or explain them with jobscope before it sends
// them.
//
// This package converts the shapes the request is made of —
// types.S3JobDefinition with its bucket criteria and scoping,
// types.JobScheduleFrequency, and the read-only shapes of
// DescribeClassificationJob output — and imports only the SDK's types
// package, which pulls in two small packages of smithy-go. The request and
// response structs themselves (macie2.CreateClassificationJobInput,
// macie2.DescribeClassificationJobOutput) live in the client package, which
// pulls in some sixty more; their conversions are in the subpackage
// [github.com/jobscope/jobscope/awssdk/macie2io], for programs that use the
// client anyway.
//
// Conversions keep every value. Where the SDK has a pointer and jobscope a
// plain value (the SDK's *string, *int32 for dayOfMonth), nil and the zero
// value are the same to jobscope, as they are to Macie's JSON: a nil
// pointer becomes "" or 0, and "" or 0 becomes nil. The one exception is
// TagValuePair.Value, which always becomes a pointer, to "" for a key-only
// condition, as Macie documents. Lists and maps keep the difference
// between nil and empty. Enum values are copied as they are, valid or not:
// validation says which are wrong.
package awssdk

import (
	"github.com/jobscope/jobscope/awssdk/internal/ptrs"
	"slices"

	"github.com/aws/aws-sdk-go-v2/service/macie2/types"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/criteria"
	"github.com/jobscope/jobscope/schedule"
	"github.com/jobscope/jobscope/scope"
	"github.com/jobscope/jobscope/status"
)

// S3JobDefinition converts an SDK job definition to jobscope's.
func S3JobDefinition(d *types.S3JobDefinition) *jobscope.S3JobDefinition {
	if d == nil {
		return nil
	}
	out := &jobscope.S3JobDefinition{
		BucketCriteria: BucketCriteria(d.BucketCriteria),
		Scoping:        Scoping(d.Scoping),
	}
	if d.BucketDefinitions != nil {
		out.BucketDefinitions = make([]criteria.S3BucketDefinitionForJob, len(d.BucketDefinitions))
		for i, b := range d.BucketDefinitions {
			out.BucketDefinitions[i] = criteria.S3BucketDefinitionForJob{AccountID: ptrs.Value(b.AccountId), Buckets: slices.Clone(b.Buckets)}
		}
	}
	return out
}

// SDKS3JobDefinition converts a job definition to the SDK's.
func SDKS3JobDefinition(d *jobscope.S3JobDefinition) *types.S3JobDefinition {
	if d == nil {
		return nil
	}
	out := &types.S3JobDefinition{
		BucketCriteria: SDKBucketCriteria(d.BucketCriteria),
		Scoping:        SDKScoping(d.Scoping),
	}
	if d.BucketDefinitions != nil {
		out.BucketDefinitions = make([]types.S3BucketDefinitionForJob, len(d.BucketDefinitions))
		for i, b := range d.BucketDefinitions {
			out.BucketDefinitions[i] = types.S3BucketDefinitionForJob{AccountId: ptrs.To(b.AccountID), Buckets: slices.Clone(b.Buckets)}
		}
	}
	return out
}

// BucketCriteria converts SDK bucket criteria to jobscope's.
func BucketCriteria(c *types.S3BucketCriteriaForJob) *criteria.S3BucketCriteriaForJob {
	if c == nil {
		return nil
	}
	return &criteria.S3BucketCriteriaForJob{Includes: criteriaBlock(c.Includes), Excludes: criteriaBlock(c.Excludes)}
}

// SDKBucketCriteria converts bucket criteria to the SDK's.
func SDKBucketCriteria(c *criteria.S3BucketCriteriaForJob) *types.S3BucketCriteriaForJob {
	if c == nil {
		return nil
	}
	return &types.S3BucketCriteriaForJob{Includes: sdkCriteriaBlock(c.Includes), Excludes: sdkCriteriaBlock(c.Excludes)}
}

func criteriaBlock(b *types.CriteriaBlockForJob) *criteria.CriteriaBlockForJob {
	if b == nil {
		return nil
	}
	return &criteria.CriteriaBlockForJob{And: convertSlice(b.And, func(c types.CriteriaForJob) criteria.CriteriaForJob {
		out := criteria.CriteriaForJob{}
		if s := c.SimpleCriterion; s != nil {
			out.SimpleCriterion = &criteria.SimpleCriterionForJob{
				Comparator: criteria.JobComparator(s.Comparator),
				Key:        criteria.SimpleCriterionKeyForJob(s.Key),
				Values:     slices.Clone(s.Values),
			}
		}
		if t := c.TagCriterion; t != nil {
			out.TagCriterion = &criteria.TagCriterionForJob{
				Comparator: criteria.JobComparator(t.Comparator),
				TagValues: convertSlice(t.TagValues, func(p types.TagCriterionPairForJob) criteria.TagCriterionPairForJob {
					return criteria.TagCriterionPairForJob{Key: ptrs.Value(p.Key), Value: ptrs.Value(p.Value)}
				}),
			}
		}
		return out
	})}
}

func sdkCriteriaBlock(b *criteria.CriteriaBlockForJob) *types.CriteriaBlockForJob {
	if b == nil {
		return nil
	}
	return &types.CriteriaBlockForJob{And: convertSlice(b.And, func(c criteria.CriteriaForJob) types.CriteriaForJob {
		out := types.CriteriaForJob{}
		if s := c.SimpleCriterion; s != nil {
			out.SimpleCriterion = &types.SimpleCriterionForJob{
				Comparator: types.JobComparator(s.Comparator),
				Key:        types.SimpleCriterionKeyForJob(s.Key),
				Values:     slices.Clone(s.Values),
			}
		}
		if t := c.TagCriterion; t != nil {
			out.TagCriterion = &types.TagCriterionForJob{
				Comparator: types.JobComparator(t.Comparator),
				TagValues: convertSlice(t.TagValues, func(p criteria.TagCriterionPairForJob) types.TagCriterionPairForJob {
					return types.TagCriterionPairForJob{Key: ptrs.To(p.Key), Value: ptrs.To(p.Value)}
				}),
			}
		}
		return out
	})}
}

// Scoping converts SDK object scoping to jobscope's.
func Scoping(s *types.Scoping) *scope.Scoping {
	if s == nil {
		return nil
	}
	return &scope.Scoping{Includes: scopingBlock(s.Includes), Excludes: scopingBlock(s.Excludes)}
}

// SDKScoping converts object scoping to the SDK's.
func SDKScoping(s *scope.Scoping) *types.Scoping {
	if s == nil {
		return nil
	}
	return &types.Scoping{Includes: sdkScopingBlock(s.Includes), Excludes: sdkScopingBlock(s.Excludes)}
}

func scopingBlock(b *types.JobScopingBlock) *scope.JobScopingBlock {
	if b == nil {
		return nil
	}
	return &scope.JobScopingBlock{And: convertSlice(b.And, func(t types.JobScopeTerm) scope.JobScopeTerm {
		out := scope.JobScopeTerm{}
		if s := t.SimpleScopeTerm; s != nil {
			out.SimpleScopeTerm = &scope.SimpleScopeTerm{
				Comparator: criteria.JobComparator(s.Comparator),
				Key:        scope.ScopeFilterKey(s.Key),
				Values:     slices.Clone(s.Values),
			}
		}
		if g := t.TagScopeTerm; g != nil {
			out.TagScopeTerm = &scope.TagScopeTerm{
				Comparator: criteria.JobComparator(g.Comparator),
				Key:        ptrs.Value(g.Key),
				Target:     scope.TagTarget(g.Target),
				TagValues: convertSlice(g.TagValues, func(p types.TagValuePair) scope.TagValuePair {
					return scope.TagValuePair{Key: ptrs.Value(p.Key), Value: ptrs.Value(p.Value)}
				}),
			}
		}
		return out
	})}
}

func sdkScopingBlock(b *scope.JobScopingBlock) *types.JobScopingBlock {
	if b == nil {
		return nil
	}
	return &types.JobScopingBlock{And: convertSlice(b.And, func(t scope.JobScopeTerm) types.JobScopeTerm {
		out := types.JobScopeTerm{}
		if s := t.SimpleScopeTerm; s != nil {
			out.SimpleScopeTerm = &types.SimpleScopeTerm{
				Comparator: types.JobComparator(s.Comparator),
				Key:        types.ScopeFilterKey(s.Key),
				Values:     slices.Clone(s.Values),
			}
		}
		if g := t.TagScopeTerm; g != nil {
			out.TagScopeTerm = &types.TagScopeTerm{
				Comparator: types.JobComparator(g.Comparator),
				Key:        ptrs.To(g.Key),
				Target:     types.TagTarget(g.Target),
				TagValues: convertSlice(g.TagValues, func(p scope.TagValuePair) types.TagValuePair {
					// "" means any value: Macie wants it written out.
					return types.TagValuePair{Key: ptrs.To(p.Key), Value: &p.Value}
				}),
			}
		}
		return out
	})}
}

// ScheduleFrequency converts an SDK schedule to jobscope's.
func ScheduleFrequency(f *types.JobScheduleFrequency) *schedule.JobScheduleFrequency {
	if f == nil {
		return nil
	}
	out := &schedule.JobScheduleFrequency{}
	if f.DailySchedule != nil {
		out.DailySchedule = &schedule.DailySchedule{}
	}
	if f.WeeklySchedule != nil {
		out.WeeklySchedule = &schedule.WeeklySchedule{DayOfWeek: schedule.DayOfWeek(f.WeeklySchedule.DayOfWeek)}
	}
	if f.MonthlySchedule != nil {
		out.MonthlySchedule = &schedule.MonthlySchedule{DayOfMonth: ptrs.Value(f.MonthlySchedule.DayOfMonth)}
	}
	return out
}

// SDKScheduleFrequency converts a schedule to the SDK's.
func SDKScheduleFrequency(f *schedule.JobScheduleFrequency) *types.JobScheduleFrequency {
	if f == nil {
		return nil
	}
	out := &types.JobScheduleFrequency{}
	if f.DailySchedule != nil {
		out.DailySchedule = &types.DailySchedule{}
	}
	if f.WeeklySchedule != nil {
		out.WeeklySchedule = &types.WeeklySchedule{DayOfWeek: types.DayOfWeek(f.WeeklySchedule.DayOfWeek)}
	}
	if f.MonthlySchedule != nil {
		out.MonthlySchedule = &types.MonthlySchedule{DayOfMonth: ptrs.To(f.MonthlySchedule.DayOfMonth)}
	}
	return out
}

// Statistics converts SDK job statistics to jobscope's.
func Statistics(s *types.Statistics) *jobscope.Statistics {
	if s == nil {
		return nil
	}
	return &jobscope.Statistics{ApproximateNumberOfObjectsToProcess: ptrs.Clone(s.ApproximateNumberOfObjectsToProcess), NumberOfRuns: ptrs.Clone(s.NumberOfRuns)}
}

// SDKStatistics converts job statistics to the SDK's.
func SDKStatistics(s *jobscope.Statistics) *types.Statistics {
	if s == nil {
		return nil
	}
	return &types.Statistics{ApproximateNumberOfObjectsToProcess: ptrs.Clone(s.ApproximateNumberOfObjectsToProcess), NumberOfRuns: ptrs.Clone(s.NumberOfRuns)}
}

// UserPausedDetails converts the SDK's details of a paused job to
// jobscope's.
func UserPausedDetails(d *types.UserPausedDetails) *status.UserPausedDetails {
	if d == nil {
		return nil
	}
	return &status.UserPausedDetails{
		JobExpiresAt:                        ptrs.Clone(d.JobExpiresAt),
		JobImminentExpirationHealthEventArn: ptrs.Value(d.JobImminentExpirationHealthEventArn),
		JobPausedAt:                         ptrs.Clone(d.JobPausedAt),
	}
}

// SDKUserPausedDetails converts the details of a paused job to the SDK's.
func SDKUserPausedDetails(d *status.UserPausedDetails) *types.UserPausedDetails {
	if d == nil {
		return nil
	}
	return &types.UserPausedDetails{
		JobExpiresAt:                        ptrs.Clone(d.JobExpiresAt),
		JobImminentExpirationHealthEventArn: ptrs.To(d.JobImminentExpirationHealthEventArn),
		JobPausedAt:                         ptrs.Clone(d.JobPausedAt),
	}
}

// LastRunErrorStatus converts the SDK's last run error status to
// jobscope's.
func LastRunErrorStatus(s *types.LastRunErrorStatus) *status.LastRunErrorStatus {
	if s == nil {
		return nil
	}
	return &status.LastRunErrorStatus{Code: status.LastRunErrorStatusCode(s.Code)}
}

// SDKLastRunErrorStatus converts a last run error status to the SDK's.
func SDKLastRunErrorStatus(s *status.LastRunErrorStatus) *types.LastRunErrorStatus {
	if s == nil {
		return nil
	}
	return &types.LastRunErrorStatus{Code: types.LastRunErrorStatusCode(s.Code)}
}

// convertSlice converts each element, keeping nil and empty apart.
func convertSlice[S, T any](s []S, f func(S) T) []T {
	if s == nil {
		return nil
	}
	out := make([]T, len(s))
	for i, v := range s {
		out[i] = f(v)
	}
	return out
}
