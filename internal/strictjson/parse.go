// Package strictjson decodes JSON documents strictly, reporting every
// problem with the JSON path and line:column where it is.
//
// Decoding happens in two passes. The parser builds a tree of values that
// remembers where each value starts; it stops at the first syntax error
// (nothing after it can be trusted), rejects invalid UTF-8, and enforces the
// size and nesting limits. The binder then walks the tree and a Go value
// side by side and collects every unknown member, duplicate member and value
// of the wrong type, so one run reports them all.
//
// Object members are matched to struct fields by their json tag names,
// exactly and case-sensitively, as Macie's API does. JSON null leaves a field
// at its zero value. Numbers are bound without passing through float64, so
// int64 values keep every digit.
package strictjson

import (
	"fmt"
	"unicode/utf8"
)

// Limits are jobscope.Limits, which convert to them (the fields, their
// order and their types are the same; jobscope.Limits documents them). A
// zero field takes its default; a negative MaxValuesPerTerm,
// MaxTermsPerBlock or MaxKeyLength turns that limit off.
//
// The parser enforces MaxBytes, MaxDepth and MaxValues; joblimits.Check
// the others, which concern the job's shape.
type Limits struct {
	MaxBytes, MaxDepth, MaxValues, MaxValuesPerTerm, MaxTermsPerBlock, MaxKeyLength int
}

// Default limits.
const (
	DefaultMaxBytes         = 8 << 20
	DefaultMaxDepth         = 64
	DefaultMaxValues        = 100000
	DefaultMaxValuesPerTerm = 10000
	DefaultMaxTermsPerBlock = 1000
	DefaultMaxKeyLength     = 1024
)

// WithDefaults returns l with every zero field set to its default.
func (l Limits) WithDefaults() Limits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultMaxBytes
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = DefaultMaxDepth
	}
	if l.MaxValues <= 0 {
		l.MaxValues = DefaultMaxValues
	}
	if l.MaxValuesPerTerm == 0 {
		l.MaxValuesPerTerm = DefaultMaxValuesPerTerm
	}
	if l.MaxTermsPerBlock == 0 {
		l.MaxTermsPerBlock = DefaultMaxTermsPerBlock
	}
	if l.MaxKeyLength == 0 {
		l.MaxKeyLength = DefaultMaxKeyLength
	}
	return l
}

type kind uint8

const (
	kNull kind = iota
	kBool
	kNumber
	kString
	kArray
	kObject
)

func (k kind) String() string {
	return [...]string{"null", "a boolean", "a number", "a string", "an array", "an object"}[k]
}

// node is one parsed JSON value.
type node struct {
	kind    kind
	off     int    // byte offset of the value's first byte
	text    string // string value, or number literal
	b       bool
	elems   []*node
	members []member
}

type member struct {
	name string
	off  int // offset of the member name
	val  *node
}

// SyntaxError is a document that is not well-formed JSON, or exceeds a
// limit.
type SyntaxError struct {
	Offset  int // byte offset of the problem
	Msg     string
	IsLimit bool // a resource limit, not malformed JSON
}

func (e *SyntaxError) Error() string { return e.Msg }

type parser struct {
	data   []byte
	pos    int
	depth  int
	values int // values parsed so far
	lim    Limits
}

func parse(data []byte, lim Limits) (*node, *SyntaxError) {
	lim = lim.WithDefaults()
	if len(data) > lim.MaxBytes {
		return nil, &SyntaxError{Offset: lim.MaxBytes, IsLimit: true,
			Msg: fmt.Sprintf("the document is more than %s bytes, the limit on its size (Limits.MaxBytes)", Comma(lim.MaxBytes))}
	}
	p := &parser{data: data, lim: lim}
	// A UTF-8 byte order mark, as some editors write, is ignored (RFC 8259 §8.1).
	if len(data) >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF {
		p.pos = 3
	}
	p.skipSpace()
	if p.pos >= len(p.data) {
		return nil, p.errf("the document is empty; expected a JSON object")
	}
	n, err := p.value()
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.pos < len(p.data) {
		return nil, p.errf("unexpected %s after the end of the document", p.describe())
	}
	return n, nil
}

func (p *parser) errf(format string, args ...any) *SyntaxError {
	return &SyntaxError{Offset: p.pos, Msg: fmt.Sprintf(format, args...)}
}

func (p *parser) describe() string {
	if p.pos >= len(p.data) {
		return "end of input"
	}
	c := p.data[p.pos]
	if c >= 0x20 && c < 0x7f {
		return fmt.Sprintf("character %q", c)
	}
	r, _ := utf8.DecodeRune(p.data[p.pos:])
	if r == utf8.RuneError {
		return fmt.Sprintf("byte 0x%02x", c)
	}
	return fmt.Sprintf("character %q", r)
}

func (p *parser) skipSpace() { p.pos = SkipSpace(p.data, p.pos) }

func (p *parser) value() (*node, *SyntaxError) {
	if p.pos >= len(p.data) {
		return nil, p.errf("unexpected end of input; the document is truncated")
	}
	if p.values++; p.values > p.lim.MaxValues {
		e := p.errf("more than %s JSON values, the limit on values in one document (Limits.MaxValues)", Comma(p.lim.MaxValues))
		e.IsLimit = true
		return nil, e
	}
	switch c := p.data[p.pos]; {
	case c == '{':
		return p.object()
	case c == '[':
		return p.array()
	case c == '"':
		off := p.pos
		s, err := p.str()
		if err != nil {
			return nil, err
		}
		return &node{kind: kString, off: off, text: s}, nil
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	case c == 't':
		return p.literal("true", &node{kind: kBool, b: true})
	case c == 'f':
		return p.literal("false", &node{kind: kBool})
	case c == 'n':
		return p.literal("null", &node{kind: kNull})
	default:
		return nil, p.errf("unexpected %s; expected a JSON value", p.describe())
	}
}

