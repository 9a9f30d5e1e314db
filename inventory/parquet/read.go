package parquet

import (
	"bytes"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"sync"

	"github.com/andybalholm/brotli"
	"github.com/dustin/go-humanize"
	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/snappy"
	"github.com/klauspost/compress/zstd"
	"github.com/parquet-go/parquet-go/format"

	"github.com/jobscope/jobscope/inventory"
)

// memory is what the pages of a file being read may take: the buffers
// of its cursors (each column's page and dictionary) and the buffer
// compressed pages are read into, which are kept from page to page and
// grow to the largest page they have held.
//
// parquet-go reads the footer. The driver reads the pages of the column
// chunks itself, a page at a time, and decodes the levels and values of a
// page as its rows are read, without decoding them into arrays first:
// what a page costs is its bytes, whatever the counts in its encodings
// say. Before it reads a column chunk, the driver reads the headers of its
// pages and holds each to what the file can contain (see checkPages): a
// page must lie inside its column chunk, expand at most 4,096-fold beyond
// its first MiB, hold at most 2^26 values, and no more than its row group
// has rows left (every column read is flat: a value, or a null, per row);
// a dictionary holds at most a value per bit.
//
// The buffers the reader of a file holds at once — the page being read of
// each column (with 128 KiB more for ZSTD), each column's dictionary and
// the offsets of its values, and the compressed bytes of the page being
// decompressed — take at most the limit, and a page whose header gives a
// larger size, compressed or not, is not read. A decompressor writes into
// a buffer of the size the page's header gives and no further: data that
// would decompress to more is an error, and is found before it is
// decompressed when its own headers say so (Snappy's length; ZSTD's
// content sizes and the sizes of its raw and RLE blocks). ZSTD data is
// decompressed straight into the buffer when the headers of its blocks
// bound it, as they do when every block but the last is of ZSTD's 128
// KiB, as compressors write them; otherwise, as GZIP and BROTLI data are,
// through a stream decoder, which holds its window besides: a ZSTD window
// counts against the limit, GZIP's is 32 KiB and BROTLI's at most 16 MiB.
//
// A page that breaks one of these ends the file's records with an error
// naming the row group, the column and the page's byte offset.
type memory struct {
	limit int64 // inventory.FileOptions.MaxPageBytes
	held  int64 // bytes of the buffers, by capacity
}

// grow returns a buffer of n bytes in place of buf, which it reuses when
// buf can hold them; it fails with a *limitError, and leaves buf as it
// is, when the file's buffers would take more than the limit. what says
// what the n bytes are for the error, "1.0 GiB uncompressed".
func (m *memory) grow(buf []byte, n int64, what string) ([]byte, error) {
	if n <= int64(cap(buf)) {
		return buf[:n], nil
	}
	others := m.held - int64(cap(buf))
	if n > m.limit-others {
		return buf, &limitError{what: what, others: others, limit: m.limit}
	}
	m.held = others + n
	return make([]byte, n), nil
}

// reserve counts n bytes more, which a decompressor takes while it
// runs, until release is called.
func (m *memory) reserve(n int64, what string) (release func(), err error) {
	if n > m.limit-m.held {
		return nil, &limitError{what: what, others: m.held, limit: m.limit}
	}
	m.held += n
	return func() { m.held -= n }, nil
}

// growOffsets is grow for the offsets of a dictionary's values.
func (m *memory) growOffsets(off []uint32, n int64, what string) ([]uint32, error) {
	if n <= int64(cap(off)) {
		return off[:n], nil
	}
	others := m.held - 4*int64(cap(off))
	if 4*n > m.limit-others {
		return off, &limitError{what: what, others: others, limit: m.limit}
	}
	m.held = others + 4*n
	return make([]uint32, n), nil
}

// limitError is a page that would take more memory than the reader's
// limit allows.
type limitError struct {
	what   string // the page's size, "1.0 GiB uncompressed"
	others int64  // what the file's other buffers hold
	limit  int64
}

func (e *limitError) Error() string {
	limit := fmt.Sprintf("the %s limit (inventory.Options.MaxPageBytes; --limit MaxPageBytes=N)", size(e.limit))
	if e.others > 0 {
		return fmt.Sprintf("%s, which with the %s the file's other pages being read take is more than %s",
			e.what, size(e.others), limit)
	}
	return fmt.Sprintf("%s, more than %s", e.what, limit)
}

