package criteria

import (
	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/internal/block"
	"github.com/jobscope/jobscope/internal/strset"
)

// BucketSelector is a job's compiled bucket selection: its bucket criteria
// or its bucket definitions. It is immutable and safe for concurrent use by
// any number of goroutines.
type BucketSelector struct {
	program  *Program // nil for bucket definitions
	includes []bucketTerm
	excludes []bucketTerm
	orJoin   bool
	defs     *definitions // non-nil for bucket definitions
}

// bucketTerm is a Condition ready to evaluate: the property it reads is
// resolved and its values are in a set whose lookup cost does not grow
// with the number of values.
type bucketTerm struct {
	cond   *Condition
	ne     bool
	tag    bool
	key    SimpleCriterionKeyForJob
	values strset.Set
	tags   []TagCondition
}

// bucketCriteria is the syntax of an S3BucketCriteriaForJob.
var bucketCriteria = block.Syntax[CriteriaBlockForJob, CriteriaForJob, SimpleCriterionForJob, TagCriterionForJob]{
	And: func(b *CriteriaBlockForJob) []CriteriaForJob { return b.And },
	Terms: func(c *CriteriaForJob) (*SimpleCriterionForJob, *TagCriterionForJob) {
		return c.SimpleCriterion, c.TagCriterion
	},
	Simple: "simpleCriterion",
	Tag:    "tagCriterion",
}

// Compile validates the two ways an S3JobDefinition selects buckets —
// bucket criteria c, evaluated over each bucket's metadata, and bucket
// definitions defs, which name accounts and buckets — and compiles them
// into a BucketSelector. A job gives one of them: a non-nil defs selects
// the buckets it lists; otherwise c selects, and a nil or empty c matches
// every bucket. c with a non-empty defs is a problem, as is anything
// Macie's CreateClassificationJob rejects in either (its per-job quotas
// aside). An invalid selection yields a field.ErrorList, with paths below
// opts.Path, and no selector.
func Compile(c *S3BucketCriteriaForJob, defs []S3BucketDefinitionForJob, opts Options) (*BucketSelector, error) {
	parent, cp, dp := opts.paths()
	var errs field.ErrorList
	if c != nil && len(defs) > 0 {
		errs = append(errs, field.New(parent, field.Conflict,
			"a job's definition can contain a bucketCriteria object or a bucketDefinitions array, not both"))
	}
	if c != nil {
		errs = append(errs, bucketCriteria.Validate(cp, c.Includes, c.Excludes, opts.EmptyBlock == EmptyBlockError,
			(*SimpleCriterionForJob).validate, (*TagCriterionForJob).validate)...)
	}
	errs = append(errs, validateDefinitions(defs, dp)...)
	if len(errs) > 0 {
		return nil, errs
	}
	if defs != nil {
		return &BucketSelector{defs: compileDefinitions(defs, dp)}, nil
	}
	prog := &Program{Path: cp.String(), ExcludeJoin: JoinAND, Includes: []Condition{}, Excludes: []Condition{}}
	if opts.ExcludeJoin == JoinOR {
		prog.ExcludeJoin = JoinOR
	}
	if c != nil {
		prog.Includes, prog.Excludes = block.Normalize(&bucketCriteria, cp, c.Includes, c.Excludes, opts.normalize)
	}
	return compileProgram(prog), nil
}

// compileProgram compiles a Program into a BucketSelector. It does not
// validate: a condition with no values is false for EQ and true for NE,
// and an unknown key reads as the empty string.
func compileProgram(prog *Program) *BucketSelector {
	return &BucketSelector{program: prog, orJoin: prog.ExcludeJoin == JoinOR,
		includes: compileBucketTerms(prog.Includes), excludes: compileBucketTerms(prog.Excludes)}
}

// normalize returns the condition, under o, of the i-th criterion c of
// block, whose criterion is at p.
func (o *Options) normalize(c *CriteriaForJob, block string, i int, p field.Path) Condition {
	n := Condition{Path: p.String(), Block: BlockKind(block), Index: i}
	if s := c.SimpleCriterion; s != nil {
		n.Comparator, n.Key, n.Values = s.Comparator, s.Key, append([]string(nil), s.Values...)
		return n
	}
	n.Comparator = c.TagCriterion.Comparator
	for _, v := range c.TagCriterion.TagValues {
		n.Tags = append(n.Tags, normalizeTag(v, *o))
	}
	return n
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
		ts[i] = bucketTerm{cond: c, ne: c.Comparator == NE, tag: c.Tags != nil,
			key: c.Key, values: strset.New(c.Values), tags: c.Tags}
	}
	return ts
}

// Program returns a copy of the normalized condition tree of the bucket
// criteria, for back ends such as a SQL emitter; nil when s selects by
// bucket definitions.
func (s *BucketSelector) Program() *Program {
	if s.program == nil {
		return nil
	}
	return s.program.clone()
}

// Match reports whether s selects bucket b. It does not allocate. A nil b
// is a bucket whose every property is empty and which has no tags; bucket
// definitions never select it.
func (s *BucketSelector) Match(b *BucketMetadata) bool {
	if s.defs != nil {
		return s.defs.match(b)
	}
	if b == nil {
		b = &emptyBucket
	}
	for i := range s.includes {
		if !s.includes[i].eval(b) {
			return false
		}
	}
	if len(s.excludes) == 0 {
		return true
	}
	// The exclude block removes b when any term holds (JoinOR) or when
	// every term holds (JoinAND).
	for i := range s.excludes {
		if s.excludes[i].eval(b) == s.orJoin {
			return !s.orJoin
		}
	}
	return s.orJoin
}

var emptyBucket BucketMetadata

// eval is the condition's result for b. A bucket whose tags Macie could
// not collect (errorCode BUCKET_COUNT_EXCEEDS_QUOTA), like a bucket
// without tags, fails every EQ tag condition and passes every NE one
// (docs/semantics.md, "Bucket criteria").
func (t *bucketTerm) eval(b *BucketMetadata) bool {
	if t.tag {
		if b.ErrorCode == ErrorCodeBucketCountExceedsQuota {
			return t.ne
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
		c := &conds[i]
		for j := range tags {
			t := &tags[j]
			if (c.Match == TagMatchValue || t.Key == c.Key) && (c.Match == TagMatchKey || t.Value == c.Value) {
				return true
			}
		}
	}
	return false
}

// Explain reports the verdict of every condition for b and which one
// decided. Its Match always equals s.Match(b).
func (s *BucketSelector) Explain(b *BucketMetadata) Explanation {
	if s.defs != nil {
		return s.defs.explain(b)
	}
	if b == nil {
		b = &emptyBucket
	}
	vs := make([]Verdict, 0, len(s.includes)+len(s.excludes))
	for _, ts := range [][]bucketTerm{s.includes, s.excludes} {
		for i := range ts {
			vs = append(vs, ts[i].verdict(b))
		}
	}
	return Decide(vs, s.program.ExcludeJoin, "bucket")
}

func (t *bucketTerm) verdict(b *BucketMetadata) Verdict {
	c := t.cond
	v := Verdict{Path: c.Path, Block: c.Block, Field: c.field(), Comparator: c.Comparator, Result: t.eval(b)}
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
		v.Expected[i] = tc.string()
	}
	if b.ErrorCode == ErrorCodeBucketCountExceedsQuota {
		v.Note = "tags unknown (errorCode BUCKET_COUNT_EXCEEDS_QUOTA): tag conditions with EQ fail and with NE hold"
	} else if len(b.Tags) == 0 {
		v.Note = "the bucket has no tags"
	}
	return v
}
