package criteria

// This file holds the intermediate form of compiled bucket criteria: the
// normalized condition tree that Match, Explain and any other back end (a SQL
// emitter, a documentation renderer) read. It is plain data, JSON-tagged, and
// carries the JSON path of every condition.

// BlockKind names the block a condition belongs to.
type BlockKind string

// The values of BlockKind, spelled as the JSON members of a criteria object.
const (
	Includes BlockKind = "includes"
	Excludes BlockKind = "excludes"
)

// ConditionKind says which of CriteriaForJob's members a condition came from.
type ConditionKind string

// The values of ConditionKind, spelled as the JSON members of CriteriaForJob.
const (
	SimpleCriterionKind ConditionKind = "simpleCriterion"
	TagCriterionKind    ConditionKind = "tagCriterion"
)

// TagMatch says which parts of a bucket tag a TagCondition tests.
type TagMatch string

// The values of TagMatch.
const (
	// TagMatchKey: some tag of the bucket has Key, whatever its value.
	TagMatchKey TagMatch = "KEY"
	// TagMatchValue: some tag of the bucket has Value, whatever its key.
	TagMatchValue TagMatch = "VALUE"
	// TagMatchPair: one tag of the bucket has both Key and Value.
	TagMatchPair TagMatch = "KEY_VALUE"
)

// TagCondition is one normalized entry of a tag criterion's tagValues:
// what it tests is settled (Options.BucketTagEmptyValue applied), so a back
// end never needs the options.
type TagCondition struct {
	Match TagMatch `json:"match"`
	Key   string   `json:"key,omitempty"`
	Value string   `json:"value,omitempty"`
}

// Condition is one normalized term of a block: a simple criterion (Key,
// Values) or a tag criterion (Tags). Its result is, for EQ, whether any
// value (or tag condition) holds for the bucket, and for NE whether none
// does.
type Condition struct {
	// Path is the JSON path of the simpleCriterion or tagCriterion member,
	// for example s3JobDefinition.bucketCriteria.includes.and[0].simpleCriterion.
	Path       string        `json:"path"`
	Block      BlockKind     `json:"block"`
	Index      int           `json:"index"` // position in the block's and list
	Kind       ConditionKind `json:"kind"`
	Comparator JobComparator `json:"comparator"`
	// Key and Values are set for a simple criterion.
	Key    SimpleCriterionKeyForJob `json:"key,omitempty"`
	Values []string                 `json:"values,omitempty"`
	// Tags is set for a tag criterion.
	Tags []TagCondition `json:"tags,omitempty"`
}

// Field names what a condition tests: its simple criterion key, or "TAG".
func (c *Condition) Field() string {
	if c.Kind == TagCriterionKind {
		return "TAG"
	}
	return string(c.Key)
}

// Plan is the normalized condition tree of an S3BucketCriteriaForJob:
//
//	match(b) = AND(Includes)(b) ∧ ¬ ExcludeJoin(Excludes)(b)
//
// where an empty Includes is true and an empty Excludes is false. Blocks
// that were absent, or empty with EmptyBlockAbsent, have no conditions.
type Plan struct {
	// Path is the JSON path of the criteria object itself.
	Path        string      `json:"path"`
	Includes    []Condition `json:"includes"`
	Excludes    []Condition `json:"excludes"`
	ExcludeJoin Join        `json:"excludeJoin"`
}

func (p *Plan) clone() *Plan {
	q := *p
	q.Includes = cloneConditions(p.Includes)
	q.Excludes = cloneConditions(p.Excludes)
	return &q
}

func cloneConditions(cs []Condition) []Condition {
	out := make([]Condition, len(cs))
	for i, c := range cs {
		c.Values = append([]string(nil), c.Values...)
		c.Tags = append([]TagCondition(nil), c.Tags...)
		out[i] = c
	}
	return out
}

