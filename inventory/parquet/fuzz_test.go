package parquet

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/hex"
	"slices"
	"testing"

	"github.com/parquet-go/parquet-go/deprecated"
	"github.com/parquet-go/parquet-go/format"

	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/internal/testfile"
	"github.com/jobscope/jobscope/inventory"
)

// FuzzParquetFile reads arbitrary bytes as a Parquet data file, given
// directly and from a manifest: nothing panics, a record never comes with
// an error, and every error but the last is a row error.
func FuzzParquetFile(f *testing.F) {
	var buf bytes.Buffer
	if err := writeObjects(&buf, slices.Values(sample[:3])); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add(writeV1(f, []v1Column{
		{name: "bucket", typ: format.ByteArray, converted: converted(deprecated.UTF8), dict: true, values: []any{"b", "b"}},
		{name: "key", typ: format.ByteArray, values: []any{"k1", "k2"}},
		{name: "size", typ: format.Int64, optional: true, values: []any{int64(1), nil}},
	}, 1))

	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := testfile.Write(t, dir, "fuzz.parquet", data)
		file, _, err := openFile(context.Background(), path, inventory.FileOptions{})
		var fe *field.Error
		if err != nil && !as(err, field.Unreadable, &fe) {
			t.Fatalf("Open: %v is not a file error", err)
		}
		if err == nil {
			check(t, file)
		}
		sum := md5.Sum(data)
		m := &inventory.ManifestFile{Key: "data/fuzz.parquet", Size: int64(len(data)), MD5Checksum: hex.EncodeToString(sum[:])}
		file, _, err = openFile(context.Background(), path, inventory.FileOptions{Manifest: m, Schema: FileSchema})
		if err != nil {
			t.Fatalf("Open with a manifest: %v", err)
		}
		check(t, file)
	})
}

func check(t *testing.T, f inventory.File) {
	var errs []error
	for rec, err := range f.Records(context.Background()) {
		if err != nil {
			if rec != nil {
				t.Fatalf("record %v with error %v", rec, err)
			}
			errs = append(errs, err)
			continue
		}
		if rec.Key == "" || rec.Bucket == "" || rec.Size < 0 {
			t.Fatalf("record %+v", rec.Object)
		}
	}
	for i, err := range errs {
		var re *field.Error
		var fe *field.Error
		switch {
		case as(err, field.InvalidRow, &re):
		case as(err, field.Unreadable, &fe) && i == len(errs)-1:
		default:
			t.Fatalf("error %d of %d: %v", i+1, len(errs), err)
		}
	}
}
