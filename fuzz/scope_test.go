package fuzz

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/jobscope/jobscope/criteria"
	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/internal/reference"
	"github.com/jobscope/jobscope/scope"
)

// scopeCase is what FuzzScopeAgreement decodes its bytes into: engine
// options, a scoping definition (nil for none) and objects.
type scopeCase struct {
	opts    scope.Options
	scoping *scope.Scoping
	objects []scope.Object
}

// The choices of each scope option, the empty default first.
var (
	excludeJoins   = []criteria.Join{"", criteria.JoinAND, criteria.JoinOR}
	emptyBlocks    = []criteria.EmptyBlock{"", criteria.EmptyBlockAbsent, criteria.EmptyBlockError}
	extensionRules = []scope.ExtensionRule{"", scope.LastDot, scope.FirstDot}
	leadingDots    = []scope.LeadingDot{"", scope.LeadingDotLiteral, scope.LeadingDotStrip}
	noExtensionNEs = []scope.NoExtensionNE{"", scope.NoExtensionMatch, scope.NoExtensionNoMatch}
	precisions     = []scope.Precision{"", scope.Second, scope.Exact}
)

// The simple scope keys by term kind (0..3), with the comparators each
// allows; kind 4 is a tag term, kind 5 a simple term of any key, comparator
// and values (mostly invalid: it exercises validation).
var (
	simpleKeys  = []scope.ScopeFilterKey{scope.ObjectKey, scope.ObjectExtension, scope.ObjectSize, scope.ObjectLastModifiedDate}
	comparators = [][]criteria.JobComparator{
		{criteria.StartsWith},
		{criteria.EQ, criteria.NE},
		{criteria.EQ, criteria.GT, criteria.GTE, criteria.LT, criteria.LTE, criteria.NE},
		{criteria.EQ, criteria.GT, criteria.GTE, criteria.LT, criteria.LTE, criteria.NE},
	}
	eqNE       = []criteria.JobComparator{criteria.EQ, criteria.NE}
	sizeValues = []int64{0, 1, 1023, 1024, 1025, 5242880, 1 << 40, 9223372036854775807, -1}
)

const (
	kindTag = 4
	kindRaw = 5
	// A comparator byte at or above rawComparator is followed by a string,
	// the comparator, which may be any (or no) comparator.
	rawComparator = 0xF0
)

func (r *reader) scopeCase() scopeCase {
	var c scopeCase
	c.opts = scope.Options{
		BlockOptions:          criteria.BlockOptions{ExcludeJoin: excludeJoins[r.pick(len(excludeJoins))], EmptyBlock: emptyBlocks[r.pick(len(emptyBlocks))]},
		ExtensionRule:         extensionRules[r.pick(len(extensionRules))],
		ExtensionLeadingDot:   leadingDots[r.pick(len(leadingDots))],
		NoExtensionNE:         noExtensionNEs[r.pick(len(noExtensionNEs))],
		LastModifiedPrecision: precisions[r.pick(len(precisions))],
	}
	if r.pick(16) != 0 {
		c.scoping = &scope.Scoping{Includes: r.block(), Excludes: r.block()}
	}
	for range r.pick(16) + 1 {
		c.objects = append(c.objects, r.object())
	}
	return c
}

// block is nil (first byte 0 mod 6) or a block of up to 5 terms.
func (r *reader) block() *scope.JobScopingBlock {
	if r.pick(6) == 0 {
		return nil
	}
	b := &scope.JobScopingBlock{}
	for range r.pick(6) {
		b.And = append(b.And, r.term())
	}
	return b
}

func (r *reader) comparator(valid []criteria.JobComparator) criteria.JobComparator {
	if c := r.u8(); c < rawComparator {
		return valid[int(c)%len(valid)]
	}
	return criteria.JobComparator(r.str())
}

func (r *reader) values(value func() string) []string {
	var vs []string
	for range r.pick(6) {
		vs = append(vs, value())
	}
	return vs
}

