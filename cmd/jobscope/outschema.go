package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
)

// schemaVersion is the version of every JSON output's contract: the value of
// its "schemaVersion" member. The minor number grows when members are
// added; the major number when a member is removed, renamed or changes its
// type or meaning (docs/output.md).
const schemaVersion = "1.1"

// schemaBase is where the committed schemas are published; each output's
// $id is schemaBase + its file name.
const schemaBase = "https://raw.githubusercontent.com/jobscope/jobscope/main/schema/"

// output is one JSON output of the CLI with its schema, generated from the
// Go type the command encodes.
type output struct {
	name        string // jobscope schema NAME
	file        string // the committed copy, under schema/
	title       string
	description string
	typ         reflect.Type
}

// outputs are the JSON outputs, by name.
var outputs = []output{
	{"buckets", "buckets.schema.json", "jobscope buckets --format json",
		"Which buckets of a DescribeBuckets output a job selects, and why not the others.",
		reflect.TypeFor[bucketsReport]()},
	{"coverage", "coverage.schema.json", "jobscope coverage --format json",
		"What many jobs analyze together over the same objects: the objects no job, one job and several jobs analyze, each job's own and shared part, overlaps, and what is left out.",
		reflect.TypeFor[coverageReport]()},
	{"coverage-object", "coverage-object.schema.json", "jobscope coverage --format jsonl: one line",
		"One object and the jobs that analyze it: one line of `jobscope coverage --format jsonl` (the columns of --format csv are the same members, jobs joined by ;). Lines carry no schemaVersion; they follow the coverage output's.",
		reflect.TypeFor[coveredLine]()},
	{"decision", "decision.schema.json", "jobscope plan --format jsonl: one line",
		"One object's decision: one line of `jobscope plan --format jsonl` (the columns of --format csv are the same members, in this order). Lines carry no schemaVersion; they follow the plan output's.",
		reflect.TypeFor[decisionLine]()},
	{"diff", "diff.schema.json", "jobscope diff --format json",
		"The objects that enter and leave the scan when Macie classification jobs change — two job files, or the jobs a Terraform plan creates, replaces or deletes — by bucket and reason, and what that does to the cost.",
		reflect.TypeFor[diffReport]()},
	{"diff-change", "diff-change.schema.json", "jobscope diff --format jsonl: one line",
		"One object that enters or leaves the scan: one line of `jobscope diff --format jsonl`. Lines carry no schemaVersion; they follow the diff output's.",
		reflect.TypeFor[diffLine]()},
	{"explain", "explain.schema.json", "jobscope explain --format json",
		"Why a job takes or leaves an object (its path through the dry run's stages) or a bucket.",
		reflect.TypeFor[explainReport]()},
	{"plan", "plan.schema.json", "jobscope plan --format json",
		"The dry run of one run of a Macie classification job: what it analyzes and skips, per bucket and reason, and what that costs.",
		reflect.TypeFor[planReport]()},
	{"schedule", "schedule.schema.json", "jobscope schedule --format json",
		"A job's initial status and next runs, and the months a monthly schedule skips.",
		reflect.TypeFor[scheduleResult]()},
	{"validate", "validate.schema.json", "jobscope validate --format json",
		"Every problem of each job definition checked, as Macie's CreateClassificationJob would find it.",
		reflect.TypeFor[validateReport]()},
}

