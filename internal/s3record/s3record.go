// Package s3record converts the objects that the AWS SDK for Go v2's S3
// client lists to [scope.Object] records, as
// github.com/jobscope/jobscope/awssdk/s3objects documents them: the live
// listing of jobscope plan and that package give the same records. It
// imports only the S3 SDK's types package.
package s3record

import (
	"time"

	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/jobscope/jobscope/scope"
)

// Object converts an object of a ListObjectsV2 output (Contents) in bucket
// to a record: the latest version of its key, with no version id.
func Object(bucket string, o types.Object) scope.Object {
	return record(bucket, o.Key, nil, nil, o.LastModified, o.Size, string(o.StorageClass))
}

// ObjectVersion converts a version of a ListObjectVersions output
// (Versions) in bucket to a record.
func ObjectVersion(bucket string, v types.ObjectVersion) scope.Object {
	return record(bucket, v.Key, v.VersionId, v.IsLatest, v.LastModified, v.Size, string(v.StorageClass))
}

// DeleteMarker converts a delete marker of a ListObjectVersions output
// (DeleteMarkers) in bucket to a record with IsDeleteMarker set, no size
// and no storage class.
func DeleteMarker(bucket string, d types.DeleteMarkerEntry) scope.Object {
	o := record(bucket, d.Key, d.VersionId, d.IsLatest, d.LastModified, nil, "")
	o.IsDeleteMarker = true
	return o
}

// record is the record of a listed object or delete marker.
func record(bucket string, key, version *string, latest *bool, modified *time.Time, size *int64, class string) scope.Object {
	o := scope.Object{Bucket: bucket, Key: deref(key), VersionID: deref(version), Size: deref(size),
		StorageClass: scope.StorageClass(class)}
	if latest != nil {
		o.Noncurrent = !*latest
	}
	if modified != nil {
		o.LastModified = modified.UTC()
	}
	return o
}

func deref[T any](p *T) T {
	var v T
	if p != nil {
		v = *p
	}
	return v
}
