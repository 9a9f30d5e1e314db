package criteria

// BucketMetadata is the part of a DescribeBuckets BucketMetadata that bucket
// criteria read.
type BucketMetadata struct {
	AccountID    string              `json:"accountId"`
	BucketName   string              `json:"bucketName"`
	PublicAccess *BucketPublicAccess `json:"publicAccess,omitempty"`
	SharedAccess SharedAccess        `json:"sharedAccess,omitempty"`
	// Tags are the bucket's tags; a tag value can be an empty string.
	Tags []KeyValuePair `json:"tags,omitempty"`
	// ErrorCode is set when Macie could not retrieve all of the bucket's
	// metadata. BUCKET_COUNT_EXCEEDS_QUOTA means the bucket is beyond the
	// 10,000 buckets Macie monitors, so its tags are unknown: tag conditions
	// with EQ never match it and tag conditions with NE always do.
	ErrorCode string `json:"errorCode,omitempty"`
}

// ErrorCodeAccessDenied is the BucketMetadata.ErrorCode of a bucket whose
// metadata Macie may not retrieve: "Macie doesn't have permission to
// retrieve the information. For example, the bucket has a restrictive
// bucket policy and Amazon S3 denied the request."
const ErrorCodeAccessDenied = "ACCESS_DENIED"

// ErrorCodeBucketCountExceedsQuota is the BucketMetadata.ErrorCode of a
// bucket whose tags Macie did not collect.
const ErrorCodeBucketCountExceedsQuota = "BUCKET_COUNT_EXCEEDS_QUOTA"

// BucketPublicAccess is whether a bucket is publicly accessible.
type BucketPublicAccess struct {
	EffectivePermission EffectivePermission `json:"effectivePermission,omitempty"`
}

// KeyValuePair is a tag of a bucket.
type KeyValuePair struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}
