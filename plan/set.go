package plan

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"iter"
	"math/bits"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/inventory"
	"github.com/jobscope/jobscope/scope"
)

// A Set is many dry runs planned together over the same objects, each of
// one job's run: which of them analyze each object, and what they leave
// out together. NewSet compiles it; Set.Decisions and Set.Scanners plan
// objects held in memory, Set.Run reads inputs once for all of them.
//
// An object is decided for every member exactly as the member's own
// DryRun decides it, but the work grows far slower than the number of
// members: the bucket stage is decided once per bucket and member, and an
// object reaches the scope stage of a member only when its key starts
// with one of the prefixes of that member's OBJECT_KEY include condition
// (an index over every member's prefixes, probed once per object), or when
// the member has no such condition. Members that the index leaves out
// skip the object at the scope stage (NOT_INCLUDED), those whose bucket
// stage rejects the bucket at the bucket stage, and a noncurrent version
// or a delete marker is skipped at the version stage by every member that
// takes its bucket.
type Set struct {
	names   []string
	members []*DryRun
	// prefixes are each member's OBJECT_KEY include values, nil when the
	// member has no such condition; prefixPath the condition's path.
	prefixes   [][]string
	prefixPath []string
	given      []int32 // the condition's index in the includes, or -1
	// deciders decide each member's objects once its prefix matched: the
	// first member whose decisions differ from its own in the prefixes
	// alone, so that members made from one template (one job per team,
	// under a prefix each) read the same memory.
	deciders []*DryRun
	buckets  sync.Map // bucket name → *setBucket
	workers  sync.Pool
	extRule  scope.ExtensionRule // the first member's, for Coverage.Uncovered
}

// NewSet returns the set of the dry runs, named by names (the same
// length; a name says which job and run a member is, for reports).
func NewSet(names []string, members []*DryRun) *Set {
	s := &Set{names: slices.Clone(names), members: slices.Clone(members),
		prefixes: make([][]string, len(members)), prefixPath: make([]string, len(members)),
		given: make([]int32, len(members))}
	if len(members) > 0 {
		s.extRule = members[0].scoping.Program().ExtensionRule
	}
	s.workers.New = func() any { return s.worker() }
	s.deciders = make([]*DryRun, len(members))
	templates := map[decideKey]*DryRun{}
	for i, m := range members {
		s.given[i], s.deciders[i] = -1, m
		prog := m.scoping.Program()
		for k, c := range prog.Includes {
			if c.Kind == scope.SimpleScopeTermKind && c.Key == scope.ObjectKey {
				s.prefixes[i], s.prefixPath[i], s.given[i] = c.Values, c.Path, int32(k)
				prog.Includes[k].Values = nil
				break
			}
		}
		if s.given[i] < 0 {
			continue
		}
		k, ok := m.decideKey(prog)
		if !ok {
			continue
		}
		if t, ok := templates[k]; ok {
			s.deciders[i] = t
		} else {
			templates[k] = m
		}
	}
	return s
}

// decideKey is what decide reads of a dry run besides its buckets, with
// its scoping program less the values of the condition a Set's index
// checks: dry runs of equal keys decide every object of a bucket they
// take alike once that condition holds.
type decideKey struct {
	prog               string
	elig               *scope.Eligibility
	sampling, windowed bool
	sampler            scope.Sampler
	run                int
	lower, upper       string
	lowerInclusive     bool
}

// decideKey returns the decideKey of p with the scoping program prog;
// false when prog's JSON may stand for another program too: it cannot be
// written, or it holds U+FFFD, which JSON also writes for invalid UTF-8.
// Eligibility tables are compared by identity: dry runs with the default
// engine options share one, others have their own and share no decider.
func (p *DryRun) decideKey(prog *scope.Program) (decideKey, bool) {
	data, err := json.Marshal(prog)
	if err != nil || bytes.Contains(data, []byte("\ufffd")) || bytes.Contains(data, []byte(`\ufffd`)) {
		return decideKey{}, false
	}
	w := p.window
	return decideKey{prog: string(data), elig: p.elig, sampling: p.sampling, windowed: p.windowed, sampler: p.sampler,
		run: w.RunNumber, lower: w.Lower.UTC().Format(time.RFC3339Nano), upper: w.Upper.UTC().Format(time.RFC3339Nano),
		lowerInclusive: w.LowerInclusive}, true
}

