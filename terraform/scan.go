package terraform

import (
	"fmt"
	"io"

	"github.com/jobscope/jobscope/internal/strictjson"
)

// maxNesting bounds the nesting of arrays and objects anywhere in a
// document, as encoding/json does; a plan's own structure nests a few
// levels, a job's values at most Limits.MaxDepth more.
const maxNesting = 10000

// syntaxError is a document that is not well-formed JSON, or not shaped as
// terraform show -json output, at a byte offset.
type syntaxError struct {
	off   int64
	msg   string
	limit bool // a string beyond Limits.MaxBytes, not malformed input
}

func (e *syntaxError) Error() string { return e.msg }

// scanner reads one JSON document from a stream, a buffer at a time. It
// keeps nothing of what it skips: its memory is its buffer, a stack of one
// byte per level of nesting, and the strings its caller asks for.
type scanner struct {
	r     io.Reader
	buf   []byte
	pos   int   // the next byte of buf
	n     int   // the bytes in buf
	base  int64 // the offset of buf[0] in the document
	err   error // the reader's error, once it returned one
	stack []byte
	str   []byte // scratch for strings
}

func newScanner(r io.Reader) *scanner {
	return &scanner{r: r, buf: make([]byte, 64<<10)}
}

// offset is the offset of the next byte.
func (s *scanner) offset() int64 { return s.base + int64(s.pos) }

// fill reads more of the document, reporting whether there is any.
func (s *scanner) fill() bool {
	s.base += int64(s.n)
	s.pos, s.n = 0, 0
	for s.n == 0 && s.err == nil {
		s.n, s.err = s.r.Read(s.buf)
	}
	return s.n > 0
}

// end returns the error for the end of the input where a value or more of
// one was expected: the reader's error, or a truncated document.
func (s *scanner) end() error {
	if s.err != nil && s.err != io.EOF {
		return s.err
	}
	return s.errorf("unexpected end of input; the document is truncated")
}

func (s *scanner) errorf(format string, args ...any) error {
	return &syntaxError{off: s.offset(), msg: fmt.Sprintf(format, args...)}
}

// peek skips white space and returns the next byte without consuming it;
// ok is false at the end of the input.
func (s *scanner) peek() (c byte, ok bool) {
	for {
		if s.pos = strictjson.SkipSpace(s.buf[:s.n], s.pos); s.pos < s.n {
			return s.buf[s.pos], true
		}
		if !s.fill() {
			return 0, false
		}
	}
}

// next is peek, with the end of the input an error.
func (s *scanner) next() (byte, error) {
	c, ok := s.peek()
	if !ok {
		return 0, s.end()
	}
	return c, nil
}

// unexpected describes the byte at the current position for an error.
func (s *scanner) unexpected(c byte, want string) error {
	return s.errorf("unexpected %s; expected %s", describeByte(c), want)
}

func describeByte(c byte) string {
	if c >= 0x20 && c < 0x7f {
		return fmt.Sprintf("character %q", c)
	}
	return fmt.Sprintf("byte 0x%02x", c)
}

// expect consumes the byte c, after white space.
func (s *scanner) expect(c byte, want string) error {
	got, err := s.next()
	if err != nil {
		return err
	}
	if got != c {
		return s.unexpected(got, want)
	}
	s.pos++
	return nil
}

func (s *scanner) push(c byte) error {
	if len(s.stack) >= maxNesting {
		return s.errorf("nesting deeper than %s levels", strictjson.Comma(maxNesting))
	}
	s.stack = append(s.stack, c)
	s.pos++
	return nil
}

// wrongType reports the value at the current position, which starts with
// c, of the wrong JSON type where the output of terraform show -json has a
// known shape. The value is read first: a syntax error in it comes first.
func (s *scanner) wrongType(what string, c byte, want string) error {
	off := s.offset()
	if err := s.skip(); err != nil {
		return err
	}
	return &syntaxError{off: off, msg: fmt.Sprintf("%s is %s, not %s", what, kindOf(c), want)}
}

func kindOf(c byte) string {
	switch c {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a bool"
	case 'n':
		return "null"
	}
	return "a number"
}

// key reads an object member's name, of at most maxKey bytes: a longer
// name is none a plan's structure has, and comes back as "" with ok false.
func (s *scanner) key() (name string, ok bool, err error) {
	c, err := s.next()
	if err != nil {
		return "", false, err
	}
	if c != '"' {
		return "", false, s.unexpected(c, "a member name in double quotes")
	}
	raw, long, err := s.readString(true, maxKey)
	if err != nil {
		return "", false, err
	}
	if err := s.expect(':', "':' after a member name"); err != nil || long {
		return "", false, err
	}
	return unquote(raw), true, nil
}

// skipKey reads an object member's name without keeping it.
func (s *scanner) skipKey() error {
	c, err := s.next()
	if err != nil {
		return err
	}
	if c != '"' {
		return s.unexpected(c, "a member name in double quotes")
	}
	if _, _, err := s.readString(false, 0); err != nil {
		return err
	}
	return s.expect(':', "':' after a member name")
}

// maxKey is the longest member name the scanner keeps.
const maxKey = 4096

// object reads the object at the current position, calling member for each
// member with the scanner at its value, which member must consume. A name
// longer than maxKey is skipped with its value. null is an empty object;
// anything else is an error that names what.
func (s *scanner) object(what string, member func(name string) error) error {
	return s.container(what, '{', '}', "an object", func() error {
		name, ok, err := s.key()
		switch {
		case err != nil:
			return err
		case ok:
			return member(name)
		}
		return s.skip()
	})
}

