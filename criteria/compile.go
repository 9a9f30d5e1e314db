package criteria

import (
	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/internal/strset"
)

// DefaultPath is the JSON path Compile gives a criteria object: where
// bucketCriteria sits in a CreateClassificationJob request.
var DefaultPath = field.NewPath("s3JobDefinition", "bucketCriteria")

// BucketMatcher is compiled bucket criteria. It is immutable and safe for
// concurrent use by any number of goroutines.
type BucketMatcher struct {
	plan     *Plan
	includes []bucketTerm
	excludes []bucketTerm
	orJoin   bool
}

// bucketTerm is a Condition ready to evaluate: the property it reads is
// resolved and its values are in a set.
type bucketTerm struct {
	cond   *Condition
	ne     bool
	tag    bool
	key    SimpleCriterionKeyForJob
	values strset.Set
	tags   []TagCondition
}

// Compile validates c with opts and compiles it into a BucketMatcher whose
// conditions carry paths below DefaultPath. An invalid c yields the
// field.ErrorList that Validate reports (usable with errors.As) and no
// matcher. A nil or empty c matches every bucket.
func Compile(c *S3BucketCriteriaForJob, opts Options) (*BucketMatcher, error) {
	return CompileAt(c, DefaultPath, opts)
}

// CompileAt is Compile with the criteria object at path p.
func CompileAt(c *S3BucketCriteriaForJob, p field.Path, opts Options) (*BucketMatcher, error) {
	if errs := c.Validate(p, opts); len(errs) > 0 {
		return nil, errs
	}
	plan := &Plan{Path: p.String(), ExcludeJoin: JoinAND, Includes: []Condition{}, Excludes: []Condition{}}
	if opts.ExcludeJoin == JoinOR {
		plan.ExcludeJoin = JoinOR
	}
	if c != nil {
		plan.Includes = normalizeBlock(c.Includes, p.Child("includes"), Includes, opts)
		plan.Excludes = normalizeBlock(c.Excludes, p.Child("excludes"), Excludes, opts)
	}
	return newBucketMatcher(plan), nil
}

// CompilePlan compiles a Plan, as Compile produced it or as a caller built
// it, into a BucketMatcher. The plan is copied. CompilePlan does not
// validate: a condition with no values is false for EQ and true for NE, and
// an unknown key reads as the empty string.
func CompilePlan(p *Plan) *BucketMatcher {
	return newBucketMatcher(p.clone())
}

func newBucketMatcher(plan *Plan) *BucketMatcher {
	m := &BucketMatcher{plan: plan, orJoin: plan.ExcludeJoin == JoinOR}
	m.includes = compileBucketTerms(plan.Includes)
	m.excludes = compileBucketTerms(plan.Excludes)
	return m
}

func normalizeBlock(b *CriteriaBlockForJob, p field.Path, kind BlockKind, opts Options) []Condition {
	if b == nil {
		return []Condition{}
	}
	conds := make([]Condition, 0, len(b.And))
	for i, t := range b.And {
		tp := p.Child("and").Index(i)
		c := Condition{Block: kind, Index: i}
		if s := t.SimpleCriterion; s != nil {
			c.Kind = SimpleCriterionKind
			c.Path = tp.Child("simpleCriterion").String()
			c.Comparator = s.Comparator
			c.Key = s.Key
			c.Values = append([]string(nil), s.Values...)
		} else {
			tc := t.TagCriterion
			c.Kind = TagCriterionKind
			c.Path = tp.Child("tagCriterion").String()
			c.Comparator = tc.Comparator
			for _, v := range tc.TagValues {
				c.Tags = append(c.Tags, normalizeTag(v, opts))
			}
		}
		conds = append(conds, c)
	}
	return conds
}

// normalizeTag settles what one tagValues entry tests (docs/semantics.md,
// "Bucket criteria"): an empty key makes it value-only; an empty value makes it
// key-only, unless BucketTagEmptyValue is TagPair.
func normalizeTag(v TagCriterionPairForJob, opts Options) TagCondition {
	switch {
	case v.Key == "":
		return TagCondition{Match: TagMatchValue, Value: v.Value}
	case v.Value == "" && opts.BucketTagEmptyValue != TagPair:
		return TagCondition{Match: TagMatchKey, Key: v.Key}
	default:
		return TagCondition{Match: TagMatchPair, Key: v.Key, Value: v.Value}
	}
}

