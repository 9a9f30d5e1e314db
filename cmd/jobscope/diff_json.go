package main

import (
	"encoding/json"
	"io"
	"time"

	"github.com/jobscope/jobscope/inventory"
	"github.com/jobscope/jobscope/plan"
	"github.com/jobscope/jobscope/schedule"
)

// diffReport is diff's --format json, a contract described by
// schema/diff.schema.json (see outschema.go).
type diffReport struct {
	_             struct{}       `desc:"The objects that enter and leave the scan when jobs change, and what that does to the cost."`
	SchemaVersion string         `json:"schemaVersion" pattern:"^1\\.[0-9]+$" desc:"The version of this output's contract."`
	Jobs          []diffJobJSON  `json:"jobs" desc:"One entry per pair of jobs diffed: the two job files, or each job a Terraform plan creates, replaces or deletes, in the plan's order."`
	Total         diffTotalJSON  `json:"total"`
	Inputs        diffInputsJSON `json:"inputs"`
	AWSRequests   *awsRequests   `json:"awsRequests,omitempty" desc:"The AWS requests made to read s3:// inputs and --buckets aws; absent when none was made."`
}

type diffInputsJSON struct {
	_            struct{}   `desc:"The inputs read, once a job: the figures of the first job's run."`
	Read         planCounts `json:"read"`
	DataFiles    int        `json:"dataFiles" min:"0"`
	FileErrors   []string   `json:"fileErrors"`
	RejectedRows int64      `json:"rejectedRows" min:"0"`
	RowErrors    []string   `json:"rowErrors" desc:"The first rejected rows, up to 10."`
	Assumed      []string   `json:"assumed" desc:"What was assumed in place of the columns the inputs lack."`
}

type diffJobJSON struct {
	_      struct{}      `desc:"The diff of one job's change."`
	Job    string        `json:"job" desc:"The job changed: its Terraform address, or OLD → NEW for two job files."`
	Change string        `json:"change" enum:"replace,create,delete" desc:"What happens to the job: replaced by a new one (or, for two job files, compared), created (no old job), deleted (no new job)."`
	Old    *diffSideJSON `json:"old,omitempty" desc:"The old job's run; absent when the job is created."`
	New    *diffSideJSON `json:"new,omitempty" desc:"The new job's run; absent when the job is deleted."`
	diffCountsJSON
	EnteringEstimatedBytes int64            `json:"enteringEstimatedBytes" min:"0" desc:"The bytes Macie is estimated to analyze in the entering objects: compressed files expanded at the new job's compression ratio."`
	LeavingEstimatedBytes  int64            `json:"leavingEstimatedBytes" min:"0" desc:"The same of the leaving objects, at the old job's ratio."`
	Buckets                []diffBucketJSON `json:"buckets" desc:"The buckets with objects that enter, leave or stay, by name."`
	EstimatedBytesDelta    int64            `json:"estimatedBytesDelta" desc:"The new run's total.estimatedBytes less the old one's (0 for an absent job): the change in the data Macie is estimated to analyze."`
	CostDelta              money            `json:"costDelta" desc:"The new run's estimated cost less the old one's; negative when the change costs less."`
}

type diffSideJSON struct {
	_              struct{}         `desc:"One job's run over the inputs, as plan --format json gives it in full."`
	Name           string           `json:"name" desc:"The job's name (empty when it has none)."`
	JobType        schedule.JobType `json:"jobType"`
	Run            planRun          `json:"run"`
	Scanned        planCounts       `json:"scanned"`
	EstimatedBytes int64            `json:"estimatedBytes" min:"0" desc:"total.estimatedBytes of the run: compressed files expanded, bucket-level estimates included."`
	EstimatedCost  money            `json:"estimatedCost"`
	LowerBound     bool             `json:"lowerBound" desc:"A selected bucket is unknown: the estimates are lower bounds."`
	Partial        bool             `json:"partial" desc:"The run was interrupted: the counts cover the rows read until then."`
}

type diffReasonJSON struct {
	_       struct{}    `desc:"Objects one job skips, at a stage, for a reason, decided by the part of the job at path."`
	Stage   string      `json:"stage" enum:"bucket,version,scope,eligibility,increment,sample"`
	Reason  plan.Reason `json:"reason"`
	Path    string      `json:"path,omitempty" desc:"The JSON path, in the job definition, of what decided the skip, when a part of the job did."`
	Objects int64       `json:"objects" min:"0"`
	Bytes   int64       `json:"bytes" min:"0"`
}

type diffBucketJSON struct {
	_      struct{} `desc:"The diff of one bucket's objects."`
	Bucket string   `json:"bucket"`
	diffCountsJSON
}

// diffCountsJSON are the members of the objects that enter, leave and
// stay, of a job and of a bucket.
type diffCountsJSON struct {
	Entering planCounts       `json:"entering" desc:"The objects the new job analyzes and the old one does not (stored bytes)."`
	Leaving  planCounts       `json:"leaving" desc:"The objects the old job analyzes and the new one does not."`
	Staying  planCounts       `json:"staying" desc:"The objects both analyze."`
	Entered  []diffReasonJSON `json:"entered" desc:"Why the old job skips the entering objects, most objects first; empty when there is no old job."`
	Left     []diffReasonJSON `json:"left" desc:"Why the new job skips the leaving objects, most objects first; empty when there is no new job."`
}

func newDiffCounts(entering, leaving, staying plan.Counts, entered, left []plan.ReasonCount) diffCountsJSON {
	return diffCountsJSON{Entering: counts(entering), Leaving: counts(leaving), Staying: counts(staying),
		Entered: diffReasons(entered), Left: diffReasons(left)}
}

