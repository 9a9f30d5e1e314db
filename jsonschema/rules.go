package jsonschema

import (
	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/criteria"
	"github.com/jobscope/jobscope/schedule"
	"github.com/jobscope/jobscope/scope"
)

// The rules below restate, in JSON Schema, what jobscope's validation
// enforces (validate.go in the root package, criteria/validate.go,
// scope/validate.go, schedule/types.go) with its default options. They are
// keyed by Go type name, and by "Type.member" for one member of a type.

// sizePattern matches what scope.ParseSize accepts, bar the range.
const sizePattern = `^[0-9]+$`

// datePattern matches every string scope.ParseDate (time.Parse with
// time.RFC3339Nano) accepts: four-digit year, two-digit month, day, minute
// and second, a one- or two-digit hour, an optional fraction after "." or
// ",", and Z or a ±hh:mm offset. It does not check ranges.
const datePattern = `^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{1,2}:[0-9]{2}:[0-9]{2}([.,][0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$`

var memberRules = map[string]func(Schema){
	"Job.name":        set("minLength", 1, "maxLength", jobscope.MaxNameLength),
	"Job.description": set("maxLength", jobscope.MaxDescriptionLength),
	"Job.tags": func(s Schema) {
		s["maxProperties"] = jobscope.MaxTags
		s["propertyNames"] = Schema{"minLength": 1, "maxLength": jobscope.MaxTagKeyLength}
		s["additionalProperties"].(Schema)["maxLength"] = jobscope.MaxTagValueLength
	},
	"Job.samplingPercentage":       set("minimum", 1, "maximum", jobscope.MaxSamplingPercentage),
	"Job.allowListIds":             items(set("minLength", 1), "maxItems", jobscope.MaxAllowListsPerJob),
	"Job.customDataIdentifierIds":  items(set("minLength", 1), "maxItems", jobscope.MaxCustomDataIDs),
	"Job.managedDataIdentifierIds": items(set("minLength", 1)),

	// Each definition names at least one bucket, so no list of them can be
	// longer than the job's bucket limit.
	"S3JobDefinition.bucketDefinitions":  set("maxItems", jobscope.MaxBucketsPerJob),
	"S3BucketDefinitionForJob.accountId": set("minLength", 1),
	"S3BucketDefinitionForJob.buckets":   items(set("minLength", 1), "minItems", 1, "maxItems", jobscope.MaxBucketsPerJob),

	"MonthlySchedule.dayOfMonth": set("minimum", 1, "maximum", 31),

	"SimpleCriterionForJob.comparator": set("enum", eqNE),
	"SimpleCriterionForJob.values":     set("minItems", 1),
	"TagCriterionForJob.comparator":    set("enum", eqNE),
	"TagCriterionForJob.tagValues":     set("minItems", 1),

	"SimpleScopeTerm.values":  set("minItems", 1),
	"TagScopeTerm.comparator": set("enum", eqNE),
	"TagScopeTerm.key":        set("const", scope.TagScopeTermKey),
	"TagScopeTerm.tagValues":  set("minItems", 1),
	"TagValuePair.key":        set("minLength", 1),
}

var eqNE = []string{string(criteria.EQ), string(criteria.NE)}

