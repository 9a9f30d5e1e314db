package jobscope

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/jobscope/jobscope/criteria"
	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/joblist"
	"github.com/jobscope/jobscope/schedule"
	"github.com/jobscope/jobscope/scope"
	"github.com/jobscope/jobscope/status"
)

// Options are the engine choices where Macie's documentation leaves the
// behaviour open (docs/semantics.md, "Choices where AWS is silent" and the
// conformance suite's options). The zero Options is the documented default of
// every choice. [Options.Set] sets one by its conformance-suite name.
type Options struct {
	// Criteria are the choices for bucket criteria. Its Path is not used:
	// a job's paths are its own.
	Criteria criteria.Options
	// Scope are the choices for object scoping. Its EmptyBlock also governs
	// validation of scoping blocks; Criteria.EmptyBlock that of bucket
	// criteria blocks.
	Scope scope.Options
	// Eligibility are the choices for which objects Macie can analyze.
	Eligibility scope.EligibilityOptions
	// Schedule are the choices for run calendars and incremental windows.
	Schedule schedule.Options
	// Status are the choices for the job life cycle.
	Status status.Options
	// List are the choices for ListClassificationJobs.
	List joblist.Options

	// AllowZeroSampling accepts samplingPercentage 0 (the range becomes
	// 0..100). Macie documents no range; by default it is 1..100
	// (docs/semantics.md, "Choices where AWS is silent").
	AllowZeroSampling bool
	// QuotaError is the exception for per-request count quotas (more than
	// 1,000 buckets or accounts, 30 custom data identifiers, 10 allow lists):
	// "ValidationException" (default) or "ServiceQuotaExceededException".
	QuotaError string
	// RequireClientToken rejects a request without clientToken. By default a
	// missing token is accepted, as SDKs and the AWS CLI generate one.
	RequireClientToken bool
	// AccessDeniedBuckets says what the dry run does with the objects of a
	// bucket the job selects whose metadata has errorCode ACCESS_DENIED:
	// skip them, as Macie cannot read them (AccessDeniedSkip, default), or
	// plan them as readable (AccessDeniedScan, for metadata known to be
	// stale).
	AccessDeniedBuckets AccessDenied
	// OneTimeScheduleFields says what a ONE_TIME job's scheduleFrequency or
	// initialRun (any value, also false) means: accepted, ignored and
	// warned about (OneTimeWarn, default), rejected (OneTimeReject) or
	// ignored without a word (OneTimeIgnore).
	OneTimeScheduleFields OneTimeFields
}

// OneTimeFields is the policy for schedule members of a ONE_TIME job.
type OneTimeFields string

// The values of OneTimeFields; the zero value is OneTimeWarn.
const (
	OneTimeWarn   OneTimeFields = "WARN"   // default: valid, ignored, a warning per member
	OneTimeReject OneTimeFields = "REJECT" // a problem per member
	OneTimeIgnore OneTimeFields = "IGNORE" // valid and ignored without a word
)

// Values returns the values of OneTimeFields.
func (OneTimeFields) Values() []OneTimeFields {
	return []OneTimeFields{OneTimeWarn, OneTimeReject, OneTimeIgnore}
}

// AccessDenied is the dry run's policy for buckets Macie may not read.
type AccessDenied string

// The values of AccessDenied; the zero value is AccessDeniedSkip.
const (
	AccessDeniedSkip AccessDenied = "SKIP" // default: skip the bucket's objects, as Macie cannot read them
	AccessDeniedScan AccessDenied = "SCAN" // plan them as readable, for metadata known to be stale
)

// Values returns the values of AccessDenied.
func (AccessDenied) Values() []AccessDenied {
	return []AccessDenied{AccessDeniedSkip, AccessDeniedScan}
}

// ServiceQuotaExceededException is the alternative Options.QuotaError.
const ServiceQuotaExceededException = "ServiceQuotaExceededException"

// An option is one named engine choice: its accepted values (nil for free
// form) and how to set it.
type option struct {
	values []string
	set    func(o *Options, v string) error
}

func enumOption(values []string, set func(o *Options, v string)) option {
	return option{values: values, set: func(o *Options, v string) error { set(o, v); return nil }}
}

func boolOption(set func(o *Options, b bool)) option {
	return option{values: []string{"true", "false"}, set: func(o *Options, v string) error {
		set(o, v == "true")
		return nil
	}}
}

func intOption(min int, set func(o *Options, n int)) option {
	return option{set: func(o *Options, v string) error {
		n, err := strconv.Atoi(v)
		if err != nil || n < min {
			return fmt.Errorf("want an integer ≥ %d", min)
		}
		set(o, n)
		return nil
	}}
}

