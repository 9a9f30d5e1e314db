package jobset

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/internal/strictjson"
	"github.com/jobscope/jobscope/status"
	"github.com/jobscope/jobscope/terraform"
	"github.com/jobscope/jobscope/yamljob"
)

// Job is one job of a set: its definition, where it comes from, its name in
// the set and its status.
type Job struct {
	// Job is the job definition, valid under Options.Engine (a Terraform
	// resource's job without the values known only after apply).
	Job *jobscope.Job
	// Name is the job's name, unique within the set. It is the job's own
	// name when no other job of the set has it; jobs that share a name
	// are told apart by their source, "weekly-pii (prod/plan.json:
	// aws_macie2_classification_job.pii)", "weekly-pii (describe.json[2])".
	// A job without a name is named by its source alone.
	Name string
	// File is the file the job was read from: a name Load was given, or a
	// file found in a folder it was given, joined to the folder's name.
	File string
	// Index is the job's position, from 0, in a file that holds a JSON
	// array of jobs; -1 for a file of one job and for a Terraform plan or
	// state.
	Index int
	// Address is the address of the Terraform resource instance,
	// module.scan.aws_macie2_classification_job.pii["eu"]; "" for a job not
	// read from a plan or state.
	Address string
	// Status is the job's jobStatus: that of DescribeClassificationJob
	// output, of a Terraform state, or a plan's job_status when it has
	// one; "" for a request, a job not yet created.
	Status status.JobStatus
	// Unknown lists the values a Terraform plan knows only after apply,
	// which Job lacks (see terraform.Resource).
	Unknown []terraform.Unknown

	// engine are the choices the job was validated with; Runs builds its
	// calendar with them.
	engine jobscope.Options
}

// Options are the choices of Load. The zero Options takes every default.
type Options struct {
	// Limits bound each job, as they bound a job file (jobscope.Limits):
	// a file of one job, each element of an array of jobs, each resource
	// of a plan or state (unless Terraform.Limits is set).
	Limits jobscope.Limits
	// Engine are the engine's choices that jobs are validated with, and
	// that Job.Runs builds run calendars with.
	Engine jobscope.Options
	// Terraform bound a Terraform plan or state (terraform.Options); a
	// zero Terraform.Limits takes Limits. Terraform.MaxPlanBytes also
	// bounds a file that holds a JSON array of jobs, which is read whole.
	Terraform terraform.Options
}

// jobExtensions are the extensions of the files Load takes from a folder.
var jobExtensions = []string{".json", ".yaml", ".yml"}

// Load reads the jobs of names, each a file or a folder, into one set.
//
// A folder stands for its files named *.json, *.yaml or *.yml (in any case),
// at any depth, in lexical order, leaving out files and folders whose names
// start with a dot; a folder without such files is an error. A file given by
// name is read whatever its name. A file named twice is read once.
//
// What a file holds is told from its content:
//   - a job, CreateClassificationJob request or DescribeClassificationJob
//     output, in JSON (jobscope.LoadFile) or YAML (a name ending in .yaml or
//     .yml, or content that is not JSON: yamljob.LoadFile);
//   - a JSON array of such jobs, as `jq -s` makes of several
//     describe-classification-job outputs;
//   - `terraform show -json` output of a plan or a state: every
//     aws_macie2_classification_job resource instance it has, each with its
//     address (terraform.Resources);
//   - other inputs of jobscope (describe-buckets or list-classification-jobs
//     output, an object listing, an S3 Inventory manifest) are errors that
//     say what the file is.
//
// The jobs are in the order of names, then of the files in a folder, then of
// the jobs in a file. A job with problems is left out of the set. Every
// problem of every file is reported, as one field.ErrorList returned with
// the jobs of the other files: each *field.Error names its File, with the line
// and column where known; a problem of an array's element has the path
// [i].member, one of a Terraform resource the address and the resource's
// attribute, aws_macie2_classification_job.pii.s3_job_definition[0].
// A file that cannot be read is a *field.Error with code field.Unreadable
// whose Err is the error of package os. Load checks ctx before each file:
// once ctx is done it returns ctx's error with the jobs read until then.
//
// Load returns a slice, not a sequence: a job's Name depends on every other
// job of the set.
func Load(ctx context.Context, names []string, opts Options) ([]Job, error) {
	var jobs []Job
	var errs field.ErrorList
	for _, in := range expand(names) {
		if err := ctx.Err(); err != nil {
			return jobs, err
		}
		if in.err != nil {
			errs = append(errs, in.err)
			continue
		}
		js, es := readFile(in.file, opts)
		jobs = append(jobs, js...)
		errs = append(errs, es...)
	}
	nameJobs(jobs)
	if len(errs) > 0 {
		return jobs, errs
	}
	return jobs, nil
}

