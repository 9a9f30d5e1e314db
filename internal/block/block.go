// Package block walks the condition blocks that bucket criteria (package
// criteria) and object scoping (package scope) share: a criteria object
// has an includes and an excludes block, each an and list of conditions,
// and each condition holds exactly one of two terms, a simple term and a
// tag term (docs/semantics.md, "Condition blocks").
package block

import (
	"fmt"

	"github.com/jobscope/jobscope/field"
)

// Syntax describes one kind of criteria object: B is its block type, T
// its condition type, and S and G the types of a condition's simple and
// tag term.
type Syntax[B, T, S, G any] struct {
	// And returns a block's conditions.
	And func(b *B) []T
	// Terms returns a condition's terms, nil when absent.
	Terms func(c *T) (*S, *G)
	// Simple and Tag are the JSON names of the two terms.
	Simple, Tag string
}

// The names of the two blocks, which are also the values of
// criteria.BlockKind.
var names = [2]string{"includes", "excludes"}

// Validate reports every problem of the criteria object at p whose blocks
// are in and ex (nil for an absent block): with emptyError, a block
// without conditions, at the path of its and member; a condition that
// holds both terms or neither; and what simple or tag reports about the
// term a condition holds, at the term's path.
func (s *Syntax[B, T, S, G]) Validate(p field.Path, in, ex *B, emptyError bool,
	simple func(t *S, p field.Path) field.ErrorList, tag func(t *G, p field.Path) field.ErrorList) field.ErrorList {
	var errs field.ErrorList
	for k, b := range [2]*B{in, ex} {
		if b == nil {
			continue
		}
		ap := p.Child(names[k]).Child("and")
		and := s.And(b)
		if len(and) == 0 && emptyError {
			errs = append(errs, field.New(ap, field.TooFew,
				"the block has no conditions; give at least one or leave the block out"))
		}
		for i := range and {
			cp := ap.Index(i)
			switch st, gt := s.Terms(&and[i]); {
			case st != nil && gt != nil:
				errs = append(errs, field.New(cp, field.Conflict, fmt.Sprintf(
					"a condition can contain only one %s or one %s, not both; split it into two conditions", s.Simple, s.Tag)))
			case st == nil && gt == nil:
				errs = append(errs, field.New(cp, field.Required, fmt.Sprintf("a condition needs a %s or a %s", s.Simple, s.Tag)))
			case st != nil:
				errs = append(errs, simple(st, cp.Child(s.Simple))...)
			default:
				errs = append(errs, tag(gt, cp.Child(s.Tag))...)
			}
		}
	}
	return errs
}

// termPath is the path of the term that condition c at p holds.
func (s *Syntax[B, T, S, G]) termPath(c *T, p field.Path) field.Path {
	if st, _ := s.Terms(c); st != nil {
		return p.Child(s.Simple)
	}
	return p.Child(s.Tag)
}

// Normalize returns the normalized conditions of the valid criteria object
// at p whose blocks are in and ex: norm makes the one of the i-th
// condition c of the block named block ("includes" or "excludes"), whose
// term is at p. An absent block has no conditions: an empty list, not nil.
func Normalize[B, T, S, G, C any](s *Syntax[B, T, S, G], p field.Path, in, ex *B,
	norm func(c *T, block string, i int, p field.Path) C) (includes, excludes []C) {
	var out [2][]C
	for k, b := range [2]*B{in, ex} {
		var and []T
		if b != nil {
			and = s.And(b)
		}
		ap := p.Child(names[k]).Child("and")
		out[k] = make([]C, len(and))
		for i := range and {
			out[k][i] = norm(&and[i], names[k], i, s.termPath(&and[i], ap.Index(i)))
		}
	}
	return out[0], out[1]
}

// Clone returns a copy of the conditions cs in which own gives each
// condition its own copies of the slices it holds.
func Clone[C any](cs []C, own func(c *C)) []C {
	out := make([]C, len(cs))
	for i := range cs {
		out[i] = cs[i]
		own(&out[i])
	}
	return out
}
