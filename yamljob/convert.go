package yamljob

import (
	"fmt"
	"math/big"
	"regexp"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/internal/strictjson"
)

// A YAML document becomes JSON text that jobscope.Load decodes. Each value
// of the JSON starts a line of its own, after its member name when it has
// one, so the line of a JSON position names the YAML node it came from and
// its column tells the member name (column 1) from the value.

// pos is a line and column of the YAML text, both 1-based.
type pos struct{ line, col int }

func posOf(n *yaml.Node) pos { return pos{n.Line, n.Column} }

// jsonLine is where one line of the generated JSON came from: the member
// name that starts it (line 0 for an array element or the root) and the
// value after it.
type jsonLine struct{ key, val pos }

type converter struct {
	buf    []byte
	lines  []jsonLine
	lim    strictjson.Limits // with its defaults
	values int               // values written so far, aliases expanded
	depth  int
	// budget is the bytes that expanding aliases may still add: the
	// document's text, its aliases expanded, stays within lim.MaxBytes.
	budget  int
	aliased int                 // > 0 inside the expansion of an alias
	active  map[*yaml.Node]bool // anchored nodes being written
	// errs are the values that have no JSON form: each is written as
	// null and conversion goes on.
	errs field.ErrorList
}

func newConverter(lim strictjson.Limits, size int) *converter {
	return &converter{lim: lim, budget: lim.MaxBytes - size, active: map[*yaml.Node]bool{}}
}

// newline starts a line of the JSON text that came from l.
func (c *converter) newline(l jsonLine) {
	if len(c.lines) > 0 {
		c.buf = append(c.buf, '\n')
	}
	c.lines = append(c.lines, l)
}

// located returns the position in the YAML text of a JSON line and column.
func (c *converter) located(line, col int) (pos, bool) {
	if line <= 0 || line > len(c.lines) {
		return pos{}, false
	}
	l := c.lines[line-1]
	if l.key.line != 0 && col == 1 {
		return l.key, true
	}
	return l.val, true
}

func (c *converter) problem(at pos, p field.Path, code field.Code, format string, args ...any) *field.Error {
	return &field.Error{Path: p.String(), Code: code, Message: fmt.Sprintf(format, args...),
		Line: at.line, Column: at.col, Exception: field.ValidationException}
}

// fail records a value without a JSON form and writes null in its place.
func (c *converter) fail(at pos, p field.Path, format string, args ...any) {
	c.errs = append(c.errs, c.problem(at, p, field.WrongType, format, args...))
	c.buf = append(c.buf, "null"...)
}

// spend charges n bytes to the budget when they are an alias's expansion:
// inside one, or an alias itself.
func (c *converter) spend(n int, alias bool, at pos, p field.Path) *field.Error {
	if c.aliased == 0 && !alias {
		return nil
	}
	if c.budget -= n; c.budget < 0 {
		return c.problem(at, p, field.Limit, "the document with its aliases expanded is more than %s bytes, the limit on its size (Limits.MaxBytes)",
			strictjson.Comma(c.lim.MaxBytes))
	}
	return nil
}

// value writes the JSON of n, at path p and YAML position at. It returns
// a problem that stops the conversion: a limit.
func (c *converter) value(n *yaml.Node, p field.Path, at pos) *field.Error {
	if n.Kind == yaml.AliasNode {
		return c.alias(n, p, at)
	}
	if c.values++; c.values > c.lim.MaxValues {
		return c.problem(at, p, field.Limit, "more than %s values, aliases expanded, the limit on values in one document (Limits.MaxValues)",
			strictjson.Comma(c.lim.MaxValues))
	}
	switch n.Kind {
	case yaml.ScalarNode:
		return c.scalar(n, p, at)
	case yaml.SequenceNode, yaml.MappingNode:
		if n.Style&yaml.TaggedStyle != 0 && n.Tag != "!!seq" && n.Tag != "!!map" {
			c.fail(at, p, "%s", unsupported(n.Tag))
			return nil
		}
		if c.depth++; c.depth > c.lim.MaxDepth {
			return c.problem(at, p, field.Limit, "nesting deeper than %d levels, the limit (Limits.MaxDepth)", c.lim.MaxDepth)
		}
		defer func() { c.depth-- }()
		if n.Anchor != "" {
			c.active[n] = true
			defer delete(c.active, n)
		}
		if n.Kind == yaml.SequenceNode {
			return c.sequence(n, p)
		}
		return c.mapping(n, p)
	}
	c.fail(at, p, "a YAML node of kind %d has no JSON form", n.Kind)
	return nil
}

