// Package jobscope re-implements, offline, the semantics of Amazon Macie
// sensitive data discovery (classification) jobs, so that a job's effect can
// be known before it runs. It never calls AWS.
//
// A [Job] is the CreateClassificationJob request, in Macie's own JSON shape:
// the file that `aws macie2 create-classification-job --cli-input-json`
// reads, or DescribeClassificationJob output. [Load] decodes one strictly
// and validates it as Macie would, reporting every problem at once, each a
// *field.Error with its JSON path, a stable code and line:column:
//
//	job, err := jobscope.Load(f, jobscope.Limits{}, jobscope.Options{})
//	var problems field.ErrorList
//	if errors.As(err, &problems) {
//		for _, p := range problems {
//			fmt.Println(p.Path, p.Code, p.Message)
//		}
//	}
//
// A valid job gives the buckets it selects ([Job.BucketSelector]) and its
// run calendar ([Job.Calendar]); package plan runs it over object metadata.
//
// Decoding is strict where Macie's API is: member names match exactly and
// case-sensitively; unknown members, members given twice, wrongly typed
// values, trailing data and invalid UTF-8 are errors. A leading UTF-8 byte
// order mark is ignored. The removed scope keys BUCKET_CREATION_DATE and TAG
// get an error that says what replaces them. [Limits] bound what a document
// may cost jobscope itself; Macie's quotas stay validation problems.
//
// Where Macie's documentation leaves a behaviour open, jobscope follows a
// documented default and offers the alternative in [Options]; the zero
// Options is the default of every choice, and [Options.Set] sets one by
// the name the conformance suite uses (docs/semantics.md, "Choices where
// AWS is silent").
//
// # Packages
//
// Each concept lives in the package that owns it, with its types spelled as
// Macie spells them, so a program that needs only one imports only that one:
//
//   - [github.com/jobscope/jobscope/criteria]: the condition language,
//     bucket criteria (S3BucketCriteriaForJob) and bucket definitions.
//   - [github.com/jobscope/jobscope/scope]: object scoping (Scoping,
//     JobScopeTerm), what Macie can analyze, sampling.
//   - [github.com/jobscope/jobscope/schedule]: JobType and
//     JobScheduleFrequency, run calendars.
//   - [github.com/jobscope/jobscope/status]: JobStatus and the job life cycle.
//   - [github.com/jobscope/jobscope/joblist]: ListClassificationJobs.
//   - [github.com/jobscope/jobscope/field]: JSON paths and the error list
//     every validator returns.
package jobscope
