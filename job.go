package jobscope

import (
	"time"

	"github.com/jobscope/jobscope/criteria"
	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/schedule"
	"github.com/jobscope/jobscope/scope"
	"github.com/jobscope/jobscope/status"
)

// The values of a Job's JobType (see [schedule.JobType]).
const (
	OneTime   = schedule.OneTime
	Scheduled = schedule.Scheduled
)

// Job is a classification job definition in the shape of Macie's
// CreateClassificationJob request — the file that
// `aws macie2 create-classification-job --cli-input-json` reads. It also
// holds the read-only members of DescribeClassificationJob output (jobId,
// jobArn, jobStatus, createdAt, …), so that output decodes as a Job too;
// validation ignores them except to check their enums. In such output
// (a Job with any read-only member set) Macie's own quirks are accepted: a
// one-time job's initialRun false, and, when loaded with [Load], a tag scope
// term's empty target (read as S3_OBJECT).
//
// Members are JSON-tagged exactly as Macie spells them. Pointers mark members
// whose absence differs from their zero value (initialRun, samplingPercentage).
type Job struct {
	// AllowListIds are the allow lists the job uses: at most 10.
	AllowListIds []string `json:"allowListIds,omitempty"`
	// ClientToken makes the request idempotent. SDKs fill it in when it is
	// missing, so it is optional unless Options.RequireClientToken is set.
	ClientToken string `json:"clientToken,omitempty"`
	// CustomDataIdentifierIds are the custom data identifiers the job uses:
	// at most 30.
	CustomDataIdentifierIds []string `json:"customDataIdentifierIds,omitempty"`
	// Description is at most 200 characters.
	Description string `json:"description,omitempty"`
	// InitialRun says whether a SCHEDULED job's first run analyzes all
	// existing eligible objects (true) or only those created or changed after
	// the job was created (false). Don't specify it for a ONE_TIME job.
	InitialRun *bool `json:"initialRun,omitempty"`
	// JobType is ONE_TIME or SCHEDULED. Required.
	JobType schedule.JobType `json:"jobType,omitempty"`
	// ManagedDataIdentifierIds are the managed data identifiers to include
	// or exclude, with selector INCLUDE or EXCLUDE.
	ManagedDataIdentifierIds []string `json:"managedDataIdentifierIds,omitempty"`
	// ManagedDataIdentifierSelector chooses the managed data identifiers;
	// RECOMMENDED when absent.
	ManagedDataIdentifierSelector ManagedDataIdentifierSelector `json:"managedDataIdentifierSelector,omitempty"`
	// Name is 1 to 500 characters. Required.
	Name string `json:"name,omitempty"`
	// S3JobDefinition is what the job analyzes. Required.
	S3JobDefinition *S3JobDefinition `json:"s3JobDefinition,omitempty"`
	// SamplingPercentage is the percentage of eligible objects to analyze,
	// 1 to 100; 100 when absent.
	SamplingPercentage *int32 `json:"samplingPercentage,omitempty"`
	// ScheduleFrequency is the recurrence of a SCHEDULED job.
	ScheduleFrequency *schedule.JobScheduleFrequency `json:"scheduleFrequency,omitempty"`
	// Tags are the job's tags: at most 50, keys up to 128 characters, values
	// up to 256.
	Tags map[string]string `json:"tags,omitempty"`

	// Read-only members of DescribeClassificationJob output.

	CreatedAt          *time.Time                 `json:"createdAt,omitempty"`
	JobArn             string                     `json:"jobArn,omitempty"`
	JobID              string                     `json:"jobId,omitempty"`
	JobStatus          status.JobStatus           `json:"jobStatus,omitempty"`
	LastRunErrorStatus *status.LastRunErrorStatus `json:"lastRunErrorStatus,omitempty"`
	LastRunTime        *time.Time                 `json:"lastRunTime,omitempty"`
	Statistics         *Statistics                `json:"statistics,omitempty"`
	UserPausedDetails  *status.UserPausedDetails  `json:"userPausedDetails,omitempty"`
}

