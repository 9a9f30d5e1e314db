package yamljob

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/internal/strictjson"
)

// IsYAML reports whether a job file that starts with head is YAML rather
// than JSON: a JSON job starts with '{' after white space and an optional
// UTF-8 byte order mark. JSON is YAML too, so [Load] reads either; a caller
// that reads both picks jobscope.Load for JSON, whose syntax errors carry
// columns.
func IsYAML(head []byte) bool {
	head = bytes.TrimPrefix(head, []byte("\xEF\xBB\xBF"))
	i := strictjson.SkipSpace(head, 0)
	return i == len(head) || head[i] != '{'
}

// Load decodes and validates a job definition written in YAML, as
// jobscope.Load does one in JSON, and returns the job and every problem
// as a field.ErrorList, each at its line and column in the YAML text.
func Load(r io.Reader, lim jobscope.Limits, opts jobscope.Options) (*jobscope.Job, error) {
	j, _, err := LoadWithWarnings(r, lim, opts)
	return j, err
}

// LoadFile reads the job in the file name, YAML or JSON: a name ending in
// .yaml or .yml is YAML, one ending in .json is read by jobscope.Load, and
// any other is YAML when IsYAML says its first bytes are. Every problem it
// returns names the file (field.Error.File), so that it reads as
// name:line:column: path: message; a file that cannot be opened or read is
// the error of package os.
func LoadFile(name string, lim jobscope.Limits, opts jobscope.Options) (*jobscope.Job, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	var j *jobscope.Job
	switch ext := strings.ToLower(filepath.Ext(name)); {
	case ext == ".yaml" || ext == ".yml", ext != ".json" && len(bytes.TrimSpace(data)) > 0 && IsYAML(data[:min(len(data), 4096)]):
		j, err = Load(bytes.NewReader(data), lim, opts)
	default:
		j, err = jobscope.Load(bytes.NewReader(data), lim, opts)
	}
	var list field.ErrorList
	if errors.As(err, &list) {
		for _, e := range list {
			e.File = name
		}
	}
	return j, err
}

// LoadWithWarnings is Load that also returns the job's warnings, as
// jobscope.LoadWithWarnings does, each at its line and column in the YAML
// text. A job with warnings and no errors is valid: err is nil.
func LoadWithWarnings(r io.Reader, lim jobscope.Limits, opts jobscope.Options) (*jobscope.Job, field.ErrorList, error) {
	l := strictjson.Limits(lim).WithDefaults()
	data, err := io.ReadAll(io.LimitReader(r, int64(l.MaxBytes)+1))
	if err != nil {
		return nil, nil, field.ErrorList{{Code: field.Unreadable, Message: "reading job definition", Err: err}}
	}
	if len(data) > l.MaxBytes {
		line, col := strictjson.Position(data, l.MaxBytes)
		return nil, nil, field.ErrorList{{Code: field.Limit, Line: line, Column: col, Exception: field.ValidationException,
			Message: fmt.Sprintf("the document is more than %s bytes, the limit on its size (Limits.MaxBytes)", strictjson.Comma(l.MaxBytes))}}
	}
	root, perr := parse(data)
	if perr != nil {
		return nil, nil, field.ErrorList{perr}
	}
	c := newConverter(l, len(data))
	c.newline(jsonLine{val: posOf(root)})
	if err := c.value(root, field.Path{}, posOf(root)); err != nil {
		return nil, nil, field.ErrorList{err}
	}

	// The JSON is the YAML's text with its aliases expanded, which the
	// converter has bounded.
	inner := lim
	inner.MaxBytes = max(len(c.buf), l.MaxBytes)
	j, warnings, err := jobscope.LoadWithWarnings(bytes.NewReader(c.buf), inner, opts)
	var found field.ErrorList
	if err != nil && !errors.As(err, &found) {
		return j, nil, err
	}
	for _, w := range warnings {
		if at, ok := c.located(w.Line, w.Column); ok {
			w.Line, w.Column = at.line, at.col
		}
	}
	errs := c.errs
	failed := make(map[string]bool, len(errs))
	for _, e := range errs {
		failed[e.Path] = true
	}
	for _, e := range found {
		if within(e.Path, failed) {
			continue
		}
		if at, ok := c.located(e.Line, e.Column); ok {
			e.Line, e.Column = at.line, at.col
		}
		errs = append(errs, e)
	}
	slices.SortStableFunc(errs, func(a, b *field.Error) int {
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return a.Column - b.Column
	})
	return j, warnings, errs.Err()
}

// parse returns the root node of the one YAML document in data.
func parse(data []byte) (*yaml.Node, *field.Error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	switch err := dec.Decode(&doc); {
	case err == io.EOF:
		line, col := strictjson.Position(data, len(data))
		return nil, syntaxError(line, col, "the document is empty; expected a YAML mapping")
	case err != nil:
		return nil, yamlError(err, data)
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case err == nil:
		return nil, syntaxError(next.Line, next.Column, "a second YAML document; a job file holds one")
	case err != io.EOF:
		return nil, yamlError(err, data)
	}
	if doc.Kind == yaml.DocumentNode {
		if len(doc.Content) == 0 {
			return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Line: doc.Line, Column: doc.Column}, nil
		}
		return doc.Content[0], nil
	}
	return &doc, nil
}

var (
	yamlLine      = regexp.MustCompile(`^yaml: line ([0-9]+): `)
	unknownAnchor = regexp.MustCompile(`^yaml: unknown anchor '(.*)' referenced$`)
)

// yamlError is a syntax error of the YAML parser, at its line. The parser
// leaves the line out of an error on the first line, and out of an alias
// to an unknown anchor, which is placed at the first such alias in data.
func yamlError(err error, data []byte) *field.Error {
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		return syntaxError(line, 0, msg[len(m[0]):])
	}
	if m := unknownAnchor.FindStringSubmatch(msg); m != nil {
		line, col := 0, 0
		if i := aliasOffset(data, m[1]); i >= 0 {
			line, col = strictjson.Position(data, i)
		}
		return syntaxError(line, col, fmt.Sprintf("alias *%s refers to no anchor &%s before it", m[1], m[1]))
	}
	return syntaxError(1, 0, strings.TrimPrefix(msg, "yaml: "))
}

// aliasOffset returns the offset of the first alias *name in data, -1 if
// there is none.
func aliasOffset(data []byte, name string) int {
	alias := []byte("*" + name)
	for from := 0; ; {
		i := bytes.Index(data[from:], alias)
		if i < 0 {
			return -1
		}
		end := from + i + len(alias)
		if end == len(data) || strings.IndexByte(" \t\r\n,[]{}", data[end]) >= 0 {
			return from + i
		}
		from = end
	}
}

func syntaxError(line, col int, msg string) *field.Error {
	return &field.Error{Code: field.Syntax, Message: msg, Line: line, Column: col, Exception: field.ValidationException}
}

// within reports whether path is one of the paths in failed or below one
// of them; the root path "" covers every path.
func within(path string, failed map[string]bool) bool {
	if len(failed) == 0 {
		return false
	}
	for p := path; ; {
		if failed[p] {
			return true
		}
		i := strings.LastIndexAny(p, ".[")
		if i < 0 {
			return p != "" && failed[""]
		}
		p = p[:i]
	}
}
