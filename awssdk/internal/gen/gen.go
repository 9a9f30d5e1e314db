// Package gen generates random jobs, jobscope's and the AWS SDK's, for the
// round-trip property tests of awssdk and macie2io. Only tests import it.
//
// The values are arbitrary, not valid: enums outside their sets, empty and
// missing members, nil and empty lists, so that a conversion that loses or
// invents anything is caught.
package gen

import (
	"time"

	"github.com/aws/aws-sdk-go-v2/service/macie2"
	"github.com/aws/aws-sdk-go-v2/service/macie2/types"
	"pgregory.net/rapid"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/criteria"
	"github.com/jobscope/jobscope/schedule"
	"github.com/jobscope/jobscope/scope"
	"github.com/jobscope/jobscope/status"
)

// Text is a string, often empty, of letters, digits and some awkward
// characters.
var Text = rapid.OneOf(rapid.Just(""), rapid.StringOfN(rapid.RuneFrom([]rune("aZ09-_./ é漢😀\"\\\n\x00")), 1, 10, -1))

// Enum is one of values or, now and then, another string.
func Enum[T ~string](values []T) *rapid.Generator[T] {
	return rapid.OneOf(rapid.SampledFrom(values), rapid.Just(T("")), rapid.Map(Text, func(s string) T { return T(s) }))
}

// Slice is nil, empty or up to max elements.
func Slice[T any](g *rapid.Generator[T], max int) *rapid.Generator[[]T] {
	return rapid.OneOf(rapid.Just([]T(nil)), rapid.Just([]T{}), rapid.SliceOfN(g, 1, max))
}

// Ptr is nil or a pointer to a value of g.
func Ptr[T any](g *rapid.Generator[T]) *rapid.Generator[*T] {
	return rapid.OneOf(rapid.Just((*T)(nil)), rapid.Map(g, func(v T) *T { return &v }))
}

// StrPtr is nil or a pointer to a string, "" included.
var StrPtr = Ptr(Text)

var tags = rapid.OneOf(rapid.Just(map[string]string(nil)), rapid.MapOfN(Text, Text, 0, 3))

// Time is a UTC time to the nanosecond, as Macie's output has them.
var Time = rapid.Custom(func(t *rapid.T) time.Time {
	return time.Unix(rapid.Int64Range(0, 4e9).Draw(t, "unix"), rapid.Int64Range(0, 999999999).Draw(t, "nanos")).UTC()
})

var float = Ptr(rapid.Float64Range(0, 1e12))

// Request generates a Job with only request members.
var Request = rapid.Custom(func(t *rapid.T) *jobscope.Job { return job(t, false) })

// Described generates a Job with read-only members too.
var Described = rapid.Custom(func(t *rapid.T) *jobscope.Job { return job(t, true) })

