package parquet

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	pq "github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/deprecated"
	"github.com/parquet-go/parquet-go/encoding/rle"
	"github.com/parquet-go/parquet-go/encoding/thrift"
	"github.com/parquet-go/parquet-go/format"
	"pgregory.net/rapid"

	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/internal/testfile"
	"github.com/jobscope/jobscope/scope"
)

// The decoders read what parquet-go's encoders write.

func TestHybrid(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		width := rapid.IntRange(0, 32).Draw(t, "width")
		// Runs of repeated values, to have RLE runs and bit-packed ones.
		var vals []int32
		for range rapid.IntRange(0, 20).Draw(t, "runs") {
			v := int32(rapid.Uint64Range(0, 1<<width-1).Draw(t, "value"))
			for range rapid.IntRange(1, 40).Draw(t, "length") {
				vals = append(vals, v)
			}
		}
		enc := rle.Encoding{BitWidth: width}
		data, err := enc.EncodeInt32(nil, vals)
		if err != nil {
			t.Fatal(err)
		}
		h := newHybrid(data, uint(width))
		for i, want := range vals {
			got, err := h.next()
			if err != nil || got != uint64(uint32(want)) {
				t.Fatalf("value %d: %d, %v; want %d", i, got, err, want)
			}
		}
		// What skip counts agrees.
		if len(vals) > 0 {
			h := newHybrid(data, uint(width))
			n, err := h.skip(uint64(len(vals)), true, uint64(uint32(vals[0])))
			if want := uint64(len(slices.DeleteFunc(slices.Clone(vals), func(v int32) bool { return v != vals[0] }))); err != nil || n != want {
				t.Fatalf("skip counted %d, %v; want %d", n, err, want)
			}
		}
	})
}

// TestBitPacked reads the deprecated BIT_PACKED encoding of levels, which
// packs them from the most significant bit of each byte (parquet-format's
// Encodings.md, and parquet-mr; parquet-go packs them from the least).
func TestBitPacked(t *testing.T) {
	// The example of Encodings.md: 0 to 7 in 3 bits.
	h, n, err := newBitPacked([]byte{0b00000101, 0b00111001, 0b01110111, 'x'}, 3, 8)
	if err != nil || n != 3 {
		t.Fatalf("%d bytes, %v; want 3", n, err)
	}
	for want := range uint64(8) {
		if got, err := h.next(); err != nil || got != want {
			t.Fatalf("level %d: %d, %v", want, got, err)
		}
	}
	if _, err := h.next(); err == nil {
		t.Fatal("a level past the last")
	}
	if _, _, err := newBitPacked([]byte{1, 2}, 3, 8); err == nil {
		t.Error("8 levels of 3 bits in 2 bytes: no error")
	}
}

func TestDelta(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		vals := rapid.SliceOf(rapid.OneOf(rapid.Int64(), rapid.Int64Range(-1000, 1000))).Draw(t, "values")
		data, err := pq.DeltaBinaryPacked.EncodeInt64(nil, vals)
		if err != nil {
			t.Fatal(err)
		}
		v, err := newValues(pq.Int64, format.DeltaBinaryPacked, append(data, "after"...), int64(len(vals)), nil)
		if err != nil {
			t.Fatal(err)
		}
		if end, _, err := v.d.end(int64(len(vals))); err != nil || end != len(data) {
			t.Fatalf("end %d, %v; want %d", end, err, len(data))
		}
		checkValues(t, &v, vals, func(v *value) int64 { return v.i })
		var out value
		if err := v.next(&out); err == nil {
			t.Fatal("a value past the last")
		}

		vals32 := make([]int32, len(vals))
		for i, x := range vals {
			vals32[i] = int32(x)
		}
		data, err = pq.DeltaBinaryPacked.EncodeInt32(nil, vals32)
		if err != nil {
			t.Fatal(err)
		}
		if v, err = newValues(pq.Int32, format.DeltaBinaryPacked, data, int64(len(vals)), nil); err != nil {
			t.Fatal(err)
		}
		for i, want := range vals32 {
			if err := v.next(&out); err != nil || out.i != int64(want) {
				t.Fatalf("INT32 value %d: %d, %v; want %d", i, out.i, err, want)
			}
		}
	})
}

