package main

import (
	"errors"
	"fmt"
	"io"
	iofs "io/fs"
	"os"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/internal/s3input"
	"github.com/jobscope/jobscope/terraform"
)

type validateResult struct {
	File   string
	Valid  bool
	Errors []*field.Error
	// Warnings are what Macie accepts but ignores; they fail validation
	// only with --strict.
	Warnings []*field.Error
	// Resource is the address of the aws_macie2_classification_job the job
	// comes from, for --terraform input; attribute maps a problem's path to
	// the resource attribute, and Unknown lists the values known only after
	// apply, which are not checked.
	Resource  string
	Unknown   []terraform.Unknown
	attribute func(path string) string
}

// validateReport is --format json, a contract described by
// schema/validate.schema.json (see outschema.go).
type validateReport struct {
	_             struct{}       `desc:"Every job definition checked."`
	SchemaVersion string         `json:"schemaVersion" pattern:"^1\\.[0-9]+$" desc:"The version of this output's contract."`
	Valid         bool           `json:"valid" desc:"Every job is valid, every input could be read, and, with --strict, no job has warnings: exit status 0."`
	Jobs          []validateJSON `json:"jobs" desc:"The jobs in the order given: the files, then each Terraform plan's jobs."`
}

type validateJSON struct {
	_        struct{}          `desc:"One job definition: a file, or one aws_macie2_classification_job of a Terraform plan or state."`
	File     string            `json:"file" desc:"The file as given; <stdin> for standard input."`
	Resource string            `json:"resource,omitempty" desc:"The Terraform resource's address, for --terraform input."`
	Valid    bool              `json:"valid" desc:"Macie would accept the job: it has no errors."`
	Errors   []validateError   `json:"errors" desc:"What Macie would reject, each with where."`
	Warnings []validateError   `json:"warnings" desc:"What Macie accepts but ignores, or advises against; they fail validation only with --strict."`
	Unknown  []validateUnknown `json:"unknown,omitempty" desc:"Values known only after apply, which are not checked (--terraform input)."`
}

type validateError struct {
	_         struct{}       `desc:"One problem of a job definition."`
	Path      string         `json:"path" desc:"The JSON path of the member, in the CreateClassificationJob request; empty for the document as a whole."`
	Code      field.Code     `json:"code" desc:"The kind of problem, stable across versions."`
	Message   string         `json:"message"`
	Line      int            `json:"line,omitempty" min:"1" desc:"Where in the file, when it is known (1-based)."`
	Column    int            `json:"column,omitempty" min:"1" desc:"The column, in bytes, 1-based."`
	Exception string         `json:"exception,omitempty" desc:"The exception Macie's API would answer with (ValidationException, ...), when known."`
	Severity  field.Severity `json:"severity" enum:"error,warning"`
	Attribute string         `json:"attribute,omitempty" desc:"The Terraform resource attribute the member comes from."`
}

type validateUnknown struct {
	_         struct{} `desc:"A value known only after apply."`
	Path      string   `json:"path" desc:"The JSON path of the request member."`
	Attribute string   `json:"attribute" desc:"The resource attribute it comes from."`
}

func (r validateResult) json() validateJSON {
	out := validateJSON{File: r.File, Resource: r.Resource, Valid: r.Valid, Errors: []validateError{}, Warnings: []validateError{}}
	conv := func(e *field.Error, sev field.Severity) validateError {
		return validateError{Path: e.Path, Code: e.Code, Message: e.Message, Line: e.Line, Column: e.Column,
			Exception: e.Exception, Severity: sev, Attribute: r.attr(e.Path)}
	}
	for _, e := range r.Errors {
		out.Errors = append(out.Errors, conv(e, field.SeverityError))
	}
	for _, w := range r.Warnings {
		out.Warnings = append(out.Warnings, conv(w, field.SeverityWarning))
	}
	for _, u := range r.Unknown {
		out.Unknown = append(out.Unknown, validateUnknown{Path: u.Path, Attribute: u.Attribute})
	}
	return out
}

func (r validateResult) attr(path string) string {
	if r.attribute == nil {
		return ""
	}
	return r.attribute(path)
}

