package criteria

// JobComparator is an operator in a condition (Macie's JobComparator).
type JobComparator string

// The values of JobComparator, in the order of Macie's API model.
const (
	EQ         JobComparator = "EQ"          // equal to
	GT         JobComparator = "GT"          // greater than
	GTE        JobComparator = "GTE"         // greater than or equal to
	LT         JobComparator = "LT"          // less than
	LTE        JobComparator = "LTE"         // less than or equal to
	NE         JobComparator = "NE"          // not equal to
	Contains   JobComparator = "CONTAINS"    // contains; only the name filter of a job listing takes it
	StartsWith JobComparator = "STARTS_WITH" // starts with
)

// Values returns every JobComparator Macie defines.
func (JobComparator) Values() []JobComparator {
	return []JobComparator{EQ, GT, GTE, LT, LTE, NE, Contains, StartsWith}
}

// SimpleCriterionKeyForJob is a bucket property a simple criterion tests.
type SimpleCriterionKeyForJob string

// The values of SimpleCriterionKeyForJob.
const (
	AccountID                   SimpleCriterionKeyForJob = "ACCOUNT_ID"                     // the account that owns the bucket
	S3BucketName                SimpleCriterionKeyForJob = "S3_BUCKET_NAME"                 // the bucket's name
	S3BucketEffectivePermission SimpleCriterionKeyForJob = "S3_BUCKET_EFFECTIVE_PERMISSION" // an EffectivePermission
	S3BucketSharedAccess        SimpleCriterionKeyForJob = "S3_BUCKET_SHARED_ACCESS"        // a SharedAccess
)

// Values returns every SimpleCriterionKeyForJob.
func (SimpleCriterionKeyForJob) Values() []SimpleCriterionKeyForJob {
	return []SimpleCriterionKeyForJob{AccountID, S3BucketName, S3BucketEffectivePermission, S3BucketSharedAccess}
}

// EffectivePermission says whether a bucket is publicly accessible
// (BucketPublicAccess.effectivePermission); it is also the value set of
// S3_BUCKET_EFFECTIVE_PERMISSION criteria.
type EffectivePermission string

// The values of EffectivePermission.
const (
	Public                     EffectivePermission = "PUBLIC"     // the bucket is publicly accessible
	NotPublic                  EffectivePermission = "NOT_PUBLIC" // it is not
	EffectivePermissionUnknown EffectivePermission = "UNKNOWN"    // Macie can't determine whether it is
)

// Values returns every EffectivePermission.
func (EffectivePermission) Values() []EffectivePermission {
	return []EffectivePermission{Public, NotPublic, EffectivePermissionUnknown}
}

// SharedAccess says whether and how a bucket is shared with other accounts
// (BucketMetadata.sharedAccess); it is also the value set of
// S3_BUCKET_SHARED_ACCESS criteria.
type SharedAccess string

// The values of SharedAccess.
const (
	External            SharedAccess = "EXTERNAL"   // shared with an account outside the Macie organization, or a CloudFront OAI or OAC
	Internal            SharedAccess = "INTERNAL"   // shared with accounts inside the organization only
	NotShared           SharedAccess = "NOT_SHARED" // not shared with other accounts
	SharedAccessUnknown SharedAccess = "UNKNOWN"    // Macie wasn't able to evaluate the shared access settings
)

// Values returns every SharedAccess.
func (SharedAccess) Values() []SharedAccess {
	return []SharedAccess{External, Internal, NotShared, SharedAccessUnknown}
}

// S3BucketCriteriaForJob selects buckets at run time (the bucketCriteria of
// an S3JobDefinition). Exclude conditions take precedence over include
// conditions. An empty S3BucketCriteriaForJob matches every bucket.
type S3BucketCriteriaForJob struct {
	Includes *CriteriaBlockForJob `json:"includes,omitempty"`
	Excludes *CriteriaBlockForJob `json:"excludes,omitempty"`
}

// CriteriaBlockForJob is a list of conditions joined by AND.
type CriteriaBlockForJob struct {
	And []CriteriaForJob `json:"and,omitempty"`
}

// CriteriaForJob is one property- or tag-based condition: exactly one of
// SimpleCriterion and TagCriterion.
type CriteriaForJob struct {
	SimpleCriterion *SimpleCriterionForJob `json:"simpleCriterion,omitempty"`
	TagCriterion    *TagCriterionForJob    `json:"tagCriterion,omitempty"`
}

// SimpleCriterionForJob tests one bucket property against one or more
// values, joined by OR (EQ) or none-of (NE). Values are case sensitive and
// exact: no partial values, no wildcards.
type SimpleCriterionForJob struct {
	Comparator JobComparator            `json:"comparator,omitempty"`
	Key        SimpleCriterionKeyForJob `json:"key,omitempty"`
	Values     []string                 `json:"values,omitempty"`
}

// TagCriterionForJob tests a bucket's tags against one or more tag keys,
// tag values or key-value pairs, joined by OR (EQ) or none-of (NE).
type TagCriterionForJob struct {
	Comparator JobComparator            `json:"comparator,omitempty"`
	TagValues  []TagCriterionPairForJob `json:"tagValues,omitempty"`
}

// TagCriterionPairForJob is a tag key, a tag value, or both.
type TagCriterionPairForJob struct {
	Key   string `json:"key,omitempty"`
	Value string `json:"value,omitempty"`
}

// S3BucketDefinitionForJob is one entry of a job's bucketDefinitions: an
// account and the names of buckets it owns.
type S3BucketDefinitionForJob struct {
	AccountID string   `json:"accountId,omitempty"`
	Buckets   []string `json:"buckets,omitempty"`
}

// ListJobsFilterKey is a job property ListClassificationJobs can filter on.
// Unlike Macie's other enums its values are camelCase.
type ListJobsFilterKey string

// The values of ListJobsFilterKey.
const (
	FilterJobType   ListJobsFilterKey = "jobType"   // ONE_TIME or SCHEDULED
	FilterJobStatus ListJobsFilterKey = "jobStatus" // the job's status
	FilterCreatedAt ListJobsFilterKey = "createdAt" // when the job was created
	FilterName      ListJobsFilterKey = "name"      // the job's name
)

// Values returns every ListJobsFilterKey.
func (ListJobsFilterKey) Values() []ListJobsFilterKey {
	return []ListJobsFilterKey{FilterJobType, FilterJobStatus, FilterCreatedAt, FilterName}
}

// ListJobsFilterCriteria is the filterCriteria of a ListClassificationJobs
// request: a job is listed when it meets every include term and the
// exclude terms do not remove it (package joblist evaluates it).
type ListJobsFilterCriteria struct {
	Includes []ListJobsFilterTerm `json:"includes,omitempty"`
	Excludes []ListJobsFilterTerm `json:"excludes,omitempty"`
}

// ListJobsFilterTerm is one condition on a job property.
type ListJobsFilterTerm struct {
	Comparator JobComparator     `json:"comparator,omitempty"`
	Key        ListJobsFilterKey `json:"key,omitempty"`
	Values     []string          `json:"values,omitempty"`
}
