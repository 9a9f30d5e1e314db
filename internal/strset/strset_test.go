package strset

import (
	"fmt"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// short strings over a tiny alphabet, so that values collide, share
// prefixes and cross the 8- and 16-byte word boundaries.
var genString = rapid.StringOfN(rapid.RuneFrom([]rune("ab/.é")), 0, 24, -1)

// probeSets calls check with 50 probes of each of a run's sets: the set
// of values, and a probe that is one of them about half the time.
func probeSets(t *testing.T, check func(t *rapid.T, values []string, s Set, v string)) {
	rapid.Check(t, func(t *rapid.T) {
		values := rapid.SliceOfN(genString, 0, 100).Draw(t, "values")
		s := New(values)
		for i := 0; i < 50; i++ {
			v := genString.Draw(t, "probe")
			if len(values) > 0 && rapid.Bool().Draw(t, "member") {
				v = rapid.SampledFrom(values).Draw(t, "pick")
			}
			check(t, values, s, v)
		}
	})
}

func TestSetAgreesWithScan(t *testing.T) {
	probeSets(t, func(t *rapid.T, values []string, s Set, v string) {
		want := false
		for _, x := range values {
			want = want || x == v
		}
		if got := s.Contains(v); got != want {
			t.Fatalf("Contains(%q) = %v, want %v; values %q", v, got, want, values)
		}
	})
}

func TestShortAgreesWithStrings(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p, s := genString.Draw(t, "prepared"), genString.Draw(t, "probe")
		if rapid.Bool().Draw(t, "extend") {
			s = p + s
		}
		ss := NewShort(p)
		if got, want := ss.PrefixOf(s, Word(s)), strings.HasPrefix(s, p); got != want {
			t.Fatalf("PrefixOf(%q, %q) = %v, want %v", p, s, got, want)
		}
		if got, want := ss.Equal(s, Word(s)), s == p; got != want {
			t.Fatalf("Equal(%q, %q) = %v, want %v", p, s, got, want)
		}
	})
}

func TestContainsAllocatesNothing(t *testing.T) {
	small, large := New([]string{"a", "b"}), New(strings.Fields("a b c d e f g h i j"))
	if n := testing.AllocsPerRun(100, func() { small.Contains("b"); large.Contains("zz") }); n != 0 {
		t.Errorf("%v allocations", n)
	}
}

func TestContainsPacked(t *testing.T) {
	probeSets(t, func(t *rapid.T, values []string, s Set, v string) {
		if len(v) > MaxPacked {
			return
		}
		if got, want := s.ContainsPacked(Pack(Word(v), len(v))), s.Contains(v); got != want {
			t.Fatalf("ContainsPacked(%q) = %v, Contains = %v; values %q", v, got, want, values)
		}
	})
}

// Many values: the code table with two slots a code and the hashed long
// values.
func TestManyValues(t *testing.T) {
	var values []string
	for i := 0; i < 10000; i++ {
		values = append(values, fmt.Sprintf("%x", i), fmt.Sprintf("long-value-%d", i))
	}
	s := New(values)
	for _, v := range values {
		if !s.Contains(v) {
			t.Fatalf("%q missing", v)
		}
	}
	for _, v := range []string{"", "10000", "fffff", "long-value-", "long-value-10000", "long-value-1x"} {
		if s.Contains(v) {
			t.Fatalf("%q present", v)
		}
	}
	var zero Set
	if zero.Contains("") || zero.Contains("a") || zero.Contains("long-value-1") || zero.ContainsPacked(Pack(0, 0)) {
		t.Error("the zero Set is not empty")
	}
	if e := New([]string{""}); !e.Contains("") || e.Contains("a") {
		t.Error(`New([""])`)
	}
}
