package strictjson

import (
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// The lexical pieces of JSON that the parser here and terraform's
// streaming reader share.

// SkipSpace returns the offset of the first byte of data at or after pos
// that is not JSON white space, len(data) if none.
func SkipSpace(data []byte, pos int) int {
	for pos < len(data) {
		switch data[pos] {
		case ' ', '\t', '\n', '\r':
			pos++
		default:
			return pos
		}
	}
	return pos
}

// unescaped maps the byte after a backslash to the byte it stands for, 0
// for a byte that is no one-byte escape.
var unescaped = [256]byte{'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}

// Escape decodes the escape sequence at the start of s, which holds at
// least its backslash and the byte after it: the character it stands for
// and the bytes it takes, 0 for an invalid escape (for \u, one without
// four hex digits). The two escapes of a UTF-16 surrogate pair are one
// character; a lone surrogate stands for utf8.RuneError and takes 6 bytes,
// with lone true.
func Escape(s []byte) (r rune, n int, lone bool) {
	if s[1] != 'u' {
		if c := unescaped[s[1]]; c != 0 {
			return rune(c), 2, false
		}
		return 0, 0, false
	}
	r, ok := Hex4(s[2:])
	switch {
	case !ok:
		return 0, 0, false
	case !utf16.IsSurrogate(r):
		return r, 6, false
	}
	if len(s) >= 12 && s[6] == '\\' && s[7] == 'u' {
		if r2, ok := Hex4(s[8:]); ok {
			if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
				return d, 12, false
			}
		}
	}
	return utf8.RuneError, 6, true
}

// Hex4 returns the value of the four hex digits that start h; ok is false
// when h does not start with four.
func Hex4(h []byte) (r rune, ok bool) {
	if len(h) < 4 {
		return 0, false
	}
	for _, c := range h[:4] {
		switch {
		case '0' <= c && c <= '9':
			r = r<<4 | rune(c-'0')
		case 'a' <= c && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case 'A' <= c && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}

// ScanNumber reads the JSON number that starts at data[pos] and returns
// the offset just past it; for a malformed number, msg says what is wrong
// and end is where.
func ScanNumber(data []byte, pos int) (end int, msg string) {
	if data[pos] == '-' {
		pos++
	}
	digits := func() int {
		s := pos
		for pos < len(data) && '0' <= data[pos] && data[pos] <= '9' {
			pos++
		}
		return pos - s
	}
	intStart := pos
	if digits() == 0 {
		return pos, "invalid number: expected a digit"
	}
	if data[intStart] == '0' && pos-intStart > 1 {
		return intStart + 1, "invalid number: leading zero"
	}
	if pos < len(data) && data[pos] == '.' {
		pos++
		if digits() == 0 {
			return pos, "invalid number: expected a digit after '.'"
		}
	}
	if pos < len(data) && (data[pos] == 'e' || data[pos] == 'E') {
		pos++
		if pos < len(data) && (data[pos] == '+' || data[pos] == '-') {
			pos++
		}
		if digits() == 0 {
			return pos, "invalid number: expected a digit in the exponent"
		}
	}
	return pos, ""
}

// Comma formats n with thousands separators: 1,048,576.
func Comma(n int) string {
	s := strconv.Itoa(n)
	start := 0
	if n < 0 {
		start = 1
	}
	for i := len(s) - 3; i > start; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
