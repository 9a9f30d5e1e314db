package main

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/criteria"
	"github.com/jobscope/jobscope/plan"
	"github.com/jobscope/jobscope/schedule"
	"github.com/jobscope/jobscope/scope"
)

// explainReport is `explain --format json`, a contract described by
// schema/explain.schema.json (see outschema.go).
type explainReport struct {
	_             struct{}           `desc:"Why a job takes or leaves an object or a bucket."`
	SchemaVersion string             `json:"schemaVersion" pattern:"^1\\.[0-9]+$" desc:"The version of this output's contract."`
	Kind          string             `json:"kind" enum:"object,bucket" desc:"What is explained: object (--object) or bucket (--bucket-metadata)."`
	Object        *explainObjectJSON `json:"object,omitempty" desc:"For kind object."`
	Bucket        *explainBucketJSON `json:"bucket,omitempty" desc:"For kind bucket."`
}

type explainObjectJSON struct {
	_         struct{}      `desc:"An object's path through the dry run: every stage in pipeline order, the first one that skips it deciding."`
	Bucket    string        `json:"bucket"`
	Key       string        `json:"key"`
	VersionID string        `json:"versionId,omitempty"`
	Run       planRun       `json:"run"`
	Decision  string        `json:"decision" enum:"scan,skip" desc:"What the run does with the object."`
	Stage     string        `json:"stage,omitempty" enum:"bucket,version,scope,eligibility,increment,sample" desc:"The stage that skips it; absent for scan."`
	Reason    plan.Reason   `json:"reason,omitempty" desc:"Why; absent for scan."`
	Path      string        `json:"path,omitempty" desc:"The JSON path, in the job definition, of what decided the skip, when a part of the job did."`
	Assumed   []string      `json:"assumed" desc:"What the inputs could not show and was assumed (for example, bucket criteria without --buckets)."`
	Stages    []stageResult `json:"stages" desc:"Every stage, in pipeline order."`
}

type stageResult struct {
	_       struct{}      `desc:"One stage of the pipeline for the object."`
	Stage   string        `json:"stage" enum:"bucket,version,scope,eligibility,increment,sample"`
	Result  string        `json:"result" enum:"pass,skip,unknown,notApplicable" desc:"pass: the stage takes the object; skip: it leaves it out; unknown: the inputs cannot tell (see assumed); notApplicable: the job has no such stage (a ONE_TIME job's increment, a samplingPercentage of 100)."`
	Reached bool          `json:"reached" desc:"The object gets to this stage: no earlier stage skips it. The results of later stages say what they would decide."`
	Reason  plan.Reason   `json:"reason,omitempty" desc:"Why the stage skips the object."`
	Path    string        `json:"path,omitempty" desc:"The JSON path of the part of the job that decides, when one does."`
	Detail  string        `json:"detail" desc:"The stage's outcome in words."`
	Checks  []verdictJSON `json:"checks,omitempty" desc:"For the bucket and scope stages: every condition's verdict."`
}

type explainBucketJSON struct {
	_            struct{}      `desc:"Whether the job's bucket criteria or bucket definitions take a bucket."`
	AccountID    string        `json:"accountId"`
	BucketName   string        `json:"bucketName"`
	Selected     bool          `json:"selected"`
	Decision     string        `json:"decision" desc:"The outcome and its cause in words."`
	DecidingPath string        `json:"decidingPath,omitempty" desc:"The JSON path of the deciding condition."`
	Checks       []verdictJSON `json:"checks" desc:"Every condition's verdict."`
}

type verdictJSON struct {
	_          struct{}               `desc:"The result of one condition for one record."`
	Path       string                 `json:"path" desc:"The JSON path of the condition in the job definition."`
	Block      string                 `json:"block" enum:"includes,excludes"`
	Field      string                 `json:"field" desc:"What the condition tests: a bucket criterion's or scope term's key, TAG, or BUCKET for a bucket definition."`
	Comparator criteria.JobComparator `json:"comparator,omitempty"`
	Actual     []string               `json:"actual" desc:"The record's value, as text: one string for a property, key=value per tag; empty when it has none."`
	Expected   []string               `json:"expected" desc:"The condition's values, as text."`
	Note       string                 `json:"note,omitempty" desc:"An unusual outcome explained."`
	Holds      bool                   `json:"holds" desc:"The condition holds for the record."`
	Deciding   bool                   `json:"deciding" desc:"The condition decided the outcome."`
}

func newVerdict(v criteria.Verdict) verdictJSON {
	return verdictJSON{Path: v.Path, Block: string(v.Block), Field: v.Field, Comparator: v.Comparator,
		Actual: nonNil(v.Actual), Expected: nonNil(v.Expected), Note: v.Note, Holds: v.Result, Deciding: v.Deciding}
}

func newVerdicts(vs []criteria.Verdict) []verdictJSON {
	out := []verdictJSON{}
	for _, v := range vs {
		out = append(out, newVerdict(v))
	}
	return out
}

