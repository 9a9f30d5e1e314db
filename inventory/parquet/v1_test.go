package parquet

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"math/bits"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	pq "github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/deprecated"
	"github.com/parquet-go/parquet-go/encoding/thrift"
	"github.com/parquet-go/parquet-go/format"

	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/internal/testfile"
	"github.com/jobscope/jobscope/scope"
)

// v1Column is a column of a file written by writeV1.
type v1Column struct {
	name      string
	typ       format.Type
	optional  bool
	converted *deprecated.ConvertedType
	dict      bool  // PLAIN_DICTIONARY encoded, with a dictionary page
	values    []any // string, int64 or bool; nil is null
	// v2 writes version 2 data pages, with nullsDelta added to the
	// NumNulls they give (making them corrupt when it is not 0).
	v2         bool
	nullsDelta int
	// bitPacked writes a version 1 page's definition levels in the
	// deprecated BIT_PACKED encoding, as parquet-mr did before RLE.
	bitPacked bool
	// header, when not nil, edits the header of each of the column's
	// pages after writeV1 has filled it in.
	header func(*format.PageHeader)
}

func converted(c deprecated.ConvertedType) *deprecated.ConvertedType { return &c }

// writeV1 writes a Parquet file the way parquet-mr writes S3's: version 1
// data pages with RLE definition levels, PLAIN or PLAIN_DICTIONARY
// values, Snappy compression, and legacy converted types with no logical
// types. parquet-go cannot write it: v0.25.1 puts a repetition level
// section in the version 1 pages of optional columns that have none.
// Each column chunk is split in pages of pageRows rows.
func writeV1(t testing.TB, cols []v1Column, pageRows int) []byte {
	t.Helper()
	numRows := len(cols[0].values)
	out := bytes.NewBufferString("PAR1")
	proto := new(thrift.CompactProtocol)
	// page writes a page; levels are the levels of a version 2 page,
	// which are not compressed.
	page := func(h format.PageHeader, levels, data []byte, edit func(*format.PageHeader)) int64 {
		compressed, err := pq.Snappy.Encode(nil, data)
		if err != nil {
			t.Fatal(err)
		}
		compressed = append(levels, compressed...)
		h.UncompressedPageSize = int32(len(levels) + len(data))
		h.CompressedPageSize = int32(len(compressed))
		if edit != nil {
			edit(&h)
		}
		b, err := thrift.Marshal(proto, &h)
		if err != nil {
			t.Fatal(err)
		}
		out.Write(b)
		out.Write(compressed)
		return int64(len(b) + len(compressed))
	}

	meta, rg := startFile(numRows, len(cols), "parquet-mr version 1.10.1 (build a89df8f9932b6ef6633d06069e50c9b7970bebd1)")
	for _, c := range cols {
		chunk := startChunk(&meta, out, format.SchemaElement{Type: &c.typ, Name: c.name, ConvertedType: c.converted},
			c.optional, format.Snappy, numRows)
		md := &chunk.MetaData
		start := int64(out.Len())

		var dict []string
		index := map[string]int{}
		if c.dict {
			md.Encoding = append(md.Encoding, format.PlainDictionary)
			for _, v := range c.values {
				if s, ok := v.(string); ok {
					if _, seen := index[s]; !seen {
						index[s] = len(dict)
						dict = append(dict, s)
					}
				}
			}
			var data []byte
			for _, s := range dict {
				data = plainValue(data, s)
			}
			md.DictionaryPageOffset = int64(out.Len())
			page(format.PageHeader{Type: format.DictionaryPage,
				DictionaryPageHeader: &format.DictionaryPageHeader{NumValues: int32(len(dict)), Encoding: format.PlainDictionary}}, nil, data, c.header)
		}
		md.DataPageOffset = int64(out.Len())
		for lo := 0; lo < numRows; lo += pageRows {
			vals := c.values[lo:min(lo+pageRows, numRows)]
			var data, levelsV2 []byte
			nulls := 0
			if c.optional {
				levels := make([]byte, len(vals))
				for i, v := range vals {
					if v != nil {
						levels[i] = 1
					} else {
						nulls++
					}
				}
				rle := rleRuns(nil, levels, 1)
				switch {
				case c.v2:
					levelsV2 = rle
				case c.bitPacked:
					// One bit a level, from the most significant.
					packed := make([]byte, (len(levels)+7)/8)
					for i, l := range levels {
						packed[i/8] |= l << (7 - i%8)
					}
					data = append(data, packed...)
				default:
					data = binary.LittleEndian.AppendUint32(data, uint32(len(rle)))
					data = append(data, rle...)
				}
			}
			enc := format.Plain
			if c.dict {
				enc = format.PlainDictionary
				width := max(1, bits.Len(uint(len(dict)-1)))
				var idx []byte
				for _, v := range vals {
					if v != nil {
						idx = append(idx, byte(index[v.(string)]))
					}
				}
				data = append(data, byte(width))
				data = rleRuns(data, idx, width)
			} else {
				var packed byte
				n := 0
				for _, v := range vals {
					switch v := v.(type) {
					case bool:
						if v {
							packed |= 1 << (n % 8)
						}
						if n++; n%8 == 0 {
							data, packed = append(data, packed), 0
						}
					case nil:
					default:
						data = plainValue(data, v)
					}
				}
				if n%8 != 0 {
					data = append(data, packed)
				}
			}
			if c.v2 {
				compressed := true
				page(format.PageHeader{Type: format.DataPageV2, DataPageHeaderV2: &format.DataPageHeaderV2{
					NumValues: int32(len(vals)), NumNulls: int32(nulls + c.nullsDelta), NumRows: int32(len(vals)), Encoding: enc,
					DefinitionLevelsByteLength: int32(len(levelsV2)), IsCompressed: &compressed}}, levelsV2, data, c.header)
				continue
			}
			defEncoding := format.RLE
			if c.bitPacked {
				defEncoding = format.BitPacked
			}
			page(format.PageHeader{Type: format.DataPage, DataPageHeader: &format.DataPageHeader{
				NumValues: int32(len(vals)), Encoding: enc,
				DefinitionLevelEncoding: defEncoding, RepetitionLevelEncoding: format.BitPacked}}, nil, data, c.header)
		}
		endChunk(&rg, &chunk, int64(out.Len())-start)
	}
	return endFile(t, out, &meta, rg)
}

