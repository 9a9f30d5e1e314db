package plan

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"

	"github.com/jobscope/jobscope/field"
)

// BucketSize is what `aws macie2 describe-buckets` says of a bucket's
// analyzable data, from which a bucket-level estimate is made for a selected
// bucket the inputs have no records of (docs/semantics.md, "Buckets without
// records"). A nil count is a null or absent member: Macie sets most members to
// null when it could not read the bucket's metadata (ErrorCode).
type BucketSize struct {
	AccountID  string `json:"accountId"`
	BucketName string `json:"bucketName"`
	// ClassifiableObjectCount is "the total number of objects that Amazon
	// Macie can analyze in the bucket": objects of a supported storage
	// class with the extension of a supported format.
	ClassifiableObjectCount *int64 `json:"classifiableObjectCount"`
	// ClassifiableSizeInBytes is "the total storage size, in bytes, of the
	// objects that Amazon Macie can analyze in the bucket" (of the latest
	// versions when versioning is on).
	ClassifiableSizeInBytes *int64 `json:"classifiableSizeInBytes"`
	// SizeInBytesCompressed is "the total storage size, in bytes, of the
	// objects that are compressed (.gz, .gzip, .zip) files in the bucket".
	SizeInBytesCompressed *int64 `json:"sizeInBytesCompressed"`
	// LastUpdated is when Macie last retrieved the metadata, as given.
	LastUpdated string `json:"lastUpdated"`
	// ErrorCode is set when Macie could not retrieve the bucket's
	// metadata; the sizes are then not usable.
	ErrorCode string `json:"errorCode"`
}

// usable says why b gives no bucket-level estimate, or "" when it does.
func (b *BucketSize) usable() string {
	switch {
	case b.ErrorCode != "":
		return "describe-buckets has errorCode " + b.ErrorCode + " for it"
	case b.ClassifiableSizeInBytes == nil:
		return "describe-buckets has no classifiableSizeInBytes for it"
	}
	return ""
}

// ReadBucketSizes reads the size members of `aws macie2 describe-buckets`
// output, {"buckets": [...], ...} or a bare JSON array of buckets, which
// inventory.ReadBuckets, reading what bucket criteria need, leaves out.
// A member of the wrong JSON type or a negative size is an error naming
// its JSON path (a field.ErrorList); name is the input's name in errors.
func ReadBucketSizes(r io.Reader, name string) ([]BucketSize, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	var list []json.RawMessage
	prefix := "buckets"
	if t := bytes.TrimLeft(data, " \t\r\n"); len(t) > 0 && t[0] == '[' {
		prefix = ""
		err = json.Unmarshal(data, &list)
	} else {
		var out struct {
			Buckets []json.RawMessage `json:"buckets"`
		}
		err = json.Unmarshal(data, &out)
		list = out.Buckets
	}
	if err != nil {
		return nil, &field.Error{File: name, Code: field.Syntax, Err: err}
	}
	var errs field.ErrorList
	sizes := make([]BucketSize, 0, len(list))
	for i, raw := range list {
		path := prefix + "[" + strconv.Itoa(i) + "]"
		var b BucketSize
		if err := json.Unmarshal(raw, &b); err != nil {
			var te *json.UnmarshalTypeError
			if errors.As(err, &te) && te.Field != "" {
				errs = append(errs, &field.Error{File: name, Path: path + "." + te.Field, Code: field.WrongType,
					Message: fmt.Sprintf("a JSON %s where a %s belongs", te.Value, jsonKind(te.Type))})
			} else {
				errs = append(errs, &field.Error{File: name, Path: path, Code: field.WrongType, Err: err})
			}
			continue
		}
		for _, m := range []struct {
			member string
			v      *int64
		}{{"classifiableObjectCount", b.ClassifiableObjectCount}, {"classifiableSizeInBytes", b.ClassifiableSizeInBytes},
			{"sizeInBytesCompressed", b.SizeInBytesCompressed}} {
			if m.v != nil && *m.v < 0 {
				errs = append(errs, &field.Error{File: name, Path: path + "." + m.member, Code: field.InvalidValue,
					Message: fmt.Sprintf("%d is negative", *m.v)})
			}
		}
		sizes = append(sizes, b)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return sizes, nil
}

// jsonKind is the JSON type that decodes into a value of type t.
func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Bool:
		return "boolean"
	case reflect.String:
		return "string"
	case reflect.Slice, reflect.Array:
		return "array"
	case reflect.Map, reflect.Struct:
		return "object"
	case reflect.Pointer:
		return jsonKind(t.Elem())
	}
	return "number"
}

// BucketEstimate is a bucket-level estimate: what the bucket's metadata
// says Macie can analyze in it, as Macie's console estimates a job before
// it exists. It ignores the job's object scoping, sampling, incremental
// window and the per-file size quotas, so for a job that narrows them it
// is an upper bound; it is as of the metadata's LastUpdated.
type BucketEstimate struct {
	// Objects is classifiableObjectCount (0 when absent).
	Objects int64 `json:"objects"`
	// StoredBytes is classifiableSizeInBytes.
	StoredBytes int64 `json:"storedBytes"`
	// CompressedStoredBytes is min(sizeInBytesCompressed, StoredBytes).
	CompressedStoredBytes int64 `json:"compressedStoredBytes"`
	// EstimatedBytes is StoredBytes − CompressedStoredBytes +
	// CompressedStoredBytes × the compression ratio.
	EstimatedBytes int64 `json:"estimatedBytes"`
	// AsOf is the metadata's lastUpdated, as given.
	AsOf string `json:"asOf,omitempty"`
}

func (p *DryRun) estimate(b *BucketSize) *BucketEstimate {
	e := &BucketEstimate{StoredBytes: *b.ClassifiableSizeInBytes, AsOf: b.LastUpdated}
	if b.ClassifiableObjectCount != nil {
		e.Objects = *b.ClassifiableObjectCount
	}
	if b.SizeInBytesCompressed != nil {
		e.CompressedStoredBytes = min(*b.SizeInBytesCompressed, e.StoredBytes)
	}
	e.EstimatedBytes = expand(e.StoredBytes, e.CompressedStoredBytes, p.ratio)
	return e
}
