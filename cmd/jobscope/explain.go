package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/criteria"
	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/inventory"
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

// readObjectFile reads one object, or every version of one key (a JSON array),
// from which the current version is taken. It returns nil, and the number
// of versions, when the latest version is a delete marker.
func readObjectFile(name string) (*scope.Object, int, error) {
	data, err := readScopeFile(name)
	if err != nil {
		return nil, 0, err
	}
	// encoding/json would read bad bytes as U+FFFD: a key read so is not
	// the object's key.
	if !utf8.Valid(data) {
		i := 0
		for r, size := utf8.DecodeRune(data); r != utf8.RuneError || size > 1; r, size = utf8.DecodeRune(data[i:]) {
			i += size
		}
		return nil, 0, &scopeInputError{name, fmt.Errorf("line %d: not valid UTF-8 (byte 0x%02x)", bytes.Count(data[:i], []byte("\n"))+1, data[i])}
	}
	if t := bytes.TrimSpace(data); len(t) > 0 && t[0] == '[' {
		var versions []scope.Object
		if err := json.Unmarshal(data, &versions); err != nil {
			return nil, 0, &scopeInputError{name, err}
		}
		if len(versions) == 0 {
			return nil, 0, &scopeInputError{name, errors.New("no object versions")}
		}
		return scope.CurrentVersion(versions), len(versions), nil
	}
	var o scope.Object
	if err := json.Unmarshal(data, &o); err != nil {
		return nil, 0, &scopeInputError{name, err}
	}
	return &o, 1, nil
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

type objectReport struct {
	Kind        string                `json:"kind"`
	Bucket      string                `json:"bucket"`
	Key         string                `json:"key"`
	VersionID   string                `json:"versionId,omitempty"`
	InScope     bool                  `json:"inScope"`
	Decision    string                `json:"decision"`
	Explanation *criteria.Explanation `json:"explanation,omitempty"`
	// Analyzable and Reason are the eligibility check (docs/semantics.md,
	// "Objects Macie cannot analyze"), which applies whatever the scoping says.
	Analyzable bool   `json:"analyzable"`
	Reason     string `json:"reason,omitempty"`
}

type bucketReport struct {
	Kind        string               `json:"kind"`
	AccountID   string               `json:"accountId"`
	BucketName  string               `json:"bucketName"`
	Match       bool                 `json:"match"`
	Decision    string               `json:"decision"`
	Explanation criteria.Explanation `json:"explanation"`
}

func newExplainCmd(s streams) *cobra.Command {
	c := newFlags(s, "explain --job JOB.json (--object OBJECT.json | --bucket-metadata BUCKET.json) [flags]",
		"say whether a job's scope takes an object or a bucket, and why",
		"Says whether the job's object scoping takes the object (and whether Macie can analyze it),\nor whether the job's bucket criteria or bucket definitions take the bucket, with every\ncondition's verdict and the one that decided.\n\nExit 0: explained; 1: invalid input; 2: usage or I/O error.")
	jobFile := c.String("job", "", "job definition `JOB` in JSON or YAML (a CreateClassificationJob request or DescribeClassificationJob output; - reads standard input)")
	objectFile := c.String("object", "", "object metadata `OBJECT.json` (or a JSON array of every version of one key)")
	bucketFile := c.String("bucket-metadata", "", "bucket metadata `BUCKET.json` (one DescribeBuckets BucketMetadata)")
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
		j, engine, code := c.loadJob(*jobFile, opts)
		if j == nil {
			return code
		}

		var report any
		if *objectFile != "" {
			o, n, err := readObjectFile(*objectFile)
			if err != nil {
				return reportScopeError(stderr, "explain", err)
			}
			m, err := scope.Compile(j.S3JobDefinition.Scoping, engine.Scope)
			if err != nil {
				return reportScopeError(stderr, "explain", &scopeInputError{*jobFile, err})
			}
			r := objectReport{Kind: "object"}
			if o == nil {
				r.Decision = fmt.Sprintf("no current object: the latest of %d versions is a delete marker", n)
			} else {
				ex := m.Explain(o)
				r.Bucket, r.Key, r.VersionID = o.Bucket, o.Key, o.VersionID
				r.InScope, r.Decision, r.Explanation = ex.Match, ex.Decision, &ex
				reason := scope.NewEligibility(engine.Eligibility).Check(o)
				r.Analyzable, r.Reason = reason == "", string(reason)
			}
			report = r
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
			report = bucketReport{Kind: "bucket", AccountID: b.AccountID, BucketName: b.BucketName,
				Match: ex.Match, Decision: ex.Decision, Explanation: ex}
		}

		if *format == "json" {
			return c.writeJSON(stdout, report)
		}
		switch r := report.(type) {
		case objectReport:
			printObjectReport(stdout, r)
		case bucketReport:
			printBucketReport(stdout, r)
		}
		return exitOK
	})
}

func printObjectReport(w io.Writer, r objectReport) {
	if r.Explanation == nil {
		fmt.Fprintf(w, "not in scope: %s\n", r.Decision)
		return
	}
	name := r.Bucket + "/" + r.Key
	if r.VersionID != "" {
		name += " (version " + r.VersionID + ")"
	}
	verdict := "NOT IN SCOPE"
	if r.InScope {
		verdict = "IN SCOPE"
	}
	fmt.Fprintf(w, "object %s: %s\n", name, verdict)
	printWrapped(w, r.Decision)
	printVerdicts(w, r.Explanation.Verdicts)
	if r.Analyzable {
		fmt.Fprintln(w, "eligibility: Macie can analyze this object")
	} else {
		fmt.Fprintf(w, "eligibility: Macie cannot analyze this object (%s)\n", r.Reason)
	}
}

func printBucketReport(w io.Writer, r bucketReport) {
	verdict := "NOT SELECTED"
	if r.Match {
		verdict = "SELECTED"
	}
	fmt.Fprintf(w, "bucket %s/%s: %s\n", r.AccountID, r.BucketName, verdict)
	printWrapped(w, r.Decision)
	printVerdicts(w, r.Explanation.Verdicts)
}

// printVerdicts lists each condition: whether it holds, its path, what it
// tests, and the record's value; the deciding one is marked with "<-".
func printVerdicts(w io.Writer, vs []criteria.Verdict) {
	var block criteria.BlockKind
	for _, v := range vs {
		if v.Block != block {
			block = v.Block
			fmt.Fprintf(w, "%s:\n", block)
		}
		fmt.Fprintf(w, "  %s\n", verdictLine(v))
	}
}

func verdictLine(v criteria.Verdict) string {
	result := "holds    "
	if !v.Result {
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
