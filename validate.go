package jobscope

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"unicode/utf8"

	"github.com/jobscope/jobscope/criteria"
	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/internal/described"
	"github.com/jobscope/jobscope/internal/enum"
	"github.com/jobscope/jobscope/schedule"
	"github.com/jobscope/jobscope/scope"
)

// Documented limits of a CreateClassificationJob request.
const (
	MaxNameLength         = 500  // characters
	MaxDescriptionLength  = 200  // characters
	MaxTags               = 50   // tags per job
	MaxTagKeyLength       = 128  // characters
	MaxTagValueLength     = 256  // characters
	MaxBucketsPerJob      = 1000 // buckets across bucketDefinitions
	MaxAccountsPerJob     = 1000 // accounts across bucketDefinitions
	MaxCustomDataIDs      = 30   // customDataIdentifierIds per job
	MaxAllowListsPerJob   = 10   // allowListIds per job
	MaxSamplingPercentage = 100
)

// Validate reports every problem of j that Macie's CreateClassificationJob
// would reject, each with its JSON path, code and message. It returns nil
// when j is valid, and otherwise a field.ErrorList (usable with errors.As,
// for the list or for one *field.Error). Warnings are not errors: see
// [Job.Warnings].
func (j *Job) Validate(opts Options) error {
	return j.validate(opts).Err()
}

// Warnings reports what Macie accepts in j but ignores, each a
// *field.Error whose Severity is field.SeverityWarning, with its JSON path,
// code and message: a ONE_TIME job's scheduleFrequency and initialRun
// (code field.OneTimeScheduleFieldIgnored, under the default
// Options.OneTimeScheduleFields). A warning never makes a job invalid; a
// job may have warnings and errors. [LoadWithWarnings] returns them with
// the line and column of their member.
func (j *Job) Warnings(opts Options) field.ErrorList {
	var ws field.ErrorList
	if j.JobType == schedule.OneTime && (opts.OneTimeScheduleFields == "" || opts.OneTimeScheduleFields == OneTimeWarn) {
		if j.InitialRun != nil {
			ws = append(ws, field.NewWarning(field.NewPath("initialRun"), field.OneTimeScheduleFieldIgnored,
				"initialRun applies only to SCHEDULED jobs; Macie ignores it on a ONE_TIME job, which analyzes every existing object once"))
		}
		if j.ScheduleFrequency != nil {
			ws = append(ws, field.NewWarning(field.NewPath("scheduleFrequency"), field.OneTimeScheduleFieldIgnored,
				"scheduleFrequency applies only to SCHEDULED jobs; Macie ignores it on a ONE_TIME job, which runs once, when it is created"))
		}
	}
	return ws
}