// unreadable is the problem of a file that cannot be read, or of a name
// that is no file.
func unreadable(name string, err error) *field.Error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return &field.Error{File: name, Code: field.Unreadable, Err: err}
}

// input is a file to read, or the problem of a name that stands for none.
type input struct {
	file string
	err  *field.Error
}

// expand returns, in order, the files names stand for, each once, and the
// problems of names that are no file or a folder without job files.
func expand(names []string) []input {
	var ins []input
	seen := map[string]bool{}
	add := func(name string) {
		if c := filepath.Clean(name); !seen[c] {
			seen[c] = true
			ins = append(ins, input{file: name})
		}
	}
	fail := func(e *field.Error) { ins = append(ins, input{err: e}) }
	for _, name := range names {
		st, err := os.Stat(name)
		if err != nil {
			fail(unreadable(name, err))
			continue
		}
		if !st.IsDir() {
			add(name)
			continue
		}
		n := 0
		err = filepath.WalkDir(name, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				fail(unreadable(path, err))
				return nil
			}
			hidden := path != name && strings.HasPrefix(d.Name(), ".")
			switch {
			case d.IsDir() && hidden:
				return filepath.SkipDir
			case d.IsDir() || hidden:
				return nil
			case slices.Contains(jobExtensions, strings.ToLower(filepath.Ext(path))):
				n++
				add(path)
			}
			return nil
		})
		if err != nil {
			fail(unreadable(name, err))
		} else if n == 0 {
			fail(&field.Error{File: name, Code: field.Unreadable,
				Message: "the folder has no job files (" + strings.Join(jobExtensions, ", ") + ")"})
		}
	}
	return ins
}

// Others are the inputs of jobscope that hold no job, told by a member of
// their top-level object, with what each is.
var others = []struct{ member, what, hint string }{
	{"items", "`aws macie2 list-classification-jobs` output", "; it has no job definitions: give the describe-classification-job output of each job"},
	{"buckets", "`aws macie2 describe-buckets` output", ""},
	{"Contents", "an S3 object listing", ""},
	{"Versions", "an S3 object listing", ""},
	{"sourceBucket", "an S3 Inventory manifest", ""},
	{"fileSchema", "an S3 Inventory manifest", ""},
}

// readFile reads the jobs of one file.
func readFile(name string, opts Options) ([]Job, field.ErrorList) {
	f, err := os.Open(name)
	if err != nil {
		return nil, field.ErrorList{unreadable(name, err)}
	}
	defer f.Close()
	head := make([]byte, 4096)
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return nil, field.ErrorList{unreadable(name, err)}
	}
	head = bytes.TrimLeft(bytes.TrimPrefix(head[:n], []byte("\xef\xbb\xbf")), " \t\r\n")

	ext := strings.ToLower(filepath.Ext(name))
	switch {
	case ext == ".yaml" || ext == ".yml":
		return one(name, opts, yamljob.LoadFile)
	case bytes.HasPrefix(head, []byte("[")):
		return readArray(f, name, opts)
	case !bytes.HasPrefix(head, []byte("{")) && ext != ".json":
		return one(name, opts, yamljob.LoadFile)
	}
	members := topMembers(head)
	switch {
	case members["format_version"] && (members["terraform_version"] || members["planned_values"] || members["values"]):
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return nil, field.ErrorList{unreadable(name, err)}
		}
		return readTerraform(f, name, opts)
	case members["s3JobDefinition"] || members["jobType"]:
		return one(name, opts, jobscope.LoadFile)
	}
	for _, o := range others {
		if members[o.member] {
			return nil, field.ErrorList{{File: name, Line: 1, Column: 1, Code: field.Unreadable,
				Message: "the file is " + o.what + ", not a job, an array of jobs or a Terraform plan or state" + o.hint}}
		}
	}
	// Most likely a job with mistakes: its problems say which.
	return one(name, opts, jobscope.LoadFile)
}