// setBucket is the set's bucket stage for one bucket: which members take
// it, and the index of their key prefixes.
type setBucket struct {
	states    []*bucketState
	selecting []int32
	always    []int32 // selecting members without a key prefix condition
	trie      prefixTrie
}

func (s *Set) bucket(name string) *setBucket {
	b := &setBucket{states: make([]*bucketState, len(s.members))}
	for i, m := range s.members {
		st := m.bucket(name)
		b.states[i] = st
		if !st.pass {
			continue
		}
		b.selecting = append(b.selecting, int32(i))
		if s.prefixes[i] == nil {
			b.always = append(b.always, int32(i))
			continue
		}
		for _, p := range s.prefixes[i] {
			b.trie.insert(p, int32(i))
		}
	}
	b.trie.compact()
	return b
}

// candidates appends to dst the members that take the bucket and whose
// key prefix condition, if any, key meets, each once, in member order.
func (b *setBucket) candidates(key string, dst []int32) []int32 {
	dst = append(dst, b.always...)
	n := len(dst)
	dst = b.trie.match(key, dst)
	if len(dst) > n && (n > 0 || len(dst)-n > 1) {
		slices.Sort(dst)
		dst = slices.Compact(dst)
	}
	return dst
}

// prefixTrie maps key prefixes to members: a byte trie whose chains of
// nodes without members and with one child are merged into one edge. It
// is built by insert and compact, and matched in its flat form: every
// node's label and edge bytes in one string, its children and members in
// one slice, so that a match reads few cache lines.
type prefixTrie struct {
	build []trieNode // the trie being built; nil once compacted
	nodes []flatNode
	text  string  // the labels and edge bytes of nodes
	ints  []int32 // the children and members of nodes
}

type trieNode struct {
	label   string  // the bytes of the edge into the node
	edges   string  // the first byte of each child's label
	next    []int32 // the child each edge leads to
	members []int32 // the members whose prefix ends here
}

// flatNode is a node of the compacted trie: its label is
// text[label:label+labelLen]; ints[next:next+nedges] are its children, in
// the order of their labels' first bytes, which the bits of edges mark,
// and the nmembers ints after them the members whose prefix ends at the
// node.
type flatNode struct {
	edges          [4]uint64
	label          uint32
	labelLen       uint16
	nedges         uint16
	next, nmembers uint32
}

// child returns the index in ints of the child whose label starts with c,
// or -1.
func (n *flatNode) child(c byte) int {
	w, bit := c>>6, uint64(1)<<(c&63)
	if n.edges[w]&bit == 0 {
		return -1
	}
	j := bits.OnesCount64(n.edges[w] & (bit - 1))
	for k := range w {
		j += bits.OnesCount64(n.edges[k])
	}
	return int(n.next) + j
}

func (t *prefixTrie) insert(prefix string, member int32) {
	if t.build == nil {
		t.build = []trieNode{{}}
	}
	n := int32(0)
	for i := 0; i < len(prefix); i++ {
		node := &t.build[n]
		if j := strings.IndexByte(node.edges, prefix[i]); j >= 0 {
			n = node.next[j]
			continue
		}
		t.build = append(t.build, trieNode{label: prefix[i : i+1]})
		node = &t.build[n] // append may have moved it
		node.edges += prefix[i : i+1]
		node.next = append(node.next, int32(len(t.build)-1))
		n = int32(len(t.build) - 1)
	}
	if ms := t.build[n].members; len(ms) == 0 || ms[len(ms)-1] != member {
		t.build[n].members = append(ms, member)
	}
}

