package terraform

import (
	"fmt"
	"io"
	"iter"
	"os"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/internal/joblimits"
	"github.com/jobscope/jobscope/internal/strictjson"
)

// Options bound what reading a plan may take. The zero Options takes every
// default.
type Options struct {
	// Limits bound each aws_macie2_classification_job resource as they
	// bound a job file (see jobscope.Limits); a zero field takes its
	// default. MaxBytes, MaxDepth and MaxValues apply to each of the three
	// JSON texts of one resource: its values (in planned_values, or a
	// state's values), its after_unknown (in resource_changes) and its
	// expressions (in configuration), counted from each text's own root.
	// A resource beyond one of them is not converted: its Job is nil and
	// Validate reports the limit. MaxValuesPerTerm, MaxTermsPerBlock and
	// MaxKeyLength apply to the request the resource becomes, as to a
	// job: Validate reports them with the other problems.
	Limits jobscope.Limits
	// MaxPlanBytes is the largest document accepted, in bytes. Default
	// DefaultMaxPlanBytes (1 GiB); negative for no limit.
	MaxPlanBytes int64
	// MaxResources is the most aws_macie2_classification_job resources
	// accepted: instances in the plan's values, entries in its
	// resource_changes and resource blocks in its configuration, each
	// counted on its own. Default DefaultMaxResources (100,000); negative
	// for no limit.
	MaxResources int
	// TempDir is the directory where Resources copies a plan it cannot
	// read twice (a pipe, standard input); empty for os.TempDir().
	TempDir string
}

// The defaults of Options.
const (
	DefaultMaxPlanBytes int64 = 1 << 30 // 1 GiB
	DefaultMaxResources       = 100000
)

// withDefaults returns o with every zero field, and every zero field of
// its Limits, set to its default.
func (o Options) withDefaults() Options {
	if o.MaxPlanBytes == 0 {
		o.MaxPlanBytes = DefaultMaxPlanBytes
	}
	if o.MaxResources == 0 {
		o.MaxResources = DefaultMaxResources
	}
	o.Limits = jobscope.Limits(strictjson.Limits(o.Limits).WithDefaults())
	return o
}

// Resources returns the aws_macie2_classification_job instances of the
// `terraform show -json` output r holds, of a plan or of a state, one at a
// time, in the order the document lists them (root module first, then
// child modules, depth first). A plan yields the instances it will leave
// in place or create; those it destroys are not in it. A document with no
// such resource yields none.
//
// The document is read twice, as a stream: the first pass checks it and
// notes where each resource's values, after_unknown and configuration are,
// whatever the order of its members; the second reads and converts one
// resource at a time. Memory is that of the largest resource, plus the
// address and a few offsets of each, not that of the plan. A regular file,
// a *bytes.Reader or a *strings.Reader is read in place, from its current
// offset; any other reader is copied, as the first pass reads it, to a
// temporary file in opts.TempDir, removed when the sequence ends.
//
// An error ends the sequence, and is its last element, with a nil
// Resource: a document beyond opts.MaxPlanBytes or opts.MaxResources, one
// that is not terraform show -json output, or a read error. Such errors
// come before the first resource, except read errors of the second pass.
// A resource beyond opts.Limits is no error of the sequence: its Validate
// reports it. A second range over the sequence reads r again: from the same
// offset for a file, a *bytes.Reader or a *strings.Reader, from where the
// first stopped for any other reader.
func Resources(r io.Reader, opts Options) iter.Seq2[*Resource, error] {
	return func(yield func(*Resource, error) bool) {
		twoPasses(r, opts, func(err error) { yield(nil, err) }, func(x *planIndex, at io.ReaderAt) { x.each(at, yield) })
	}
}

