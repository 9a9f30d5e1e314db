package scope_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/jobscope/jobscope/criteria"
	"github.com/jobscope/jobscope/internal/reference"
	"github.com/jobscope/jobscope/scope"
)

// This file holds property tests that compare the compiled matcher (and
// Explain) with the reference interpreter, internal/reference, over random
// scopings, objects and options.

// Generators. Small alphabets make matches likely.

var (
	keyAlphabet = []string{"a", "b", "A", "/", ".", "é", "lo", "gs", "parquets"}
	extValues   = []string{"a", "b", "A", "gz", "tar.gz", ".a", "b.a", "csv", "parquets", "."}
	tagKeys     = []string{"k", "K", "env", "é"}
	tagValues   = []string{"", "v", "V", "test"}
	sizes       = []int64{0, 1, 2, 1023, 1024, 1025, 1 << 40, 9223372036854775807}
	baseTime    = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
)

func genKey(t *rapid.T, label string) string {
	parts := rapid.SliceOfN(rapid.SampledFrom(keyAlphabet), 0, 8).Draw(t, label)
	return strings.Join(parts, "")
}

func genTime(t *rapid.T, label string) time.Time {
	s := rapid.IntRange(-2, 2).Draw(t, label+"s")
	ns := rapid.SampledFrom([]int{0, 1, 500000000, 999999999}).Draw(t, label+"ns")
	return baseTime.Add(time.Duration(s)*time.Second + time.Duration(ns))
}

func genTerm(t *rapid.T, label string) scope.JobScopeTerm {
	cmps6 := []criteria.JobComparator{criteria.EQ, criteria.GT, criteria.GTE, criteria.LT, criteria.LTE, criteria.NE}
	eqne := []criteria.JobComparator{criteria.EQ, criteria.NE}
	switch rapid.IntRange(0, 4).Draw(t, label+"kind") {
	case 0:
		prefixes := rapid.SliceOfN(rapid.Custom(func(t *rapid.T) string {
			p := genKey(t, "p")
			if p == "" {
				p = "a"
			}
			return p
		}), 1, 12).Draw(t, label+"prefixes") // more than a few, to reach the trie's inner nodes
		return scope.JobScopeTerm{SimpleScopeTerm: &scope.SimpleScopeTerm{Key: scope.ObjectKey, Comparator: criteria.StartsWith, Values: prefixes}}
	case 1:
		return scope.JobScopeTerm{SimpleScopeTerm: &scope.SimpleScopeTerm{Key: scope.ObjectExtension,
			Comparator: rapid.SampledFrom(eqne).Draw(t, label+"cmp"),
			Values:     rapid.SliceOfN(rapid.SampledFrom(extValues), 1, 4).Draw(t, label+"exts")}}
	case 2:
		return scope.JobScopeTerm{SimpleScopeTerm: &scope.SimpleScopeTerm{Key: scope.ObjectSize,
			Comparator: rapid.SampledFrom(cmps6).Draw(t, label+"cmp"),
			Values:     []string{strconv.FormatInt(rapid.SampledFrom(sizes).Draw(t, label+"size"), 10)}}}
	case 3:
		v := genTime(t, label+"date")
		if rapid.Bool().Draw(t, label+"offset") {
			v = v.In(time.FixedZone("", 2*3600))
		}
		return scope.JobScopeTerm{SimpleScopeTerm: &scope.SimpleScopeTerm{Key: scope.ObjectLastModifiedDate,
			Comparator: rapid.SampledFrom(cmps6).Draw(t, label+"cmp"),
			Values:     []string{v.Format(time.RFC3339Nano)}}}
	default:
		pairs := rapid.SliceOfN(rapid.Custom(func(t *rapid.T) scope.TagValuePair {
			return scope.TagValuePair{Key: rapid.SampledFrom(tagKeys).Draw(t, "k"), Value: rapid.SampledFrom(tagValues).Draw(t, "v")}
		}), 1, 3).Draw(t, label+"pairs")
		return scope.JobScopeTerm{TagScopeTerm: &scope.TagScopeTerm{Key: "TAG", Target: scope.S3Object,
			Comparator: rapid.SampledFrom(eqne).Draw(t, label+"cmp"), TagValues: pairs}}
	}
}

