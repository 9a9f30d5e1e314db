package plan

import (
	"slices"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// The prefix trie against the naive reference: the members of a key are
// those with a prefix the key starts with, for prefixes and keys over an
// alphabet that makes them share edges and that has bytes in each quarter
// of the byte range (the trie's edge bitmap has a word per quarter).
func TestPrefixTrie(t *testing.T) {
	alphabet := []byte{'a', 'b', '/', '0', 'z', 0x7f, 0x80, 0xc3, 0xff, 0x00}
	text := func(max int) *rapid.Generator[string] {
		return rapid.Custom(func(t *rapid.T) string {
			return string(rapid.SliceOfN(rapid.SampledFrom(alphabet), 0, max).Draw(t, "bytes"))
		})
	}
	rapid.Check(t, func(t *rapid.T) {
		prefixes := rapid.SliceOfN(rapid.SliceOfN(text(6), 1, 4), 0, 12).Draw(t, "prefixes")
		var trie prefixTrie
		for m, ps := range prefixes {
			for _, p := range ps {
				trie.insert(p, int32(m))
			}
		}
		trie.compact()
		for _, key := range rapid.SliceOfN(text(9), 1, 20).Draw(t, "keys") {
			var want []int32
			for m, ps := range prefixes {
				if slices.ContainsFunc(ps, func(p string) bool { return strings.HasPrefix(key, p) }) {
					want = append(want, int32(m))
				}
			}
			got := trie.match(key, nil)
			slices.Sort(got)
			got = slices.Compact(got)
			if !slices.Equal(got, want) {
				t.Fatalf("key %q: members %v, want %v", key, got, want)
			}
		}
	})
}
