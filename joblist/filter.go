package joblist

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jobscope/jobscope/criteria"
	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/internal/enum"
)

// filter is a validated ListJobsFilterCriteria: its include terms, then
// its exclude terms, combined by criteria's block algebra (criteria.Decide),
// so that listing and Explain cannot disagree.
type filter struct {
	terms []term
	join  criteria.Join
}

// term is one ListJobsFilterTerm ready to evaluate.
type term struct {
	path  string
	block criteria.BlockKind
	key   criteria.ListJobsFilterKey
	cmp   criteria.JobComparator
	strs  []string
	times []time.Time // the values of a createdAt term
}

// comparators are the comparators each filter key takes (docs/semantics.md,
// "Listing jobs").
var comparators = map[criteria.ListJobsFilterKey][]criteria.JobComparator{
	criteria.FilterJobType:   {criteria.EQ, criteria.NE},
	criteria.FilterJobStatus: {criteria.EQ, criteria.NE},
	criteria.FilterCreatedAt: {criteria.EQ, criteria.NE, criteria.GT, criteria.GTE, criteria.LT, criteria.LTE},
	criteria.FilterName:      {criteria.EQ, criteria.NE, criteria.StartsWith, criteria.Contains},
}

// Explain reports why job j is listed or not under filter criteria fc:
// the verdict of every term, with its path below filterCriteria, and the
// deciding one. Its Match is whether ListClassificationJobs lists j (on
// some page). Invalid criteria are a field.ErrorList, as
// ListClassificationJobs reports them.
func Explain(fc *criteria.ListJobsFilterCriteria, j *JobSummary, opts Options) (criteria.Explanation, error) {
	f, errs := compileFilter(fc, opts)
	if len(errs) > 0 {
		return criteria.Explanation{}, errs
	}
	return f.explain(j, true), nil
}

func compileFilter(fc *criteria.ListJobsFilterCriteria, opts Options) (*filter, field.ErrorList) {
	f := &filter{join: criteria.JoinOR}
	if opts.ExcludeJoin == criteria.JoinAND {
		f.join = criteria.JoinAND
	}
	if fc == nil {
		return f, nil
	}
	var errs field.ErrorList
	base := field.NewPath("filterCriteria")
	for _, b := range []struct {
		kind  criteria.BlockKind
		terms []criteria.ListJobsFilterTerm
	}{{criteria.Includes, fc.Includes}, {criteria.Excludes, fc.Excludes}} {
		for i := range b.terms {
			t, terr := compileTerm(base.Child(string(b.kind)).Index(i), &b.terms[i])
			if terr != nil {
				errs = append(errs, terr...)
				continue
			}
			t.block = b.kind
			f.terms = append(f.terms, t)
		}
	}
	return f, errs
}

func compileTerm(p field.Path, t *criteria.ListJobsFilterTerm) (term, field.ErrorList) {
	lt := term{path: p.String(), key: t.Key, cmp: t.Comparator, strs: t.Values}
	if e := enum.Check(p, "key", t.Key, "a filter key"); e != nil {
		return lt, field.ErrorList{e}
	}
	allowed := comparators[t.Key]
	switch {
	case t.Comparator == "":
		return lt, field.ErrorList{field.New(p.Child("comparator"), field.Required,
			fmt.Sprintf("comparator is required; %s takes %s", t.Key, field.Alternatives(allowed)))}
	case !slices.Contains(allowed, t.Comparator):
		return lt, field.ErrorList{field.New(p.Child("comparator"), field.InvalidValue,
			fmt.Sprintf("%s does not take %q; use %s", t.Key, t.Comparator, field.Alternatives(allowed)))}
	case len(t.Values) == 0:
		return lt, field.ErrorList{field.New(p.Child("values"), field.TooFew, "give at least one value")}
	}
	if t.Key != criteria.FilterCreatedAt {
		return lt, nil
	}
	if t.Comparator != criteria.EQ && t.Comparator != criteria.NE && len(t.Values) != 1 {
		return lt, field.ErrorList{field.New(p.Child("values"), field.TooMany,
			fmt.Sprintf("%s takes exactly one value, got %d", t.Comparator, len(t.Values)))}
	}
	var errs field.ErrorList
	for k, v := range t.Values {
		ts, ok := parseTime(v)
		if !ok {
			errs = append(errs, field.New(p.Child("values").Index(k), field.InvalidValue,
				fmt.Sprintf("%q is not a time: use ISO 8601 (2024-02-05T00:00:00Z) or epoch milliseconds", v)))
		}
		lt.times = append(lt.times, ts)
	}
	return lt, errs
}

var epochMillisRE = regexp.MustCompile(`^-?[0-9]{1,18}$`)

// parseTime parses a createdAt filter value: RFC 3339 with any offset, or
// epoch milliseconds.
func parseTime(v string) (time.Time, bool) {
	if epochMillisRE.MatchString(v) {
		ms, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return time.Time{}, false
		}
		return time.UnixMilli(ms).UTC(), true
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return time.Time{}, false
	}
	return t.UTC(), true
}

// match reports whether the filter lists j.
func (f *filter) match(j *JobSummary) bool { return f.explain(j, false).Match }

// explain evaluates every term for j and concludes with criteria.Decide.
// Without full, the verdicts carry only what Decide reads.
func (f *filter) explain(j *JobSummary, full bool) criteria.Explanation {
	vs := make([]criteria.Verdict, len(f.terms))
	for i := range f.terms {
		t := &f.terms[i]
		vs[i] = criteria.Verdict{Path: t.path, Block: t.block, Result: t.eval(j)}
		if full {
			vs[i].Field, vs[i].Comparator = string(t.key), t.cmp
			vs[i].Actual = []string{t.value(j)}
			vs[i].Expected = slices.Clone(t.strs)
		}
	}
	return criteria.Decide(vs, f.join, "job")
}

// value is j's value of the term's key, as text.
func (t *term) value(j *JobSummary) string {
	switch t.key {
	case criteria.FilterName:
		return j.Name
	case criteria.FilterJobType:
		return string(j.JobType)
	case criteria.FilterJobStatus:
		return string(j.JobStatus)
	}
	return j.CreatedAt.UTC().Format(time.RFC3339Nano)
}

// eval is the term's result for j: EQ matches any of the values, NE none
// of them.
func (t *term) eval(j *JobSummary) bool {
	if t.key == criteria.FilterCreatedAt {
		c := j.CreatedAt
		switch t.cmp {
		case criteria.GT:
			return c.After(t.times[0])
		case criteria.GTE:
			return !c.Before(t.times[0])
		case criteria.LT:
			return c.Before(t.times[0])
		case criteria.LTE:
			return !c.After(t.times[0])
		}
		return slices.ContainsFunc(t.times, c.Equal) == (t.cmp == criteria.EQ)
	}
	v := t.value(j)
	switch t.cmp {
	case criteria.StartsWith:
		return slices.ContainsFunc(t.strs, func(s string) bool { return strings.HasPrefix(v, s) })
	case criteria.Contains:
		return slices.ContainsFunc(t.strs, func(s string) bool { return strings.Contains(v, s) })
	}
	return slices.Contains(t.strs, v) == (t.cmp == criteria.EQ)
}
