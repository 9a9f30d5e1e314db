package awssdk_test

import (
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/macie2/types"
	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/jobscope/jobscope/awssdk"
	"github.com/jobscope/jobscope/awssdk/internal/gen"
)

// sdkCmp compares SDK shapes, whose unexported members are empty markers.
var sdkCmp = cmp.Exporter(func(reflect.Type) bool { return true })

// TestRoundTripFromJobscope: jobscope → SDK → jobscope gives back every
// value, over random shapes.
func TestRoundTripFromJobscope(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		d := gen.Definition.Draw(t, "definition")
		if diff := cmp.Diff(&d, awssdk.S3JobDefinition(awssdk.SDKS3JobDefinition(&d))); diff != "" {
			t.Fatalf("definition (-want +got):\n%s", diff)
		}
		f := gen.Frequency.Draw(t, "frequency")
		if diff := cmp.Diff(&f, awssdk.ScheduleFrequency(awssdk.SDKScheduleFrequency(&f))); diff != "" {
			t.Fatalf("frequency (-want +got):\n%s", diff)
		}
		j := gen.Described.Draw(t, "job")
		if diff := cmp.Diff(j.Statistics, awssdk.Statistics(awssdk.SDKStatistics(j.Statistics))); diff != "" {
			t.Fatalf("statistics (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(j.UserPausedDetails, awssdk.UserPausedDetails(awssdk.SDKUserPausedDetails(j.UserPausedDetails))); diff != "" {
			t.Fatalf("userPausedDetails (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(j.LastRunErrorStatus, awssdk.LastRunErrorStatus(awssdk.SDKLastRunErrorStatus(j.LastRunErrorStatus))); diff != "" {
			t.Fatalf("lastRunErrorStatus (-want +got):\n%s", diff)
		}
	})
}

// TestRoundTripFromSDK: SDK → jobscope → SDK gives back every value, up to
// the SDK's two spellings of an absent string (nil and a pointer to "").
func TestRoundTripFromSDK(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		d := gen.SDKDefinition.Draw(t, "definition")
		got := awssdk.SDKS3JobDefinition(awssdk.S3JobDefinition(&d))
		gen.NormalizeSDK(&d)
		if diff := cmp.Diff(&d, got, sdkCmp); diff != "" {
			t.Fatalf("definition (-want +got):\n%s", diff)
		}
		f := gen.SDKFrequency.Draw(t, "frequency")
		gotF := awssdk.SDKScheduleFrequency(awssdk.ScheduleFrequency(&f))
		gen.NormalizeSDK(&f)
		if diff := cmp.Diff(&f, gotF, sdkCmp); diff != "" {
			t.Fatalf("frequency (-want +got):\n%s", diff)
		}
	})
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
