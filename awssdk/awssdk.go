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
//
// [BucketMetadata] converts the buckets of DescribeBuckets output to the
// bucket records that bucket criteria read in a dry run; the subpackage
// [github.com/jobscope/jobscope/awssdk/s3objects] converts S3 listings to
// object records.
package awssdk

import (
	"github.com/aws/aws-sdk-go-v2/service/macie2/types"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/awssdk/internal/convert"
	"github.com/jobscope/jobscope/criteria"
	"github.com/jobscope/jobscope/schedule"
	"github.com/jobscope/jobscope/scope"
	"github.com/jobscope/jobscope/status"
)

// S3JobDefinition converts an SDK job definition to jobscope's.
func S3JobDefinition(d *types.S3JobDefinition) *jobscope.S3JobDefinition {
	return convert.Ptr[jobscope.S3JobDefinition](d)
}

// SDKS3JobDefinition converts a job definition to the SDK's.
func SDKS3JobDefinition(d *jobscope.S3JobDefinition) *types.S3JobDefinition {
	return convert.Ptr[types.S3JobDefinition](d)
}

// BucketCriteria converts SDK bucket criteria to jobscope's.
func BucketCriteria(c *types.S3BucketCriteriaForJob) *criteria.S3BucketCriteriaForJob {
	return convert.Ptr[criteria.S3BucketCriteriaForJob](c)
}

// SDKBucketCriteria converts bucket criteria to the SDK's.
func SDKBucketCriteria(c *criteria.S3BucketCriteriaForJob) *types.S3BucketCriteriaForJob {
	return convert.Ptr[types.S3BucketCriteriaForJob](c)
}

// Scoping converts SDK object scoping to jobscope's.
func Scoping(s *types.Scoping) *scope.Scoping { return convert.Ptr[scope.Scoping](s) }

// SDKScoping converts object scoping to the SDK's.
func SDKScoping(s *scope.Scoping) *types.Scoping { return convert.Ptr[types.Scoping](s) }

// ScheduleFrequency converts an SDK schedule to jobscope's.
func ScheduleFrequency(f *types.JobScheduleFrequency) *schedule.JobScheduleFrequency {
	return convert.Ptr[schedule.JobScheduleFrequency](f)
}

// SDKScheduleFrequency converts a schedule to the SDK's.
func SDKScheduleFrequency(f *schedule.JobScheduleFrequency) *types.JobScheduleFrequency {
	return convert.Ptr[types.JobScheduleFrequency](f)
}

// Statistics converts SDK job statistics to jobscope's.
func Statistics(s *types.Statistics) *jobscope.Statistics { return convert.Ptr[jobscope.Statistics](s) }

// SDKStatistics converts job statistics to the SDK's.
func SDKStatistics(s *jobscope.Statistics) *types.Statistics { return convert.Ptr[types.Statistics](s) }

// UserPausedDetails converts the SDK's details of a paused job to
// jobscope's.
func UserPausedDetails(d *types.UserPausedDetails) *status.UserPausedDetails {
	return convert.Ptr[status.UserPausedDetails](d)
}

// SDKUserPausedDetails converts the details of a paused job to the SDK's.
func SDKUserPausedDetails(d *status.UserPausedDetails) *types.UserPausedDetails {
	return convert.Ptr[types.UserPausedDetails](d)
}

// LastRunErrorStatus converts the SDK's last run error status to
// jobscope's.
func LastRunErrorStatus(s *types.LastRunErrorStatus) *status.LastRunErrorStatus {
	return convert.Ptr[status.LastRunErrorStatus](s)
}

// SDKLastRunErrorStatus converts a last run error status to the SDK's.
func SDKLastRunErrorStatus(s *status.LastRunErrorStatus) *types.LastRunErrorStatus {
	return convert.Ptr[types.LastRunErrorStatus](s)
}

// BucketMetadata converts a bucket of DescribeBuckets output to the part
// that bucket criteria read, as inventory.ReadBuckets reads it from aws
// macie2 describe-buckets output: the account, the bucket's name, its
// shared access, its effective public access (PublicAccess is nil when b's
// is), its tags (nil when b's are nil, in order) and the error code. The
// other members, such as object counts and sizes, play no part in bucket
// criteria and are dropped. Enum values are copied as they are, and nil
// pointers become "".
func BucketMetadata(b types.BucketMetadata) criteria.BucketMetadata {
	m := criteria.BucketMetadata{AccountID: deref(b.AccountId), BucketName: deref(b.BucketName),
		SharedAccess: criteria.SharedAccess(b.SharedAccess), ErrorCode: string(b.ErrorCode)}
	if b.PublicAccess != nil {
		m.PublicAccess = &criteria.BucketPublicAccess{EffectivePermission: criteria.EffectivePermission(b.PublicAccess.EffectivePermission)}
	}
	if b.Tags != nil {
		m.Tags = make([]criteria.KeyValuePair, len(b.Tags))
		for i, t := range b.Tags {
			m.Tags[i] = criteria.KeyValuePair{Key: deref(t.Key), Value: deref(t.Value)}
		}
	}
	return m
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