func (j *Job) validate(opts Options) field.ErrorList {
	var errs field.ErrorList
	add := func(p field.Path, code field.Code, format string, args ...any) {
		errs = append(errs, field.New(p, code, fmt.Sprintf(format, args...)))
	}
	quota := func(p field.Path, format string, args ...any) {
		e := field.New(p, field.Quota, fmt.Sprintf(format, args...))
		if opts.QuotaError != "" {
			e.Exception = opts.QuotaError
		}
		errs = append(errs, e)
	}

	// Required members and lengths.
	if j.ClientToken == "" && opts.RequireClientToken {
		add(field.NewPath("clientToken"), field.Required, "clientToken is required")
	}
	switch n := utf8.RuneCountInString(j.Name); {
	case n == 0:
		add(field.NewPath("name"), field.Required, "name is required: 1 to %d characters", MaxNameLength)
	case n > MaxNameLength:
		add(field.NewPath("name"), field.TooLong, "name has %d characters; the limit is %d", n, MaxNameLength)
	}
	if n := utf8.RuneCountInString(j.Description); n > MaxDescriptionLength {
		add(field.NewPath("description"), field.TooLong, "description has %d characters; the limit is %d", n, MaxDescriptionLength)
	}
	errs = append(errs, validateTags(j.Tags)...)

	// Job type and schedule.
	jt := field.NewPath("jobType")
	switch {
	case j.JobType == "":
		add(jt, field.Required, "jobType is required: ONE_TIME or SCHEDULED")
	case !enum.Valid(j.JobType):
		add(jt, field.InvalidValue, "%q is not a job type; use ONE_TIME or SCHEDULED (the recurrence goes in scheduleFrequency)", j.JobType)
	case j.JobType == schedule.OneTime:
		if opts.OneTimeScheduleFields == OneTimeReject {
			if j.ScheduleFrequency != nil {
				add(field.NewPath("scheduleFrequency"), field.Forbidden,
					"a ONE_TIME job runs once; remove scheduleFrequency or make the job SCHEDULED")
			}
			// DescribeClassificationJob reports initialRun false for a
			// one-time job, so its output carries it legitimately.
			if j.InitialRun != nil && !(j.described() && !*j.InitialRun) {
				add(field.NewPath("initialRun"), field.Forbidden,
					"initialRun applies only to SCHEDULED jobs; remove it from a ONE_TIME job (a one-time job always analyzes all existing objects)")
			}
		}
	case j.JobType == schedule.Scheduled:
		if j.ScheduleFrequency == nil {
			add(field.NewPath("scheduleFrequency"), field.Required,
				"a SCHEDULED job needs scheduleFrequency: dailySchedule, weeklySchedule or monthlySchedule")
		}
		errs = append(errs, j.ScheduleFrequency.Validate(field.NewPath("scheduleFrequency"))...)
	}

	if sp := j.SamplingPercentage; sp != nil {
		lo := int32(1)
		if opts.AllowZeroSampling {
			lo = 0
		}
		if *sp < lo || *sp > MaxSamplingPercentage {
			add(field.NewPath("samplingPercentage"), field.InvalidValue,
				"samplingPercentage is %d; it must be from %d through %d", *sp, lo, MaxSamplingPercentage)
		}
	}

	// What the job analyzes.
	errs = append(errs, j.S3JobDefinition.validate(opts, quota)...)

	// Data identifiers and allow lists.
	mp, cp := field.NewPath("managedDataIdentifierIds"), field.NewPath("customDataIdentifierIds")
	switch sel := j.ManagedDataIdentifierSelector; {
	case sel != "" && !enum.Valid(sel):
		add(field.NewPath("managedDataIdentifierSelector"), field.InvalidValue,
			"%q is not a selector; use one of %s", sel, field.Alternatives(sel.Values()))
	case sel == SelectorInclude || sel == SelectorExclude:
		if len(j.ManagedDataIdentifierIds) == 0 {
			add(mp, field.Required, "selector %s needs at least one managed data identifier in managedDataIdentifierIds", sel)
		}
	default: // ALL, NONE, RECOMMENDED or absent (RECOMMENDED)
		if len(j.ManagedDataIdentifierIds) > 0 {
			name := string(sel)
			if sel == "" {
				name = "RECOMMENDED (the default)"
			}
			add(mp, field.Forbidden, "don't specify managedDataIdentifierIds with selector %s; use INCLUDE or EXCLUDE to list identifiers", name)
		}
		if sel == SelectorNone && len(j.CustomDataIdentifierIds) == 0 {
			add(cp, field.Required, "selector NONE uses no managed data identifiers, so specify at least one custom data identifier")
		}
	}
	if n := len(j.CustomDataIdentifierIds); n > MaxCustomDataIDs {
		quota(cp, "%d custom data identifiers; a job can use at most %d", n, MaxCustomDataIDs)
	}
	if n := len(j.AllowListIds); n > MaxAllowListsPerJob {
		quota(field.NewPath("allowListIds"), "%d allow lists; a job can use at most %d", n, MaxAllowListsPerJob)
	}
	for _, ids := range []struct {
		name string
		ids  []string
	}{{"allowListIds", j.AllowListIds}, {"customDataIdentifierIds", j.CustomDataIdentifierIds}, {"managedDataIdentifierIds", j.ManagedDataIdentifierIds}} {
		for i, id := range ids.ids {
			if id == "" {
				add(field.NewPath(ids.name).Index(i), field.InvalidValue, "an identifier must not be empty")
			}
		}
	}

	// Read-only members, when the input is DescribeClassificationJob output.
	if s := j.JobStatus; s != "" && !enum.Valid(s) {
		add(field.NewPath("jobStatus"), field.InvalidValue, "%q is not a job status", s)
	}
	return errs
}