func TestByteArrayEncodings(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		// Strings that share prefixes, for DELTA_BYTE_ARRAY.
		strs := rapid.SliceOf(rapid.StringMatching(`(a|ab|abc|b){0,6}[xyz]{0,3}`)).Draw(t, "strings")
		var data []byte
		offsets := []uint32{0}
		for _, s := range strs {
			data = append(data, s...)
			offsets = append(offsets, uint32(len(data)))
		}
		for _, enc := range []struct {
			format format.Encoding
			encode func(dst, src []byte, offsets []uint32) ([]byte, error)
		}{
			{format.Plain, pq.Plain.EncodeByteArray},
			{format.DeltaLengthByteArray, pq.DeltaLengthByteArray.EncodeByteArray},
			{format.DeltaByteArray, pq.DeltaByteArray.EncodeByteArray},
		} {
			page, err := enc.encode(nil, data, offsets)
			if err != nil {
				t.Fatal(err)
			}
			v, err := newValues(pq.ByteArray, enc.format, page, int64(len(strs)), nil)
			if err != nil {
				t.Fatalf("%v: %v", enc.format, err)
			}
			longest, err := v.check(len(strs))
			if err != nil {
				t.Fatalf("%v: %v", enc.format, err)
			}
			v.prev = make([]byte, longest)
			var out value
			for i, want := range strs {
				if err := v.next(&out); err != nil || string(v.bytes(&out)) != want {
					t.Fatalf("%v: value %d: %q, %v; want %q", enc.format, i, v.bytes(&out), err, want)
				}
			}
			if _, err := v.check(len(strs) + 1); err == nil && enc.format != format.Plain {
				t.Fatalf("%v: %d values checked as %d", enc.format, len(strs), len(strs)+1)
			}
		}
	})
}

func TestRLEBooleans(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		bools := rapid.SliceOf(rapid.Bool()).Draw(t, "booleans")
		bits := make([]byte, (len(bools)+7)/8)
		for i, b := range bools {
			if b {
				bits[i/8] |= 1 << (i % 8)
			}
		}
		data, err := pq.RLE.EncodeBoolean(nil, bits)
		if err != nil {
			t.Fatal(err)
		}
		v, err := newValues(pq.Boolean, format.RLE, data, int64(len(bools)), nil)
		if err != nil {
			t.Fatal(err)
		}
		checkValues(t, &v, bools, func(v *value) bool { return v.bit })
	})
}

// checkValues checks that v holds the values want, as get reads them from
// a value.
func checkValues[T comparable](t interface {
	Helper()
	Fatal(...any)
	Fatalf(string, ...any)
}, v *values, want []T, get func(*value) T) {
	t.Helper()
	if _, err := v.check(len(want)); err != nil {
		t.Fatal(err)
	}
	var out value
	for i, w := range want {
		if err := v.next(&out); err != nil || get(&out) != w {
			t.Fatalf("value %d: %v, %v; want %v", i, get(&out), err, w)
		}
	}
}