type diffTotalJSON struct {
	_                   struct{}   `desc:"The sums over every job."`
	Entering            planCounts `json:"entering"`
	Leaving             planCounts `json:"leaving"`
	Staying             planCounts `json:"staying"`
	EstimatedBytesDelta int64      `json:"estimatedBytesDelta"`
	OldCost             money      `json:"oldCost" desc:"The old jobs' estimated costs, summed: each run priced on its own."`
	NewCost             money      `json:"newCost"`
	CostDelta           money      `json:"costDelta"`
}

func diffReasons(rs []plan.ReasonCount) []diffReasonJSON {
	out := []diffReasonJSON{}
	for _, r := range rs {
		out = append(out, diffReasonJSON{Stage: string(r.Stage), Reason: r.Reason, Path: r.Path, Objects: r.Objects, Bytes: r.Bytes})
	}
	return out
}

func diffSide(r *diffResult, s *plan.Summary, old bool) *diffSideJSON {
	if s == nil {
		return nil
	}
	j := r.new
	if old {
		j = r.old
	}
	return &diffSideJSON{Name: j.Name, JobType: j.JobType, Run: newPlanRun(s.Run), Scanned: counts(s.Scanned),
		EstimatedBytes: s.Total.EstimatedBytes, EstimatedCost: charge(s.EstimatedCost), LowerBound: s.LowerBound, Partial: s.Partial}
}

// newDiffReport is the diffs as their JSON contract.
func newDiffReport(results []diffResult) diffReport {
	rep := diffReport{SchemaVersion: schemaVersion, Jobs: []diffJobJSON{},
		Inputs: diffInputsJSON{FileErrors: []string{}, RowErrors: []string{}, Assumed: []string{}}}
	for i := range results {
		r := &results[i]
		d := r.d
		j := diffJobJSON{Job: r.label, Change: r.change, Old: diffSide(r, d.Old, true), New: diffSide(r, d.New, false),
			diffCountsJSON:         newDiffCounts(d.Entering, d.Leaving, d.Staying, d.Entered, d.Left),
			EnteringEstimatedBytes: d.EnteringEstimatedBytes, LeavingEstimatedBytes: d.LeavingEstimatedBytes,
			Buckets:             []diffBucketJSON{},
			EstimatedBytesDelta: d.EstimatedBytesDelta, CostDelta: charge(d.CostDelta)}
		for _, b := range d.Buckets {
			j.Buckets = append(j.Buckets, diffBucketJSON{Bucket: b.Bucket,
				diffCountsJSON: newDiffCounts(b.Entering, b.Leaving, b.Staying, b.Entered, b.Left)})
		}
		rep.Jobs = append(rep.Jobs, j)
	}
	t := diffTotalsOf(results)
	rep.Total = diffTotalJSON{Entering: counts(t.entering), Leaving: counts(t.leaving), Staying: counts(t.staying),
		EstimatedBytesDelta: t.bytesDelta, OldCost: charge(t.oldCost), NewCost: charge(t.newCost), CostDelta: charge(t.costDelta)}
	if len(results) > 0 {
		s := results[0].reader()
		rep.Inputs = diffInputsJSON{Read: counts(s.Read), DataFiles: s.Files, FileErrors: nonNil(s.FileErrors),
			RejectedRows: s.Rejected, RowErrors: nonNil(s.RowErrors), Assumed: nonNil(s.Assumed)}
	}
	return rep
}

// diffLine is one line of diff's --format jsonl, a contract described by
// schema/diff-change.schema.json.
type diffLine struct {
	_            struct{}    `desc:"One object that enters or leaves the scan."`
	Job          string      `json:"job" desc:"The job changed, as the diff's jobs[].job names it."`
	Bucket       string      `json:"bucket"`
	Key          string      `json:"key" desc:"The object's key, decoded."`
	VersionID    string      `json:"versionId,omitempty" desc:"The version, when the input lists versions."`
	Size         int64       `json:"size" min:"0" desc:"The stored size in bytes."`
	LastModified string      `json:"lastModified,omitempty" format:"date-time" desc:"RFC 3339, UTC; absent when the input does not say."`
	Change       string      `json:"change" enum:"enter,leave" desc:"enter: the new job analyzes it and the old one does not; leave: the other way round."`
	Stage        string      `json:"stage,omitempty" enum:"bucket,version,scope,eligibility,increment,sample" desc:"The stage at which the other job (the old one for enter, the new one for leave) skips it; absent when that job does not exist."`
	Reason       plan.Reason `json:"reason,omitempty" desc:"Why that stage skips it."`
	Path         string      `json:"path,omitempty" desc:"The JSON path, in that job's definition, of what decided the skip, when a part of the job did."`
}

// diffLineWriter writes the changes of the job label as lines of JSON.
func diffLineWriter(w io.Writer, label string) func(*inventory.Record, plan.Decision, plan.Decision) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return func(r *inventory.Record, old, new plan.Decision) error {
		return enc.Encode(newDiffLine(label, r, old, new))
	}
}

// newDiffLine is the line of an object that enters the scan (the new job
// analyzes it) or leaves it, with the other job's decision.
func newDiffLine(label string, r *inventory.Record, old, new plan.Decision) diffLine {
	l := diffLine{Job: label, Bucket: r.Bucket, Key: r.Key, VersionID: r.VersionID, Size: r.Size, Change: "leave"}
	d := new
	if new.Scan {
		l.Change, d = "enter", old
	}
	l.Stage, l.Reason, l.Path = string(d.Stage), d.Reason, d.Path
	if !r.LastModified.IsZero() {
		l.LastModified = r.LastModified.UTC().Format(time.RFC3339Nano)
	}
	return l
}
