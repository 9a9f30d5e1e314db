package parquet

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/jobscope/jobscope/inventory"
)

// checkFooter checks the framing of a Parquet file of the given size
// before parquet-go reads it: the magic bytes at both ends, a footer
// length that fits in the file, and a footer that is well-formed Thrift
// compact protocol whose every list, set, map and binary length fits in
// the bytes that follow it. parquet-go allocates what those lengths say
// before reading, so a corrupt length could otherwise ask for gigabytes.
func checkFooter(r io.ReaderAt, size int64) error {
	const magic = "PAR1"
	if size < 12 {
		return fmt.Errorf("not a Parquet file: %d bytes is too short", size)
	}
	var head [4]byte
	if _, err := r.ReadAt(head[:], 0); err != nil {
		return err
	}
	var tail [8]byte
	if _, err := r.ReadAt(tail[:], size-8); err != nil {
		return err
	}
	if string(head[:]) != magic || string(tail[4:]) != magic {
		return errors.New("not a Parquet file (no PAR1 magic bytes at its start and end); truncated?")
	}
	n := int64(binary.LittleEndian.Uint32(tail[:4]))
	if n == 0 || n > size-12 {
		return fmt.Errorf("corrupt footer: length %d in a file of %d bytes", n, size)
	}
	footer := make([]byte, n)
	if _, err := r.ReadAt(footer, size-8-n); err != nil {
		return err
	}
	c := thriftCheck{b: footer}
	if err := c.value(tStruct, false); err != nil {
		return fmt.Errorf("corrupt footer: %w", err)
	}
	return nil
}

// The Thrift compact protocol's type codes.
const (
	tTrue   = 1
	tFalse  = 2
	tByte   = 3
	tI16    = 4
	tI32    = 5
	tI64    = 6
	tDouble = 7
	tBinary = 8
	tList   = 9
	tSet    = 10
	tMap    = 11
	tStruct = 12
)

var errThriftTruncated = errors.New("truncated Thrift data")

// thriftCheck walks Thrift compact protocol data without decoding it.
type thriftCheck struct {
	b     []byte
	depth int
}

func (c *thriftCheck) byte() (byte, error) {
	if len(c.b) == 0 {
		return 0, errThriftTruncated
	}
	v := c.b[0]
	c.b = c.b[1:]
	return v, nil
}

func (c *thriftCheck) uvarint() (uint64, error) {
	v, n := binary.Uvarint(c.b)
	if n <= 0 {
		return 0, errThriftTruncated
	}
	c.b = c.b[n:]
	return v, nil
}

func (c *thriftCheck) skip(n uint64) error {
	if n > uint64(len(c.b)) {
		return errThriftTruncated
	}
	c.b = c.b[n:]
	return nil
}

// value checks one value of type t; a boolean that is a struct field has
// its value in the field header, one in a collection takes a byte.
func (c *thriftCheck) value(t byte, field bool) error {
	switch t {
	case tTrue, tFalse:
		if field {
			return nil
		}
		return c.skip(1)
	case tByte:
		return c.skip(1)
	case tI16, tI32, tI64:
		_, err := c.uvarint()
		return err
	case tDouble:
		return c.skip(8)
	case tBinary:
		n, err := c.uvarint()
		if err != nil {
			return err
		}
		return c.skip(n)
	case tList, tSet:
		h, err := c.byte()
		if err != nil {
			return err
		}
		n := uint64(h >> 4)
		if n == 15 {
			if n, err = c.uvarint(); err != nil {
				return err
			}
		}
		// Every element takes at least a byte.
		if n > uint64(len(c.b)) {
			return fmt.Errorf("a list of %d elements in %d bytes", n, len(c.b))
		}
		return c.elements(n, h&0x0f, 0)
	case tMap:
		n, err := c.uvarint()
		if err != nil || n == 0 {
			return err
		}
		kv, err := c.byte()
		if err != nil {
			return err
		}
		if n > uint64(len(c.b))/2 {
			return fmt.Errorf("a map of %d entries in %d bytes", n, len(c.b))
		}
		return c.elements(n, kv>>4, kv&0x0f)
	case tStruct:
		if c.depth++; c.depth > 64 {
			return errors.New("Thrift structs nested too deep")
		}
		defer func() { c.depth-- }()
		return c.fields(func(int16, byte) (bool, error) { return false, nil })
	}
	return fmt.Errorf("unknown Thrift type %d", t)
}

// elements checks n elements of type t, or n map entries of key type t
// and value type v when v is not 0.
func (c *thriftCheck) elements(n uint64, t, v byte) error {
	for range n {
		if err := c.value(t, false); err != nil {
			return err
		}
		if v != 0 {
			if err := c.value(v, false); err != nil {
				return err
			}
		}
	}
	return nil
}

// columnsOfSchema returns the columns a manifest's fileSchema declares,
// for a data file whose own footer cannot be read. The schema is a
// Parquet message type as S3 writes it:
//
//	message s3.inventory { required binary bucket (UTF8); required binary key (UTF8); ... }
func columnsOfSchema(schema string) (inventory.Column, error) {
	open, end := strings.IndexByte(schema, '{'), strings.LastIndexByte(schema, '}')
	if !strings.HasPrefix(strings.TrimSpace(schema), "message") || open < 0 || end < open {
		return 0, fmt.Errorf("fileSchema %q is not a Parquet message type", schema)
	}
	var cols inventory.Column
	for _, decl := range strings.Split(schema[open+1:end], ";") {
		words := strings.Fields(decl)
		if len(words) == 0 {
			continue
		}
		if len(words) < 3 {
			return 0, fmt.Errorf("fileSchema: %q is not a column declaration", strings.TrimSpace(decl))
		}
		name, _, _ := strings.Cut(words[2], "(")
		for _, c := range columns {
			if c.name == name {
				cols |= c.col
			}
		}
	}
	if !cols.Has(inventory.ColBucket | inventory.ColKey) {
		return 0, fmt.Errorf("fileSchema %q has no bucket and key columns", schema)
	}
	return cols, nil
}