func job(t *rapid.T, described bool) *jobscope.Job {
	j := &jobscope.Job{
		AllowListIds:                  Slice(Text, 3).Draw(t, "allowListIds"),
		ClientToken:                   Text.Draw(t, "clientToken"),
		CustomDataIdentifierIds:       Slice(Text, 3).Draw(t, "customDataIdentifierIds"),
		Description:                   Text.Draw(t, "description"),
		InitialRun:                    Ptr(rapid.Bool()).Draw(t, "initialRun"),
		JobType:                       Enum(schedule.JobType("").Values()).Draw(t, "jobType"),
		ManagedDataIdentifierIds:      Slice(Text, 3).Draw(t, "managedDataIdentifierIds"),
		ManagedDataIdentifierSelector: Enum(jobscope.ManagedDataIdentifierSelector("").Values()).Draw(t, "selector"),
		Name:                          Text.Draw(t, "name"),
		S3JobDefinition:               Ptr(Definition).Draw(t, "s3JobDefinition"),
		SamplingPercentage:            Ptr(rapid.Int32()).Draw(t, "samplingPercentage"),
		ScheduleFrequency:             Ptr(Frequency).Draw(t, "scheduleFrequency"),
		Tags:                          tags.Draw(t, "tags"),
	}
	if described {
		j.CreatedAt = Ptr(Time).Draw(t, "createdAt")
		j.JobArn = Text.Draw(t, "jobArn")
		j.JobID = Text.Draw(t, "jobId")
		j.JobStatus = Enum(status.JobStatus("").Values()).Draw(t, "jobStatus")
		j.LastRunErrorStatus = Ptr(rapid.Custom(func(t *rapid.T) status.LastRunErrorStatus {
			return status.LastRunErrorStatus{Code: Enum([]status.LastRunErrorStatusCode{status.LastRunNone, status.LastRunError}).Draw(t, "code")}
		})).Draw(t, "lastRunErrorStatus")
		j.LastRunTime = Ptr(Time).Draw(t, "lastRunTime")
		j.Statistics = Ptr(rapid.Custom(func(t *rapid.T) jobscope.Statistics {
			return jobscope.Statistics{ApproximateNumberOfObjectsToProcess: float.Draw(t, "objects"), NumberOfRuns: float.Draw(t, "runs")}
		})).Draw(t, "statistics")
		j.UserPausedDetails = Ptr(rapid.Custom(func(t *rapid.T) status.UserPausedDetails {
			return status.UserPausedDetails{
				JobExpiresAt:                        Ptr(Time).Draw(t, "expires"),
				JobImminentExpirationHealthEventArn: Text.Draw(t, "arn"),
				JobPausedAt:                         Ptr(Time).Draw(t, "paused"),
			}
		})).Draw(t, "userPausedDetails")
	}
	return j
}

// Definition generates jobscope job definitions.
var Definition = rapid.Custom(func(t *rapid.T) jobscope.S3JobDefinition {
	return jobscope.S3JobDefinition{
		BucketCriteria: Ptr(rapid.Custom(func(t *rapid.T) criteria.S3BucketCriteriaForJob {
			return criteria.S3BucketCriteriaForJob{Includes: Ptr(criteriaBlock).Draw(t, "includes"), Excludes: Ptr(criteriaBlock).Draw(t, "excludes")}
		})).Draw(t, "bucketCriteria"),
		BucketDefinitions: Slice(rapid.Custom(func(t *rapid.T) criteria.S3BucketDefinitionForJob {
			return criteria.S3BucketDefinitionForJob{AccountID: Text.Draw(t, "accountId"), Buckets: Slice(Text, 3).Draw(t, "buckets")}
		}), 3).Draw(t, "bucketDefinitions"),
		Scoping: Ptr(rapid.Custom(func(t *rapid.T) scope.Scoping {
			return scope.Scoping{Includes: Ptr(scopeBlock).Draw(t, "includes"), Excludes: Ptr(scopeBlock).Draw(t, "excludes")}
		})).Draw(t, "scoping"),
	}
})

var comparator = Enum(criteria.JobComparator("").Values())

var criteriaBlock = rapid.Custom(func(t *rapid.T) criteria.CriteriaBlockForJob {
	return criteria.CriteriaBlockForJob{And: Slice(rapid.Custom(func(t *rapid.T) criteria.CriteriaForJob {
		return criteria.CriteriaForJob{
			SimpleCriterion: Ptr(rapid.Custom(func(t *rapid.T) criteria.SimpleCriterionForJob {
				return criteria.SimpleCriterionForJob{
					Comparator: comparator.Draw(t, "comparator"),
					Key:        Enum(criteria.SimpleCriterionKeyForJob("").Values()).Draw(t, "key"),
					Values:     Slice(Text, 3).Draw(t, "values"),
				}
			})).Draw(t, "simpleCriterion"),
			TagCriterion: Ptr(rapid.Custom(func(t *rapid.T) criteria.TagCriterionForJob {
				return criteria.TagCriterionForJob{
					Comparator: comparator.Draw(t, "comparator"),
					TagValues: Slice(rapid.Custom(func(t *rapid.T) criteria.TagCriterionPairForJob {
						return criteria.TagCriterionPairForJob{Key: Text.Draw(t, "key"), Value: Text.Draw(t, "value")}
					}), 3).Draw(t, "tagValues"),
				}
			})).Draw(t, "tagCriterion"),
		}
	}), 3).Draw(t, "and")}
})

