package criteria

// JobComparator is an operator in a condition (Macie's JobComparator).
type JobComparator string

// The values of JobComparator, in the order of Macie's API model.
const (
	EQ         JobComparator = "EQ"
	GT         JobComparator = "GT"
	GTE        JobComparator = "GTE"
	LT         JobComparator = "LT"
	LTE        JobComparator = "LTE"
	NE         JobComparator = "NE"
	Contains   JobComparator = "CONTAINS"
	StartsWith JobComparator = "STARTS_WITH"
)

// JobComparatorValues returns every JobComparator Macie defines.
func JobComparatorValues() []JobComparator {
	return []JobComparator{EQ, GT, GTE, LT, LTE, NE, Contains, StartsWith}
}

// Valid reports whether c is one of JobComparatorValues.
func (c JobComparator) Valid() bool { return oneOf(c, JobComparatorValues()) }

// SimpleCriterionKeyForJob is a bucket property a simple criterion tests.
type SimpleCriterionKeyForJob string

// The values of SimpleCriterionKeyForJob.
const (
	AccountID                   SimpleCriterionKeyForJob = "ACCOUNT_ID"
	S3BucketName                SimpleCriterionKeyForJob = "S3_BUCKET_NAME"
	S3BucketEffectivePermission SimpleCriterionKeyForJob = "S3_BUCKET_EFFECTIVE_PERMISSION"
	S3BucketSharedAccess        SimpleCriterionKeyForJob = "S3_BUCKET_SHARED_ACCESS"
)

// SimpleCriterionKeyForJobValues returns every SimpleCriterionKeyForJob.
func SimpleCriterionKeyForJobValues() []SimpleCriterionKeyForJob {
	return []SimpleCriterionKeyForJob{AccountID, S3BucketName, S3BucketEffectivePermission, S3BucketSharedAccess}
}

// Valid reports whether k is one of SimpleCriterionKeyForJobValues.
func (k SimpleCriterionKeyForJob) Valid() bool { return oneOf(k, SimpleCriterionKeyForJobValues()) }

// EffectivePermission says whether a bucket is publicly accessible
// (BucketPublicAccess.effectivePermission); it is also the value set of
// S3_BUCKET_EFFECTIVE_PERMISSION criteria.
type EffectivePermission string

// The values of EffectivePermission.
const (
	Public                     EffectivePermission = "PUBLIC"
	NotPublic                  EffectivePermission = "NOT_PUBLIC"
	EffectivePermissionUnknown EffectivePermission = "UNKNOWN"
)

// EffectivePermissionValues returns every EffectivePermission.
func EffectivePermissionValues() []EffectivePermission {
	return []EffectivePermission{Public, NotPublic, EffectivePermissionUnknown}
}

// Valid reports whether e is one of EffectivePermissionValues.
func (e EffectivePermission) Valid() bool { return oneOf(e, EffectivePermissionValues()) }

// SharedAccess says whether and how a bucket is shared with other accounts
// (BucketMetadata.sharedAccess); it is also the value set of
// S3_BUCKET_SHARED_ACCESS criteria.
type SharedAccess string

// The values of SharedAccess.
const (
	External            SharedAccess = "EXTERNAL"
	Internal            SharedAccess = "INTERNAL"
	NotShared           SharedAccess = "NOT_SHARED"
	SharedAccessUnknown SharedAccess = "UNKNOWN"
)

// SharedAccessValues returns every SharedAccess.
func SharedAccessValues() []SharedAccess {
	return []SharedAccess{External, Internal, NotShared, SharedAccessUnknown}
}

// Valid reports whether s is one of SharedAccessValues.
func (s SharedAccess) Valid() bool { return oneOf(s, SharedAccessValues()) }

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

// ListJobsFilterKey is a job property ListClassificationJobs can filter on.
// Unlike Macie's other enums its values are camelCase.
type ListJobsFilterKey string

// The values of ListJobsFilterKey.
const (
	FilterJobType   ListJobsFilterKey = "jobType"
	FilterJobStatus ListJobsFilterKey = "jobStatus"
	FilterCreatedAt ListJobsFilterKey = "createdAt"
	FilterName      ListJobsFilterKey = "name"
)

// ListJobsFilterKeyValues returns every ListJobsFilterKey.
func ListJobsFilterKeyValues() []ListJobsFilterKey {
	return []ListJobsFilterKey{FilterJobType, FilterJobStatus, FilterCreatedAt, FilterName}
}

// Valid reports whether k is one of ListJobsFilterKeyValues.
func (k ListJobsFilterKey) Valid() bool { return oneOf(k, ListJobsFilterKeyValues()) }

// ListJobsFilterCriteria is the filterCriteria of a ListClassificationJobs
// request.
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

func oneOf[T comparable](v T, set []T) bool {
	for _, s := range set {
		if v == s {
			return true
		}
	}
	return false
}
