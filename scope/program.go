package scope

import (
	"slices"
	"time"

	"github.com/jobscope/jobscope/criteria"
	"github.com/jobscope/jobscope/internal/block"
)

// This file holds the intermediate form of a compiled Scoping: the
// normalized condition tree that Match, Explain and any other back end (a
// SQL emitter) read. It is plain data, JSON-tagged, and carries the JSON path
// of every condition. Every option that changes what a condition means is
// either applied to its values (ExtensionLeadingDot, LastModifiedPrecision)
// or recorded on the Program (ExtensionRule, NoExtensionNE, ExcludeJoin).

// ConditionKind says which of JobScopeTerm's members a condition came from.
type ConditionKind string

// The values of ConditionKind, spelled as the JSON members of JobScopeTerm.
const (
	SimpleScopeTermKind ConditionKind = "simpleScopeTerm" // a SimpleScopeTerm: Key and Values are set
	TagScopeTermKind    ConditionKind = "tagScopeTerm"    // a TagScopeTerm: Tags are set
)

// Condition is one normalized term of a scoping block.
//
// Its result for an object is, by Key:
//   - OBJECT_KEY (STARTS_WITH): the key starts with one of Values, byte-wise.
//   - OBJECT_EXTENSION: the derived extension (Program.ExtensionRule) is one of
//     Extensions (EQ) or none of them (NE); an object without extension fails
//     EQ and gets Program.NoExtensionNE under NE.
//   - OBJECT_SIZE: Size compared by Comparator (object size on the left).
//   - OBJECT_LAST_MODIFIED_DATE: Date compared by Comparator, both floored to
//     whole seconds when Program.LastModifiedPrecision is Second.
//
// and for a tag condition: some pair of Tags holds (EQ) or none does (NE); a
// pair with an empty Value holds when the object has the tag key, else when
// the tag has exactly that value.
type Condition struct {
	// Path is the JSON path of the simpleScopeTerm or tagScopeTerm member,
	// for example s3JobDefinition.scoping.includes.and[1].simpleScopeTerm.
	Path       string                 `json:"path"`
	Block      criteria.BlockKind     `json:"block"`
	Index      int                    `json:"index"`
	Kind       ConditionKind          `json:"kind"`
	Comparator criteria.JobComparator `json:"comparator"`
	// Key is the simple term's key; empty for a tag condition.
	Key ScopeFilterKey `json:"key,omitempty"`
	// Values are the simple term's values as written.
	Values []string `json:"values,omitempty"`
	// Extensions are the OBJECT_EXTENSION values after ExtensionLeadingDot.
	Extensions []string `json:"extensions,omitempty"`
	// Size is the OBJECT_SIZE value in bytes.
	Size int64 `json:"size,omitempty"`
	// Date is the OBJECT_LAST_MODIFIED_DATE value in UTC, floored to the
	// second under Second precision.
	Date time.Time `json:"date,omitzero"`
	// Tags are the tag condition's pairs.
	Tags []TagValuePair `json:"tags,omitempty"`
}

// field names what a condition tests: its ScopeFilterKey, or "TAG".
func (c *Condition) field() string {
	if c.Kind == TagScopeTermKind {
		return TagScopeTermKey
	}
	return string(c.Key)
}

// Program is the normalized condition tree of a Scoping, which
// [ObjectMatcher.Program] hands to other back ends such as a SQL emitter:
//
//	inScope(o) = AND(Includes)(o) ∧ ¬ ExcludeJoin(Excludes)(o)
//
// where an empty Includes is true and an empty Excludes is false.
type Program struct {
	// Path is the JSON path of the scoping object.
	Path                  string        `json:"path"`
	Includes              []Condition   `json:"includes"`
	Excludes              []Condition   `json:"excludes"`
	ExcludeJoin           criteria.Join `json:"excludeJoin"`
	ExtensionRule         ExtensionRule `json:"extensionRule"`
	NoExtensionNE         NoExtensionNE `json:"noExtensionNE"`
	LastModifiedPrecision Precision     `json:"lastModifiedPrecision"`
}

// clone returns a copy of p that shares nothing with it.
func (p *Program) clone() *Program {
	q := *p
	own := func(c *Condition) {
		c.Values, c.Extensions, c.Tags = slices.Clone(c.Values), slices.Clone(c.Extensions), slices.Clone(c.Tags)
	}
	q.Includes, q.Excludes = block.Clone(p.Includes, own), block.Clone(p.Excludes, own)
	return &q
}
