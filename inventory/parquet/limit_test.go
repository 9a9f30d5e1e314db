package parquet

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/klauspost/compress/zstd"
	pq "github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/encoding/thrift"
	"github.com/parquet-go/parquet-go/format"

	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/internal/testfile"
	"github.com/jobscope/jobscope/inventory"
)

// rawColumn is a column of a file written by writeRaw: pages given as
// their headers and stored bytes.
type rawColumn struct {
	name     string
	typ      format.Type
	optional bool
	codec    format.CompressionCodec
	pages    []rawPage
}

// rawPage is a page as a file stores it. writeRaw sets the header's
// compressed size to the length of data; the uncompressed size is the
// header's.
type rawPage struct {
	h    format.PageHeader
	data []byte
}

// writeRaw writes a Parquet file of one row group of rows rows with the
// given columns, each a column chunk of the pages given.
func writeRaw(t testing.TB, rows int, cols []rawColumn) []byte {
	t.Helper()
	out := bytes.NewBufferString("PAR1")
	proto := new(thrift.CompactProtocol)
	meta, rg := startFile(rows, len(cols), "parquet-mr version 1.10.1")
	for _, c := range cols {
		chunk := startChunk(&meta, out, format.SchemaElement{Type: &c.typ, Name: c.name}, c.optional, c.codec, rows)
		md := &chunk.MetaData
		start := int64(out.Len())
		for i, p := range c.pages {
			switch {
			case i == 0 && p.h.Type == format.DictionaryPage:
				md.DictionaryPageOffset = int64(out.Len())
			case md.DataPageOffset == 0:
				md.DataPageOffset = int64(out.Len())
			}
			p.h.CompressedPageSize = int32(len(p.data))
			b, err := thrift.Marshal(proto, &p.h)
			if err != nil {
				t.Fatal(err)
			}
			out.Write(b)
			out.Write(p.data)
		}
		endChunk(&rg, &chunk, int64(out.Len())-start)
	}
	return endFile(t, out, &meta, rg)
}

// plainPage is a version 1 data page of PLAIN strings of a required
// column, uncompressed.
func plainPage(vals []string) rawPage {
	var data []byte
	for _, v := range vals {
		data = plainValue(data, v)
	}
	return rawPage{format.PageHeader{Type: format.DataPage, UncompressedPageSize: int32(len(data)),
		DataPageHeader: &format.DataPageHeader{NumValues: int32(len(vals)), Encoding: format.Plain}}, data}
}

// zstdZeros is a ZSTD frame that decompresses to n zeros (a multiple of
// block), in RLE blocks of block bytes: four bytes of frame for each
// block of zeros, as a compressor writes zeros.
func zstdZeros(n, block int) []byte {
	b := binary.LittleEndian.AppendUint32(nil, 0xFD2FB528)
	// No checksum, content size or dictionary; a window of 128 KiB.
	b = append(b, 0x00, 0x38)
	for done := 0; done < n; done += block {
		h := uint32(1<<1 | block<<3) // an RLE block of block bytes
		if done+block >= n {
			h |= 1 // the last
		}
		b = append(b, byte(h), byte(h>>8), byte(h>>16), 0)
	}
	return b
}

// bombFile is a file of one row whose key column is one ZSTD page that
// decompresses to 1 GiB, in RLE blocks of block bytes, and whose header
// says it decompresses to claim bytes.
func bombFile(t testing.TB, claim int64, block int) []byte {
	return writeRaw(t, 1, []rawColumn{
		{name: "bucket", typ: format.ByteArray, codec: format.Uncompressed, pages: []rawPage{plainPage([]string{"b"})}},
		{name: "key", typ: format.ByteArray, codec: format.Zstd, pages: []rawPage{{format.PageHeader{Type: format.DataPage,
			UncompressedPageSize: int32(min(claim, 1<<31-1)),
			DataPageHeader:       &format.DataPageHeader{NumValues: 1, Encoding: format.Plain}}, zstdZeros(1<<30, block)}}},
	})
}

// The bombs: a 1 GiB page that says so, in 256 KiB of frame, which the
// 4,096-fold expansion allows; and one in 32 KiB whose header says it is
// 1 MiB.
func honestBomb(t testing.TB) []byte { return bombFile(t, 1<<30, 16<<10) }
func lyingBomb(t testing.TB) []byte  { return bombFile(t, 1<<20, 128<<10) }

