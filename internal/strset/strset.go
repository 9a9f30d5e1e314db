// Package strset holds the string sets and prepared strings that the
// compiled matchers of criteria and scope share: membership and prefix tests
// whose cost does not grow with the number of values, without allocating.
package strset

import (
	"hash/maphash"
	"math/bits"
)

// Set is an immutable set of strings whose lookups cost the same for one
// value as for ten thousand. A value of at most MaxPacked bytes is kept as
// its Pack code in an open-addressing table indexed by a multiplicative
// hash of the code, whose multiplier is chosen when the set is built so
// that members sit at or near their home slot (for a few values, always
// at it: a lookup is one multiply, one load and one compare). Longer values
// are scanned when there are a few and hashed (hash/maphash) when there are
// more. Lookups do not allocate. The zero Set is empty.
type Set struct {
	codes  []uint64 // Pack codes; 0 = empty slot; len is a power of two
	mul    uint64   // odd multiplier of the hash
	shift  uint8    // 64 - log2(len(codes))
	probes uint32   // most slots a lookup of a member inspects, minus one

	short []Short  // values longer than MaxPacked, when there are at most smallSet
	slots []string // values longer than MaxPacked, hashed; "" = empty slot
	seed  maphash.Seed
}

// MaxPacked is the length of the longest string Pack encodes.
const MaxPacked = 7

const smallSet = 4

// Pack returns the code of the string of n bytes (n ≤ MaxPacked) whose Word
// is w: w with n+1 in its top byte, so that the codes of different strings
// differ and none is zero.
func Pack(w uint64, n int) uint64 { return w | uint64(n+1)<<56 }

// New returns the set of values.
func New(values []string) Set {
	var s Set
	var codes []uint64
	var long []string
	seen := make(map[string]bool, len(values))
	for _, v := range values {
		if seen[v] {
			continue
		}
		seen[v] = true
		if len(v) <= MaxPacked {
			codes = append(codes, Pack(Word(v), len(v)))
		} else {
			long = append(long, v)
		}
	}
	s.buildCodes(codes)
	switch {
	case len(long) == 0:
	case len(long) <= smallSet:
		s.short = make([]Short, len(long))
		for i, v := range long {
			s.short[i] = NewShort(v)
		}
	default:
		n := 1
		for n < 2*len(long) {
			n <<= 1
		}
		s.seed = maphash.MakeSeed()
		s.slots = make([]string, n)
		mask := uint64(n - 1)
		for _, v := range long {
			h := maphash.String(s.seed, v) & mask
			for s.slots[h] != "" {
				h = (h + 1) & mask
			}
			s.slots[h] = v
		}
	}
	return s
}

// buildCodes lays out the code table: at least four slots per code for a
// few codes, two for many, and, of a fixed sequence of multipliers, the
// first that puts every code in its home slot, or else the one that needs
// the fewest probes.
func (s *Set) buildCodes(codes []uint64) {
	if len(codes) == 0 {
		return
	}
	perCode, tries := 4, 64
	if len(codes) > 64 {
		perCode, tries = 2, 8
	}
	logN := bits.Len(uint(len(codes)*perCode - 1))
	table := make([]uint64, 1<<logN)
	var best Set
	x := uint64(0x9e3779b97f4a7c15)
	for try := 0; try < tries && (best.codes == nil || best.probes > 0); try++ {
		x = splitmix(x)
		c := Set{codes: table, mul: x | 1, shift: uint8(64 - logN)}
		clear(table)
		c.insert(codes)
		if best.codes == nil || c.probes < best.probes {
			best = c
			best.codes = append([]uint64(nil), table...)
		}
	}
	s.codes, s.mul, s.shift, s.probes = best.codes, best.mul, best.shift, best.probes
}

// insert places codes in s.codes by linear probing and records the longest
// probe sequence in s.probes.
func (s *Set) insert(codes []uint64) {
	mask := uint64(len(s.codes) - 1)
	for _, c := range codes {
		h := (c * s.mul) >> s.shift
		d := uint32(0)
		for s.codes[h] != 0 {
			h = (h + 1) & mask
			d++
		}
		s.codes[h] = c
		s.probes = max(s.probes, d)
	}
}

func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

// Contains reports whether v is in s.
func (s *Set) Contains(v string) bool {
	if len(v) <= MaxPacked {
		return s.ContainsPacked(Pack(Word(v), len(v)))
	}
	if s.slots == nil {
		w := Word(v)
		for i := range s.short {
			if s.short[i].Equal(v, w) {
				return true
			}
		}
		return false
	}
	mask := uint64(len(s.slots) - 1)
	h := maphash.String(s.seed, v) & mask
	for {
		x := s.slots[h]
		if x == v {
			return true
		}
		if x == "" {
			return false
		}
		h = (h + 1) & mask
	}
}

// ContainsPacked reports whether the string whose Pack code is c is in s.
func (s *Set) ContainsPacked(c uint64) bool {
	t := s.codes
	if len(t) == 0 {
		return false
	}
	mask := uint64(len(t) - 1)
	h := (c * s.mul) >> s.shift
	for d := s.probes; ; d-- {
		x := t[h&mask]
		if x == c {
			return true
		}
		if x == 0 || d == 0 {
			return false
		}
		h++
	}
}