func (r *reader) term() scope.JobScopeTerm {
	switch kind := r.pick(6); kind {
	case kindTag:
		t := &scope.TagScopeTerm{Comparator: r.comparator(eqNE), Key: scope.TagScopeTermKey, Target: scope.S3Object}
		if r.pick(8) == 0 {
			t.Key = r.str()
		}
		if r.pick(8) == 0 {
			t.Target = scope.TagTarget(r.str())
		}
		for range r.pick(5) {
			t.TagValues = append(t.TagValues, scope.TagValuePair{Key: r.str(), Value: r.str()})
		}
		return scope.JobScopeTerm{TagScopeTerm: t}
	case kindRaw:
		return scope.JobScopeTerm{SimpleScopeTerm: &scope.SimpleScopeTerm{Key: scope.ScopeFilterKey(r.str()),
			Comparator: criteria.JobComparator(r.str()), Values: r.values(r.str)}}
	default:
		st := &scope.SimpleScopeTerm{Key: simpleKeys[kind], Comparator: r.comparator(comparators[kind])}
		switch st.Key {
		case scope.ObjectSize:
			st.Values = r.values(r.sizeValue)
		case scope.ObjectLastModifiedDate:
			st.Values = r.values(r.dateValue)
		default:
			st.Values = r.values(r.str)
		}
		return scope.JobScopeTerm{SimpleScopeTerm: st}
	}
}

// sizeValue is a size from sizeValues, any int64, or any string.
func (r *reader) sizeValue() string {
	switch r.pick(3) {
	case 0:
		return strconv.FormatInt(sizeValues[r.pick(len(sizeValues))], 10)
	case 1:
		return strconv.FormatInt(r.i64(), 10)
	}
	return r.str()
}

// dateLayouts are the ways a date value is written.
var dateLayouts = []string{time.RFC3339Nano, time.RFC3339, "2006-01-02T15:04:05.000Z07:00"}

// dateValue is an instant in one of dateLayouts, or any string.
func (r *reader) dateValue() string {
	if r.pick(2) == 0 {
		t := r.instant()
		return t.Format(dateLayouts[r.pick(len(dateLayouts))])
	}
	return r.str()
}

func (r *reader) object() scope.Object {
	o := scope.Object{Bucket: "example-bucket", Key: r.str(), StorageClass: scope.Standard}
	if r.pick(2) == 0 {
		o.Size = sizeValues[r.pick(len(sizeValues))]
	} else {
		o.Size = r.i64()
	}
	if r.pick(8) != 0 {
		o.LastModified = r.instant()
	}
	switch n := r.pick(5); n {
	case 0:
	case 1:
		o.Tags = map[string]string{}
	default:
		o.Tags = map[string]string{}
		for range n - 1 {
			o.Tags[r.str()] = r.str()
		}
	}
	return o
}

// spellScopeCase spells c as the bytes scopeCase decodes to it; ok is false
// when c has a string or time out of the reader's reach.
func spellScopeCase(c scopeCase) (data []byte, ok bool) {
	w := &writer{}
	ok = true
	for _, i := range []int{index(excludeJoins, c.opts.ExcludeJoin), index(emptyBlocks, c.opts.EmptyBlock),
		index(extensionRules, c.opts.ExtensionRule), index(leadingDots, c.opts.ExtensionLeadingDot),
		index(noExtensionNEs, c.opts.NoExtensionNE), index(precisions, c.opts.LastModifiedPrecision)} {
		ok = ok && i >= 0
		w.u8(uint8(max(i, 0)))
	}
	if c.scoping == nil {
		w.u8(0)
	} else {
		w.u8(1)
		ok = w.block(c.scoping.Includes) && ok
		ok = w.block(c.scoping.Excludes) && ok
	}
	if len(c.objects) < 1 || len(c.objects) > 16 {
		return nil, false
	}
	w.u8(uint8(len(c.objects) - 1))
	for _, o := range c.objects {
		ok = w.object(o) && ok
	}
	return w.b, ok
}

func (w *writer) block(b *scope.JobScopingBlock) bool {
	if b == nil {
		w.u8(0)
		return true
	}
	w.u8(1)
	if len(b.And) > 5 {
		return false
	}
	w.u8(uint8(len(b.And)))
	ok := true
	for _, t := range b.And {
		ok = w.term(t) && ok
	}
	return ok
}

func (w *writer) comparator(c criteria.JobComparator, valid []criteria.JobComparator) bool {
	if i := index(valid, c); i >= 0 {
		w.u8(uint8(i))
		return true
	}
	w.u8(rawComparator)
	return w.str(string(c))
}

func (w *writer) values(vs []string, value func(string) bool) bool {
	if len(vs) > 5 {
		return false
	}
	w.u8(uint8(len(vs)))
	ok := true
	for _, v := range vs {
		ok = value(v) && ok
	}
	return ok
}