// array reads the array at the current position, calling elem for each
// element, which elem must consume. null is an empty array.
func (s *scanner) array(what string, elem func() error) error {
	return s.container(what, '[', ']', "an array", elem)
}

// container reads the object or array (open, close) at the current
// position, calling each for each member or element. null is an empty
// one; anything else is an error that names what and says it is not kind.
func (s *scanner) container(what string, open, close byte, kind string, each func() error) error {
	c, err := s.next()
	if err != nil {
		return err
	}
	switch c {
	case 'n':
		return s.literal("null")
	case open:
	default:
		return s.wrongType(what, c, kind)
	}
	if err := s.push(open); err != nil {
		return err
	}
	defer func() { s.stack = s.stack[:len(s.stack)-1] }()
	if c, err := s.next(); err != nil {
		return err
	} else if c == close {
		s.pos++
		return nil
	}
	for {
		if err := each(); err != nil {
			return err
		}
		c, err := s.next()
		if err != nil {
			return err
		}
		s.pos++
		switch c {
		case ',':
		case close:
			return nil
		default:
			s.pos--
			return s.unexpected(c, "',' or '"+string(close)+"'")
		}
	}
}

// span skips the value at the current position and returns where it is.
func (s *scanner) span() (span, error) {
	if _, err := s.next(); err != nil {
		return span{}, err
	}
	off := s.offset()
	if err := s.skip(); err != nil {
		return span{}, err
	}
	return span{off, s.offset()}, nil
}

// literal consumes the literal word at the current position.
func (s *scanner) literal(word string) error {
	if s.n-s.pos >= len(word) {
		if string(s.buf[s.pos:s.pos+len(word)]) != word {
			return s.errorf("invalid literal; expected %s", word)
		}
		s.pos += len(word)
		return nil
	}
	for i := 0; i < len(word); i++ {
		if s.pos == s.n && !s.fill() {
			return s.end()
		}
		if s.buf[s.pos] != word[i] {
			return s.errorf("invalid literal; expected %s", word)
		}
		s.pos++
	}
	return nil
}

// number consumes a number and returns its text, of at most 64 bytes (a
// longer number is consumed and returned cut).
func (s *scanner) number() (string, error) {
	var text [64]byte
	n := 0
	peek := func() (byte, bool) {
		if s.pos == s.n && !s.fill() {
			return 0, false
		}
		return s.buf[s.pos], true
	}
	take := func() {
		if n < len(text) {
			text[n] = s.buf[s.pos]
			n++
		}
		s.pos++
	}
	digits := func() int {
		k := 0
		for c, ok := peek(); ok && '0' <= c && c <= '9'; c, ok = peek() {
			take()
			k++
		}
		return k
	}
	if c, _ := peek(); c == '-' {
		take()
	}
	first, _ := peek()
	switch k := digits(); {
	case k == 0:
		return "", s.errorf("invalid number: expected a digit")
	case first == '0' && k > 1:
		return "", s.errorf("invalid number: leading zero")
	}
	if c, ok := peek(); ok && c == '.' {
		take()
		if digits() == 0 {
			return "", s.errorf("invalid number: expected a digit after '.'")
		}
	}
	if c, ok := peek(); ok && (c == 'e' || c == 'E') {
		take()
		if c, ok := peek(); ok && (c == '+' || c == '-') {
			take()
		}
		if digits() == 0 {
			return "", s.errorf("invalid number: expected a digit in the exponent")
		}
	}
	return string(text[:n]), nil
}

// scalar consumes a string, number or literal that starts with c.
func (s *scanner) scalar(c byte) error {
	switch {
	case c == '"':
		_, _, err := s.readString(false, 0)
		return err
	case c == 't':
		return s.literal("true")
	case c == 'f':
		return s.literal("false")
	case c == 'n':
		return s.literal("null")
	case c == '-' || '0' <= c && c <= '9':
		_, err := s.number()
		return err
	}
	return s.unexpected(c, "a JSON value")
}

// skip consumes the value at the current position, checking its syntax.
func (s *scanner) skip() error {
	bottom := len(s.stack)
	defer func() { s.stack = s.stack[:bottom] }()
	for {
		// A value.
		c, err := s.next()
		if err != nil {
			return err
		}
		switch c {
		case '{', '[':
			if err := s.push(c); err != nil {
				return err
			}
			closing := byte('}')
			if c == '[' {
				closing = ']'
			}
			if c, err := s.next(); err != nil {
				return err
			} else if c == closing {
				s.pos++
				s.stack = s.stack[:len(s.stack)-1]
				break
			}
			if c == '{' {
				if err := s.skipKey(); err != nil {
					return err
				}
			}
			continue
		default:
			if err := s.scalar(c); err != nil {
				return err
			}
		}
		// After a value: close containers until one goes on.
		for {
			if len(s.stack) == bottom {
				return nil
			}
			c, err := s.next()
			if err != nil {
				return err
			}
			top := s.stack[len(s.stack)-1]
			s.pos++
			if c == ',' {
				if top == '{' {
					if err := s.skipKey(); err != nil {
						return err
					}
				}
				break
			}
			if top == '{' && c == '}' || top == '[' && c == ']' {
				s.stack = s.stack[:len(s.stack)-1]
				continue
			}
			s.pos--
			if top == '{' {
				return s.unexpected(c, "',' or '}'")
			}
			return s.unexpected(c, "',' or ']'")
		}
	}
}
