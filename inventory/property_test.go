package inventory_test

import (
	"context"
	"iter"
	"math"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/jobscope/jobscope/inventory"
	"github.com/jobscope/jobscope/inventory/inventorytest"
	"github.com/jobscope/jobscope/scope"
)

// genObject draws an object that an S3 Inventory CSV report can carry:
// a key of 1 to 1,024 bytes of UTF-8, times to the millisecond in the
// years 0001 to 9999, delete markers without size, class or encryption.
func genObject(t *rapid.T) scope.Object {
	minMs := time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli()
	maxMs := time.Date(9999, 12, 31, 23, 59, 59, 999e6, time.UTC).UnixMilli()
	o := scope.Object{
		Bucket: rapid.SampledFrom([]string{"source-bucket", "other.bucket-1", "a"}).Draw(t, "bucket"),
		Key: rapid.OneOf(
			rapid.StringN(1, 40, maxKeyBytes),
			rapid.StringOfN(rapid.SampledFrom([]rune(" +%/\"',\n\r\t~é日😀aZ09")), 1, 40, maxKeyBytes),
			rapid.SampledFrom(trickyKeys),
		).Draw(t, "key"),
		VersionID:      rapid.OneOf(rapid.Just(""), rapid.StringMatching(`[A-Za-z0-9._"-]{1,32}`)).Draw(t, "version"),
		Noncurrent:     rapid.Bool().Draw(t, "noncurrent"),
		IsDeleteMarker: rapid.Bool().Draw(t, "deleteMarker"),
		LastModified:   time.UnixMilli(rapid.Int64Range(minMs, maxMs).Draw(t, "ms")).UTC(),
	}
	if !o.IsDeleteMarker {
		o.Size = rapid.OneOf(rapid.Int64Range(0, 1<<40), rapid.Just(int64(math.MaxInt64))).Draw(t, "size")
		o.StorageClass = rapid.SampledFrom(append(scope.StorageClass("").Values(), "", "EXPRESS_ONEZONE", "FUTURE_CLASS")).Draw(t, "class")
		o.EncryptionStatus = rapid.SampledFrom(append(scope.EncryptionStatus("").Values(), "", "FUTURE-SSE")).Draw(t, "encryption")
	}
	return o
}

const maxKeyBytes = 1024

// Random objects written by inventorytest, in a random column order with
// extra columns, read back the same.
func TestRoundTripProperty(t *testing.T) {
	dir := t.TempDir()
	rapid.Check(t, func(t *rapid.T) {
		files := rapid.SliceOfN(rapid.SliceOfN(rapid.Custom(genObject), 0, 20), 1, 3).Draw(t, "files")
		schema := inventorytest.DefaultSchema()
		schema = append(schema, rapid.SliceOfDistinct(rapid.SampledFrom([]string{"ReplicationStatus", "ObjectOwner", "IsMultipartUploaded", "ChecksumAlgorithm", "BucketKeyStatus"}), rapid.ID).Draw(t, "extra")...)
		schema = rapid.Permutation(schema).Draw(t, "schema")
		r := inventorytest.Report{SourceBucket: "source-bucket", Prefix: rapid.SampledFrom([]string{"", "inv", "a/b/"}).Draw(t, "prefix"), FileSchema: schema}
		var want []scope.Object
		for _, f := range files {
			r.Files = append(r.Files, iter.Seq[scope.Object](slices.Values(f)))
			want = append(want, f...)
		}
		d, err := os.MkdirTemp(dir, "")
		if err != nil {
			t.Fatal(err)
		}
		p, err := inventorytest.Write(d, r)
		if err != nil {
			t.Fatal(err)
		}
		src, err := inventory.Open(context.Background(), p, inventory.Options{})
		if err != nil {
			t.Fatal(err)
		}
		res := readSource(t, src)
		if len(res.RowErrs)+len(res.FileErrs)+len(res.OtherErrs) > 0 {
			t.Fatalf("errors: %v %v %v", res.RowErrs, res.FileErrs, res.OtherErrs)
		}
		if diff := cmp.Diff(want, res.objects()); diff != "" {
			t.Fatalf("objects (-written +read):\n%s", diff)
		}
		os.RemoveAll(d)
	})
}