// compact merges each node without members and with one child into the
// edge that leads to it, from the root down, and lays the trie out flat.
func (t *prefixTrie) compact() {
	if t.build == nil {
		t.build = []trieNode{{}}
	}
	var nodes []trieNode
	var walk func(n int32, label string) int32
	walk = func(n int32, label string) int32 {
		node := t.build[n]
		for n != 0 && len(node.members) == 0 && len(node.next) == 1 {
			n = node.next[0]
			node = t.build[n]
			label += node.label
		}
		id := int32(len(nodes))
		nodes = append(nodes, trieNode{label: label, members: node.members})
		var edges []byte
		var next []int32
		for _, c := range node.next {
			child := walk(c, t.build[c].label)
			edges = append(edges, nodes[child].label[0])
			next = append(next, child)
		}
		nodes[id].edges, nodes[id].next = string(edges), next
		return id
	}
	walk(0, "")
	var text []byte
	t.nodes, t.ints = make([]flatNode, len(nodes)), nil
	for i, n := range nodes {
		f := flatNode{label: uint32(len(text)), labelLen: uint16(len(n.label)), nedges: uint16(len(n.edges)),
			next: uint32(len(t.ints)), nmembers: uint32(len(n.members))}
		order := make([]int, len(n.edges))
		for k := range order {
			order[k] = k
			c := n.edges[k]
			f.edges[c>>6] |= 1 << (c & 63)
		}
		slices.SortFunc(order, func(a, b int) int { return cmp.Compare(n.edges[a], n.edges[b]) })
		for _, k := range order {
			t.ints = append(t.ints, n.next[k])
		}
		t.ints = append(t.ints, n.members...)
		text = append(text, n.label...)
		t.nodes[i] = f
	}
	t.text, t.build = string(text), nil
}

// match appends to dst the members of every prefix of key.
func (t *prefixTrie) match(key string, dst []int32) []int32 {
	nodes, text, ints := t.nodes, t.text, t.ints
	node := &nodes[0]
	for i := 0; ; {
		if node.nmembers > 0 {
			m := node.next + uint32(node.nedges)
			dst = append(dst, ints[m:m+node.nmembers]...)
		}
		if i == len(key) {
			return dst
		}
		j := node.child(key[i])
		if j < 0 {
			return dst
		}
		node = &nodes[ints[j]]
		// The label's first byte is the edge's, which matched.
		l := int(node.labelLen)
		if l > 1 && (l > len(key)-i || key[i+1:i+l] != text[node.label+1:node.label+uint32(l)]) {
			return dst
		}
		i += l
	}
}

// setWorker is one goroutine's state of a Set's decisions.
type setWorker struct {
	s          *Set
	buckets    map[string]*setBucket
	lastName   string
	last       *setBucket
	cands      []int32
	candidates []Decision // the candidates' decisions, by position in cands
}

func (s *Set) worker() *setWorker {
	return &setWorker{s: s, buckets: map[string]*setBucket{}}
}

func (w *setWorker) bucketOf(name string) *setBucket {
	if w.last != nil && name == w.lastName {
		return w.last
	}
	b, ok := w.buckets[name]
	if !ok {
		name := strings.Clone(name)
		v, ok := w.s.buckets.Load(name)
		if !ok {
			v, _ = w.s.buckets.LoadOrStore(name, w.s.bucket(name))
		}
		b = v.(*setBucket)
		w.buckets[name] = b
	}
	w.lastName, w.last = strings.Clone(name), b
	return b
}

// decide decides o for the members that reach its scope stage (w.cands,
// with their decisions in w.candidates) and returns its bucket. A
// noncurrent version or delete marker reaches no scope stage.
func (w *setWorker) decide(o *scope.Object) *setBucket {
	b := w.bucketOf(o.Bucket)
	w.cands, w.candidates = w.cands[:0], w.candidates[:0]
	if o.Noncurrent || o.IsDeleteMarker {
		return b
	}
	w.cands = b.candidates(o.Key, w.cands)
	for _, i := range w.cands {
		w.candidates = append(w.candidates, w.s.deciders[i].decide(o, b.states[i], int(w.s.given[i])))
	}
	return b
}

