package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/criteria"
	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/inventory"
	"github.com/jobscope/jobscope/plan"
	"github.com/jobscope/jobscope/scope"
)

// scopeInputError is a file that was read but is not a valid input: exit 1.
type scopeInputError struct {
	file string
	err  error
}

func (e *scopeInputError) Error() string { return e.file + ": " + e.err.Error() }
func (e *scopeInputError) Unwrap() error { return e.err }

// scopeIOError is a file that could not be read: exit 2.
type scopeIOError struct{ err error }

func (e *scopeIOError) Error() string { return e.err.Error() }
func (e *scopeIOError) Unwrap() error { return e.err }

// reportScopeError prints err and returns its exit code: 1 for a file that
// is not valid input, 2 for one that could not be read.
func reportScopeError(stderr io.Writer, cmd string, err error) int {
	var ie *scopeInputError
	if errors.As(err, &ie) {
		prefix := "jobscope " + cmd + ": "
		var list field.ErrorList
		if errors.As(ie.err, &list) {
			var lines []string
			for _, e := range list[:min(len(list), maxListed)] {
				lines = append(lines, ie.file+": "+e.Error())
			}
			printCapped(stderr, prefix, lines, int64(len(list)), "problem (jobscope validate --format json lists it)", "problems (jobscope validate --format json lists them all)")
			return exitInvalid
		}
		// One line per problem; a *field.Error with a File names its file.
		errs := unjoin(ie.err)
		var lines []string
		for _, e := range errs[:min(len(errs), maxListed)] {
			var located *field.Error
			if errors.As(e, &located) && located.File != "" {
				lines = append(lines, e.Error())
			} else {
				lines = append(lines, ie.file+": "+e.Error())
			}
		}
		printCapped(stderr, prefix, lines, int64(len(errs)), "problem", "problems")
		return exitInvalid
	}
	fmt.Fprintf(stderr, "jobscope %s: %v\n", cmd, err)
	return exitUsage
}

func readScopeFile(name string) ([]byte, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, &scopeIOError{err}
	}
	// A UTF-8 byte order mark is ignored, as in every other input.
	return bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), nil
}

// loadScopeJob reads, decodes and validates a job definition, from stdin
// when name is "-".
func loadScopeJob(stdin io.Reader, name string, opts jobscope.Options, lim jobscope.Limits) (*jobscope.Job, error) {
	j, err := readInput(stdin, name, func(r io.Reader, name string) (*jobscope.Job, error) {
		// One byte more than the limit, so that Load reports the limit
		// without a huge file in memory.
		max := lim.MaxBytes
		if max <= 0 {
			max = jobscope.DefaultMaxBytes
		}
		data, err := io.ReadAll(io.LimitReader(r, int64(min(max, math.MaxInt-1))+1))
		if err != nil {
			return nil, &scopeIOError{err}
		}
		j, _, err := decodeJob(bytes.NewReader(data), name, lim, opts)
		return j, err
	})
	if err != nil {
		return nil, err
	}
	if name == "-" {
		name = inventory.StdinName
	}
	if j.S3JobDefinition == nil {
		return nil, &scopeInputError{name, errors.New("the job has no s3JobDefinition")}
	}
	return j, nil
}

// loadJob reads the job of --job with the engine options and limits of
// --option and --limit. When it cannot, it says why and returns a nil
// job and the exit code.
func (c *cmdFlags) loadJob(name string, opts *optionFlags) (*jobscope.Job, jobscope.Options, int) {
	engine, lim, err := opts.engine()
	if err != nil {
		return nil, engine, c.usageErr("%v", err)
	}
	j, err := loadScopeJob(c.stdin, name, engine, lim.job)
	if err != nil {
		return nil, engine, reportScopeError(c.stderr, c.name, err)
	}
	return j, engine, exitOK
}

