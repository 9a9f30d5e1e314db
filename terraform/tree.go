package terraform

import (
	"encoding/json"
	"fmt"
	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/internal/strictjson"
)

// treeMode is what a tree keeps of one JSON text of a resource.
type treeMode uint8

const (
	// keepValues keeps every value: objects as map[string]any, arrays as
	// []any — or []string when every element is a string —, numbers as
	// json.Number; the values of a resource.
	keepValues treeMode = iota
	// keepUnknown keeps the true leaves and what leads to them, dropping
	// every other value (an object or array without one is nil); an
	// after_unknown tree, which marks the values known only after apply.
	keepUnknown
	// keepBodies keeps the block bodies of a configuration: in an object,
	// a member whose value is an array is a list of blocks (its object
	// elements bodies), any other member true; the expressions of a
	// resource, without the expressions' own contents.
	keepBodies
	// keepNothing checks and counts the values, and keeps none.
	keepNothing
)

// treeError is a resource's JSON text beyond a limit, or malformed.
type treeError struct {
	msg   string // what is wrong, without where
	limit string // the Limits field, or "" for malformed JSON
	path  []step // where, innermost first
}

// where renders the attribute path of the error: s3_job_definition[0].scoping.
func (e *treeError) where() string {
	var p field.Path
	for i := len(e.path) - 1; i >= 0; i-- {
		if s := e.path[i]; s.name == "" {
			p = p.Index(s.i)
		} else {
			p = p.Child(s.name)
		}
	}
	return p.String()
}

// tree decodes one JSON text of a resource, enforcing MaxDepth and
// MaxValues. The text has been read once already by the scanner, but is
// read again from the plan, so it is checked again.
type tree struct {
	data      []byte
	pos       int
	values    int
	maxDepth  int
	maxValues int
}

func (t *tree) fail(format string, args ...any) *treeError {
	return &treeError{msg: fmt.Sprintf(format, args...)}
}

func (t *tree) space() { t.pos = strictjson.SkipSpace(t.data, t.pos) }

// decode decodes the whole of t.data.
func (t *tree) decode(mode treeMode) (any, *treeError) {
	t.space()
	v, err := t.value(mode, 0)
	if err != nil {
		return nil, err
	}
	t.space()
	if t.pos != len(t.data) {
		return nil, t.fail("unexpected data after a value")
	}
	return v, nil
}

func (t *tree) value(mode treeMode, depth int) (any, *treeError) {
	if t.pos >= len(t.data) {
		return nil, t.fail("unexpected end of a value")
	}
	if t.values++; t.values > t.maxValues {
		return nil, &treeError{limit: "MaxValues",
			msg: fmt.Sprintf("more than %s JSON values", strictjson.Comma(t.maxValues))}
	}
	switch c := t.data[t.pos]; {
	case c == '{':
		return t.object(mode, depth+1)
	case c == '[':
		return t.array(mode, depth+1)
	case c == '"':
		raw, err := t.str()
		if err != nil || mode != keepValues {
			return nil, err
		}
		return unquote(raw), nil
	case c == 't':
		if err := t.literal("true"); err != nil {
			return nil, err
		}
		if mode == keepBodies || mode == keepNothing {
			return nil, nil
		}
		return true, nil
	case c == 'f':
		if err := t.literal("false"); err != nil || mode != keepValues {
			return nil, err
		}
		return false, nil
	case c == 'n':
		return nil, t.literal("null")
	case c == '-' || '0' <= c && c <= '9':
		start := t.pos
		if err := t.number(); err != nil || mode != keepValues {
			return nil, err
		}
		return json.Number(t.data[start:t.pos]), nil
	default:
		return nil, t.fail("unexpected %s; expected a JSON value", describeByte(c))
	}
}

// stringValue reads a string value of a list.
func (t *tree) stringValue() (string, *treeError) {
	if t.values++; t.values > t.maxValues {
		return "", &treeError{limit: "MaxValues",
			msg: fmt.Sprintf("more than %s JSON values", strictjson.Comma(t.maxValues))}
	}
	raw, err := t.str()
	if err != nil {
		return "", err
	}
	return unquote(raw), nil
}

func (t *tree) enter(depth int) *treeError {
	if depth > t.maxDepth {
		return &treeError{limit: "MaxDepth",
			msg: fmt.Sprintf("nesting deeper than %d levels", t.maxDepth)}
	}
	t.pos++
	t.space()
	return nil
}

// next skips white space and returns the next byte, 0 at the end.
func (t *tree) next() byte {
	t.space()
	if t.pos >= len(t.data) {
		return 0
	}
	return t.data[t.pos]
}