func (e *limitError) Unwrap() error { return inventory.ErrPageLimit }

// size is a number of bytes for people: "64 MiB", "1.0 GiB".
func size(n int64) string { return humanize.IBytes(uint64(max(n, 0))) }

// chunk reads the pages of a column chunk, one after the other.
type chunk struct {
	r        io.ReaderAt
	pos, end int64 // the next page header, and the end of the chunk
	codec    format.CompressionCodec
	left     int64 // the values the data pages may still hold
	limit    int64
	hbuf     []byte // page headers are read into it
}

// open starts reading the column chunk cc, in a row group of rows rows,
// of a file of size bytes. Column chunks may be SNAPPY (as S3 writes
// them), GZIP, BROTLI or ZSTD compressed, or not compressed; LZ4_RAW, LZ4
// and LZO are not read.
func (ch *chunk) open(r io.ReaderAt, size int64, cc *format.ColumnChunk, rows, limit int64) error {
	start, end, err := chunkBounds(cc, size)
	if err != nil {
		return err
	}
	switch codec := cc.MetaData.Codec; codec {
	case format.Uncompressed, format.Snappy, format.Gzip, format.Brotli, format.Zstd:
	default:
		return fmt.Errorf("%v-compressed, which is not supported", codec)
	}
	*ch = chunk{r: r, pos: start, end: end, codec: cc.MetaData.Codec, left: rows, limit: limit, hbuf: ch.hbuf}
	return nil
}

// next reads the header of the next page, and checks it as checkPages
// does. It returns io.EOF after the last page, and the page's file
// offset with any other error.
func (ch *chunk) next() (h pageHeader, at int64, err error) {
	if ch.pos >= ch.end {
		return h, ch.pos, io.EOF
	}
	at = ch.pos
	h, n, err := readHeaderAt(ch.r, ch.pos, ch.end, &ch.hbuf)
	if err != nil {
		return h, at, err
	}
	if err := h.check(ch.end-ch.pos-int64(n), &ch.left, ch.limit); err != nil {
		return h, at, err
	}
	ch.pos += int64(n)
	return h, at, nil
}

// skip skips the page whose header next returned.
func (ch *chunk) skip(h *pageHeader) { ch.pos += h.compressed }

// read reads the page whose header next returned into *dst, decompressed:
// a version 2 page's levels (which are not compressed) then its values.
// Compressed bytes are read into *scratch. Both grow, within mem's limit,
// and are kept for the next page.
func (ch *chunk) read(h *pageHeader, dst, scratch *[]byte, mem *memory) ([]byte, error) {
	pos := ch.pos
	ch.pos += h.compressed
	// head is the part of the page that is never compressed: a version 2
	// page's levels.
	head := int64(0)
	compressed := ch.codec != format.Uncompressed
	if h.typ == format.DataPageV2 {
		head = h.repLength + h.defLength
		if h.repLength < 0 || h.defLength < 0 || head > h.compressed || head > h.uncompressed {
			return nil, fmt.Errorf("levels of %d and %d bytes in a page of %d bytes (%d uncompressed)",
				h.repLength, h.defLength, h.compressed, h.uncompressed)
		}
		compressed = compressed && h.v2Compressed
	}
	if !compressed {
		b, err := mem.grow(*dst, h.compressed, size(h.compressed)+" uncompressed")
		if err != nil {
			return nil, err
		}
		*dst = b
		if err := readFull(ch.r, b, pos); err != nil {
			return nil, err
		}
		return b, checkCRC(h, b)
	}
	raw, err := mem.grow(*scratch, h.compressed, size(h.compressed)+" compressed")
	if err != nil {
		return nil, err
	}
	*scratch = raw
	if err := readFull(ch.r, raw, pos); err != nil {
		return nil, err
	}
	if err := checkCRC(h, raw); err != nil {
		return nil, err
	}
	// Refuse what the compressed data's own headers say is too big
	// before taking memory for it.
	if err := precheck(ch.codec, raw[head:], h.uncompressed-head); err != nil {
		return nil, err
	}
	what := size(h.uncompressed) + " uncompressed"
	var b []byte
	if ch.codec == format.Zstd {
		b, err = mem.grow(*dst, h.uncompressed+zstdSlack, what)
	}
	if ch.codec != format.Zstd || err != nil {
		// ZSTD's room for DecodeAll is taken only when it fits.
		b, err = mem.grow(*dst, h.uncompressed, what)
	}
	if err != nil {
		return nil, err
	}
	*dst = b
	b = b[:h.uncompressed]
	copy(b, raw[:head])
	n, err := decompress(ch.codec, b[head:], raw[head:], mem)
	if err != nil {
		return nil, err
	}
	return b[:head+int64(n)], nil
}

