package scope

import (
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// The sets behind STARTS_WITH and OBJECT_EXTENSION, checked against a
// linear scan over many values, so that the trie's inner nodes and the
// hash table are exercised (the scoping property tests mostly use few
// values).

var setAlphabet = []string{"a", "b", "c", "/", ".", "\x00", "\xff", "é", "01234567", "89"}

func genString(t *rapid.T, label string, minParts int) string {
	return strings.Join(rapid.SliceOfN(rapid.SampledFrom(setAlphabet), minParts, 6).Draw(t, label), "")
}

func TestPrefixSetAgreesWithScan(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 200).Draw(t, "n")
		prefixes := make([]string, n)
		for i := range prefixes {
			prefixes[i] = genString(t, "prefix", 1)
		}
		s := newPrefixSet(prefixes)
		for i := 0; i < 50; i++ {
			key := genString(t, "key", 0)
			if rapid.Bool().Draw(t, "fromPrefix") {
				key = rapid.SampledFrom(prefixes).Draw(t, "base") + key
			}
			want := false
			for _, p := range prefixes {
				want = want || strings.HasPrefix(key, p)
			}
			if got := s.match(key); got != want {
				t.Fatalf("match(%q) = %v, want %v; prefixes %q", key, got, want, prefixes)
			}
		}
	})
}

func TestPrefixSetEmpty(t *testing.T) {
	s := newPrefixSet(nil)
	if s.match("") || s.match("a") {
		t.Error("an empty prefix set matches")
	}
}
