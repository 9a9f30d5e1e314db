package parquet

import (
	"errors"
	"io"
	"iter"
	"os"
	"reflect"

	pq "github.com/parquet-go/parquet-go"

	"github.com/jobscope/jobscope/scope"
)

// FileSchema is the manifest fileSchema of the files [WriteFile] writes,
// spelled the way S3 spells a Parquet report's schema: the columns of an
// inventory of all object versions that includes size, last modified
// date, storage class and encryption status, in S3's column order.
const FileSchema = "message s3.inventory { required binary bucket (UTF8); required binary key (UTF8);" +
	" optional binary version_id (UTF8); optional boolean is_latest; optional boolean is_delete_marker;" +
	" optional int64 size; optional int64 last_modified_date (TIMESTAMP_MILLIS);" +
	" optional binary storage_class (UTF8); optional binary encryption_status (UTF8);}"

// WriteFile writes objs to a new file at path as an S3-Inventory-shaped
// Parquet data file, for tests and examples: the columns of [FileSchema]
// with S3's physical and logical types (strings as UTF8 binary,
// last_modified_date as INT64 TIMESTAMP_MILLIS) and Snappy compression,
// as S3 writes them. Its data pages are version 2 pages where S3's are
// version 1: parquet-go v0.25.1 writes the version 1 pages of optional
// columns with a repetition level section they do not have, which no
// reader decodes. An empty VersionID, StorageClass or EncryptionStatus, a
// zero LastModified (which the reader rejects), and the Size of a delete
// marker are written as nulls; LastModified is truncated to the
// millisecond.
func WriteFile(path string, objs iter.Seq[scope.Object]) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	return writeObjects(f, objs)
}

// writeSchema is FileSchema as a parquet-go schema. parquet.Group orders
// its fields by name, so the schema's root is an orderedGroup to keep S3's
// column order.
var writeSchema = func() *pq.Schema {
	optional := func(n pq.Node) pq.Node { return pq.Optional(n) }
	dict := func(n pq.Node) pq.Node { return pq.Encoded(n, &pq.RLEDictionary) }
	return pq.NewSchema("s3.inventory", orderedGroup{fields: []pq.Field{
		namedField{dict(pq.String()), "bucket"},
		namedField{pq.String(), "key"},
		namedField{optional(pq.String()), "version_id"},
		namedField{optional(pq.Leaf(pq.BooleanType)), "is_latest"},
		namedField{optional(pq.Leaf(pq.BooleanType)), "is_delete_marker"},
		namedField{optional(pq.Leaf(pq.Int64Type)), "size"},
		namedField{optional(pq.Timestamp(pq.Millisecond)), "last_modified_date"},
		namedField{optional(dict(pq.String())), "storage_class"},
		namedField{optional(dict(pq.String())), "encryption_status"},
	}})
}()

// orderedGroup is a group node whose fields keep the order they are given
// in.
type orderedGroup struct {
	pq.Group // an empty group, for the methods every group shares
	fields   []pq.Field
}

func (g orderedGroup) Fields() []pq.Field { return g.fields }

// GoType is never used: rows are written as parquet.Row values.
func (g orderedGroup) GoType() reflect.Type { return reflect.TypeOf(struct{}{}) }

type namedField struct {
	pq.Node
	name string
}

func (f namedField) Name() string { return f.name }

// Value is never used: rows are written as parquet.Row values.
func (f namedField) Value(reflect.Value) reflect.Value { return reflect.Value{} }

// writeObjects writes objs to w as WriteFile does; options are applied
// after WriteFile's own (tests use them for small row groups and pages).
func writeObjects(w io.Writer, objs iter.Seq[scope.Object], options ...pq.WriterOption) (err error) {
	opts := append([]pq.WriterOption{
		writeSchema,
		pq.Compression(&pq.Snappy),
		pq.CreatedBy("jobscope", "", ""),
	}, options...)
	pw := pq.NewWriter(w, opts...)
	defer func() {
		if cerr := pw.Close(); err == nil {
			err = cerr
		}
	}()

	const batch = 256
	columns := len(writeSchema.Columns())
	rows := make([]pq.Row, 0, batch)
	values := make([]pq.Value, batch*columns)
	flush := func() error {
		_, err := pw.WriteRows(rows)
		rows = rows[:0]
		return err
	}
	// row is the row being written; add appends its next column's value,
	// null when it is not set.
	var row []pq.Value
	add := func(v pq.Value, set bool) {
		def := 1
		if !set {
			v, def = pq.NullValue(), 0
		}
		row = append(row, v.Level(0, def, len(row)))
	}
	for o := range objs {
		if o.Size < 0 {
			return errors.New("parquet: WriteFile: negative size")
		}
		n := len(rows) * columns
		row = values[n : n : n+columns]
		// bucket and key are required, the other columns optional.
		row = append(row, pq.ByteArrayValue([]byte(o.Bucket)).Level(0, 0, 0), pq.ByteArrayValue([]byte(o.Key)).Level(0, 0, 1))
		add(pq.ByteArrayValue([]byte(o.VersionID)), o.VersionID != "")
		add(pq.BooleanValue(!o.Noncurrent), true)
		add(pq.BooleanValue(o.IsDeleteMarker), true)
		add(pq.Int64Value(o.Size), !o.IsDeleteMarker)
		add(pq.Int64Value(o.LastModified.UnixMilli()), !o.LastModified.IsZero())
		add(pq.ByteArrayValue([]byte(o.StorageClass)), o.StorageClass != "")
		add(pq.ByteArrayValue([]byte(o.EncryptionStatus)), o.EncryptionStatus != "")
		rows = append(rows, row)
		if len(rows) == batch {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}