// startFile starts the footer of a file of one row group of rows rows and
// columns flat columns, written by createdBy.
func startFile(rows, columns int, createdBy string) (format.FileMetaData, format.RowGroup) {
	meta := format.FileMetaData{Version: 1, NumRows: int64(rows), CreatedBy: createdBy}
	meta.Schema = append(meta.Schema, format.SchemaElement{Name: "s3.inventory", NumChildren: int32(columns)})
	return meta, format.RowGroup{NumRows: int64(rows)}
}

// startChunk adds the column el, required or optional, to meta's schema,
// and starts its column chunk of rows values, compressed with codec, at
// the end of out.
func startChunk(meta *format.FileMetaData, out *bytes.Buffer, el format.SchemaElement, optional bool,
	codec format.CompressionCodec, rows int) format.ColumnChunk {
	rep := format.Required
	if optional {
		rep = format.Optional
	}
	el.RepetitionType = &rep
	meta.Schema = append(meta.Schema, el)
	chunk := format.ColumnChunk{FileOffset: int64(out.Len())}
	md := &chunk.MetaData
	md.Type, md.PathInSchema, md.Codec, md.NumValues = *el.Type, []string{el.Name}, codec, int64(rows)
	md.Encoding = []format.Encoding{format.Plain, format.RLE}
	return chunk
}

// endChunk records a column chunk of size bytes, uncompressed, in rg.
func endChunk(rg *format.RowGroup, chunk *format.ColumnChunk, size int64) {
	chunk.MetaData.TotalCompressedSize = size
	chunk.MetaData.TotalUncompressedSize = size
	rg.TotalByteSize += size
	rg.Columns = append(rg.Columns, *chunk)
}