// Verdict is the result of one condition for one record, as Explain reports
// it. The same type serves bucket criteria, bucket definitions and object
// scoping.
type Verdict struct {
	// Path is the JSON path of the condition.
	Path  string    `json:"path"`
	Block BlockKind `json:"block"`
	// Field is what the condition tests: a SimpleCriterionKeyForJob, a
	// ScopeFilterKey, "TAG", or "BUCKET" for a bucket definition.
	Field      string        `json:"field"`
	Comparator JobComparator `json:"comparator,omitempty"`
	// Actual is the record's value of Field, rendered as text: one string
	// for a property, "key=value" per tag. Empty when the record has none.
	Actual []string `json:"actual"`
	// Expected are the condition's values, rendered as text.
	Expected []string `json:"expected"`
	// Note explains an unusual outcome, such as tags Macie could not
	// collect or an object without a file name extension.
	Note string `json:"note,omitempty"`
	// Result is whether the condition holds for the record.
	Result bool `json:"result"`
	// Deciding marks the condition that decided the outcome.
	Deciding bool `json:"deciding,omitempty"`
}

// Explanation is why a record matches or not: every condition's verdict,
// in document order (includes, then excludes), and the deciding one.
type Explanation struct {
	// Match is the outcome; it always equals the matcher's Match.
	Match bool `json:"match"`
	// Included is whether the includes block holds (true when it is empty).
	Included bool `json:"included"`
	// Excluded is whether the excludes block holds (false when it is empty).
	Excluded bool `json:"excluded"`
	// Decision is a short sentence stating the outcome and its cause.
	Decision string `json:"decision"`
	// DecidingPath is the path of the deciding condition: the first
	// include condition that fails, or, for an excluded record, the first
	// exclude condition that holds. Empty when the record matches.
	DecidingPath string    `json:"decidingPath,omitempty"`
	Verdicts     []Verdict `json:"verdicts"`
}

// Decide combines per-condition results the way Macie does and marks the
// deciding verdict: match = AND(includes) ∧ ¬join(excludes). It is the one
// place where explanations are concluded, for every matcher that produces
// them. vs must hold the include verdicts (Block Includes) before the exclude
// verdicts. what names the record ("bucket", "object").
func Decide(vs []Verdict, join Join, what string) Explanation {
	ex := Explanation{Included: true, Verdicts: vs}
	firstFail, firstExclHit := -1, -1
	nExcl, nExclHit := 0, 0
	for i := range vs {
		v := &vs[i]
		if v.Block == Includes {
			if !v.Result {
				ex.Included = false
				if firstFail < 0 {
					firstFail = i
				}
			}
			continue
		}
		nExcl++
		if v.Result {
			nExclHit++
			if firstExclHit < 0 {
				firstExclHit = i
			}
		}
	}
	if nExcl > 0 {
		if join == JoinOR {
			ex.Excluded = nExclHit > 0
		} else {
			ex.Excluded = nExclHit == nExcl
		}
	}
	ex.Match = ex.Included && !ex.Excluded
	switch {
	case !ex.Included:
		vs[firstFail].Deciding = true
		ex.DecidingPath = vs[firstFail].Path
		ex.Decision = what + " not included: " + vs[firstFail].Path + " does not hold"
	case ex.Excluded:
		vs[firstExclHit].Deciding = true
		ex.DecidingPath = vs[firstExclHit].Path
		if join == JoinOR || nExcl == 1 {
			ex.Decision = what + " excluded by " + vs[firstExclHit].Path
		} else {
			ex.Decision = what + " excluded: every exclude condition holds, starting with " + vs[firstExclHit].Path
		}
	default:
		switch {
		case nExcl > 0:
			ex.Decision = what + " matches: every include condition holds and the exclude conditions do not exclude it"
		case len(vs) > 0:
			ex.Decision = what + " matches: every include condition holds"
		default:
			ex.Decision = what + " matches: there are no conditions"
		}
	}
	return ex
}
