package scope

import (
	"fmt"

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

// folderParts are the pieces of the keys and prefixes of
// TestPrefixSetSharedPrefixes: bucket folders, so that many prefixes share
// long leading parts with each other and with the keys, and diverge from
// them anywhere, including in the middle of a word and after sixteen
// bytes.
var folderParts = []string{"data/", "2023/", "2024/", "logs/", "home/alice/", "57/", "5/", "archive-", "3/", "part-",
	"a", "b", "\x00", "\xff", "0", "7", "/", ".csv", "01234567", "89abcdefghijklmn"}

func genFolder(t *rapid.T, label string, maxParts int) string {
	return strings.Join(rapid.SliceOfN(rapid.SampledFrom(folderParts), 0, maxParts).Draw(t, label), "")
}

// TestPrefixSetSharedPrefixes checks the set against a linear scan with
// hundreds of prefixes that share long leading parts with the keys: keys
// built from a prefix, a prefix cut short, or a prefix with a byte
// changed, each followed by more parts.
func TestPrefixSetSharedPrefixes(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(100, 600).Draw(t, "n")
		base := rapid.SliceOfN(rapid.Custom(func(t *rapid.T) string { return genFolder(t, "base", 4) }), 1, 8).Draw(t, "bases")
		prefixes := make([]string, n)
		for i := range prefixes {
			p := rapid.SampledFrom(base).Draw(t, "base") + genFolder(t, "tail", 4)
			if cut := rapid.IntRange(0, len(p)).Draw(t, "cut"); rapid.Bool().Draw(t, "doCut") {
				p = p[:cut]
			}
			prefixes[i] = p
		}
		s := newPrefixSet(prefixes)
		for i := 0; i < 100; i++ {
			key := rapid.SampledFrom(prefixes).Draw(t, "from")
			switch rapid.IntRange(0, 3).Draw(t, "how") {
			case 1:
				key = key[:rapid.IntRange(0, len(key)).Draw(t, "cutKey")]
			case 2:
				if len(key) > 0 {
					j := rapid.IntRange(0, len(key)-1).Draw(t, "at")
					key = key[:j] + string(key[j]+byte(rapid.IntRange(1, 255).Draw(t, "delta"))) + key[j+1:]
				}
			case 3:
				key = rapid.SampledFrom(base).Draw(t, "keyBase")
			}
			key += genFolder(t, "more", 3)
			want := false
			for _, p := range prefixes {
				want = want || strings.HasPrefix(key, p)
			}
			if got := s.match(key); got != want {
				t.Fatalf("match(%q) = %v, want %v; %d prefixes %q", key, got, want, len(prefixes), prefixes)
			}
		}
	})
}

// TestPrefixSetFolders checks the set against a linear scan for ten
// thousand prefixes shaped like a bucket's folders (those of the bench
// module's ScalingPrefixes) and keys under the same folders.
func TestPrefixSetFolders(t *testing.T) {
	folders := []string{"data/2024/", "data/2023/", "tmp/", "exports/", "home/alice/", "backups/"}
	prefixes := []string{"logs/"}
	for i := 0; len(prefixes) < 10000; i++ {
		prefixes = append(prefixes, fmt.Sprintf("%s%d/archive-%d/", folders[i%len(folders)], i/len(folders)%100, i/(100*len(folders))))
	}
	s := newPrefixSet(prefixes)
	var keys []string
	for _, f := range append(folders, "logs/", "data/", "") {
		for d := 0; d < 102; d++ {
			for _, rest := range []string{"", "/", "/part-1.csv", "/archive-", "/archive-1", "/archive-16/x", "/archive-17/x", "/archive-3/", "/archive-3"} {
				k := fmt.Sprintf("%s%d%s", f, d, rest)
				for j := 0; j <= len(k); j++ {
					keys = append(keys, k[:j])
				}
			}
		}
	}
	for _, key := range keys {
		want := false
		for _, p := range prefixes {
			if strings.HasPrefix(key, p) {
				want = true
				break
			}
		}
		if got := s.match(key); got != want {
			t.Fatalf("match(%q) = %v, want %v", key, got, want)
		}
	}
}

// TestPrefixSetOneChild checks inner nodes whose table holds one child
// (a shared run of bytes, compared a word or two at a time): a key that
// differs from the run in any single byte, or stops inside it, does not
// match.
func TestPrefixSetOneChild(t *testing.T) {
	const run = "0123456789abcdefghijklmnopqrstuvwxyz!"
	for l := 1; l <= len(run); l++ {
		var prefixes []string
		for _, c := range "ABCDEFG" {
			prefixes = append(prefixes, run[:l]+string(c)+"/x")
		}
		s := newPrefixSet(prefixes)
		keys := []string{run[:l] + "C/x", run[:l] + "C/xyz", run[:l] + "C/", run[:l] + "H/x"}
		for j := 0; j < l; j++ {
			b := []byte(run[:l] + "A/x/y")
			b[j] ^= 0x20
			keys = append(keys, string(b), run[:j])
		}
		for _, key := range keys {
			want := false
			for _, p := range prefixes {
				want = want || strings.HasPrefix(key, p)
			}
			if got := s.match(key); got != want {
				t.Fatalf("match(%q) = %v, want %v; prefixes %q", key, got, want, prefixes)
			}
		}
	}
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
