package scope

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jobscope/jobscope/field"
)

// EncryptionStatus is how an object is encrypted at rest, as S3 Inventory
// reports it.
type EncryptionStatus string

// The values of EncryptionStatus.
const (
	SSES3   EncryptionStatus = "SSE-S3"   // Amazon S3 managed keys
	SSEC    EncryptionStatus = "SSE-C"    // customer-provided keys, which Macie cannot use
	SSEKMS  EncryptionStatus = "SSE-KMS"  // AWS KMS keys
	DSSEKMS EncryptionStatus = "DSSE-KMS" // dual-layer encryption with AWS KMS keys
	NotSSE  EncryptionStatus = "NOT-SSE"  // not encrypted at rest
)

// Values returns every EncryptionStatus.
func (EncryptionStatus) Values() []EncryptionStatus {
	return []EncryptionStatus{SSES3, SSEC, SSEKMS, DSSEKMS, NotSSE}
}

// Object is the metadata of one S3 object version that scoping,
// eligibility and sampling read, modelled on S3 Inventory fields. Its JSON
// form is the conformance suite's Object:
//
//	{"bucket": "example-bucket", "key": "docs/report.pdf", "versionId": "v2",
//	 "isLatest": true, "isDeleteMarker": false, "size": 1000,
//	 "lastModified": "2024-01-01T00:00:00Z", "storageClass": "STANDARD",
//	 "encryptionStatus": "SSE-S3", "tags": {"Project": "X"}}
//
// The zero Object is the current version of an unversioned, untagged,
// empty object: S3 reports isLatest true for an object without versions, so
// the Go field is its negation, [Object.Noncurrent], and the JSON member
// isLatest defaults to true when absent.
type Object struct {
	// Bucket is the name of the bucket.
	Bucket string
	// Key is the decoded object key (a "+" is a plus sign, not a space).
	Key string
	// VersionID is the version's id; empty for an unversioned object.
	VersionID string
	// Noncurrent is true for a version that is not the latest one (JSON
	// isLatest: false).
	Noncurrent bool
	// IsDeleteMarker is true for a delete marker, which has no size,
	// storage class or encryption status.
	IsDeleteMarker bool
	// Size is the object's size in bytes.
	Size int64
	// LastModified is when the object was created or last changed.
	LastModified time.Time
	// StorageClass is the S3 storage class; empty means STANDARD, as S3
	// leaves out the class of a STANDARD object (HeadObject: "Amazon S3
	// returns this header for all objects except for S3 Standard storage
	// class objects").
	StorageClass StorageClass
	// IntelligentTieringAccessTier is the access tier of an
	// INTELLIGENT_TIERING object; empty when not known, which is read as
	// a tier Macie can read. It means nothing for other storage classes.
	IntelligentTieringAccessTier AccessTier
	// EncryptionStatus is the server-side encryption.
	EncryptionStatus EncryptionStatus
	// Tags are the object's tags; nil or empty means no tags. Values may
	// be empty strings.
	Tags map[string]string
}

// IsLatest reports whether o is the latest version of its key.
func (o *Object) IsLatest() bool { return !o.Noncurrent }

type objectJSON struct {
	Bucket           string            `json:"bucket"`
	Key              string            `json:"key"`
	VersionID        string            `json:"versionId,omitempty"`
	IsLatest         *bool             `json:"isLatest,omitempty"`
	IsDeleteMarker   bool              `json:"isDeleteMarker,omitempty"`
	Size             *int64            `json:"size,omitempty"`
	LastModified     time.Time         `json:"lastModified"`
	StorageClass     StorageClass      `json:"storageClass,omitempty"`
	AccessTier       AccessTier        `json:"intelligentTieringAccessTier,omitempty"`
	EncryptionStatus EncryptionStatus  `json:"encryptionStatus,omitempty"`
	Tags             map[string]string `json:"tags"`
}

// UnmarshalJSON decodes the conformance suite's Object strictly. A problem
// is a *field.Error whose Path is the member at fault (empty for the whole
// object): an unknown member, a JSON value of the wrong type, a missing
// bucket, key or lastModified, a missing size on an object that is not a
// delete marker, or a negative size. Absent isLatest means true.
func (o *Object) UnmarshalJSON(data []byte) error {
	var j objectJSON
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&j); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return objectError(te.Field, field.WrongType, "a JSON "+te.Value+" where a "+te.Type.String()+" belongs")
		}
		msg := strings.TrimPrefix(err.Error(), "json: ")
		if strings.HasPrefix(msg, "unknown field") {
			return objectError("", field.UnknownField, msg)
		}
		return objectError("", field.Syntax, msg)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return objectError("", field.Syntax, err.Error())
	}
	for _, m := range []string{"bucket", "key", "lastModified"} {
		if _, ok := raw[m]; !ok {
			return objectError(m, field.Required, "required")
		}
	}
	if j.Size == nil && !j.IsDeleteMarker {
		return objectError("size", field.Required, "required unless the object is a delete marker")
	}
	if j.Size != nil && *j.Size < 0 {
		return objectError("size", field.InvalidValue, fmt.Sprintf("%d is negative", *j.Size))
	}
	*o = Object{Bucket: j.Bucket, Key: j.Key, VersionID: j.VersionID, IsDeleteMarker: j.IsDeleteMarker,
		LastModified: j.LastModified.UTC(), StorageClass: j.StorageClass, IntelligentTieringAccessTier: j.AccessTier,
		EncryptionStatus: j.EncryptionStatus, Tags: j.Tags}
	if j.IsLatest != nil {
		o.Noncurrent = !*j.IsLatest
	}
	if j.Size != nil {
		o.Size = *j.Size
	}
	return nil
}

// objectError is a problem with member of an Object's JSON form.
func objectError(member string, code field.Code, message string) *field.Error {
	return &field.Error{Path: member, Code: code, Message: message}
}

// MarshalJSON encodes o in the conformance suite's Object form, with
// isLatest always present.
func (o Object) MarshalJSON() ([]byte, error) {
	latest := !o.Noncurrent
	j := objectJSON{Bucket: o.Bucket, Key: o.Key, VersionID: o.VersionID, IsLatest: &latest,
		IsDeleteMarker: o.IsDeleteMarker, LastModified: o.LastModified, StorageClass: o.StorageClass,
		AccessTier: o.IntelligentTieringAccessTier, EncryptionStatus: o.EncryptionStatus, Tags: o.Tags}
	if !o.IsDeleteMarker {
		j.Size = &o.Size
	}
	if j.Tags == nil {
		j.Tags = map[string]string{}
	}
	return json.Marshal(j)
}

// CurrentVersion picks the version that scoping evaluates from every version of
// one key (docs/semantics.md, "The pipeline": "the conditions apply to the
// latest version of the object"): the first whose IsLatest is true, or, when
// none is marked, the one with the latest LastModified (the later in the slice
// on a tie). It returns nil when versions is empty or the latest version is a
// delete marker, as then there is no current object.
func CurrentVersion(versions []Object) *Object {
	var cur *Object
	for i := range versions {
		if versions[i].IsLatest() {
			cur = &versions[i]
			break
		}
	}
	if cur == nil {
		for i := range versions {
			if cur == nil || !versions[i].LastModified.Before(cur.LastModified) {
				cur = &versions[i]
			}
		}
	}
	if cur == nil || cur.IsDeleteMarker {
		return nil
	}
	return cur
}
