package parquet

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	pq "github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"

	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/inventory"
)

func init() {
	inventory.Register(inventory.Driver{
		FileFormat: "Parquet",
		Format:     inventory.FormatParquet,
		Extensions: []string{".parquet"},
		Open:       openFile,
	})
}

// The kinds of value a column holds.
const (
	kindString = iota
	kindBool
	kindInt
	kindTime
)

// columns are the Parquet columns the driver reads, by their S3 Inventory
// names; every other one (e_tag, is_multipart_uploaded,
// replication_status, object_lock_*, bucket_key_status,
// checksum_algorithm, object_access_control_list, object_owner, ...) is
// left unread. S3 writes a Parquet report's columns in snake_case, with
// the types its manifest's fileSchema declares (Amazon S3 User Guide,
// "Amazon S3 inventory list" and "Inventory manifest",
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/storage-inventory.html):
//
//	message s3.inventory { required binary bucket (UTF8); required binary key (UTF8);
//	  optional binary version_id (UTF8); optional boolean is_latest; optional boolean is_delete_marker;
//	  optional int64 size; optional int64 last_modified_date (TIMESTAMP_MILLIS); ...
//	  optional binary storage_class (UTF8); ... optional binary encryption_status (UTF8); ...}
//
// A row is read into a scope.Object:
//
//	bucket              Bucket
//	key                 Key, verbatim
//	version_id          VersionID; null is ""
//	is_latest           Noncurrent = !is_latest; null is true (the current version)
//	is_delete_marker    IsDeleteMarker; null is false
//	size                Size; null is 0 on a delete marker, which has no size
//	last_modified_date  LastModified in UTC
//	storage_class       StorageClass, verbatim; null is ""
//	encryption_status   EncryptionStatus, verbatim; null is ""
//	intelligent_tiering_access_tier
//	                    IntelligentTieringAccessTier, verbatim; null is ""
//
// Keys are not decoded: S3 URL-encodes an inventory's keys only in CSV
// files ("When using the CSV file format, the key name is URL-encoded and
// must be decoded before you can use it", same page), so a Parquet key
// such as "a+b %2B.txt" is that key, plus sign, space and percent sign
// included.
//
// last_modified_date is read as S3 writes it, INT64 TIMESTAMP_MILLIS, and
// also as an INT64 timestamp in micro- or nanoseconds, as a bare INT64 of
// milliseconds (how S3's Athena examples declare the column, bigint), or
// as a legacy INT96 timestamp. size may be INT32 or INT64.
var columns = [...]struct {
	name string
	col  inventory.Column
	kind int
}{
	{"bucket", inventory.ColBucket, kindString},
	{"key", inventory.ColKey, kindString},
	{"version_id", inventory.ColVersionID, kindString},
	{"is_latest", inventory.ColIsLatest, kindBool},
	{"is_delete_marker", inventory.ColIsDeleteMarker, kindBool},
	{"size", inventory.ColSize, kindInt},
	{"last_modified_date", inventory.ColLastModified, kindTime},
	{"storage_class", inventory.ColStorageClass, kindString},
	{"encryption_status", inventory.ColEncryptionStatus, kindString},
	{"intelligent_tiering_access_tier", inventory.ColIntelligentTieringAccessTier, kindString},
}

// Indexes in columns.
const (
	cBucket = iota
	cKey
	cVersionID
	cIsLatest
	cIsDeleteMarker
	cSize
	cLastModified
	cStorageClass
	cEncryptionStatus
	cAccessTier
	nColumns
)

// batchSize is the number of rows decoded between checks of the
// context.
const batchSize = 512

// openFile is the driver's [inventory.Driver.Open]: it opens the S3
// Inventory Parquet data file at path, reading only its footer, and
// returns the columns it supplies. o.Manifest is the file's manifest entry
// and o.Schema the manifest's fileSchema, or nil and "" for a file given
// directly; o.MaxPageBytes bounds the memory its pages may take (0 is
// [inventory.DefaultMaxPageBytes]; a negative value is an error).
//
// The file's own footer says which columns it has. When the footer cannot
// be read (the file is missing, truncated or not Parquet) and a schema is
// given, openFile takes the columns from it and returns a File whose
// Records yields the problem, so that the other files of a report can
// still be read; without a schema it returns the problem. Either is a
// *field.Error of Code field.Unreadable.
func openFile(ctx context.Context, path string, o inventory.FileOptions) (inventory.File, inventory.Column, error) {
	if err := ctx.Err(); err != nil {
		return nil, 0, err
	}
	if o.MaxPageBytes < 0 {
		return nil, 0, fmt.Errorf("parquet: MaxPageBytes is %d: give 0 for the default (%d) or a number of bytes",
			o.MaxPageBytes, inventory.DefaultMaxPageBytes)
	}
	name := o.Name
	if name == "" {
		name = path
	}
	f := &file{name: name, path: path, size: -1, limit: o.MaxPageBytes, remote: o.Remote, noVerify: o.NoVerify}
	if f.limit == 0 {
		f.limit = inventory.DefaultMaxPageBytes
	}
	if m := o.Manifest; m != nil {
		mc := *m
		f.manifest = &mc
		if m.Size > 0 {
			f.size = m.Size
		}
	}
	cols, size, err := footerColumns(ctx, o.Remote, path)
	if size >= 0 {
		f.size = size
	}
	if err != nil {
		if o.Schema == "" {
			return nil, 0, fileError(name, err)
		}
		if cols, err = columnsOfSchema(o.Schema); err != nil {
			return nil, 0, fileError(name, err)
		}
	}
	f.cols = cols
	return f, cols, nil
}

