package parquet

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/bits"

	pq "github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"
)

// cursor reads the values of one column chunk, a page at a time: each
// page is read whole and decompressed, then its levels and values are
// decoded one at a time as the rows are read.
type cursor struct {
	kind   pq.Kind
	maxDef byte
	ch     chunk
	// The page being read: its slots (values and nulls), the next one,
	// its definition levels (when it has them) and its values.
	slots, slot int64
	hasLevels   bool
	levels      hybrid
	vals        values
	v           value // the value next found
	dict        dictionary
	// Buffers, kept from page to page and row group to row group, within
	// the file's memory: the page, the dictionary page, the offsets of a
	// BYTE_ARRAY dictionary's values, and the last value of
	// DELTA_BYTE_ARRAY.
	page, dictPage, prev []byte
	dictOff              []uint32
}

// open starts reading the column chunk cc.
func (c *cursor) open(rd *rowReader, cc *format.ColumnChunk, kind pq.Kind, maxDef byte) error {
	c.kind, c.maxDef = kind, maxDef
	c.slots, c.slot = 0, 0
	c.vals, c.v, c.dict = values{}, value{}, dictionary{}
	return c.ch.open(rd.pages, rd.size, cc, rd.rows, rd.mem.limit)
}

// next moves to the next slot, and reports whether it has a value, which
// it reads into c.v.
func (c *cursor) next(rd *rowReader) (bool, error) {
	for c.slot == c.slots {
		if err := c.nextPage(rd); err != nil {
			return false, err
		}
	}
	c.slot++
	if c.hasLevels {
		var l uint64
		if h := &c.levels; h.run > 0 {
			h.run--
			l = h.val
		} else {
			var err error
			if l, err = h.next(); err != nil {
				return false, fmt.Errorf("definition levels: %w", err)
			}
		}
		if l != uint64(c.maxDef) {
			return false, nil
		}
	}
	return true, c.vals.next(&c.v)
}

// nextPage reads the chunk's next data page, and the dictionary page
// before it.
func (c *cursor) nextPage(rd *rowReader) error {
	for {
		h, at, err := c.ch.next()
		if err == io.EOF {
			return errors.New("fewer values than the row group has rows")
		}
		if err == nil {
			err = c.readPage(rd, &h)
		}
		if err == errSkip {
			continue
		}
		if err != nil {
			return fmt.Errorf("the page at byte %d: %w", at, err)
		}
		return nil
	}
}

// errSkip is a page readPage has read, or skipped, but that has no
// values.
var errSkip = errors.New("no values")

// readPage reads the page whose header is h.
func (c *cursor) readPage(rd *rowReader, h *pageHeader) error {
	switch h.typ {
	case format.DictionaryPage:
		if c.dict.ok {
			c.ch.skip(h)
			return errSkip
		}
		b, err := c.ch.read(h, &c.dictPage, &rd.scratch, &rd.mem)
		if err != nil {
			return err
		}
		if err := c.dict.load(c.kind, h.encoding, b, h.numValues, &c.dictOff, &rd.mem); err != nil {
			return err
		}
		return errSkip
	case format.DataPage, format.DataPageV2:
	case format.IndexPage:
		c.ch.skip(h)
		return errSkip
	default:
		return fmt.Errorf("a page of type %d", h.typ)
	}
	b, err := c.ch.read(h, &c.page, &rd.scratch, &rd.mem)
	if err != nil {
		return err
	}
	slots := h.numValues
	width := uint(bits.Len8(c.maxDef))
	data := b
	// A version 2 page without levels has no nulls.
	c.hasLevels = c.maxDef > 0 && (h.typ == format.DataPage || h.defLength > 0)
	if h.typ == format.DataPageV2 {
		levels := b[h.repLength : h.repLength+h.defLength]
		data = b[h.repLength+h.defLength:]
		c.levels = newHybrid(levels, width)
	} else if c.maxDef > 0 {
		switch h.defEncoding {
		case format.RLE:
			if len(data) < 4 || uint64(binary.LittleEndian.Uint32(data)) > uint64(len(data)-4) {
				return errors.New("definition levels without their length")
			}
			n := 4 + binary.LittleEndian.Uint32(data)
			c.levels = newHybrid(data[4:n], width)
			data = data[n:]
		case format.BitPacked:
			var n int
			if c.levels, n, err = newBitPacked(data, width, int(slots)); err != nil {
				return err
			}
			data = data[n:]
		default:
			return fmt.Errorf("definition levels in the %v encoding", h.defEncoding)
		}
	}
	present := slots
	if c.hasLevels {
		probe := c.levels
		n, err := probe.skip(uint64(slots), true, uint64(c.maxDef))
		if err != nil {
			return fmt.Errorf("a page of %d values has fewer definition levels", slots)
		}
		present = int64(n)
	}
	if h.typ == format.DataPageV2 && present > slots-h.numNulls {
		return fmt.Errorf("a page has %d values where it should have %d", slots-h.numNulls, present)
	}
	if c.vals, err = newValues(c.kind, h.encoding, data, slots, &c.dict); err != nil {
		return err
	}
	longest, err := c.vals.check(int(present))
	if err != nil {
		return fmt.Errorf("a page has fewer than the %d values its definition levels say: %w", present, err)
	}
	if c.vals.mode == deltaBytes {
		if c.prev, err = rd.mem.grow(c.prev, longest, size(longest)+" for a value"); err != nil {
			return err
		}
		c.vals.prev = c.prev
	}
	c.slots, c.slot = slots, 0
	return nil
}
