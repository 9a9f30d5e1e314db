package scope

import (
	"fmt"
	"slices"

	"github.com/jobscope/jobscope/criteria"
	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/internal/enum"
)

func (s *SimpleScopeTerm) validate(p field.Path) field.ErrorList {
	var errs field.ErrorList
	keyOK := false
	switch {
	case s.Key == "":
		errs = append(errs, field.New(p.Child("key"), field.Required,
			"key is required; use one of "+field.Alternatives(ScopeFilterKey("").Values())))
	case s.Key == LegacyBucketCreationDate:
		errs = append(errs, field.New(p.Child("key"), field.Removed,
			"BUCKET_CREATION_DATE was removed from Macie's API in June 2021; choose buckets with s3JobDefinition.bucketCriteria or bucketDefinitions instead"))
	case s.Key == LegacyTag:
		errs = append(errs, field.New(p.Child("key"), field.Removed,
			`TAG was removed from ScopeFilterKey in June 2021; use a tagScopeTerm {"key": "TAG", "target": "S3_OBJECT", "comparator": …, "tagValues": […]} instead`))
	case !enum.Valid(s.Key):
		errs = append(errs, field.New(p.Child("key"), field.InvalidValue,
			fmt.Sprintf("%q is not an object scope key; use one of %s", s.Key, field.Alternatives(ScopeFilterKey("").Values()))))
	default:
		keyOK = true
	}

	cp := p.Child("comparator")
	switch {
	case s.Comparator == "":
		errs = append(errs, field.New(cp, field.Required, "comparator is required"))
	case !enum.Valid(s.Comparator):
		errs = append(errs, field.New(cp, field.InvalidValue,
			fmt.Sprintf("%q is not a comparator; use one of %s", s.Comparator, field.Alternatives(s.Comparator.Values()))))
	case keyOK && !slices.Contains(s.Key.Comparators(), s.Comparator):
		errs = append(errs, field.New(cp, field.InvalidValue,
			fmt.Sprintf("%s is not valid for %s; use %s", s.Comparator, s.Key, field.Alternatives(s.Key.Comparators()))))
	}

	vp := p.Child("values")
	switch {
	case len(s.Values) == 0:
		errs = append(errs, field.New(vp, field.TooFew, "values needs at least one value"))
	case keyOK && len(s.Values) > 1 && !s.Key.MultipleValues():
		errs = append(errs, field.New(vp, field.TooMany,
			fmt.Sprintf("%s takes exactly one value, got %d; combine two conditions in includes.and for a range", s.Key, len(s.Values))))
	}
	if !keyOK {
		return errs
	}
	for i, v := range s.Values {
		var err error
		switch s.Key {
		case ObjectSize:
			_, err = ParseSize(v)
		case ObjectLastModifiedDate:
			_, err = ParseDate(v)
		case ObjectKey:
			if v == "" {
				err = fmt.Errorf("a key prefix must not be empty")
			}
		case ObjectExtension:
			if v == "" {
				err = fmt.Errorf("an extension must not be empty")
			}
		}
		if err != nil {
			errs = append(errs, field.New(vp.Index(i), field.InvalidValue, fmt.Sprintf("%q: %v", v, err)))
		}
	}
	return errs
}

func (t *TagScopeTerm) validate(p field.Path) field.ErrorList {
	var errs field.ErrorList
	switch {
	case t.Comparator == "":
		errs = append(errs, field.New(p.Child("comparator"), field.Required, "comparator is required; use EQ or NE"))
	case t.Comparator != criteria.EQ && t.Comparator != criteria.NE:
		errs = append(errs, field.New(p.Child("comparator"), field.InvalidValue,
			fmt.Sprintf("%s is not valid for a tag scope term; use EQ or NE", t.Comparator)))
	}
	switch t.Key {
	case TagScopeTermKey:
	case "":
		errs = append(errs, field.New(p.Child("key"), field.Required, `key is required and must be "TAG"`))
	default:
		errs = append(errs, field.New(p.Child("key"), field.InvalidValue,
			fmt.Sprintf(`%q is not valid; the only valid value is "TAG" (put the tag key in tagValues)`, t.Key)))
	}
	switch {
	case t.Target == "":
		errs = append(errs, field.New(p.Child("target"), field.Required,
			`target is required by the service although the API model marks it optional; set it to "S3_OBJECT"`))
	case !enum.Valid(t.Target):
		errs = append(errs, field.New(p.Child("target"), field.InvalidValue,
			fmt.Sprintf(`%q is not valid; the only valid value is "S3_OBJECT"`, t.Target)))
	}
	if len(t.TagValues) == 0 {
		errs = append(errs, field.New(p.Child("tagValues"), field.TooFew,
			"tagValues needs at least one tag key or key-value pair"))
	}
	for i, v := range t.TagValues {
		if v.Key == "" {
			errs = append(errs, field.New(p.Child("tagValues").Index(i).Child("key"), field.Required,
				`a tag condition needs a tag key; for "any value" give the key with an empty value`))
		}
	}
	return errs
}