func (p *parser) literal(word string, n *node) (*node, *SyntaxError) {
	n.off = p.pos
	if len(p.data)-p.pos < len(word) || string(p.data[p.pos:p.pos+len(word)]) != word {
		return nil, p.errf("invalid literal; expected %s", word)
	}
	p.pos += len(word)
	return n, nil
}

func (p *parser) enter() *SyntaxError {
	p.depth++
	if p.depth > p.lim.MaxDepth {
		e := p.errf("nesting deeper than %d levels, the limit (Limits.MaxDepth)", p.lim.MaxDepth)
		e.IsLimit = true
		return e
	}
	return nil
}

func (p *parser) object() (*node, *SyntaxError) {
	n := &node{kind: kObject, off: p.pos}
	err := p.items('}', "an object", func() *SyntaxError {
		if p.pos >= len(p.data) {
			return p.errf("unexpected end of input inside an object; the document is truncated")
		}
		if p.data[p.pos] != '"' {
			return p.errf("unexpected %s; expected a member name in double quotes", p.describe())
		}
		off := p.pos
		name, err := p.str()
		if err != nil {
			return err
		}
		p.skipSpace()
		if p.pos >= len(p.data) {
			return p.errf("unexpected end of input after a member name; the document is truncated")
		}
		if p.data[p.pos] != ':' {
			return p.errf("unexpected %s after member name %q; expected ':'", p.describe(), name)
		}
		p.pos++
		p.skipSpace()
		v, err := p.value()
		if err != nil {
			return err
		}
		n.members = append(n.members, member{name: name, off: off, val: v})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return n, nil
}

func (p *parser) array() (*node, *SyntaxError) {
	n := &node{kind: kArray, off: p.pos}
	err := p.items(']', "an array", func() *SyntaxError {
		v, err := p.value()
		if err != nil {
			return err
		}
		n.elems = append(n.elems, v)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return n, nil
}

// items parses the object or array whose opening byte is at p.pos, what
// it is, up to its closing byte close: item parses each member or element,
// from its first byte after white space.
func (p *parser) items(close byte, what string, item func() *SyntaxError) *SyntaxError {
	if err := p.enter(); err != nil {
		return err
	}
	p.pos++
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == close {
		p.pos++
		p.depth--
		return nil
	}
	for {
		p.skipSpace()
		if err := item(); err != nil {
			return err
		}
		p.skipSpace()
		if p.pos >= len(p.data) {
			return p.errf("unexpected end of input inside %s; the document is truncated", what)
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
		case close:
			p.pos++
			p.depth--
			return nil
		default:
			return p.errf("unexpected %s; expected ',' or '%c'", p.describe(), close)
		}
	}
}

func (p *parser) number() (*node, *SyntaxError) {
	start := p.pos
	end, msg := ScanNumber(p.data, p.pos)
	p.pos = end
	if msg != "" {
		return nil, p.errf("%s", msg)
	}
	return &node{kind: kNumber, off: start, text: string(p.data[start:end])}, nil
}

// str parses a string at p.pos (which holds '"') and returns its value.
func (p *parser) str() (string, *SyntaxError) {
	d := p.data
	p.pos++ // opening quote
	start := p.pos
	// Fast path: no escapes.
	for p.pos < len(d) {
		c := d[p.pos]
		if c == '"' {
			s := d[start:p.pos]
			if !utf8.Valid(s) {
				return "", p.invalidUTF8(start)
			}
			p.pos++
			return string(s), nil
		}
		if c == '\\' || c < 0x20 {
			break
		}
		p.pos++
	}
	buf := append([]byte(nil), d[start:p.pos]...)
	if !utf8.Valid(buf) {
		return "", p.invalidUTF8(start)
	}
	for {
		if p.pos >= len(d) {
			return "", p.errf("unexpected end of input inside a string; the document is truncated")
		}
		c := d[p.pos]
		switch {
		case c == '"':
			p.pos++
			return string(buf), nil
		case c < 0x20:
			return "", p.errf("control character 0x%02x inside a string; escape it", c)
		case c == '\\':
			if p.pos+1 >= len(d) {
				p.pos++
				return "", p.errf("unexpected end of input inside a string; the document is truncated")
			}
			r, n, lone := Escape(d[p.pos:])
			switch {
			case n == 0 && d[p.pos+1] == 'u':
				return "", p.errf(`invalid \u escape: expected four hex digits`)
			case n == 0:
				return "", p.errf("invalid escape '\\%c' in a string", d[p.pos+1])
			case lone:
				return "", p.errf(`invalid \u escape: a lone UTF-16 surrogate is not a character`)
			}
			buf = utf8.AppendRune(buf, r)
			p.pos += n
		default:
			r, size := utf8.DecodeRune(d[p.pos:])
			if r == utf8.RuneError && size <= 1 {
				return "", p.invalidUTF8(p.pos)
			}
			buf = append(buf, d[p.pos:p.pos+size]...)
			p.pos += size
		}
	}
}

func (p *parser) invalidUTF8(from int) *SyntaxError {
	i := from
	for i < len(p.data) {
		r, size := utf8.DecodeRune(p.data[i:])
		if r == utf8.RuneError && size <= 1 {
			break
		}
		i += size
	}
	p.pos = i
	return p.errf("invalid UTF-8 (byte 0x%02x) inside a string", p.data[i])
}