var scopeBlock = rapid.Custom(func(t *rapid.T) scope.JobScopingBlock {
	return scope.JobScopingBlock{And: Slice(rapid.Custom(func(t *rapid.T) scope.JobScopeTerm {
		return scope.JobScopeTerm{
			SimpleScopeTerm: Ptr(rapid.Custom(func(t *rapid.T) scope.SimpleScopeTerm {
				return scope.SimpleScopeTerm{
					Comparator: comparator.Draw(t, "comparator"),
					Key:        Enum(append(scope.ScopeFilterKey("").Values(), scope.LegacyTag)).Draw(t, "key"),
					Values:     Slice(Text, 3).Draw(t, "values"),
				}
			})).Draw(t, "simpleScopeTerm"),
			TagScopeTerm: Ptr(rapid.Custom(func(t *rapid.T) scope.TagScopeTerm {
				return scope.TagScopeTerm{
					Comparator: comparator.Draw(t, "comparator"),
					Key:        rapid.OneOf(rapid.Just(scope.TagScopeTermKey), Text).Draw(t, "key"),
					Target:     Enum(scope.TagTarget("").Values()).Draw(t, "target"),
					TagValues: Slice(rapid.Custom(func(t *rapid.T) scope.TagValuePair {
						return scope.TagValuePair{Key: Text.Draw(t, "key"), Value: Text.Draw(t, "value")}
					}), 3).Draw(t, "tagValues"),
				}
			})).Draw(t, "tagScopeTerm"),
		}
	}), 3).Draw(t, "and")}
})

// Frequency generates jobscope schedules, several kinds at once included.
var Frequency = rapid.Custom(func(t *rapid.T) schedule.JobScheduleFrequency {
	return schedule.JobScheduleFrequency{
		DailySchedule: Ptr(rapid.Just(schedule.DailySchedule{})).Draw(t, "daily"),
		WeeklySchedule: Ptr(rapid.Custom(func(t *rapid.T) schedule.WeeklySchedule {
			return schedule.WeeklySchedule{DayOfWeek: Enum(schedule.DayOfWeek("").Values()).Draw(t, "dayOfWeek")}
		})).Draw(t, "weekly"),
		MonthlySchedule: Ptr(rapid.Custom(func(t *rapid.T) schedule.MonthlySchedule {
			return schedule.MonthlySchedule{DayOfMonth: rapid.Int32().Draw(t, "dayOfMonth")}
		})).Draw(t, "monthly"),
	}
})

// The SDK's shapes.

var sdkComparator = Enum(types.JobComparator("").Values())

// SDKDefinition generates SDK job definitions.
var SDKDefinition = rapid.Custom(func(t *rapid.T) types.S3JobDefinition {
	return types.S3JobDefinition{
		BucketCriteria: Ptr(rapid.Custom(func(t *rapid.T) types.S3BucketCriteriaForJob {
			return types.S3BucketCriteriaForJob{Includes: Ptr(sdkCriteriaBlock).Draw(t, "includes"), Excludes: Ptr(sdkCriteriaBlock).Draw(t, "excludes")}
		})).Draw(t, "bucketCriteria"),
		BucketDefinitions: Slice(rapid.Custom(func(t *rapid.T) types.S3BucketDefinitionForJob {
			return types.S3BucketDefinitionForJob{AccountId: StrPtr.Draw(t, "accountId"), Buckets: Slice(Text, 3).Draw(t, "buckets")}
		}), 3).Draw(t, "bucketDefinitions"),
		Scoping: Ptr(rapid.Custom(func(t *rapid.T) types.Scoping {
			return types.Scoping{Includes: Ptr(sdkScopeBlock).Draw(t, "includes"), Excludes: Ptr(sdkScopeBlock).Draw(t, "excludes")}
		})).Draw(t, "scoping"),
	}
})