const (
	honestBombError = "row group 0, column key: the page at byte %d: 1.0 GiB uncompressed, " +
		"more than the 64 MiB limit (inventory.Options.MaxPageBytes; --limit MaxPageBytes=N)"
	lyingBombError = "row group 0, column key: the page at byte %d: its ZSTD data decompresses to more than " +
		"the 1048576 bytes its header gives"
)

// keyPageAt is the offset of the page of the key column of a file
// written by bombFile.
func keyPageAt(t testing.TB, data []byte) int64 {
	var meta format.FileMetaData
	n := binary.LittleEndian.Uint32(data[len(data)-8:])
	if err := thrift.Unmarshal(new(thrift.CompactProtocol), data[len(data)-8-int(n):len(data)-8], &meta); err != nil {
		t.Fatal(err)
	}
	return meta.RowGroups[0].Columns[1].MetaData.DataPageOffset
}

// TestZstdZeros checks that the bombs' frames are ZSTD that decompresses
// to 1 GiB, and how small they are.
func TestZstdZeros(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("decompresses 2 GiB")
	}
	for _, block := range []int{16 << 10, 128 << 10} {
		frame := zstdZeros(1<<30, block)
		d, err := zstd.NewReader(bytes.NewReader(frame), zstd.WithDecoderConcurrency(1))
		if err != nil {
			t.Fatal(err)
		}
		n, err := io.Copy(io.Discard, d)
		d.Close()
		if err != nil || n != 1<<30 {
			t.Errorf("blocks of %d: %d bytes in %d, %v; want 1 GiB", block, len(frame), n, err)
		}
	}
	if n := len(honestBomb(t)); n < 256<<10 || n > 300<<10 {
		t.Errorf("the honest bomb is %d bytes", n)
	}
	if n := len(lyingBomb(t)); n > 40<<10 {
		t.Errorf("the lying bomb is %d bytes", n)
	}
}

// TestPageBombs reads the bombs: each ends the file with a file error that
// names the row group, the column and the page; TestPageBombMemory
// measures what reading them costs.
func TestPageBombs(t *testing.T) {
	for _, tc := range []struct {
		name  string
		data  []byte
		want  string
		limit bool // the error wraps inventory.ErrPageLimit
	}{
		{"honest header", honestBomb(t), honestBombError, true},
		{"lying header", lyingBomb(t), lyingBombError, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := testfile.Write(t, t.TempDir(), "bomb.parquet", tc.data)
			f, _ := open(t, path, nil, "")
			r := readAll(t, f)
			var fe *field.Error
			if len(r.recs) != 0 || len(r.errs) != 1 || !as(r.errs[0], field.Unreadable, &fe) || fe.File != path {
				t.Fatalf("records %v, errors %v; want one file error", r.recs, r.errs)
			}
			if want := path + ": " + fmt.Sprintf(tc.want, keyPageAt(t, tc.data)); fe.Error() != want {
				t.Errorf("error %q\nwant       %q", fe.Error(), want)
			}
			if errors.Is(fe, inventory.ErrPageLimit) != tc.limit {
				t.Errorf("errors.Is(%v, ErrPageLimit) is %t", fe, !tc.limit)
			}
		})
	}
}

// bigPageFile is a file of n rows whose key column is one PLAIN page of
// keys of 1,000 bytes, compressed with codec; its bucket column is one
// uncompressed page. It returns the file and the memory reading it takes:
// the pages, the compressed key page, and for ZSTD the room for a block
// after the page.
func bigPageFile(t testing.TB, n int, codec format.CompressionCodec) ([]byte, int64) {
	buckets, keys := make([]string, n), make([]string, n)
	for i := range n {
		buckets[i] = "b"
		keys[i] = fmt.Sprintf("%06d/%s", i, strings.Repeat("k", 993))
	}
	bucket, key := plainPage(buckets), plainPage(keys)
	mem := int64(len(bucket.data) + len(key.data))
	if codec != format.Uncompressed {
		c := map[format.CompressionCodec]interface {
			Encode(dst, src []byte) ([]byte, error)
		}{format.Snappy: &pq.Snappy, format.Zstd: &pq.Zstd, format.Gzip: &pq.Gzip, format.Brotli: &pq.Brotli}[codec]
		b, err := c.Encode(nil, key.data)
		if err != nil {
			t.Fatal(err)
		}
		key.data = b
		mem += int64(len(b))
		if codec == format.Zstd {
			mem += zstdSlack
		}
	}
	return writeRaw(t, n, []rawColumn{
		{name: "bucket", typ: format.ByteArray, codec: format.Uncompressed, pages: []rawPage{bucket}},
		{name: "key", typ: format.ByteArray, codec: codec, pages: []rawPage{key}},
	}), mem
}

