package parquet

import (
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/parquet-go/parquet-go/deprecated"
	"github.com/parquet-go/parquet-go/encoding/thrift"
	"github.com/parquet-go/parquet-go/format"

	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/internal/testfile"
)

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