var sdkCriteriaBlock = rapid.Custom(func(t *rapid.T) types.CriteriaBlockForJob {
	return types.CriteriaBlockForJob{And: Slice(rapid.Custom(func(t *rapid.T) types.CriteriaForJob {
		return types.CriteriaForJob{
			SimpleCriterion: Ptr(rapid.Custom(func(t *rapid.T) types.SimpleCriterionForJob {
				return types.SimpleCriterionForJob{
					Comparator: sdkComparator.Draw(t, "comparator"),
					Key:        Enum(types.SimpleCriterionKeyForJob("").Values()).Draw(t, "key"),
					Values:     Slice(Text, 3).Draw(t, "values"),
				}
			})).Draw(t, "simpleCriterion"),
			TagCriterion: Ptr(rapid.Custom(func(t *rapid.T) types.TagCriterionForJob {
				return types.TagCriterionForJob{
					Comparator: sdkComparator.Draw(t, "comparator"),
					TagValues: Slice(rapid.Custom(func(t *rapid.T) types.TagCriterionPairForJob {
						return types.TagCriterionPairForJob{Key: StrPtr.Draw(t, "key"), Value: StrPtr.Draw(t, "value")}
					}), 3).Draw(t, "tagValues"),
				}
			})).Draw(t, "tagCriterion"),
		}
	}), 3).Draw(t, "and")}
})

var sdkScopeBlock = rapid.Custom(func(t *rapid.T) types.JobScopingBlock {
	return types.JobScopingBlock{And: Slice(rapid.Custom(func(t *rapid.T) types.JobScopeTerm {
		return types.JobScopeTerm{
			SimpleScopeTerm: Ptr(rapid.Custom(func(t *rapid.T) types.SimpleScopeTerm {
				return types.SimpleScopeTerm{
					Comparator: sdkComparator.Draw(t, "comparator"),
					Key:        Enum(types.ScopeFilterKey("").Values()).Draw(t, "key"),
					Values:     Slice(Text, 3).Draw(t, "values"),
				}
			})).Draw(t, "simpleScopeTerm"),
			TagScopeTerm: Ptr(rapid.Custom(func(t *rapid.T) types.TagScopeTerm {
				return types.TagScopeTerm{
					Comparator: sdkComparator.Draw(t, "comparator"),
					Key:        StrPtr.Draw(t, "key"),
					Target:     Enum(types.TagTarget("").Values()).Draw(t, "target"),
					TagValues: Slice(rapid.Custom(func(t *rapid.T) types.TagValuePair {
						return types.TagValuePair{Key: StrPtr.Draw(t, "key"), Value: StrPtr.Draw(t, "value")}
					}), 3).Draw(t, "tagValues"),
				}
			})).Draw(t, "tagScopeTerm"),
		}
	}), 3).Draw(t, "and")}
})

// SDKFrequency generates SDK schedules.
var SDKFrequency = rapid.Custom(func(t *rapid.T) types.JobScheduleFrequency {
	return types.JobScheduleFrequency{
		DailySchedule: Ptr(rapid.Just(types.DailySchedule{})).Draw(t, "daily"),
		WeeklySchedule: Ptr(rapid.Custom(func(t *rapid.T) types.WeeklySchedule {
			return types.WeeklySchedule{DayOfWeek: Enum(types.DayOfWeek("").Values()).Draw(t, "dayOfWeek")}
		})).Draw(t, "weekly"),
		MonthlySchedule: Ptr(rapid.Custom(func(t *rapid.T) types.MonthlySchedule {
			return types.MonthlySchedule{DayOfMonth: Ptr(rapid.Int32()).Draw(t, "dayOfMonth")}
		})).Draw(t, "monthly"),
	}
})

