package parquet

import (
	"encoding/binary"
	"errors"
	"fmt"

	pq "github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/deprecated"
	"github.com/parquet-go/parquet-go/format"
)

// value is a value of a column: its bytes, integer, INT96 or boolean, by
// the column's kind. Its bytes are given as where they are, not as a
// slice, so that reading a value stores no pointer.
type value struct {
	from       int // where the bytes are: fromPage, fromDict or fromPrev
	start, end int
	i          int64
	i96        deprecated.Int96
	bit        bool
}

// Where the bytes of a value are.
const (
	fromPage = iota // values.data
	fromDict        // dictionary.data
	fromPrev        // values.prev
)

// bytes returns the bytes of the value v read.
func (v *values) bytes(val *value) []byte {
	switch val.from {
	case fromDict:
		return v.dict.data[val.start:val.end]
	case fromPrev:
		return v.prev[val.start:val.end]
	}
	return v.data[val.start:val.end]
}

// widthOf is the size in bytes of a value of a fixed-width kind; 0 for
// byte arrays and booleans.
func widthOf(kind pq.Kind) int {
	switch kind {
	case pq.Int32:
		return 4
	case pq.Int64:
		return 8
	case pq.Int96:
		return 12
	}
	return 0
}

// fixedAt reads the fixed-width value of kind at the start of b into v.
func fixedAt(kind pq.Kind, b []byte, v *value) {
	switch kind {
	case pq.Int32:
		v.i = int64(int32(binary.LittleEndian.Uint32(b)))
	case pq.Int64:
		v.i = int64(binary.LittleEndian.Uint64(b))
	case pq.Int96:
		v.i96 = deprecated.Int96{binary.LittleEndian.Uint32(b), binary.LittleEndian.Uint32(b[4:]), binary.LittleEndian.Uint32(b[8:])}
	}
}

// dictionary is the dictionary of a column chunk: PLAIN values.
type dictionary struct {
	ok    bool
	kind  pq.Kind
	width int // of a fixed-width value
	n     int
	data  []byte
	// off are where the values of a BYTE_ARRAY dictionary start (at their
	// lengths), and where the last ends.
	off []uint32
}

// load makes the n values of PLAIN data, at most, the dictionary; off is
// the buffer of a BYTE_ARRAY dictionary's offsets, which grows within mem.
func (d *dictionary) load(kind pq.Kind, enc format.Encoding, data []byte, n int64, off *[]uint32, mem *memory) error {
	if enc != format.Plain && enc != format.PlainDictionary {
		return fmt.Errorf("a dictionary in the %v encoding", enc)
	}
	*d = dictionary{kind: kind, width: widthOf(kind), data: data}
	switch {
	case kind == pq.Boolean:
		n = min(n, 8*int64(len(data)))
	case d.width > 0:
		n = min(n, int64(len(data)/d.width))
	default:
		// Each value takes at least its 4-byte length.
		n = min(n, int64(len(data)/4))
		o, err := mem.growOffsets(*off, n+1, fmt.Sprintf("a dictionary of %d values, whose offsets take %s", n, size(4*(n+1))))
		if err != nil {
			return err
		}
		*off = o
		pos := uint64(0)
		for i := range n {
			o[i] = uint32(pos)
			if pos+4 > uint64(len(data)) {
				return fmt.Errorf("a dictionary of %d values holds %d", n, i)
			}
			pos += 4 + uint64(binary.LittleEndian.Uint32(data[pos:]))
			if pos > uint64(len(data)) {
				return fmt.Errorf("a dictionary of %d values holds %d", n, i)
			}
		}
		o[n] = uint32(pos)
		d.off = o
	}
	d.n, d.ok = int(n), true
	return nil
}

// value reads value k of the dictionary into v.
func (d *dictionary) value(k uint64, v *value) error {
	if k >= uint64(d.n) {
		return fmt.Errorf("dictionary index %d of a dictionary of %d values", k, d.n)
	}
	switch {
	case d.off != nil:
		v.from, v.start, v.end = fromDict, int(d.off[k])+4, int(d.off[k+1])
	case d.width > 0:
		fixedAt(d.kind, d.data[k*uint64(d.width):], v)
	default:
		v.bit = d.data[k>>3]&(1<<(k&7)) != 0
	}
	return nil
}

// The ways of reading values: their encodings, for the kinds of values
// they encode.
const (
	plainFixed   = iota // PLAIN INT32, INT64, INT96
	plainBool           // PLAIN BOOLEAN
	plainBytes          // PLAIN BYTE_ARRAY
	dictIndexes         // PLAIN_DICTIONARY, RLE_DICTIONARY
	rleBool             // RLE BOOLEAN
	deltaInts           // DELTA_BINARY_PACKED INT32, INT64
	deltaLengths        // DELTA_LENGTH_BYTE_ARRAY
	deltaBytes          // DELTA_BYTE_ARRAY
	streamSplit         // BYTE_STREAM_SPLIT INT32, INT64
)

