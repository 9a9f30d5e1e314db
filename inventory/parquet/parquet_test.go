package parquet

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	pq "github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/deprecated"
	"github.com/parquet-go/parquet-go/format"
	"pgregory.net/rapid"

	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/internal/testfile"
	"github.com/jobscope/jobscope/inventory"
	"github.com/jobscope/jobscope/scope"
)

func TestRegistered(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no driver registered for fileFormat Parquet")
		}
	}()
	inventory.Register(inventory.Driver{FileFormat: "PARQUET"})
}

func TestRoundTrip(t *testing.T) {
	path := write(t, sample)
	f, cols := open(t, path, nil, "")
	if cols != allColumns {
		t.Errorf("columns %v, want %v", cols, allColumns)
	}
	st, _ := os.Stat(path)
	if f.Name() != path || f.Size() != st.Size() || f.BytesRead() != 0 {
		t.Errorf("Name %q Size %d Read %d, want %q %d 0", f.Name(), f.Size(), f.BytesRead(), path, st.Size())
	}
	r := readAll(t, f)
	if len(r.errs) > 0 {
		t.Fatal(r.errs)
	}
	if diff := cmp.Diff(sample, objects(r.recs)); diff != "" {
		t.Errorf("objects (-want +got):\n%s", diff)
	}
	for i, rec := range r.recs {
		want := inventory.Position{File: path, RowGroup: 0, Row: int64(i + 1)}
		if rec.Pos != want {
			t.Errorf("record %d at %v, want %v", i, rec.Pos, want)
		}
	}
	if f.BytesRead() != f.Size() {
		t.Errorf("Read %d after the last row, want Size %d", f.BytesRead(), f.Size())
	}
	// Records can be ranged over again.
	if again := readAll(t, f); len(again.recs) != len(sample) {
		t.Errorf("second read: %d records", len(again.recs))
	}
}

func TestRoundTripRapid(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		objs := rapid.SliceOfN(rapid.Custom(func(t *rapid.T) scope.Object {
			o := scope.Object{
				Bucket:     rapid.SampledFrom([]string{"a", "b-2", "c.d"}).Draw(t, "bucket"),
				Key:        rapid.StringMatching(`.{1,40}`).Draw(t, "key"),
				VersionID:  rapid.SampledFrom([]string{"", "null", "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY"}).Draw(t, "version"),
				Noncurrent: rapid.Bool().Draw(t, "noncurrent"),
			}
			o.LastModified = time.UnixMilli(rapid.Int64Range(-1e13, 1e13).Draw(t, "ms")).UTC()
			if rapid.IntRange(0, 4).Draw(t, "marker") == 0 {
				o.IsDeleteMarker = true
				return o
			}
			o.Size = rapid.Int64Min(0).Draw(t, "size")
			o.StorageClass = rapid.SampledFrom(scope.StorageClass("").Values()).Draw(t, "class")
			o.EncryptionStatus = rapid.SampledFrom(scope.EncryptionStatus("").Values()).Draw(t, "enc")
			return o
		}), 0, 600).Draw(t, "objects")
		rows := rapid.Int64Range(1, 700).Draw(t, "rowGroupRows")
		page := rapid.IntRange(64, 64<<10).Draw(t, "pageBufferSize")
		var buf bytes.Buffer
		if err := writeObjects(&buf, slices.Values(objs), pq.MaxRowsPerRowGroup(rows), pq.PageBufferSize(page)); err != nil {
			t.Fatal(err)
		}
		dir, err := os.MkdirTemp("", "parquet-rapid")
		if err != nil {
			t.Fatal(err)
		}
		defer os.RemoveAll(dir)
		path := testfile.Write(t, dir, "f.parquet", buf.Bytes())
		f, _, err := openFile(context.Background(), path, inventory.FileOptions{})
		if err != nil {
			t.Fatal(err)
		}
		var got []scope.Object
		i := 0
		for rec, err := range f.Records(context.Background()) {
			if err != nil {
				t.Fatal(err)
			}
			want := inventory.Position{File: path, RowGroup: i / int(rows), Row: int64(i%int(rows) + 1)}
			if rec.Pos != want {
				t.Fatalf("record %d at %v, want %v", i, rec.Pos, want)
			}
			got = append(got, rec.Object)
			i++
		}
		if diff := cmp.Diff(objs, got, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("objects (-want +got):\n%s", diff)
		}
	})
}

