package scope

import "github.com/jobscope/jobscope/criteria"

// Decide is Match that also names the deciding condition when o is out of
// scope: the first include condition, in document order, that fails
// (block criteria.Includes), or, when every include holds, the first
// exclude condition that holds (block criteria.Excludes). The path is the
// one [ObjectMatcher.Explain] marks as deciding. For an object in scope,
// block and path are empty. Decide does not allocate.
func (m *ObjectMatcher) Decide(o *Object) (match bool, block criteria.BlockKind, path string) {
	if o == nil {
		o = &zeroObject
	}
	// The includes in document order: the first that fails decides.
	for i := range m.includes {
		if !m.includes[i].eval(o) {
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
