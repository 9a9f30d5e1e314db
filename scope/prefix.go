package scope

import (
	"math/bits"
	"sort"
	"strings"

	"github.com/jobscope/jobscope/internal/strset"
)

// prefixSet answers "does key start with one of these prefixes?" in time
// that depends on the key, not on how many prefixes there are nor on how
// long a leading part they share with it. It is a path-compressed trie
// stored in flat arrays whose inner nodes consume up to sixteen bytes of
// the key at a time: an inner node at depth d with stride k reads the
// key's bytes [d, d+k) as two words (one, for k ≤ 8) and looks them up in
// the node's hash table of its children's words (two multiplies, one load,
// one compare when the word sits in its home slot, as the multiplier is
// chosen for that). The stride is the largest, up to sixteen, that leaves
// at most leafPrefixes of the node's prefixes ending before d+k; those
// few, the node's terminals, are compared with the key directly. A subtree
// holding at most leafPrefixes prefixes is a leaf that compares the rest of
// the key with their remaining bytes. So one prefix costs one word
// comparison, and against ten thousand folders like data/2023/57/archive-3/
// a key like data/2024/57/part-1.csv costs one table lookup. Prefixes that
// extend another prefix are dropped, as the shorter one already matches
// whatever they match. Lookups do not allocate. Comparison is byte-wise
// and case-sensitive.
type prefixSet struct {
	nodes []trieNode
	slots []trieSlot // the nodes' hash tables
	w1s   []uint64   // the second word of each slot's child, beside slots
}

type trieNode struct {
	// The remaining bytes of each prefix, for a leaf; of each terminal
	// (fewer than stride bytes left), for an inner node.
	leaf   []strset.Short
	mask0  uint64 // the low min(stride, 8) bytes
	mask1  uint64 // the low stride-8 bytes, when stride > 8; else 0
	mul    uint64 // odd multiplier of the hash
	depth  int32  // bytes of the key consumed on reaching the node
	stride int32  // bytes consumed by a child step; 0 for a leaf
	base   int32  // offset of the node's table in prefixSet.slots
	shift  uint8  // 64 - log2(table size); 64 for a table of one slot
	probes uint32 // most slots a lookup of a child inspects, minus one
}

// trieSlot is a slot of a node's hash table: the child reached by the
// key's bytes [d, d+stride) whose first word is w0 (masked to the stride)
// and whose second word, for a stride over eight, is prefixSet.w1s at the
// same index (compared only when w0 matches, so a miss touches one 16-byte
// slot); child 0 marks an empty slot (the root is never a child). A table
// of size n is followed by probes more slots, so that probing never wraps.
type trieSlot struct {
	w0    uint64
	child int32
}

// wideSlot is a slot as built: both words.
type wideSlot struct {
	w0, w1 uint64
	child  int32
}

// maxStride is the most bytes an inner node consumes: two words.
const maxStride = 16

// hashMix folds a node's second word into its hash: a table slot is
// ((w0 + w1*hashMix) * mul) >> shift.
const hashMix = 0x9e3779b97f4a7c15

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

func shorts(ps []string, depth int) []strset.Short {
	out := make([]strset.Short, len(ps))
	for i, p := range ps {
		out[i] = strset.NewShort(p[depth:])
	}
	return out
}

