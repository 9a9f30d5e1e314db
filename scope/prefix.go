package scope

import (
	"github.com/jobscope/jobscope/internal/strset"
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
	leaf  []strset.Short // the remaining bytes of each prefix, for a leaf
	base  int32          // offset of an inner node's children in prefixSet.children
	span  int32          // number of child slots of an inner node; 0 for a leaf
	lo    byte           // byte of children[base]
	depth int32          // bytes of the key consumed on reaching the node
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
		leaf := make([]strset.Short, len(ps))
		for i, p := range ps {
			leaf[i] = strset.NewShort(p[depth:])
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
// ObjectMatcher.Match has a copy inline: change both together.
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
	return false
}
