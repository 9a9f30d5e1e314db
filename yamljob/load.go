package yamljob

import (
	"bytes"
	"errors"
	"fmt"
	"io"
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
	l := strictjson.Limits(lim).WithDefaults()
	data, err := io.ReadAll(io.LimitReader(r, int64(l.MaxBytes)+1))
	if err != nil {
		return nil, field.ErrorList{{Code: field.Unreadable, Message: "reading job definition", Err: err}}
	}
	if len(data) > l.MaxBytes {
		line, col := strictjson.Position(data, l.MaxBytes)
		return nil, field.ErrorList{{Code: field.Limit, Line: line, Column: col, Exception: field.ValidationException,
			Message: fmt.Sprintf("the document is more than %s bytes, the limit on its size (Limits.MaxBytes)", strictjson.Comma(l.MaxBytes))}}
	}
	root, perr := parse(data)
	if perr != nil {
		return nil, field.ErrorList{perr}
	}
	c := newConverter(l, len(data))
	c.newline(jsonLine{val: posOf(root)})
	if err := c.value(root, field.Path{}, posOf(root)); err != nil {
		return nil, field.ErrorList{err}
	}

	// The JSON is the YAML's text with its aliases expanded, which the
	// converter has bounded.
	inner := lim
	inner.MaxBytes = max(len(c.buf), l.MaxBytes)
	j, err := jobscope.Load(bytes.NewReader(c.buf), inner, opts)
	var found field.ErrorList
	if err != nil && !errors.As(err, &found) {
		return j, err
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
	return j, errs.Err()
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
		return nil, yamlError(err)
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case err == nil:
		return nil, syntaxError(next.Line, next.Column, "a second YAML document; a job file holds one")
	case err != io.EOF:
		return nil, yamlError(err)
	}
	if doc.Kind == yaml.DocumentNode {
		if len(doc.Content) == 0 {
			return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Line: doc.Line, Column: doc.Column}, nil
		}
		return doc.Content[0], nil
	}
	return &doc, nil
}

var yamlLine = regexp.MustCompile(`^yaml: line ([0-9]+): `)

// yamlError is a syntax error of the YAML parser, at its line when it
// says one.
func yamlError(err error) *field.Error {
	msg := err.Error()
	line := 0
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = msg[len(m[0]):]
	}
	return syntaxError(line, 0, strings.TrimPrefix(msg, "yaml: "))
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