// values reads the values of a data page, in its encoding.
type values struct {
	mode  int
	kind  pq.Kind
	width int // of a fixed-width value
	dict  *dictionary
	data  []byte
	pos   int // PLAIN: the next value's byte (bit, for BOOLEAN); BYTE_STREAM_SPLIT: the next value
	n     int // BYTE_STREAM_SPLIT: the values
	// h reads RLE booleans and dictionary indexes; d integers, and the
	// lengths (prefix lengths, for DELTA_BYTE_ARRAY) of byte arrays; s
	// the suffix lengths of DELTA_BYTE_ARRAY.
	h    hybrid
	d, s delta
	// DELTA_BYTE_ARRAY: the last value, in the first prevLen bytes of
	// prev, which has the room for the longest.
	prev    []byte
	prevLen int
}

// newValues starts reading the values of a page of a column of kind,
// encoded enc, from data, which holds at most n values. Pages may be
// version 1 (as S3 writes them) or 2; their values PLAIN, dictionary
// (PLAIN_DICTIONARY, RLE_DICTIONARY), RLE (booleans), DELTA_BINARY_PACKED,
// DELTA_LENGTH_BYTE_ARRAY, DELTA_BYTE_ARRAY or BYTE_STREAM_SPLIT encoded,
// their definition levels RLE or BIT_PACKED.
func newValues(kind pq.Kind, enc format.Encoding, data []byte, n int64, dict *dictionary) (values, error) {
	v := values{kind: kind, width: widthOf(kind), dict: dict, data: data}
	var err error
	switch {
	case enc == format.Plain:
		switch {
		case kind == pq.Boolean:
			v.mode = plainBool
		case v.width > 0:
			v.mode = plainFixed
		default:
			v.mode = plainBytes
		}
	case enc == format.PlainDictionary || enc == format.RLEDictionary:
		v.mode = dictIndexes
		if !dict.ok {
			return v, errors.New("dictionary indexes without a dictionary page")
		}
		if len(data) > 0 {
			if data[0] > 32 {
				return v, fmt.Errorf("dictionary indexes of %d bits", data[0])
			}
			v.h = newHybrid(data[1:], uint(data[0]))
		}
	case enc == format.RLE && kind == pq.Boolean:
		v.mode = rleBool
		if len(data) < 4 || uint64(binary.LittleEndian.Uint32(data)) > uint64(len(data)-4) {
			return v, errors.New("RLE booleans without their length")
		}
		v.h = newHybrid(data[4:4+binary.LittleEndian.Uint32(data)], 1)
	case enc == format.DeltaBinaryPacked && (kind == pq.Int32 || kind == pq.Int64):
		v.mode = deltaInts
		v.d, err = newDelta(data)
	case enc == format.DeltaLengthByteArray && kind == pq.ByteArray:
		// The lengths, then the values, which must hold them.
		v.mode = deltaLengths
		if v.d, err = newDelta(data); err == nil {
			var sum int64
			v.pos, sum, err = v.d.end(n)
			if err == nil && (sum < 0 || sum > int64(len(data)-v.pos)) {
				err = fmt.Errorf("DELTA_LENGTH_BYTE_ARRAY lengths of %d bytes in all, where the page has %d", sum, len(data)-v.pos)
			}
		}
	case enc == format.DeltaByteArray && kind == pq.ByteArray:
		// The lengths of the prefixes, of the suffixes, then the suffixes.
		v.mode = deltaBytes
		var at int
		if v.d, err = newDelta(data); err == nil {
			if at, _, err = v.d.end(n); err == nil {
				if v.s, err = newDelta(data[at:]); err == nil {
					v.pos, _, err = v.s.end(n)
					v.pos += at
				}
			}
		}
	case enc == format.ByteStreamSplit && (kind == pq.Int32 || kind == pq.Int64):
		v.mode = streamSplit
		if len(data)%v.width != 0 {
			return v, fmt.Errorf("%d bytes of BYTE_STREAM_SPLIT %v values", len(data), kind)
		}
		v.n = len(data) / v.width
	default:
		return v, fmt.Errorf("%v values in the %v encoding", kind, enc)
	}
	return v, err
}