// readObjectFile reads one object, or every version of one key (a JSON
// array), of which it returns the latest version (scope.CurrentVersion's,
// or the delete marker that is the latest).
func readObjectFile(name string) (*scope.Object, error) {
	data, err := readScopeFile(name)
	if err != nil {
		return nil, err
	}
	// encoding/json would read bad bytes as U+FFFD: a key read so is not
	// the object's key.
	if !utf8.Valid(data) {
		i := 0
		for r, size := utf8.DecodeRune(data); r != utf8.RuneError || size > 1; r, size = utf8.DecodeRune(data[i:]) {
			i += size
		}
		return nil, &scopeInputError{name, fmt.Errorf("line %d: not valid UTF-8 (byte 0x%02x)", bytes.Count(data[:i], []byte("\n"))+1, data[i])}
	}
	if t := bytes.TrimSpace(data); len(t) > 0 && t[0] == '[' {
		var versions []scope.Object
		if err := json.Unmarshal(data, &versions); err != nil {
			return nil, &scopeInputError{name, err}
		}
		if len(versions) == 0 {
			return nil, &scopeInputError{name, errors.New("no object versions")}
		}
		if o := scope.CurrentVersion(versions); o != nil {
			return o, nil
		}
		// The latest version is a delete marker: the same choice with
		// every delete marker read as an object finds it.
		plain := slices.Clone(versions)
		for k := range plain {
			plain[k].IsDeleteMarker = false
		}
		latest := scope.CurrentVersion(plain)
		for k := range plain {
			if &plain[k] == latest {
				return &versions[k], nil
			}
		}
		return nil, &scopeInputError{name, errors.New("no current version")}
	}
	var o scope.Object
	if err := json.Unmarshal(data, &o); err != nil {
		return nil, &scopeInputError{name, err}
	}
	return &o, nil
}

// readBucketFile reads one DescribeBuckets BucketMetadata, ignoring the members
// bucket criteria do not read.
func readBucketFile(name string) (*criteria.BucketMetadata, error) {
	data, err := readScopeFile(name)
	if err != nil {
		return nil, err
	}
	var b criteria.BucketMetadata
	if err := json.Unmarshal(data, &b); err != nil {
		return nil, &scopeInputError{name, err}
	}
	return &b, nil
}

