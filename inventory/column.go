package inventory

import "strings"

// Column is an S3 Inventory field, as a bit: a set of columns is their
// union (ColBucket|ColKey). The names are the report's fileSchema names;
// Tags, which S3 Inventory does not have, is a tag sidecar's or a JSONL
// input's object tags.
type Column uint32

// The S3 Inventory fields in the order S3 writes them (the order of a CSV
// report's columns and of AWS's Athena table), then Tags.
const (
	ColBucket Column = 1 << iota
	ColKey
	ColVersionID
	ColIsLatest
	ColIsDeleteMarker
	ColSize
	ColLastModified
	ColETag
	ColStorageClass
	ColIsMultipartUploaded
	ColReplicationStatus
	ColEncryptionStatus
	ColObjectLockRetainUntilDate
	ColObjectLockMode
	ColObjectLockLegalHoldStatus
	ColIntelligentTieringAccessTier
	ColBucketKeyStatus
	ColChecksumAlgorithm
	ColObjectAccessControlList
	ColObjectOwner
	ColTags
)

var columnNames = [...]string{"Bucket", "Key", "VersionId", "IsLatest", "IsDeleteMarker", "Size",
	"LastModifiedDate", "ETag", "StorageClass", "IsMultipartUploaded", "ReplicationStatus", "EncryptionStatus",
	"ObjectLockRetainUntilDate", "ObjectLockMode", "ObjectLockLegalHoldStatus", "IntelligentTieringAccessTier",
	"BucketKeyStatus", "ChecksumAlgorithm", "ObjectAccessControlList", "ObjectOwner", "Tags"}

// Values returns every column, one bit each, in the order of the
// constants: the S3 Inventory fields as S3 writes them, then ColTags.
func (Column) Values() []Column {
	out := make([]Column, len(columnNames))
	for i := range out {
		out[i] = 1 << i
	}
	return out
}

// Has reports whether every column of want is in c.
func (c Column) Has(want Column) bool { return c&want == want }

// Names returns the columns of c by their fileSchema names, in the order
// of the constants.
func (c Column) Names() []string {
	var out []string
	for i, n := range columnNames {
		if c&(1<<i) != 0 {
			out = append(out, n)
		}
	}
	return out
}

// String is the names of c joined by ", ".
func (c Column) String() string { return strings.Join(c.Names(), ", ") }

// ParseColumn returns the column whose fileSchema name is name (exactly,
// as S3 spells it), and false when there is none.
func ParseColumn(name string) (Column, bool) {
	for i, n := range columnNames {
		if n == name {
			return 1 << i, true
		}
	}
	return 0, false
}
