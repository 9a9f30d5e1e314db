package scope

import (
	"math"
	"math/bits"
	"strings"
	"time"

	"github.com/jobscope/jobscope/criteria"
	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/internal/block"
	"github.com/jobscope/jobscope/internal/strset"
)

// ObjectMatcher is a compiled Scoping. It is immutable and safe for
// concurrent use by any number of goroutines.
//
// Compile builds it in two steps. Normalization builds the Program: the
// includes and excludes as lists of Condition, each with its JSON path and
// its values parsed (sizes as int64, dates as UTC instants floored to the
// second under the default precision, extensions with the leading-dot
// option applied). Then each condition is prepared for evaluation:
// OBJECT_KEY prefixes go into a burst trie (a few prefixes are compared as
// machine words, ten thousand cost a few array steps more), OBJECT_EXTENSION
// values into a set probed by hash, comparators into a table indexed by the
// result of one integer comparison. Match reads the prepared conditions
// cheapest first and short-circuits, computing derived fields such as the
// extension inside the condition that needs them; Explain evaluates the
// same prepared conditions in document order, all of them, and concludes
// with criteria.Decide, as for buckets, so Match and Explain cannot
// disagree.
type ObjectMatcher struct {
	prog *Program
	// includes and excludes are in document order, for Explain and Decide;
	// matchIncl and matchExcl hold the same terms grouped by kind, cheapest
	// kind first, for Match. Every term is a pure function of the object,
	// so the order changes the cost of an AND or OR, never its result.
	includes, excludes  []objectTerm
	matchIncl, matchExc termBlock
	orJoin              bool
}

// termBlock is a block's terms grouped by kind, so that Match evaluates
// each group in a loop of its own, without dispatching on the kind.
type termBlock struct {
	n        int // number of terms
	never    int // number of opNever terms
	sizes    []objectTerm
	dates    []objectTerm
	prefixes []prefixSet
	exts     []objectTerm
	tags     []objectTerm
}

type termOp uint8

const (
	opKeyPrefix termOp = iota
	opExtension
	opSize
	opDate
	opTag
	opNever // a condition compileProgram could not make sense of
)

// objectTerm is a Condition ready to evaluate.
type objectTerm struct {
	// The fields eval reads come first, the extension set's header among
	// them, so that a term takes few cache lines.
	op       termOp
	ne       bool
	firstDot bool
	noExt    bool // result for an object without extension
	// packed is true for an extension term that Match decides from the
	// key's last eight bytes alone: the last-dot rule, only values of at
	// most strset.MaxPacked bytes, and no extension counting as one not
	// in the set (noExt == ne).
	packed bool
	second bool // compare dates to the second
	// An opSize term holds when the size is in [lo, lo+span] (unsigned
	// arithmetic on the int64 bit patterns, so one comparison) and
	// inRange is true, or when it is outside and inRange is false.
	inRange  bool
	outcome  [3]bool // result when the object's value is less, equal, greater
	lo, span uint64
	exts     strset.Set
	cond     *Condition
	cmp      criteria.JobComparator
	size     int64
	sec      int64
	nsec     int
	prefixes prefixSet
	tags     []TagValuePair
}

// defaultPath is where scoping sits in a CreateClassificationJob request:
// the path of a scoping object when Options.Path is zero.
func defaultPath() field.Path { return field.NewPath("s3JobDefinition", "scoping") }

// scoping is the syntax of a Scoping.
var scoping = block.Syntax[JobScopingBlock, JobScopeTerm, SimpleScopeTerm, TagScopeTerm]{
	And:    func(b *JobScopingBlock) []JobScopeTerm { return b.And },
	Terms:  func(t *JobScopeTerm) (*SimpleScopeTerm, *TagScopeTerm) { return t.SimpleScopeTerm, t.TagScopeTerm },
	Simple: "simpleScopeTerm",
	Tag:    "tagScopeTerm",
}