func readFull(r io.ReaderAt, b []byte, pos int64) error {
	n, err := r.ReadAt(b, pos)
	if n == len(b) {
		return nil
	}
	if err == nil || err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return err
}

func checkCRC(h *pageHeader, b []byte) error {
	if h.crc >= 0 && crc32.ChecksumIEEE(b) != uint32(h.crc) {
		return fmt.Errorf("CRC %08x, where the header says %08x", crc32.ChecksumIEEE(b), uint32(h.crc))
	}
	return nil
}

// precheck checks what the headers of data compressed with codec say of
// it against the n bytes the page's header says it decompresses to.
func precheck(codec format.CompressionCodec, src []byte, n int64) error {
	switch codec {
	case format.Snappy:
		if m, err := snappy.DecodedLen(src); err == nil && int64(m) > n {
			return tooBig(codec, n)
		}
	case format.Zstd:
		if _, least, _, declared, err := zstdFrames(src); err == nil && (declared > uint64(n) || least > uint64(n)) {
			return tooBig(codec, n)
		}
	}
	return nil
}

func tooBig(codec format.CompressionCodec, n int64) error {
	return fmt.Errorf("its %v data decompresses to more than the %d bytes its header gives", codec, n)
}

// decompress decompresses src into dst, whose length is the size the
// page's header gives, and returns the bytes it holds. It never writes
// more than dst holds, nor allocates more than a decompressor's window,
// which for ZSTD it counts in mem: data that would decompress to more is
// an error.
func decompress(codec format.CompressionCodec, dst, src []byte, mem *memory) (int, error) {
	tooBig := func() error { return tooBig(codec, int64(len(dst))) }
	failed := func(err error) error { return fmt.Errorf("decompressing %v data: %w", codec, err) }
	switch codec {
	case format.Snappy:
		// A Snappy block starts with its decompressed length.
		n, err := snappy.DecodedLen(src)
		if err != nil {
			return 0, failed(err)
		}
		if n > len(dst) {
			return 0, tooBig()
		}
		out, err := snappy.Decode(dst[:n], src)
		if err != nil {
			return 0, failed(err)
		}
		if len(out) > 0 && &out[0] != &dst[0] {
			return 0, tooBig() // never: Decode uses dst when it can hold the block
		}
		return len(out), nil
	case format.Zstd:
		bound, least, window, declared, err := zstdFrames(src)
		if err != nil {
			return 0, failed(err)
		}
		if declared > uint64(len(dst)) || least > uint64(len(dst)) {
			return 0, tooBig()
		}
		if bound+zstdOverAlloc <= uint64(cap(dst)) {
			// The blocks fit in dst, so DecodeAll decodes into it and
			// never grows it.
			d := zstdDecoders.Get().(*zstd.Decoder)
			defer zstdDecoders.Put(d)
			out, err := d.DecodeAll(src, dst[:0])
			switch {
			case errors.Is(err, zstd.ErrDecoderSizeExceeded):
				return 0, tooBig()
			case err != nil:
				return 0, failed(err)
			case len(out) > len(dst):
				return 0, tooBig()
			case len(out) > 0 && &out[0] != &dst[0]:
				return 0, tooBig() // never: see above
			}
			return len(out), nil
		}
		// The blocks might decompress to more than dst holds (they are
		// smaller than ZSTD's 128 KiB, or the data is corrupt): read them
		// through a decoder, which takes their window, and no more than
		// dst holds.
		w := int64(min(window, 1<<50))
		release, err := mem.reserve(w+zstdStreamMemory, "ZSTD data with a window of "+size(w))
		if err != nil {
			return 0, err
		}
		defer release()
		d, err := zstd.NewReader(onlyReader{bytes.NewReader(src)}, zstd.WithDecoderConcurrency(1),
			zstd.WithDecoderLowmem(true), zstd.WithDecoderMaxWindow(max(window, zstd.MinWindowSize)))
		if err != nil {
			return 0, failed(err)
		}
		defer d.Close()
		return decompressAll(d, dst, tooBig, failed)
	case format.Gzip:
		gz, err := gzip.NewReader(bytes.NewReader(src))
		if err != nil {
			return 0, failed(err)
		}
		return decompressAll(gz, dst, tooBig, failed)
	case format.Brotli:
		return decompressAll(brotli.NewReader(bytes.NewReader(src)), dst, tooBig, failed)
	}
	return 0, fmt.Errorf("%v-compressed, which is not supported", codec)
}