func genBlock(t *rapid.T, label string) *scope.JobScopingBlock {
	if rapid.IntRange(0, 5).Draw(t, label+"absent") == 0 {
		return nil
	}
	n := rapid.IntRange(0, 4).Draw(t, label+"n")
	b := &scope.JobScopingBlock{}
	for i := 0; i < n; i++ {
		b.And = append(b.And, genTerm(t, fmt.Sprintf("%s[%d]", label, i)))
	}
	return b
}

func genScoping(t *rapid.T) *scope.Scoping {
	if rapid.IntRange(0, 20).Draw(t, "nilScoping") == 0 {
		return nil
	}
	return &scope.Scoping{Includes: genBlock(t, "includes"), Excludes: genBlock(t, "excludes")}
}

func genOptions(t *rapid.T) scope.Options {
	return scope.Options{
		BlockOptions: criteria.BlockOptions{
			ExcludeJoin: rapid.SampledFrom([]criteria.Join{"", criteria.JoinAND, criteria.JoinOR}).Draw(t, "excludeJoin"),
			EmptyBlock:  rapid.SampledFrom([]criteria.EmptyBlock{"", criteria.EmptyBlockAbsent, criteria.EmptyBlockError}).Draw(t, "emptyBlock"),
		},
		ExtensionRule:         rapid.SampledFrom([]scope.ExtensionRule{"", scope.LastDot, scope.FirstDot}).Draw(t, "extensionRule"),
		ExtensionLeadingDot:   rapid.SampledFrom([]scope.LeadingDot{"", scope.LeadingDotLiteral, scope.LeadingDotStrip}).Draw(t, "leadingDot"),
		NoExtensionNE:         rapid.SampledFrom([]scope.NoExtensionNE{"", scope.NoExtensionMatch, scope.NoExtensionNoMatch}).Draw(t, "noExtensionNE"),
		LastModifiedPrecision: rapid.SampledFrom([]scope.Precision{"", scope.Second, scope.Exact}).Draw(t, "precision"),
	}
}

func genObject(t *rapid.T, label string) scope.Object {
	o := scope.Object{
		Bucket:       "example-bucket",
		Key:          genKey(t, label+"key"),
		Size:         rapid.SampledFrom(sizes).Draw(t, label+"size"),
		LastModified: genTime(t, label+"lm"),
		StorageClass: scope.Standard,
	}
	if n := rapid.IntRange(0, 3).Draw(t, label+"ntags"); n > 0 {
		o.Tags = map[string]string{}
		for i := 0; i < n; i++ {
			o.Tags[rapid.SampledFrom(tagKeys).Draw(t, label+"tk")] = rapid.SampledFrom(tagValues).Draw(t, label+"tv")
		}
	} else if rapid.Bool().Draw(t, label+"emptyTags") {
		o.Tags = map[string]string{}
	}
	return o
}

func hasEmptyBlock(s *scope.Scoping) bool {
	return s != nil && (s.Includes != nil && len(s.Includes.And) == 0 || s.Excludes != nil && len(s.Excludes.And) == 0)
}

// TestMatchAgreesWithReference: 100 scopings × 100 objects per run, each
// checked five ways (compiled Match, the reference, the matcher rebuilt
// from its Program, Explain, Decide).
func TestMatchAgreesWithReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := genScoping(t)
		opts := genOptions(t)
		m, err := scope.Compile(s, opts)
		if opts.EmptyBlock == criteria.EmptyBlockError && hasEmptyBlock(s) {
			if err == nil {
				t.Fatalf("want an error for an empty block under emptyBlock ERROR")
			}
			return
		}
		if err != nil {
			t.Fatalf("compile: %v", err)
		}
		again := scope.CompileProgram(m.Program())
		for i := 0; i < 100; i++ {
			o := genObject(t, fmt.Sprintf("o%d.", i))
			want := reference.InScope(s, &o, opts)
			if err := reference.Check(m, &o, want); err != nil {
				t.Fatalf("%v (the reference's answer) for %+v\nprogram: %+v", err, o, m.Program())
			}
			if got := again.Match(&o); got != want {
				t.Fatalf("CompileProgram(Program()).Match = %v, reference = %v for %+v", got, want, o)
			}
		}
	})
}

func TestExtensionAgreesWithReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		key := genKey(t, "key")
		for _, first := range []bool{false, true} {
			rule := scope.LastDot
			if first {
				rule = scope.FirstDot
			}
			gotExt, gotOK := scope.Extension(key, rule)
			wantExt, wantOK := reference.Extension(key, first)
			if gotExt != wantExt || gotOK != wantOK {
				t.Fatalf("Extension(%q, %s) = %q, %v; want %q, %v", key, rule, gotExt, gotOK, wantExt, wantOK)
			}
		}
	})
}

// TestMatchExhaustiveKeys compares Match with the reference on every key
// of up to nine bytes over a small alphabet of bytes that matter to
// extensions and prefixes ("." and "/" among them), and on each of those
// keys behind a sixteen-byte folder, for extension terms (EQ and NE, both
// NoExtensionNE rules, both extension rules, values short enough to be
// packed and one that is not) and prefix terms (prefixes of up to eight
// bytes, up to sixteen, and longer). Match decides these terms from the
// key's first and last eight bytes without branching on them; this is
// every arrangement of those bytes the alphabet allows.
func TestMatchExhaustiveKeys(t *testing.T) {
	ext := func(cmp criteria.JobComparator, values ...string) *scope.Scoping {
		return &scope.Scoping{Includes: &scope.JobScopingBlock{And: []scope.JobScopeTerm{{SimpleScopeTerm: &scope.SimpleScopeTerm{
			Key: scope.ObjectExtension, Comparator: cmp, Values: values}}}}}
	}
	prefix := func(values ...string) *scope.Scoping {
		return &scope.Scoping{Includes: &scope.JobScopingBlock{And: []scope.JobScopeTerm{{SimpleScopeTerm: &scope.SimpleScopeTerm{
			Key: scope.ObjectKey, Comparator: criteria.StartsWith, Values: values}}}}}
	}
	scopings := []*scope.Scoping{
		ext(criteria.EQ, "a"),
		ext(criteria.EQ, "a", "ab", "b", "aaaaaaa"),
		ext(criteria.NE, "a", "ba"),
		ext(criteria.EQ, "a", "aaaaaaaa"), // not packed
		ext(criteria.NE, "b", "aaaaaaaa"),
		ext(criteria.EQ, ".", ".a"), // "" and "a" with LeadingDotStrip
		ext(criteria.NE, "."),
		prefix("a"),
		prefix("a/", "b.a"),
		prefix("abab.a/a", "bb"),                         // eight bytes
		prefix("a/a/a/a/a", "b.b.b.b.b.b.b.b/"),          // nine and sixteen
		prefix("folder/folder/fa/", "folder/folder/f/b"), // over sixteen
	}
	optionSets := []scope.Options{
		{},
		{NoExtensionNE: scope.NoExtensionNoMatch},
		{ExtensionRule: scope.FirstDot},
		{ExtensionLeadingDot: scope.LeadingDotStrip},
	}
	type matcher struct {
		s    *scope.Scoping
		opts scope.Options
		m    *scope.ObjectMatcher
	}
	var ms []matcher
	for _, s := range scopings {
		for _, opts := range optionSets {
			m, err := scope.Compile(s, opts)
			if err != nil {
				t.Fatal(err)
			}
			ms = append(ms, matcher{s, opts, m})
		}
	}
	alpha := []byte{'a', '.', '/', 'b'}
	buf := make([]byte, 0, 9)
	checked, matched := 0, 0
	var rec func()
	rec = func() {
		for _, key := range []string{string(buf), "folder/folder/f/" + string(buf)} {
			o := scope.Object{Key: key, StorageClass: scope.Standard}
			for _, x := range ms {
				got, want := x.m.Match(&o), reference.InScope(x.s, &o, x.opts)
				if got != want {
					t.Fatalf("key %q, scoping %+v, options %+v: Match = %v, reference %v", key, *x.s.Includes.And[0].SimpleScopeTerm, x.opts, got, want)
				}
				checked++
				if got {
					matched++
				}
			}
		}
		if len(buf) == cap(buf) {
			return
		}
		for _, c := range alpha {
			buf = append(buf, c)
			rec()
			buf = buf[:len(buf)-1]
		}
	}
	rec()
	if matched == 0 || matched == checked {
		t.Fatalf("%d of %d checks matched: the keys do not exercise the terms", matched, checked)
	}
}