// check checks, without moving v, that v holds n values, and returns the
// longest of them for DELTA_BYTE_ARRAY, whose values v.prev must have the
// room for.
func (v values) check(n int) (longest int64, err error) {
	un := uint64(n)
	switch v.mode {
	case plainBool:
		if un > 8*uint64(len(v.data)) {
			return 0, errRunOut
		}
	case plainFixed:
		if un > uint64(len(v.data)/v.width) {
			return 0, errRunOut
		}
	case plainBytes:
		pos := uint64(0)
		for range n {
			if pos+4 > uint64(len(v.data)) {
				return 0, errRunOut
			}
			pos += 4 + uint64(binary.LittleEndian.Uint32(v.data[pos:]))
			if pos > uint64(len(v.data)) {
				return 0, errRunOut
			}
		}
	case dictIndexes, rleBool:
		_, err = v.h.skip(un, false, 0)
	case deltaInts:
		for range n {
			if _, err = v.d.next(); err != nil {
				break
			}
		}
	case deltaLengths:
		// newValues has read the lengths.
		if un > v.d.total {
			return 0, errRunOut
		}
	case deltaBytes:
		// A value is the start of the one before, then its suffix: none
		// is longer than all the suffixes together, which the page holds.
		last, suffixes := int64(0), int64(0)
		for range n {
			p, err := v.d.next()
			if err != nil {
				return 0, err
			}
			s, err := v.s.next()
			if err != nil {
				return 0, err
			}
			if p < 0 || p > last || s < 0 || s > int64(len(v.data)-v.pos)-suffixes {
				return 0, errRunOut
			}
			suffixes += s
			last = p + s
			longest = max(longest, last)
		}
	case streamSplit:
		if n > v.n {
			return 0, errRunOut
		}
	}
	return longest, err
}

// next reads the next value into out.
func (v *values) next(out *value) error {
	switch v.mode {
	case plainFixed:
		if v.pos+v.width > len(v.data) {
			return errRunOut
		}
		if v.width == 8 {
			out.i = int64(binary.LittleEndian.Uint64(v.data[v.pos:]))
		} else {
			fixedAt(v.kind, v.data[v.pos:], out)
		}
		v.pos += v.width
	case plainBytes:
		if v.pos+4 > len(v.data) {
			return errRunOut
		}
		n := uint64(binary.LittleEndian.Uint32(v.data[v.pos:]))
		start := v.pos + 4
		if n > uint64(len(v.data)-start) {
			return errRunOut
		}
		out.from, out.start, out.end = fromPage, start, start+int(n)
		v.pos = start + int(n)
	case dictIndexes:
		var k uint64
		h := &v.h
		switch {
		case h.run > 0:
			h.run--
			k = h.val
		case h.pi < h.pn && (h.pi+1)*uint64(h.width)+64 <= 8*uint64(len(h.packed)):
			// A bit-packed index with 8 bytes to read it from.
			off := h.pi * uint64(h.width)
			k = binary.LittleEndian.Uint64(h.packed[off>>3:]) >> (off & 7) & (1<<h.width - 1)
			h.pi++
		default:
			var err error
			if k, err = h.next(); err != nil {
				return err
			}
		}
		if d := v.dict; d.off != nil && k < uint64(d.n) {
			out.from, out.start, out.end = fromDict, int(d.off[k])+4, int(d.off[k+1])
			return nil
		}
		return v.dict.value(k, out)
	case plainBool:
		if v.pos >= 8*len(v.data) {
			return errRunOut
		}
		out.bit = v.data[v.pos>>3]&(1<<(v.pos&7)) != 0
		v.pos++
	case rleBool:
		b, err := v.h.next()
		if err != nil {
			return err
		}
		out.bit = b != 0
	case deltaInts:
		i, err := v.d.next()
		if err != nil {
			return err
		}
		out.i = i
		if v.kind == pq.Int32 {
			out.i = int64(int32(i))
		}
	case deltaLengths:
		n, err := v.d.next()
		if err != nil {
			return err
		}
		if n < 0 || n > int64(len(v.data)-v.pos) {
			return errRunOut
		}
		out.from, out.start, out.end = fromPage, v.pos, v.pos+int(n)
		v.pos += int(n)
	case deltaBytes:
		p, err := v.d.next()
		if err != nil {
			return err
		}
		s, err := v.s.next()
		if err != nil {
			return err
		}
		if p < 0 || p > int64(v.prevLen) || s < 0 || s > int64(len(v.data)-v.pos) || p+s > int64(len(v.prev)) {
			return errRunOut
		}
		copy(v.prev[p:], v.data[v.pos:v.pos+int(s)])
		v.pos += int(s)
		v.prevLen = int(p + s)
		out.from, out.start, out.end = fromPrev, 0, v.prevLen
	case streamSplit:
		if v.pos >= v.n {
			return errRunOut
		}
		var b [8]byte
		for k := range v.width {
			b[k] = v.data[k*v.n+v.pos]
		}
		v.pos++
		fixedAt(v.kind, b[:], out)
	}
	return nil
}