func (w *setWorker) decideAll(o *scope.Object, ds []Decision) []Decision {
	b := w.decide(o)
	ds = slices.Grow(ds[:0], len(w.s.members))[:len(w.s.members)]
	for i, st := range b.states {
		switch {
		case !st.pass:
			ds[i] = st.d
		case o.Noncurrent:
			ds[i] = fixed[slotNoncurrent]
		case o.IsDeleteMarker:
			ds[i] = fixed[slotDeleteMarker]
		default:
			ds[i] = fixed[slotNotIncluded]
			ds[i].Path = w.s.prefixPath[i]
		}
	}
	for k, i := range w.cands {
		ds[i] = w.candidates[k]
	}
	return ds
}

// Decisions returns every object of objs with every member's decision,
// in member order, each the decision of the member's own DryRun.Decide.
// The slice is reused between objects.
func (s *Set) Decisions(objs iter.Seq[scope.Object]) iter.Seq2[scope.Object, []Decision] {
	return func(yield func(scope.Object, []Decision) bool) {
		w := s.worker()
		var ds []Decision
		for o := range objs {
			ds = w.decideAll(&o, ds)
			if !yield(o, ds) {
				return
			}
		}
	}
}

// Scanners appends to dst the members that analyze o, in member order.
func (s *Set) Scanners(o *scope.Object, dst []int) []int {
	w := s.workers.Get().(*setWorker)
	defer s.workers.Put(w)
	w.decide(o)
	for k, i := range w.cands {
		if w.candidates[k].Scan {
			dst = append(dst, int(i))
		}
	}
	return dst
}

// Coverage is what a Set's members analyze together, from Set.Run.
type Coverage struct {
	// Read is every object read; Rejected the rows that could not be read.
	Read     Counts `json:"read"`
	Rejected int64  `json:"rejected"`
	// None, One and Many are the objects analyzed by no member, by exactly
	// one, and by two or more: Read = None + One + Many.
	None Counts `json:"none"`
	One  Counts `json:"one"`
	Many Counts `json:"many"`
	// Duplicate is the analyses beyond the first of the objects of Many:
	// an object analyzed by k members counts k−1 times.
	Duplicate Counts `json:"duplicate"`
	// Members are each member's own summary, as its DryRun.Run would
	// give it over the same inputs, with what it shares.
	Members []MemberCoverage `json:"members"`
	// Overlap is, for every pair of members that analyze some object in
	// common, those objects; by member index, A < B.
	Overlap []PairOverlap `json:"overlap"`
	// UncoveredBuckets are the objects no member analyzes, by bucket, most
	// bytes first.
	UncoveredBuckets []BucketCounts `json:"uncoveredBuckets"`
	// Uncovered are the objects no member analyzes, by bucket, key prefix
	// (the key up to its first "/", or "" without one) and extension
	// (as the first member's ExtensionRule derives it), most bytes first.
	// Beyond MaxUncoveredGroups groups, the rest of a bucket's objects are
	// one group with the prefix and extension "*".
	Uncovered []UncoveredGroup `json:"uncovered"`
	// Files, FileErrors, RowErrors, Assumed and Partial are as in Summary.
	Files      int      `json:"files"`
	FileErrors []string `json:"fileErrors"`
	RowErrors  []string `json:"rowErrors"`
	Assumed    []string `json:"assumed,omitempty"`
	Partial    bool     `json:"partial"`
}

// MaxUncoveredGroups bounds Coverage.Uncovered.
const MaxUncoveredGroups = 10000