// ContainsPackedBit is ContainsPacked as 1 or 0, computed without a
// branch on the data: c is compared with every slot a member's lookup may
// inspect (one for a few values, three for ten thousand: the multiplier
// chosen when the set is built keeps the sequences short) instead of
// stopping at the first match or empty slot. When the outcome varies from
// one lookup to the next, a mispredicted branch costs more than the extra
// compares, which read adjacent slots.
func (s *Set) ContainsPackedBit(c uint64) uint64 {
	t := s.codes
	if len(t) == 0 {
		return 0
	}
	mask := uint64(len(t) - 1)
	h := (c * s.mul) >> s.shift
	var hit uint64
	for d := uint64(0); d <= uint64(s.probes); d++ {
		hit |= Bit(t[(h+d)&mask] == c)
	}
	return hit
}

// Packed reports whether every value of s has at most MaxPacked bytes, so
// that a string of more bytes is never in s.
func (s *Set) Packed() bool { return s.short == nil && s.slots == nil }

// Bit returns 1 for true and 0 for false, without a branch.
func Bit(b bool) uint64 {
	var x uint64
	if b {
		x = 1
	}
	return x
}

// Short is a string prepared for fast comparison: its first eight bytes
// as a little-endian word, compared with one instruction; for a string of
// more than eight bytes, also its last eight as a word (overlapping the
// first when it is shorter than sixteen), and the bytes between the two
// words, compared as a string.
type Short struct {
	word0, mask0 uint64
	last         uint64 // Word of the last eight bytes, when n > 8
	n            int
	mid          string // bytes [8, n-8), when n > 16
}

// NewShort prepares s.
func NewShort(s string) Short {
	ss := Short{n: len(s), word0: Word(s), mask0: wordMask(len(s))}
	if len(s) > 8 {
		ss.last = Word(s[len(s)-8:])
	}
	if len(s) > 16 {
		ss.mid = s[8 : len(s)-8]
	}
	return ss
}

func wordMask(n int) uint64 {
	if n >= 8 {
		return ^uint64(0)
	}
	return 1<<(8*uint(n)) - 1
}

// PrefixOf reports whether ss is a prefix of s, whose Word is w.
func (ss *Short) PrefixOf(s string, w uint64) bool {
	return ss.HeadOf(w, len(s)) && ss.TailOf(s)
}

// HeadOf is the first half of PrefixOf: it reports whether a string of n
// bytes whose Word is w is at least as long as ss and starts with the
// first eight bytes of ss (all of ss, if shorter).
func (ss *Short) HeadOf(w uint64, n int) bool {
	return w&ss.mask0 == ss.word0 && n >= ss.n
}

// AnyPrefixBit reports, as 1 or 0, whether one of ss is a prefix of s,
// whose Word is w. It compares s with every one of ss, with no branch on
// the data but on whether s is long enough for the bytes of a string of
// ss past its first eight: where PrefixOf stops at the first difference,
// AnyPrefixBit does the few compares left, which cost less than the
// mispredicted branches an outcome that varies from one s to the next
// brings.
func AnyPrefixBit(ss []Short, s string, w uint64) uint64 {
	var hit uint64
	for i := range ss {
		p := &ss[i]
		h := Bit(w&p.mask0 == p.word0) & Bit(len(s) >= p.n)
		if n := p.n; n > 8 && len(s) >= n {
			h &= Bit(Word8(s[n-8:]) == p.last)
			if n > 16 {
				h &= Bit(s[8:n-8] == p.mid)
			}
		}
		hit |= h
	}
	return hit
}

// TailOf is the second half of PrefixOf: given HeadOf, it reports
// whether s also has the bytes of ss after the first eight.
func (ss *Short) TailOf(s string) bool {
	return ss.n <= 8 || ss.tailOf(s)
}

func (ss *Short) tailOf(s string) bool {
	n := ss.n
	return Word8(s[n-8:]) == ss.last && (n <= 16 || s[8:n-8] == ss.mid)
}

// Equal reports whether ss equals s, whose Word is w.
func (ss *Short) Equal(s string, w uint64) bool {
	return len(s) == ss.n && ss.PrefixOf(s, w)
}

// Word returns the first eight bytes of s (fewer, zero-padded, when s
// is shorter) as a little-endian word.
func Word(s string) uint64 {
	if len(s) >= 8 {
		return Word8(s)
	}
	return word7(s)
}

// Word8 returns the first eight bytes of s, which has at least eight, as a
// little-endian word: one load.
func Word8(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

func word7(s string) uint64 {
	switch len(s) {
	case 1:
		return uint64(s[0])
	case 2:
		return uint64(s[0]) | uint64(s[1])<<8
	case 3:
		return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16
	case 4:
		return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24
	case 5:
		return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 | uint64(s[4])<<32
	case 6:
		return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 | uint64(s[4])<<32 | uint64(s[5])<<40
	case 7:
		return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 | uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48
	}
	return 0
}
