package s3objects_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/google/go-cmp/cmp"

	"github.com/jobscope/jobscope/awssdk/s3objects"
	"github.com/jobscope/jobscope/internal/s3input"
	"github.com/jobscope/jobscope/internal/s3test"
	"github.com/jobscope/jobscope/scope"
)

// TestLiveListing: the records of a listing by a client of this package's
// user, converted with Object and ObjectVersion, are those of jobscope
// plan's live listing of the same bucket (a local S3 server), which
// builds its client the same way (s3input.LoadConfig).
func TestLiveListing(t *testing.T) {
	s := s3test.Start(t)
	const bucket = "s3objects-live"
	s.Bucket(t, bucket)
	for _, k := range []string{"a.csv", "docs/b.pdf", "docs/c d+e.txt", "z"} {
		s.Put(t, bucket, k, []byte(k))
	}
	ctx := context.Background()
	cfg, err := s3input.LoadConfig(ctx, s3input.Config{EndpointURL: s.URL})
	if err != nil {
		t.Fatal(err)
	}
	client := s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true })
	for _, versions := range []bool{false, true} {
		var want []scope.Object
		if versions {
			out, err := client.ListObjectVersions(ctx, &s3.ListObjectVersionsInput{Bucket: aws.String(bucket)})
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range out.Versions {
				want = append(want, s3objects.ObjectVersion(bucket, v))
			}
		} else {
			out, err := client.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String(bucket)})
			if err != nil {
				t.Fatal(err)
			}
			for _, o := range out.Contents {
				want = append(want, s3objects.Object(bucket, o))
			}
		}
		live, err := s3input.New(ctx, s3input.Config{EndpointURL: s.URL})
		if err != nil {
			t.Fatal(err)
		}
		src, err := live.List(ctx, "s3://"+bucket+"/", s3input.ListOptions{Versions: versions})
		if err != nil {
			t.Fatal(err)
		}
		var got []scope.Object
		for rec, err := range src.Files[0].Records(ctx) {
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, rec.Object)
		}
		if len(want) != 4 {
			t.Fatalf("versions %v: listed %d objects, want 4", versions, len(want))
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("versions %v: the live listing differs (-s3objects +live):\n%s", versions, diff)
		}
	}
}