// topMembers returns the names of the members of the JSON object head
// starts, as far as head goes.
func topMembers(head []byte) map[string]bool {
	members := map[string]bool{}
	dec := json.NewDecoder(bytes.NewReader(head))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return members
	}
	depth, key := 1, true
	for depth > 0 {
		t, err := dec.Token()
		if err != nil {
			break
		}
		switch t {
		case json.Delim('{'), json.Delim('['):
			depth++
			continue
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
		if depth == 1 {
			// At the top level, a string token alternates between a member's
			// name and the end of its value.
			if s, ok := t.(string); ok && key {
				members[s] = true
				key = false
				continue
			}
			key = true
		}
	}
	return members
}

// one reads the file of one job with load.
func one(name string, opts Options, load func(string, jobscope.Limits, jobscope.Options) (*jobscope.Job, error)) ([]Job, field.ErrorList) {
	j, err := load(name, opts.Limits, opts.Engine)
	if err != nil {
		var list field.ErrorList
		if errors.As(err, &list) {
			return nil, list
		}
		return nil, field.ErrorList{unreadable(name, err)}
	}
	return []Job{{Job: j, File: name, Index: -1, Status: j.JobStatus, engine: opts.Engine}}, nil
}

// readArray reads a file that holds a JSON array of jobs, whole.
func readArray(f *os.File, name string, opts Options) ([]Job, field.ErrorList) {
	max := opts.Terraform.MaxPlanBytes
	if max == 0 {
		max = terraform.DefaultMaxPlanBytes
	}
	r := io.Reader(f)
	if max > 0 {
		r = io.LimitReader(f, max+1)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, field.ErrorList{unreadable(name, err)}
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, field.ErrorList{unreadable(name, err)}
	}
	if max > 0 && int64(len(data)) > max {
		return nil, field.ErrorList{{File: name, Code: field.Limit,
			Message: "the array of jobs is more than " + strictjson.Comma(int(max)) + " bytes, the limit on a file of many jobs (Options.Terraform.MaxPlanBytes)"}}
	}
	at := newLocator(data)
	dec := json.NewDecoder(bytes.NewReader(data))
	syntax := func(err error) field.ErrorList {
		e := &field.Error{File: name, Code: field.Syntax, Message: err.Error()}
		var se *json.SyntaxError
		if errors.As(err, &se) {
			e.Line, e.Column = at.position(int(se.Offset))
		} else if err == io.EOF || err == io.ErrUnexpectedEOF {
			e.Line, e.Column = at.position(len(data))
			e.Message = "the array of jobs ends too soon"
		}
		return field.ErrorList{e}
	}
	if _, err := dec.Token(); err != nil {
		return nil, syntax(err)
	}
	var jobs []Job
	var errs field.ErrorList
	for i := 0; dec.More(); i++ {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return jobs, append(errs, syntax(err)...)
		}
		start := int(dec.InputOffset()) - len(raw)
		line, col := at.position(start)
		prefix := "[" + strconv.Itoa(i) + "]"
		if raw[0] != '{' {
			errs = append(errs, &field.Error{File: name, Line: line, Column: col, Path: prefix, Code: field.WrongType,
				Message: "an element of an array of jobs must be a job, a JSON object"})
			continue
		}
		j, err := jobscope.Load(bytes.NewReader(raw), opts.Limits, opts.Engine)
		var list field.ErrorList
		switch {
		case errors.As(err, &list):
			for _, e := range list {
				e.File = name
				if e.Path == "" {
					e.Path = prefix
				} else {
					e.Path = prefix + "." + e.Path
				}
				if e.Line == 1 {
					e.Column += col - 1
				}
				if e.Line > 0 {
					e.Line += line - 1
				}
			}
			errs = append(errs, list...)
		case err != nil:
			errs = append(errs, &field.Error{File: name, Line: line, Column: col, Path: prefix, Code: field.Unreadable, Err: err})
		default:
			jobs = append(jobs, Job{Job: j, File: name, Index: i, Status: j.JobStatus, engine: opts.Engine})
		}
	}
	if _, err := dec.Token(); err != nil {
		return jobs, append(errs, syntax(err)...)
	}
	if _, err := dec.Token(); err != io.EOF {
		line, col := at.position(int(dec.InputOffset()))
		errs = append(errs, &field.Error{File: name, Line: line, Column: col, Code: field.Syntax,
			Message: "data after the array of jobs"})
	}
	return jobs, errs
}

