package jobscope

import (
	"time"

	"github.com/jobscope/jobscope/criteria"
	"github.com/jobscope/jobscope/schedule"
	"github.com/jobscope/jobscope/scope"
	"github.com/jobscope/jobscope/status"
)

// JobType is whether a job runs once or on a schedule; see [schedule.JobType].
type JobType = schedule.JobType

// The values of JobType.
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
	JobType JobType `json:"jobType,omitempty"`
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
	BucketCriteria    *criteria.S3BucketCriteriaForJob `json:"bucketCriteria,omitempty"`
	BucketDefinitions []S3BucketDefinitionForJob       `json:"bucketDefinitions,omitempty"`
	Scoping           *scope.Scoping                   `json:"scoping,omitempty"`
}

// S3BucketDefinitionForJob is an account and buckets it owns.
type S3BucketDefinitionForJob struct {
	AccountID string   `json:"accountId,omitempty"`
	Buckets   []string `json:"buckets,omitempty"`
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
	// All managed data identifiers. Don't specify managedDataIdentifierIds.
	SelectorAll ManagedDataIdentifierSelector = "ALL"
	// All managed data identifiers except managedDataIdentifierIds.
	SelectorExclude ManagedDataIdentifierSelector = "EXCLUDE"
	// Only managedDataIdentifierIds.
	SelectorInclude ManagedDataIdentifierSelector = "INCLUDE"
	// No managed data identifiers: specify customDataIdentifierIds and no
	// managedDataIdentifierIds.
	SelectorNone ManagedDataIdentifierSelector = "NONE"
	// The recommended set; the default. Don't specify
	// managedDataIdentifierIds.
	SelectorRecommended ManagedDataIdentifierSelector = "RECOMMENDED"
)

// ManagedDataIdentifierSelectorValues returns every
// ManagedDataIdentifierSelector.
func ManagedDataIdentifierSelectorValues() []ManagedDataIdentifierSelector {
	return []ManagedDataIdentifierSelector{SelectorAll, SelectorExclude, SelectorInclude, SelectorNone, SelectorRecommended}
}

// Valid reports whether s is one of ManagedDataIdentifierSelectorValues.
func (s ManagedDataIdentifierSelector) Valid() bool {
	for _, v := range ManagedDataIdentifierSelectorValues() {
		if s == v {
			return true
		}
	}
	return false
}