// TestByteStreamSplit reads INT64 and INT32 sizes in the
// BYTE_STREAM_SPLIT encoding, which parquet-go writes only for floats.
func TestByteStreamSplit(t *testing.T) {
	for _, typ := range []format.Type{format.Int64, format.Int32} {
		sizes := []int64{1, 300, 70000, 1 << 20}
		w := 8
		if typ == format.Int32 {
			w = 4
		}
		data := make([]byte, w*len(sizes))
		for i, s := range sizes {
			var b [8]byte
			binary.LittleEndian.PutUint64(b[:], uint64(s))
			for k := range w {
				data[k*len(sizes)+i] = b[k]
			}
		}
		keys := []string{"a", "b", "c", "d"}
		path := testfile.Write(t, t.TempDir(), "bss.parquet", writeRaw(t, len(keys), []rawColumn{
			{name: "bucket", typ: format.ByteArray, pages: []rawPage{plainPage([]string{"b", "b", "b", "b"})}},
			{name: "key", typ: format.ByteArray, pages: []rawPage{plainPage(keys)}},
			{name: "size", typ: typ, pages: []rawPage{{format.PageHeader{Type: format.DataPage, UncompressedPageSize: int32(len(data)),
				DataPageHeader: &format.DataPageHeader{NumValues: int32(len(sizes)), Encoding: format.ByteStreamSplit}}, data}}},
		}))
		f, _ := open(t, path, nil, "")
		r := readAll(t, f)
		if len(r.errs) != 0 || len(r.recs) != len(sizes) {
			t.Fatalf("%v: %d records, errors %v", typ, len(r.recs), r.errs)
		}
		for i, rec := range r.recs {
			if rec.Size != sizes[i] {
				t.Errorf("%v: size %d, want %d", typ, rec.Size, sizes[i])
			}
		}
	}
}

// TestEncodingsAndCodecs reads files written by parquet-go in every
// encoding S3's columns can have but BYTE_STREAM_SPLIT, with each codec
// the reader reads, in small pages and row groups.
func TestEncodingsAndCodecs(t *testing.T) {
	optional := func(n pq.Node) pq.Node { return pq.Optional(n) }
	enc := pq.Encoded
	schema := pq.NewSchema("s3.inventory", orderedGroup{fields: []pq.Field{
		namedField{enc(pq.String(), &pq.RLEDictionary), "bucket"},
		namedField{enc(pq.String(), &pq.DeltaByteArray), "key"},
		namedField{optional(enc(pq.String(), &pq.DeltaLengthByteArray)), "version_id"},
		namedField{optional(enc(pq.Leaf(pq.BooleanType), &pq.RLE)), "is_latest"},
		namedField{optional(pq.Leaf(pq.BooleanType)), "is_delete_marker"},
		namedField{optional(enc(pq.Leaf(pq.Int64Type), &pq.DeltaBinaryPacked)), "size"},
		namedField{optional(enc(pq.Timestamp(pq.Millisecond), &pq.DeltaBinaryPacked)), "last_modified_date"},
		namedField{optional(enc(pq.String(), &pq.DeltaByteArray)), "storage_class"},
		namedField{optional(pq.String()), "encryption_status"},
	}})
	var objs []scope.Object
	classes := scope.StorageClass("").Values()
	for i := range 700 {
		o := scope.Object{Bucket: fmt.Sprintf("bucket-%d", i/300), Key: fmt.Sprintf("logs/%02d/app-%06d.json", i%13, i),
			Size: int64(i*i) * 1000, LastModified: t0.Add(time.Duration(i*i) * time.Second), StorageClass: classes[i%len(classes)],
			EncryptionStatus: scope.SSES3}
		switch i % 5 {
		case 1:
			o.VersionID, o.Noncurrent = fmt.Sprint("v", i), true
		case 2:
			o.VersionID, o.IsDeleteMarker, o.Size, o.StorageClass, o.EncryptionStatus = "m", true, 0, "", ""
		}
		objs = append(objs, o)
	}
	for _, codec := range []pq.WriterOption{pq.Compression(&pq.Uncompressed), pq.Compression(&pq.Snappy),
		pq.Compression(&pq.Gzip), pq.Compression(&pq.Brotli), pq.Compression(&pq.Zstd)} {
		var buf bytes.Buffer
		if err := writeObjects(&buf, slices.Values(objs), schema, codec, pq.MaxRowsPerRowGroup(250), pq.PageBufferSize(2048)); err != nil {
			t.Fatal(err)
		}
		path := testfile.Write(t, t.TempDir(), "enc.parquet", buf.Bytes())
		checkEncodings(t, path, schema)
		f, _ := open(t, path, nil, "")
		r := readAll(t, f)
		if len(r.errs) != 0 {
			t.Fatalf("%v: errors %v", codec, r.errs)
		}
		if diff := cmp.Diff(objs, objects(r.recs), cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("%v: objects (-want +got):\n%s", codec, diff)
		}
	}
}

