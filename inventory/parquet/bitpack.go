package parquet

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// The decoders below read a page's levels and values one at a time from
// its decompressed bytes, without decoding them into arrays first: what a
// page costs is its bytes, whatever counts its runs, blocks and lengths
// claim. Each stops with an error rather than read past its bytes.

var errRunOut = errors.New("ran out of data")

// bitsAt returns the w-bit value (w at most 64) at bit offset off of b,
// bits packed least significant first, and whether b holds all its bits.
func bitsAt(b []byte, off uint64, w uint) (uint64, bool) {
	if w == 0 {
		return 0, true
	}
	if off+uint64(w) > 8*uint64(len(b)) {
		return 0, false
	}
	i, shift := off>>3, uint(off&7)
	var v uint64
	if i+8 <= uint64(len(b)) {
		v = binary.LittleEndian.Uint64(b[i:]) >> shift
		if shift+w > 64 {
			v |= uint64(b[i+8]) << (64 - shift)
		}
	} else {
		for j := uint64(0); i+j < uint64(len(b)); j++ {
			v |= uint64(b[i+j]) << (8 * j)
		}
		v >>= shift
	}
	if w < 64 {
		v &= 1<<w - 1
	}
	return v, true
}

// hybrid reads the RLE/bit-packing hybrid encoding of values of width
// bits (at most 32): definition levels, dictionary indexes, RLE booleans.
// Or, when msb is set, the deprecated BIT_PACKED encoding of levels,
// packed most significant bit first.
type hybrid struct {
	b     []byte // what follows the current run
	width uint
	msb   bool
	run   uint64 // values left in the current RLE run
	val   uint64 // its value
	// The current bit-packed run: its bytes, values and the next one.
	packed []byte
	pn, pi uint64
}

func newHybrid(b []byte, width uint) hybrid { return hybrid{b: b, width: width} }

// newBitPacked reads n values of the BIT_PACKED encoding from b, and
// returns how many bytes of b they take.
func newBitPacked(b []byte, width uint, n int) (hybrid, int, error) {
	size := (uint64(n)*uint64(width) + 7) / 8
	if size > uint64(len(b)) {
		return hybrid{}, 0, fmt.Errorf("%d bit-packed levels in %d bytes", n, len(b))
	}
	return hybrid{width: width, msb: true, packed: b[:size], pn: uint64(n)}, int(size), nil
}

// next returns the next value.
func (h *hybrid) next() (uint64, error) {
	for {
		if h.run > 0 {
			h.run--
			return h.val, nil
		}
		if h.pi < h.pn {
			i := h.pi
			h.pi++
			if h.msb {
				return msbBitsAt(h.packed, i*uint64(h.width), h.width), nil
			}
			v, _ := bitsAt(h.packed, i*uint64(h.width), h.width)
			return v, nil
		}
		if err := h.header(); err != nil {
			return 0, err
		}
	}
}

// skip skips n values, and returns how many of them are v when count is
// set.
func (h *hybrid) skip(n uint64, count bool, v uint64) (uint64, error) {
	matched := uint64(0)
	for n > 0 {
		switch {
		case h.run > 0:
			k := min(n, h.run)
			if h.val == v {
				matched += k
			}
			h.run -= k
			n -= k
		case h.pi < h.pn:
			k := min(n, h.pn-h.pi)
			if count {
				for i := h.pi; i < h.pi+k; i++ {
					var x uint64
					if h.msb {
						x = msbBitsAt(h.packed, i*uint64(h.width), h.width)
					} else {
						x, _ = bitsAt(h.packed, i*uint64(h.width), h.width)
					}
					if x == v {
						matched++
					}
				}
			}
			h.pi += k
			n -= k
		default:
			if err := h.header(); err != nil {
				return matched, err
			}
		}
	}
	return matched, nil
}

// header reads the header of the next run.
func (h *hybrid) header() error {
	if h.msb || len(h.b) == 0 {
		return errRunOut
	}
	u, n := binary.Uvarint(h.b)
	if n <= 0 {
		return errors.New("a corrupt run header")
	}
	h.b = h.b[n:]
	if u&1 == 0 {
		// An RLE run: its count, then its value in whole bytes.
		size := int(h.width+7) / 8
		if len(h.b) < size {
			return errRunOut
		}
		h.val = 0
		for i := range size {
			h.val |= uint64(h.b[i]) << (8 * i)
		}
		h.b = h.b[size:]
		h.run = u >> 1
		return nil
	}
	// A bit-packed run of groups of 8 values. The last run of a stream
	// may be cut short of its groups: it holds the values its bytes do.
	groups := u >> 1
	size := uint64(len(h.b))
	if h.width == 0 || groups <= size/uint64(h.width) {
		size = groups * uint64(h.width)
	}
	h.packed, h.b = h.b[:size], h.b[size:]
	h.pi, h.pn = 0, min(groups, math.MaxUint64/8)*8
	if h.width > 0 {
		h.pn = min(h.pn, 8*size/uint64(h.width))
	}
	return nil
}

