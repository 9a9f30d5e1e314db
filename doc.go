// Package jobscope re-implements, offline, the semantics of Amazon Macie
// sensitive data discovery (classification) jobs, so that a job's effect can
// be known before it runs. It never calls AWS.
//
// A [Job] is the CreateClassificationJob request, in Macie's own JSON shape:
// the file that `aws macie2 create-classification-job --cli-input-json`
// reads, or DescribeClassificationJob output. [Load] decodes one strictly
// and validates it as Macie would, reporting every problem at once, each with
// its JSON path, a stable code and line:column:
//
//	job, err := jobscope.Load(f, jobscope.Limits{}, jobscope.Options{})
//	var problems field.ErrorList
//	if errors.As(err, &problems) {
//		for _, p := range problems {
//			fmt.Println(p.Path, p.Code, p.Message)
//		}
//	}
//
// # Packages
//
// Each concept lives in the package that owns it, with its types spelled as
// Macie spells them, so a program that needs only one imports only that one:
//
//   - [github.com/jobscope/jobscope/criteria]: the condition language, bucket
//     criteria (S3BucketCriteriaForJob) and job-listing filters.
//   - [github.com/jobscope/jobscope/scope]: object scoping (Scoping,
//     JobScopeTerm), what Macie can analyze, sampling.
//   - [github.com/jobscope/jobscope/schedule]: JobType and
//     JobScheduleFrequency, run calendars.
//   - [github.com/jobscope/jobscope/status]: JobStatus and the job life cycle.
//   - [github.com/jobscope/jobscope/field]: JSON paths and the error list
//     every validator returns.
//
// # Semantics and choices
//
// Every rule follows Macie's API model and user guide. Where they leave a
// behaviour open, jobscope follows a documented default and offers the
// alternative in [Options]; the zero Options is the default of every choice,
// and [Options.Set] sets one by the name the conformance suite uses. The
// validation choices are:
//
//   - a missing clientToken is accepted, as SDKs generate one
//     (RequireClientToken rejects it);
//   - samplingPercentage is 1..100 (AllowZeroSampling makes it 0..100);
//   - a ONE_TIME job with scheduleFrequency or initialRun is rejected
//     (OneTimeScheduleFields: OneTimeIgnore ignores them);
//   - a count quota (buckets, accounts, custom data identifiers, allow
//     lists) is a ValidationException (QuotaError changes the exception);
//   - an includes or excludes block with no conditions is treated as absent
//     (criteria.EmptyBlockError rejects it).
//
// Decoding is strict where Macie's API is: member names match exactly and
// case-sensitively, unknown members, members given twice, wrongly typed
// values, trailing data and invalid UTF-8 are errors. A leading UTF-8 byte
// order mark is ignored. The removed scope keys BUCKET_CREATION_DATE and TAG
// get an error that says what replaces them.
package jobscope