// twoPasses reads the document r: the first pass indexes it, and second
// reads what it needs of it again; fail gets the error that ends the first
// pass, or the setting up of either.
func twoPasses(r io.Reader, opts Options, fail func(error), second func(x *planIndex, at io.ReaderAt)) {
	opts = opts.withDefaults()
	switch src := r.(type) {
	case *os.File:
		if info, err := src.Stat(); err == nil && info.Mode().IsRegular() {
			at, err := src.Seek(0, io.SeekCurrent)
			if err != nil {
				fail(err)
				return
			}
			size := max(0, info.Size()-at)
			read(io.NewSectionReader(src, at, size), size, opts, fail, second)
			return
		}
	case interface {
		io.ReaderAt
		Size() int64
		Len() int
	}:
		at := src.Size() - int64(src.Len())
		read(io.NewSectionReader(src, at, int64(src.Len())), int64(src.Len()), opts, fail, second)
		return
	}
	spool(r, opts, fail, second)
}

// read is twoPasses over r, the document, of size bytes.
func read(r io.ReaderAt, size int64, opts Options, fail func(error), second func(*planIndex, io.ReaderAt)) {
	if opts.MaxPlanBytes >= 0 && size > opts.MaxPlanBytes {
		fail(planTooBig(opts.MaxPlanBytes))
		return
	}
	x := newIndex(opts)
	if err := x.scan(io.NewSectionReader(r, 0, size), r); err != nil {
		fail(err)
		return
	}
	second(x, r)
}

// spool is twoPasses over a reader that cannot be read twice: the first
// pass copies it to a temporary file, which the second reads.
func spool(r io.Reader, opts Options, fail func(error), second func(*planIndex, io.ReaderAt)) {
	f, err := os.CreateTemp(opts.TempDir, "jobscope-plan-*.json")
	if err != nil {
		fail(fmt.Errorf("a copy of the plan: %w", err))
		return
	}
	defer os.Remove(f.Name())
	defer f.Close()
	x := newIndex(opts)
	if err := x.scan(io.TeeReader(&limitReader{r: r, max: opts.MaxPlanBytes}, f), f); err != nil {
		fail(err)
		return
	}
	second(x, f)
}

func planTooBig(max int64) error {
	return fmt.Errorf("the plan is more than %s bytes, the limit on a plan's size (Options.MaxPlanBytes); raise the limit to read a larger plan, or make it negative for none", strictjson.Comma(int(max)))
}

// limitReader is r, failing once it has given more than max bytes (a
// negative max: never).
type limitReader struct {
	r      io.Reader
	n, max int64
}

func (l *limitReader) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	if l.n += int64(n); l.max >= 0 && l.n > l.max {
		return 0, planTooBig(l.max)
	}
	return n, err
}

// Find returns the resource at address in a sequence such as [Resources]
// returns, or the only resource when address is empty. It stops at the
// resource it returns, and keeps only the addresses of the others (for its
// errors): "no resource …" names every address the sequence has, and an
// empty address with several resources lists them to choose from.
func Find(resources iter.Seq2[*Resource, error], address string) (*Resource, error) {
	var found *Resource
	var addrs []string
	for r, err := range resources {
		if err != nil {
			return nil, err
		}
		addrs = append(addrs, r.Address)
		switch {
		case address == "" && found == nil:
			found = r
		case address != "" && r.Address == address:
			return r, nil
		}
	}
	if err := notFound(addrs, address); err != nil {
		return nil, err
	}
	return found, nil
}

// each is the second pass: it converts the resources one at a time, in
// the order of the document's values.
func (x *planIndex) each(r io.ReaderAt, yield func(*Resource, error) bool) {
	root := x.planned
	if root == nil {
		root = x.state
	}
	if root == nil {
		return // an empty state
	}
	var walk func(m *planModule) bool
	walk = func(m *planModule) bool {
		for _, pr := range m.resources {
			res, err := x.convert(r, m, pr)
			if !yield(res, err) || err != nil {
				return false
			}
		}
		for _, c := range m.children {
			if !walk(c) {
				return false
			}
		}
		return true
	}
	walk(root)
}

