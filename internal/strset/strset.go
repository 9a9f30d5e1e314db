// Package strset holds the string sets and prepared strings that the
// compiled matchers of criteria and scope share: membership and prefix tests
// whose cost does not grow with the number of values, without allocating.
package strset

// Set is an immutable set of strings whose lookups cost the same for
// one value as for ten thousand: a short list is scanned, a longer one is
// probed in an open-addressing hash table (FNV-1a, linear probing). Lookups
// do not allocate.
type Set struct {
	small []Short // set when there are at most smallSet values
	slots []int32 // index+1 into vals; 0 = empty; len is a power of two
	vals  []string
	mask  uint64
}

const smallSet = 4

// New returns the set of values.
func New(values []string) Set {
	uniq := make([]string, 0, len(values))
	seen := make(map[string]bool, len(values))
	for _, v := range values {
		if !seen[v] {
			seen[v] = true
			uniq = append(uniq, v)
		}
	}
	if len(uniq) <= smallSet {
		small := make([]Short, len(uniq))
		for i, v := range uniq {
			small[i] = NewShort(v)
		}
		return Set{small: small}
	}
	n := 1
	for n < 2*len(uniq) {
		n <<= 1
	}
	s := Set{slots: make([]int32, n), vals: uniq, mask: uint64(n - 1)}
	for i, v := range uniq {
		h := fnv1a(v) & s.mask
		for s.slots[h] != 0 {
			h = (h + 1) & s.mask
		}
		s.slots[h] = int32(i + 1)
	}
	return s
}

// Contains reports whether v is in s.
func (s *Set) Contains(v string) bool {
	if s.slots == nil {
		w := Word(v)
		for i := range s.small {
			if s.small[i].Equal(v, w) {
				return true
			}
		}
		return false
	}
	h := fnv1a(v) & s.mask
	for {
		i := s.slots[h]
		if i == 0 {
			return false
		}
		if s.vals[i-1] == v {
			return true
		}
		h = (h + 1) & s.mask
	}
}

func fnv1a(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// Short is a string prepared for fast comparison: its first sixteen
// bytes as two little-endian words, each compared with one instruction, and
// the bytes after them, compared as a string.
type Short struct {
	word0, mask0 uint64
	word1, mask1 uint64
	n            int
	tail         string
}

// NewShort prepares s.
func NewShort(s string) Short {
	ss := Short{n: len(s), word0: Word(s), mask0: wordMask(len(s))}
	if len(s) > 8 {
		ss.word1, ss.mask1 = Word(s[8:]), wordMask(len(s)-8)
	}
	if len(s) > 16 {
		ss.tail = s[16:]
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
	if len(s) < ss.n || w&ss.mask0 != ss.word0 {
		return false
	}
	if ss.n <= 8 {
		return true
	}
	if Word(s[8:])&ss.mask1 != ss.word1 {
		return false
	}
	return ss.n <= 16 || s[16:ss.n] == ss.tail
}

// Equal reports whether ss equals s, whose Word is w.
func (ss *Short) Equal(s string, w uint64) bool {
	return len(s) == ss.n && ss.PrefixOf(s, w)
}

// Word returns the first eight bytes of s (fewer, zero-padded, when s
// is shorter) as a little-endian word.
func Word(s string) uint64 {
	switch len(s) {
	case 0:
		return 0
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
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}