// MemberCoverage is one member of a Set in a Coverage.
type MemberCoverage struct {
	Name string `json:"name"`
	// Summary is the member's own dry run.
	Summary *Summary `json:"summary"`
	// Own are the objects only this member analyzes, Shared those it
	// analyzes with another: Summary.Scanned = Own + Shared.
	Own    Counts `json:"own"`
	Shared Counts `json:"shared"`
	// Uncovered are the skips of the objects no member analyzes, by the
	// reason this member skips them, most objects first.
	Uncovered []ReasonCount `json:"uncovered"`
}

// PairOverlap is what two members both analyze.
type PairOverlap struct {
	A, B int `json:"-"`
	Counts
}

// UncoveredGroup is a group of objects no member analyzes.
type UncoveredGroup struct {
	Bucket    string `json:"bucket"`
	Prefix    string `json:"prefix"`
	Extension string `json:"extension"`
	Counts
}

// coverageTally is one worker's tally of a Set's run.
type coverageTally struct {
	members              []*tally // the members' decisions at their scope stage and after
	read                 Counts
	none, one, many, dup Counts
	own, shared          []Counts
	pairs                map[[2]int32]*Counts
	buckets              map[string]*setBucketTally
	uncovered            map[uncoveredKey]*Counts
	uncoveredReasons     [][numReasons]Counts // by member: the uncovered objects that reached its scope stage
	uncoveredOther       map[string]*Counts   // by bucket, beyond MaxUncoveredGroups
	files                int
	rejections
	fileErrs []fileErr
}

// setBucketTally is the objects of one bucket, for the members that are
// not candidates: every object and those no member analyzes, each with
// their version skips.
type setBucketTally struct {
	b               *setBucket
	read, uncovered versionCounts
}

// versionCounts are objects, and those of them that are a noncurrent
// version or a delete marker.
type versionCounts struct {
	all, noncurrent, deleteMarker Counts
}

func (v *versionCounts) add(o *scope.Object) {
	v.all.add(o.Size)
	switch {
	case o.Noncurrent:
		v.noncurrent.add(o.Size)
	case o.IsDeleteMarker:
		v.deleteMarker.add(o.Size)
	}
}

func (v *versionCounts) merge(o versionCounts) {
	v.all.merge(o.all)
	v.noncurrent.merge(o.noncurrent)
	v.deleteMarker.merge(o.deleteMarker)
}

type uncoveredKey struct{ bucket, prefix, ext string }

func (s *Set) newTally() *coverageTally {
	t := &coverageTally{members: make([]*tally, len(s.members)), own: make([]Counts, len(s.members)),
		shared: make([]Counts, len(s.members)), pairs: map[[2]int32]*Counts{}, buckets: map[string]*setBucketTally{},
		uncovered: map[uncoveredKey]*Counts{}, uncoveredReasons: make([][numReasons]Counts, len(s.members)),
		uncoveredOther: map[string]*Counts{}}
	for i := range t.members {
		t.members[i] = newTally()
	}
	return t
}

// add tallies o, which w has just decided into b.
func (t *coverageTally) add(w *setWorker, b *setBucket, o *scope.Object, bt *setBucketTally) {
	size := o.Size
	t.read.add(size)
	bt.read.add(o)
	scanners := 0
	first := int32(-1)
	for k, i := range w.cands {
		d := w.candidates[k]
		mt := t.members[i]
		mt.addTo(mt.bucket(o.Bucket, b.states[i].selected), size, d)
		if d.Scan {
			if scanners == 0 {
				first = i
			}
			scanners++
		}
	}
	switch scanners {
	case 0:
		t.none.add(size)
		bt.uncovered.add(o)
		for k, i := range w.cands {
			t.uncoveredReasons[i][w.candidates[k].slot].add(size)
		}
		t.addUncovered(w.s, o)
	case 1:
		t.one.add(size)
		t.own[first].add(size)
	default:
		t.many.add(size)
		for range scanners - 1 {
			t.dup.add(size)
		}
		for k, i := range w.cands {
			if !w.candidates[k].Scan {
				continue
			}
			t.shared[i].add(size)
			for k2 := k + 1; k2 < len(w.cands); k2++ {
				if w.candidates[k2].Scan {
					key := [2]int32{i, w.cands[k2]}
					c := t.pairs[key]
					if c == nil {
						c = &Counts{}
						t.pairs[key] = c
					}
					c.add(size)
				}
			}
		}
	}
}

