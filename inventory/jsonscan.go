package inventory

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/jobscope/jobscope/field"
)

// jsonScanner walks a JSON document byte by byte, counting lines, so that
// large listings stream: it finds the members of top-level objects and the
// elements of arrays, and skips or captures values without decoding them.
// Values it captures are decoded (and so checked) by encoding/json; values
// it skips are checked only for their nesting.
type jsonScanner struct {
	br   *bufio.Reader
	src  *errReader
	line int // the current line, 1-based
}

func newJSONScanner(r io.Reader) *jsonScanner {
	src := &errReader{r: r}
	br := bufio.NewReaderSize(src, 256<<10)
	skipBOM(br)
	return &jsonScanner{br: br, src: src, line: 1}
}

// errReader remembers the first error other than io.EOF its reader
// returns, so that the scanner reports a file it could not read to its
// end (a truncated gzip stream) as that, not as the JSON it cut short.
type errReader struct {
	r   io.Reader
	err error
}

func (e *errReader) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	if err != nil && err != io.EOF && e.err == nil {
		e.err = err
	}
	return n, err
}

// errStop unwinds a walk that its consumer stopped.
var errStop = errors.New("stopped")

// syntaxErr is a structural problem of a JSON input at a line: code is
// field.Syntax, or field.Unreadable when the input could not be read to
// its end.
type syntaxErr struct {
	line int
	code field.Code
	msg  string
}

func (e *syntaxErr) Error() string { return fmt.Sprintf("line %d: %s", e.line, e.msg) }

func (s *jsonScanner) errorf(format string, args ...any) error {
	if s.src.err != nil {
		return s.readErr(s.src.err)
	}
	return &syntaxErr{line: s.line, code: field.Syntax, msg: fmt.Sprintf(format, args...)}
}

// readErr is err, an error of the scanner's reader, at the current line.
func (s *jsonScanner) readErr(err error) error {
	return &syntaxErr{line: s.line, code: field.Unreadable, msg: readError(err).Error()}
}

// scanError is a scanner's error as the error of the input name.
func scanError(name string, err error) *field.Error {
	var se *syntaxErr
	if errors.As(err, &se) {
		return inputError(name, se.line, "", se.code, se.msg)
	}
	return inputError(name, 0, "", field.InvalidValue, err.Error())
}

// peek skips white space and returns the next byte without consuming it;
// io.EOF at the end.
func (s *jsonScanner) peek() (byte, error) {
	for {
		c, err := s.br.ReadByte()
		if err != nil {
			return 0, err
		}
		switch c {
		case '\n':
			s.line++
			continue
		case ' ', '\t', '\r':
			continue
		}
		s.br.UnreadByte()
		return c, nil
	}
}

// expect consumes the next non-space byte, which must be c.
func (s *jsonScanner) expect(c byte) error {
	got, err := s.peek()
	if err == io.EOF {
		return s.errorf("the JSON ends early: %q expected", c)
	}
	if err != nil {
		return err
	}
	if got != c {
		return s.errorf("%q where %q belongs", got, c)
	}
	s.br.ReadByte()
	return nil
}

// str appends the next string value, quotes and escapes as written.
func (s *jsonScanner) str(dst []byte) ([]byte, error) {
	if err := s.expect('"'); err != nil {
		return dst, err
	}
	dst = append(dst, '"')
	for {
		c, err := s.br.ReadByte()
		if err != nil {
			return dst, s.errorf("the JSON ends inside a string")
		}
		dst = append(dst, c)
		switch c {
		case '"':
			return dst, nil
		case '\\':
			c, err = s.br.ReadByte()
			if err != nil {
				return dst, s.errorf("the JSON ends inside a string")
			}
			dst = append(dst, c)
		case '\n':
			return dst, s.errorf("a newline inside a string")
		}
	}
}

// memberName reads an object member's name and its colon.
func (s *jsonScanner) memberName(buf []byte) (string, []byte, error) {
	buf, err := s.str(buf[:0])
	if err != nil {
		return "", buf, err
	}
	var name string
	if err := json.Unmarshal(buf, &name); err != nil {
		return "", buf, s.errorf("bad member name %s", buf)
	}
	return name, buf, s.expect(':')
}

// value skips the next value, appending its bytes to dst when capture is
// set.
func (s *jsonScanner) value(dst []byte, capture bool) ([]byte, error) {
	c, err := s.peek()
	if err == io.EOF {
		return dst, s.errorf("the JSON ends where a value belongs")
	}
	if err != nil {
		return dst, err
	}
	switch c {
	case '"':
		start := len(dst)
		dst, err = s.str(dst)
		if !capture {
			dst = dst[:start]
		}
		return dst, err
	case '{', '[':
		depth := 0
		inStr := false
		for {
			c, err := s.br.ReadByte()
			if err != nil {
				return dst, s.errorf("the JSON ends inside a value")
			}
			if capture {
				dst = append(dst, c)
			}
			if inStr {
				switch c {
				case '\\':
					c, err = s.br.ReadByte()
					if err != nil {
						return dst, s.errorf("the JSON ends inside a string")
					}
					if capture {
						dst = append(dst, c)
					}
				case '"':
					inStr = false
				case '\n':
					return dst, s.errorf("a newline inside a string")
				}
				continue
			}
			switch c {
			case '"':
				inStr = true
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return dst, nil
				}
			case '\n':
				s.line++
			}
		}
	case '}', ']', ',', ':':
		return dst, s.errorf("%q where a value belongs", c)
	}
	// A number or a literal: up to the next delimiter.
	for {
		c, err := s.br.ReadByte()
		if err == io.EOF {
			return dst, nil
		}
		if err != nil {
			return dst, err
		}
		switch c {
		case ',', '}', ']', ' ', '\t', '\r', '\n':
			s.br.UnreadByte()
			return dst, nil
		}
		if capture {
			dst = append(dst, c)
		}
	}
}

// next consumes the comma or the closing byte after an element or member:
// it returns false after close.
func (s *jsonScanner) next(close byte) (bool, error) {
	c, err := s.peek()
	if err == io.EOF {
		return false, s.errorf("the JSON ends early: %q expected", close)
	}
	if err != nil {
		return false, err
	}
	s.br.ReadByte()
	switch c {
	case ',':
		return true, nil
	case close:
		return false, nil
	}
	return false, s.errorf("%q where ',' or %q belongs", c, close)
}

// object walks the members of an object, calling member for each with the
// scanner before its value, which member must consume.
func (s *jsonScanner) object(member func(name string) error) error {
	if err := s.expect('{'); err != nil {
		return err
	}
	if c, err := s.peek(); err == nil && c == '}' {
		s.br.ReadByte()
		return nil
	}
	var buf []byte
	for {
		name, b, err := s.memberName(buf)
		buf = b
		if err != nil {
			return err
		}
		if err := member(name); err != nil {
			return err
		}
		more, err := s.next('}')
		if err != nil || !more {
			return err
		}
	}
}

// array walks the elements of an array, calling elem with the scanner
// before each element, which elem must consume.
func (s *jsonScanner) array(elem func() error) error {
	if err := s.expect('['); err != nil {
		return err
	}
	if c, err := s.peek(); err == nil && c == ']' {
		s.br.ReadByte()
		return nil
	}
	for {
		if err := elem(); err != nil {
			return err
		}
		more, err := s.next(']')
		if err != nil || !more {
			return err
		}
	}
}