// alias writes the value n refers to, at the alias's position.
func (c *converter) alias(n *yaml.Node, p field.Path, at pos) *field.Error {
	if n.Alias == nil || c.active[n.Alias] {
		c.fail(at, p, "alias *%s refers to a value that contains it; a job cannot hold itself", n.Value)
		return nil
	}
	c.aliased++
	err := c.value(n.Alias, p, at)
	c.aliased--
	return err
}

func (c *converter) sequence(n *yaml.Node, p field.Path) *field.Error {
	c.buf = append(c.buf, '[')
	for i, e := range n.Content {
		if i > 0 {
			c.buf = append(c.buf, ',')
		}
		c.newline(jsonLine{val: posOf(e)})
		if err := c.value(e, p.Index(i), posOf(e)); err != nil {
			return err
		}
	}
	c.buf = append(c.buf, ']')
	return nil
}

// pair is one member of a mapping; merged is true for one that a merge
// key (<<) brings in from another mapping.
type pair struct {
	key, val *yaml.Node
	merged   bool
}

func (c *converter) mapping(n *yaml.Node, p field.Path) *field.Error {
	c.buf = append(c.buf, '{')
	first := true
	for _, m := range c.members(n, p) {
		k := m.key
		if k.Kind == yaml.AliasNode && k.Alias != nil {
			k = k.Alias
		}
		name, ok := c.memberName(k, p, posOf(m.key))
		if !ok {
			continue
		}
		if !first {
			c.buf = append(c.buf, ',')
		}
		first = false
		c.newline(jsonLine{key: posOf(m.key), val: posOf(m.val)})
		c.buf = appendString(c.buf, name)
		c.buf = append(c.buf, ':')
		if m.merged {
			c.aliased++
		}
		err := c.spend(len(name)+1, m.key.Kind == yaml.AliasNode, posOf(m.key), p.Child(name))
		if err == nil {
			err = c.value(m.val, p.Child(name), posOf(m.val))
		}
		if m.merged {
			c.aliased--
		}
		if err != nil {
			return err
		}
	}
	c.buf = append(c.buf, '}')
	return nil
}

// memberName returns the text of a mapping key, which must be a string.
func (c *converter) memberName(k *yaml.Node, p field.Path, at pos) (string, bool) {
	if k.Kind != yaml.ScalarNode {
		c.errs = append(c.errs, c.problem(at, p, field.WrongType, "a member name must be a string, not a mapping or a sequence"))
		return "", false
	}
	kind, text, msg := resolve(k)
	if kind != kString {
		if msg == "" {
			msg = fmt.Sprintf("member name %s is %s, not a string; quote it", k.Value, kind)
		}
		c.errs = append(c.errs, c.problem(at, p.Child(k.Value), field.WrongType, "%s", msg))
		return "", false
	}
	return text, true
}

// members returns the members of mapping n in order, the explicit ones
// and then those its merge keys bring in that no explicit member (or
// earlier merged one) names. Members named twice explicitly are all
// returned, for the decoder to report.
func (c *converter) members(n *yaml.Node, p field.Path) []pair {
	var out []pair
	var merges []*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.Tag == "!!merge" {
			merges = append(merges, v)
			continue
		}
		out = append(out, pair{key: k, val: v})
	}
	if len(merges) == 0 {
		return out
	}
	seen := map[string]bool{}
	for _, m := range out {
		seen[keyText(m.key)] = true
	}
	var add func(v *yaml.Node)
	add = func(v *yaml.Node) {
		if v.Kind == yaml.AliasNode && v.Alias != nil && !c.active[v.Alias] {
			c.active[v.Alias] = true
			defer delete(c.active, v.Alias)
			v = v.Alias
		}
		switch v.Kind {
		case yaml.SequenceNode:
			for _, e := range v.Content {
				if e.Kind == yaml.SequenceNode {
					c.errs = append(c.errs, c.problem(posOf(e), p, field.WrongType, "a merge key (<<) takes a mapping or a sequence of mappings"))
					continue
				}
				add(e)
			}
		case yaml.MappingNode:
			for _, m := range c.members(v, p) {
				if t := keyText(m.key); !seen[t] {
					seen[t] = true
					out = append(out, pair{key: m.key, val: m.val, merged: true})
				}
			}
		default:
			c.errs = append(c.errs, c.problem(posOf(v), p, field.WrongType, "a merge key (<<) takes a mapping or a sequence of mappings"))
		}
	}
	for _, v := range merges {
		add(v)
	}
	return out
}

func keyText(k *yaml.Node) string {
	if k.Kind == yaml.AliasNode && k.Alias != nil {
		k = k.Alias
	}
	return k.Value
}

func (c *converter) scalar(n *yaml.Node, p field.Path, at pos) *field.Error {
	kind, text, msg := resolve(n)
	if err := c.spend(len(text)+1, false, at, p); err != nil {
		return err
	}
	switch kind {
	case kString:
		c.buf = appendString(c.buf, text)
	case kInvalid:
		c.fail(at, p, "%s", msg)
	default:
		c.buf = append(c.buf, text...)
	}
	return nil
}

