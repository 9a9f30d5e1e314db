package parquet

import (
	"errors"
	"fmt"
	"io"

	"github.com/parquet-go/parquet-go/format"
)

// Bounds on what a page header may claim. The reader takes the memory of
// a page's sizes before it reads and decompresses the page: checkPages
// holds every page of a column chunk to these bounds, and to the file's
// memory limit, before any of it is read, and the reader holds each page
// to them again as it reads it.
const (
	// maxPageHeader is the most bytes a page header may take;
	// readHeaderAt reads firstRead bytes of a header first.
	maxPageHeader = 64 << 10
	firstRead     = 1 << 10
	// A page's uncompressed size may be at most pageSlack plus
	// maxExpansion times its compressed size: any page may be 1 MiB, and
	// none expands more than 4,096-fold.
	pageSlack    = 1 << 20
	maxExpansion = 4096
	// maxPageValues is the most values a page may hold.
	maxPageValues = 1 << 26
)

// The Thrift field ids of format.PageHeader and of the page headers it
// holds.
const (
	fieldType             = 1
	fieldUncompressedSize = 2
	fieldCompressedSize   = 3
	fieldCRC              = 4
	fieldDataPage         = 5
	fieldDictionaryPage   = 7
	fieldDataPageV2       = 8
	fieldNumValues        = 1 // of each of the three
	fieldEncoding         = 2 // of DataPageHeader and DictionaryPageHeader
	fieldDefEncoding      = 3 // of DataPageHeader
	fieldNumNulls         = 2 // of DataPageHeaderV2
	fieldNumRows          = 3 // of DataPageHeaderV2
	fieldEncodingV2       = 4 // of DataPageHeaderV2
	fieldDefLength        = 5 // of DataPageHeaderV2
	fieldRepLength        = 6 // of DataPageHeaderV2
	fieldIsCompressed     = 7 // of DataPageHeaderV2
)

// pageHeader is what the driver reads of a page header.
type pageHeader struct {
	typ          format.PageType
	uncompressed int64
	compressed   int64
	crc          int64 // -1 when the header has none
	numValues    int64 // -1 when the header has none
	// encoding is the values' encoding, defEncoding the definition
	// levels' (of a version 1 data page); -1 when the header has none.
	encoding    format.Encoding
	defEncoding format.Encoding
	// Of a DataPageHeaderV2: its rows and nulls (-1 when there are
	// none), the lengths of its levels, and whether its values are
	// compressed.
	numRows, numNulls    int64
	defLength, repLength int64
	v2Compressed         bool
}

// chunkBounds returns where the column chunk cc of a file of size bytes
// starts and ends.
func chunkBounds(cc *format.ColumnChunk, size int64) (start, end int64, err error) {
	md := &cc.MetaData
	start = md.DataPageOffset
	if d := md.DictionaryPageOffset; d != 0 {
		start = d
	}
	end = start + md.TotalCompressedSize
	if start < 4 || md.TotalCompressedSize < 0 || end < start || end > size-8 {
		return 0, 0, fmt.Errorf("the column chunk at bytes [%d, %d) is not inside the file's %d bytes of data",
			start, end, max(size-8, 0))
	}
	return start, end, nil
}

// checkPages checks the page headers of the column chunk cc of a file of
// size bytes, in a row group of rows rows, read through r: each header is
// well-formed, each page lies inside the chunk, its sizes and number of
// values are within the bounds above and the limit, and the data pages
// hold no more values than the row group has rows (every column S3
// Inventory writes is flat: one value, or null, per row). It reads the
// headers only, not the pages.
func checkPages(r io.ReaderAt, size int64, cc *format.ColumnChunk, rows, limit int64) error {
	start, end, err := chunkBounds(cc, size)
	if err != nil {
		return err
	}
	var buf []byte
	left := rows // values the data pages may still hold
	for pos := start; pos < end; {
		h, n, err := readHeaderAt(r, pos, end, &buf)
		if err != nil {
			return err
		}
		if err := h.check(end-pos-int64(n), &left, limit); err != nil {
			return fmt.Errorf("the page at byte %d: %w", pos, err)
		}
		pos += int64(n) + h.compressed
	}
	return nil
}

