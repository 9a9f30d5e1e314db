package reference

import (
	"fmt"

	"github.com/jobscope/jobscope/criteria"
)

// Matcher is a compiled matcher of records of type R: a
// *criteria.BucketSelector (R is criteria.BucketMetadata) or a
// *scope.ObjectMatcher (R is scope.Object).
type Matcher[R any] interface {
	Match(r *R) bool
	Explain(r *R) criteria.Explanation
}

// Check returns how m disagrees on record r with want, the interpreter's
// answer: its Match, the Match of its Explain, an explanation of a record
// that does not match without a deciding condition, or, for a matcher
// with a Decide method (scope.ObjectMatcher), a Decide that disagrees with
// Explain. It returns nil when m agrees.
func Check[R any](m Matcher[R], r *R, want bool) error {
	if got := m.Match(r); got != want {
		return fmt.Errorf("Match = %v, want %v", got, want)
	}
	ex := m.Explain(r)
	switch {
	case ex.Match != want:
		return fmt.Errorf("Explain = %v, want %v: %s", ex.Match, want, ex.Decision)
	case !want && ex.DecidingPath == "":
		return fmt.Errorf("no deciding path: %+v", ex)
	}
	d, ok := m.(interface {
		Decide(r *R) (bool, criteria.BlockKind, string)
	})
	if !ok {
		return nil
	}
	var wantBlock criteria.BlockKind // the deciding condition's, none when r matches
	switch {
	case !want && !ex.Included:
		wantBlock = criteria.Includes
	case !want:
		wantBlock = criteria.Excludes
	}
	got, block, path := d.Decide(r)
	if got != want || block != wantBlock || path != ex.DecidingPath {
		return fmt.Errorf("Decide = %v, %q, %q; want %v, %q, %q (Explain)", got, block, path, want, wantBlock, ex.DecidingPath)
	}
	return nil
}
