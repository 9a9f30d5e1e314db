// Package reference is a naive interpreter of Macie's bucket criteria and
// object scoping, written straight from docs/semantics.md ("Condition blocks",
// "Bucket criteria", "Object scoping") and conformance/testdata/README.md
// (sections 3 to 5), sharing no code with the compiled matchers of packages
// criteria and scope. Tests compare the matchers (and whatever is built on
// them) with it; it favours being obviously right over being fast, and it
// panics on input that validation would reject.
package reference

import (
	"strconv"
	"strings"
	"time"

	"github.com/jobscope/jobscope/criteria"
	"github.com/jobscope/jobscope/scope"
)

// BucketMatch is a reference interpreter of bucket criteria written straight
// from docs/semantics.md, "Condition blocks" and "Bucket criteria" and
// conformance/testdata/README.md, "4.4 Bucket" and "5.2 bucket-criteria",
// sharing no code with the compiled matcher.
func BucketMatch(c *criteria.S3BucketCriteriaForJob, b *criteria.BucketMetadata, opts criteria.Options) bool {
	return blocks(c.Includes, c.Excludes, func(b *criteria.CriteriaBlockForJob) []criteria.CriteriaForJob { return b.And },
		opts.ExcludeJoin, func(t criteria.CriteriaForJob) bool { return bucketCondition(t, b, opts) })
}

// blocks is incl ∧ ¬excl for the blocks in and ex (nil when absent),
// whose conditions and returns: incl is the AND of holds over the include
// conditions (true when there are none), excl the AND, or the OR under
// criteria.JoinOR, of holds over the exclude conditions (false when there
// are none).
func blocks[B, T any](in, ex *B, and func(*B) []T, join criteria.Join, holds func(T) bool) bool {
	incl := true
	if in != nil {
		for _, t := range and(in) {
			incl = incl && holds(t)
		}
	}
	excl := false
	if ex != nil && len(and(ex)) > 0 {
		results := []bool{}
		for _, t := range and(ex) {
			results = append(results, holds(t))
		}
		if join == criteria.JoinOR {
			for _, r := range results {
				excl = excl || r
			}
		} else {
			excl = true
			for _, r := range results {
				excl = excl && r
			}
		}
	}
	return incl && !excl
}

func bucketCondition(t criteria.CriteriaForJob, b *criteria.BucketMetadata, opts criteria.Options) bool {
	var any bool
	var cmpr criteria.JobComparator
	if s := t.SimpleCriterion; s != nil {
		cmpr = s.Comparator
		var actual string
		switch s.Key {
		case criteria.AccountID:
			actual = b.AccountID
		case criteria.S3BucketName:
			actual = b.BucketName
		case criteria.S3BucketEffectivePermission:
			if b.PublicAccess != nil {
				actual = string(b.PublicAccess.EffectivePermission)
			}
		case criteria.S3BucketSharedAccess:
			actual = string(b.SharedAccess)
		}
		for _, v := range s.Values {
			any = any || v == actual
		}
	} else {
		tc := t.TagCriterion
		cmpr = tc.Comparator
		if b.ErrorCode == "BUCKET_COUNT_EXCEEDS_QUOTA" {
			return cmpr == criteria.NE
		}
		for _, p := range tc.TagValues {
			for _, tag := range b.Tags {
				switch {
				case p.Key == "":
					any = any || tag.Value == p.Value
				case p.Value == "" && opts.BucketTagEmptyValue != criteria.TagPair:
					any = any || tag.Key == p.Key
				default:
					any = any || tag.Key == p.Key && tag.Value == p.Value
				}
			}
		}
	}
	if cmpr == criteria.NE {
		return !any
	}
	return any
}

// InScope is inScope(o) = incl(o) ∧ ¬excl(o).
func InScope(s *scope.Scoping, o *scope.Object, opts scope.Options) bool {
	if s == nil {
		return true
	}
	return blocks(s.Includes, s.Excludes, func(b *scope.JobScopingBlock) []scope.JobScopeTerm { return b.And },
		opts.ExcludeJoin, func(t scope.JobScopeTerm) bool { return term(t, o, opts) })
}

func term(t scope.JobScopeTerm, o *scope.Object, opts scope.Options) bool {
	if tt := t.TagScopeTerm; tt != nil {
		any := false
		for _, p := range tt.TagValues {
			v, ok := o.Tags[p.Key]
			if p.Value == "" && ok || p.Value != "" && ok && v == p.Value {
				any = true
			}
		}
		if tt.Comparator == criteria.NE {
			return !any
		}
		return any
	}
	st := t.SimpleScopeTerm
	switch st.Key {
	case scope.ObjectKey:
		for _, v := range st.Values {
			if len(o.Key) >= len(v) && o.Key[:len(v)] == v {
				return true
			}
		}
		return false
	case scope.ObjectExtension:
		ext, has := Extension(o.Key, opts.ExtensionRule == scope.FirstDot)
		any := false
		for _, v := range st.Values {
			if opts.ExtensionLeadingDot == scope.LeadingDotStrip && strings.HasPrefix(v, ".") {
				v = v[1:]
			}
			if has && ext == v {
				any = true
			}
		}
		if st.Comparator == criteria.EQ {
			return any
		}
		if !has {
			return opts.NoExtensionNE != scope.NoExtensionNoMatch
		}
		return !any
	case scope.ObjectSize:
		want, err := strconv.ParseInt(st.Values[0], 10, 64)
		if err != nil {
			panic(err)
		}
		return compare(st.Comparator, o.Size < want, o.Size == want)
	case scope.ObjectLastModifiedDate:
		want, err := time.Parse(time.RFC3339Nano, st.Values[0])
		if err != nil {
			panic(err)
		}
		got := o.LastModified
		if opts.LastModifiedPrecision != scope.Exact {
			got, want = got.Truncate(time.Second), want.Truncate(time.Second)
		}
		return compare(st.Comparator, got.Before(want), got.Equal(want))
	}
	panic("unknown key " + st.Key)
}

func compare(c criteria.JobComparator, less, equal bool) bool {
	greater := !less && !equal
	switch c {
	case criteria.EQ:
		return equal
	case criteria.NE:
		return !equal
	case criteria.GT:
		return greater
	case criteria.GTE:
		return greater || equal
	case criteria.LT:
		return less
	case criteria.LTE:
		return less || equal
	}
	panic("comparator " + c)
}

// Extension: the name is what follows the last "/"; no "." or a
// trailing "." means no extension.
func Extension(key string, firstDot bool) (string, bool) {
	parts := strings.Split(key, "/")
	name := parts[len(parts)-1]
	if !strings.Contains(name, ".") || strings.HasSuffix(name, ".") {
		return "", false
	}
	dots := strings.Split(name, ".")
	if firstDot {
		return strings.Join(dots[1:], "."), true
	}
	return dots[len(dots)-1], true
}