// readHeaderAt reads the page header at pos, in a column chunk that ends
// at end, into *buf, which it grows up to maxPageHeader bytes. It returns
// the header and its length.
func readHeaderAt(r io.ReaderAt, pos, end int64, buf *[]byte) (h pageHeader, n int, err error) {
	// Read firstRead bytes, enough for most headers, and more when the
	// header is longer (its statistics hold long values).
	for want := int64(firstRead); ; want *= 4 {
		want = min(want, maxPageHeader, end-pos)
		if int64(cap(*buf)) < want {
			*buf = make([]byte, want)
		}
		b := (*buf)[:want]
		got, err := r.ReadAt(b, pos)
		if err != nil && !errors.Is(err, io.EOF) {
			return h, 0, err
		}
		b = b[:got]
		h, n, err = readPageHeader(b)
		if err == nil {
			return h, n, nil
		}
		if !errors.Is(err, errThriftTruncated) || want == end-pos || int64(got) < want {
			return h, 0, fmt.Errorf("the page header at byte %d: %w", pos, err)
		}
		if want == maxPageHeader {
			return h, 0, fmt.Errorf("the page header at byte %d: longer than %d bytes", pos, maxPageHeader)
		}
	}
}

// check holds h to the bounds and to a memory limit of limit bytes,
// given the bytes of the chunk after the header and the values the data
// pages may still hold, which it lowers by a data page's values.
func (h *pageHeader) check(after int64, left *int64, limit int64) error {
	switch {
	case h.compressed < 0 || h.uncompressed < 0:
		return fmt.Errorf("sizes %d (compressed) and %d (uncompressed)", h.compressed, h.uncompressed)
	case h.compressed > after:
		return fmt.Errorf("%d compressed bytes, where the column chunk has %d left", h.compressed, after)
	case h.uncompressed > limit:
		return &limitError{what: size(h.uncompressed) + " uncompressed", limit: limit}
	case h.compressed > limit:
		return &limitError{what: size(h.compressed) + " compressed", limit: limit}
	case h.uncompressed > pageSlack+maxExpansion*h.compressed:
		return fmt.Errorf("%d bytes compressed to %d: more than the %d-fold expansion allowed beyond %d bytes",
			h.uncompressed, h.compressed, maxExpansion, pageSlack)
	case h.numValues > maxPageValues:
		return fmt.Errorf("%d values: more than the %d a page may hold", h.numValues, maxPageValues)
	}
	switch h.typ {
	case format.DataPage, format.DataPageV2:
		if h.numValues < 0 {
			return fmt.Errorf("a %v without its header", h.typ)
		}
		if h.numValues > *left || h.numRows > *left {
			return fmt.Errorf("%d values, where the row group has %d rows left", max(h.numValues, h.numRows), *left)
		}
		*left -= h.numValues
	case format.DictionaryPage:
		// A dictionary's entries take at least a bit each (a BOOLEAN
		// dictionary's are bit-packed).
		if h.numValues < 0 || h.numValues > 8*h.uncompressed {
			return fmt.Errorf("a dictionary of %d values in %d bytes", h.numValues, h.uncompressed)
		}
	}
	return nil
}

