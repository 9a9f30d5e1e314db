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
//   - a ONE_TIME job with scheduleFrequency or initialRun is valid: the
//     members are ignored, and [Job.Warnings] reports each
//     (OneTimeScheduleFields: OneTimeReject rejects them, OneTimeIgnore
//     ignores them without a warning);
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
//
// # Limits
//
// [Load], [LoadBytes] and [ParseJob] bound the resources a job document may
// take, as it may come from a tool rather than a person. These limits guard
// jobscope itself; Macie's own quotas (1,000 buckets, 30 custom data
// identifiers, 50 tags, …) stay validation problems reported as Macie
// reports them, whatever the limits. Each limit is a field of [Limits]
// whose zero value takes the default; a negative MaxValuesPerTerm,
// MaxTermsPerBlock or MaxKeyLength turns that limit off. Exceeding one is a
// problem with code limit_exceeded (field.Limit), at its place in the
// document, whose message names the limit and the field that sets it:
//
//   - MaxBytes, default 8 MiB (DefaultMaxBytes): the size of the document.
//     Load reads at most one byte more.
//   - MaxDepth, default 64 (DefaultMaxDepth): the nesting of arrays and
//     objects; a job nests at most 9 levels.
//   - MaxValues, default 100,000 (DefaultMaxValues): the JSON values in the
//     document, at any depth, each of which costs memory before anything
//     is validated; a 1,000,000-value array stops here.
//   - MaxValuesPerTerm, default 10,000 (DefaultMaxValuesPerTerm): the values
//     of one condition (values, or tagValues) in bucketCriteria or scoping.
//     Macie documents no maximum.
//   - MaxTermsPerBlock, default 1,000 (DefaultMaxTermsPerBlock): the
//     conditions of one includes or excludes block. Macie documents no
//     maximum.
//   - MaxKeyLength, default 1,024 bytes (DefaultMaxKeyLength, S3's limit on a
//     key): an OBJECT_KEY value; a longer prefix matches no object.
//
// Validation problems under a value that exceeded a limit are not reported
// as well. The jobscope command uses the defaults. The readers of object
// and bucket metadata have bounds of their own; see package inventory.
package jobscope