// checkEncodings checks that the file at path has the encodings of
// schema, so that the test reads what it means to.
func checkEncodings(t *testing.T, path string, schema *pq.Schema) {
	t.Helper()
	data := testfile.Read(t, path)
	f, err := pq.OpenFile(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, col := range f.Metadata().RowGroups[0].Columns {
		leaf, _ := schema.Lookup(col.MetaData.PathInSchema...)
		e := leaf.Node.Encoding()
		if e == nil {
			continue
		}
		if want := e.Encoding(); !slices.Contains(col.MetaData.Encoding, want) {
			t.Errorf("column %v is %v, not %v", col.MetaData.PathInSchema, col.MetaData.Encoding, e)
		}
	}
}

// TestV2WithoutLevels reads a version 2 page of an optional column with
// no definition levels, which has no nulls; with nulls it is corrupt.
func TestV2WithoutLevels(t *testing.T) {
	for _, nulls := range []int32{0, 1} {
		var sizes []byte
		for _, s := range []uint64{5, 6} {
			sizes = binary.LittleEndian.AppendUint64(sizes, s)
		}
		path := testfile.Write(t, t.TempDir(), "v2.parquet", writeRaw(t, 2, []rawColumn{
			{name: "bucket", typ: format.ByteArray, pages: []rawPage{plainPage([]string{"b", "b"})}},
			{name: "key", typ: format.ByteArray, pages: []rawPage{plainPage([]string{"k1", "k2"})}},
			{name: "size", typ: format.Int64, optional: true, pages: []rawPage{{format.PageHeader{Type: format.DataPageV2,
				UncompressedPageSize: int32(len(sizes)),
				DataPageHeaderV2:     &format.DataPageHeaderV2{NumValues: 2, NumRows: 2, NumNulls: nulls, Encoding: format.Plain}}, sizes}}},
		}))
		f, _ := open(t, path, nil, "")
		r := readAll(t, f)
		if nulls == 0 && (len(r.errs) != 0 || len(r.recs) != 2 || r.recs[0].Size != 5 || r.recs[1].Size != 6) {
			t.Errorf("records %v, errors %v", r.recs, r.errs)
		}
		if nulls == 1 && (len(r.recs) != 0 || len(r.errs) != 1 || !strings.Contains(r.errs[0].Error(), "a page has 1 values where it should have 2")) {
			t.Errorf("with a null: records %v, errors %v", r.recs, r.errs)
		}
	}
}

// TestCorruptPageHeaders reads files whose page headers claim more than
// the file can hold: each is a file error that names the row group, the
// column and the page's byte, and none makes the reader allocate what the
// header asks for.
func TestCorruptPageHeaders(t *testing.T) {
	dataPage := func(edit func(h *format.PageHeader)) func(h *format.PageHeader) {
		return func(h *format.PageHeader) {
			if h.Type != format.DictionaryPage {
				edit(h)
			}
		}
	}
	for _, tc := range []struct {
		name   string
		dict   bool
		header func(*format.PageHeader)
		want   string
	}{
		{"uncompressed size of 1 GiB", false, dataPage(func(h *format.PageHeader) { h.UncompressedPageSize = 1 << 30 }),
			"1.0 GiB uncompressed, more than the 64 MiB limit (inventory.Options.MaxPageBytes; --limit MaxPageBytes=N)"},
		{"uncompressed size of 16 MiB", false, dataPage(func(h *format.PageHeader) { h.UncompressedPageSize = 16 << 20 }),
			"16777216 bytes compressed to"},
		{"compressed size past the chunk", false, dataPage(func(h *format.PageHeader) { h.CompressedPageSize = 1 << 30 }),
			"1073741824 compressed bytes, where the column chunk has"},
		{"negative size", false, dataPage(func(h *format.PageHeader) { h.UncompressedPageSize = -1 }),
			"sizes"},
		{"more values than rows", false, dataPage(func(h *format.PageHeader) { h.DataPageHeader.NumValues = 4 }),
			"4 values, where the row group has 3 rows left"},
		{"2^30 values", false, dataPage(func(h *format.PageHeader) { h.DataPageHeader.NumValues = 1 << 30 }),
			"1073741824 values: more than the"},
		{"dictionary of 2^20 values", true, func(h *format.PageHeader) {
			if h.Type == format.DictionaryPage {
				h.DictionaryPageHeader.NumValues = 1 << 20
			}
		}, "a dictionary of 1048576 values"},
		{"data page without its header", false, dataPage(func(h *format.PageHeader) { h.DataPageHeader = nil }),
			"without its header"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := testfile.Write(t, t.TempDir(), "corrupt.parquet", writeV1(t, []v1Column{
				{name: "bucket", typ: format.ByteArray, converted: converted(deprecated.UTF8), values: []any{"b", "b", "b"}},
				{name: "key", typ: format.ByteArray, dict: tc.dict, values: []any{"k1", "k2", "k3"}, header: tc.header},
			}, 3))
			f, _ := open(t, path, nil, "")
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			r := readAll(t, f)
			runtime.ReadMemStats(&after)
			var fe *field.Error
			if len(r.recs) != 0 || len(r.errs) != 1 || !as(r.errs[0], field.Unreadable, &fe) {
				t.Fatalf("records %v, errors %v; want one file error", r.recs, r.errs)
			}
			msg := r.errs[0].Error()
			if !strings.Contains(msg, "row group 0, column key: the page at byte ") || !strings.Contains(msg, tc.want) {
				t.Errorf("error %q; want it to name the row group, column and page, and to say %q", msg, tc.want)
			}
			if n := after.TotalAlloc - before.TotalAlloc; n > 64<<20 {
				t.Errorf("reading allocated %d bytes", n)
			}
		})
	}
}

