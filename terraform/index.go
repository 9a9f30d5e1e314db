package terraform

// A plan can be large: thousands of jobs, each with thousands of values, and
// every job written three times (planned_values, resource_changes and
// configuration). Resources reads it as a stream, in two passes. The first
// checks that the document is well-formed JSON shaped as terraform show
// -json output, and notes where each job's values, after_unknown and
// expressions are — Terraform writes planned_values before the other two,
// and the members may come in any order. The second pass reads those
// texts, one resource at a time, converts the resource, and hands it to
// the caller before reading the next. Memory is that of the largest
// resource, not of the plan, and time is linear in the plan's size. Paths
// (a problem's JSON path, an attribute path) are built only for a problem
// or a value known only after apply.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/jobscope/jobscope/internal/strictjson"
)

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
	// changes are the classification jobs' resource_changes, in order.
	changes []*planChange
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
	return s.object("the document", func(name string) (err error) {
		switch name {
		case "format_version":
			return s.stringInto(&x.format, "format_version", maxKey)
		case "planned_values":
			x.planned, err = x.values(s, "planned_values")
			return err
		case "values":
			x.state, err = x.values(s, "values")
			return err
		case "resource_changes":
			x.unknown, x.changes = map[string]span{}, nil
			x.counts[countChanges] = 0
			return s.array("resource_changes", func() error { return x.change(s, maxBytes) })
		case "configuration":
			x.config = nil
			x.counts[countConfigs] = 0
			if c, _ := s.peek(); c == 'n' {
				return s.literal("null")
			}
			x.config = map[string]span{}
			return s.object("configuration", func(name string) error {
				if name != "root_module" {
					return s.skip()
				}
				return x.configModule(s, "")
			})
		}
		return s.skip()
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
	err := s.object("a module of the values", func(name string) error {
		switch name {
		case "address":
			return s.stringInto(&m.address, "a module's address", x.opts.Limits.MaxBytes)
		case "resources":
			m.resources = m.resources[:0]
			return s.array("a module's resources", func() error {
				r, err := x.resource(s)
				if r != nil {
					m.resources = append(m.resources, r)
				}
				return err
			})
		case "child_modules":
			m.children = m.children[:0]
			return s.array("a module's child_modules", func() error {
				c, err := x.module(s)
				if c != nil && (len(c.resources) > 0 || len(c.children) > 0) {
					m.children = append(m.children, c)
				}
				return err
			})
		}
		return s.skip()
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
	err := s.object("a resource of the values", func(name string) (err error) {
		switch name {
		case "address":
			return s.stringInto(&r.address, "a resource's address", maxBytes)
		case "mode":
			return s.stringInto(&mode, "a resource's mode", maxKey)
		case "type":
			return s.stringInto(&typ, "a resource's type", maxKey)
		case "name":
			return s.stringInto(&r.name, "a resource's name", maxBytes)
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
		case "values":
			r.values, err = x.objectSpan(s, "a resource's values")
			return err
		}
		return s.skip()
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

// planChange is an element of resource_changes for a classification job.
type planChange struct {
	address, module, name string
	actions               []string
	before, after         span // values, the zero span when null
	unknown               span // after_unknown
}

// maxActions is the most actions a resource change may have: Terraform
// writes one or two.
const maxActions = 4

// change reads an element of resource_changes, keeping a classification
// job's: its address, actions and where its before, after and
// after_unknown are.
func (x *planIndex) change(s *scanner, maxBytes int) error {
	var c planChange
	err := s.object("an element of resource_changes", func(name string) error {
		switch name {
		case "address":
			return s.stringInto(&c.address, "a resource change's address", maxBytes)
		case "module_address":
			return s.stringInto(&c.module, "a resource change's module_address", maxBytes)
		case "name":
			return s.stringInto(&c.name, "a resource change's name", maxBytes)
		case "change":
			c.unknown, c.before, c.after, c.actions = span{}, span{}, span{}, nil
			return s.object("a resource change's change", func(name string) (err error) {
				switch name {
				case "after_unknown":
					c.unknown, err = s.span()
				case "before":
					c.before, err = x.objectSpan(s, "a resource change's before")
				case "after":
					c.after, err = x.objectSpan(s, "a resource change's after")
				case "actions":
					err = s.array("a resource change's actions", func() error {
						if len(c.actions) == maxActions {
							return s.errorf("a resource change has more than %d actions", maxActions)
						}
						a, err := s.stringValue("an action", maxKey)
						c.actions = append(c.actions, a)
						return err
					})
				default:
					err = s.skip()
				}
				return err
			})
		}
		return s.skip()
	})
	// Only a classification job's address has its type (whatever the
	// change says its type is): keep those.
	if err != nil || !strings.Contains(c.address, ResourceType+".") {
		return err
	}
	x.unknown[c.address] = c.unknown
	x.changes = append(x.changes, &c)
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
				err := s.object("a resource of the configuration", func(name string) (err error) {
					switch name {
					case "address":
						return s.stringInto(&address, "a resource's address", maxBytes)
					case "mode":
						return s.stringInto(&mode, "a resource's mode", maxKey)
					case "expressions":
						expr, err = x.objectSpan(s, "a resource's expressions")
						return err
					}
					return s.skip()
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
