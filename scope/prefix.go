package scope

import (
	"sort"
	"strings"
)

// prefixSet answers "does key start with one of these prefixes?" in time
// that depends on the key, not on how many prefixes there are. It is a burst
// trie stored in flat arrays: an inner node indexes its children by the
// key's next byte (offset from the smallest child byte), and a subtree
// holding at most leafPrefixes prefixes is a leaf that compares the rest of
// the key with their remaining bytes directly. So one prefix costs one
// strings.HasPrefix, and ten thousand cost a few array steps and at most
// leafPrefixes comparisons. Prefixes that extend another prefix are dropped,
// as the shorter one already matches whatever they match. Lookups do not
// allocate. Comparison is byte-wise and case-sensitive.
type prefixSet struct {
	nodes    []trieNode
	children []int32 // node indexes; 0 = no child (the root is never a child)
}

type trieNode struct {
	leaf  []shortString // the remaining bytes of each prefix, for a leaf
	base  int32         // offset of an inner node's children in prefixSet.children
	span  int32         // number of child slots of an inner node; 0 for a leaf
	lo    byte          // byte of children[base]
	depth int32         // bytes of the key consumed on reaching the node
}

const leafPrefixes = 4

func newPrefixSet(prefixes []string) prefixSet {
	ps := append([]string(nil), prefixes...)
	sort.Strings(ps)
	// Drop duplicates and prefixes that extend a kept prefix: after
	// sorting, such a prefix follows the one it extends.
	kept := ps[:0]
	for _, p := range ps {
		if len(kept) > 0 && strings.HasPrefix(p, kept[len(kept)-1]) {
			continue
		}
		kept = append(kept, p)
	}
	s := prefixSet{}
	s.build(kept, 0)
	return s
}

// build adds the node for ps, which share their first depth bytes and are
// sorted and prefix-free, and returns its index.
func (s *prefixSet) build(ps []string, depth int) int32 {
	idx := int32(len(s.nodes))
	s.nodes = append(s.nodes, trieNode{depth: int32(depth)})
	if len(ps) <= leafPrefixes {
		leaf := make([]shortString, len(ps))
		for i, p := range ps {
			leaf[i] = newShortString(p[depth:])
		}
		s.nodes[idx].leaf = leaf
		return idx
	}
	// More than one prefix and prefix-free: each is longer than depth.
	lo, hi := ps[0][depth], ps[len(ps)-1][depth]
	base := int32(len(s.children))
	s.children = append(s.children, make([]int32, int(hi)-int(lo)+1)...)
	s.nodes[idx].lo, s.nodes[idx].base, s.nodes[idx].span = lo, base, int32(hi)-int32(lo)+1
	for i := 0; i < len(ps); {
		c := ps[i][depth]
		j := i
		for j < len(ps) && ps[j][depth] == c {
			j++
		}
		child := s.build(ps[i:j], depth+1)
		s.children[int(base)+int(c-lo)] = child
		i = j
	}
	return idx
}

// match reports whether key starts with one of the prefixes.
func (s *prefixSet) match(key string) bool {
	nd := &s.nodes[0]
	for nd.span != 0 {
		i := int(nd.depth)
		if i >= len(key) {
			return false
		}
		off := int(key[i]) - int(nd.lo)
		if off < 0 || off >= int(nd.span) {
			return false
		}
		n := s.children[int(nd.base)+off]
		if n == 0 {
			return false
		}
		nd = &s.nodes[n]
	}
	rest := key[nd.depth:]
	w := loadWord(rest)
	for i := range nd.leaf {
		if nd.leaf[i].prefixOf(rest, w) {
			return true
		}
	}
	return false
}

// shortString is a string prepared for fast comparison: its first sixteen
// bytes as two little-endian words, each compared with one instruction, and
// the bytes after them, compared as a string.
type shortString struct {
	word0, mask0 uint64
	word1, mask1 uint64
	n            int
	tail         string
}

func newShortString(s string) shortString {
	ss := shortString{n: len(s), word0: loadWord(s), mask0: wordMask(len(s))}
	if len(s) > 8 {
		ss.word1, ss.mask1 = loadWord(s[8:]), wordMask(len(s)-8)
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

// prefixOf reports whether ss is a prefix of s, whose loadWord is w.
func (ss *shortString) prefixOf(s string, w uint64) bool {
	if len(s) < ss.n || w&ss.mask0 != ss.word0 {
		return false
	}
	if ss.n <= 8 {
		return true
	}
	if loadWord(s[8:])&ss.mask1 != ss.word1 {
		return false
	}
	return ss.n <= 16 || s[16:ss.n] == ss.tail
}

// equal reports whether ss equals s, whose loadWord is w.
func (ss *shortString) equal(s string, w uint64) bool {
	return len(s) == ss.n && ss.prefixOf(s, w)
}

// loadWord returns the first eight bytes of s (fewer, zero-padded, when s
// is shorter) as a little-endian word.
func loadWord(s string) uint64 {
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
