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
	terms := func(p field.Path, n int) {
		if lim.MaxTermsPerBlock >= 0 && n > lim.MaxTermsPerBlock {
			limit(p, "%s conditions; the limit is %s conditions per block (Limits.MaxTermsPerBlock)",
				strictjson.Comma(n), strictjson.Comma(lim.MaxTermsPerBlock))
		}
	}
	values := func(p field.Path, n int) {
		if lim.MaxValuesPerTerm >= 0 && n > lim.MaxValuesPerTerm {
			limit(p, "%s values; the limit is %s values per condition (Limits.MaxValuesPerTerm)",
				strictjson.Comma(n), strictjson.Comma(lim.MaxValuesPerTerm))
		}
	}
	p := field.NewPath("s3JobDefinition")
	if c := bucketCriteria; c != nil {
		for _, b := range []struct {
			name  string
			block *criteria.CriteriaBlockForJob
		}{{"includes", c.Includes}, {"excludes", c.Excludes}} {
			if b.block == nil {
				continue
			}
			ap := p.Child("bucketCriteria").Child(b.name).Child("and")
			terms(ap, len(b.block.And))
			for i, t := range b.block.And {
				if t.SimpleCriterion != nil {
					values(ap.Index(i).Child("simpleCriterion").Child("values"), len(t.SimpleCriterion.Values))
				}
				if t.TagCriterion != nil {
					values(ap.Index(i).Child("tagCriterion").Child("tagValues"), len(t.TagCriterion.TagValues))
				}
			}
		}
	}
	if s := scoping; s != nil {
		for _, b := range []struct {
			name  string
			block *scope.JobScopingBlock
		}{{"includes", s.Includes}, {"excludes", s.Excludes}} {
			if b.block == nil {
				continue
			}
			ap := p.Child("scoping").Child(b.name).Child("and")
			terms(ap, len(b.block.And))
			for i, t := range b.block.And {
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
		}
	}
	return errs
}
