package criteria

// Verdict is the result of one condition for one record, as Explain reports
// it. The same type serves bucket criteria, bucket definitions, object
// scoping and job-listing filters.
type Verdict struct {
	// Path is the JSON path of the condition.
	Path  string    `json:"path"`
	Block BlockKind `json:"block"`
	// Field is what the condition tests: a SimpleCriterionKeyForJob, a
	// ListJobsFilterKey, a scope key, "TAG", or "BUCKET" for a bucket
	// definition.
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
// verdicts. what names the record ("bucket", "object", "job").
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
