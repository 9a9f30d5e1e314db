package criteria

import (
	"fmt"

	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/internal/enum"
)

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
