package scope

import (
	"github.com/jobscope/jobscope/internal/strset"
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

// TestLastExtCodeExhaustive checks the eight-byte fast path of the
// extension against Extension over every key of 8 and 9 bytes from an
// alphabet of the bytes that matter (dot, slash, NUL, 0xff, letters).
func TestLastExtCodeExhaustive(t *testing.T) {
	alpha := []byte{'a', '.', '/', 0, 0xff, 'b'}
	buf := make([]byte, 9)
	var rec func(i int)
	n := 0
	rec = func(i int) {
		if i == len(buf) {
			for start := 0; start+8 <= len(buf); start++ {
				key := string(buf[start:])
				ext, ok := Extension(key, LastDot)
				c, dec := lastExtCode(key)
				if !dec {
					if ok && len(ext) < 8 {
						t.Fatalf("%q undecided but ext %q", key, ext)
					}
					continue
				}
				n++
				want := uint64(0)
				if ok {
					want = strset.Pack(strset.Word(ext), len(ext))
				}
				if c != want {
					t.Fatalf("%q: code %x want %x (%q %v)", key, c, want, ext, ok)
				}
			}
			return
		}
		for _, b := range alpha {
			buf[i] = b
			rec(i + 1)
		}
	}
	rec(0)
	if n == 0 {
		t.Fatal("no key took the fast path")
	}
}