// Compile validates s with opts and compiles it into an ObjectMatcher whose
// conditions carry paths below opts.Path. An invalid s — anything Macie's
// CreateClassificationJob rejects in it, and an empty block under
// criteria.EmptyBlockError — yields a field.ErrorList of every problem
// (usable with errors.As) and no matcher. A nil or empty s puts every
// object in scope.
func Compile(s *Scoping, opts Options) (*ObjectMatcher, error) {
	p := opts.Path
	if p == (field.Path{}) {
		p = defaultPath()
	}
	if s != nil {
		errs := scoping.Validate(p, s.Includes, s.Excludes, opts.EmptyBlock == criteria.EmptyBlockError,
			(*SimpleScopeTerm).validate, (*TagScopeTerm).validate)
		if len(errs) > 0 {
			return nil, errs
		}
	}
	// The options that change what a condition means are recorded on the
	// Program (or applied to its values), so a Program means the same
	// thing to every reader.
	prog := &Program{Path: p.String(), Includes: []Condition{}, Excludes: []Condition{},
		ExcludeJoin: criteria.JoinAND, ExtensionRule: LastDot, NoExtensionNE: NoExtensionMatch, LastModifiedPrecision: Second}
	if opts.ExcludeJoin == criteria.JoinOR {
		prog.ExcludeJoin = criteria.JoinOR
	}
	if opts.ExtensionRule == FirstDot {
		prog.ExtensionRule = FirstDot
	}
	if opts.NoExtensionNE == NoExtensionNoMatch {
		prog.NoExtensionNE = NoExtensionNoMatch
	}
	if opts.LastModifiedPrecision == Exact {
		prog.LastModifiedPrecision = Exact
	}
	if s != nil {
		norm := func(t *JobScopeTerm, block string, i int, p field.Path) Condition {
			return normalize(t, block, i, p, prog, opts)
		}
		prog.Includes, prog.Excludes = block.Normalize(&scoping, p, s.Includes, s.Excludes, norm)
	}
	return newObjectMatcher(prog), nil
}

// compileProgram compiles a Program, as Compile produced it or as a test
// built it, into an ObjectMatcher. The program is copied and not
// validated; a condition it cannot evaluate (an unknown key or
// comparator) never holds.
func compileProgram(p *Program) *ObjectMatcher { return newObjectMatcher(p.clone()) }

// normalize returns the condition of the i-th term t of block, whose term
// is at p, for prog under opts.
func normalize(t *JobScopeTerm, block string, i int, p field.Path, prog *Program, opts Options) Condition {
	c := Condition{Path: p.String(), Block: criteria.BlockKind(block), Index: i}
	if tt := t.TagScopeTerm; tt != nil {
		c.Kind, c.Comparator, c.Tags = TagScopeTermKind, tt.Comparator, append([]TagValuePair(nil), tt.TagValues...)
		return c
	}
	s := t.SimpleScopeTerm
	c.Kind, c.Comparator, c.Key, c.Values = SimpleScopeTermKind, s.Comparator, s.Key, append([]string(nil), s.Values...)
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
		if prog.LastModifiedPrecision == Second {
			c.Date = time.Unix(c.Date.Unix(), 0).UTC()
		}
	}
	return c
}

func newObjectMatcher(prog *Program) *ObjectMatcher {
	m := &ObjectMatcher{prog: prog, orJoin: prog.ExcludeJoin == criteria.JoinOR}
	m.includes = compileTerms(prog.Includes, prog)
	m.excludes = compileTerms(prog.Excludes, prog)
	m.matchIncl = groupTerms(m.includes)
	m.matchExc = groupTerms(m.excludes)
	return m
}

// groupTerms groups ts by kind for Match.
func groupTerms(ts []objectTerm) termBlock {
	b := termBlock{n: len(ts)}
	for _, t := range ts {
		switch t.op {
		case opSize:
			b.sizes = append(b.sizes, t)
		case opDate:
			b.dates = append(b.dates, t)
		case opKeyPrefix:
			b.prefixes = append(b.prefixes, t.prefixes)
		case opExtension:
			b.exts = append(b.exts, t)
		case opTag:
			b.tags = append(b.tags, t)
		default:
			b.never++
		}
	}
	return b
}