// TestPageLimit reads a file with a page of 2.9 MiB under limits around
// the memory reading it takes.
func TestPageLimit(t *testing.T) {
	const rows = 3000
	for _, codec := range []format.CompressionCodec{format.Uncompressed, format.Snappy, format.Zstd, format.Gzip, format.Brotli} {
		data, mem := bigPageFile(t, rows, codec)
		path := testfile.Write(t, t.TempDir(), "big.parquet", data)
		at := keyPageAt(t, data)
		for _, tc := range []struct {
			limit int64
			want  string // "" for every row
		}{
			{0, ""}, // the default
			{4 << 20, ""},
			{mem, ""},
			{2 << 20, fmt.Sprintf("row group 0, column key: the page at byte %d: 2.9 MiB uncompressed, "+
				"more than the 2.0 MiB limit (inventory.Options.MaxPageBytes; --limit MaxPageBytes=N)", at)},
			{mem - 1, fmt.Sprintf("row group 0, column key: the page at byte %d: ", at)},
		} {
			f, _, err := openFile(context.Background(), path, inventory.FileOptions{MaxPageBytes: tc.limit})
			if err != nil {
				t.Fatal(err)
			}
			r := readAll(t, f)
			if tc.want == "" {
				if len(r.recs) != rows || len(r.errs) != 0 {
					t.Errorf("%v, limit %d: %d records, errors %v", codec, tc.limit, len(r.recs), r.errs)
				}
				continue
			}
			var fe *field.Error
			if len(r.recs) != 0 || len(r.errs) != 1 || !as(r.errs[0], field.Unreadable, &fe) || !errors.Is(fe, inventory.ErrPageLimit) {
				t.Fatalf("%v, limit %d: %d records, errors %v; want one file error of the limit", codec, tc.limit, len(r.recs), r.errs)
			}
			if msg := strings.TrimPrefix(fe.Error(), path+": "); !strings.HasPrefix(msg, tc.want) {
				t.Errorf("%v, limit %d: error %q\nwant it to start %q", codec, tc.limit, msg, tc.want)
			}
		}
	}
}

// TestPageLimitMessage checks the message of a page that the limit
// allows but the file's other pages leave no room for.
func TestPageLimitMessage(t *testing.T) {
	data, mem := bigPageFile(t, 3000, format.Uncompressed)
	path := testfile.Write(t, t.TempDir(), "big.parquet", data)
	f, _, err := openFile(context.Background(), path, inventory.FileOptions{MaxPageBytes: mem - 1})
	if err != nil {
		t.Fatal(err)
	}
	r := readAll(t, f)
	want := fmt.Sprintf("%s: row group 0, column key: the page at byte %d: 2.9 MiB uncompressed, which with the 15 KiB "+
		"the file's other pages being read take is more than the 2.9 MiB limit (inventory.Options.MaxPageBytes; "+
		"--limit MaxPageBytes=N)", path, keyPageAt(t, data))
	if len(r.errs) != 1 || r.errs[0].Error() != want {
		t.Errorf("errors %v\nwant %q", r.errs, want)
	}
}

// TestInventoryMaxPageBytes reads a big page through package inventory:
// Options.MaxPageBytes reaches the driver, for a data file given directly
// and for the files of a manifest, and a negative one fails Open.
func TestInventoryMaxPageBytes(t *testing.T) {
	data, _ := bigPageFile(t, 3000, format.Snappy)
	dir := t.TempDir()
	path := testfile.Write(t, dir, "big.parquet", data)
	manifest := testfile.Write(t, dir, "manifest.json", []byte(fmt.Sprintf(`{"sourceBucket": "b", "destinationBucket": "arn:aws:s3:::d",
		"fileFormat": "Parquet", "fileSchema": %q, "files": [{"key": "big.parquet"}]}`, FileSchema)))
	for _, name := range []string{path, manifest} {
		for _, tc := range []struct {
			limit int64
			rows  int
		}{{0, 3000}, {4 << 20, 3000}, {2 << 20, 0}} {
			src, err := inventory.Open(context.Background(), name, inventory.Options{DataRoot: dir, MaxPageBytes: tc.limit})
			if err != nil {
				t.Fatal(err)
			}
			r := readAll(t, src.Files[0])
			if len(r.recs) != tc.rows || (tc.rows == 0) != (len(r.errs) == 1 && errors.Is(r.errs[0], inventory.ErrPageLimit)) {
				t.Errorf("%s, MaxPageBytes %d: %d records, errors %v", filepath.Base(name), tc.limit, len(r.recs), r.errs)
			}
		}
	}
	if _, err := inventory.Open(context.Background(), path, inventory.Options{MaxPageBytes: -1}); err == nil || !strings.Contains(err.Error(), "MaxPageBytes") {
		t.Errorf("Open with a negative MaxPageBytes: %v", err)
	}
}