func TestPositionsAcrossRowGroups(t *testing.T) {
	var objs []scope.Object
	for i := range 2*batchSize + 7 {
		objs = append(objs, scope.Object{Bucket: "b", Key: fmt.Sprintf("k%05d", i), Size: int64(i), LastModified: t0})
	}
	// Small pages, and row groups that do not divide the batch size.
	path := write(t, objs, pq.MaxRowsPerRowGroup(300), pq.PageBufferSize(512))
	f, _ := open(t, path, nil, "")
	r := readAll(t, f)
	if len(r.errs) > 0 || len(r.recs) != len(objs) {
		t.Fatalf("%d records, errors %v", len(r.recs), r.errs)
	}
	for i, rec := range r.recs {
		if rec.Key != objs[i].Key || rec.Size != objs[i].Size {
			t.Fatalf("record %d is %q %d, want %q %d", i, rec.Key, rec.Size, objs[i].Key, objs[i].Size)
		}
		want := inventory.Position{File: path, RowGroup: i / 300, Row: int64(i%300 + 1)}
		if rec.Pos != want {
			t.Fatalf("record %d at %v, want %v", i, rec.Pos, want)
		}
	}
	if got := r.recs[len(r.recs)-1].Pos.String(); got != path+":3:131" {
		t.Errorf("last position %s", got)
	}
}

// TestWrittenSchema checks that WriteFile writes S3's physical and logical
// types, and that FileSchema says the same columns.
func TestWrittenSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.parquet")
	if err := WriteFile(path, slices.Values(sample)); err != nil {
		t.Fatal(err)
	}
	data := testfile.Read(t, path)
	pf, err := pq.OpenFile(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range pf.Metadata().Schema[1:] {
		s := fmt.Sprintf("%s %s %s", e.RepetitionType, e.Type, e.Name)
		if e.ConvertedType != nil {
			s += " (" + map[deprecated.ConvertedType]string{deprecated.UTF8: "UTF8", deprecated.TimestampMillis: "TIMESTAMP_MILLIS"}[*e.ConvertedType] + ")"
		}
		got = append(got, s)
	}
	want := []string{
		"REQUIRED BYTE_ARRAY bucket (UTF8)",
		"REQUIRED BYTE_ARRAY key (UTF8)",
		"OPTIONAL BYTE_ARRAY version_id (UTF8)",
		"OPTIONAL BOOLEAN is_latest",
		"OPTIONAL BOOLEAN is_delete_marker",
		"OPTIONAL INT64 size",
		"OPTIONAL INT64 last_modified_date (TIMESTAMP_MILLIS)",
		"OPTIONAL BYTE_ARRAY storage_class (UTF8)",
		"OPTIONAL BYTE_ARRAY encryption_status (UTF8)",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("schema (-want +got):\n%s", diff)
	}
	for _, rg := range pf.Metadata().RowGroups {
		for _, c := range rg.Columns {
			if c.MetaData.Codec != format.Snappy {
				t.Errorf("column %v is %v, want SNAPPY", c.MetaData.PathInSchema, c.MetaData.Codec)
			}
		}
	}
	cols, err := columnsOfSchema(FileSchema)
	if err != nil || cols != allColumns {
		t.Errorf("columnsOfSchema(FileSchema) = %v, %v; want %v", cols, err, allColumns)
	}
}

func TestColumnsOfSchema(t *testing.T) {
	// The example of the S3 User Guide's "Inventory manifest".
	const aws = "message s3.inventory { required binary bucket (UTF8); required binary key (UTF8); optional binary version_id (UTF8); optional boolean is_latest; optional boolean is_delete_marker;  optional int64 size;  optional int64 last_modified_date (TIMESTAMP_MILLIS);  optional binary e_tag (UTF8);  optional binary storage_class (UTF8);  optional boolean is_multipart_uploaded;  optional binary replication_status (UTF8);  optional binary encryption_status (UTF8);}"
	for _, tc := range []struct {
		schema string
		want   inventory.Column
	}{
		{aws, allColumns},
		{"message s3.inventory {\n\trequired binary bucket(UTF8);\n\trequired binary key (STRING);\n\toptional int64 size;\n}", inventory.ColBucket | inventory.ColKey | inventory.ColSize},
		{"message m { required binary key (UTF8); }", 0},
		{"Bucket, Key, Size", 0},
		{"message m { required binary bucket; binary key; }", 0},
	} {
		got, err := columnsOfSchema(tc.schema)
		if got != tc.want || (err != nil) != (tc.want == 0) {
			t.Errorf("columnsOfSchema(%q) = %v, %v; want %v", tc.schema, got, err, tc.want)
		}
	}
}