func (w *writer) term(t scope.JobScopeTerm) bool {
	if tt := t.TagScopeTerm; tt != nil {
		if t.SimpleScopeTerm != nil {
			return false
		}
		w.u8(kindTag)
		ok := w.comparator(tt.Comparator, eqNE)
		if tt.Key == scope.TagScopeTermKey {
			w.u8(1)
		} else {
			w.u8(0)
			ok = w.str(tt.Key) && ok
		}
		if tt.Target == scope.S3Object {
			w.u8(1)
		} else {
			w.u8(0)
			ok = w.str(string(tt.Target)) && ok
		}
		if len(tt.TagValues) > 4 {
			return false
		}
		w.u8(uint8(len(tt.TagValues)))
		for _, p := range tt.TagValues {
			ok = w.str(p.Key) && w.str(p.Value) && ok
		}
		return ok
	}
	st := t.SimpleScopeTerm
	if st == nil {
		return false
	}
	kind := index(simpleKeys, st.Key)
	if kind < 0 {
		w.u8(kindRaw)
		return w.str(string(st.Key)) && w.str(string(st.Comparator)) && w.values(st.Values, w.str)
	}
	w.u8(uint8(kind))
	ok := w.comparator(st.Comparator, comparators[kind])
	switch st.Key {
	case scope.ObjectSize:
		return w.values(st.Values, w.sizeValue) && ok
	case scope.ObjectLastModifiedDate:
		return w.values(st.Values, w.dateValue) && ok
	}
	return w.values(st.Values, w.str) && ok
}

func (w *writer) sizeValue(v string) bool {
	if n, ok := canonicalInt(v); ok {
		w.u8(1)
		w.i64(n)
		return true
	}
	w.u8(2)
	return w.str(v)
}

func (w *writer) dateValue(v string) bool {
	w.u8(1)
	return w.str(v)
}

func (w *writer) object(o scope.Object) bool {
	ok := w.str(o.Key)
	w.u8(1)
	w.i64(o.Size)
	if o.LastModified.IsZero() {
		w.u8(0)
	} else {
		w.u8(1)
		ok = w.instant(o.LastModified) && ok
	}
	switch {
	case o.Tags == nil:
		w.u8(0)
	case len(o.Tags) > 3:
		return false
	default:
		w.u8(uint8(len(o.Tags) + 1))
		for _, k := range slices.Sorted(maps.Keys(o.Tags)) {
			ok = w.str(k) && w.str(o.Tags[k]) && ok
		}
	}
	return ok
}

// FuzzScopeAgreement decodes its bytes into scope options, a scoping
// definition and objects (see reader.scopeCase), and checks:
//   - scope.Compile never panics; an error is a field.ErrorList whose every
//     problem has a code and a path below s3JobDefinition.scoping;
//   - what Compile accepts, the reference interpreter (internal/reference,
//     written from docs/semantics.md, sharing no code) can evaluate;
//   - for every object, the compiled matcher's Match, Explain and Decide
//     all agree with the reference; an
//     object out of scope has a deciding path, and Decide names the block
//     and path Explain does.
func FuzzScopeAgreement(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		r := &reader{b: data}
		c := r.scopeCase()
		m, err := scope.Compile(c.scoping, c.opts)
		if err != nil {
			var list field.ErrorList
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("Compile error %v is not a field.ErrorList", err)
			}
			for _, e := range list {
				if e.Code == "" || e.Message == "" || !strings.HasPrefix(e.Path, "s3JobDefinition.scoping.") {
					t.Fatalf("incomplete error %#v", e)
				}
			}
			return
		}
		for i := range c.objects {
			o := &c.objects[i]
			want := referenceInScope(t, c, o)
			describe := func() string { return fmt.Sprintf("object %+v\nscoping %s\noptions %+v", *o, show(c.scoping), c.opts) }
			if got := m.Match(o); got != want {
				t.Fatalf("Match = %v, reference = %v\n%s", got, want, describe())
			}
			ex := m.Explain(o)
			if ex.Match != want {
				t.Fatalf("Explain = %v, reference = %v: %s\n%s", ex.Match, want, ex.Decision, describe())
			}
			if !want && ex.DecidingPath == "" {
				t.Fatalf("no deciding path for an object out of scope: %+v\n%s", ex, describe())
			}
			got, block, path := m.Decide(o)
			if wantBlock := decidingBlock(ex); got != want || block != wantBlock || path != ex.DecidingPath {
				t.Fatalf("Decide = %v, %q, %q; want %v, %q, %q (Explain)\n%s", got, block, path, want, wantBlock, ex.DecidingPath, describe())
			}
		}
	})
}

