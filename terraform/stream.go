package terraform

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
	"strings"

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

// WithDefaults returns o with every zero field, and every zero field of
// its Limits, set to its default.
func (o Options) WithDefaults() Options {
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
		opts := opts.WithDefaults()
		switch src := r.(type) {
		case *os.File:
			if info, err := src.Stat(); err == nil && info.Mode().IsRegular() {
				at, err := src.Seek(0, io.SeekCurrent)
				if err != nil {
					yield(nil, err)
					return
				}
				size := max(0, info.Size()-at)
				read(io.NewSectionReader(src, at, size), size, opts, yield)
				return
			}
		case interface {
			io.ReaderAt
			Size() int64
			Len() int
		}:
			at := src.Size() - int64(src.Len())
			read(io.NewSectionReader(src, at, int64(src.Len())), int64(src.Len()), opts, yield)
			return
		}
		spool(r, opts, yield)
	}
}

// ResourcesAt is [Resources] over the size bytes of r from offset 0; it
// needs no temporary file, and can be ranged over more than once.
func ResourcesAt(r io.ReaderAt, size int64, opts Options) iter.Seq2[*Resource, error] {
	return func(yield func(*Resource, error) bool) {
		read(r, size, opts.WithDefaults(), yield)
	}
}

// read is Resources over r, the document, of size bytes.
func read(r io.ReaderAt, size int64, opts Options, yield func(*Resource, error) bool) {
	if opts.MaxPlanBytes >= 0 && size > opts.MaxPlanBytes {
		yield(nil, planTooBig(opts.MaxPlanBytes))
		return
	}
	x := newIndex(opts)
	if err := x.scan(io.NewSectionReader(r, 0, size), r); err != nil {
		yield(nil, err)
		return
	}
	x.each(r, yield)
}