func newValidateCmd(s streams) *cobra.Command {
	c := newFlags(s, "validate [JOB.json...] [flags]",
		"check job definitions as Macie's CreateClassificationJob would",
		"Checks each job definition (a CreateClassificationJob request or DescribeClassificationJob output)\nand reports every problem with its JSON path, and warnings: what Macie accepts but ignores. With\n--terraform, checks the request the AWS provider will send for each aws_macie2_classification_job of\na plan or state, and prefixes each problem with the resource's address; values known only after\napply are reported, not checked. A JOB.json of - reads standard input.\n\nExit 0: all valid (warnings too, unless --strict); 1: some invalid; 2: usage or I/O error.")
	format := c.String("format", "text", "output format: text, json, github (workflow commands that annotate the lines of a pull request in GitHub Actions), or sarif (SARIF 2.1.0 for GitHub code scanning)")
	c.values("format", "text", "json", "github", "sarif")
	opts := c.options("requireClientToken=true")
	strict := c.Bool("strict", false, "warnings fail validation too (exit 1): members Macie accepts but ignores")
	var plans stringsFlag
	c.Var(&plans, "terraform", "validate every aws_macie2_classification_job of `PLAN.json`, terraform show -json output of a plan or a state (repeatable; - reads standard input)")
	return c.command(func([]string) int { return runValidate(c, *format, *strict, opts, plans) })
}

// runValidate runs validate with its flags.
func runValidate(c *cmdFlags, format string, strict bool, opts *optionFlags, plans stringsFlag) int {
	stdin, stdout, stderr := c.stdin, c.stdout, c.stderr
	if format != "text" && format != "json" && format != "github" && format != "sarif" {
		return c.usageErr("--format must be text, json, github or sarif, not %q", format)
	}
	engine, lim, err := opts.engine()
	if err != nil {
		return c.usageErr("%v", err)
	}
	if c.NArg() == 0 && len(plans) == 0 {
		fmt.Fprintln(stderr, "jobscope validate: no job files given (use - for standard input, or --terraform PLAN.json)")
		c.usage()
		return exitUsage
	}
	stdinUses := 0
	for _, name := range append(c.Args(), plans...) {
		if name == "-" {
			stdinUses++
		}
	}
	if stdinUses > 1 {
		return c.usageErr("standard input (-) can be read only once")
	}

	code := exitOK
	worse := func(c int) {
		if c > code {
			code = c
		}
	}
	results := []validateJSON{}
	var sarifResults []validateResult
	emit := func(res validateResult) {
		if !res.Valid || strict && len(res.Warnings) > 0 {
			worse(exitInvalid)
		}
		results = append(results, res.json())
		switch format {
		case "text":
			printText(stdout, res)
		case "github":
			printGitHub(stdout, res)
		case "sarif":
			sarifResults = append(sarifResults, res)
		}
	}
	open := func(name string) (io.Reader, string, func(), error) {
		if name == "-" {
			return stdin, "<stdin>", func() {}, nil
		}
		if s3input.IsURI(name) {
			r, done, err := openS3(stdin, name)
			return r, name, done, err
		}
		f, err := os.Open(name)
		if err != nil {
			return nil, name, nil, err
		}
		return f, name, func() { f.Close() }, nil
	}

	for _, name := range c.Args() {
		r, display, done, err := open(name)
		if err != nil {
			fmt.Fprintf(stderr, "jobscope validate: %v\n", err)
			worse(exitUsage)
			continue
		}
		_, warnings, err := decodeJob(r, name, lim.job, engine)
		done()
		res := validateResult{File: display, Valid: err == nil, Warnings: warnings}
		var list field.ErrorList
		switch {
		case err == nil:
		case errors.As(err, &list):
			res.Errors = list
		default: // reading failed
			fmt.Fprintf(stderr, "jobscope validate: %s: %v\n", display, err)
			worse(exitUsage)
			continue
		}
		emit(res)
	}

	for _, name := range plans {
		r, display, done, err := open(name)
		if err != nil {
			fmt.Fprintf(stderr, "jobscope validate: %v\n", err)
			worse(exitUsage)
			continue
		}
		n := 0
		plan, err := gunzipped(r)
		if err != nil {
			fmt.Fprintf(stderr, "jobscope validate: %s: %v\n", display, err)
			worse(exitInvalid)
			done()
			continue
		}
		for res, err := range terraform.Resources(plan, lim.terraform()) {
			if err != nil {
				fmt.Fprintf(stderr, "jobscope validate: %s: %v\n", display, err)
				var pe *iofs.PathError
				if errors.As(err, &pe) {
					worse(exitUsage)
				} else {
					worse(exitInvalid)
				}
				break
			}
			n++
			emit(terraformResult(display, res, engine))
		}
		done()
		if n == 0 && code == exitOK && format == "text" {
			fmt.Fprintf(stdout, "%s: no %s resources\n", display, terraform.ResourceType)
		}
	}

	if format == "json" {
		report := validateReport{SchemaVersion: schemaVersion, Valid: code == exitOK, Jobs: results}
		if code := c.writeJSON(stdout, report); code != exitOK {
			return code
		}
	}
	if format == "sarif" {
		if code := writeSARIF(c, stdout, sarifResults); code != exitOK {
			return code
		}
	}
	return code
}

