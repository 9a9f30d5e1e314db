package awssdk_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/macie2/types"
	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/jobscope/jobscope/awssdk"
	"github.com/jobscope/jobscope/awssdk/internal/gen"
	"github.com/jobscope/jobscope/criteria"
	"github.com/jobscope/jobscope/inventory"
)

// bucket draws a bucket of DescribeBuckets output, every member arbitrary
// but for those inventory.ReadBuckets checks: a name (made unique by the
// test), a shared access and an effective permission of Macie's, or none.
var bucket = rapid.Custom(func(t *rapid.T) types.BucketMetadata {
	b := gen.Of[types.BucketMetadata]().Draw(t, "bucket")
	if !slices.Contains(criteria.SharedAccess("").Values(), criteria.SharedAccess(b.SharedAccess)) {
		b.SharedAccess = ""
	}
	if p := b.PublicAccess; p != nil && !slices.Contains(criteria.EffectivePermission("").Values(), criteria.EffectivePermission(p.EffectivePermission)) {
		p.EffectivePermission = ""
	}
	return b
})

func TestBucketMetadata(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   types.BucketMetadata
		want criteria.BucketMetadata
	}{{
		name: "every member bucket criteria read",
		in: types.BucketMetadata{AccountId: aws.String("111122223333"), BucketName: aws.String("example-bucket"),
			SharedAccess: types.SharedAccessExternal,
			PublicAccess: &types.BucketPublicAccess{EffectivePermission: types.EffectivePermissionPublic},
			Tags:         []types.KeyValuePair{{Key: aws.String("Project"), Value: aws.String("X")}, {Key: aws.String("Empty"), Value: aws.String("")}},
			ErrorCode:    types.BucketMetadataErrorCodeAccessDenied},
		want: criteria.BucketMetadata{AccountID: "111122223333", BucketName: "example-bucket", SharedAccess: criteria.External,
			PublicAccess: &criteria.BucketPublicAccess{EffectivePermission: criteria.Public},
			Tags:         []criteria.KeyValuePair{{Key: "Project", Value: "X"}, {Key: "Empty", Value: ""}},
			ErrorCode:    criteria.ErrorCodeAccessDenied},
	}, {
		name: "members bucket criteria do not read",
		in: types.BucketMetadata{BucketName: aws.String("b"), BucketArn: aws.String("arn:aws:s3:::b"), ObjectCount: aws.Int64(3),
			SizeInBytes: aws.Int64(300), ClassifiableObjectCount: aws.Int64(2), Region: aws.String("eu-west-1"), Versioning: aws.Bool(true),
			LastUpdated: aws.Time(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)), ErrorMessage: aws.String("message")},
		want: criteria.BucketMetadata{BucketName: "b"},
	}, {
		name: "public access without an effective permission",
		in:   types.BucketMetadata{BucketName: aws.String("b"), PublicAccess: &types.BucketPublicAccess{PermissionConfiguration: &types.BucketPermissionConfiguration{}}},
		want: criteria.BucketMetadata{BucketName: "b", PublicAccess: &criteria.BucketPublicAccess{}},
	}, {
		name: "no tags",
		in:   types.BucketMetadata{BucketName: aws.String("b"), Tags: []types.KeyValuePair{}},
		want: criteria.BucketMetadata{BucketName: "b", Tags: []criteria.KeyValuePair{}},
	}, {
		name: "a tag without key or value",
		in:   types.BucketMetadata{Tags: []types.KeyValuePair{{}}},
		want: criteria.BucketMetadata{Tags: []criteria.KeyValuePair{{}}},
	}, {
		name: "values Macie does not have",
		in:   types.BucketMetadata{SharedAccess: "SOMETIMES", PublicAccess: &types.BucketPublicAccess{EffectivePermission: "MAYBE"}, ErrorCode: "OTHER"},
		want: criteria.BucketMetadata{SharedAccess: "SOMETIMES", PublicAccess: &criteria.BucketPublicAccess{EffectivePermission: "MAYBE"}, ErrorCode: "OTHER"},
	}, {
		name: "nothing",
	}} {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, awssdk.BucketMetadata(tc.in)); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}

// TestDescribeBuckets: the buckets of describe-buckets output as the aws
// CLI prints it, read by inventory.ReadBuckets, are those BucketMetadata
// converts the output's buckets to, over random buckets with every member
// of the SDK's BucketMetadata.
func TestDescribeBuckets(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		buckets := rapid.SliceOfN(bucket, 0, 5).Draw(t, "buckets")
		var want []criteria.BucketMetadata
		for i := range buckets {
			buckets[i].BucketName = aws.String(fmt.Sprintf("%s-%d", aws.ToString(buckets[i].BucketName), i))
			want = append(want, awssdk.BucketMetadata(buckets[i]))
		}
		var out any = gen.CLI(buckets, true)
		if out == nil {
			out = []any{}
		}
		if rapid.Bool().Draw(t, "object") { // else a bare array
			out = map[string]any{"buckets": out, "nextToken": ""}
		}
		doc, err := json.MarshalIndent(out, "", "    ")
		if err != nil {
			t.Fatal(err)
		}
		got, err := inventory.ReadBuckets(context.Background(), bytes.NewReader(doc), "describe-buckets.json")
		if err != nil {
			t.Fatalf("%v\n%s", err, doc)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("(-BucketMetadata +inventory.ReadBuckets)\n%s\n%s", diff, doc)
		}
	})
}

func ExampleBucketMetadata() {
	// A bucket of DescribeBuckets output.
	b := types.BucketMetadata{
		AccountId:    aws.String("111122223333"),
		BucketName:   aws.String("example-bucket"),
		SharedAccess: types.SharedAccessNotShared,
		PublicAccess: &types.BucketPublicAccess{EffectivePermission: types.EffectivePermissionNotPublic},
		Tags:         []types.KeyValuePair{{Key: aws.String("Project"), Value: aws.String("X")}},
		ObjectCount:  aws.Int64(1200),
	}
	m, _ := json.Marshal(awssdk.BucketMetadata(b))
	fmt.Println(string(m))
	// Output:
	// {"accountId":"111122223333","bucketName":"example-bucket","publicAccess":{"effectivePermission":"NOT_PUBLIC"},"sharedAccess":"NOT_SHARED","tags":[{"key":"Project","value":"X"}]}
}
