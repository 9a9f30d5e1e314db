package s3objects_test

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/jobscope/jobscope/awssdk/s3objects"
	"github.com/jobscope/jobscope/scope"
)

// A page of ListObjectVersions output becomes the records of its versions
// and delete markers; the key's current version is what scoping reads,
// and here there is none, as the latest version is a delete marker.
func Example() {
	day := func(d int) *time.Time { return aws.Time(time.Date(2024, 1, d, 0, 0, 0, 0, time.UTC)) }
	page := &s3.ListObjectVersionsOutput{ // from client.ListObjectVersions
		Name: aws.String("example-bucket"),
		Versions: []types.ObjectVersion{
			{Key: aws.String("a.txt"), VersionId: aws.String("v1"), IsLatest: aws.Bool(false), LastModified: day(1), Size: aws.Int64(10)},
			{Key: aws.String("b.txt"), VersionId: aws.String("v1"), IsLatest: aws.Bool(true), LastModified: day(2), Size: aws.Int64(20)},
		},
		DeleteMarkers: []types.DeleteMarkerEntry{
			{Key: aws.String("a.txt"), VersionId: aws.String("v2"), IsLatest: aws.Bool(true), LastModified: day(3)},
		},
	}
	bucket := aws.ToString(page.Name)
	byKey := map[string][]scope.Object{}
	for _, v := range page.Versions {
		o := s3objects.ObjectVersion(bucket, v)
		byKey[o.Key] = append(byKey[o.Key], o)
	}
	for _, d := range page.DeleteMarkers {
		o := s3objects.DeleteMarker(bucket, d)
		byKey[o.Key] = append(byKey[o.Key], o)
	}
	for _, k := range []string{"a.txt", "b.txt"} {
		if cur := scope.CurrentVersion(byKey[k]); cur != nil {
			fmt.Printf("%s: version %s, %d bytes\n", k, cur.VersionID, cur.Size)
		} else {
			fmt.Printf("%s: deleted\n", k)
		}
	}
	// Output:
	// a.txt: deleted
	// b.txt: version v1, 20 bytes
}

func ExampleObject() {
	// An object of ListObjectsV2 output's Contents.
	o := types.Object{
		Key:          aws.String("docs/report.pdf"),
		LastModified: aws.Time(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)),
		Size:         aws.Int64(1000),
		StorageClass: types.ObjectStorageClassStandardIa,
	}
	b, _ := json.Marshal(s3objects.Object("example-bucket", o))
	fmt.Println(string(b))
	// Output:
	// {"bucket":"example-bucket","key":"docs/report.pdf","isLatest":true,"size":1000,"lastModified":"2024-01-01T00:00:00Z","storageClass":"STANDARD_IA","tags":{}}
}

func ExampleObjectVersion() {
	// A version of ListObjectVersions output's Versions.
	v := types.ObjectVersion{
		Key:          aws.String("docs/report.pdf"),
		VersionId:    aws.String("v1"),
		IsLatest:     aws.Bool(false),
		LastModified: aws.Time(time.Date(2023, 6, 1, 0, 0, 0, 0, time.UTC)),
		Size:         aws.Int64(800),
		StorageClass: types.ObjectVersionStorageClassStandard,
	}
	o := s3objects.ObjectVersion("example-bucket", v)
	fmt.Println(o.Key, o.VersionID, o.IsLatest(), o.Size, o.StorageClass)
	// Output:
	// docs/report.pdf v1 false 800 STANDARD
}
