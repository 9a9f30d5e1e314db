package jsonschema

// Descriptions shown by editors, from Macie's API reference as jobscope's
// types document it.

var typeDescriptions = map[string]string{
	"S3JobDefinition":          "The buckets a job analyzes — by name (bucketDefinitions) or chosen at each run by criteria (bucketCriteria), not both — and the objects in them (scoping).",
	"S3BucketDefinitionForJob": "An account and buckets it owns.",
	"S3BucketCriteriaForJob":   "Buckets chosen at each run. Exclude conditions take precedence over include conditions.",
	"CriteriaBlockForJob":      "Conditions joined by AND.",
	"CriteriaForJob":           "One property- or tag-based bucket condition: a simpleCriterion or a tagCriterion.",
	"SimpleCriterionForJob":    "A bucket property and its values (OR-joined for EQ, none-of for NE). Values are exact and case sensitive.",
	"TagCriterionForJob":       "Bucket tag keys, tag values or key-value pairs (OR-joined for EQ, none-of for NE).",
	"TagCriterionPairForJob":   "A tag key, a tag value, or both.",
	"Scoping":                  "Which objects in the selected buckets the job analyzes. Exclude conditions take precedence over include conditions.",
	"JobScopingBlock":          "Conditions joined by AND.",
	"JobScopeTerm":             "One object condition: a simpleScopeTerm or a tagScopeTerm.",
	"SimpleScopeTerm":          "An object property and its values. Sizes are whole numbers of bytes; dates are RFC 3339.",
	"TagScopeTerm":             "Object tag keys or key-value pairs (OR-joined for EQ, none-of for NE).",
	"TagValuePair":             "A tag key and value; an empty value means any value.",
	"JobScheduleFrequency":     "The recurrence of a SCHEDULED job: exactly one of dailySchedule, weeklySchedule and monthlySchedule.",
	"DailySchedule":            "Every day. An empty object.",
	"WeeklySchedule":           "Once a week.",
	"MonthlySchedule":          "Once a month; in a month without that day the job doesn't run.",
}

var enumDescriptions = map[string]string{
	"JobType":                       "ONE_TIME runs once, right after the job is created; SCHEDULED runs on scheduleFrequency.",
	"ManagedDataIdentifierSelector": "Which managed data identifiers the job uses; RECOMMENDED when absent.",
	"DayOfWeek":                     "A day of the week, upper case.",
	"JobComparator":                 "The operator of a condition.",
	"SimpleCriterionKeyForJob":      "The bucket property a simple criterion tests.",
	"ScopeFilterKey":                "The object property a simple scope term tests. OBJECT_EXTENSION: EQ, NE; OBJECT_KEY: STARTS_WITH; OBJECT_LAST_MODIFIED_DATE and OBJECT_SIZE: EQ, GT, GTE, LT, LTE, NE with one value.",
	"TagTarget":                     "What the tags belong to: S3_OBJECT, required although Macie's model marks it optional.",
}

var memberDescriptions = map[string]string{
	"Job.allowListIds":                  "The allow lists the job uses: at most 10.",
	"Job.clientToken":                   "Makes the request idempotent; SDKs and the AWS CLI fill it in when it is missing.",
	"Job.customDataIdentifierIds":       "The custom data identifiers the job uses: at most 30.",
	"Job.description":                   "At most 200 characters.",
	"Job.initialRun":                    "For a SCHEDULED job: whether the first run analyzes all existing eligible objects (true) or only those created or changed after the job was created (false).",
	"Job.managedDataIdentifierIds":      "The managed data identifiers to include or exclude, with selector INCLUDE or EXCLUDE.",
	"Job.name":                          "1 to 500 characters.",
	"Job.samplingPercentage":            "The percentage of eligible objects to analyze, 1 to 100; 100 when absent.",
	"Job.tags":                          "At most 50 tags; keys of 1 to 128 characters, values of up to 256.",
	"S3BucketDefinitionForJob.buckets":  "Bucket names: at most 1,000 per job.",
	"TagScopeTerm.key":                  "Always TAG; the tag keys go in tagValues.",
	"MonthlySchedule.dayOfMonth":        "1 through 31.",
	"S3JobDefinition.bucketDefinitions": "Buckets by name, per owning account: at most 1,000 buckets spanning at most 1,000 accounts.",
}
