package scope

import "github.com/jobscope/jobscope/criteria"

// ScopeFilterKey is an object property a simple scope term tests.
type ScopeFilterKey string

// The values of ScopeFilterKey.
const (
	ObjectExtension        ScopeFilterKey = "OBJECT_EXTENSION"          // the file name extension, without the dot
	ObjectLastModifiedDate ScopeFilterKey = "OBJECT_LAST_MODIFIED_DATE" // when the object was created or last changed
	ObjectSize             ScopeFilterKey = "OBJECT_SIZE"               // the size in bytes
	ObjectKey              ScopeFilterKey = "OBJECT_KEY"                // the full key, tested by prefix
)

// Keys Macie's API accepted until June 2021 and no longer does. Validation
// rejects them with field.Removed and says what replaces them.
const (
	LegacyBucketCreationDate ScopeFilterKey = "BUCKET_CREATION_DATE" // replaced by bucket criteria or bucket definitions
	LegacyTag                ScopeFilterKey = "TAG"                  // replaced by TagScopeTerm
)

// Values returns every ScopeFilterKey Macie accepts today.
func (ScopeFilterKey) Values() []ScopeFilterKey {
	return []ScopeFilterKey{ObjectExtension, ObjectLastModifiedDate, ObjectSize, ObjectKey}
}

// Comparators returns the comparators Macie allows for k, nil for an
// invalid key: EQ and NE for OBJECT_EXTENSION; STARTS_WITH for OBJECT_KEY;
// EQ, GT, GTE, LT, LTE and NE for OBJECT_LAST_MODIFIED_DATE and OBJECT_SIZE.
func (k ScopeFilterKey) Comparators() []criteria.JobComparator {
	switch k {
	case ObjectExtension:
		return []criteria.JobComparator{criteria.EQ, criteria.NE}
	case ObjectKey:
		return []criteria.JobComparator{criteria.StartsWith}
	case ObjectLastModifiedDate, ObjectSize:
		return []criteria.JobComparator{criteria.EQ, criteria.GT, criteria.GTE, criteria.LT, criteria.LTE, criteria.NE}
	}
	return nil
}

// MultipleValues reports whether a term on k may list several values:
// true for OBJECT_EXTENSION and OBJECT_KEY, whose values are OR-joined.
func (k ScopeFilterKey) MultipleValues() bool { return k == ObjectExtension || k == ObjectKey }

// TagTarget is what a tag scope term's tags belong to.
type TagTarget string

// S3Object is the only TagTarget.
const S3Object TagTarget = "S3_OBJECT"

// Values returns every TagTarget.
func (TagTarget) Values() []TagTarget { return []TagTarget{S3Object} }

// TagScopeTermKey is the only value of TagScopeTerm.Key.
const TagScopeTermKey = "TAG"

// StorageClass is an S3 storage class as Macie's API and S3 Inventory spell
// it.
type StorageClass string

// The values of Macie's StorageClass enum.
const (
	Standard           StorageClass = "STANDARD"            // S3 Standard
	ReducedRedundancy  StorageClass = "REDUCED_REDUNDANCY"  // Reduced Redundancy
	StandardIA         StorageClass = "STANDARD_IA"         // S3 Standard-Infrequent Access
	IntelligentTiering StorageClass = "INTELLIGENT_TIERING" // S3 Intelligent-Tiering
	DeepArchive        StorageClass = "DEEP_ARCHIVE"        // S3 Glacier Deep Archive
	OneZoneIA          StorageClass = "ONEZONE_IA"          // S3 One Zone-Infrequent Access
	Glacier            StorageClass = "GLACIER"             // S3 Glacier Flexible Retrieval
	GlacierIR          StorageClass = "GLACIER_IR"          // S3 Glacier Instant Retrieval
	Outposts           StorageClass = "OUTPOSTS"            // S3 on Outposts
)

// Values returns the values of Macie's StorageClass enum.
func (StorageClass) Values() []StorageClass {
	return []StorageClass{Standard, ReducedRedundancy, StandardIA, IntelligentTiering, DeepArchive, OneZoneIA, Glacier, GlacierIR, Outposts}
}