// locator turns byte offsets of a text into lines and columns (1-based,
// columns in bytes, as the other readers of jobscope count them).
type locator struct {
	lineStarts []int
}

func newLocator(data []byte) locator {
	starts := []int{0}
	for i, b := range data {
		if b == '\n' {
			starts = append(starts, i+1)
		}
	}
	return locator{starts}
}

func (l locator) position(offset int) (line, column int) {
	i, found := slices.BinarySearch(l.lineStarts, offset)
	if !found {
		i--
	}
	return i + 1, offset - l.lineStarts[i] + 1
}

// readTerraform reads the aws_macie2_classification_job resources of a plan
// or state.
func readTerraform(f *os.File, name string, opts Options) ([]Job, field.ErrorList) {
	tf := opts.Terraform
	if tf.Limits == (jobscope.Limits{}) {
		tf.Limits = opts.Limits
	}
	var jobs []Job
	var errs field.ErrorList
	for res, err := range terraform.Resources(f, tf) {
		if err != nil {
			errs = append(errs, unreadable(name, err))
			break
		}
		var list field.ErrorList
		if err := res.Validate(opts.Engine); errors.As(err, &list) {
			for _, e := range list {
				e.File = name
				if e.Path == "" {
					e.Path = res.Address
				} else {
					e.Path = res.Address + "." + res.Attribute(e.Path)
				}
			}
			errs = append(errs, list...)
			continue
		} else if err != nil {
			errs = append(errs, unreadable(name, err))
			continue
		}
		jobs = append(jobs, Job{Job: res.Job, File: name, Index: -1, Address: res.Address,
			Status: res.Job.JobStatus, Unknown: res.Unknown, engine: opts.Engine})
	}
	return jobs, errs
}

// source says where j comes from: its file, with the index of an array's
// element or the address of a Terraform resource.
func (j Job) source() string {
	switch {
	case j.Address != "":
		return j.File + ": " + j.Address
	case j.Index >= 0:
		return j.File + "[" + strconv.Itoa(j.Index) + "]"
	}
	return j.File
}

// nameJobs gives every job of a set a name unique within it: its own, or,
// when jobs share it, its own followed by its source.
func nameJobs(jobs []Job) {
	count := map[string]int{}
	for i := range jobs {
		count[jobs[i].Job.Name]++
	}
	taken := map[string]bool{}
	for i := range jobs {
		j := &jobs[i]
		switch {
		case j.Job.Name == "":
			j.Name = j.source()
		case count[j.Job.Name] > 1:
			j.Name = j.Job.Name + " (" + j.source() + ")"
		default:
			j.Name = j.Job.Name
		}
		// A name that is another job's name and source, written out.
		for k, base := 2, j.Name; taken[j.Name]; k++ {
			j.Name = base + " #" + strconv.Itoa(k)
		}
		taken[j.Name] = true
	}
}