// explainObject follows o through the pipeline of dry, the run planned of
// job j: each stage's own outcome, and the decision, which is dry's.
// buckets is the bucket metadata (nil when none was given): without it the
// bucket criteria cannot be checked, and the bucket is assumed selected.
func explainObject(j *jobscope.Job, engine jobscope.Options, popts plan.Options, o *scope.Object, buckets []criteria.BucketMetadata) (*explainObjectJSON, error) {
	def := j.S3JobDefinition
	r := &explainObjectJSON{Bucket: o.Bucket, Key: o.Key, VersionID: o.VersionID, Assumed: []string{}}
	criteriaUnchecked := def.BucketCriteria != nil && buckets == nil
	if criteriaUnchecked {
		// The dry run of the same job with the bucket listed instead; without
		// bucket metadata, bucket definitions match names alone, so the
		// account is a placeholder.
		assumed := *j
		d := *def
		d.BucketCriteria = nil
		d.BucketDefinitions = []criteria.S3BucketDefinitionForJob{{AccountID: "000000000000", Buckets: []string{o.Bucket}}}
		assumed.S3JobDefinition = &d
		j = &assumed
		r.Assumed = append(r.Assumed, "the bucket criteria select bucket "+o.Bucket+": give --buckets (describe-buckets output) to check them")
	}
	popts.Buckets = buckets
	dry, err := plan.New(j, popts)
	if err != nil {
		return nil, err
	}
	w := dry.Window()
	r.Run = newPlanRun(w)
	d := dry.Decide(o)
	r.Decision = "scan"
	if !d.Scan {
		r.Decision, r.Stage, r.Reason, r.Path = "skip", string(d.Stage), d.Reason, d.Path
	}

	// bucket
	bs := stageResult{Stage: string(plan.StageBucket), Result: "pass"}
	if d.Stage == plan.StageBucket {
		bs.Result, bs.Reason, bs.Path = "skip", d.Reason, d.Path
	}
	switch {
	case criteriaUnchecked:
		bs.Result, bs.Detail = "unknown", "the bucket criteria need the bucket's metadata (--buckets): assumed to select it"
	case def.BucketCriteria != nil:
		i := slices.IndexFunc(buckets, func(b criteria.BucketMetadata) bool { return b.BucketName == o.Bucket })
		if i < 0 {
			bs.Detail = "the bucket metadata does not list bucket " + o.Bucket
			break
		}
		sel, err := j.BucketSelector(engine)
		if err != nil {
			return nil, err
		}
		ex := sel.Explain(&buckets[i])
		bs.Detail, bs.Checks = ex.Decision, newVerdicts(ex.Verdicts)
		if bs.Result == "skip" && d.Reason == plan.ReasonBucketAccessDenied {
			bs.Detail = "Macie cannot access the bucket (errorCode ACCESS_DENIED in its metadata)"
		}
	case bs.Result == "pass":
		bs.Detail = "s3JobDefinition.bucketDefinitions lists bucket " + o.Bucket
	default:
		bs.Detail = fmt.Sprintf("%s: s3JobDefinition.bucketDefinitions does not select bucket %s", d.Reason, o.Bucket)
	}

	// version
	vs := stageResult{Stage: string(plan.StageVersion), Result: "pass", Detail: "the current version"}
	switch {
	case o.Noncurrent:
		vs.Result, vs.Reason, vs.Detail = "skip", plan.ReasonNoncurrentVersion, "not the latest version: only the latest is analyzed"
	case o.IsDeleteMarker:
		vs.Result, vs.Reason, vs.Detail = "skip", plan.ReasonDeleteMarker, "the latest version is a delete marker: there is no current object"
	}

	// scope
	ex := dry.Scoping().Explain(o)
	ss := stageResult{Stage: string(plan.StageScope), Result: "pass", Detail: ex.Decision, Checks: newVerdicts(ex.Verdicts)}
	if !ex.Match {
		ss.Result, ss.Reason, ss.Path = "skip", plan.ReasonNotIncluded, ex.DecidingPath
		if ex.Excluded {
			ss.Reason = plan.ReasonExcluded
		}
	}

	// eligibility
	es := stageResult{Stage: string(plan.StageEligibility), Result: "pass", Detail: "Macie can analyze the object"}
	if o.IsDeleteMarker {
		es.Result, es.Detail = "notApplicable", "a delete marker has no content"
	} else if reason := scope.NewEligibility(engine.Eligibility).Check(o); reason != "" {
		es.Result, es.Reason, es.Detail = "skip", plan.Reason(reason), "Macie cannot analyze the object: "+eligibilityWords[reason]
	}

	// increment
	is := stageResult{Stage: string(plan.StageIncrement), Result: "notApplicable"}
	switch {
	case j.JobType != schedule.Scheduled:
		is.Detail = "a ONE_TIME job analyzes every existing object"
	case w.Unbounded() && !o.LastModified.After(w.Upper):
		is.Result, is.Detail = "pass", "run 1 of a job with initialRun analyzes every existing object"
	case w.Contains(o.LastModified):
		is.Result, is.Detail = "pass", "last modified "+rfc3339(o.LastModified)+", within the run's window"
	default:
		is.Result, is.Reason, is.Path = "skip", plan.ReasonUnchanged, "scheduleFrequency"
		if w.RunNumber == 1 {
			is.Path = "initialRun"
		}
		is.Detail = "last modified " + rfc3339(o.LastModified) + ", before the run's window: analyzed by an earlier run, or, in run 1 without initialRun, existing before the job"
		if o.LastModified.After(w.Upper) {
			is.Reason, is.Detail = plan.ReasonAfterRunStart, "last modified "+rfc3339(o.LastModified)+", after the run starts: the next run analyzes it"
		}
	}

	// sample
	pct := 100
	if j.SamplingPercentage != nil {
		pct = int(*j.SamplingPercentage)
	}
	sa := stageResult{Stage: string(plan.StageSample), Result: "notApplicable", Detail: "samplingPercentage is 100: every eligible object"}
	if pct < 100 {
		sa.Result, sa.Detail = "pass", fmt.Sprintf("selected by the sampler (samplingPercentage %d, --seed %d)", pct, popts.Seed)
		if !scope.NewSampler(pct, popts.Seed).Selects(o) {
			sa.Result, sa.Reason, sa.Path = "skip", plan.ReasonNotSampled, "samplingPercentage"
			sa.Detail = fmt.Sprintf("not selected by the sampler (samplingPercentage %d, --seed %d)", pct, popts.Seed)
		}
	}

	r.Stages = []stageResult{bs, vs, ss, es, is, sa}
	reached := true
	for i := range r.Stages {
		r.Stages[i].Reached = reached
		if r.Stages[i].Result == "skip" {
			reached = false
		}
	}
	return r, nil
}