// Storage classes S3 Inventory reports that Macie's enum lacks. Macie never
// analyzes objects in them.
const (
	ExpressOneZone StorageClass = "EXPRESS_ONEZONE" // S3 Express One Zone
	Snow           StorageClass = "SNOW"            // S3 on Snow Family devices
)

// AccessTier is the access tier of an object in the S3 Intelligent-Tiering
// storage class, as the S3 Inventory column IntelligentTieringAccessTier
// reports it.
type AccessTier string

// The values of AccessTier. S3 Inventory's spellings are the first five;
// ArchiveAccessAPI and DeepArchiveAccessAPI are the S3 API's spellings of
// the two archive tiers, read as synonyms.
const (
	Frequent             AccessTier = "FREQUENT"               // Frequent Access
	Infrequent           AccessTier = "INFREQUENT"             // Infrequent Access
	ArchiveInstantAccess AccessTier = "ARCHIVE_INSTANT_ACCESS" // Archive Instant Access
	ArchiveAccess        AccessTier = "ARCHIVE"                // Archive Access
	DeepArchiveAccess    AccessTier = "DEEP_ARCHIVE"           // Deep Archive Access
	ArchiveAccessAPI     AccessTier = "ARCHIVE_ACCESS"         // ARCHIVE as the S3 API spells it
	DeepArchiveAccessAPI AccessTier = "DEEP_ARCHIVE_ACCESS"    // DEEP_ARCHIVE as the S3 API spells it
)

// Values returns every AccessTier.
func (AccessTier) Values() []AccessTier {
	return []AccessTier{Frequent, Infrequent, ArchiveInstantAccess, ArchiveAccess, DeepArchiveAccess, ArchiveAccessAPI, DeepArchiveAccessAPI}
}

// Archived reports whether t is the Archive Access or the Deep Archive
// Access tier, whose objects "are not accessible in real time" until they
// are restored (Amazon S3 User Guide, "Working with archived objects").
func (t AccessTier) Archived() bool {
	switch t {
	case ArchiveAccess, DeepArchiveAccess, ArchiveAccessAPI, DeepArchiveAccessAPI:
		return true
	}
	return false
}

// Scoping is the object-level scope of a job: which objects in the selected
// buckets it analyzes. Exclude conditions take precedence over include
// conditions.
type Scoping struct {
	Includes *JobScopingBlock `json:"includes,omitempty"`
	Excludes *JobScopingBlock `json:"excludes,omitempty"`
}

// JobScopingBlock is a list of conditions joined by AND.
type JobScopingBlock struct {
	And []JobScopeTerm `json:"and,omitempty"`
}

// JobScopeTerm is one condition: exactly one of SimpleScopeTerm and
// TagScopeTerm.
type JobScopeTerm struct {
	SimpleScopeTerm *SimpleScopeTerm `json:"simpleScopeTerm,omitempty"`
	TagScopeTerm    *TagScopeTerm    `json:"tagScopeTerm,omitempty"`
}

// SimpleScopeTerm tests an object property. Values are strings whatever the
// key: sizes in bytes ("1048576"), dates in RFC 3339 ("2023-09-24T14:31:13Z").
type SimpleScopeTerm struct {
	Comparator criteria.JobComparator `json:"comparator,omitempty"`
	Key        ScopeFilterKey         `json:"key,omitempty"`
	Values     []string               `json:"values,omitempty"`
}

// TagScopeTerm tests an object's tags against tag keys or key-value pairs,
// joined by OR (EQ) or none-of (NE).
type TagScopeTerm struct {
	Comparator criteria.JobComparator `json:"comparator,omitempty"`
	// Key is always "TAG".
	Key       string         `json:"key,omitempty"`
	TagValues []TagValuePair `json:"tagValues,omitempty"`
	// Target is always S3_OBJECT. Macie's model marks it optional, but the
	// service requires it.
	Target TagTarget `json:"target,omitempty"`
}

// TagValuePair is an object tag condition: a key with an empty Value means
// "has the tag key, whatever its value".
type TagValuePair struct {
	Key   string `json:"key,omitempty"`
	Value string `json:"value,omitempty"`
}
