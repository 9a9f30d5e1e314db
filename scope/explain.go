package scope

import (
	"sort"
	"strconv"
	"time"

	"github.com/jobscope/jobscope/criteria"
)

// Decide is Match that also names the deciding condition when o is out of
// scope: the first include condition, in document order, that fails
// (block criteria.Includes), or, when every include holds, the first
// exclude condition that holds (block criteria.Excludes). The path is the
// one [ObjectMatcher.Explain] marks as deciding. For an object in scope,
// block and path are empty. Decide does not allocate.
func (m *ObjectMatcher) Decide(o *Object) (match bool, block criteria.BlockKind, path string) {
	return m.decide(o, -1)
}

// DecideGiven is Decide for an object known to meet the include condition
// at index given of [Program.Includes], which it does not evaluate: an
// index over many matchers' conditions (key prefixes, say) that found o
// calls it for the matchers it found. Its result is Decide's when o meets
// that condition; it is not defined otherwise. An index out of range
// evaluates every condition.
func (m *ObjectMatcher) DecideGiven(o *Object, given int) (match bool, block criteria.BlockKind, path string) {
	return m.decide(o, given)
}

func (m *ObjectMatcher) decide(o *Object, given int) (match bool, block criteria.BlockKind, path string) {
	if o == nil {
		o = &zeroObject
	}
	// The includes in document order: the first that fails decides.
	for i := range m.includes {
		if i != given && !m.includes[i].eval(o) {
			return false, criteria.Includes, m.includes[i].cond.Path
		}
	}
	if len(m.excludes) == 0 {
		return true, "", ""
	}
	// The excludes: under OR the first that holds excludes; under AND
	// every one must hold, and the first is named.
	for i := range m.excludes {
		holds := m.excludes[i].eval(o)
		switch {
		case holds && m.orJoin:
			return false, criteria.Excludes, m.excludes[i].cond.Path
		case !holds && !m.orJoin:
			return true, "", ""
		}
	}
	if m.orJoin {
		return true, "", ""
	}
	return false, criteria.Excludes, m.excludes[0].cond.Path
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
	return criteria.Decide(vs, m.prog.ExcludeJoin, "object")
}

func (t *objectTerm) verdict(o *Object) criteria.Verdict {
	c := t.cond
	v := criteria.Verdict{Path: c.Path, Block: c.Block, Field: c.field(), Comparator: c.Comparator,
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