// decompressAll reads r, a decompressor, into dst, which it must not overflow.
func decompressAll(r io.Reader, dst []byte, tooBig func() error, failed func(error) error) (int, error) {
	n, err := io.ReadFull(r, dst)
	switch {
	case err == io.EOF || err == io.ErrUnexpectedEOF:
		return n, nil
	case err != nil:
		return 0, failed(err)
	}
	// dst is full: the data must end here.
	var one [1]byte
	m, err := r.Read(one[:])
	for tries := 0; m == 0 && err == nil; tries++ {
		if tries == 100 {
			return 0, failed(io.ErrNoProgress)
		}
		m, err = r.Read(one[:])
	}
	if m > 0 {
		return 0, tooBig()
	}
	if err != io.EOF {
		return 0, failed(err)
	}
	return n, nil
}

// onlyReader hides the methods of a bytes.Reader from the ZSTD decoder,
// which decompresses a small one whole, as DecodeAll does.
type onlyReader struct{ io.Reader }

const (
	// zstdBlock is the most a ZSTD block decompresses to.
	zstdBlock = 128 << 10
	// DecodeAll asks for 16 bytes more than a block's output.
	zstdOverAlloc = 16
	// zstdSlack is the room kept after a ZSTD page, for DecodeAll to
	// decode its last block into: writers fill every block but the last.
	zstdSlack = zstdBlock + zstdOverAlloc
	// zstdStreamMemory is what a ZSTD stream decoder takes besides its
	// window: 1 MiB more history, or its window again when it is smaller
	// than 2 MiB, and its blocks.
	zstdStreamMemory = 3 << 20
)

// zstdFrames walks the ZSTD frames of src, their headers and their
// blocks' headers, without decompressing them. It returns the most bytes
// they may decompress to (a ZSTD decoder stops with an error at a block
// of more than its frame's window, or than 128 KiB), the bytes their raw
// and RLE blocks decompress to, the largest window they declare, and the
// content sizes they declare, which a decoder holds them to.
func zstdFrames(src []byte) (bound, least, window, declared uint64, err error) {
	fail := func(err error) (uint64, uint64, uint64, uint64, error) { return 0, 0, 0, 0, err }
	for len(src) > 0 {
		var h zstd.Header
		if err := h.Decode(src); err != nil {
			return fail(err)
		}
		if h.Skippable {
			n := uint64(h.HeaderSize) + uint64(h.SkippableSize)
			if n > uint64(len(src)) {
				return fail(io.ErrUnexpectedEOF)
			}
			src = src[n:]
			continue
		}
		w := h.WindowSize
		if h.SingleSegment {
			w = h.FrameContentSize
		}
		w = max(w, zstd.MinWindowSize)
		window = max(window, w)
		if h.HasFCS {
			declared += h.FrameContentSize
		}
		pos := uint64(h.HeaderSize)
		for last := false; !last; {
			if pos+3 > uint64(len(src)) {
				return fail(io.ErrUnexpectedEOF)
			}
			bh := uint64(src[pos]) | uint64(src[pos+1])<<8 | uint64(src[pos+2])<<16
			pos += 3
			last = bh&1 == 1
			switch n := bh >> 3; bh >> 1 & 3 {
			case 0: // raw
				bound, least = bound+n, least+n
				pos += n
			case 1: // RLE
				bound, least = bound+n, least+n
				pos++
			case 2: // compressed
				bound += min(w, zstdBlock)
				pos += n
			default:
				return fail(errors.New("a reserved block type"))
			}
			if pos > uint64(len(src)) {
				return fail(io.ErrUnexpectedEOF)
			}
		}
		if h.HasCheckSum {
			pos += 4
		}
		if pos > uint64(len(src)) {
			return fail(io.ErrUnexpectedEOF)
		}
		src = src[pos:]
	}
	return bound, least, window, declared, nil
}

// zstdDecoders decode with DecodeAll, into a buffer they never grow.
var zstdDecoders = sync.Pool{New: func() any {
	d, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(1), zstd.WithDecodeAllCapLimit(true))
	if err != nil {
		panic(err) // only for invalid options
	}
	return d
}}