// CreateInput generates SDK requests.
var CreateInput = rapid.Custom(func(t *rapid.T) *macie2.CreateClassificationJobInput {
	return &macie2.CreateClassificationJobInput{
		AllowListIds:                  Slice(Text, 3).Draw(t, "allowListIds"),
		ClientToken:                   StrPtr.Draw(t, "clientToken"),
		CustomDataIdentifierIds:       Slice(Text, 3).Draw(t, "customDataIdentifierIds"),
		Description:                   StrPtr.Draw(t, "description"),
		InitialRun:                    Ptr(rapid.Bool()).Draw(t, "initialRun"),
		JobType:                       Enum(types.JobType("").Values()).Draw(t, "jobType"),
		ManagedDataIdentifierIds:      Slice(Text, 3).Draw(t, "managedDataIdentifierIds"),
		ManagedDataIdentifierSelector: Enum(types.ManagedDataIdentifierSelector("").Values()).Draw(t, "selector"),
		Name:                          StrPtr.Draw(t, "name"),
		S3JobDefinition:               Ptr(SDKDefinition).Draw(t, "s3JobDefinition"),
		SamplingPercentage:            Ptr(rapid.Int32()).Draw(t, "samplingPercentage"),
		ScheduleFrequency:             Ptr(SDKFrequency).Draw(t, "scheduleFrequency"),
		Tags:                          tags.Draw(t, "tags"),
	}
})

// DescribeOutput generates SDK DescribeClassificationJob output.
var DescribeOutput = rapid.Custom(func(t *rapid.T) *macie2.DescribeClassificationJobOutput {
	in := CreateInput.Draw(t, "request")
	return &macie2.DescribeClassificationJobOutput{
		AllowListIds:                  in.AllowListIds,
		ClientToken:                   in.ClientToken,
		CustomDataIdentifierIds:       in.CustomDataIdentifierIds,
		Description:                   in.Description,
		InitialRun:                    in.InitialRun,
		JobType:                       in.JobType,
		ManagedDataIdentifierIds:      in.ManagedDataIdentifierIds,
		ManagedDataIdentifierSelector: in.ManagedDataIdentifierSelector,
		Name:                          in.Name,
		S3JobDefinition:               in.S3JobDefinition,
		SamplingPercentage:            in.SamplingPercentage,
		ScheduleFrequency:             in.ScheduleFrequency,
		Tags:                          in.Tags,
		CreatedAt:                     Ptr(Time).Draw(t, "createdAt"),
		JobArn:                        StrPtr.Draw(t, "jobArn"),
		JobId:                         StrPtr.Draw(t, "jobId"),
		JobStatus:                     Enum(types.JobStatus("").Values()).Draw(t, "jobStatus"),
		LastRunErrorStatus: Ptr(rapid.Custom(func(t *rapid.T) types.LastRunErrorStatus {
			return types.LastRunErrorStatus{Code: Enum(types.LastRunErrorStatusCode("").Values()).Draw(t, "code")}
		})).Draw(t, "lastRunErrorStatus"),
		LastRunTime: Ptr(Time).Draw(t, "lastRunTime"),
		Statistics: Ptr(rapid.Custom(func(t *rapid.T) types.Statistics {
			return types.Statistics{ApproximateNumberOfObjectsToProcess: float.Draw(t, "objects"), NumberOfRuns: float.Draw(t, "runs")}
		})).Draw(t, "statistics"),
		UserPausedDetails: Ptr(rapid.Custom(func(t *rapid.T) types.UserPausedDetails {
			return types.UserPausedDetails{
				JobExpiresAt:                        Ptr(Time).Draw(t, "expires"),
				JobImminentExpirationHealthEventArn: StrPtr.Draw(t, "arn"),
				JobPausedAt:                         Ptr(Time).Draw(t, "paused"),
			}
		})).Draw(t, "userPausedDetails"),
	}
})
