package athena

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// str renders s as a string literal of both dialects: quotes are doubled
// (neither Trino nor DuckDB gives the backslash a meaning in a standard
// string literal), and control characters, which would make the SQL
// hard to read and to paste (a newline, NUL), are concatenated as chr(n),
// which both dialects define as the character with code point n. An
// invalid UTF-8 byte is written as U+FFFD, as Go's JSON decoder reads it.
func str(s string) string {
	if s == "" {
		return "''"
	}
	var parts []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			parts = append(parts, "'"+b.String()+"'")
			b.Reset()
		}
	}
	for _, r := range s {
		switch {
		case r == '\'':
			b.WriteString("''")
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == 0x2028 || r == 0x2029:
			flush()
			parts = append(parts, "chr("+strconv.Itoa(int(r))+")")
		case r == utf8.RuneError:
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	flush()
	if len(parts) == 1 {
		return parts[0]
	}
	return "(" + strings.Join(parts, " || ") + ")"
}

// strList renders values as a parenthesized, comma-separated list of
// string literals, for IN.
func strList(values []string) string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = str(v)
	}
	return "(" + strings.Join(out, ", ") + ")"
}

// ident quotes one identifier: double quotes, with embedded ones doubled.
func ident(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// tableName renders a table name a user gave: a name that holds a double
// quote is taken as written (already quoted, as
// "s3tablescatalog/aws-s3"."b_bucket"."inventory"); any other is split at
// its dots and every part quoted (db.table → "db"."table").
func tableName(s string) string {
	if strings.Contains(s, `"`) {
		return s
	}
	parts := strings.Split(s, ".")
	for i, p := range parts {
		parts[i] = ident(p)
	}
	return strings.Join(parts, ".")
}

// comment renders text as the body of a -- comment line: a line break
// would end the comment and let the rest be read as SQL.
func comment(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || r == 0x2028 || r == 0x2029 || r < 0x20 {
			return ' '
		}
		return r
	}, s)
}