func compileBucketTerms(conds []Condition) []bucketTerm {
	ts := make([]bucketTerm, len(conds))
	for i := range conds {
		c := &conds[i]
		ts[i] = bucketTerm{cond: c, ne: c.Comparator == NE, tag: c.Kind == TagCriterionKind,
			key: c.Key, values: strset.New(c.Values), tags: c.Tags}
	}
	return ts
}

// Plan returns a copy of the matcher's normalized condition tree.
func (m *BucketMatcher) Plan() *Plan { return m.plan.clone() }

// Match reports whether bucket b meets the criteria. It does not allocate.
// A nil b is treated as a bucket whose every property is empty and which
// has no tags.
func (m *BucketMatcher) Match(b *BucketMetadata) bool {
	if b == nil {
		b = &emptyBucket
	}
	for i := range m.includes {
		if !m.includes[i].eval(b) {
			return false
		}
	}
	if len(m.excludes) == 0 {
		return true
	}
	if m.orJoin {
		for i := range m.excludes {
			if m.excludes[i].eval(b) {
				return false
			}
		}
		return true
	}
	for i := range m.excludes {
		if !m.excludes[i].eval(b) {
			return true
		}
	}
	return false
}

var emptyBucket BucketMetadata

// eval is the condition's result for b.
func (t *bucketTerm) eval(b *BucketMetadata) bool {
	if t.tag {
		if b.ErrorCode == ErrorCodeBucketCountExceedsQuota {
			return t.ne // tags unknown: EQ false, NE true
		}
		return anyTag(t.tags, b.Tags) != t.ne
	}
	return t.values.Contains(bucketProperty(b, t.key)) != t.ne
}

// bucketProperty is the value of a simple criterion key for b.
func bucketProperty(b *BucketMetadata, k SimpleCriterionKeyForJob) string {
	switch k {
	case AccountID:
		return b.AccountID
	case S3BucketName:
		return b.BucketName
	case S3BucketEffectivePermission:
		if b.PublicAccess == nil {
			return ""
		}
		return string(b.PublicAccess.EffectivePermission)
	case S3BucketSharedAccess:
		return string(b.SharedAccess)
	}
	return ""
}

// anyTag reports whether some condition in conds holds for tags.
func anyTag(conds []TagCondition, tags []KeyValuePair) bool {
	for i := range conds {
		if tagHolds(&conds[i], tags) {
			return true
		}
	}
	return false
}

func tagHolds(c *TagCondition, tags []KeyValuePair) bool {
	for j := range tags {
		t := &tags[j]
		switch c.Match {
		case TagMatchKey:
			if t.Key == c.Key {
				return true
			}
		case TagMatchValue:
			if t.Value == c.Value {
				return true
			}
		default:
			if t.Key == c.Key && t.Value == c.Value {
				return true
			}
		}
	}
	return false
}

// Explain reports the verdict of every condition for b and which one
// decided. Its Match always equals m.Match(b).
func (m *BucketMatcher) Explain(b *BucketMetadata) Explanation {
	if b == nil {
		b = &emptyBucket
	}
	vs := make([]Verdict, 0, len(m.includes)+len(m.excludes))
	for _, ts := range [][]bucketTerm{m.includes, m.excludes} {
		for i := range ts {
			vs = append(vs, ts[i].verdict(b))
		}
	}
	return Decide(vs, m.plan.ExcludeJoin, "bucket")
}

func (t *bucketTerm) verdict(b *BucketMetadata) Verdict {
	c := t.cond
	v := Verdict{Path: c.Path, Block: c.Block, Field: c.Field(), Comparator: c.Comparator, Result: t.eval(b)}
	if !t.tag {
		v.Actual = []string{bucketProperty(b, t.key)}
		v.Expected = append([]string{}, c.Values...)
		return v
	}
	v.Actual = []string{}
	for _, kv := range b.Tags {
		v.Actual = append(v.Actual, kv.Key+"="+kv.Value)
	}
	v.Expected = make([]string, len(c.Tags))
	for i, tc := range c.Tags {
		v.Expected[i] = tc.String()
	}
	if b.ErrorCode == ErrorCodeBucketCountExceedsQuota {
		v.Note = "tags unknown (errorCode BUCKET_COUNT_EXCEEDS_QUOTA): tag conditions with EQ fail and with NE hold"
	} else if len(b.Tags) == 0 {
		v.Note = "the bucket has no tags"
	}
	return v
}

// String renders the condition: "key=*" for key-only, "*=value" for
// value-only, "key=value" for a pair.
func (c TagCondition) String() string {
	switch c.Match {
	case TagMatchKey:
		return c.Key + "=*"
	case TagMatchValue:
		return "*=" + c.Value
	}
	return c.Key + "=" + c.Value
}
