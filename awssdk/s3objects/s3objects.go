// Package s3objects converts the objects that the AWS SDK for Go v2's S3
// client lists (github.com/aws/aws-sdk-go-v2/service/s3) to the
// [scope.Object] records that jobscope's dry run reads, so that a program
// that lists a bucket with the SDK can feed the listing to jobscope without
// writing it out first.
//
// A record is the one that [github.com/jobscope/jobscope/inventory.Open]
// reads from the same listing as the aws CLI prints it (aws s3api
// list-objects-v2 or list-object-versions):
//
//   - the bucket is given, as a listing's objects do not carry it;
//   - Key, VersionId, Size and the storage class are copied as they are: a
//     version id of "null" stays "null", an absent storage class stays
//     empty (which jobscope reads as STANDARD) and a storage class jobscope
//     does not know stays as S3 spells it;
//   - an absent IsLatest means the latest version, as in an object listed by
//     ListObjectsV2;
//   - LastModified is in UTC;
//   - what a listing does not tell stays zero: the encryption status, the
//     Intelligent-Tiering access tier and the tags. ETag, Owner, checksums
//     and RestoreStatus have no place in a record and are dropped, as
//     inventory.Open drops them.
//
// The SDK's nil pointers become zero values. Nothing is checked: an empty
// key, a key longer than 1,024 bytes, a missing LastModified or Size, which
// inventory.Open rejects as a bad row, give a record all the same. Keys are
// copied as the SDK returns them: a listing requested with EncodingType url
// has URL-encoded keys, which the caller decodes first (url.QueryUnescape).
//
// jobscope plan's live listing of a bucket (--objects s3://BUCKET/) makes
// its records with the same conversion.
//
// This is a package of its own, apart from
// [github.com/jobscope/jobscope/awssdk], so that a program that converts
// only Macie's shapes does not link the S3 SDK's types.
package s3objects

import (
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/jobscope/jobscope/internal/s3record"
	"github.com/jobscope/jobscope/scope"
)

// Object converts an object of a ListObjectsV2 output (Contents) in bucket
// to a record: the latest version of its key, with no version id.
func Object(bucket string, o types.Object) scope.Object { return s3record.Object(bucket, o) }

// ObjectVersion converts a version of a ListObjectVersions output
// (Versions) in bucket to a record.
func ObjectVersion(bucket string, v types.ObjectVersion) scope.Object {
	return s3record.ObjectVersion(bucket, v)
}

// DeleteMarker converts a delete marker of a ListObjectVersions output
// (DeleteMarkers) in bucket to a record with IsDeleteMarker set, no size
// and no storage class.
func DeleteMarker(bucket string, d types.DeleteMarkerEntry) scope.Object {
	return s3record.DeleteMarker(bucket, d)
}
