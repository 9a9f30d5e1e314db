package main

import (
	byteorder "encoding/binary"
	"strconv"
	"time"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/jobscope/jobscope/inventory"
	"github.com/jobscope/jobscope/plan"
)

// The decisions of --format jsonl and csv are appended to a buffer by
// hand, byte for byte as encoding/json (HTML characters not escaped) and
// encoding/csv write a decisionLine: one object's line costs no
// reflection and no allocation. TestDecisionEncoders holds them to the
// standard encoders.

// appendDecisionJSON appends the decision of r as one line of JSON, as
// encoding/json with SetEscapeHTML(false) encodes newDecisionLine(r, d).
func appendDecisionJSON(b []byte, r *inventory.Record, d plan.Decision) []byte {
	b = append(b, `{"bucket":`...)
	b = appendJSONString(b, r.Bucket)
	b = append(b, `,"key":`...)
	b = appendJSONString(b, r.Key)
	if r.VersionID != "" {
		b = append(b, `,"versionId":`...)
		b = appendJSONString(b, r.VersionID)
	}
	b = append(b, `,"size":`...)
	b = strconv.AppendInt(b, r.Size, 10)
	if !r.LastModified.IsZero() {
		b = append(b, `,"lastModified":"`...)
		b = appendRFC3339Nano(b, r.LastModified)
		b = append(b, '"')
	}
	if d.Scan {
		b = append(b, `,"decision":"scan"`...)
	} else {
		b = append(b, `,"decision":"skip"`...)
	}
	if d.Stage != "" {
		b = append(b, `,"stage":`...)
		b = appendJSONString(b, string(d.Stage))
	}
	if d.Reason != "" {
		b = append(b, `,"reason":`...)
		b = appendJSONString(b, string(d.Reason))
	}
	if d.Path != "" {
		b = append(b, `,"path":`...)
		b = appendJSONString(b, d.Path)
	}
	return append(b, "}\n"...)
}

const hexDigits = "0123456789abcdef"

