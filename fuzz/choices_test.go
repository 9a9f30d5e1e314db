package fuzz

import (
	"encoding/binary"
	"strconv"
	"time"
)

// This file turns a fuzzer's bytes into structured values, deterministically:
// a reader takes one choice after another from the bytes (zeros once they run
// out), so every input decodes to some value and a small change to the bytes
// is a small change to the value. A writer is the reader's inverse: it spells
// a known value (a conformance case, an example) as the bytes that decode to
// it, for the seed corpus.

// reader takes choices from a fuzzer's bytes.
type reader struct{ b []byte }

func (r *reader) u8() uint8 {
	if len(r.b) == 0 {
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

// pick returns a choice in [0, n).
func (r *reader) pick(n int) int { return int(r.u8()) % n }

func (r *reader) bytes(n int) []byte {
	out := make([]byte, n)
	copy(out, r.b)
	r.b = r.b[min(n, len(r.b)):]
	return out
}

func (r *reader) u32() uint32 { return binary.BigEndian.Uint32(r.bytes(4)) }
func (r *reader) i64() int64  { return int64(binary.BigEndian.Uint64(r.bytes(8))) }

// pieces are the parts of strings made of pieces: short, and likely to make
// prefixes, extensions and tag keys match, or to be awkward (NUL, a byte
// that is not UTF-8, dots, slashes).
var pieces = []string{"a", "b", "A", "/", ".", "é", "lo", "gs", "tar", "gz", "pdf", "\x00", "\xff", "..",
	"k", "env", "test", "v", "", "2024", "PDF", " ", "+", "%2F"}

// str is a raw string of up to 127 bytes (first byte < 128: its length), or
// up to 7 pieces (first byte ≥ 128: the count in its low bits).
func (r *reader) str() string {
	n := r.u8()
	if n < 128 {
		return string(r.bytes(int(n)))
	}
	var s []byte
	for range n & 7 {
		s = append(s, pieces[r.pick(len(pieces))]...)
	}
	return string(s)
}

// Times are in years 0001 to 9999, as JSON timestamps are.
const (
	minSec = -62135596800 // 0001-01-01T00:00:00Z
	maxSec = 253402300799 // 9999-12-31T23:59:59Z
)

// zones are the locations a time may be given in; the matchers must not
// care.
var zones = []*time.Location{time.UTC, time.FixedZone("", 2*3600), time.FixedZone("", -(7*3600 + 1800))}

// instant is a time in years 0001 to 9999 with nanoseconds, in one of zones.
func (r *reader) instant() time.Time {
	sec := minSec + int64(uint64(r.i64())%uint64(maxSec-minSec+1))
	ns := int64(r.u32() % 1e9)
	return time.Unix(sec, ns).In(zones[r.pick(len(zones))])
}

// writer spells values as the bytes reader decodes to them.
type writer struct{ b []byte }

func (w *writer) u8(c uint8)   { w.b = append(w.b, c) }
func (w *writer) u32(v uint32) { w.b = binary.BigEndian.AppendUint32(w.b, v) }
func (w *writer) i64(v int64)  { w.b = binary.BigEndian.AppendUint64(w.b, uint64(v)) }

// str spells s raw; ok is false when s is too long for that.
func (w *writer) str(s string) (ok bool) {
	if len(s) >= 128 {
		return false
	}
	w.u8(uint8(len(s)))
	w.b = append(w.b, s...)
	return true
}

// instant spells a UTC time in years 0001 to 9999.
func (w *writer) instant(t time.Time) bool {
	if t.Unix() < minSec || t.Unix() > maxSec {
		return false
	}
	w.i64(t.Unix() - minSec)
	w.u32(uint32(t.Nanosecond()))
	w.u8(0) // UTC
	return true
}

// index returns the position of v in vs, or -1.
func index[T comparable](vs []T, v T) int {
	for i, x := range vs {
		if x == v {
			return i
		}
	}
	return -1
}

// canonicalInt reports whether s is an int64 spelled as strconv spells it.
func canonicalInt(s string) (int64, bool) {
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil && strconv.FormatInt(n, 10) == s
}