// The full S3 schema, with the columns the driver does not read.
type fullRow struct {
	Bucket                       string  `parquet:"bucket"`
	Key                          string  `parquet:"key"`
	VersionID                    *string `parquet:"version_id"`
	IsLatest                     *bool   `parquet:"is_latest"`
	IsDeleteMarker               *bool   `parquet:"is_delete_marker"`
	Size                         *int64  `parquet:"size"`
	LastModifiedDate             *int64  `parquet:"last_modified_date"`
	ETag                         *string `parquet:"e_tag"`
	StorageClass                 *string `parquet:"storage_class"`
	IsMultipartUploaded          *bool   `parquet:"is_multipart_uploaded"`
	ReplicationStatus            *string `parquet:"replication_status"`
	EncryptionStatus             *string `parquet:"encryption_status"`
	ObjectLockRetainUntilDate    *int64  `parquet:"object_lock_retain_until_date"`
	ObjectLockMode               *string `parquet:"object_lock_mode"`
	ObjectLockLegalHoldStatus    *string `parquet:"object_lock_legal_hold_status"`
	IntelligentTieringAccessTier *string `parquet:"intelligent_tiering_access_tier"`
	BucketKeyStatus              *string `parquet:"bucket_key_status"`
	ChecksumAlgorithm            *string `parquet:"checksum_algorithm"`
	ObjectAccessControlList      *string `parquet:"object_access_control_list"`
	ObjectOwner                  *string `parquet:"object_owner"`
}

func ptr[T any](v T) *T { return &v }

func TestFullSchemaAndNulls(t *testing.T) {
	ms := t0.UnixMilli()
	path := writeRows(t, []fullRow{
		// Every optional column null: a current object of size... none,
		// which only a delete marker may have.
		{Bucket: "b", Key: "all-null"},
		{Bucket: "b", Key: "marker", IsDeleteMarker: ptr(true), VersionID: ptr("v9"), LastModifiedDate: &ms},
		{Bucket: "b", Key: "no-date", Size: ptr(int64(1))},
		{Bucket: "b", Key: "full", VersionID: ptr("v1"), IsLatest: ptr(false), IsDeleteMarker: ptr(false), Size: ptr(int64(7)),
			LastModifiedDate: &ms, ETag: ptr("\"abc\""), StorageClass: ptr("INTELLIGENT_TIERING"), IsMultipartUploaded: ptr(true),
			ReplicationStatus: ptr("COMPLETED"), EncryptionStatus: ptr("SSE-KMS"), ObjectLockMode: ptr("GOVERNANCE"),
			IntelligentTieringAccessTier: ptr("DEEP_ARCHIVE"), BucketKeyStatus: ptr("ENABLED"), ChecksumAlgorithm: ptr("CRC64NVME"),
			ObjectAccessControlList: ptr("eyJ2ZXJzaW9uIjoiMjAyMi0xMS0yMCJ9"), ObjectOwner: ptr("abc123")},
	})
	f, cols := open(t, path, nil, "")
	if want := allColumns | inventory.ColIntelligentTieringAccessTier; cols != want {
		t.Errorf("columns %v, want %v", cols, want)
	}
	r := readAll(t, f)
	want := []scope.Object{
		{Bucket: "b", Key: "marker", VersionID: "v9", IsDeleteMarker: true, LastModified: t0},
		{Bucket: "b", Key: "full", VersionID: "v1", Noncurrent: true, Size: 7, LastModified: t0,
			StorageClass: scope.IntelligentTiering, IntelligentTieringAccessTier: scope.DeepArchiveAccess, EncryptionStatus: scope.SSEKMS},
	}
	if diff := cmp.Diff(want, objects(r.recs)); diff != "" {
		t.Errorf("objects (-want +got):\n%s", diff)
	}
	var got []string
	for _, err := range r.errs {
		var re *field.Error
		if !as(err, field.InvalidRow, &re) {
			t.Fatalf("%v is not a row error", err)
		}
		got = append(got, strings.TrimPrefix(err.Error(), path))
	}
	want2 := []string{":0:1: size: null, and the object is not a delete marker", ":0:3: last_modified_date: null"}
	if !slices.Equal(got, want2) {
		t.Errorf("rejected rows %q, want %q", got, want2)
	}
}

