package awssdk_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/macie2"
	"github.com/aws/aws-sdk-go-v2/service/macie2/types"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/awssdk"
	"github.com/jobscope/jobscope/awssdk/internal/gen"
	"github.com/jobscope/jobscope/awssdk/macie2io"
	"github.com/jobscope/jobscope/schedule"
	"github.com/jobscope/jobscope/status"
)

// TestRoundTrip: jobscope → SDK → jobscope gives back every value, and
// SDK → jobscope → SDK does too, up to the SDK's two spellings of an absent
// string (nil and a pointer to ""), over random shapes; for jobs, read-only
// members are in DescribeClassificationJob output only.
func TestRoundTrip(t *testing.T) {
	t.Run("S3JobDefinition", gen.RoundTrip(gen.Of[jobscope.S3JobDefinition](), gen.Of[types.S3JobDefinition](), awssdk.SDKS3JobDefinition, awssdk.S3JobDefinition))
	t.Run("ScheduleFrequency", gen.RoundTrip(gen.Of[schedule.JobScheduleFrequency](), gen.Of[types.JobScheduleFrequency](), awssdk.SDKScheduleFrequency, awssdk.ScheduleFrequency))
	t.Run("Statistics", gen.RoundTrip(gen.Of[jobscope.Statistics](), gen.Of[types.Statistics](), awssdk.SDKStatistics, awssdk.Statistics))
	t.Run("UserPausedDetails", gen.RoundTrip(gen.Of[status.UserPausedDetails](), gen.Of[types.UserPausedDetails](), awssdk.SDKUserPausedDetails, awssdk.UserPausedDetails))
	t.Run("LastRunErrorStatus", gen.RoundTrip(gen.Of[status.LastRunErrorStatus](), gen.Of[types.LastRunErrorStatus](), awssdk.SDKLastRunErrorStatus, awssdk.LastRunErrorStatus))
	t.Run("CreateClassificationJobInput", gen.RoundTrip(gen.Request, gen.Of[macie2.CreateClassificationJobInput](), macie2io.CreateInput, macie2io.JobFromCreateInput))
	t.Run("DescribeClassificationJobOutput", gen.RoundTrip(gen.Of[jobscope.Job](), gen.Of[macie2.DescribeClassificationJobOutput](), macie2io.DescribeOutput, macie2io.JobFromDescribeOutput))
}

func TestNil(t *testing.T) {
	if awssdk.S3JobDefinition(nil) != nil || awssdk.SDKS3JobDefinition(nil) != nil ||
		awssdk.ScheduleFrequency(nil) != nil || awssdk.SDKScheduleFrequency(nil) != nil ||
		awssdk.BucketCriteria(nil) != nil || awssdk.SDKScoping(nil) != nil ||
		awssdk.Statistics(nil) != nil || awssdk.UserPausedDetails(nil) != nil || awssdk.LastRunErrorStatus(nil) != nil {
		t.Error("nil does not convert to nil")
	}
}

// TestKeyOnlyTagValue: a key-only object tag condition gets value "", as
// Macie documents.
func TestKeyOnlyTagValue(t *testing.T) {
	d := awssdk.SDKS3JobDefinition(awssdk.S3JobDefinition(&types.S3JobDefinition{Scoping: &types.Scoping{Includes: &types.JobScopingBlock{And: []types.JobScopeTerm{
		{TagScopeTerm: &types.TagScopeTerm{TagValues: []types.TagValuePair{{Key: ptr("Project")}}}},
	}}}}))
	if v := d.Scoping.Includes.And[0].TagScopeTerm.TagValues[0].Value; v == nil || *v != "" {
		t.Errorf("value %v, want a pointer to \"\"", v)
	}
}

func ptr(s string) *string { return &s }
