package scope

// Decide is Match that also names the deciding condition when o is out of
// scope: the path of the first include condition, in document order, that
// fails, or, when every include holds, of the first exclude condition that
// holds. The path is the one [ObjectMatcher.Explain] marks as deciding, and
// empty when o is in scope. Decide does not allocate.
func (m *ObjectMatcher) Decide(o *Object) (match bool, path string) {
	if m.Match(o) {
		return true, ""
	}
	if o == nil {
		o = &zeroObject
	}
	for i := range m.includes {
		if !m.includes[i].eval(o) {
			return false, m.includes[i].cond.Path
		}
	}
	for i := range m.excludes {
		if m.excludes[i].eval(o) {
			return false, m.excludes[i].cond.Path
		}
	}
	return false, "" // unreachable: Match said an include fails or the excludes hold
}