var eligibilityWords = map[scope.Reason]string{
	scope.ReasonStorageClass: "its storage class is not one Macie analyzes",
	scope.ReasonArchiveTier:  "it is in an archive access tier, which S3 serves only once restored",
	scope.ReasonFileType:     "its file name extension is missing or not a format Macie analyzes",
	scope.ReasonFileSize:     "it is larger than its format's size quota",
	scope.ReasonEncryption:   "it is encrypted with a key Macie cannot use",
}

// printObjectPath writes r as text: the decision, then one line per stage.
func printObjectPath(w io.Writer, r *explainObjectJSON) {
	name := r.Bucket + "/" + r.Key
	if r.VersionID != "" {
		name += " (version " + r.VersionID + ")"
	}
	verdict := "SCAN"
	if r.Decision == "skip" {
		verdict = fmt.Sprintf("SKIP at the %s stage (%s)", r.Stage, r.Reason)
	}
	fmt.Fprintf(w, "object %s: %s\n", name, verdict)
	run := fmt.Sprintf("run %d", r.Run.Number)
	if r.Run.Start != "" {
		run += ", starting " + r.Run.Start
	}
	if r.Run.ModifiedAfter != "" {
		run += ", objects modified after " + r.Run.ModifiedAfter
	}
	printWrapped(w, run)
	for _, a := range r.Assumed {
		wrapText(w, "  assumed: ", "    ", a)
	}
	for _, s := range r.Stages {
		result := map[string]string{"pass": "pass", "skip": "SKIP", "unknown": "unknown", "notApplicable": "n/a"}[s.Result]
		text := s.Detail
		if s.Result == "skip" {
			text += " [" + string(s.Reason)
			if s.Path != "" {
				text += " " + s.Path
			}
			text += "]"
		}
		if !s.Reached {
			text += " (not reached)"
		}
		prefix := fmt.Sprintf("  %-12s %-7s ", s.Stage, result)
		wrapText(w, prefix, strings.Repeat(" ", len(prefix)), text)
		if len(s.Checks) > 0 {
			printChecks(w, "      ", s.Checks)
		}
	}
}

// printChecks lists each condition under its block, indented by indent.
func printChecks(w io.Writer, indent string, vs []verdictJSON) {
	var block string
	for _, v := range vs {
		if v.Block != block {
			block = v.Block
			fmt.Fprintf(w, "%s%s:\n", indent, block)
		}
		fmt.Fprintf(w, "%s  %s\n", indent, checkLine(v))
	}
}

func checkLine(v verdictJSON) string {
	result := "holds    "
	if !v.Holds {
		result = "fails    "
	}
	s := fmt.Sprintf("%s%s: %s %s %s; actual %s", result, v.Path, v.Field, v.Comparator, quoteValues(v.Expected), quoteValues(v.Actual))
	if v.Note != "" {
		s += " (" + v.Note + ")"
	}
	if v.Deciding {
		s += "  <- deciding"
	}
	return s
}