func (t *coverageTally) addUncovered(s *Set, o *scope.Object) {
	prefix, _, found := strings.Cut(o.Key, "/")
	if found {
		prefix += "/"
	} else {
		prefix = ""
	}
	ext, _ := scope.Extension(o.Key, s.extRule)
	k := uncoveredKey{o.Bucket, prefix, ext}
	if c := t.uncovered[k]; c != nil {
		c.add(o.Size)
		return
	}
	if len(t.uncovered) >= MaxUncoveredGroups {
		c := t.uncoveredOther[o.Bucket]
		if c == nil {
			c = &Counts{}
			t.uncoveredOther[strings.Clone(o.Bucket)] = c
		}
		c.add(o.Size)
		return
	}
	c := &Counts{}
	c.add(o.Size)
	t.uncovered[uncoveredKey{strings.Clone(o.Bucket), strings.Clone(prefix), strings.Clone(ext)}] = c
}

func (t *coverageTally) merge(o *coverageTally) {
	for i := range t.members {
		t.members[i].merge(o.members[i])
		t.own[i].merge(o.own[i])
		t.shared[i].merge(o.shared[i])
		for r := range t.uncoveredReasons[i] {
			t.uncoveredReasons[i][r].merge(o.uncoveredReasons[i][r])
		}
	}
	t.read.merge(o.read)
	t.none.merge(o.none)
	t.one.merge(o.one)
	t.many.merge(o.many)
	t.dup.merge(o.dup)
	mergeCounts(t.pairs, o.pairs)
	for name, ob := range o.buckets {
		b := t.buckets[name]
		if b == nil {
			t.buckets[name] = ob
			continue
		}
		b.read.merge(ob.read)
		b.uncovered.merge(ob.uncovered)
	}
	mergeCounts(t.uncovered, o.uncovered)
	mergeCounts(t.uncoveredOther, o.uncoveredOther)
	t.files += o.files
	t.rejections.merge(o.rejections)
	t.fileErrs = append(t.fileErrs, o.fileErrs...)
}

// mergeCounts adds the counts of src to those of dst, key by key.
func mergeCounts[K comparable](dst, src map[K]*Counts) {
	for k, c := range src {
		if d := dst[k]; d != nil {
			d.merge(*c)
		} else {
			dst[k] = c
		}
	}
}

// memberTally completes member i's tally with the objects it decided
// without reaching its scope stage: the buckets it does not take, the
// version skips, and the objects the index left out (NOT_INCLUDED).
func (s *Set) memberTally(t *coverageTally, i int) *tally {
	mt := t.members[i]
	names := make([]string, 0, len(t.buckets))
	for name := range t.buckets {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		bt := t.buckets[name]
		st := bt.b.states[i]
		b := mt.bucket(name, st.selected)
		add := func(c Counts, d Decision) {
			if c.Objects == 0 {
				return
			}
			mt.read.merge(c)
			b.read.merge(c)
			mt.reasons[d.slot].merge(c)
			b.reasons[d.slot].merge(c)
		}
		if !st.pass {
			add(bt.read.all, st.d)
			continue
		}
		// The objects that did not reach the scope stage and are no
		// version skips: every object, less those, less those decided.
		rest := bt.read.all
		rest.sub(bt.read.noncurrent)
		rest.sub(bt.read.deleteMarker)
		rest.sub(b.read)
		add(bt.read.noncurrent, fixed[slotNoncurrent])
		add(bt.read.deleteMarker, fixed[slotDeleteMarker])
		add(rest, fixed[slotNotIncluded])
	}
	return mt
}

// sub takes o from c (counts that never saturated).
func (c *Counts) sub(o Counts) {
	c.Objects -= o.Objects
	c.Bytes -= o.Bytes
}