// S3JobDefinition is the buckets a job analyzes — chosen by name
// (BucketDefinitions) or at run time by criteria (BucketCriteria), not both —
// and the objects in them (Scoping).
type S3JobDefinition struct {
	BucketCriteria    *criteria.S3BucketCriteriaForJob    `json:"bucketCriteria,omitempty"`
	BucketDefinitions []criteria.S3BucketDefinitionForJob `json:"bucketDefinitions,omitempty"`
	Scoping           *scope.Scoping                      `json:"scoping,omitempty"`
}

// Statistics are the processing statistics of DescribeClassificationJob.
type Statistics struct {
	ApproximateNumberOfObjectsToProcess *float64 `json:"approximateNumberOfObjectsToProcess,omitempty"`
	NumberOfRuns                        *float64 `json:"numberOfRuns,omitempty"`
}

// ManagedDataIdentifierSelector chooses which managed data identifiers a job
// uses.
type ManagedDataIdentifierSelector string

// The values of ManagedDataIdentifierSelector.
const (
	SelectorAll         ManagedDataIdentifierSelector = "ALL"         // all managed data identifiers; don't specify managedDataIdentifierIds
	SelectorExclude     ManagedDataIdentifierSelector = "EXCLUDE"     // all managed data identifiers except managedDataIdentifierIds
	SelectorInclude     ManagedDataIdentifierSelector = "INCLUDE"     // only managedDataIdentifierIds
	SelectorNone        ManagedDataIdentifierSelector = "NONE"        // none: specify customDataIdentifierIds and no managedDataIdentifierIds
	SelectorRecommended ManagedDataIdentifierSelector = "RECOMMENDED" // default: the recommended set; don't specify managedDataIdentifierIds
)

// Values returns every ManagedDataIdentifierSelector.
func (ManagedDataIdentifierSelector) Values() []ManagedDataIdentifierSelector {
	return []ManagedDataIdentifierSelector{SelectorAll, SelectorExclude, SelectorInclude, SelectorNone, SelectorRecommended}
}

// BucketSelector compiles the buckets j selects — its bucketCriteria, or
// its bucketDefinitions when it has them — with the choices of
// opts.Criteria, whose Path it does not use: the paths are those of a job.
// A job without s3JobDefinition, or with neither member, is a
// field.ErrorList, as are the problems [Job.Validate] reports there.
func (j *Job) BucketSelector(opts Options) (*criteria.BucketSelector, error) {
	d := j.S3JobDefinition
	if d == nil || (d.BucketCriteria == nil && d.BucketDefinitions == nil) {
		return nil, field.ErrorList{noBuckets(d)}
	}
	return criteria.Compile(d.BucketCriteria, d.BucketDefinitions, opts.criteria())
}

// Calendar returns j's run calendar under opts.Schedule for a job created
// at createdAt, or at j.CreatedAt when createdAt is zero; without either it
// is a *field.Error at createdAt. A ONE_TIME job's scheduleFrequency is
// ignored, as Macie ignores it. An invalid schedule is the error of
// [schedule.New].
func (j *Job) Calendar(createdAt time.Time, opts Options) (*schedule.Calendar, error) {
	if createdAt.IsZero() && j.CreatedAt != nil {
		createdAt = *j.CreatedAt
	}
	if createdAt.IsZero() {
		return nil, &field.Error{Path: "createdAt", Code: field.Required,
			Message: "a job's runs depend on when it was created: give the creation time (the job has no createdAt)"}
	}
	freq := j.ScheduleFrequency
	if j.JobType == schedule.OneTime {
		freq = nil
	}
	return schedule.New(createdAt, j.JobType, freq, j.InitialRun != nil && *j.InitialRun, opts.Schedule)
}