// looseRow has optional bucket and key, which S3 never writes, to have
// nulls where S3 has none.
type looseRow struct {
	Bucket         *string `parquet:"bucket"`
	Key            *string `parquet:"key"`
	VersionID      *string `parquet:"version_id"`
	IsDeleteMarker *bool   `parquet:"is_delete_marker"`
	Size           *int64  `parquet:"size"`
	LastModified   *int64  `parquet:"last_modified_date"`
	StorageClass   *string `parquet:"storage_class"`
}

func unchanged(*looseRow) {}

func TestBadRows(t *testing.T) {
	ms := ptr(t0.UnixMilli())
	ok := func(key string) looseRow {
		return looseRow{Bucket: ptr("b"), Key: ptr(key), Size: ptr(int64(1)), LastModified: ms}
	}
	with := func(key string, change func(*looseRow)) looseRow {
		r := ok(key)
		change(&r)
		return r
	}
	rows := []looseRow{
		ok("first"),
		with("", func(r *looseRow) { r.Key = nil }),
		with("", unchanged),
		with("bad\xffutf8", unchanged),
		with("no-bucket", func(r *looseRow) { r.Bucket = nil }),
		with("empty-bucket", func(r *looseRow) { r.Bucket = ptr("") }),
		with("negative", func(r *looseRow) { r.Size = ptr(int64(-5)) }),
		with("no-size", func(r *looseRow) { r.Size = nil }),
		with("bad-version", func(r *looseRow) { r.VersionID = ptr("\xc3") }),
		with("bad-class", func(r *looseRow) { r.StorageClass = ptr("\xed\xa0\x80") }),
		with("marker", func(r *looseRow) { r.IsDeleteMarker, r.Size = ptr(true), nil }),
		with(strings.Repeat("k", 1025), unchanged),
		with("no-date", func(r *looseRow) { r.LastModified = nil }),
		with("year-10000", func(r *looseRow) { r.LastModified = ptr(int64(253402300800000)) }),
		with(strings.Repeat("k", 1024), unchanged),
		ok("last"),
	}
	path := writeRows(t, rows, pq.MaxRowsPerRowGroup(5))
	f, _ := open(t, path, nil, "")
	r := readAll(t, f)
	var keys []string
	for _, rec := range r.recs {
		keys = append(keys, rec.Key)
	}
	if want := []string{"first", "marker", strings.Repeat("k", 1024), "last"}; !slices.Equal(keys, want) {
		t.Errorf("records %q, want %q", keys, want)
	}
	type rej struct {
		pos, col, err string
	}
	var got []rej
	for _, err := range r.errs {
		var re *field.Error
		if !as(err, field.InvalidRow, &re) {
			t.Fatalf("%v is not a row error", err)
		}
		got = append(got, rej{strings.TrimPrefix(position(re), path), re.Path, re.Err.Error()})
	}
	want := []rej{
		{":0:2", "key", "null"},
		{":0:3", "key", "empty"},
		{":0:4", "key", "not valid UTF-8"},
		{":0:5", "bucket", "null"},
		{":1:1", "bucket", "empty"},
		{":1:2", "size", "-5 is negative"},
		{":1:3", "size", "null, and the object is not a delete marker"},
		{":1:4", "version_id", "not valid UTF-8"},
		{":1:5", "storage_class", "not valid UTF-8"},
		{":2:2", "key", "1025 bytes long, more than S3's 1024"},
		{":2:3", "last_modified_date", "null"},
		{":2:4", "last_modified_date", "outside the years 0001 to 9999"},
	}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(rej{})); diff != "" {
		t.Errorf("rejected rows (-want +got):\n%s", diff)
	}
	if msg := r.errs[0].Error(); msg != path+":0:2: key: null" {
		t.Errorf("message %q", msg)
	}
}

