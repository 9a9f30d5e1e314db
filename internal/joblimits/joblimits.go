// Package joblimits checks the limits on a job's conditions that a parser
// cannot: the values of one condition, the conditions of one block, the
// length of a key prefix. Job files and Terraform plans share it.
package joblimits

import (
	"fmt"

	"github.com/jobscope/jobscope/criteria"
	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/internal/strictjson"
	"github.com/jobscope/jobscope/scope"
)

// Check reports, in the s3JobDefinition of a job, the conditions with
// more values than lim.MaxValuesPerTerm, the blocks with more conditions
// than lim.MaxTermsPerBlock, and the OBJECT_KEY values longer than
// lim.MaxKeyLength, as field.Limit errors. (A parser enforces the other
// limits.)
func Check(bucketCriteria *criteria.S3BucketCriteriaForJob, scoping *scope.Scoping, lim strictjson.Limits) field.ErrorList {
	lim = lim.WithDefaults()
	var errs field.ErrorList
	limit := func(p field.Path, format string, args ...any) {
		errs = append(errs, field.New(p, field.Limit, fmt.Sprintf(format, args...)))
	}
	// count reports n things at p beyond max, the Limits field name.
	count := func(p field.Path, n, max int, things, per, name string) {
		if max >= 0 && n > max {
			limit(p, "%s %s; the limit is %s %s per %s (Limits.%s)", strictjson.Comma(n), things, strictjson.Comma(max), things, per, name)
		}
	}
	terms := func(p field.Path, n int) {
		count(p, n, lim.MaxTermsPerBlock, "conditions", "block", "MaxTermsPerBlock")
	}
	values := func(p field.Path, n int) {
		count(p, n, lim.MaxValuesPerTerm, "values", "condition", "MaxValuesPerTerm")
	}
	p := field.NewPath("s3JobDefinition")
	if c := bucketCriteria; c != nil {
		eachBlock(p.Child("bucketCriteria"), c.Includes, c.Excludes, func(ap field.Path, b *criteria.CriteriaBlockForJob) {
			terms(ap, len(b.And))
			for i, t := range b.And {
				if t.SimpleCriterion != nil {
					values(ap.Index(i).Child("simpleCriterion").Child("values"), len(t.SimpleCriterion.Values))
				}
				if t.TagCriterion != nil {
					values(ap.Index(i).Child("tagCriterion").Child("tagValues"), len(t.TagCriterion.TagValues))
				}
			}
		})
	}
	if s := scoping; s != nil {
		eachBlock(p.Child("scoping"), s.Includes, s.Excludes, func(ap field.Path, b *scope.JobScopingBlock) {
			terms(ap, len(b.And))
			for i, t := range b.And {
				if st := t.SimpleScopeTerm; st != nil {
					vp := ap.Index(i).Child("simpleScopeTerm").Child("values")
					values(vp, len(st.Values))
					if st.Key != scope.ObjectKey || lim.MaxKeyLength < 0 {
						continue
					}
					for k, v := range st.Values {
						if len(v) > lim.MaxKeyLength {
							limit(vp.Index(k), "a key prefix of %s bytes; S3 keys are at most %s bytes, so it matches no object (Limits.MaxKeyLength)",
								strictjson.Comma(len(v)), strictjson.Comma(lim.MaxKeyLength))
						}
					}
				}
				if tt := t.TagScopeTerm; tt != nil {
					values(ap.Index(i).Child("tagScopeTerm").Child("tagValues"), len(tt.TagValues))
				}
			}
		})
	}
	return errs
}

// eachBlock calls f with the path of the and list and the block, for the
// includes and then the excludes block at p, leaving out an absent one.
func eachBlock[B any](p field.Path, includes, excludes *B, f func(and field.Path, b *B)) {
	if includes != nil {
		f(p.Child("includes").Child("and"), includes)
	}
	if excludes != nil {
		f(p.Child("excludes").Child("and"), excludes)
	}
}