// endFile writes the footer of a file of the one row group rg after the
// column chunks in out, and returns the file.
func endFile(t testing.TB, out *bytes.Buffer, meta *format.FileMetaData, rg format.RowGroup) []byte {
	t.Helper()
	meta.RowGroups = []format.RowGroup{rg}
	footer, err := thrift.Marshal(new(thrift.CompactProtocol), meta)
	if err != nil {
		t.Fatal(err)
	}
	out.Write(footer)
	out.Write(binary.LittleEndian.AppendUint32(nil, uint32(len(footer))))
	out.WriteString("PAR1")
	return out.Bytes()
}

func plainValue(b []byte, v any) []byte {
	switch v := v.(type) {
	case string:
		b = binary.LittleEndian.AppendUint32(b, uint32(len(v)))
		return append(b, v...)
	case int64:
		return binary.LittleEndian.AppendUint64(b, uint64(v))
	}
	panic(v)
}

// rleRuns appends vals in the RLE/bit-packing hybrid encoding, as RLE
// runs only, for bit widths up to 8.
func rleRuns(b []byte, vals []byte, width int) []byte {
	for i := 0; i < len(vals); {
		j := i
		for j < len(vals) && vals[j] == vals[i] {
			j++
		}
		b = binary.AppendUvarint(b, uint64(j-i)<<1)
		if width > 0 {
			b = append(b, vals[i])
		}
		i = j
	}
	return b
}

// TestParquetMRFile reads a file shaped as S3 writes them with parquet-mr.
func TestParquetMRFile(t *testing.T) {
	ms := func(t time.Time) any { return t.UnixMilli() }
	str := func(s string) any { return s }
	cols := []v1Column{
		{name: "bucket", typ: format.ByteArray, converted: converted(deprecated.UTF8), dict: true,
			values: []any{str("b"), str("b"), str("b"), str("c"), str("c")}},
		{name: "key", typ: format.ByteArray, converted: converted(deprecated.UTF8),
			values: []any{str("a+b c.txt"), str("v"), str("v"), str("%2B"), str("日本")}},
		{name: "version_id", typ: format.ByteArray, optional: true, converted: converted(deprecated.UTF8),
			values: []any{nil, str("v2"), str("v1"), nil, nil}},
		{name: "is_latest", typ: format.Boolean, optional: true,
			values: []any{true, true, false, nil, true}},
		{name: "is_delete_marker", typ: format.Boolean, optional: true,
			values: []any{false, true, false, nil, false}},
		{name: "size", typ: format.Int64, optional: true,
			values: []any{int64(5), nil, int64(7), int64(8), int64(9)}},
		{name: "last_modified_date", typ: format.Int64, optional: true, converted: converted(deprecated.TimestampMillis),
			values: []any{ms(t0), ms(t0.Add(time.Hour)), ms(t0), ms(t0), ms(t0)}},
		{name: "e_tag", typ: format.ByteArray, optional: true, converted: converted(deprecated.UTF8),
			values: []any{str("e1"), nil, str("e3"), str("e4"), str("e5")}},
		{name: "storage_class", typ: format.ByteArray, optional: true, converted: converted(deprecated.UTF8), dict: true,
			values: []any{str("STANDARD"), nil, str("GLACIER"), str("STANDARD"), str("STANDARD")}},
		{name: "is_multipart_uploaded", typ: format.Boolean, optional: true,
			values: []any{false, nil, true, false, false}},
		{name: "encryption_status", typ: format.ByteArray, optional: true, converted: converted(deprecated.UTF8), dict: true,
			values: []any{str("SSE-S3"), nil, str("SSE-KMS"), str("SSE-S3"), str("NOT-SSE")}},
	}
	want := []scope.Object{
		{Bucket: "b", Key: "a+b c.txt", Size: 5, LastModified: t0, StorageClass: scope.Standard, EncryptionStatus: scope.SSES3},
		{Bucket: "b", Key: "v", VersionID: "v2", IsDeleteMarker: true, LastModified: t0.Add(time.Hour)},
		{Bucket: "b", Key: "v", VersionID: "v1", Noncurrent: true, Size: 7, LastModified: t0, StorageClass: scope.Glacier, EncryptionStatus: scope.SSEKMS},
		{Bucket: "c", Key: "%2B", Size: 8, LastModified: t0, StorageClass: scope.Standard, EncryptionStatus: scope.SSES3},
		{Bucket: "c", Key: "日本", Size: 9, LastModified: t0, StorageClass: scope.Standard, EncryptionStatus: scope.NotSSE},
	}
	for _, pageRows := range []int{1, 2, 5} {
		path := testfile.Write(t, t.TempDir(), "mr.parquet", writeV1(t, cols, pageRows))
		f, c := open(t, path, nil, "")
		if c != allColumns {
			t.Errorf("columns %v", c)
		}
		var got []scope.Object
		for rec, err := range f.Records(context.Background()) {
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, rec.Object)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("pages of %d rows: objects (-want +got):\n%s", pageRows, diff)
		}
	}
}