// coverage turns the merged tally into a Coverage.
func (s *Set) coverage(t *coverageTally) *Coverage {
	c := &Coverage{Read: t.read, Rejected: t.rejected, None: t.none, One: t.one, Many: t.many, Duplicate: t.dup,
		Members: []MemberCoverage{}, Overlap: []PairOverlap{}, Uncovered: []UncoveredGroup{}, UncoveredBuckets: []BucketCounts{},
		Files: t.files, FileErrors: []string{}, RowErrors: []string{}}
	for name, bt := range t.buckets {
		if bt.uncovered.all.Objects > 0 {
			c.UncoveredBuckets = append(c.UncoveredBuckets, BucketCounts{Bucket: name, Counts: bt.uncovered.all})
		}
	}
	slices.SortFunc(c.UncoveredBuckets, func(a, b BucketCounts) int {
		return cmp.Or(cmp.Compare(b.Bytes, a.Bytes), cmp.Compare(b.Objects, a.Objects), strings.Compare(a.Bucket, b.Bucket))
	})
	// The version skips and buckets of the uncovered objects, for the
	// members that did not decide them at their scope stage.
	for i, m := range s.members {
		var rs [numReasons]Counts
		rs = t.uncoveredReasons[i]
		for _, bt := range t.buckets {
			st := bt.b.states[i]
			if !st.pass {
				rs[st.d.slot].merge(bt.uncovered.all)
				continue
			}
			rs[slotNoncurrent].merge(bt.uncovered.noncurrent)
			rs[slotDeleteMarker].merge(bt.uncovered.deleteMarker)
		}
		var decided Counts
		for _, r := range rs {
			decided.merge(r)
		}
		rest := t.none
		rest.sub(decided)
		rs[slotNotIncluded].merge(rest)
		mt := s.memberTally(t, i)
		mt.files, mt.rejections, mt.fileErrs = t.files, t.rejections, t.fileErrs
		sum := m.summary(mt)
		c.Members = append(c.Members, MemberCoverage{Name: s.names[i], Summary: sum, Own: t.own[i], Shared: t.shared[i],
			Uncovered: reasonCounts(&rs)})
	}
	for k, p := range t.pairs {
		c.Overlap = append(c.Overlap, PairOverlap{A: int(k[0]), B: int(k[1]), Counts: *p})
	}
	slices.SortFunc(c.Overlap, func(a, b PairOverlap) int {
		return cmp.Or(cmp.Compare(b.Bytes, a.Bytes), cmp.Compare(a.A, b.A), cmp.Compare(a.B, b.B))
	})
	for k, n := range t.uncovered {
		c.Uncovered = append(c.Uncovered, UncoveredGroup{Bucket: k.bucket, Prefix: k.prefix, Extension: k.ext, Counts: *n})
	}
	for bucket, n := range t.uncoveredOther {
		c.Uncovered = append(c.Uncovered, UncoveredGroup{Bucket: bucket, Prefix: "*", Extension: "*", Counts: *n})
	}
	slices.SortFunc(c.Uncovered, func(a, b UncoveredGroup) int {
		return cmp.Or(cmp.Compare(b.Bytes, a.Bytes), cmp.Compare(b.Objects, a.Objects),
			strings.Compare(a.Bucket, b.Bucket), strings.Compare(a.Prefix, b.Prefix), strings.Compare(a.Extension, b.Extension))
	})
	if len(c.Members) > 0 {
		first := c.Members[0].Summary
		c.FileErrors, c.RowErrors = first.FileErrors, first.RowErrors
	}
	return c
}