func TestMissingColumns(t *testing.T) {
	type keyOnly struct {
		Bucket string `parquet:"bucket"`
		Key    string `parquet:"key"`
		ETag   string `parquet:"e_tag"`
	}
	path := writeRows(t, []keyOnly{{"b", "k", "e"}})
	f, cols := open(t, path, nil, "message m { required binary bucket; required binary key; optional int64 size; }")
	if cols != inventory.ColBucket|inventory.ColKey {
		t.Errorf("columns %v, want Bucket, Key", cols)
	}
	r := readAll(t, f)
	if diff := cmp.Diff([]scope.Object{{Bucket: "b", Key: "k"}}, objects(r.recs)); diff != "" || len(r.errs) > 0 {
		t.Errorf("objects (-want +got):\n%s\nerrors %v", diff, r.errs)
	}

	type sized struct {
		Bucket string `parquet:"bucket"`
		Key    string `parquet:"key"`
		Size   int32  `parquet:"size"`
	}
	path = writeRows(t, []sized{{"b", "k", 12}})
	f, cols = open(t, path, nil, "")
	if cols != inventory.ColBucket|inventory.ColKey|inventory.ColSize {
		t.Errorf("columns %v, want Bucket, Key, Size", cols)
	}
	if r := readAll(t, f); len(r.recs) != 1 || r.recs[0].Size != 12 || r.recs[0].IsLatest() != true {
		t.Errorf("records %v, errors %v", r.recs, r.errs)
	}
}

func TestUnreadableSchemas(t *testing.T) {
	type noKey struct {
		Bucket string `parquet:"bucket"`
		Size   int64  `parquet:"size"`
	}
	type noBucket struct {
		Key string `parquet:"key"`
	}
	type stringSize struct {
		Bucket string `parquet:"bucket"`
		Key    string `parquet:"key"`
		Size   string `parquet:"size"`
	}
	type nestedKey struct {
		Bucket string `parquet:"bucket"`
		Key    struct {
			Name string `parquet:"name"`
		} `parquet:"key"`
	}
	type repeatedKey struct {
		Bucket string   `parquet:"bucket"`
		Key    []string `parquet:"key"`
	}
	type dateIsString struct {
		Bucket           string `parquet:"bucket"`
		Key              string `parquet:"key"`
		LastModifiedDate string `parquet:"last_modified_date"`
	}
	for _, tc := range []struct {
		name, path, want string
	}{
		{"no key", writeRows(t, []noKey{{"b", 1}}), "no key column"},
		{"no bucket", writeRows(t, []noBucket{{"k"}}), "no bucket column"},
		{"string size", writeRows(t, []stringSize{{"b", "k", "1"}}), "column size is BYTE_ARRAY, not INT64"},
		{"nested key", writeRows(t, []nestedKey{{Bucket: "b"}}), "column key is not a primitive column"},
		{"repeated key", writeRows(t, []repeatedKey{{"b", []string{"k"}}}), "column key is not a primitive column"},
		{"string date", writeRows(t, []dateIsString{{"b", "k", "2024"}}), "column last_modified_date is BYTE_ARRAY, not INT64 (TIMESTAMP_MILLIS)"},
		{"lz4", writeRows(t, []noBucket{{"k"}}, pq.Compression(&pq.Lz4Raw)), "column key is LZ4_RAW-compressed, which is not supported"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := openFile(context.Background(), tc.path, inventory.FileOptions{})
			var fe *field.Error
			if !as(err, field.Unreadable, &fe) || fe.File != tc.path || err.Error() != tc.path+": "+tc.want {
				t.Errorf("Open: %v, want a file error %q", err, tc.want)
			}
		})
	}
}

