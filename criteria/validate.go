package criteria

import (
	"fmt"

	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/internal/enum"
)

// validate reports every problem of c, with paths below p. A nil c has no
// problems.
func (c *S3BucketCriteriaForJob) validate(p field.Path, opts Options) field.ErrorList {
	if c == nil {
		return nil
	}
	var errs field.ErrorList
	errs = append(errs, c.Includes.validate(p.Child("includes"), opts)...)
	errs = append(errs, c.Excludes.validate(p.Child("excludes"), opts)...)
	return errs
}

func (b *CriteriaBlockForJob) validate(p field.Path, opts Options) field.ErrorList {
	if b == nil {
		return nil
	}
	var errs field.ErrorList
	if len(b.And) == 0 && opts.EmptyBlock == EmptyBlockError {
		errs = append(errs, field.New(p.Child("and"), field.TooFew,
			"the block has no conditions; give at least one or leave the block out"))
	}
	for i := range b.And {
		errs = append(errs, b.And[i].validate(p.Child("and").Index(i))...)
	}
	return errs
}

func (c *CriteriaForJob) validate(p field.Path) field.ErrorList {
	switch {
	case c.SimpleCriterion != nil && c.TagCriterion != nil:
		return field.ErrorList{field.New(p, field.Conflict,
			"a condition can contain only one simpleCriterion or one tagCriterion, not both; split it into two conditions")}
	case c.SimpleCriterion == nil && c.TagCriterion == nil:
		return field.ErrorList{field.New(p, field.Required,
			"a condition needs a simpleCriterion or a tagCriterion")}
	case c.SimpleCriterion != nil:
		return c.SimpleCriterion.validate(p.Child("simpleCriterion"))
	default:
		return c.TagCriterion.validate(p.Child("tagCriterion"))
	}
}

func (s *SimpleCriterionForJob) validate(p field.Path) field.ErrorList {
	var errs field.ErrorList
	if e := enum.Check(p, "key", s.Key, "a bucket criterion key"); e != nil {
		errs = append(errs, e)
	}
	errs = append(errs, eqOrNE(p.Child("comparator"), s.Comparator, "a simple criterion")...)
	if len(s.Values) == 0 {
		errs = append(errs, field.New(p.Child("values"), field.TooFew, "values needs at least one value"))
	}
	return errs
}

func (t *TagCriterionForJob) validate(p field.Path) field.ErrorList {
	errs := eqOrNE(p.Child("comparator"), t.Comparator, "a tag criterion")
	if len(t.TagValues) == 0 {
		errs = append(errs, field.New(p.Child("tagValues"), field.TooFew,
			"tagValues needs at least one tag key, tag value or key-value pair"))
	}
	for i, v := range t.TagValues {
		if v.Key == "" && v.Value == "" {
			errs = append(errs, field.New(p.Child("tagValues").Index(i), field.Required,
				"a tag pair needs a key, a value, or both"))
		}
	}
	return errs
}

func eqOrNE(p field.Path, c JobComparator, what string) field.ErrorList {
	switch {
	case c == EQ || c == NE:
		return nil
	case c == "":
		return field.ErrorList{field.New(p, field.Required, "comparator is required; use EQ or NE")}
	case enum.Valid(c):
		return field.ErrorList{field.New(p, field.InvalidValue,
			fmt.Sprintf("%s is not valid for %s; use EQ or NE", c, what))}
	default:
		return field.ErrorList{field.New(p, field.InvalidValue,
			fmt.Sprintf("%q is not a comparator; use EQ or NE", c))}
	}
}