// readPageHeader reads the Thrift compact-protocol PageHeader at the start
// of b and returns the fields the driver needs and the header's length.
func readPageHeader(b []byte) (h pageHeader, n int, err error) {
	h = pageHeader{typ: -1, uncompressed: -1, compressed: -1, crc: -1, numValues: -1, encoding: -1, defEncoding: -1,
		numRows: -1, numNulls: -1, v2Compressed: true}
	c := thriftCheck{b: b}
	seen := false
	// i32 reads an i32 field of type t into *v.
	i32 := func(t byte, v *int64) (bool, error) {
		if t != tI32 {
			return false, nil
		}
		x, err := c.i32()
		*v = x
		return true, err
	}
	enc := func(t byte, e *format.Encoding) (bool, error) {
		var v int64
		ok, err := i32(t, &v)
		if ok {
			*e = format.Encoding(v)
		}
		return ok, err
	}
	err = c.fields(func(id int16, t byte) (bool, error) {
		switch id {
		case fieldType:
			var v int64
			ok, err := i32(t, &v)
			if ok {
				h.typ, seen = format.PageType(v), true
			}
			return ok, err
		case fieldUncompressedSize:
			return i32(t, &h.uncompressed)
		case fieldCompressedSize:
			return i32(t, &h.compressed)
		case fieldCRC:
			ok, err := i32(t, &h.crc)
			if ok {
				h.crc &= 1<<32 - 1 // the field is a signed i32 of the CRC's bits
			}
			return ok, err
		case fieldDataPage, fieldDictionaryPage, fieldDataPageV2:
			if t != tStruct {
				return false, nil
			}
			outer := id
			if c.depth++; c.depth > 64 {
				return true, errors.New("Thrift structs nested too deep")
			}
			defer func() { c.depth-- }()
			return true, c.fields(func(id int16, t byte) (bool, error) {
				switch {
				case id == fieldNumValues:
					return i32(t, &h.numValues)
				case outer != fieldDataPageV2 && id == fieldEncoding:
					return enc(t, &h.encoding)
				case outer == fieldDataPage && id == fieldDefEncoding:
					return enc(t, &h.defEncoding)
				case outer == fieldDataPageV2:
					switch id {
					case fieldNumNulls:
						return i32(t, &h.numNulls)
					case fieldNumRows:
						return i32(t, &h.numRows)
					case fieldEncodingV2:
						return enc(t, &h.encoding)
					case fieldDefLength:
						return i32(t, &h.defLength)
					case fieldRepLength:
						return i32(t, &h.repLength)
					case fieldIsCompressed:
						if t == tTrue || t == tFalse {
							h.v2Compressed = t == tTrue
							return true, nil
						}
					}
				}
				return false, nil
			})
		}
		return false, nil
	})
	if err != nil {
		return h, 0, err
	}
	if !seen || h.compressed < 0 && h.uncompressed < 0 {
		return h, 0, errors.New("not a page header: no type or sizes")
	}
	if h.typ != format.DataPageV2 {
		h.numRows, h.numNulls, h.defLength, h.repLength, h.v2Compressed = -1, -1, 0, 0, true
	}
	return h, len(b) - len(c.b), nil
}

// fields walks the fields of a struct, up to its stop byte: for each, f
// reads the value of field id of type t and returns true, or returns false
// for fields walks to skip it.
func (c *thriftCheck) fields(f func(id int16, t byte) (bool, error)) error {
	var id int16
	for {
		h, err := c.byte()
		if err != nil {
			return err
		}
		if h == 0 {
			return nil
		}
		if d := int16(h >> 4); d != 0 {
			id += d
		} else {
			v, err := c.uvarint()
			if err != nil {
				return err
			}
			id = int16(int64(v>>1) ^ -int64(v&1))
		}
		t := h & 0x0f
		done, err := f(id, t)
		if err != nil {
			return err
		}
		if !done {
			if err := c.value(t, true); err != nil {
				return err
			}
		}
	}
}

// i32 reads a zigzag-encoded 32-bit integer.
func (c *thriftCheck) i32() (int64, error) {
	v, err := c.uvarint()
	if err != nil {
		return 0, err
	}
	if v > 1<<32-1 {
		return 0, errors.New("a 32-bit integer out of range")
	}
	return int64(v>>1) ^ -int64(v&1), nil
}