// terraformResult validates the job of one Terraform resource.
func terraformResult(file string, r *terraform.Resource, engine jobscope.Options) validateResult {
	res := validateResult{File: file, Resource: r.Address, Valid: true, Unknown: r.Unknown, attribute: r.Attribute}
	if r.Job != nil {
		res.Warnings = r.Job.Warnings(engine)
	}
	var list field.ErrorList
	if err := r.Validate(engine); errors.As(err, &list) {
		res.Valid, res.Errors = false, list
	}
	return res
}

// loadTerraformJob returns the job of the aws_macie2_classification_job at
// address in name, terraform show -json output of a plan or a state (the
// only such resource when address is empty; name "-" reads stdin),
// validated. It is for the commands that take one job (plan, explain,
// buckets, schedule) through --terraform PLAN.json [--resource ADDRESS]; its
// errors are those of loadScopeJob, for reportScopeError. A job whose scope
// or schedule is known only after apply is an error: there is nothing to
// dry-run yet.
func loadTerraformJob(stdin io.Reader, name, address string, opts jobscope.Options, lim inputLimits) (*jobscope.Job, error) {
	in := stdin
	if name != "-" {
		fh, err := os.Open(name)
		if err != nil {
			return nil, &scopeIOError{err}
		}
		defer fh.Close()
		in = fh
	}
	var readErr error
	resources := func(yield func(*terraform.Resource, error) bool) {
		in, err := gunzipped(in)
		if err != nil {
			readErr = err
			return
		}
		for r, err := range terraform.Resources(in, lim.terraform()) {
			if err != nil {
				readErr = err
				return
			}
			if !yield(r, nil) {
				return
			}
		}
	}
	r, err := terraform.Find(resources, address)
	var pe *iofs.PathError
	switch {
	case errors.As(readErr, &pe):
		return nil, &scopeIOError{readErr}
	case readErr != nil:
		return nil, &scopeInputError{name, readErr}
	case err != nil: // --resource is missing or names no job: a usage error
		return nil, &scopeIOError{fmt.Errorf("%s: %w", name, err)}
	}
	return dryRunnable(r, name+": "+r.Address, opts)
}

// terraformFlags are --terraform PLAN.json and --resource ADDRESS, which
// take a command's job from Terraform (see loadTerraformJob).
type terraformFlags struct{ file, resource string }

func (t *terraformFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&t.file, "terraform", "", "take the job from `PLAN.json`, terraform show -json output of a plan or a state, instead of --job")
	fs.StringVar(&t.resource, "resource", "", "with --terraform: the `ADDRESS` of the aws_macie2_classification_job, when there are several (e.g. module.scan.aws_macie2_classification_job.x)")
}

// printText writes "file: valid", or one line per problem:
// "file: path: message", with ":line:column" after the file when known.
// For a Terraform resource, its address follows the file and the attribute
// follows the path: "plan.json: ADDRESS: path (attribute): message"; each
// value known only after apply gets a line too. On a terminal that shows
// colors (colorsFor), an error's location is red, a warning's bold and
// "warning:" yellow.
func printText(w io.Writer, r validateResult) {
	c := colorsFor(w)
	prefix := r.File
	if r.Resource != "" {
		prefix += ": " + r.Resource
	}
	if r.Valid {
		fmt.Fprintf(w, "%s: %s\n", prefix, c.green("valid"))
	}
	problems := func(list []*field.Error, label string, mark func(string) string, one, many string) {
		for i, e := range list {
			if i == maxListed {
				fmt.Fprintf(w, "%s: %s%s\n", prefix, label, andMore(int64(len(list)-i), one+" (--format json lists it)", many+" (--format json lists them all)"))
				break
			}
			loc := prefix
			if e.Line > 0 {
				loc = fmt.Sprintf("%s:%d:%d", r.File, e.Line, e.Column)
			}
			path := e.Path
			if a := r.attr(e.Path); a != "" {
				path += " (" + a + ")"
			}
			if path != "" {
				path += ": "
			}
			fmt.Fprintf(w, "%s: %s%s%s\n", mark(loc), label, path, e.Message)
		}
	}
	problems(r.Errors, "", c.red, "problem", "problems")
	problems(r.Warnings, c.yellow("warning:")+" ", c.bold, "warning", "warnings")
	for i, u := range r.Unknown {
		if i == maxListed {
			fmt.Fprintf(w, "%s: %s %s\n", prefix, c.yellow("warning:"), andMore(int64(len(r.Unknown)-i), "value known only after apply (--format json lists it)", "values known only after apply (--format json lists them all)"))
			break
		}
		fmt.Fprintf(w, "%s: %s %s (%s) is known only after apply; not checked\n", prefix, c.yellow("warning:"), u.Path, u.Attribute)
	}
}