func TestTimestamps(t *testing.T) {
	type int96 struct {
		Bucket string           `parquet:"bucket"`
		Key    string           `parquet:"key"`
		T      deprecated.Int96 `parquet:"last_modified_date"`
	}
	tm := time.Date(2023, 12, 31, 23, 59, 58, 123456789, time.UTC)
	nanosOfDay := uint64(tm.Sub(tm.Truncate(24 * time.Hour)))
	julian := uint32(tm.Unix()/86400 + 2440588)
	for _, tc := range []struct {
		name string
		path string
		want time.Time
	}{
		{"micros", writeRows(t, []microsRow{{"b", "k", tm.UnixMicro()}}), tm.Truncate(time.Microsecond)},
		{"nanos", writeRows(t, []nanosRow{{"b", "k", tm.UnixNano()}}), tm},
		{"bare int64 is millis", writeRows(t, []millisRow{{"b", "k", tm.UnixMilli()}}), tm.Truncate(time.Millisecond)},
		{"int96", writeRows(t, []int96{{"b", "k", deprecated.Int96{uint32(nanosOfDay), uint32(nanosOfDay >> 32), julian}}}), tm},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, cols := open(t, tc.path, nil, "")
			if !cols.Has(inventory.ColLastModified) {
				t.Errorf("columns %v", cols)
			}
			r := readAll(t, f)
			if len(r.errs) > 0 || len(r.recs) != 1 || !r.recs[0].LastModified.Equal(tc.want) || r.recs[0].LastModified.Location() != time.UTC {
				t.Errorf("records %v, errors %v; want %v", r.recs, r.errs, tc.want)
			}
		})
	}
	bad := writeRows(t, []int96{{"b", "k", deprecated.Int96{0xffffffff, 0xffffffff, julian}}})
	f, _ := open(t, bad, nil, "")
	var re *field.Error
	if r := readAll(t, f); len(r.errs) != 1 || !as(r.errs[0], field.InvalidRow, &re) || re.Path != "last_modified_date" {
		t.Errorf("an INT96 of more nanoseconds than a day: errors %v", r.errs)
	}
}

func TestManifestChecks(t *testing.T) {
	path := write(t, sample)
	data := testfile.Read(t, path)
	sum := md5.Sum(data)
	good := hex.EncodeToString(sum[:])
	wrong := md5.Sum([]byte("other"))
	size := int64(len(data))

	for _, tc := range []struct {
		name    string
		m       inventory.ManifestFile
		records int
		is      error  // the last error, nil for none
		msg     string // in its message
	}{
		{"match", inventory.ManifestFile{Size: size, MD5Checksum: good}, len(sample), nil, ""},
		{"upper case checksum", inventory.ManifestFile{MD5Checksum: strings.ToUpper(good)}, len(sample), nil, ""},
		{"no size or checksum", inventory.ManifestFile{}, len(sample), nil, ""},
		{"size", inventory.ManifestFile{Size: size + 1, MD5Checksum: good}, 0, inventory.ErrSize,
			fmt.Sprintf("%d bytes, the manifest says %d", size, size+1)},
		{"checksum", inventory.ManifestFile{Size: size, MD5Checksum: hex.EncodeToString(wrong[:])}, len(sample), inventory.ErrChecksum,
			"the file's is " + good},
		{"not a checksum", inventory.ManifestFile{MD5Checksum: "5925f4e78e1695c2d020b9f6eexample"}, 0, nil,
			`the manifest's MD5checksum "5925f4e78e1695c2d020b9f6eexample" is not an MD5 checksum`},
		{"checksum not verified", inventory.ManifestFile{Size: size, MD5Checksum: hex.EncodeToString(wrong[:])}, len(sample), nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, _ := open(t, path, &tc.m, FileSchema)
			if strings.HasSuffix(tc.name, "not verified") {
				var err error
				if f, _, err = openFile(context.Background(), path, inventory.FileOptions{Manifest: &tc.m, Schema: FileSchema, NoVerify: true}); err != nil {
					t.Fatal(err)
				}
			}
			r := readAll(t, f)
			if len(r.recs) != tc.records {
				t.Errorf("%d records, want %d", len(r.recs), tc.records)
			}
			if tc.msg == "" {
				if len(r.errs) > 0 {
					t.Errorf("errors %v", r.errs)
				}
				return
			}
			var fe *field.Error
			if len(r.errs) != 1 || !as(r.errs[0], field.Unreadable, &fe) || fe.File != path || !strings.Contains(fe.Error(), tc.msg) {
				t.Fatalf("errors %v, want a file error with %q", r.errs, tc.msg)
			}
			if tc.is != nil && !errors.Is(fe, tc.is) {
				t.Errorf("%v is not %v", fe, tc.is)
			}
		})
	}
}

func TestMissingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "gone.parquet")
	if _, _, err := openFile(context.Background(), path, inventory.FileOptions{}); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Open without a schema: %v, want ErrNotExist", err)
	}
	m := &inventory.ManifestFile{Key: "data/gone.parquet", Size: 123}
	f, cols := open(t, path, m, FileSchema)
	if cols != allColumns || f.Size() != 123 {
		t.Errorf("columns %v, size %d; want the fileSchema's and the manifest's", cols, f.Size())
	}
	r := readAll(t, f)
	var fe *field.Error
	if len(r.recs) != 0 || len(r.errs) != 1 || !as(r.errs[0], field.Unreadable, &fe) || !errors.Is(fe, fs.ErrNotExist) {
		t.Errorf("records %v, errors %v; want one file error", r.recs, r.errs)
	}
	if _, _, err := openFile(context.Background(), path, inventory.FileOptions{Manifest: m, Schema: "Bucket, Key"}); err == nil {
		t.Error("Open with a schema that is not a Parquet message: no error")
	}
}