// TestTooFewValues reads version 2 pages whose NumNulls is too large, so
// that their definition levels count more values than the page has:
// parquet-go's own value reader loops forever on them. (The values of
// a boolean page are bits, so one short by less than a byte goes unseen:
// its rows read the byte's padding.)
func TestTooFewValues(t *testing.T) {
	for _, c := range []v1Column{
		{name: "version_id", typ: format.ByteArray, optional: true, values: []any{"a", nil, "c"}, v2: true, nullsDelta: 1},
		{name: "size", typ: format.Int64, optional: true, values: []any{int64(1), int64(2), nil}, v2: true, nullsDelta: 1},
		{name: "storage_class", typ: format.ByteArray, optional: true, dict: true, values: []any{"S", "S", "G"}, v2: true, nullsDelta: 2},
		{name: "is_latest", typ: format.Boolean, optional: true, values: []any{true, nil, false}, v2: true, nullsDelta: 1},
	} {
		path := testfile.Write(t, t.TempDir(), "few.parquet", writeV1(t, []v1Column{
			{name: "bucket", typ: format.ByteArray, values: []any{"b", "b", "b"}},
			{name: "key", typ: format.ByteArray, values: []any{"k1", "k2", "k3"}},
			c,
		}, 3))
		f, _ := open(t, path, nil, "")
		done := make(chan result, 1)
		go func() { done <- readAll(t, f) }()
		select {
		case r := <-done:
			var fe *field.Error
			if c.typ == format.Boolean {
				break
			}
			if len(r.recs) != 0 || len(r.errs) != 1 || !as(r.errs[0], field.Unreadable, &fe) {
				t.Errorf("%s: records %v, errors %v; want one file error", c.name, r.recs, r.errs)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: reading does not end", c.name)
		}
	}
}

// TestBitPackedLevels reads version 1 pages whose definition levels are
// in the deprecated BIT_PACKED encoding.
func TestBitPackedLevels(t *testing.T) {
	sizes := []any{int64(1), nil, int64(3), nil, nil, int64(6), int64(7), nil, int64(9), int64(10)}
	keys := make([]any, len(sizes))
	buckets := make([]any, len(sizes))
	for i := range sizes {
		keys[i], buckets[i] = fmt.Sprint("k", i), "b"
	}
	for _, pageRows := range []int{3, 10} {
		path := testfile.Write(t, t.TempDir(), "bp.parquet", writeV1(t, []v1Column{
			{name: "bucket", typ: format.ByteArray, values: buckets},
			{name: "key", typ: format.ByteArray, values: keys},
			{name: "is_delete_marker", typ: format.Boolean, optional: true, bitPacked: true,
				values: []any{false, true, false, true, true, false, false, true, false, false}},
			{name: "size", typ: format.Int64, optional: true, bitPacked: true, values: sizes},
		}, pageRows))
		f, _ := open(t, path, nil, "")
		r := readAll(t, f)
		if len(r.errs) != 0 || len(r.recs) != len(sizes) {
			t.Fatalf("pages of %d rows: %d records, errors %v", pageRows, len(r.recs), r.errs)
		}
		for i, rec := range r.recs {
			want, _ := sizes[i].(int64)
			if rec.Size != want || rec.IsDeleteMarker != (sizes[i] == nil) {
				t.Errorf("pages of %d rows: row %d: size %d, marker %t", pageRows, i, rec.Size, rec.IsDeleteMarker)
			}
		}
	}
}
