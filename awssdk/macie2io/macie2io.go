// Package macie2io converts between [jobscope.Job] and the request and
// response of the AWS SDK for Go v2's CreateClassificationJob and
// DescribeClassificationJob operations.
//
// The structs of those operations are declared in the SDK's client package
// (github.com/aws/aws-sdk-go-v2/service/macie2), which brings about sixty
// packages of the SDK and smithy-go with it. A program that calls Macie
// links them already; one that only builds job definitions can use the
// parent package, [github.com/jobscope/jobscope/awssdk], which needs only
// the SDK's types package.
//
// Before sending a request, validate it as Macie will:
//
//	if err := macie2io.ValidateCreateInput(in, jobscope.Options{}); err != nil {
//		var problems field.ErrorList
//		errors.As(err, &problems) // each with its JSON path, code and message
//	}
package macie2io

import (
	"github.com/jobscope/jobscope/awssdk/internal/ptrs"
	"maps"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/macie2"
	"github.com/aws/aws-sdk-go-v2/service/macie2/types"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/awssdk"
	"github.com/jobscope/jobscope/schedule"
	"github.com/jobscope/jobscope/status"
)

// JobFromCreateInput converts a CreateClassificationJob request to a Job.
func JobFromCreateInput(in *macie2.CreateClassificationJobInput) *jobscope.Job {
	if in == nil {
		return nil
	}
	return &jobscope.Job{
		AllowListIds:                  slices.Clone(in.AllowListIds),
		ClientToken:                   ptrs.Value(in.ClientToken),
		CustomDataIdentifierIds:       slices.Clone(in.CustomDataIdentifierIds),
		Description:                   ptrs.Value(in.Description),
		InitialRun:                    ptrs.Clone(in.InitialRun),
		JobType:                       schedule.JobType(in.JobType),
		ManagedDataIdentifierIds:      slices.Clone(in.ManagedDataIdentifierIds),
		ManagedDataIdentifierSelector: jobscope.ManagedDataIdentifierSelector(in.ManagedDataIdentifierSelector),
		Name:                          ptrs.Value(in.Name),
		S3JobDefinition:               awssdk.S3JobDefinition(in.S3JobDefinition),
		SamplingPercentage:            ptrs.Clone(in.SamplingPercentage),
		ScheduleFrequency:             awssdk.ScheduleFrequency(in.ScheduleFrequency),
		Tags:                          maps.Clone(in.Tags),
	}
}

// CreateInput converts a Job to a CreateClassificationJob request. The
// read-only members of a Job (from DescribeClassificationJob output) have
// no place in a request and are left out.
func CreateInput(j *jobscope.Job) *macie2.CreateClassificationJobInput {
	if j == nil {
		return nil
	}
	return &macie2.CreateClassificationJobInput{
		AllowListIds:                  slices.Clone(j.AllowListIds),
		ClientToken:                   ptrs.To(j.ClientToken),
		CustomDataIdentifierIds:       slices.Clone(j.CustomDataIdentifierIds),
		Description:                   ptrs.To(j.Description),
		InitialRun:                    ptrs.Clone(j.InitialRun),
		JobType:                       types.JobType(j.JobType),
		ManagedDataIdentifierIds:      slices.Clone(j.ManagedDataIdentifierIds),
		ManagedDataIdentifierSelector: types.ManagedDataIdentifierSelector(j.ManagedDataIdentifierSelector),
		Name:                          ptrs.To(j.Name),
		S3JobDefinition:               awssdk.SDKS3JobDefinition(j.S3JobDefinition),
		SamplingPercentage:            ptrs.Clone(j.SamplingPercentage),
		ScheduleFrequency:             awssdk.SDKScheduleFrequency(j.ScheduleFrequency),
		Tags:                          maps.Clone(j.Tags),
	}
}

// ValidateCreateInput reports every problem of in that Macie's
// CreateClassificationJob would reject, as [jobscope.Job.Validate] does: nil,
// or a field.ErrorList whose paths are the request's JSON member names
// (s3JobDefinition.bucketDefinitions[0].accountId), not the Go field names.
// A missing ClientToken is accepted, as the SDK fills it in.
func ValidateCreateInput(in *macie2.CreateClassificationJobInput, opts jobscope.Options) error {
	j := JobFromCreateInput(in)
	if j == nil {
		j = &jobscope.Job{}
	}
	return j.Validate(opts)
}

// JobFromDescribeOutput converts DescribeClassificationJob output to a Job,
// read-only members included.
func JobFromDescribeOutput(out *macie2.DescribeClassificationJobOutput) *jobscope.Job {
	if out == nil {
		return nil
	}
	return &jobscope.Job{
		AllowListIds:                  slices.Clone(out.AllowListIds),
		ClientToken:                   ptrs.Value(out.ClientToken),
		CustomDataIdentifierIds:       slices.Clone(out.CustomDataIdentifierIds),
		Description:                   ptrs.Value(out.Description),
		InitialRun:                    ptrs.Clone(out.InitialRun),
		JobType:                       schedule.JobType(out.JobType),
		ManagedDataIdentifierIds:      slices.Clone(out.ManagedDataIdentifierIds),
		ManagedDataIdentifierSelector: jobscope.ManagedDataIdentifierSelector(out.ManagedDataIdentifierSelector),
		Name:                          ptrs.Value(out.Name),
		S3JobDefinition:               awssdk.S3JobDefinition(out.S3JobDefinition),
		SamplingPercentage:            ptrs.Clone(out.SamplingPercentage),
		ScheduleFrequency:             awssdk.ScheduleFrequency(out.ScheduleFrequency),
		Tags:                          maps.Clone(out.Tags),

		CreatedAt:          cloneTime(out.CreatedAt),
		JobArn:             ptrs.Value(out.JobArn),
		JobID:              ptrs.Value(out.JobId),
		JobStatus:          status.JobStatus(out.JobStatus),
		LastRunErrorStatus: awssdk.LastRunErrorStatus(out.LastRunErrorStatus),
		LastRunTime:        cloneTime(out.LastRunTime),
		Statistics:         awssdk.Statistics(out.Statistics),
		UserPausedDetails:  awssdk.UserPausedDetails(out.UserPausedDetails),
	}
}

// DescribeOutput converts a Job to DescribeClassificationJob output, as a
// fake of the Macie client would return it.
func DescribeOutput(j *jobscope.Job) *macie2.DescribeClassificationJobOutput {
	if j == nil {
		return nil
	}
	in := CreateInput(j)
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

		CreatedAt:          cloneTime(j.CreatedAt),
		JobArn:             ptrs.To(j.JobArn),
		JobId:              ptrs.To(j.JobID),
		JobStatus:          types.JobStatus(j.JobStatus),
		LastRunErrorStatus: awssdk.SDKLastRunErrorStatus(j.LastRunErrorStatus),
		LastRunTime:        cloneTime(j.LastRunTime),
		Statistics:         awssdk.SDKStatistics(j.Statistics),
		UserPausedDetails:  awssdk.SDKUserPausedDetails(j.UserPausedDetails),
	}
}

func cloneTime(t *time.Time) *time.Time { return ptrs.Clone(t) }