func TestTruncatedAndGarbage(t *testing.T) {
	path := write(t, sample)
	data := testfile.Read(t, path)
	rnd := rand.New(rand.NewPCG(1, 2))
	garbage := make([]byte, 4096)
	for i := range garbage {
		garbage[i] = byte(rnd.Uint32())
	}
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"empty", nil},
		{"magic only", []byte("PAR1")},
		{"truncated", data[:len(data)/2]},
		{"footer cut", data[:len(data)-1]},
		{"garbage", garbage},
		{"garbage between magic", append(append([]byte("PAR1"), garbage...), "\x10\x00\x00\x00PAR1"...)},
		{"huge footer length", append(slices.Clone(data[:len(data)-8]), "\xff\xff\xff\x7fPAR1"...)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := testfile.Write(t, t.TempDir(), "bad.parquet", tc.data)
			_, _, err := openFile(context.Background(), p, inventory.FileOptions{})
			var fe *field.Error
			if !as(err, field.Unreadable, &fe) || fe.File != p {
				t.Errorf("Open: %v, want a file error", err)
			}
			f, cols := open(t, p, &inventory.ManifestFile{Size: int64(len(data))}, FileSchema)
			if cols != allColumns {
				t.Errorf("columns %v, want the fileSchema's", cols)
			}
			r := readAll(t, f)
			if len(r.recs) != 0 || len(r.errs) != 1 || !as(r.errs[0], field.Unreadable, &fe) {
				t.Errorf("records %v, errors %v; want one file error", r.recs, r.errs)
			}
			if len(tc.data) != len(data) && !errors.Is(fe, inventory.ErrSize) {
				t.Errorf("%v: want ErrSize", fe)
			}
		})
	}
}

// TestCorruptData damages a few bytes of a file, anywhere: whatever is
// read, no panic escapes, reading ends, and every error but the last is a
// row error.
func TestCorruptData(t *testing.T) {
	var objs []scope.Object
	for i := range 300 {
		objs = append(objs, scope.Object{Bucket: "b", Key: fmt.Sprintf("dir/%d/file-%d.csv", i%7, i), Size: int64(i),
			VersionID: fmt.Sprint(i % 3), Noncurrent: i%3 != 0, IsDeleteMarker: i%5 == 0,
			LastModified: t0.Add(time.Duration(i) * time.Second), StorageClass: scope.Standard, EncryptionStatus: scope.SSES3})
	}
	data := func() []byte {
		var buf bytes.Buffer
		if err := writeObjects(&buf, slices.Values(objs), pq.MaxRowsPerRowGroup(100), pq.PageBufferSize(1024)); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}()
	rnd := rand.New(rand.NewPCG(3, 4))
	dir := t.TempDir()
	fileErrors := 0
	for i := range 1500 {
		bad := slices.Clone(data)
		for range 1 + i%4 {
			switch j := rnd.IntN(len(bad)); rnd.IntN(3) {
			case 0:
				bad[j] = byte(rnd.Uint32())
			case 1:
				bad[j] ^= 1 << rnd.IntN(8)
			default:
				bad[j] = []byte{0, 0x7f, 0x80, 0xff}[rnd.IntN(4)]
			}
		}
		path := testfile.Write(t, dir, "bad.parquet", bad)
		f, _, err := openFile(context.Background(), path, inventory.FileOptions{})
		if err != nil {
			continue
		}
		r := readAll(t, f)
		if len(r.errs) > 0 {
			var fe *field.Error
			if as(r.errs[len(r.errs)-1], field.Unreadable, &fe) {
				fileErrors++
			}
		}
	}
	if fileErrors == 0 {
		t.Error("no damaged file gave a file error")
	}
}