// jsonSafe marks the ASCII bytes a JSON string holds as they are.
var jsonSafe = func() (t [utf8.RuneSelf]bool) {
	for c := ' '; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// appendJSONString appends s quoted as encoding/json quotes a string
// without HTML escaping: invalid UTF-8 as U+FFFD, U+2028 and U+2029
// escaped.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		// Eight bytes at a time while each is ASCII written as it is,
		// the last eight of a string that has them at once.
		for i+8 <= len(s) && !jsonSpecial8(s[i:]) {
			i += 8
		}
		if i < len(s) && i+8 > len(s) && len(s) >= 8 && !jsonSpecial8(s[len(s)-8:]) {
			i = len(s)
		}
		if i == len(s) {
			break
		}
		if c := s[i]; c < utf8.RuneSelf {
			if jsonSafe[c] {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			b = appendJSONEscape(b, c)
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// appendJSONEscape appends the escape of c, an ASCII byte that a JSON
// string does not hold as it is.
func appendJSONEscape(b []byte, c byte) []byte {
	switch c {
	case '\\', '"':
		return append(b, '\\', c)
	case '\b':
		return append(b, '\\', 'b')
	case '\f':
		return append(b, '\\', 'f')
	case '\n':
		return append(b, '\\', 'n')
	case '\r':
		return append(b, '\\', 'r')
	case '\t':
		return append(b, '\\', 't')
	}
	return append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
}

// Bytes of eight-byte words, for the tests of jsonSpecial8 and
// csvNeedsQuotes.
const (
	ones8 = 0x0101010101010101
	high8 = 0x8080808080808080
)

// word8 is the first eight bytes of s, little-endian.
func word8(s string) uint64 {
	return byteorder.LittleEndian.Uint64(unsafe.Slice(unsafe.StringData(s), 8))
}

// hasByte reports whether a byte of w is c.
func hasByte(w uint64, c byte) bool {
	x := w ^ (ones8 * uint64(c))
	return (x-ones8)&^x&high8 != 0
}

// jsonSpecial8 reports whether one of the first eight bytes of s is not
// written as it is in a JSON string: a control character, a quote, a
// backslash, or a byte of a multi-byte character.
func jsonSpecial8(s string) bool {
	w := word8(s)
	return (w-ones8*0x20)&^w&high8 != 0 || w&high8 != 0 || hasByte(w, '"') || hasByte(w, '\\')
}

// appendRFC3339Nano appends t in UTC as t.UTC().Format(time.RFC3339Nano)
// writes it.
func appendRFC3339Nano(b []byte, t time.Time) []byte {
	t = t.UTC()
	year, month, day := t.Date()
	if year < 0 || year > 9999 {
		return t.AppendFormat(b, time.RFC3339Nano)
	}
	hour, minute, sec := t.Clock()
	b = appendDigits(b, year, 4)
	b = append(b, '-')
	b = appendDigits(b, int(month), 2)
	b = append(b, '-')
	b = appendDigits(b, day, 2)
	b = append(b, 'T')
	b = appendDigits(b, hour, 2)
	b = append(b, ':')
	b = appendDigits(b, minute, 2)
	b = append(b, ':')
	b = appendDigits(b, sec, 2)
	if ns := t.Nanosecond(); ns%1e6 == 0 && ns != 0 {
		// Milliseconds, as S3 gives them.
		ms := ns / 1e6
		b = append(b, '.', byte('0'+ms/100))
		if ms%100 != 0 {
			b = append(b, byte('0'+ms/10%10))
			if ms%10 != 0 {
				b = append(b, byte('0'+ms%10))
			}
		}
	} else if ns != 0 {
		n := len(b)
		b = append(b, '.')
		b = appendDigits(b, ns, 9)
		for b[len(b)-1] == '0' && len(b) > n+1 {
			b = b[:len(b)-1]
		}
	}
	return append(b, 'Z')
}

// appendDigits appends v, 0 <= v, in width decimal digits, zero-padded.
func appendDigits(b []byte, v, width int) []byte {
	switch {
	case width == 2 && v < 100:
		return append(b, twoDigits[2*v], twoDigits[2*v+1])
	case width == 4 && v < 10000:
		hi, lo := v/100, v%100
		return append(b, twoDigits[2*hi], twoDigits[2*hi+1], twoDigits[2*lo], twoDigits[2*lo+1])
	}
	n := len(b)
	for range width {
		b = append(b, 0)
	}
	for i := len(b) - 1; i >= n; i-- {
		b[i] = byte('0' + v%10)
		v /= 10
	}
	return b
}

// twoDigits is 00 to 99, two bytes each.
const twoDigits = "00010203040506070809101112131415161718192021222324252627282930313233343536373839" +
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879" +
	"8081828384858687888990919293949596979899"

// appendDecisionCSV appends the decision of r as one CSV row under
// csvHeader, as encoding/csv's Writer writes it.
func appendDecisionCSV(b []byte, r *inventory.Record, d plan.Decision) []byte {
	b = appendCSVField(b, r.Bucket)
	b = append(b, ',')
	b = appendCSVField(b, r.Key)
	b = append(b, ',')
	b = appendCSVField(b, r.VersionID)
	b = append(b, ',')
	b = strconv.AppendInt(b, r.Size, 10)
	b = append(b, ',')
	if !r.LastModified.IsZero() {
		b = appendRFC3339Nano(b, r.LastModified)
	}
	if d.Scan {
		b = append(b, ",scan,"...)
	} else {
		b = append(b, ",skip,"...)
	}
	b = appendCSVField(b, string(d.Stage))
	b = append(b, ',')
	b = appendCSVField(b, string(d.Reason))
	b = append(b, ',')
	b = appendCSVField(b, d.Path)
	return append(b, '\n')
}

// appendCSVField appends f as encoding/csv's Writer writes a field: quoted
// when it holds a comma, a quote, a line end, is `\.`, or starts with a
// space, its quotes doubled.
func appendCSVField(b []byte, f string) []byte {
	if !csvNeedsQuotes(f) {
		return append(b, f...)
	}
	b = append(b, '"')
	for i := 0; i < len(f); i++ {
		if f[i] == '"' {
			b = append(b, '"', '"')
		} else {
			b = append(b, f[i])
		}
	}
	return append(b, '"')
}

func csvNeedsQuotes(f string) bool {
	if f == "" {
		return false
	}
	if f == `\.` {
		return true
	}
	i := 0
	for ; i+8 <= len(f); i += 8 {
		// The four bytes are below '-': most words have none.
		if w := word8(f[i:]); (w-ones8*'-')&^w&high8 != 0 &&
			(hasByte(w, '\n') || hasByte(w, '\r') || hasByte(w, '"') || hasByte(w, ',')) {
			break
		}
	}
	if i+8 > len(f) && len(f) >= 8 {
		// The bytes left are among the last eight.
		w := word8(f[len(f)-8:])
		if !hasByte(w, '\n') && !hasByte(w, '\r') && !hasByte(w, '"') && !hasByte(w, ',') {
			i = len(f)
		}
	}
	for ; i < len(f); i++ {
		switch f[i] {
		case '\n', '\r', '"', ',':
			return true
		}
	}
	if c := f[0]; c < utf8.RuneSelf {
		return c == ' ' || '\t' <= c && c <= '\r'
	}
	r, _ := utf8.DecodeRuneInString(f)
	return unicode.IsSpace(r)
}