// convert reads and converts one resource of the values.
func (x *planIndex) convert(r io.ReaderAt, m *planModule, pr *planResource) (*Resource, error) {
	return x.read(r, pr.address, pr.values, x.unknown[pr.address], m.address, pr.name, true)
}

// read reads and converts the resource at address whose values are at
// values and its after_unknown at unknown; the configuration of the
// resource block name of the module instance at module tells the values
// it does not set, when withConfig is set.
func (x *planIndex) read(r io.ReaderAt, address string, values, unknown span, module, name string, withConfig bool) (*Resource, error) {
	res := &Resource{Address: address}
	root := node{cfgMode: cfgSet}
	var err error
	if root.v, err = x.tree(r, values, keepValues, res, "values"); err != nil || res.limits != nil {
		return resourceOrError(res, err)
	}
	if root.unk, err = x.tree(r, unknown, keepUnknown, res, "after_unknown"); err != nil || res.limits != nil {
		return resourceOrError(res, err)
	}
	if x.config != nil && withConfig {
		if key, ok := configKey(module, name); ok {
			if expr, found := x.config[key]; found {
				root.cfgMode = cfgBody
				if root.cfg, err = x.tree(r, expr, keepBodies, res, "configuration (expressions)"); err != nil || res.limits != nil {
					return resourceOrError(res, err)
				}
			}
		}
	}
	convertJob(res, root)
	res.limits = checkLimits(res.Job, x.opts.Limits)
	return res, nil
}

// resourceOrError returns res, or nil and err when there is one.
func resourceOrError(res *Resource, err error) (*Resource, error) {
	if err != nil {
		return nil, err
	}
	return res, nil
}

// tree reads one JSON text of a resource. A text beyond a limit is a
// problem of res; what names the text.
func (x *planIndex) tree(r io.ReaderAt, sp span, mode treeMode, res *Resource, what string) (any, error) {
	if sp == (span{}) {
		return nil, nil
	}
	lim := x.opts.Limits
	n := sp.end - sp.off
	if n > int64(lim.MaxBytes) {
		res.limits = field.ErrorList{{Code: field.Limit, Exception: field.ValidationException,
			Message: fmt.Sprintf("the text of the resource's %s is more than %s bytes, the limit on one job's size (Limits.MaxBytes)", what, strictjson.Comma(lim.MaxBytes))}}
		return nil, nil
	}
	if int64(cap(x.buf)) < n {
		x.buf = make([]byte, n)
	}
	data := x.buf[:n]
	if got, err := r.ReadAt(data, sp.off); int64(got) < n {
		if err == nil || err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, fmt.Errorf("reading %s of %s: %w", what, res.Address, err)
	}
	t := tree{data: data, maxDepth: lim.MaxDepth, maxValues: lim.MaxValues}
	v, terr := t.decode(mode)
	if terr == nil {
		return v, nil
	}
	if terr.limit == "" {
		// The text parsed in the first pass: the document has changed since.
		return nil, fmt.Errorf("%s of %s: %s; the plan changed while it was read", what, res.Address, terr.msg)
	}
	msg := fmt.Sprintf("%s in the resource's %s", terr.msg, what)
	if w := terr.where(); w != "" {
		msg += ", at " + w
	}
	res.limits = field.ErrorList{{Code: field.Limit, Exception: field.ValidationException,
		Message: fmt.Sprintf("%s, the limit on one job (Limits.%s)", msg, terr.limit)}}
	return nil, nil
}

// checkLimits reports the limits of lim that j's conditions break, as
// jobscope.ParseJob does (see joblimits.Check).
func checkLimits(j *jobscope.Job, lim jobscope.Limits) field.ErrorList {
	if j.S3JobDefinition == nil {
		return nil
	}
	return joblimits.Check(j.S3JobDefinition.BucketCriteria, j.S3JobDefinition.Scoping, strictjson.Limits(lim))
}
