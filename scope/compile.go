package scope

import (
	"github.com/jobscope/jobscope/internal/strset"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/jobscope/jobscope/criteria"
	"github.com/jobscope/jobscope/field"
)

// DefaultPath is the JSON path Compile gives a scoping object: where
// scoping sits in a CreateClassificationJob request.
var DefaultPath = field.NewPath("s3JobDefinition", "scoping")

// ObjectMatcher is a compiled Scoping. It is immutable and safe for
// concurrent use by any number of goroutines.
type ObjectMatcher struct {
	plan *Plan
	// includes and excludes are in document order, for Explain; match and
	// matchExcl hold the same terms cheapest first, for Match. Every term is
	// a pure function of the object, so the order changes the cost of an AND
	// or OR, never its result.
	includes, excludes  []objectTerm
	matchIncl, matchExc []objectTerm
	orJoin              bool
}

type termOp uint8

const (
	opKeyPrefix termOp = iota
	opExtension
	opSize
	opDate
	opTag
	opNever // a condition CompilePlan could not make sense of
)

// objectTerm is a Condition ready to evaluate.
type objectTerm struct {
	cond     *Condition
	op       termOp
	cmp      criteria.JobComparator
	outcome  [3]bool // result when the object's value is less, equal, greater
	ne       bool
	firstDot bool
	noExt    bool // result for an object without extension
	second   bool // compare dates to the second
	size     int64
	sec      int64
	nsec     int
	prefixes prefixSet
	exts     strset.Set
	tags     []TagValuePair
}

// Compile validates s with opts and compiles it into an ObjectMatcher whose
// conditions carry paths below DefaultPath. An invalid s yields the
// field.ErrorList that Validate reports (usable with errors.As) and no
// matcher. A nil or empty s puts every object in scope.
func Compile(s *Scoping, opts Options) (*ObjectMatcher, error) {
	return CompileAt(s, DefaultPath, opts)
}

// CompileAt is Compile with the scoping object at path p.
func CompileAt(s *Scoping, p field.Path, opts Options) (*ObjectMatcher, error) {
	if errs := s.Validate(p, opts); len(errs) > 0 {
		return nil, errs
	}
	plan := &Plan{Path: p.String(), Includes: []Condition{}, Excludes: []Condition{},
		ExcludeJoin: criteria.JoinAND, ExtensionRule: LastDot, NoExtensionNE: NoExtensionMatch, LastModifiedPrecision: Second}
	if opts.ExcludeJoin == criteria.JoinOR {
		plan.ExcludeJoin = criteria.JoinOR
	}
	if opts.ExtensionRule == FirstDot {
		plan.ExtensionRule = FirstDot
	}
	if opts.NoExtensionNE == NoExtensionNoMatch {
		plan.NoExtensionNE = NoExtensionNoMatch
	}
	if opts.LastModifiedPrecision == Exact {
		plan.LastModifiedPrecision = Exact
	}
	if s != nil {
		plan.Includes = normalizeBlock(s.Includes, p.Child("includes"), criteria.Includes, plan, opts)
		plan.Excludes = normalizeBlock(s.Excludes, p.Child("excludes"), criteria.Excludes, plan, opts)
	}
	return newObjectMatcher(plan), nil
}

// CompilePlan compiles a Plan, as Compile produced it or as a caller built
// it, into an ObjectMatcher. The plan is copied. CompilePlan does not
// validate; a condition it cannot evaluate (an unknown key or comparator)
// never holds.
func CompilePlan(p *Plan) *ObjectMatcher { return newObjectMatcher(p.clone()) }

func normalizeBlock(b *JobScopingBlock, p field.Path, kind criteria.BlockKind, plan *Plan, opts Options) []Condition {
	if b == nil {
		return []Condition{}
	}
	conds := make([]Condition, 0, len(b.And))
	for i, t := range b.And {
		tp := p.Child("and").Index(i)
		c := Condition{Block: kind, Index: i}
		if s := t.SimpleScopeTerm; s != nil {
			c.Kind = SimpleScopeTermKind
			c.Path = tp.Child("simpleScopeTerm").String()
			c.Comparator = s.Comparator
			c.Key = s.Key
			c.Values = append([]string(nil), s.Values...)
			switch s.Key {
			case ObjectExtension:
				for _, v := range s.Values {
					if opts.ExtensionLeadingDot == LeadingDotStrip {
						v = strings.TrimPrefix(v, ".")
					}
					c.Extensions = append(c.Extensions, v)
				}
			case ObjectSize:
				c.Size, _ = ParseSize(s.Values[0]) // validated
			case ObjectLastModifiedDate:
				c.Date, _ = ParseDate(s.Values[0]) // validated
				if plan.LastModifiedPrecision == Second {
					c.Date = time.Unix(c.Date.Unix(), 0).UTC()
				}
			}
		} else {
			tt := t.TagScopeTerm
			c.Kind = TagScopeTermKind
			c.Path = tp.Child("tagScopeTerm").String()
			c.Comparator = tt.Comparator
			c.Tags = append([]TagValuePair(nil), tt.TagValues...)
		}
		conds = append(conds, c)
	}
	return conds
}