// spool is Resources over a reader that cannot be read twice: the first
// pass copies it to a temporary file, which the second reads.
func spool(r io.Reader, opts Options, yield func(*Resource, error) bool) {
	f, err := os.CreateTemp(opts.TempDir, "jobscope-plan-*.json")
	if err != nil {
		yield(nil, fmt.Errorf("a copy of the plan: %w", err))
		return
	}
	defer os.Remove(f.Name())
	defer f.Close()
	x := newIndex(opts)
	if err := x.scan(io.TeeReader(&limitReader{r: r, max: opts.MaxPlanBytes}, f), f); err != nil {
		yield(nil, err)
		return
	}
	x.each(f, yield)
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

// FindIn is [Find] over a sequence of resources, such as [Resources]
// returns: it keeps the resource it returns and the addresses of the
// others (for its errors), and stops at the resource at address.
func FindIn(resources iter.Seq2[*Resource, error], address string) (*Resource, error) {
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

// span is where a JSON value is in the document: bytes [off, end). The
// zero span is no value.
type span struct{ off, end int64 }

// planModule is a module of the plan's values, with its classification
// job instances and the child modules that hold any.
type planModule struct {
	address   string
	resources []*planResource
	children  []*planModule
}

// planResource is a classification job instance of the plan's values.
type planResource struct {
	address, name string
	index         any // json.Number or string, as Terraform writes it
	values        span
}

// planIndex is what the first pass keeps of a document: where the texts of
// its classification jobs are.
type planIndex struct {
	opts    Options
	format  string
	planned *planModule // planned_values: nil when absent or null
	state   *planModule // values
	// unknown is each resource change's after_unknown, by address.
	unknown map[string]span
	// config is each resource block's expressions, by module call names
	// and address (see configKey); nil when there is no configuration.
	config map[string]span
	counts [3]int // instances, changes, configurations

	buf []byte // the text of the value the second pass reads
}

func newIndex(opts Options) *planIndex {
	return &planIndex{opts: opts, unknown: map[string]span{}}
}

// The kinds of resource entry that MaxResources bounds.
const (
	countInstances = iota
	countChanges
	countConfigs
)

func (x *planIndex) count(kind int) error {
	x.counts[kind]++
	if max := x.opts.MaxResources; max >= 0 && x.counts[kind] > max {
		what := [...]string{"instances of", "resource_changes entries for", "configuration blocks of"}[kind]
		return fmt.Errorf("the plan has more than %s %s %s resources, the limit (Options.MaxResources); raise the limit to read a larger plan, or make it negative for none",
			strictjson.Comma(max), what, ResourceType)
	}
	return nil
}

// scan is the first pass, over the document r; at reads it again to
// place a syntax error.
func (x *planIndex) scan(r io.Reader, at io.ReaderAt) error {
	s := newScanner(r)
	err := x.document(s)
	if err == nil {
		if c, ok := s.peek(); ok {
			err = s.errorf("data after the JSON document (%s)", describeByte(c))
		} else if s.err != io.EOF {
			err = s.err
		}
	}
	var se *syntaxError
	if errors.As(err, &se) {
		line, col := position(at, se.off)
		if se.limit {
			return fmt.Errorf("%s (line %d, column %d)", se.msg, line, col)
		}
		return fmt.Errorf("not terraform show -json output: %s (line %d, column %d)", se.msg, line, col)
	}
	if err != nil {
		return err
	}
	if x.format == "" {
		return errors.New("not terraform show -json output: no format_version")
	}
	if major, _, _ := strings.Cut(x.format, "."); major != "0" && major != "1" {
		return fmt.Errorf("terraform show -json format_version %s is not supported (want 0.x or 1.x)", x.format)
	}
	return nil
}

// position returns the line and column (in characters) of byte off of the
// document at r.
func position(r io.ReaderAt, off int64) (line, col int) {
	line, col = 1, 1
	buf := make([]byte, 64<<10)
	for pos := int64(0); pos < off; {
		n, _ := r.ReadAt(buf[:min(int64(len(buf)), off-pos)], pos)
		if n == 0 {
			break
		}
		for _, c := range buf[:n] {
			switch {
			case c == '\n':
				line, col = line+1, 1
			case c&0xC0 != 0x80: // not a UTF-8 continuation byte
				col++
			}
		}
		pos += int64(n)
	}
	return line, col
}

func (x *planIndex) document(s *scanner) error {
	// A UTF-8 byte order mark, as some editors write, is ignored.
	if s.fill() && s.n >= 3 && bytes.HasPrefix(s.buf[:s.n], []byte("\xef\xbb\xbf")) {
		s.pos = 3
	}
	if _, ok := s.peek(); !ok {
		if err := s.end(); !errors.As(err, new(*syntaxError)) {
			return err
		}
		return s.errorf("the document is empty")
	}
	maxBytes := x.opts.Limits.MaxBytes
	return s.object("the document", func(name string) error {
		var err error
		switch name {
		case "format_version":
			x.format, err = s.stringValue("format_version", maxKey)
		case "planned_values":
			x.planned, err = x.values(s, "planned_values")
		case "values":
			x.state, err = x.values(s, "values")
		case "resource_changes":
			x.unknown = map[string]span{}
			x.counts[countChanges] = 0
			err = s.array("resource_changes", func() error { return x.change(s, maxBytes) })
		case "configuration":
			x.config = nil
			x.counts[countConfigs] = 0
			if c, _ := s.peek(); c == 'n' {
				return s.literal("null")
			}
			x.config = map[string]span{}
			err = s.object("configuration", func(name string) error {
				if name != "root_module" {
					return s.skip()
				}
				return x.configModule(s, "")
			})
		default:
			err = s.skip()
		}
		return err
	})
}

// values reads planned_values or a state's values: nil when null.
func (x *planIndex) values(s *scanner, what string) (*planModule, error) {
	if c, _ := s.peek(); c == 'n' {
		return nil, s.literal("null")
	}
	x.counts[countInstances] = 0
	root := &planModule{}
	err := s.object(what, func(name string) error {
		if name != "root_module" {
			return s.skip()
		}
		m, err := x.module(s)
		root = m
		return err
	})
	return root, err
}

// module reads a module of the values, keeping its classification jobs.
func (x *planIndex) module(s *scanner) (*planModule, error) {
	m := &planModule{}
	maxBytes := x.opts.Limits.MaxBytes
	err := s.object("a module of the values", func(name string) error {
		var err error
		switch name {
		case "address":
			m.address, err = s.stringValue("a module's address", maxBytes)
		case "resources":
			m.resources = m.resources[:0]
			err = s.array("a module's resources", func() error {
				r, err := x.resource(s)
				if r != nil {
					m.resources = append(m.resources, r)
				}
				return err
			})
		case "child_modules":
			m.children = m.children[:0]
			err = s.array("a module's child_modules", func() error {
				c, err := x.module(s)
				if c != nil && (len(c.resources) > 0 || len(c.children) > 0) {
					m.children = append(m.children, c)
				}
				return err
			})
		default:
			err = s.skip()
		}
		return err
	})
	for _, r := range m.resources {
		if r.address == "" {
			r.address = instanceAddress(m.address, r)
		}
	}
	return m, err
}

// resource reads a resource of the values: nil unless it is a managed
// classification job.
func (x *planIndex) resource(s *scanner) (*planResource, error) {
	var r planResource
	var mode, typ string
	maxBytes := x.opts.Limits.MaxBytes
	err := s.object("a resource of the values", func(name string) error {
		var err error
		switch name {
		case "address":
			r.address, err = s.stringValue("a resource's address", maxBytes)
		case "mode":
			mode, err = s.stringValue("a resource's mode", maxKey)
		case "type":
			typ, err = s.stringValue("a resource's type", maxKey)
		case "name":
			r.name, err = s.stringValue("a resource's name", maxBytes)
		case "index":
			r.index = nil
			switch c, err := s.next(); {
			case err != nil:
				return err
			case c == '"':
				r.index, err = s.stringValue("a resource's index", maxBytes)
				return err
			case c == '-' || '0' <= c && c <= '9':
				n, err := s.number()
				r.index = json.Number(n)
				return err
			}
			err = s.skip()
		case "values":
			r.values, err = x.objectSpan(s, "a resource's values")
		default:
			err = s.skip()
		}
		return err
	})
	if err != nil || typ != ResourceType || mode != "" && mode != "managed" {
		return nil, err
	}
	return &r, x.count(countInstances)
}

// objectSpan skips an object, or null (the zero span), and returns where
// it is.
func (x *planIndex) objectSpan(s *scanner, what string) (span, error) {
	c, err := s.next()
	if err != nil {
		return span{}, err
	}
	switch c {
	case 'n':
		return span{}, s.literal("null")
	case '{':
		return s.span()
	}
	return span{}, s.wrongType(what, c, "an object")
}

// change reads an element of resource_changes, keeping the after_unknown of
// a classification job.
func (x *planIndex) change(s *scanner, maxBytes int) error {
	var address string
	var unknown span
	err := s.object("an element of resource_changes", func(name string) error {
		var err error
		switch name {
		case "address":
			address, err = s.stringValue("a resource change's address", maxBytes)
		case "change":
			unknown = span{}
			err = s.object("a resource change's change", func(name string) error {
				var err error
				if name == "after_unknown" {
					unknown, err = s.span()
				} else {
					err = s.skip()
				}
				return err
			})
		default:
			err = s.skip()
		}
		return err
	})
	// Only a classification job's address has its type (whatever the
	// change says its type is): keep those.
	if err != nil || !strings.Contains(address, ResourceType+".") {
		return err
	}
	x.unknown[address] = unknown
	return x.count(countChanges)
}

// configModule reads a module of the configuration; prefix is configKey's
// for its module call names.
func (x *planIndex) configModule(s *scanner, prefix string) error {
	maxBytes := x.opts.Limits.MaxBytes
	return s.object("a module of the configuration", func(name string) error {
		switch name {
		case "resources":
			return s.array("a module's resources", func() error {
				var address, mode string
				var expr span
				err := s.object("a resource of the configuration", func(name string) error {
					var err error
					switch name {
					case "address":
						address, err = s.stringValue("a resource's address", maxBytes)
					case "mode":
						mode, err = s.stringValue("a resource's mode", maxKey)
					case "expressions":
						expr, err = x.objectSpan(s, "a resource's expressions")
					default:
						err = s.skip()
					}
					return err
				})
				if err != nil || mode != "" && mode != "managed" || !strings.HasPrefix(address, ResourceType+".") {
					return err
				}
				key := prefix + address
				if _, dup := x.config[key]; dup {
					return nil // the first one, as Terraform would find it
				}
				x.config[key] = expr
				return x.count(countConfigs)
			})
		case "module_calls":
			return s.object("a module's module_calls", func(call string) error {
				return s.object("a module call", func(name string) error {
					if name != "module" {
						return s.skip()
					}
					return x.configModule(s, prefix+call+"\x00")
				})
			})
		}
		return s.skip()
	})
}

// configKey is the key of x.config for the resource block name of the
// module instance at moduleAddr; ok false when the address cannot be read.
func configKey(moduleAddr, name string) (string, bool) {
	names, ok := moduleNames(moduleAddr)
	if !ok {
		return "", false
	}
	var b strings.Builder
	for _, n := range names {
		b.WriteString(n)
		b.WriteByte(0)
	}
	b.WriteString(ResourceType)
	b.WriteByte('.')
	b.WriteString(name)
	return b.String(), true
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

// convert reads and converts one resource.
func (x *planIndex) convert(r io.ReaderAt, m *planModule, pr *planResource) (*Resource, error) {
	res := &Resource{Address: pr.address}
	root := node{cfgMode: cfgSet}
	var err error
	if root.v, err = x.tree(r, pr.values, keepValues, res, "values"); err != nil || res.limits != nil {
		return resourceOrError(res, err)
	}
	if root.unk, err = x.tree(r, x.unknown[pr.address], keepUnknown, res, "after_unknown"); err != nil || res.limits != nil {
		return resourceOrError(res, err)
	}
	if x.config != nil {
		if key, ok := configKey(m.address, pr.name); ok {
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