// zstdStream compresses data with a ZSTD stream encoder, ending a block
// every flush bytes (a multiple of 1,000; 0 for never).
func zstdStream(t testing.TB, data []byte, flush int) []byte {
	var buf bytes.Buffer
	w, err := zstd.NewWriter(&buf, zstd.WithEncoderLevel(zstd.SpeedFastest), zstd.WithEncoderConcurrency(1),
		zstd.WithWindowSize(128<<10))
	if err != nil {
		t.Fatal(err)
	}
	for len(data) > 0 {
		n := len(data)
		if flush > 0 {
			n = min(n, flush)
		}
		if _, err := w.Write(data[:n]); err != nil {
			t.Fatal(err)
		}
		if flush > 0 {
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
		}
		data = data[n:]
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// zstdPattern is a ZSTD stream of n bytes (a multiple of 64,000) of a
// pattern of 1,000 bytes: compressed blocks, 500 times smaller.
func zstdPattern(t testing.TB, n int) []byte {
	pattern := make([]byte, 1000)
	for i := range pattern {
		pattern[i] = byte(i*31 + i/7)
	}
	var buf bytes.Buffer
	w, err := zstd.NewWriter(&buf, zstd.WithEncoderLevel(zstd.SpeedFastest), zstd.WithEncoderConcurrency(1),
		zstd.WithWindowSize(128<<10))
	if err != nil {
		t.Fatal(err)
	}
	chunk := bytes.Repeat(pattern, 64)
	for range n / len(chunk) {
		if _, err := w.Write(chunk); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// zstdKeyPage is a file of one row group of n rows whose key column is
// one ZSTD page of the given data, whose header says it decompresses to
// claim bytes.
func zstdKeyPage(t testing.TB, n int, data []byte, claim int) []byte {
	buckets := make([]string, n)
	for i := range buckets {
		buckets[i] = "b"
	}
	return writeRaw(t, n, []rawColumn{
		{name: "bucket", typ: format.ByteArray, codec: format.Uncompressed, pages: []rawPage{plainPage(buckets)}},
		{name: "key", typ: format.ByteArray, codec: format.Zstd, pages: []rawPage{{format.PageHeader{Type: format.DataPage,
			UncompressedPageSize: int32(claim),
			DataPageHeader:       &format.DataPageHeader{NumValues: int32(n), Encoding: format.Plain}}, data}}},
	})
}

// TestZstdBlocks reads ZSTD pages whose blocks' headers do not bound what
// they decompress to: a page in blocks of 4,000 bytes, which reads; one
// that decompresses to 128 MiB in compressed blocks, and one whose frame
// says it holds more than the page's header, which do not.
func TestZstdBlocks(t *testing.T) {
	var keys []string
	for i := range 3000 {
		keys = append(keys, fmt.Sprintf("%06d/%s", i, strings.Repeat("k", 993)))
	}
	plain := plainPage(keys).data
	for _, tc := range []struct {
		name  string
		data  []byte
		claim int
		want  string // "" for every row
	}{
		{"small blocks", zstdStream(t, plain, 4000), len(plain), ""},
		{"one block", zstdStream(t, plain, 0), len(plain), ""},
		{"declared size", func() []byte {
			e, _ := zstd.NewWriter(nil)
			return e.EncodeAll(plain, nil)
		}(), len(plain) - 1, "its ZSTD data decompresses to more than the 3011999 bytes its header gives"},
		{"128 MiB", zstdPattern(t, 128_000_000), 1 << 20, "its ZSTD data decompresses to more than the 1048576 bytes its header gives"},
		{"truncated", zstdStream(t, plain, 4000)[:5000], len(plain), "decompressing ZSTD data: unexpected EOF"},
	} {
		data := zstdKeyPage(t, len(keys), tc.data, tc.claim)
		path := testfile.Write(t, t.TempDir(), "zstd.parquet", data)
		f, _ := open(t, path, nil, "")
		r := readAll(t, f)
		if tc.want == "" {
			if len(r.recs) != len(keys) || len(r.errs) != 0 || r.recs[2999].Key != keys[2999] {
				t.Errorf("%s: %d records, errors %v", tc.name, len(r.recs), r.errs)
			}
			continue
		}
		want := fmt.Sprintf("%s: row group 0, column key: the page at byte %d: %s", path, keyPageAt(t, data), tc.want)
		if len(r.recs) != 0 || len(r.errs) != 1 || r.errs[0].Error() != want {
			t.Errorf("%s: %d records, errors %v\nwant %q", tc.name, len(r.recs), r.errs, want)
		}
	}
}

// TestPageKinds reads column chunks with pages other than one dictionary
// page and data pages: a second dictionary page and an index page are
// skipped; a page of another type, dictionary indexes without a
// dictionary, values in an encoding S3's columns never have, and a codec
// the reader does not read are file errors naming the page.
func TestPageKinds(t *testing.T) {
	dict := rawPage{format.PageHeader{Type: format.DictionaryPage, UncompressedPageSize: 10,
		DictionaryPageHeader: &format.DictionaryPageHeader{NumValues: 2, Encoding: format.Plain}},
		plainValue(plainValue(nil, "k1"), "k2")}
	indexes := func(n int) rawPage {
		data := append([]byte{1}, rleRuns(nil, []byte{0, 1}[:n], 1)...)
		return rawPage{format.PageHeader{Type: format.DataPage, UncompressedPageSize: int32(len(data)),
			DataPageHeader: &format.DataPageHeader{NumValues: int32(n), Encoding: format.RLEDictionary}}, data}
	}
	one := indexes(1)
	second := rawPage{one.h, append([]byte{1}, rleRuns(nil, []byte{1}, 1)...)}
	index := rawPage{format.PageHeader{Type: format.IndexPage, UncompressedPageSize: 3}, []byte("idx")}
	for _, tc := range []struct {
		name  string
		codec format.CompressionCodec
		pages []rawPage
		want  string // "" for both rows
	}{
		{"dictionary twice, index page", format.Uncompressed, []rawPage{dict, one, index, dict, second}, ""},
		{"no dictionary", format.Uncompressed, []rawPage{indexes(2)}, "dictionary indexes without a dictionary page"},
		{"page type", format.Uncompressed, []rawPage{dict, {format.PageHeader{Type: 7, UncompressedPageSize: 1}, []byte{0}}},
			"a page of type 7"},
		{"encoding", format.Uncompressed, []rawPage{{format.PageHeader{Type: format.DataPage, UncompressedPageSize: 1,
			DataPageHeader: &format.DataPageHeader{NumValues: 2, Encoding: format.DeltaBinaryPacked}}, []byte{0}}},
			"BYTE_ARRAY values in the DELTA_BINARY_PACKED encoding"},
		{"codec", format.LZO, []rawPage{dict, indexes(2)}, "LZO-compressed, which is not supported"},
	} {
		data := writeRaw(t, 2, []rawColumn{
			{name: "bucket", typ: format.ByteArray, pages: []rawPage{plainPage([]string{"b", "b"})}},
			{name: "key", typ: format.ByteArray, codec: tc.codec, pages: tc.pages},
		})
		path := testfile.Write(t, t.TempDir(), "kinds.parquet", data)
		f, _ := open(t, path, nil, "")
		r := readAll(t, f)
		if tc.want == "" {
			if len(r.errs) != 0 || len(r.recs) != 2 || r.recs[0].Key != "k1" || r.recs[1].Key != "k2" {
				t.Errorf("%s: records %v, errors %v", tc.name, r.recs, r.errs)
			}
			continue
		}
		if len(r.errs) != 1 || !strings.Contains(r.errs[0].Error(), "row group 0, column key: ") ||
			!strings.HasSuffix(r.errs[0].Error(), tc.want) {
			t.Errorf("%s: errors %v; want one that ends %q", tc.name, r.errs, tc.want)
		}
	}
}
