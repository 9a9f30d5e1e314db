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
	"github.com/aws/aws-sdk-go-v2/service/macie2"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/awssdk/internal/convert"
)

// JobFromCreateInput converts a CreateClassificationJob request to a Job.
func JobFromCreateInput(in *macie2.CreateClassificationJobInput) *jobscope.Job {
	return convert.Ptr[jobscope.Job](in)
}

// CreateInput converts a Job to a CreateClassificationJob request. The
// read-only members of a Job (from DescribeClassificationJob output) have
// no place in a request and are left out.
func CreateInput(j *jobscope.Job) *macie2.CreateClassificationJobInput {
	return convert.Ptr[macie2.CreateClassificationJobInput](j)
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
	return convert.Ptr[jobscope.Job](out)
}

// DescribeOutput converts a Job to DescribeClassificationJob output, as a
// fake of the Macie client would return it.
func DescribeOutput(j *jobscope.Job) *macie2.DescribeClassificationJobOutput {
	return convert.Ptr[macie2.DescribeClassificationJobOutput](j)
}
