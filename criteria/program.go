package criteria

import (
	"slices"

	"github.com/jobscope/jobscope/internal/block"
)

// The intermediate form of compiled bucket criteria is a Program: the
// normalized condition tree that Match, Explain and other back ends (the
// SQL emitter of package athena) read. It is plain data, JSON-tagged, and
// carries the JSON path of every condition, so that it means the same thing
// to every reader: every option is applied, a tag pair is already a
// TagCondition of match KEY, VALUE or KEY_VALUE, and ExcludeJoin is
// recorded on the Program.

// BlockKind names the block a condition belongs to.
type BlockKind string

// The values of BlockKind, spelled as the JSON members of a criteria object.
const (
	Includes BlockKind = "includes" // the conditions a record must meet
	Excludes BlockKind = "excludes" // the conditions that remove a record
)

// TagMatch says which parts of a bucket tag a TagCondition tests.
type TagMatch string

// The values of TagMatch.
const (
	TagMatchKey   TagMatch = "KEY"       // some tag of the bucket has Key, whatever its value
	TagMatchValue TagMatch = "VALUE"     // some tag of the bucket has Value, whatever its key
	TagMatchPair  TagMatch = "KEY_VALUE" // one tag of the bucket has both Key and Value
)

// TagCondition is one normalized entry of a tag criterion's tagValues:
// what it tests is settled (Options.BucketTagEmptyValue applied), so a back
// end never needs the options.
type TagCondition struct {
	Match TagMatch `json:"match"`
	Key   string   `json:"key,omitempty"`
	Value string   `json:"value,omitempty"`
}

// Condition is one normalized term of a block: a simple criterion (Key and
// Values set) or a tag criterion (Tags set). Its result is, for EQ, whether
// any value (or tag condition) holds for the bucket, and for NE whether
// none does.
type Condition struct {
	// Path is the JSON path of the simpleCriterion or tagCriterion member,
	// for example s3JobDefinition.bucketCriteria.includes.and[0].simpleCriterion.
	Path       string        `json:"path"`
	Block      BlockKind     `json:"block"`
	Index      int           `json:"index"` // position in the block's and list
	Comparator JobComparator `json:"comparator"`
	// Key and Values are set for a simple criterion.
	Key    SimpleCriterionKeyForJob `json:"key,omitempty"`
	Values []string                 `json:"values,omitempty"`
	// Tags is set for a tag criterion.
	Tags []TagCondition `json:"tags,omitempty"`
}

// Program is the normalized condition tree of an S3BucketCriteriaForJob:
//
//	match(b) = AND(Includes)(b) ∧ ¬ ExcludeJoin(Excludes)(b)
//
// where an empty Includes is true and an empty Excludes is false. Blocks
// that were absent, or empty with EmptyBlockAbsent, have no conditions.
type Program struct {
	// Path is the JSON path of the criteria object itself.
	Path        string      `json:"path"`
	Includes    []Condition `json:"includes"`
	Excludes    []Condition `json:"excludes"`
	ExcludeJoin Join        `json:"excludeJoin"`
}

// clone returns a copy of p that shares nothing with it.
func (p *Program) clone() *Program {
	q := *p
	own := func(c *Condition) { c.Values, c.Tags = slices.Clone(c.Values), slices.Clone(c.Tags) }
	q.Includes, q.Excludes = block.Clone(p.Includes, own), block.Clone(p.Excludes, own)
	return &q
}

// field names what c tests: its simple criterion key, or "TAG".
func (c *Condition) field() string {
	if c.Tags != nil {
		return "TAG"
	}
	return string(c.Key)
}

// string renders the condition: "key=*" for key-only, "*=value" for
// value-only, "key=value" for a pair.
func (c TagCondition) string() string {
	switch c.Match {
	case TagMatchKey:
		return c.Key + "=*"
	case TagMatchValue:
		return "*=" + c.Value
	}
	return c.Key + "=" + c.Value
}