// TestReadPageHeader reads page headers written by parquet-go's Thrift
// encoder, with the fields the reader needs and others it skips.
func TestReadPageHeader(t *testing.T) {
	minV, maxV := []byte("aaaaaaaa"), []byte(strings.Repeat("z", 300))
	for _, h := range []format.PageHeader{
		{Type: format.DataPage, UncompressedPageSize: 100, CompressedPageSize: 60, CRC: 12345,
			DataPageHeader: &format.DataPageHeader{NumValues: 20000, Encoding: format.RLEDictionary, DefinitionLevelEncoding: format.RLE,
				RepetitionLevelEncoding: format.BitPacked, Statistics: format.Statistics{MinValue: minV, MaxValue: maxV, NullCount: 3}}},
		{Type: format.DataPage, UncompressedPageSize: 100, CompressedPageSize: 60, CRC: -5,
			DataPageHeader: &format.DataPageHeader{NumValues: 3, Encoding: format.Plain, DefinitionLevelEncoding: format.BitPacked}},
		{Type: format.DictionaryPage, UncompressedPageSize: 1 << 20, CompressedPageSize: 1 << 19,
			DictionaryPageHeader: &format.DictionaryPageHeader{NumValues: 7, Encoding: format.Plain}},
		{Type: format.DataPageV2, UncompressedPageSize: 5, CompressedPageSize: 5,
			DataPageHeaderV2: &format.DataPageHeaderV2{NumValues: 9, NumNulls: 1, NumRows: 8, DefinitionLevelsByteLength: 2}},
		{Type: format.DataPageV2, UncompressedPageSize: 50, CompressedPageSize: 40,
			DataPageHeaderV2: &format.DataPageHeaderV2{NumValues: 9, NumNulls: 0, NumRows: 9, Encoding: format.DeltaByteArray,
				DefinitionLevelsByteLength: 3, RepetitionLevelsByteLength: 1, IsCompressed: ptr(false)}},
		{Type: format.IndexPage, UncompressedPageSize: 0, CompressedPageSize: 0},
	} {
		b, err := thrift.Marshal(new(thrift.CompactProtocol), &h)
		if err != nil {
			t.Fatal(err)
		}
		want := pageHeader{typ: h.Type, uncompressed: int64(h.UncompressedPageSize), compressed: int64(h.CompressedPageSize),
			crc: -1, numValues: -1, encoding: -1, defEncoding: -1, numRows: -1, numNulls: -1, v2Compressed: true}
		if h.CRC != 0 {
			want.crc = int64(uint32(h.CRC))
		}
		switch {
		case h.DataPageHeader != nil:
			d := h.DataPageHeader
			want.numValues, want.encoding, want.defEncoding = int64(d.NumValues), d.Encoding, d.DefinitionLevelEncoding
		case h.DictionaryPageHeader != nil:
			want.numValues, want.encoding = int64(h.DictionaryPageHeader.NumValues), h.DictionaryPageHeader.Encoding
		case h.DataPageHeaderV2 != nil:
			d := h.DataPageHeaderV2
			want.numValues, want.numRows, want.numNulls, want.encoding = int64(d.NumValues), int64(d.NumRows), int64(d.NumNulls), d.Encoding
			want.defLength, want.repLength, want.v2Compressed = int64(d.DefinitionLevelsByteLength), int64(d.RepetitionLevelsByteLength), d.IsCompressed == nil || *d.IsCompressed
		}
		got, n, err := readPageHeader(append(b, "page data"...))
		if err != nil {
			t.Fatalf("%v: %v", h.Type, err)
		}
		if diff := cmp.Diff(want, got, cmp.AllowUnexported(pageHeader{})); diff != "" || n != len(b) {
			t.Errorf("%v: length %d, want %d; header (-want +got):\n%s", h.Type, n, len(b), diff)
		}
		for i := range len(b) {
			if _, _, err := readPageHeader(b[:i]); err == nil {
				t.Errorf("%v: no error for the first %d of %d bytes", h.Type, i, len(b))
			}
		}
	}
}

