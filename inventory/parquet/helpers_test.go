package parquet

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	pq "github.com/parquet-go/parquet-go"

	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/internal/testfile"
	"github.com/jobscope/jobscope/inventory"
	"github.com/jobscope/jobscope/scope"
)

const allColumns = inventory.ColBucket | inventory.ColKey | inventory.ColVersionID | inventory.ColIsLatest |
	inventory.ColIsDeleteMarker | inventory.ColSize | inventory.ColLastModified | inventory.ColStorageClass |
	inventory.ColEncryptionStatus

// t0 is the modification time of the sample objects.
var t0 = time.Date(2024, 5, 6, 7, 8, 9, 123e6, time.UTC)

// sample is a versioned inventory with the keys CSV would have to
// encode.
var sample = []scope.Object{
	{Bucket: "bkt", Key: "docs/report.pdf", Size: 1000, LastModified: t0, StorageClass: scope.Standard, EncryptionStatus: scope.SSES3},
	{Bucket: "bkt", Key: "a b+c %2B.txt", Size: 1, LastModified: t0, StorageClass: scope.StandardIA, EncryptionStatus: scope.SSEKMS},
	{Bucket: "bkt", Key: "données/日本語/ключ.csv", Size: 2, LastModified: t0.Add(time.Hour), StorageClass: scope.Glacier, EncryptionStatus: scope.SSEC},
	{Bucket: "bkt", Key: "quote\"comma,newline\n.txt", Size: 3, LastModified: t0, StorageClass: "FUTURE_CLASS", EncryptionStatus: "FUTURE-SSE"},
	{Bucket: "other", Key: "v.txt", VersionID: "v3", IsDeleteMarker: true, LastModified: t0.Add(2 * time.Hour)},
	{Bucket: "other", Key: "v.txt", VersionID: "v2", Noncurrent: true, Size: 20, LastModified: t0.Add(time.Hour), StorageClass: scope.DeepArchive, EncryptionStatus: scope.NotSSE},
	{Bucket: "other", Key: "v.txt", VersionID: "v1", Noncurrent: true, Size: 10, LastModified: t0, StorageClass: scope.Standard, EncryptionStatus: scope.DSSEKMS},
	{Bucket: "other", Key: "empty", Size: 0, LastModified: time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)},
}

// write writes objs with writeObjects to a new file in a test directory.
func write(t testing.TB, objs []scope.Object, options ...pq.WriterOption) string {
	t.Helper()
	var buf bytes.Buffer
	if err := writeObjects(&buf, slices.Values(objs), options...); err != nil {
		t.Fatal(err)
	}
	return testfile.Write(t, t.TempDir(), "inv.parquet", buf.Bytes())
}

// writeRows writes rows of any struct type with parquet-go's generic
// writer, for schemas unlike S3's.
func writeRows[T any](t testing.TB, rows []T, options ...pq.WriterOption) string {
	t.Helper()
	var buf bytes.Buffer
	w := pq.NewGenericWriter[T](&buf, options...)
	if _, err := w.Write(rows); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return testfile.Write(t, t.TempDir(), "rows.parquet", buf.Bytes())
}

type result struct {
	recs []inventory.Record
	errs []error // in order, with the index in recs they came before
	at   []int
}

func readAll(t testing.TB, f inventory.File) result {
	t.Helper()
	return readCtx(t, context.Background(), f)
}

func readCtx(t testing.TB, ctx context.Context, f inventory.File) result {
	t.Helper()
	var r result
	var last *inventory.Record
	for rec, err := range f.Records(ctx) {
		if err != nil {
			if rec != nil {
				t.Fatalf("record %v with error %v", rec, err)
			}
			r.errs = append(r.errs, err)
			r.at = append(r.at, len(r.recs))
			continue
		}
		if last != nil && rec != last {
			t.Fatal("the record is not reused")
		}
		last = rec
		r.recs = append(r.recs, *rec)
	}
	for i, err := range r.errs {
		var re *field.Error
		if !as(err, field.InvalidRow, &re) && i != len(r.errs)-1 {
			t.Fatalf("error %v is not a row error and not the last", err)
		}
	}
	return r
}

func objects(recs []inventory.Record) []scope.Object {
	var out []scope.Object
	for _, r := range recs {
		out = append(out, r.Object)
	}
	return out
}

func open(t testing.TB, path string, m *inventory.ManifestFile, schema string) (inventory.File, inventory.Column) {
	t.Helper()
	f, cols, err := openFile(context.Background(), path, inventory.FileOptions{Manifest: m, Schema: schema})
	if err != nil {
		t.Fatal(err)
	}
	return f, cols
}

// as reports whether err is a *field.Error of code, which it sets *target
// to.
func as(err error, code field.Code, target **field.Error) bool {
	return errors.As(err, target) && (*target).Code == code
}

// position is where a rejected row is, as inventory.Position says it.
func position(e *field.Error) string {
	return inventory.Position{File: e.File, Line: e.Line, RowGroup: e.RowGroup, Row: e.Row}.String()
}
