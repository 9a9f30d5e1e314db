package terraform

import (
	"fmt"
	"unicode/utf8"

	"github.com/jobscope/jobscope/internal/strictjson"
)

// stringClass marks the bytes that end the plain run of a JSON string: the
// quote, the backslash and control characters.
var stringClass = func() (t [256]bool) {
	for c := range 0x20 {
		t[c] = true
	}
	t['"'], t['\\'] = true, true
	return t
}()

// readString reads the string at the current position (its opening quote)
// and returns its raw text, escapes undone by unquote, in s.str; keep false
// reads it without keeping it. A string longer than max bytes is kept as
// its first max bytes, long true.
func (s *scanner) readString(keep bool, max int) (raw []byte, long bool, err error) {
	s.pos++ // the opening quote
	s.str = s.str[:0]
	for {
		start := s.pos
		for s.pos < s.n && !stringClass[s.buf[s.pos]] {
			s.pos++
		}
		if keep && !long {
			if len(s.str)+s.pos-start > max {
				long = true
			} else {
				s.str = append(s.str, s.buf[start:s.pos]...)
			}
		}
		if s.pos == s.n {
			if !s.fill() {
				return nil, false, s.end()
			}
			continue
		}
		switch c := s.buf[s.pos]; {
		case c == '"':
			s.pos++
			return s.str, long, nil
		case c < 0x20:
			return nil, false, s.errorf("control character 0x%02x inside a string; it must be escaped", c)
		}
		// A backslash: the escape's bytes, as they are; unquote checks them.
		s.pos++
		if s.pos == s.n && !s.fill() {
			return nil, false, s.end()
		}
		e := s.buf[s.pos]
		n := 1
		switch e {
		case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		case 'u':
			n = 5
		default:
			return nil, false, s.errorf("invalid escape '\\%c' in a string", e)
		}
		esc := [6]byte{'\\'}
		for i := range n {
			if s.pos == s.n && !s.fill() {
				return nil, false, s.end()
			}
			esc[1+i] = s.buf[s.pos]
			s.pos++
		}
		if _, ok := strictjson.Hex4(esc[2:6]); n == 5 && !ok {
			return nil, false, s.errorf(`invalid \u escape: expected four hex digits`)
		}
		if keep && !long {
			if len(s.str)+1+n > max {
				long = true
			} else {
				s.str = append(s.str, esc[:1+n]...)
			}
		}
	}
}

// stringInto reads a string as stringValue does into *dst.
func (s *scanner) stringInto(dst *string, what string, max int) (err error) {
	*dst, err = s.stringValue(what, max)
	return err
}

// stringValue reads a string of at most max bytes, or null (""). A longer
// string is an error that names what it is, and Limits.MaxBytes unless max
// is maxKey.
func (s *scanner) stringValue(what string, max int) (string, error) {
	c, err := s.next()
	if err != nil {
		return "", err
	}
	switch c {
	case '"':
		off := s.offset()
		raw, long, err := s.readString(true, max)
		if err != nil {
			return "", err
		}
		switch {
		case long && max == maxKey:
			return "", &syntaxError{off: off, msg: fmt.Sprintf("%s is more than %s bytes", what, strictjson.Comma(max))}
		case long:
			return "", &syntaxError{off: off, limit: true,
				msg: fmt.Sprintf("%s is more than %s bytes, the limit on one resource's size (Limits.MaxBytes)", what, strictjson.Comma(max))}
		}
		return unquote(raw), nil
	case 'n':
		return "", s.literal("null")
	}
	return "", s.wrongType(what, c, "a string")
}

// unquote undoes the escapes of a JSON string's text, which readString or
// the decoder has checked. Invalid UTF-8 and lone surrogates become U+FFFD,
// as encoding/json makes them.
func unquote(raw []byte) string {
	plain := true
	for _, c := range raw {
		if c == '\\' || c >= utf8.RuneSelf {
			plain = false
			break
		}
	}
	if plain {
		return string(raw)
	}
	b := make([]byte, 0, len(raw))
	for i := 0; i < len(raw); {
		c := raw[i]
		switch {
		case c == '\\':
			r, n, _ := strictjson.Escape(raw[i:])
			b = utf8.AppendRune(b, r)
			i += n
		case c < utf8.RuneSelf:
			b = append(b, c)
			i++
		default:
			r, size := utf8.DecodeRune(raw[i:])
			i += size
			b = utf8.AppendRune(b, r)
		}
	}
	return string(b)
}
