package criteria

import (
	"fmt"

	"github.com/jobscope/jobscope/field"
)

// BucketDefinition is one entry of a job's bucketDefinitions: an account
// and the names of buckets it owns. It mirrors the root package's
// S3BucketDefinitionForJob so that this package does not import it.
type BucketDefinition struct {
	AccountID string   `json:"accountId"`
	Buckets   []string `json:"buckets"`
}

// DefaultDefinitionsPath is the JSON path CompileDefinitions gives the
// bucket definitions: where they sit in a CreateClassificationJob request.
var DefaultDefinitionsPath = field.NewPath("s3JobDefinition", "bucketDefinitions")

// DefinitionsMatcher selects the buckets a static job names: a bucket matches
// when some definition lists its account and its name, exactly and
// case-sensitively (docs/semantics.md, "Bucket criteria": no pattern matching).
// It is immutable and safe for concurrent use.
type DefinitionsMatcher struct {
	path  string
	defs  []BucketDefinition
	index map[accountBucket]int32 // → position of the first listing, i<<16|j
}

type accountBucket struct{ account, bucket string }

// DefinitionError is a problem with bucket definitions given to
// CompileDefinitions.
type DefinitionError struct {
	Path    string
	Message string
}

func (e *DefinitionError) Error() string { return e.Path + ": " + e.Message }

// CompileDefinitions compiles bucket definitions into a DefinitionsMatcher
// whose verdicts carry paths below DefaultDefinitionsPath. A definition
// without an account, or a bucket name that is empty, is a
// *DefinitionError; a full check of a job (quotas and all) is the root
// package's validation.
func CompileDefinitions(defs []BucketDefinition) (*DefinitionsMatcher, error) {
	return CompileDefinitionsAt(defs, DefaultDefinitionsPath)
}

// CompileDefinitionsAt is CompileDefinitions with the definitions at path p.
func CompileDefinitionsAt(defs []BucketDefinition, p field.Path) (*DefinitionsMatcher, error) {
	m := &DefinitionsMatcher{path: p.String(), index: map[accountBucket]int32{}}
	for i, d := range defs {
		if d.AccountID == "" {
			return nil, &DefinitionError{Path: p.Index(i).Child("accountId").String(), Message: "accountId is required"}
		}
		if i >= 1<<15 || len(d.Buckets) >= 1<<16 {
			return nil, &DefinitionError{Path: p.String(), Message: "too many bucket definitions"}
		}
		for j, b := range d.Buckets {
			if b == "" {
				return nil, &DefinitionError{Path: p.Index(i).Child("buckets").Index(j).String(), Message: "a bucket name must not be empty"}
			}
			k := accountBucket{d.AccountID, b}
			if _, dup := m.index[k]; !dup {
				m.index[k] = int32(i<<16 | j)
			}
		}
		m.defs = append(m.defs, BucketDefinition{AccountID: d.AccountID, Buckets: append([]string(nil), d.Buckets...)})
	}
	return m, nil
}

// Definitions returns a copy of the compiled definitions.
func (m *DefinitionsMatcher) Definitions() []BucketDefinition {
	out := make([]BucketDefinition, len(m.defs))
	for i, d := range m.defs {
		out[i] = BucketDefinition{AccountID: d.AccountID, Buckets: append([]string(nil), d.Buckets...)}
	}
	return out
}

// Match reports whether some definition lists b's account and name. It
// does not allocate. A nil b never matches.
func (m *DefinitionsMatcher) Match(b *BucketMetadata) bool {
	if b == nil {
		return false
	}
	_, ok := m.index[accountBucket{b.AccountID, b.BucketName}]
	return ok
}

// Explain reports which definition lists b, if any. Its Match always
// equals m.Match(b). The one verdict is an include condition with field
// "BUCKET" at the path of the listing bucket name, or at the definitions'
// path when none lists b.
func (m *DefinitionsMatcher) Explain(b *BucketMetadata) Explanation {
	actual := []string{}
	if b != nil {
		actual = []string{b.AccountID + "/" + b.BucketName}
	}
	v := Verdict{Path: m.path, Block: Includes, Field: "BUCKET", Comparator: EQ, Actual: actual, Expected: []string{}}
	for _, d := range m.defs {
		for _, name := range d.Buckets {
			v.Expected = append(v.Expected, d.AccountID+"/"+name)
		}
	}
	if b != nil {
		if pos, ok := m.index[accountBucket{b.AccountID, b.BucketName}]; ok {
			v.Result = true
			v.Path = fmt.Sprintf("%s[%d].buckets[%d]", m.path, pos>>16, pos&0xffff)
		}
	}
	if !v.Result {
		v.Note = "no bucket definition lists this account and bucket name"
	}
	ex := Decide([]Verdict{v}, JoinAND, "bucket")
	if ex.Match {
		ex.Decision = "bucket selected: listed at " + v.Path
	} else {
		ex.Decision = "bucket not selected: no entry of " + m.path + " lists it"
	}
	return ex
}

// BucketSelector is what both ways of choosing a job's buckets — bucket
// criteria and bucket definitions — offer.
type BucketSelector interface {
	Match(b *BucketMetadata) bool
	Explain(b *BucketMetadata) Explanation
}

var (
	_ BucketSelector = (*BucketMatcher)(nil)
	_ BucketSelector = (*DefinitionsMatcher)(nil)
)
