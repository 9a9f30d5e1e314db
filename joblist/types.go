package joblist

import (
	"time"

	"github.com/jobscope/jobscope/criteria"
	"github.com/jobscope/jobscope/schedule"
	"github.com/jobscope/jobscope/status"
)

// JobSummary is what ListClassificationJobs reports about one job, in the
// shape of Macie's JobSummary. ListClassificationJobs filters and sorts on
// jobId, name, jobType, jobStatus and createdAt.
type JobSummary struct {
	// BucketCriteria are the job's runtime bucket criteria, if it has them.
	BucketCriteria *criteria.S3BucketCriteriaForJob `json:"bucketCriteria,omitempty"`
	// BucketDefinitions are the job's explicit buckets, if it has them.
	BucketDefinitions []criteria.S3BucketDefinitionForJob `json:"bucketDefinitions,omitempty"`
	// CreatedAt is when the job was created.
	CreatedAt time.Time `json:"createdAt"`
	// JobID identifies the job; unique in a Store.
	JobID string `json:"jobId"`
	// JobStatus is the job's current status.
	JobStatus status.JobStatus `json:"jobStatus"`
	// JobType is ONE_TIME or SCHEDULED.
	JobType schedule.JobType `json:"jobType"`
	// LastRunErrorStatus says whether the job's latest run had errors.
	LastRunErrorStatus *status.LastRunErrorStatus `json:"lastRunErrorStatus,omitempty"`
	// Name is the job's name.
	Name string `json:"name"`
	// UserPausedDetails are present only while the job is USER_PAUSED.
	UserPausedDetails *status.UserPausedDetails `json:"userPausedDetails,omitempty"`
}

// ListJobsSortAttributeName is a job property ListClassificationJobs can
// sort by. Like criteria.ListJobsFilterKey its values are camelCase.
type ListJobsSortAttributeName string

// The values of ListJobsSortAttributeName, in the order of Macie's model.
const (
	SortCreatedAt ListJobsSortAttributeName = "createdAt" // when the job was created
	SortJobStatus ListJobsSortAttributeName = "jobStatus" // the job's status
	SortName      ListJobsSortAttributeName = "name"      // the job's name
	SortJobType   ListJobsSortAttributeName = "jobType"   // ONE_TIME or SCHEDULED
)

// Values returns every ListJobsSortAttributeName.
func (ListJobsSortAttributeName) Values() []ListJobsSortAttributeName {
	return []ListJobsSortAttributeName{SortCreatedAt, SortJobStatus, SortName, SortJobType}
}

// OrderBy is a sort direction.
type OrderBy string

// The values of OrderBy.
const (
	Ascending  OrderBy = "ASC"  // ascending; the default when orderBy is omitted
	Descending OrderBy = "DESC" // descending
)

// Values returns every OrderBy.
func (OrderBy) Values() []OrderBy { return []OrderBy{Ascending, Descending} }

// ListJobsSortCriteria is the sortCriteria of a ListClassificationJobs
// request.
type ListJobsSortCriteria struct {
	// AttributeName is the property to sort by. Required.
	AttributeName ListJobsSortAttributeName `json:"attributeName,omitempty"`
	// OrderBy is the direction; ASC when omitted.
	OrderBy OrderBy `json:"orderBy,omitempty"`
}

// ListClassificationJobsRequest is the body of Macie's
// ListClassificationJobs request.
type ListClassificationJobsRequest struct {
	// FilterCriteria selects jobs; every job when nil.
	FilterCriteria *criteria.ListJobsFilterCriteria `json:"filterCriteria,omitempty"`
	// MaxResults is the page size: 1 through Options.MaxResultsLimit
	// (25 by default); Options.MaxResultsDefault when nil.
	MaxResults *int32 `json:"maxResults,omitempty"`
	// NextToken is the NextToken of the previous page, to get the next.
	NextToken string `json:"nextToken,omitempty"`
	// SortCriteria orders the jobs; createdAt DESC when nil.
	SortCriteria *ListJobsSortCriteria `json:"sortCriteria,omitempty"`
}

// ListClassificationJobsResponse is one page of jobs.
type ListClassificationJobsResponse struct {
	// Items are the page's jobs, in order.
	Items []JobSummary `json:"items"`
	// NextToken gets the next page; empty (null on the wire) when no jobs
	// remain after this page.
	NextToken string `json:"nextToken,omitempty"`
}

// Options are the choices for ListClassificationJobs where Macie's
// documentation leaves the behaviour open (docs/semantics.md, "Listing
// jobs"). The zero Options is the default of every choice.
type Options struct {
	// ExcludeJoin (conformance option listExcludeJoin): a job is removed
	// when it matches any exclude term (criteria.JoinOR, ANY, the default;
	// the zero value stands for it) or only when it matches all of them
	// (criteria.JoinAND, ALL).
	ExcludeJoin criteria.Join
	// MaxResultsLimit (listMaxResultsLimit) is the largest maxResults
	// accepted: 25 when 0, unbounded when negative.
	MaxResultsLimit int
	// MaxResultsDefault (listMaxResultsDefault) is maxResults when a
	// request omits it: 25 when 0.
	MaxResultsDefault int
}