// build adds the node for ps, which share their first depth bytes and are
// sorted and prefix-free, and returns its index.
func (s *prefixSet) build(ps []string, depth int) int32 {
	idx := int32(len(s.nodes))
	s.nodes = append(s.nodes, trieNode{depth: int32(depth)})
	if len(ps) <= leafPrefixes {
		s.nodes[idx].leaf = shorts(ps, depth)
		return idx
	}
	// More than one prefix and prefix-free: each is longer than depth. The
	// stride: the largest k ≤ 8 that at most leafPrefixes prefixes are
	// shorter than depth+k (k = 1 always qualifies).
	k := maxStride
	for ; k > 1; k-- {
		short := 0
		for _, p := range ps {
			if len(p)-depth < k {
				short++
			}
		}
		if short <= leafPrefixes {
			break
		}
	}
	var terms, rest []string
	for _, p := range ps {
		if len(p)-depth < k {
			terms = append(terms, p)
		} else {
			rest = append(rest, p)
		}
	}
	// rest is sorted and non-empty (more than leafPrefixes prefixes, at
	// most leafPrefixes terminals): group it by its next k bytes.
	var words [][2]uint64
	var children []int32
	for i := 0; i < len(rest); {
		c := rest[i][depth : depth+k]
		j := i
		for j < len(rest) && rest[j][depth:depth+k] == c {
			j++
		}
		var w [2]uint64
		w[0] = strset.Word(c)
		if k > 8 {
			w[1] = strset.Word(c[8:])
		}
		words = append(words, w)
		children = append(children, s.build(rest[i:j], depth+k))
		i = j
	}
	nd := &s.nodes[idx]
	nd.leaf = shorts(terms, depth)
	nd.stride = int32(k)
	nd.mask0 = ^uint64(0) >> (64 - 8*uint(min(k, 8)))
	if k > 8 {
		nd.mask1 = ^uint64(0) >> (64 - 8*uint(k-8))
	}
	nd.base = int32(len(s.slots))
	table, mul, shift, probes := hashChildren(words, children)
	nd.mul, nd.shift, nd.probes = mul, shift, probes
	for _, sl := range table {
		s.slots = append(s.slots, trieSlot{sl.w0, sl.child})
		s.w1s = append(s.w1s, sl.w1)
	}
	return idx
}

// hashChildren lays out a node's table of the distinct words (pairs of
// words): one slot for one word, else at least four slots per word, or two
// for more than 4096, with, of a fixed sequence of multipliers, the first
// that puts every word in its home slot, or else the one that needs the
// fewest probes. A miss then mostly ends at an empty slot of a sparse
// table, which the keys' few distinct words keep in cache.
func hashChildren(words [][2]uint64, children []int32) (table []wideSlot, mul uint64, shift uint8, probes uint32) {
	if len(words) == 1 {
		return []wideSlot{{words[0][0], words[0][1], children[0]}}, 1, 64, 0
	}
	perWord, tries := 4, 64
	switch {
	case len(words) > 4096:
		perWord, tries = 2, 8
	case len(words) > 64:
		tries = 32
	}
	logN := bits.Len(uint(len(words)*perWord - 1))
	shift = uint8(64 - logN)
	buf := make([]wideSlot, 1<<logN+len(words))
	best := -1
	x := uint64(0x9e3779b97f4a7c15)
	for try := 0; try < tries && best != 0; try++ {
		x = splitmix64(x)
		m := x | 1
		clear(buf)
		worst := 0
		for i, w := range words {
			h := int(((w[0] + w[1]*hashMix) * m) >> shift)
			d := 0
			for buf[h+d].child != 0 {
				d++
			}
			buf[h+d] = wideSlot{w[0], w[1], children[i]}
			worst = max(worst, d)
		}
		if best < 0 || worst < best {
			best, mul = worst, m
			table = append(table[:0], buf[:1<<logN+worst]...)
		}
	}
	return table, mul, shift, uint32(best)
}

// match reports whether key starts with one of the prefixes.
// ObjectMatcher.Match inlines the case of a root that is a leaf and
// calls match otherwise.
func (s *prefixSet) match(key string) bool {
	nd := &s.nodes[0]
	for {
		rest := key[nd.depth:]
		var w uint64 // strset.Word(rest)
		if len(rest) >= 8 {
			w = strset.Word8(rest)
		} else {
			w = strset.Word(rest)
		}
		for i := range nd.leaf {
			if p := &nd.leaf[i]; p.HeadOf(w, len(rest)) && p.TailOf(rest) {
				return true
			}
		}
		if len(rest) < int(nd.stride) || nd.stride == 0 {
			return false
		}
		w &= nd.mask0
		var w1 uint64
		if nd.stride > 8 {
			if len(rest) >= 16 {
				w1 = strset.Word8(rest[8:])
			} else {
				w1 = strset.Word(rest[8:])
			}
			w1 &= nd.mask1
		}
		h := int(nd.base) + int(((w+w1*hashMix)*nd.mul)>>nd.shift)
		for d := nd.probes; ; d-- {
			sl := &s.slots[h]
			if sl.w0 == w && sl.child != 0 && s.w1s[h] == w1 {
				nd = &s.nodes[sl.child]
				break
			}
			if sl.child == 0 || d == 0 {
				return false
			}
			h++
		}
	}
}