// Run reads every file of the sources once, decides every object for
// every member, and returns the coverage. It checks the sources' columns
// for every member first, as DryRun.Run does, and reads as DryRun.Run does
// (opts.Decisions is not used; each, when set, receives every object with
// the members that analyze it, in input order, from one goroutine, and an
// error it returns stops the run).
func (s *Set) Run(ctx context.Context, sources []*inventory.Source, opts RunOptions, each func(*inventory.Record, []int) error) (*Coverage, error) {
	t, assumed, err := s.run(ctx, sources, opts, each)
	if t == nil {
		return nil, err
	}
	c := s.coverage(t)
	for i, m := range c.Members {
		m.Summary.Assumed = append(slices.Clone(assumed[i]), m.Summary.Assumed...)
		for _, a := range assumed[i] {
			if !slices.Contains(c.Assumed, a) {
				c.Assumed = append(c.Assumed, a)
			}
		}
	}
	if err != nil {
		c.Partial = true
		for _, m := range c.Members {
			m.Summary.Partial = true
		}
	}
	return c, err
}

// run reads the sources for Run and returns the merged tally and what is
// assumed for each member; a nil tally when the sources lack a column a
// member needs.
func (s *Set) run(ctx context.Context, sources []*inventory.Source, opts RunOptions, each func(*inventory.Record, []int) error) (*coverageTally, [][]string, error) {
	var jobs []fileJob
	assumed := make([][]string, len(s.members))
	var errs field.ErrorList
	seen := map[string]bool{}
	for _, src := range sources {
		var fix fixups
		for i, m := range s.members {
			f, a, e := m.check(src, opts.Tags != nil)
			fix.storageClass = fix.storageClass || f.storageClass
			fix.encryption = fix.encryption || f.encryption
			fix.tags = fix.tags || f.tags
			assumed[i] = append(assumed[i], a...)
			for _, x := range e {
				if !seen[x.Error()] {
					seen[x.Error()] = true
					errs = append(errs, x)
				}
			}
		}
		for _, f := range src.Files {
			jobs = append(jobs, fileJob{f: f, fix: fix, rows: opts.Rows})
		}
	}
	if len(errs) > 0 {
		return nil, nil, errs
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if each != nil {
		workers = 1 // in input order
	}
	workers = min(workers, max(len(jobs), 1))
	keep := opts.KeepRowErrors
	if keep == 0 {
		keep = 10
	}
	keep = max(keep, 0)

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var next atomic.Int64
	tallies := make([]*coverageTally, workers)
	var cbErr error
	var wg sync.WaitGroup
	for k := range workers {
		t := s.newTally()
		tallies[k] = t
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := s.worker()
			var scanners []int
			var lastName string
			var last *setBucketTally
			for {
				i := int(next.Add(1) - 1)
				if i >= len(jobs) || ctx.Err() != nil {
					return
				}
				t.files++
				records(ctx, i, jobs[i], opts.Tags, keep, func(rec *inventory.Record) bool {
					o := &rec.Object
					b := w.decide(o)
					if last == nil || o.Bucket != lastName {
						last = t.buckets[o.Bucket]
						if last == nil {
							last = &setBucketTally{b: b}
							t.buckets[strings.Clone(o.Bucket)] = last
						}
						lastName = strings.Clone(o.Bucket)
					}
					t.add(w, b, o, last)
					if each == nil {
						return true
					}
					scanners = scanners[:0]
					for k, m := range w.cands {
						if w.candidates[k].Scan {
							scanners = append(scanners, int(m))
						}
					}
					if err := each(rec, scanners); err != nil {
						cbErr = err
						cancel()
						return false
					}
					return true
				}, func() *rejections { return &t.rejections }, func(err error) {
					t.fileErrs = append(t.fileErrs, fileErr{i, err})
				})
			}
		}()
	}
	wg.Wait()
	total := tallies[0]
	for _, t := range tallies[1:] {
		total.merge(t)
	}
	slices.SortStableFunc(total.rowErrs, compareRowErrs)
	total.rowErrs = total.rowErrs[:min(keep, len(total.rowErrs))]
	switch {
	case cbErr != nil:
		return total, assumed, cbErr
	case ctx.Err() != nil:
		return total, assumed, ctx.Err()
	}
	return total, assumed, nil
}