// msbBitsAt is bitsAt for bits packed most significant first, in a b that
// holds them.
func msbBitsAt(b []byte, off uint64, w uint) uint64 {
	var v uint64
	for i := range uint64(w) {
		bit := off + i
		v = v<<1 | uint64(b[bit>>3]>>(7-bit&7)&1)
	}
	return v
}

// delta reads the DELTA_BINARY_PACKED encoding of integers.
type delta struct {
	b          []byte // the stream
	pos        int    // its next block header or miniblock
	perMini    uint64 // values per miniblock
	miniBlocks int    // miniblocks per block
	total      uint64 // values the header says the stream holds
	left       uint64 // values not yet read
	last       int64  // the last value read
	// The current block: its minimum delta, the bit widths of its
	// miniblocks and the next of them; the current miniblock: its bytes,
	// its width and its next value.
	minDelta int64
	widths   []byte
	mini     int
	packed   []byte
	width    uint
	i        uint64
}

// newDelta starts reading a DELTA_BINARY_PACKED stream at the start of b.
func newDelta(b []byte) (delta, error) {
	d := delta{b: b}
	var v [3]uint64
	for i := range v {
		x, n := binary.Uvarint(b[d.pos:])
		if n <= 0 {
			return d, errors.New("a corrupt DELTA_BINARY_PACKED header")
		}
		v[i], d.pos = x, d.pos+n
	}
	first, n := binary.Varint(b[d.pos:])
	if n <= 0 {
		return d, errors.New("a corrupt DELTA_BINARY_PACKED header")
	}
	d.pos += n
	blockSize, miniBlocks := v[0], v[1]
	if blockSize == 0 || blockSize%128 != 0 || blockSize > 1<<20 || miniBlocks == 0 || blockSize%miniBlocks != 0 ||
		(blockSize/miniBlocks)%8 != 0 || v[2] > math.MaxInt32 {
		return d, fmt.Errorf("a DELTA_BINARY_PACKED header of blocks of %d values in %d miniblocks, and %d values",
			blockSize, miniBlocks, v[2])
	}
	d.perMini, d.miniBlocks, d.total, d.left, d.last = blockSize/miniBlocks, int(miniBlocks), v[2], v[2], first
	d.mini, d.i = d.miniBlocks, d.perMini // no block read yet
	return d, nil
}

// next returns the next value.
func (d *delta) next() (int64, error) {
	if d.left == 0 {
		return 0, errRunOut
	}
	if d.left == d.total {
		d.left--
		return d.last, nil
	}
	if d.i == d.perMini {
		if err := d.nextMini(); err != nil {
			return 0, err
		}
	}
	v, ok := bitsAt(d.packed, d.i*uint64(d.width), d.width)
	if !ok {
		return 0, errRunOut
	}
	d.i++
	d.left--
	d.last += d.minDelta + int64(v)
	return d.last, nil
}

// nextMini moves to the next miniblock, reading a block header first when
// the block has none left.
func (d *delta) nextMini() error {
	if d.mini == d.miniBlocks {
		m, n := binary.Varint(d.b[d.pos:])
		if n <= 0 || d.pos+n+d.miniBlocks > len(d.b) {
			return errRunOut
		}
		d.minDelta = m
		d.widths = d.b[d.pos+n : d.pos+n+d.miniBlocks]
		d.pos += n + d.miniBlocks
		d.mini = 0
	}
	w := uint(d.widths[d.mini])
	if w > 64 {
		return fmt.Errorf("a DELTA_BINARY_PACKED miniblock of %d-bit values", w)
	}
	// A miniblock is padded to its whole size, but the stream ends after
	// the one that holds its last value.
	size := d.perMini * uint64(w) / 8
	end := min(uint64(d.pos)+size, uint64(len(d.b)))
	d.packed, d.width, d.i = d.b[d.pos:end], w, 0
	d.pos = int(end)
	d.mini++
	return nil
}

// end returns the end of the stream in b, reading it to its last value,
// when it holds at most n values: what follows it is the data of
// DELTA_LENGTH_BYTE_ARRAY and DELTA_BYTE_ARRAY. It returns the sum of the
// values too, which are lengths: -1 when one is negative, or the sum is
// more than math.MaxInt32.
func (d delta) end(n int64) (end int, sum int64, err error) {
	if d.total > uint64(max(n, 0)) {
		return 0, 0, fmt.Errorf("%d DELTA_BINARY_PACKED lengths in a page of %d values", d.total, n)
	}
	for d.left > 0 {
		v, err := d.next()
		if err != nil {
			return 0, 0, err
		}
		if sum >= 0 {
			if v < 0 || v > math.MaxInt32-sum {
				sum = -1
			} else {
				sum += v
			}
		}
	}
	return d.pos, sum, nil
}