// outputSchema returns the JSON Schema (draft 2020-12) of o, indented, with
// a final newline; members in sorted order, so the bytes are stable.
func outputSchema(o output) []byte {
	g := &schemaGen{defs: map[string]any{}, seen: map[string]reflect.Type{}}
	root := g.object(o.typ)
	root["$schema"] = "https://json-schema.org/draft/2020-12/schema"
	root["$id"] = schemaBase + o.file
	root["title"] = o.title
	root["description"] = o.description
	if len(g.defs) > 0 {
		root["$defs"] = g.defs
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(root); err != nil {
		panic(err) // maps of strings, numbers and booleans always encode
	}
	return buf.Bytes()
}

// schemaGen derives a schema from Go types by reflection. A struct field is
// a member named by its json tag; it is required unless the tag says
// omitempty. Other tags refine the member's schema: desc (its
// description), enum (comma-separated values), format, pattern and min.
// A named string type with a Values method is an enum of those values.
// Named struct types are $defs entries (their doc is the desc tag of a
// blank field named _).
type schemaGen struct {
	defs map[string]any
	seen map[string]reflect.Type
}

var valuesMethod = "Values"

func (g *schemaGen) schemaOf(t reflect.Type) map[string]any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Struct:
		if t == reflect.TypeFor[time.Time]() {
			return map[string]any{"type": "string", "format": "date-time"}
		}
		name := defName(t)
		if prev, ok := g.seen[name]; ok {
			if prev != t {
				panic(fmt.Sprintf("outschema: %s and %s share $defs/%s", prev, t, name))
			}
		} else {
			g.seen[name] = t
			g.defs[name] = g.object(t)
		}
		return map[string]any{"$ref": "#/$defs/" + name}
	case reflect.String:
		s := map[string]any{"type": "string"}
		if m, ok := t.MethodByName(valuesMethod); ok && m.Type.NumIn() == 1 && m.Type.NumOut() == 1 {
			vs := m.Func.Call([]reflect.Value{reflect.Zero(t)})[0]
			var enum []string
			for i := range vs.Len() {
				enum = append(enum, vs.Index(i).String())
			}
			s["enum"] = enum
		}
		return s
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int64:
		return map[string]any{"type": "integer"}
	case reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice:
		return map[string]any{"type": "array", "items": g.schemaOf(t.Elem())}
	}
	panic(fmt.Sprintf("outschema: no JSON type for %s", t))
}

// object is the schema of struct type t.
func (g *schemaGen) object(t reflect.Type) map[string]any {
	props := map[string]any{}
	required := []string{}
	s := map[string]any{"type": "object", "additionalProperties": false}
	for f := range fields(t) {
		if f.Name == "_" {
			s["description"] = f.Tag.Get("desc")
			continue
		}
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		m := g.schemaOf(f.Type)
		if d := f.Tag.Get("desc"); d != "" {
			m["description"] = d
		}
		if e := f.Tag.Get("enum"); e != "" {
			m["enum"] = strings.Split(e, ",")
		}
		for _, k := range []string{"format", "pattern"} {
			if v := f.Tag.Get(k); v != "" {
				m[k] = v
			}
		}
		if v := f.Tag.Get("min"); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				panic(fmt.Sprintf("outschema: %s.%s: min %q", t, f.Name, v))
			}
			m["minimum"] = n
		}
		if f.Type.Kind() == reflect.Pointer && f.Type.Elem().Kind() != reflect.Struct {
			m = map[string]any{"anyOf": []any{m, map[string]any{"type": "null"}}}
		}
		props[name] = m
		if !strings.Contains(opts, "omitempty") {
			required = append(required, name)
		}
	}
	s["properties"] = props
	if len(required) > 0 {
		slices.Sort(required)
		s["required"] = required
	}
	return s
}

// fields are t's JSON members in order, with embedded structs' members in
// place, and the blank field that documents t.
func fields(t reflect.Type) func(func(reflect.StructField) bool) {
	return func(yield func(reflect.StructField) bool) {
		for i := range t.NumField() {
			f := t.Field(i)
			tag := f.Tag.Get("json")
			switch {
			case f.Name == "_":
			case f.Anonymous && tag == "":
				for ef := range fields(f.Type) {
					if ef.Name != "_" && !yield(ef) {
						return
					}
				}
				continue
			case !f.IsExported() || tag == "-" || tag == "":
				continue
			}
			if !yield(f) {
				return
			}
		}
	}
}

// defName is the $defs name of struct type t: its Go name without a
// "JSON" suffix, with an upper-case first letter.
func defName(t reflect.Type) string {
	n := strings.TrimSuffix(t.Name(), "JSON")
	return strings.ToUpper(n[:1]) + n[1:]
}