func newExplainCmd(s streams) *cobra.Command {
	c := newFlags(s, "explain --job JOB.json (--object OBJECT.json | --bucket-metadata BUCKET.json) [flags]",
		"say what a job's run does with an object, or whether it selects a bucket, and why",
		"With --object, follows the object through the dry run of one run of the job, stage by stage —\nbucket, version, scope, eligibility, increment, sample — and says which stage decides, with every\ncondition's verdict; --run, --at and --created-at choose the run as in plan, and --buckets gives the\nbucket metadata that bucket criteria need. With --bucket-metadata, says whether the job's bucket\ncriteria or bucket definitions take the bucket, with every condition's verdict and the one that\ndecided.\n\nExit 0: explained; 1: invalid input; 2: usage or I/O error.")
	jobFile := c.String("job", "", "job definition `JOB` in JSON or YAML (a CreateClassificationJob request or DescribeClassificationJob output; - reads standard input)")
	objectFile := c.String("object", "", "object metadata `OBJECT.json` (or a JSON array of every version of one key)")
	bucketFile := c.String("bucket-metadata", "", "bucket metadata `BUCKET.json` (one DescribeBuckets BucketMetadata)")
	bucketsFile := c.String("buckets", "", "with --object: `BUCKETS.json`, aws macie2 describe-buckets output, for the bucket stage of a job with bucket criteria")
	var rf runFlags
	rf.register(c.FlagSet, "with --object: run `N` of a SCHEDULED job (1 = the first run); default 1",
		"with --object: the run in progress at `TIME` (RFC 3339) instead of --run",
		"with --object: the sampler's `SEED`, as in plan (jobs with samplingPercentage below 100)")
	// --bucket names a bucket in plan; here it was the metadata file.
	oldBucket := c.String("bucket", "", "bucket metadata `BUCKET.json`")
	c.MarkDeprecated("bucket", "use --bucket-metadata (--bucket names a bucket in plan)")
	c.SetOutput(c.stderr) // where the notice goes
	format, opts := c.format(), c.options("excludeJoin=OR")
	return c.command(func([]string) int {
		stdout, stderr := c.stdout, c.stderr
		if code, done := c.checkFlagsOnly(format, "job"); done {
			return code
		}
		if *oldBucket != "" && *bucketFile == "" {
			*bucketFile = *oldBucket
		}
		if (*objectFile == "") == (*bucketFile == "") {
			return c.usageErr("give exactly one of --object and --bucket-metadata")
		}
		if *bucketFile != "" {
			for _, f := range []string{"buckets", "run", "at", "created-at", "seed"} {
				if c.Changed(f) {
					return c.usageErr("--%s goes with --object, not --bucket-metadata", f)
				}
			}
		}
		if err := rf.check(); err != nil {
			return c.usageErr("%v", err)
		}
		var popts plan.Options
		if err := rf.times(&popts); err != nil {
			return c.usageErr("%v", err)
		}
		popts.Run, popts.Seed = rf.run, rf.seed
		if twice := stdinTwice(map[string][]string{"--job": {*jobFile}, "--buckets": {*bucketsFile}}); twice != "" {
			return c.usageErr("%s", twice)
		}
		j, engine, code := c.loadJob(*jobFile, opts)
		if j == nil {
			return code
		}
		popts.Engine = engine

		report := explainReport{SchemaVersion: schemaVersion}
		if *objectFile != "" {
			o, err := readObjectFile(*objectFile)
			if err != nil {
				return reportScopeError(stderr, "explain", err)
			}
			var buckets []criteria.BucketMetadata
			if *bucketsFile != "" {
				buckets, err = readInput(c.stdin, *bucketsFile, func(r io.Reader, name string) ([]criteria.BucketMetadata, error) {
					return inventory.ReadBuckets(context.Background(), r, name)
				})
				if err != nil {
					return reportScopeError(stderr, "explain", err)
				}
				buckets = nonNil(buckets)
			}
			if popts.CreatedAt.IsZero() && j.CreatedAt == nil && j.JobType == jobscope.Scheduled {
				popts.CreatedAt = time.Now().UTC().Truncate(time.Second)
				fmt.Fprintf(stderr, "jobscope explain: the job has no createdAt: its runs are counted from now, %s (set --created-at)\n", popts.CreatedAt.Format(time.RFC3339))
			}
			r, err := explainObject(j, engine, popts, o, buckets)
			if err != nil {
				if msg, ok := optionMessage("explain", err); ok {
					return c.usageErr("%s", msg)
				}
				return reportScopeError(stderr, "explain", &scopeInputError{*jobFile, err})
			}
			report.Kind, report.Object = "object", r
		} else {
			b, err := readBucketFile(*bucketFile)
			if err != nil {
				return reportScopeError(stderr, "explain", err)
			}
			sel, err := j.BucketSelector(engine)
			if err != nil {
				return reportScopeError(stderr, "explain", &scopeInputError{*jobFile, err})
			}
			ex := sel.Explain(b)
			report.Kind, report.Bucket = "bucket", &explainBucketJSON{AccountID: b.AccountID, BucketName: b.BucketName,
				Selected: ex.Match, Decision: ex.Decision, DecidingPath: ex.DecidingPath, Checks: newVerdicts(ex.Verdicts)}
		}

		if *format == "json" {
			return c.writeJSON(stdout, report)
		}
		if report.Object != nil {
			printObjectPath(stdout, report.Object)
		} else {
			r := report.Bucket
			verdict := "NOT SELECTED"
			if r.Selected {
				verdict = "SELECTED"
			}
			fmt.Fprintf(stdout, "bucket %s/%s: %s\n", r.AccountID, r.BucketName, verdict)
			printWrapped(stdout, r.Decision)
			printChecks(stdout, "", r.Checks)
		}
		return exitOK
	})
}

// list renders values as ["a", "b"], quoted so that empty strings and
// spaces show.
func quoteValues(vs []string) string {
	if len(vs) == 0 {
		return "(none)"
	}
	q := make([]string, len(vs))
	for i, v := range vs {
		q[i] = fmt.Sprintf("%q", v)
	}
	return "[" + strings.Join(q, ", ") + "]"
}