func compileTerms(conds []Condition, prog *Program) []objectTerm {
	ts := make([]objectTerm, len(conds))
	for i := range conds {
		c := &conds[i]
		t := objectTerm{cond: c, cmp: c.Comparator, ne: c.Comparator == criteria.NE,
			firstDot: prog.ExtensionRule == FirstDot, second: prog.LastModifiedPrecision != Exact}
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
			t.noExt = t.ne && prog.NoExtensionNE != NoExtensionNoMatch
			t.packed = !t.firstDot && t.noExt == t.ne && t.exts.Packed()
		case (c.Key == ObjectSize || c.Key == ObjectLastModifiedDate) && ordered(t.cmp):
			t.op = opSize
			t.size = c.Size
			t.setRange()
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

// setRange sets inRange, lo and span of an opSize term from cmp and size.
func (t *objectTerm) setRange() {
	lo, hi, in := t.size, t.size, true // EQ
	switch t.cmp {
	case criteria.NE:
		in = false
	case criteria.LT:
		lo, hi = math.MinInt64, t.size-1
	case criteria.LTE:
		lo = math.MinInt64
	case criteria.GT:
		lo, hi = t.size+1, math.MaxInt64
	case criteria.GTE:
		hi = math.MaxInt64
	}
	if (t.cmp == criteria.LT && t.size == math.MinInt64) || (t.cmp == criteria.GT && t.size == math.MaxInt64) {
		lo, hi, in = math.MinInt64, math.MaxInt64, false // never holds
	}
	t.inRange, t.lo, t.span = in, uint64(lo), uint64(hi)-uint64(lo)
}

func ordered(c criteria.JobComparator) bool {
	switch c {
	case criteria.EQ, criteria.NE, criteria.GT, criteria.GTE, criteria.LT, criteria.LTE:
		return true
	}
	return false
}

// Program returns a copy of the matcher's normalized condition tree.
func (m *ObjectMatcher) Program() *Program { return m.prog.clone() }

// Match reports whether o is in scope. It does not allocate and does not
// look at o's version flags: pick the version with CurrentVersion first. A
// nil o is treated as the zero Object.
func (m *ObjectMatcher) Match(o *Object) bool {
	if o == nil {
		o = &zeroObject
	}
	// !m.matchIncl.some(o, false), inline: a call costs about 5% here. The size,
	// date, prefix and extension terms are all evaluated and their
	// outcomes combined as bits, with no return until they are: whether a
	// record passes one of them varies from record to record, and a
	// mispredicted branch costs more than the terms left to evaluate (the
	// prefix and extension tests read the same few bytes of the key).
	// Only the tag terms, which read the tag map, wait for the others.
	b := &m.matchIncl
	if b.never != 0 {
		return false
	}
	in := uint64(1)
	for i := range b.sizes {
		in &= strset.Bit(b.sizes[i].sizeHolds(o.Size))
	}
	for i := range b.dates {
		in &= strset.Bit(b.dates[i].dateHolds(o.LastModified))
	}
	key := o.Key
	for i := range b.prefixes {
		// b.prefixes[i].match(key), with a root that is a leaf (a few
		// prefixes) inline: the call costs about 5% of Match there. A
		// deeper set pays one call on top of its table lookups.
		p := &b.prefixes[i]
		nd := &p.nodes[0]
		if nd.stride != 0 {
			// The walk down the trie branches on the key anyway: a
			// miss returns at once.
			if !p.match(key) {
				return false
			}
			continue
		}
		var w uint64 // strset.Word(key)
		if len(key) >= 8 {
			w = strset.Word8(key)
		} else {
			w = strset.Word(key)
		}
		in &= strset.AnyPrefixBit(nd.leaf, key, w)
	}
	for i := range b.exts {
		// extHolds as a bit, without a branch on the data for a packed
		// term and a key of at least eight bytes: the extension's code
		// is read from the key's last eight bytes (see lastExtCode) and
		// the set probed in full. When those bytes hold no "." or "/",
		// the name has no extension or one too long to be in the set,
		// and either way the outcome is that for a value not in the set,
		// ne. l is 8j+8 for the last mark, key[len(key)-8+j], and 0 for
		// none (then the shift by l-1 wraps past 63 and gives 0); the
		// name has an extension when that mark is a "." and not the
		// key's last byte.
		t := &b.exts[i]
		if !t.packed || len(key) < 8 {
			in &= strset.Bit(t.extHolds(key))
			continue
		}
		w := strset.Word8(key[len(key)-8:])
		dots := zeroBytes(w ^ dotBytes)
		l := uint(bits.Len64(dots | zeroBytes(w^slashBytes)))
		has := dots >> (l - 1) & 1 & strset.Bit(l != 64)
		in &= strset.Bit(t.ne) ^ has&t.exts.ContainsPackedBit(strset.Pack(w>>l, int(64-l)>>3))
	}
	if in == 0 {
		return false
	}
	for i := range b.tags {
		if !b.tags[i].tagHolds(o.Tags) {
			return false
		}
	}
	if m.matchExc.n == 0 {
		return true
	}
	// Out of scope when some exclude holds (OR), or none fails (AND).
	return m.matchExc.some(o, m.orJoin) != m.orJoin
}

var zeroObject Object

// some reports whether some term of b evaluates to v for o; an opNever
// term evaluates to false. Every term holds (the AND of an include block)
// when none evaluates to false; some term holds (the OR of an exclude
// block) when one evaluates to true.
func (b *termBlock) some(o *Object, v bool) bool {
	if !v && b.never != 0 {
		return true
	}
	for i := range b.sizes {
		if b.sizes[i].sizeHolds(o.Size) == v {
			return true
		}
	}
	for i := range b.dates {
		if b.dates[i].dateHolds(o.LastModified) == v {
			return true
		}
	}
	for i := range b.prefixes {
		if b.prefixes[i].match(o.Key) == v {
			return true
		}
	}
	for i := range b.exts {
		if b.exts[i].extHolds(o.Key) == v {
			return true
		}
	}
	for i := range b.tags {
		if b.tags[i].tagHolds(o.Tags) == v {
			return true
		}
	}
	return false
}

// eval is the condition's result for o.
func (t *objectTerm) eval(o *Object) bool {
	switch t.op {
	case opKeyPrefix:
		return t.prefixes.match(o.Key)
	case opExtension:
		return t.extHolds(o.Key)
	case opSize:
		return t.sizeHolds(o.Size)
	case opDate:
		return t.dateHolds(o.LastModified)
	case opTag:
		return t.tagHolds(o.Tags)
	}
	return false
}

func (t *objectTerm) sizeHolds(size int64) bool {
	return (uint64(size)-t.lo <= t.span) == t.inRange
}

func (t *objectTerm) dateHolds(lm time.Time) bool {
	c := cmpInt(lm.Unix(), t.sec)
	if c == 0 && !t.second {
		c = cmpInt(int64(lm.Nanosecond()), int64(t.nsec))
	}
	return t.outcome[c+1]
}

func (t *objectTerm) extHolds(key string) bool {
	if len(key) >= 8 && !t.firstDot {
		// The common case: the extension, if any, is short and in the
		// key's last eight bytes, and is looked up without being sliced.
		if c, ok := lastExtCode(key); ok {
			if c == 0 {
				return t.noExt
			}
			return t.exts.ContainsPacked(c) != t.ne
		}
	}
	ext, ok := t.extension(key)
	if !ok {
		return t.noExt
	}
	return t.exts.Contains(ext) != t.ne
}

func (t *objectTerm) tagHolds(tags map[string]string) bool {
	return anyTag(t.tags, tags) != t.ne
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