// TestLongPageHeaders reads a file whose page headers carry statistics
// longer than the first read of a header (read in full, and the file is
// read), and one whose statistics make a header longer than any page
// header may be (a file error).
func TestLongPageHeaders(t *testing.T) {
	for _, tc := range []struct {
		stats int
		want  string // "" for no error
	}{
		{3000, ""},
		{20000, ""},
		{70000, "longer than 65536 bytes"},
	} {
		stats := func(h *format.PageHeader) {
			if h.DataPageHeader != nil {
				h.DataPageHeader.Statistics.MinValue = []byte(strings.Repeat("a", tc.stats))
				h.DataPageHeader.Statistics.MaxValue = []byte(strings.Repeat("z", tc.stats))
			}
		}
		path := testfile.Write(t, t.TempDir(), "long.parquet", writeV1(t, []v1Column{
			{name: "bucket", typ: format.ByteArray, converted: converted(deprecated.UTF8), values: []any{"b", "b", "b"}, header: stats},
			{name: "key", typ: format.ByteArray, values: []any{"k1", "k2", "k3"}, header: stats},
		}, 2))
		f, _ := open(t, path, nil, "")
		r := readAll(t, f)
		if tc.want == "" {
			if len(r.recs) != 3 || len(r.errs) != 0 {
				t.Errorf("statistics of %d bytes: %d records, errors %v", tc.stats, len(r.recs), r.errs)
			}
			continue
		}
		if len(r.errs) != 1 || !strings.Contains(r.errs[0].Error(), tc.want) {
			t.Errorf("statistics of %d bytes: errors %v; want one saying %q", tc.stats, r.errs, tc.want)
		}
	}
}
