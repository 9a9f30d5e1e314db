// Package yamljob reads a Macie classification job written in YAML, the
// form `aws macie2 create-classification-job --cli-input-yaml` reads, with
// the strictness and the located problems of jobscope.Load for JSON.
//
// [Load] returns the job and every problem as a field.ErrorList. Each
// *field.Error has the Path and Code jobscope gives the same job in JSON,
// and the line and column of the YAML text (a syntax error that the YAML
// parser finds has its line only):
//
//	job, err := yamljob.Load(f, jobscope.Limits{}, jobscope.Options{})
//
// A value is typed as the YAML 1.2 core schema types it: a quoted or block
// scalar is a string; an unquoted one is null (~, null or nothing), a
// boolean (true, false), a number (1024, 0x1F, 1.5e3) or else a string
// (ONE_TIME, and 2024-01-31T09:00:00Z: the core schema has no timestamps).
// So an unquoted number where Macie wants a string, such as a tag value or
// an account ID, is a wrong type, as aws-cli's checks of the request find
// it; quote it. Explicit tags may be the core schema's (!!str, !!int,
// !!float, !!bool, !!null, !!map, !!seq); any other tag (!!binary,
// !!timestamp, !custom) is an error, and so are .inf and .nan and a
// member name that is not a string.
//
// The document must be one YAML document: a second one after "---" is an
// error. A member given twice is an error, as in JSON. Anchors and aliases
// are expanded, and so are merge keys (<<: *base), whose members yield to
// the mapping's own. An error inside an alias's expansion is located where
// the alias is, or at the text of the anchored value under it.
//
// [jobscope.Limits] bound the expanded document: MaxBytes its size, its
// aliases expanded, MaxValues its values and MaxDepth its nesting, so a
// document that expands exponentially ("billion laughs") fails fast with a
// field.Limit problem at the alias that crosses the limit.
//
// JSON is YAML: Load reads a JSON job to the same job and problems as
// jobscope.Load, except that syntax errors are YAML's and the YAML parser
// takes neither the escape \/ nor surrogate pairs (\ud83d\ude00). [IsYAML]
// tells the two apart for a caller that reads both.
package yamljob