var options = map[string]option{
	"excludeJoin": enumOption([]string{"AND", "OR"}, func(o *Options, v string) {
		o.Criteria.ExcludeJoin, o.Scope.ExcludeJoin = criteria.Join(v), criteria.Join(v)
	}),
	"emptyBlock": enumOption([]string{"ABSENT", "ERROR"}, func(o *Options, v string) {
		o.Criteria.EmptyBlock, o.Scope.EmptyBlock = criteria.EmptyBlock(v), criteria.EmptyBlock(v)
	}),
	"bucketTagEmptyValue": enumOption([]string{"KEY_ONLY", "PAIR"}, func(o *Options, v string) {
		o.Criteria.BucketTagEmptyValue = criteria.TagEmptyValue(v)
	}),
	"extensionRule": enumOption([]string{"LAST_DOT", "FIRST_DOT"}, func(o *Options, v string) {
		o.Scope.ExtensionRule = scope.ExtensionRule(v)
	}),
	"extensionLeadingDot": enumOption([]string{"LITERAL", "STRIP"}, func(o *Options, v string) {
		o.Scope.ExtensionLeadingDot = scope.LeadingDot(v)
	}),
	"noExtensionNE": enumOption([]string{"MATCH", "NO_MATCH"}, func(o *Options, v string) {
		o.Scope.NoExtensionNE = scope.NoExtensionNE(v)
	}),
	"lastModifiedPrecision": enumOption([]string{"SECOND", "EXACT"}, func(o *Options, v string) {
		o.Scope.LastModifiedPrecision = scope.Precision(v)
	}),
	"quotaMegabyte": enumOption([]string{"1048576", "1000000"}, func(o *Options, v string) {
		o.Eligibility.QuotaMegabyte, _ = strconv.ParseInt(v, 10, 64)
	}),
	"extraTextExtensions": {set: func(o *Options, v string) error {
		var exts []string
		if strings.HasPrefix(strings.TrimSpace(v), "[") {
			if err := json.Unmarshal([]byte(v), &exts); err != nil {
				return fmt.Errorf("want a JSON array of strings or a comma-separated list")
			}
		} else if v != "" {
			exts = strings.Split(v, ",")
		}
		for _, e := range exts {
			if e == "" || strings.HasPrefix(e, ".") || strings.ToLower(e) != e {
				return fmt.Errorf("extension %q: want lower case, without a dot", e)
			}
		}
		o.Eligibility.ExtraTextExtensions = exts
		return nil
	}},
	"kmsKeysAccessible": boolOption(func(o *Options, b bool) { o.Eligibility.KMSKeysInaccessible = !b }),
	"samplingPercentageMin": enumOption([]string{"1", "0"}, func(o *Options, v string) {
		o.AllowZeroSampling = v == "0"
	}),
	"quotaError": enumOption([]string{"ValidationException", ServiceQuotaExceededException}, func(o *Options, v string) {
		o.QuotaError = v
	}),
	"requireClientToken": boolOption(func(o *Options, b bool) { o.RequireClientToken = b }),
	"accessDeniedBuckets": enumOption([]string{"SKIP", "SCAN"}, func(o *Options, v string) {
		o.AccessDeniedBuckets = AccessDenied(v)
	}),
	"oneTimeScheduleFields": enumOption([]string{"WARN", "REJECT", "IGNORE"}, func(o *Options, v string) {
		o.OneTimeScheduleFields = OneTimeFields(v)
	}),
	"monthlyOverflow": enumOption([]string{"SKIP", "CLAMP"}, func(o *Options, v string) {
		o.Schedule.MonthlyOverflow = schedule.Overflow(v)
	}),
	"initialRunStartsImmediately": boolOption(func(o *Options, b bool) { o.Schedule.InitialRunWaitsForSchedule = !b }),
	"incrementalBoundary": enumOption([]string{"EXCLUSIVE", "INCLUSIVE"}, func(o *Options, v string) {
		o.Schedule.IncrementalBoundary = schedule.Boundary(v)
	}),
	"invalidTransitionError": enumOption([]string{"ValidationException", "ConflictException"}, func(o *Options, v string) {
		o.Status.InvalidTransitionError = v
	}),
	"pausedFromPausedExpires": boolOption(func(o *Options, b bool) { o.Status.PausedFromPausedExpires = b }),
	"listExcludeJoin": enumOption([]string{"ANY", "ALL"}, func(o *Options, v string) {
		o.List.ExcludeJoin = map[string]criteria.Join{"ANY": criteria.JoinOR, "ALL": criteria.JoinAND}[v]
	}),
	"listMaxResultsLimit": {set: func(o *Options, v string) error {
		if v == "null" || v == "unbounded" {
			o.List.MaxResultsLimit = -1
			return nil
		}
		return intOption(1, func(o *Options, n int) { o.List.MaxResultsLimit = n }).set(o, v)
	}},
	"listMaxResultsDefault": intOption(1, func(o *Options, n int) { o.List.MaxResultsDefault = n }),
}

// OptionNames returns the names [Options.Set] accepts, sorted.
func OptionNames() []string {
	names := make([]string, 0, len(options))
	for n := range options {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Set sets the engine choice called name in the conformance suite (for
// example "excludeJoin", "monthlyOverflow") to value, written as text: "OR",
// "true", "25", "null" (unbounded listMaxResultsLimit), or for
// extraTextExtensions a JSON array or comma-separated list.
func (o *Options) Set(name, value string) error {
	opt, ok := options[name]
	if !ok {
		return fmt.Errorf("unknown option %q; options are %s", name, strings.Join(OptionNames(), ", "))
	}
	if opt.values != nil {
		found := false
		for _, v := range opt.values {
			found = found || v == value
		}
		if !found {
			return fmt.Errorf("option %s: %q is not one of %s", name, value, strings.Join(opt.values, ", "))
		}
	}
	if err := opt.set(o, value); err != nil {
		return fmt.Errorf("option %s: %q: %v", name, value, err)
	}
	return nil
}

// criteria returns the choices for a job's bucket selection, at the job's
// own paths.
func (o *Options) criteria() criteria.Options {
	c := o.Criteria
	c.Path = field.Path{}
	return c
}