// decidingBlock is the block that decides ex, as Decide names it: none
// for a match, else excludes for an object the includes let in, else
// includes.
func decidingBlock(ex criteria.Explanation) criteria.BlockKind {
	switch {
	case ex.Match:
		return ""
	case ex.Included:
		return criteria.Excludes
	}
	return criteria.Includes
}

// referenceInScope is reference.InScope, which panics on what validation
// rejects: a panic is a scoping Compile should not have accepted.
func referenceInScope(t *testing.T, c scopeCase, o *scope.Object) (in bool) {
	defer func() {
		if v := recover(); v != nil {
			t.Fatalf("Compile accepted a scoping the reference cannot evaluate (%v): %s", v, show(c.scoping))
		}
	}()
	return reference.InScope(c.scoping, o, c.opts)
}

func show(s *scope.Scoping) string {
	if s == nil {
		return "<nil>"
	}
	var b strings.Builder
	for _, blk := range []struct {
		name string
		b    *scope.JobScopingBlock
	}{{"includes", s.Includes}, {"excludes", s.Excludes}} {
		if blk.b == nil {
			continue
		}
		fmt.Fprintf(&b, "%s:", blk.name)
		for _, t := range blk.b.And {
			if st := t.SimpleScopeTerm; st != nil {
				fmt.Fprintf(&b, " [%s %s %q]", st.Key, st.Comparator, st.Values)
			}
			if tt := t.TagScopeTerm; tt != nil {
				fmt.Fprintf(&b, " [TAG %s %+v]", tt.Comparator, tt.TagValues)
			}
		}
		b.WriteString("; ")
	}
	return b.String()
}

// scopeSeeds spells every object-scoping conformance case (its scoping,
// object and options) for FuzzScopeAgreement, and checks that the reader
// decodes each back.
func scopeSeeds(t *testing.T) map[string][]any {
	seeds := map[string][]any{}
	setters := map[string]func(*scope.Options, string){
		"excludeJoin":           func(o *scope.Options, v string) { o.ExcludeJoin = criteria.Join(v) },
		"extensionRule":         func(o *scope.Options, v string) { o.ExtensionRule = scope.ExtensionRule(v) },
		"extensionLeadingDot":   func(o *scope.Options, v string) { o.ExtensionLeadingDot = scope.LeadingDot(v) },
		"noExtensionNE":         func(o *scope.Options, v string) { o.NoExtensionNE = scope.NoExtensionNE(v) },
		"lastModifiedPrecision": func(o *scope.Options, v string) { o.LastModifiedPrecision = scope.Precision(v) },
		"emptyBlock":            func(o *scope.Options, v string) { o.EmptyBlock = criteria.EmptyBlock(v) },
	}
	for _, c := range conformanceCases(t, "object-scoping.jsonl") {
		var sc scopeCase
		sc.scoping = c.Scoping
		for name, v := range c.Options {
			set, ok := setters[name]
			if !ok {
				t.Fatalf("%s: option %s", c.ID, name)
			}
			set(&sc.opts, optionText(v))
		}
		for _, raw := range append([]json.RawMessage{c.Object}, c.Versions...) {
			if len(raw) == 0 {
				continue
			}
			var o scope.Object
			if err := json.Unmarshal(raw, &o); err != nil {
				t.Fatalf("%s: %v", c.ID, err)
			}
			// Only what scoping reads: the reader makes the rest up.
			sc.objects = append(sc.objects, scope.Object{Bucket: "example-bucket", Key: o.Key, Size: o.Size,
				LastModified: o.LastModified.UTC(), StorageClass: scope.Standard, Tags: o.Tags})
		}
		data, ok := spellScopeCase(sc)
		if !ok {
			continue // out of the reader's reach
		}
		back := (&reader{b: data}).scopeCase()
		if diff := cmp.Diff(sc, back, cmp.AllowUnexported(scopeCase{}), cmpopts.EquateComparable(field.Path{}), cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("%s: the reader does not decode what the writer spelled (-want +got):\n%s", c.ID, diff)
		}
		seeds["conformance-"+c.ID] = []any{data}
	}
	if len(seeds) < 40 {
		t.Errorf("only %d object-scoping cases spelled", len(seeds))
	}
	return seeds
}