var typeRules = map[string]func(Schema){
	"Job": func(s Schema) {
		s["required"] = []string{"jobType", "name", "s3JobDefinition"}
		// Macie ignores a ONE_TIME job's scheduleFrequency, and jobscope
		// does not check it further (it warns): only a SCHEDULED job's is
		// a JobScheduleFrequency.
		props := s["properties"].(Schema)
		frequency := props["scheduleFrequency"]
		props["scheduleFrequency"] = Schema{"type": "object"}
		s["allOf"] = []Schema{
			{
				"description": "A SCHEDULED job needs scheduleFrequency, a JobScheduleFrequency; another job's is ignored.",
				"if":          whenConst("jobType", string(schedule.Scheduled)),
				"then":        Schema{"required": []string{"scheduleFrequency"}, "properties": Schema{"scheduleFrequency": frequency}},
			},
			{
				"description": "Selectors INCLUDE and EXCLUDE need managedDataIdentifierIds; the others (and RECOMMENDED, the default) take none.",
				"if": Schema{
					"properties": Schema{"managedDataIdentifierSelector": Schema{"enum": []string{string(jobscope.SelectorInclude), string(jobscope.SelectorExclude)}}},
					"required":   []string{"managedDataIdentifierSelector"},
				},
				"then": Schema{"required": []string{"managedDataIdentifierIds"}, "properties": Schema{"managedDataIdentifierIds": Schema{"minItems": 1}}},
				"else": Schema{"properties": Schema{"managedDataIdentifierIds": Schema{"maxItems": 0}}},
			},
			{
				"description": "Selector NONE uses no managed data identifiers, so the job needs a custom one.",
				"if":          whenConst("managedDataIdentifierSelector", string(jobscope.SelectorNone)),
				"then":        Schema{"required": []string{"customDataIdentifierIds"}, "properties": Schema{"customDataIdentifierIds": Schema{"minItems": 1}}},
			},
		}
	},
	"S3JobDefinition": func(s Schema) {
		definitions := Schema{"required": []string{"bucketDefinitions"}, "properties": Schema{"bucketDefinitions": Schema{"minItems": 1}}}
		s["anyOf"] = []Schema{{"required": []string{"bucketCriteria"}}, definitions}
		s["not"] = Schema{
			"description": "bucketCriteria or bucketDefinitions, not both",
			"required":    []string{"bucketCriteria", "bucketDefinitions"},
			"properties":  Schema{"bucketDefinitions": Schema{"minItems": 1}},
		}
	},
	"S3BucketDefinitionForJob": required("accountId", "buckets"),
	"JobScheduleFrequency":     set("minProperties", 1, "maxProperties", 1),
	"WeeklySchedule":           required("dayOfWeek"),
	"MonthlySchedule":          required("dayOfMonth"),
	"CriteriaForJob":           exactlyOne("simpleCriterion", "tagCriterion"),
	"SimpleCriterionForJob":    required("comparator", "key", "values"),
	"TagCriterionForJob":       required("comparator", "tagValues"),
	"TagCriterionPairForJob": set("anyOf", []Schema{
		{"required": []string{"key"}, "properties": Schema{"key": Schema{"minLength": 1}}},
		{"required": []string{"value"}, "properties": Schema{"value": Schema{"minLength": 1}}},
	}),
	"JobScopeTerm": exactlyOne("simpleScopeTerm", "tagScopeTerm"),
	"SimpleScopeTerm": func(s Schema) {
		s["required"] = []string{"comparator", "key", "values"}
		var byKey []Schema
		for _, k := range scope.ScopeFilterKey("").Values() {
			values := Schema{}
			if !k.MultipleValues() {
				values["maxItems"] = 1
			}
			switch k {
			case scope.ObjectSize:
				values["items"] = Schema{"pattern": sizePattern}
			case scope.ObjectLastModifiedDate:
				values["items"] = Schema{"pattern": datePattern}
			default:
				values["items"] = Schema{"minLength": 1}
			}
			byKey = append(byKey, Schema{
				"if":   whenConst("key", string(k)),
				"then": Schema{"properties": Schema{"comparator": Schema{"enum": strs(k.Comparators())}, "values": values}},
			})
		}
		s["allOf"] = byKey
	},
	"TagScopeTerm": required("comparator", "key", "tagValues", "target"),
	"TagValuePair": required("key"),
}

// set returns a rule that sets the keyword-value pairs kv.
func set(kv ...any) func(Schema) {
	return func(s Schema) {
		for i := 0; i < len(kv); i += 2 {
			s[kv[i].(string)] = kv[i+1]
		}
	}
}

// items returns a rule that applies item to an array's items and sets the
// keyword-value pairs kv on the array.
func items(item func(Schema), kv ...any) func(Schema) {
	return func(s Schema) {
		item(s["items"].(Schema))
		set(kv...)(s)
	}
}

func required(names ...string) func(Schema) {
	return set("required", names)
}

// exactlyOne requires one of members a and b, not both.
func exactlyOne(a, b string) func(Schema) {
	return set("oneOf", []Schema{{"required": []string{a}}, {"required": []string{b}}})
}

// whenConst is the condition "member is present and equals value".
func whenConst(member, value string) Schema {
	return Schema{"properties": Schema{member: Schema{"const": value}}, "required": []string{member}}
}