func validateTags(tags map[string]string) field.ErrorList {
	p := field.NewPath("tags")
	var errs field.ErrorList
	if n := len(tags); n > MaxTags {
		errs = append(errs, field.New(p, field.TooMany, fmt.Sprintf("%d tags; a job can have at most %d", n, MaxTags)))
	}
	for _, k := range slices.Sorted(maps.Keys(tags)) {
		v := tags[k]
		switch n := utf8.RuneCountInString(k); {
		case n == 0:
			errs = append(errs, field.New(p, field.InvalidValue, "a tag key must not be empty"))
		case n > MaxTagKeyLength:
			errs = append(errs, field.New(p, field.TooLong,
				fmt.Sprintf("tag key %.20q… has %d characters; the limit is %d", k, n, MaxTagKeyLength)))
		}
		if n := utf8.RuneCountInString(v); n > MaxTagValueLength {
			errs = append(errs, field.New(p, field.TooLong,
				fmt.Sprintf("the value of tag %.20q has %d characters; the limit is %d", k, n, MaxTagValueLength)))
		}
	}
	return errs
}

func (d *S3JobDefinition) validate(opts Options, quota func(field.Path, string, ...any)) field.ErrorList {
	p := field.NewPath("s3JobDefinition")
	if d == nil {
		return field.ErrorList{noBuckets(d)}
	}
	var errs field.ErrorList
	if d.BucketCriteria == nil && len(d.BucketDefinitions) == 0 {
		errs = append(errs, noBuckets(d))
	}
	// The selection and the scoping are valid when they compile; the
	// per-job quotas are checked here, as their exception is an option of
	// this package.
	_, err := criteria.Compile(d.BucketCriteria, d.BucketDefinitions, opts.criteria())
	errs = append(errs, problems(err)...)
	bp := p.Child("bucketDefinitions")
	buckets, accounts := 0, map[string]bool{}
	for _, def := range d.BucketDefinitions {
		buckets += len(def.Buckets)
		accounts[def.AccountID] = true
	}
	if buckets > MaxBucketsPerJob {
		quota(bp, "%d buckets; a job can name at most %d (use bucketCriteria for more)", buckets, MaxBucketsPerJob)
	}
	if len(accounts) > MaxAccountsPerJob {
		quota(bp, "%d accounts; a job's buckets can span at most %d", len(accounts), MaxAccountsPerJob)
	}
	so := opts.Scope
	so.Path = p.Child("scoping")
	_, err = scope.Compile(d.Scoping, so)
	return append(errs, problems(err)...)
}

// problems returns the problems of err, a field.ErrorList or nil, as the
// Compile functions return them.
func problems(err error) field.ErrorList {
	var list field.ErrorList
	errors.As(err, &list)
	return list
}

// noBuckets is the problem of a job definition d that selects no buckets.
func noBuckets(d *S3JobDefinition) *field.Error {
	p := field.NewPath("s3JobDefinition")
	if d == nil {
		return field.New(p, field.Required,
			"s3JobDefinition is required: give bucketDefinitions (buckets by name) or bucketCriteria (buckets chosen at run time)")
	}
	return field.New(p, field.Required,
		"give bucketDefinitions (buckets by name) or bucketCriteria (buckets chosen at run time)")
}

// described reports whether j carries read-only members of
// DescribeClassificationJob output.
func (j *Job) described() bool {
	return j.JobID != "" || j.JobArn != "" || j.JobStatus != "" || j.CreatedAt != nil ||
		j.LastRunTime != nil || j.Statistics != nil || j.LastRunErrorStatus != nil || j.UserPausedDetails != nil
}

// fillDescribedTargets sets the empty target of tag scope terms to S3_OBJECT
// in DescribeClassificationJob output: Macie returns it as an empty string
// there although it requires it on create.
func (j *Job) fillDescribedTargets() {
	if j.described() && j.S3JobDefinition != nil {
		described.FillTagTargets(j.S3JobDefinition.Scoping)
	}
}
