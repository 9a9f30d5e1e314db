package criteria

// stringSet is an immutable set of strings whose lookups cost the same for
// one value as for ten thousand: a short list is scanned, a longer one is
// probed in an open-addressing hash table (FNV-1a, linear probing). Lookups
// do not allocate.
type stringSet struct {
	small []string // set when there are at most smallSet values
	slots []int32  // index+1 into vals; 0 = empty; len is a power of two
	vals  []string
	mask  uint64
}

const smallSet = 4

func newStringSet(values []string) stringSet {
	uniq := make([]string, 0, len(values))
	seen := make(map[string]bool, len(values))
	for _, v := range values {
		if !seen[v] {
			seen[v] = true
			uniq = append(uniq, v)
		}
	}
	if len(uniq) <= smallSet {
		return stringSet{small: uniq}
	}
	n := 1
	for n < 2*len(uniq) {
		n <<= 1
	}
	s := stringSet{slots: make([]int32, n), vals: uniq, mask: uint64(n - 1)}
	for i, v := range uniq {
		h := fnv1a(v) & s.mask
		for s.slots[h] != 0 {
			h = (h + 1) & s.mask
		}
		s.slots[h] = int32(i + 1)
	}
	return s
}

func (s *stringSet) contains(v string) bool {
	if s.slots == nil {
		for _, x := range s.small {
			if x == v {
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
