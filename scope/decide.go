package scope

import "github.com/jobscope/jobscope/criteria"

// Decide is Match that also names the deciding condition when o is out of
// scope: the first include condition, in document order, that fails
// (block criteria.Includes), or, when every include holds, the first
// exclude condition that holds (block criteria.Excludes). The path is the
// one [ObjectMatcher.Explain] marks as deciding. For an object in scope,
// block and path are empty. Decide does not allocate.
func (m *ObjectMatcher) Decide(o *Object) (match bool, block criteria.BlockKind, path string) {
	if m.Match(o) {
		return true, "", ""
	}
	if o == nil {
		o = &zeroObject
	}
	for i := range m.includes {
		if !m.includes[i].eval(o) {
			return false, criteria.Includes, m.includes[i].cond.Path
		}
	}
	for i := range m.excludes {
		if m.excludes[i].eval(o) {
			return false, criteria.Excludes, m.excludes[i].cond.Path
		}
	}
	return false, "", "" // unreachable: Match said an include fails or the excludes hold
}
