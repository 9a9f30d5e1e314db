package parquet

import (
	"errors"
	"fmt"
	"io"

	"github.com/parquet-go/parquet-go/format"
)

// Bounds on what a page header may claim. parquet-go allocates a page's
// compressed and uncompressed sizes, and arrays of its number of values,
// before it reads or decodes the page, so a corrupt header could ask for
// gigabytes from a file of a few bytes. checkPages holds every page of a
// column chunk to these bounds before parquet-go reads any of it.
const (
	// maxPageHeader is the most bytes a page header may take; checkPages
	// reads firstRead bytes of a header first.
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
	fieldDataPage         = 5
	fieldDictionaryPage   = 7
	fieldDataPageV2       = 8
	fieldNumValues        = 1 // of each of the three
	fieldNumRows          = 3 // of DataPageHeaderV2
)

// pageHeader is what checkPages reads of a page header.
type pageHeader struct {
	typ          format.PageType
	uncompressed int64
	compressed   int64
	numValues    int64 // -1 when the header has none
	numRows      int64 // of a DataPageHeaderV2; -1 when there is none
}

// checkPages checks the page headers of the column chunk cc of a file of
// size bytes, in a row group of rows rows, read through r: each header is
// well-formed, each page lies inside the chunk, its uncompressed size and
// number of values are within the bounds above, and the data pages hold
// no more values than the row group has rows (every column S3 Inventory
// writes is flat: one value, or null, per row). It reads the headers
// only, not the pages.
func checkPages(r io.ReaderAt, size int64, cc *format.ColumnChunk, rows int64) error {
	md := &cc.MetaData
	start := md.DataPageOffset // where parquet-go starts reading
	if d := md.DictionaryPageOffset; d != 0 {
		start = d
	}
	end := start + md.TotalCompressedSize
	if start < 4 || md.TotalCompressedSize < 0 || end < start || end > size-8 {
		return fmt.Errorf("the column chunk at bytes [%d, %d) is not inside the file's %d bytes of data",
			start, end, max(size-8, 0))
	}
	buf := make([]byte, min(firstRead, end-start))
	left := rows // values the data pages may still hold
	for pos := start; pos < end; {
		// Read firstRead bytes, enough for most headers, and more when
		// the header is longer (its statistics hold long values).
		var h pageHeader
		var n int
		for want := int64(firstRead); ; want *= 4 {
			want = min(want, maxPageHeader, end-pos)
			if int64(cap(buf)) < want {
				buf = make([]byte, want)
			}
			b := buf[:want]
			got, err := r.ReadAt(b, pos)
			if err != nil && !errors.Is(err, io.EOF) {
				return err
			}
			b = b[:got]
			h, n, err = readPageHeader(b)
			if err == nil {
				break
			}
			if !errors.Is(err, errThriftTruncated) || want == end-pos {
				return fmt.Errorf("the page header at byte %d: %w", pos, err)
			}
			if want == maxPageHeader {
				return fmt.Errorf("the page header at byte %d: longer than %d bytes", pos, maxPageHeader)
			}
		}
		if err := h.check(end-pos-int64(n), &left); err != nil {
			return fmt.Errorf("the page at byte %d: %w", pos, err)
		}
		pos += int64(n) + h.compressed
	}
	return nil
}

// check holds h to the bounds, given the bytes of the chunk after the
// header and the values the data pages may still hold, which it lowers by
// a data page's values.
func (h *pageHeader) check(after int64, left *int64) error {
	switch {
	case h.compressed < 0 || h.uncompressed < 0:
		return fmt.Errorf("sizes %d (compressed) and %d (uncompressed)", h.compressed, h.uncompressed)
	case h.compressed > after:
		return fmt.Errorf("%d compressed bytes, where the column chunk has %d left", h.compressed, after)
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
// of b and returns the fields check needs and the header's length.
func readPageHeader(b []byte) (h pageHeader, n int, err error) {
	h = pageHeader{typ: -1, uncompressed: -1, compressed: -1, numValues: -1, numRows: -1}
	c := thriftCheck{b: b}
	seen := false
	err = c.fields(func(id int16, t byte) (bool, error) {
		switch {
		case id == fieldType && t == tI32:
			v, err := c.i32()
			h.typ, seen = format.PageType(v), true
			return true, err
		case id == fieldUncompressedSize && t == tI32:
			v, err := c.i32()
			h.uncompressed = v
			return true, err
		case id == fieldCompressedSize && t == tI32:
			v, err := c.i32()
			h.compressed = v
			return true, err
		case (id == fieldDataPage || id == fieldDictionaryPage || id == fieldDataPageV2) && t == tStruct:
			if c.depth++; c.depth > 64 {
				return true, errors.New("Thrift structs nested too deep")
			}
			defer func() { c.depth-- }()
			return true, c.fields(func(id int16, t byte) (bool, error) {
				switch {
				case id == fieldNumValues && t == tI32:
					v, err := c.i32()
					h.numValues = v
					return true, err
				case id == fieldNumRows && t == tI32 && h.typ == format.DataPageV2:
					v, err := c.i32()
					h.numRows = v
					return true, err
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
		h.numRows = -1
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