func newObjectMatcher(plan *Plan) *ObjectMatcher {
	m := &ObjectMatcher{plan: plan, orJoin: plan.ExcludeJoin == criteria.JoinOR}
	m.includes = compileTerms(plan.Includes, plan)
	m.excludes = compileTerms(plan.Excludes, plan)
	m.matchIncl = cheapestFirst(m.includes)
	m.matchExc = cheapestFirst(m.excludes)
	return m
}

// cheapestFirst returns ts ordered by the cost of evaluating them: integer
// comparisons, then key prefixes, extensions and tags.
func cheapestFirst(ts []objectTerm) []objectTerm {
	cost := func(t *objectTerm) int {
		switch t.op {
		case opNever, opSize, opDate:
			return 0
		case opKeyPrefix:
			return 1
		case opExtension:
			return 2
		}
		return 3
	}
	out := append([]objectTerm(nil), ts...)
	sort.SliceStable(out, func(i, j int) bool { return cost(&out[i]) < cost(&out[j]) })
	return out
}

func compileTerms(conds []Condition, plan *Plan) []objectTerm {
	ts := make([]objectTerm, len(conds))
	for i := range conds {
		c := &conds[i]
		t := objectTerm{cond: c, cmp: c.Comparator, ne: c.Comparator == criteria.NE,
			firstDot: plan.ExtensionRule == FirstDot, second: plan.LastModifiedPrecision != Exact}
		for i := range t.outcome {
			t.outcome[i] = holds(t.cmp, i-1)
		}
		switch {
		case c.Kind == TagScopeTermKind && (t.cmp == criteria.EQ || t.ne):
			t.op, t.tags = opTag, c.Tags
		case c.Kind == TagScopeTermKind:
			t.op = opNever
		case c.Key == ObjectKey && t.cmp == criteria.StartsWith:
			t.op, t.prefixes = opKeyPrefix, newPrefixSet(c.Values)
		case c.Key == ObjectExtension && (t.cmp == criteria.EQ || t.ne):
			t.op, t.exts = opExtension, strset.New(c.Extensions)
			t.noExt = t.ne && plan.NoExtensionNE != NoExtensionNoMatch
		case (c.Key == ObjectSize || c.Key == ObjectLastModifiedDate) && ordered(t.cmp):
			t.op = opSize
			t.size = c.Size
			if c.Key == ObjectLastModifiedDate {
				t.op = opDate
				t.sec, t.nsec = c.Date.Unix(), c.Date.Nanosecond()
				if t.second {
					t.nsec = 0
				}
			}
		default:
			t.op = opNever
		}
		ts[i] = t
	}
	return ts
}

func ordered(c criteria.JobComparator) bool {
	switch c {
	case criteria.EQ, criteria.NE, criteria.GT, criteria.GTE, criteria.LT, criteria.LTE:
		return true
	}
	return false
}

// Plan returns a copy of the matcher's normalized condition tree.
func (m *ObjectMatcher) Plan() *Plan { return m.plan.clone() }

// Match reports whether o is in scope. It does not allocate and does not
// look at o's version flags: pick the version with CurrentVersion first. A
// nil o is treated as the zero Object.
func (m *ObjectMatcher) Match(o *Object) bool {
	if o == nil {
		o = &zeroObject
	}
	for i := range m.matchIncl {
		t := &m.matchIncl[i]
		if t.op == opSize { // the commonest cheap term, without a call
			if !t.outcome[cmpInt(o.Size, t.size)+1] {
				return false
			}
			continue
		}
		if !t.eval(o) {
			return false
		}
	}
	if len(m.matchExc) == 0 {
		return true
	}
	if m.orJoin {
		for i := range m.matchExc {
			if m.matchExc[i].eval(o) {
				return false
			}
		}
		return true
	}
	for i := range m.matchExc {
		if !m.matchExc[i].eval(o) {
			return true
		}
	}
	return false
}