// fileError is a file that cannot be read, or not to its end.
func fileError(path string, err error) *field.Error {
	return &field.Error{Code: field.Unreadable, File: path, Err: err}
}

// footerColumns reads the footer of the file at path, an object of remote
// when remote is set.
func footerColumns(ctx context.Context, remote inventory.Remote, path string) (inventory.Column, int64, error) {
	r, size, closeFile, err := openAt(ctx, remote, path)
	if err != nil {
		return 0, -1, err
	}
	defer closeFile()
	_, p, err := openParquet(r, size)
	return p.cols, size, err
}

// openAt opens the file at path for reading at any offset, an object of
// remote when remote is set, and returns its size and what closes it.
func openAt(ctx context.Context, remote inventory.Remote, path string) (io.ReaderAt, int64, func(), error) {
	if remote != nil {
		r, size, err := remote.ReaderAt(ctx, path)
		return r, size, func() {}, err
	}
	osf, err := os.Open(path)
	if err != nil {
		return nil, -1, nil, err
	}
	st, err := osf.Stat()
	if err != nil {
		osf.Close()
		return nil, -1, nil, err
	}
	return osf, st.Size(), func() { osf.Close() }, nil
}

// plan is where the columns the driver reads are in a file.
type plan struct {
	cols inventory.Column
	// leaf is the index of each of columns among the file's leaf columns,
	// -1 when the file does not have it.
	leaf [nColumns]int
	// kind is each column's physical type, and maxDef its maximum
	// definition level (0 when it is required, 1 when optional).
	kind   [nColumns]pq.Kind
	maxDef [nColumns]byte
	// unit is what one of last_modified_date's INT64 values counts; 0
	// for INT96.
	unit time.Duration
}

// openParquet opens a Parquet file and finds the columns it has. A panic
// in parquet-go is returned as an error.
func openParquet(r io.ReaderAt, size int64) (f *pq.File, p plan, err error) {
	defer func() {
		if v := recover(); v != nil {
			f, err = nil, fmt.Errorf("corrupt Parquet file: %v", v)
		}
	}()
	if err := checkFooter(r, size); err != nil {
		return nil, p, err
	}
	f, err = pq.OpenFile(r, size, pq.SkipPageIndex(true), pq.SkipBloomFilters(true))
	if err != nil {
		return nil, p, err
	}
	p, err = planOf(f)
	return f, p, err
}

// planOf finds where the columns the driver reads are in f, and checks
// their types; bucket and key must be among them.
func planOf(f *pq.File) (p plan, err error) {
	root := f.Root()
	for i, c := range columns {
		p.leaf[i] = -1
		col := root.Column(c.name)
		if col == nil {
			continue
		}
		if !col.Leaf() || col.MaxRepetitionLevel() != 0 {
			return p, fmt.Errorf("column %s is not a primitive column", c.name)
		}
		// S3 writes Snappy; the reader reads every codec parquet-go
		// writes but LZ4_RAW.
		if codec := col.Compression(); codec != nil && codec.CompressionCodec() == format.Lz4Raw {
			return p, fmt.Errorf("column %s is LZ4_RAW-compressed, which is not supported", c.name)
		}
		kind := col.Type().Kind()
		want := ""
		switch c.kind {
		case kindString:
			if kind != pq.ByteArray {
				want = "BYTE_ARRAY"
			}
		case kindBool:
			if kind != pq.Boolean {
				want = "BOOLEAN"
			}
		case kindInt:
			if kind != pq.Int64 && kind != pq.Int32 {
				want = "INT64"
			}
		case kindTime:
			switch kind {
			case pq.Int64:
				p.unit = time.Millisecond
				if lt := col.Type().LogicalType(); lt != nil && lt.Timestamp != nil {
					switch u := lt.Timestamp.Unit; {
					case u.Micros != nil:
						p.unit = time.Microsecond
					case u.Nanos != nil:
						p.unit = time.Nanosecond
					}
				}
			case pq.Int96:
				p.unit = 0
			default:
				want = "INT64 (TIMESTAMP_MILLIS)"
			}
		}
		if want != "" {
			return p, fmt.Errorf("column %s is %s, not %s", c.name, kind, want)
		}
		p.leaf[i] = col.Index()
		p.kind[i] = kind
		p.maxDef[i] = byte(col.MaxDefinitionLevel())
		p.cols |= c.col
	}
	for _, i := range []int{cBucket, cKey} {
		if p.leaf[i] < 0 {
			return p, fmt.Errorf("no %s column", columns[i].name)
		}
	}
	return p, nil
}