// scalarKind is what a YAML scalar resolves to.
type scalarKind uint8

const (
	kString scalarKind = iota
	kNull
	kBool
	kNumber
	kInvalid // no JSON value
)

func (k scalarKind) String() string {
	return [...]string{"a string", "null", "a boolean", "a number", "invalid"}[k]
}

// The YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution).
var (
	coreInt   = regexp.MustCompile(`^[-+]?[0-9]+$`)
	coreOct   = regexp.MustCompile(`^0o[0-7]+$`)
	coreHex   = regexp.MustCompile(`^0x[0-9a-fA-F]+$`)
	coreFloat = regexp.MustCompile(`^([-+]?)([0-9]*)(?:\.([0-9]*))?([eE][-+]?[0-9]+)?$`)
	coreInf   = regexp.MustCompile(`^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$`)
)

// resolve types a scalar as the YAML 1.2 core schema does, and returns its
// JSON text (a string's value unquoted); msg says why a scalar has none.
// A quoted or block scalar is a string; an explicit tag must be one of the
// core schema's (!!str, !!int, !!float, !!bool, !!null) and fit its value.
func resolve(n *yaml.Node) (kind scalarKind, text, msg string) {
	v := n.Value
	tag := ""
	switch {
	case n.Style&yaml.TaggedStyle != 0:
		tag = n.Tag
	case n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		return kString, v, ""
	}
	switch tag {
	case "!!str":
		return kString, v, ""
	case "", "!!null", "!!bool", "!!int", "!!float":
	default:
		return kInvalid, "", unsupported(tag)
	}
	kind, text = plain(v)
	if kind == kInvalid {
		return kInvalid, "", fmt.Sprintf("%s is a number neither JSON nor Macie can carry", v)
	}
	if tag == "" {
		return kind, text, ""
	}
	want := map[string]scalarKind{"!!null": kNull, "!!bool": kBool, "!!int": kNumber, "!!float": kNumber}[tag]
	if kind != want || tag == "!!int" && strings.ContainsAny(text, ".eE") {
		return kInvalid, "", fmt.Sprintf("%q is not a valid %s", v, tag)
	}
	return kind, text, ""
}

func unsupported(tag string) string {
	return "YAML tag " + tag + " is not supported; a job holds only mappings, sequences, strings, numbers, booleans and null"
}

// plain resolves an untagged plain scalar; kInvalid for .inf and .nan.
func plain(v string) (scalarKind, string) {
	switch v {
	case "", "~", "null", "Null", "NULL":
		return kNull, "null"
	case "true", "True", "TRUE":
		return kBool, "true"
	case "false", "False", "FALSE":
		return kBool, "false"
	}
	if strings.IndexByte("-+.0123456789", v[0]) < 0 {
		return kString, v
	}
	if end, msg := strictjson.ScanNumber([]byte(v), 0); msg == "" && end == len(v) {
		return kNumber, v // already a JSON number
	}
	switch {
	case coreInf.MatchString(v):
		return kInvalid, ""
	case coreInt.MatchString(v):
		sign := ""
		if v[0] == '-' || v[0] == '+' {
			sign, v = strings.TrimPrefix(v[:1], "+"), v[1:]
		}
		return kNumber, sign + digits(v)
	case coreOct.MatchString(v), coreHex.MatchString(v):
		base := map[byte]int{'o': 8, 'x': 16}[v[1]]
		i, _ := new(big.Int).SetString(v[2:], base)
		return kNumber, i.String()
	}
	m := coreFloat.FindStringSubmatch(v)
	if m == nil || m[2] == "" && m[3] == "" {
		return kString, v
	}
	text := strings.TrimPrefix(m[1], "+") + digits(m[2])
	if frac := m[3]; strings.Contains(v, ".") {
		if frac == "" {
			frac = "0" // 1. is 1.0
		}
		text += "." + frac
	}
	return kNumber, text + m[4]
}

// digits returns a run of decimal digits without its leading zeros, "0"
// for none.
func digits(s string) string {
	s = strings.TrimLeft(s, "0")
	if s == "" {
		return "0"
	}
	return s
}

// appendString appends s to b as a JSON string.
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c == '\n':
			b = append(b, '\\', 'n')
		case c == '\t':
			b = append(b, '\\', 't')
		case c < 0x20:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		case c < utf8.RuneSelf:
			b = append(b, c)
		default:
			_, size := utf8.DecodeRuneInString(s[i:])
			b = append(b, s[i:i+size]...)
			i += size
			continue
		}
		i++
	}
	return append(b, '"')
}