var zeroObject Object

// eval is the condition's result for o.
func (t *objectTerm) eval(o *Object) bool {
	switch t.op {
	case opKeyPrefix:
		return t.prefixes.match(o.Key)
	case opExtension:
		ext, ok := t.extension(o.Key)
		if !ok {
			return t.noExt
		}
		return t.exts.Contains(ext) != t.ne
	case opSize:
		return t.outcome[cmpInt(o.Size, t.size)+1]
	case opDate:
		sec := o.LastModified.Unix()
		c := cmpInt(sec, t.sec)
		if c == 0 && !t.second {
			c = cmpInt(int64(o.LastModified.Nanosecond()), int64(t.nsec))
		}
		return t.outcome[c+1]
	case opTag:
		return anyTag(t.tags, o.Tags) != t.ne
	}
	return false
}

func (t *objectTerm) extension(key string) (string, bool) {
	if t.firstDot {
		return Extension(key, FirstDot)
	}
	return Extension(key, LastDot)
}

func anyTag(pairs []TagValuePair, tags map[string]string) bool {
	if len(tags) == 0 {
		return false
	}
	for i := range pairs {
		v, ok := tags[pairs[i].Key]
		if ok && (pairs[i].Value == "" || v == pairs[i].Value) {
			return true
		}
	}
	return false
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// holds applies comparator op to the result c of comparing the object's
// value with the condition's value.
func holds(op criteria.JobComparator, c int) bool {
	switch op {
	case criteria.EQ:
		return c == 0
	case criteria.NE:
		return c != 0
	case criteria.GT:
		return c > 0
	case criteria.GTE:
		return c >= 0
	case criteria.LT:
		return c < 0
	case criteria.LTE:
		return c <= 0
	}
	return false
}

// Explain reports the verdict of every condition for o and which one
// decided. Its Match always equals m.Match(o).
func (m *ObjectMatcher) Explain(o *Object) criteria.Explanation {
	if o == nil {
		o = &zeroObject
	}
	vs := make([]criteria.Verdict, 0, len(m.includes)+len(m.excludes))
	for _, ts := range [][]objectTerm{m.includes, m.excludes} {
		for i := range ts {
			vs = append(vs, ts[i].verdict(o))
		}
	}
	return criteria.Decide(vs, m.plan.ExcludeJoin, "object")
}

func (t *objectTerm) verdict(o *Object) criteria.Verdict {
	c := t.cond
	v := criteria.Verdict{Path: c.Path, Block: c.Block, Field: c.Field(), Comparator: c.Comparator,
		Result: t.eval(o), Actual: []string{}, Expected: append([]string{}, c.Values...)}
	switch {
	case c.Kind == TagScopeTermKind:
		keys := make([]string, 0, len(o.Tags))
		for k := range o.Tags {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			v.Actual = append(v.Actual, k+"="+o.Tags[k])
		}
		for _, p := range c.Tags {
			if p.Value == "" {
				v.Expected = append(v.Expected, p.Key+"=*")
			} else {
				v.Expected = append(v.Expected, p.Key+"="+p.Value)
			}
		}
		if len(o.Tags) == 0 {
			v.Note = "the object has no tags"
		}
	case c.Key == ObjectKey:
		v.Actual = append(v.Actual, o.Key)
	case c.Key == ObjectExtension:
		v.Expected = append([]string{}, c.Extensions...)
		if ext, ok := t.extension(o.Key); ok {
			v.Actual = append(v.Actual, ext)
		} else {
			v.Note = "the object has no file name extension"
		}
	case c.Key == ObjectSize:
		v.Actual = append(v.Actual, strconv.FormatInt(o.Size, 10))
	case c.Key == ObjectLastModifiedDate:
		v.Actual = append(v.Actual, o.LastModified.UTC().Format(time.RFC3339Nano))
		v.Expected = []string{c.Date.Format(time.RFC3339Nano)}
		if t.second {
			v.Note = "compared to the second"
		}
	}
	if t.op == opNever {
		v.Note = "the condition cannot be evaluated (unknown key or comparator) and never holds"
	}
	return v
}