func (t *tree) object(mode treeMode, depth int) (any, *treeError) {
	if err := t.enter(depth); err != nil {
		return nil, err
	}
	var m map[string]any
	if mode == keepValues || mode == keepBodies {
		m = map[string]any{}
	}
	if t.next() == '}' {
		t.pos++
		return anyMap(m), nil
	}
	for {
		if t.next() != '"' {
			return nil, t.fail("expected a member name")
		}
		raw, err := t.str()
		if err != nil {
			return nil, err
		}
		if t.next() != ':' {
			return nil, t.fail("expected ':'")
		}
		t.pos++
		t.space()
		var v any
		if mode == keepBodies && t.pos < len(t.data) && t.data[t.pos] != '[' {
			// An expression: set, whatever it holds.
			_, err = t.value(keepNothing, depth)
			v = true
		} else {
			v, err = t.value(mode, depth)
		}
		if err != nil {
			err.path = append(err.path, step{name: unquote(raw)})
			return nil, err
		}
		switch {
		case mode == keepValues || mode == keepBodies:
			m[unquote(raw)] = v
		case mode == keepUnknown && v != nil:
			if m == nil {
				m = map[string]any{}
			}
			m[unquote(raw)] = v
		}
		switch t.next() {
		case ',':
			t.pos++
		case '}':
			t.pos++
			return anyMap(m), nil
		default:
			return nil, t.fail("expected ',' or '}'")
		}
	}
}

func (t *tree) array(mode treeMode, depth int) (any, *treeError) {
	if err := t.enter(depth); err != nil {
		return nil, err
	}
	var l []any
	if mode == keepValues || mode == keepBodies {
		l = []any{}
	}
	if t.next() == ']' {
		t.pos++
		return anyList(l), nil
	}
	// The values of a list of strings only are a []string: a string in a
	// []any costs one more object.
	var strs []string
	onlyStrings := mode == keepValues
	for i := 0; ; i++ {
		t.space()
		if onlyStrings && t.pos < len(t.data) && t.data[t.pos] == '"' {
			s, err := t.stringValue()
			if err != nil {
				err.path = append(err.path, step{i: i})
				return nil, err
			}
			strs = append(strs, s)
		} else {
			if onlyStrings {
				onlyStrings = false
				for _, s := range strs {
					l = append(l, s)
				}
			}
			v, err := t.value(mode, depth)
			if err != nil {
				err.path = append(err.path, step{i: i})
				return nil, err
			}
			switch {
			case mode == keepValues || mode == keepBodies:
				l = append(l, v)
			case mode == keepUnknown && v != nil:
				// Only up to the last value kept: the rest reads as nil.
				for len(l) < i {
					l = append(l, nil)
				}
				l = append(l, v)
			}
		}
		switch t.next() {
		case ',':
			t.pos++
		case ']':
			t.pos++
			if onlyStrings {
				return strs, nil
			}
			return anyList(l), nil
		default:
			return nil, t.fail("expected ',' or ']'")
		}
	}
}

// anyMap returns m, or an untyped nil for a nil map.
func anyMap(m map[string]any) any {
	if m == nil {
		return nil
	}
	return m
}

// anyList returns l, or an untyped nil for a nil slice.
func anyList(l []any) any {
	if l == nil {
		return nil
	}
	return l
}

// str reads a string and returns its text, escapes checked for unquote.
func (t *tree) str() ([]byte, *treeError) {
	t.pos++
	start := t.pos
	for t.pos < len(t.data) {
		c := t.data[t.pos]
		switch {
		case c == '"':
			t.pos++
			return t.data[start : t.pos-1], nil
		case c < 0x20:
			return nil, t.fail("control character 0x%02x inside a string", c)
		case c == '\\':
			if t.pos+1 >= len(t.data) {
				return nil, t.fail("unexpected end of a string")
			}
			switch t.data[t.pos+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				t.pos += 2
			case 'u':
				if _, ok := strictjson.Hex4(t.data[t.pos+2:]); !ok {
					return nil, t.fail(`invalid \u escape`)
				}
				t.pos += 6
			default:
				return nil, t.fail("invalid escape in a string")
			}
		default:
			t.pos++
		}
	}
	return nil, t.fail("unexpected end of a string")
}

func (t *tree) literal(word string) *treeError {
	if len(t.data)-t.pos < len(word) || string(t.data[t.pos:t.pos+len(word)]) != word {
		return t.fail("invalid literal; expected %s", word)
	}
	t.pos += len(word)
	return nil
}

func (t *tree) number() *treeError {
	var msg string
	if t.pos, msg = strictjson.ScanNumber(t.data, t.pos); msg != "" {
		return t.fail("invalid number")
	}
	return nil
}

// step is one step of an attribute path: a member name, or an index when
// name is "".
type step struct {
	name string
	i    int
}