func TestContext(t *testing.T) {
	var objs []scope.Object
	for i := range 3 * batchSize {
		objs = append(objs, scope.Object{Bucket: "b", Key: fmt.Sprint(i), Size: 1, LastModified: t0})
	}
	path := write(t, objs)
	f, _ := open(t, path, nil, "")

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := readCtx(t, ctx, f)
	if len(r.recs) != 0 || len(r.errs) != 1 || !errors.Is(r.errs[0], context.Canceled) {
		t.Errorf("cancelled before: %d records, errors %v", len(r.recs), r.errs)
	}

	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	n := 0
	var last error
	for _, err := range f.Records(ctx) {
		if err != nil {
			last = err
			break
		}
		if n++; n == 1 {
			cancel()
		}
	}
	if n != batchSize || !errors.Is(last, context.Canceled) {
		t.Errorf("cancelled during: %d records then %v, want %d then context.Canceled", n, last, batchSize)
	}
}

func TestEarlyStop(t *testing.T) {
	path := write(t, sample)
	data, _ := os.ReadFile(path)
	sum := md5.Sum(data)
	f, _ := open(t, path, &inventory.ManifestFile{MD5Checksum: hex.EncodeToString(sum[:])}, FileSchema)
	for range 3 {
		for rec, err := range f.Records(context.Background()) {
			if err != nil || rec.Key != sample[0].Key {
				t.Fatalf("first record %v, %v", rec, err)
			}
			break
		}
	}
}

func BenchmarkRecords(b *testing.B) {
	var objs []scope.Object
	classes := scope.StorageClass("").Values()
	for i := range 200_000 {
		objs = append(objs, scope.Object{Bucket: "example-bucket", Key: fmt.Sprintf("logs/2024/%02d/%02d/app-%08d.json.gz", i%12+1, i%28+1, i),
			VersionID: fmt.Sprintf("v%024d", i), Size: int64(i * 37), LastModified: t0.Add(time.Duration(i) * time.Second),
			StorageClass: classes[i%len(classes)], EncryptionStatus: scope.SSES3})
	}
	path := write(b, objs)
	f, _ := open(b, path, nil, "")
	b.SetBytes(f.Size())
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		n := 0
		for _, err := range f.Records(context.Background()) {
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != len(objs) {
			b.Fatal(n)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(objs)), "ns/row")
}

// TestInventoryOpen reads Parquet through package inventory: a data file
// given directly, and a manifest in S3's layout whose second file is
// missing.
func TestInventoryOpen(t *testing.T) {
	root := t.TempDir()
	data := filepath.Join(root, "inv", "src-bucket", "cfg", "data")
	if err := os.MkdirAll(data, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(data, "a.parquet")
	if err := WriteFile(path, slices.Values(sample)); err != nil {
		t.Fatal(err)
	}

	// openSource opens name, which has files data files, the first of
	// them a.parquet.
	openSource := func(name string, files int) *inventory.Source {
		t.Helper()
		src, err := inventory.Open(context.Background(), name, inventory.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if src.Format != inventory.FormatParquet || src.Columns != allColumns || len(src.Files) != files {
			t.Fatalf("source %+v", src)
		}
		if r := readAll(t, src.Files[0]); len(r.recs) != len(sample) || len(r.errs) > 0 {
			t.Errorf("a.parquet: %d records, errors %v", len(r.recs), r.errs)
		}
		return src
	}
	openSource(path, 1)

	content := testfile.Read(t, path)
	sum := md5.Sum(content)
	manifest := fmt.Sprintf(`{
  "sourceBucket": "src-bucket",
  "destinationBucket": "arn:aws:s3:::dest-bucket",
  "version": "2016-11-30",
  "creationTimestamp": "1514944800000",
  "fileFormat": "Parquet",
  "fileSchema": %q,
  "files": [
    {"key": "inv/src-bucket/cfg/data/a.parquet", "size": %d, "MD5checksum": "%x"},
    {"key": "inv/src-bucket/cfg/data/b.parquet", "size": 100, "MD5checksum": "%x"}
  ]
}`, FileSchema, len(content), sum, sum)
	src := openSource(testfile.Write(t, root, "inv/src-bucket/cfg/2018-01-03T02-00Z/manifest.json", []byte(manifest)), 2)
	r := readAll(t, src.Files[1])
	if len(r.recs) != 0 || len(r.errs) != 1 || !errors.Is(r.errs[0], fs.ErrNotExist) {
		t.Errorf("b.parquet: %d records, errors %v; want a missing file", len(r.recs), r.errs)
	}
}
