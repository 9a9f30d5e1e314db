package athena

import (
	"strconv"
	"strings"
)

// trino is the Athena dialect: Trino's SQL as Amazon Athena engine
// version 3 runs it.
type trino struct{ calls }

func newTrino() *trino { return &trino{calls{map[string]bool{}}} }

func (*trino) name() Dialect     { return Athena }
func (*trino) engine() string    { return "Trino SQL for Amazon Athena (engine version 3)" }
func (*trino) readsORC() bool    { return true }
func (*trino) partitioned() bool { return true }
func (*trino) timeDigits() int   { return 9 } // timestamp(9)

func (*trino) functionDocs() (string, map[string]string) {
	return "Trino documentation (trino.io/docs/current/functions)", trinoFunctions
}

// urlDecode: Trino's url_decode is java.net.URLDecoder, which reads "+"
// as a space, so url_decode(key) is the key exactly as the dry run
// decodes it.
func (d *trino) urlDecode(key string) (string, string) {
	return d.fn("url_decode", key), "URL-encoded, + for a space"
}

func (*trino) keyNote() string {
	return "Keys are URL-decoded by url_decode, which reads + as a space and %2B as a plus sign, as S3 Inventory encodes them and the dry run decodes them."
}

func (d *trino) parseTimestamp(s string) (string, string) {
	return "CAST(" + d.fn("from_iso8601_timestamp_nanos", s) + " AT TIME ZONE 'UTC' AS timestamp(9))", "UTC, to the nanosecond"
}

func (*trino) utcTimestamp(x string, zoned bool) string {
	if zoned {
		return "CAST(" + x + " AS timestamp(6))"
	}
	return x
}

func (d *trino) lastSegment(x, sep string) string {
	return d.fn("element_at", d.fn("split", x, str(sep)), "-1")
}

func (*trino) array(elems []string) string { return "ARRAY[" + strings.Join(elems, ", ") + "]" }

// mapOf puts the values on a line of their own.
func (d *trino) mapOf(keys, values []string) string {
	return "MAP(" + d.array(keys) + ",\n      " + d.array(values) + ")"
}

func (d *trino) elementAt(m, k string) string { return d.fn("element_at", m, k) }

func (*trino) lambda(body string, params ...string) string {
	if len(params) == 1 {
		return params[0] + " -> " + body
	}
	return "(" + strings.Join(params, ", ") + ") -> " + body
}

func (d *trino) anyMatch(list, elem, pred string) string {
	return d.fn("any_match", list, d.lambda(pred, elem))
}

func (d *trino) filter(list, elem, pred string) string {
	return d.fn("filter", list, d.lambda(pred, elem))
}

// unnestRows: UNNEST of several arrays zips them, WITH ORDINALITY numbers
// the rows.
func (d *trino) unnestRows(from, alias string, cols, arrays []string, n int) string {
	return from + "\nCROSS JOIN " + d.use("unnest") + "(\n  " + strings.Join(arrays, ",\n  ") + "\n) WITH ORDINALITY AS " + alias + " (" + strings.Join(cols, ", ") + ", n)"
}

func (d *trino) utf8Bytes(s string) (string, string) {
	b := d.fn("to_utf8", s)
	return d.fn("length", b),
		d.fn("transform", d.fn("regexp_extract_all", d.fn("to_hex", b), "'..'"), d.lambda(d.fn("from_base", "x", "16"), "x"))
}

func (d *trino) littleEndian(n string) string {
	parts := make([]string, 8)
	for i := range parts {
		parts[i] = d.fn("bitwise_and", d.fn("bitwise_right_shift", n, strconv.Itoa(8*i)), "255")
	}
	return d.array(parts)
}

func (d *trino) fold(list, start, acc, elem, step, indent string, inline bool) string {
	open, sep := "\n"+indent, ",\n"+indent
	if inline {
		open = ""
	}
	return d.use("reduce") + "(" + open + list + sep + start + sep + d.lambda(step, acc, elem) + sep + d.lambda(acc, acc) + ")"
}

func (d *trino) oneTo(n int) string { return d.fn("sequence", "1", strconv.Itoa(n)) }

// writeU64 renders the arithmetic with Trino's bitwise functions:
// bitwise_left_shift wraps, bitwise_right_shift is logical; + and * are
// checked, and the tree's bounds keep them from overflowing.
func (d *trino) writeU64(w *strings.Builder, e *u64) {
	switch e.op {
	case 'v':
		w.WriteString(e.name)
		return
	case 'c':
		w.WriteString(intLiteral(e.c))
		return
	case '+', '*':
		writeInfix(w, d, string(e.op), e.a, e.b)
		return
	}
	w.WriteString(trinoBitwise[e.op] + "(")
	d.writeU64(w, e.a)
	w.WriteString(", ")
	if e.b != nil {
		d.writeU64(w, e.b)
	} else {
		w.WriteString(strconv.Itoa(int(e.n)))
	}
	w.WriteString(")")
}

var trinoBitwise = map[byte]string{'&': "bitwise_and", '|': "bitwise_or", '^': "bitwise_xor",
	'r': "bitwise_right_shift", 'l': "bitwise_left_shift"}

// trinoFunctions document, for the comment block of a query, each Trino
// function the Athena dialect uses and what it does with NULL, from the
// Trino documentation (trino.io/docs/current/functions/*.html).
var trinoFunctions = map[string]string{
	"any_match":                    "any_match(array, x -> p) [array.html]: true if p holds for some element, false if for none (so for an empty array); NULL if p is NULL for some and false for the rest, and for a NULL array — hence coalesce(…, false).",
	"bitwise_and":                  "bitwise_and(x, y) [bitwise.html]: the AND of two bigints in two's complement; NULL if an argument is NULL.",
	"bitwise_or":                   "bitwise_or(x, y) [bitwise.html]: the OR of two bigints; NULL if an argument is NULL.",
	"bitwise_xor":                  "bitwise_xor(x, y) [bitwise.html]: the XOR of two bigints; NULL if an argument is NULL.",
	"bitwise_left_shift":           "bitwise_left_shift(x, n) [bitwise.html]: x shifted left, bits past the 64th dropped (no overflow error, unlike + and *); NULL if an argument is NULL.",
	"bitwise_right_shift":          "bitwise_right_shift(x, n) [bitwise.html]: the logical right shift (zeros shifted in); NULL if an argument is NULL.",
	"coalesce":                     "coalesce(v1, v2, …) [conditional.html]: the first argument that is not NULL; it makes every condition below true or false, never NULL, so that NOT and the excludes stay two-valued.",
	"count_if":                     "count_if(p) [aggregate.html]: the number of rows where p is true (NULL counts as not true); 0 for no rows.",
	"element_at":                   "element_at(array, -1) [array.html]: the last element, NULL (not an error) for an empty array; element_at(map, k) [map.html]: the value of key k, NULL when the map lacks k (map[k] would fail); NULL for a NULL argument.",
	"filter":                       "filter(array, x -> p) [array.html]: the elements for which p is true, in order; NULL for a NULL array.",
	"from_base":                    "from_base(s, 16) [math.html]: the bigint the hexadecimal digits s spell; NULL for NULL.",
	"from_iso8601_timestamp_nanos": "from_iso8601_timestamp_nanos(s) [datetime.html]: an ISO 8601 date and time as timestamp(9) with time zone, so nanoseconds are kept; NULL for NULL (an empty field is made NULL first).",
	"length":                       "length(x) [string.html, binary.html]: characters of a varchar, bytes of a varbinary; NULL for NULL.",
	"max":                          "max(x) [aggregate.html]: the greatest value, NULLs ignored; NULL when every value is NULL.",
	"nullif":                       "nullif(a, b) [conditional.html]: NULL when a = b, else a.",
	"reduce":                       "reduce(array, start, (s, x) -> …, s -> …) [array.html]: folds the array from start; the result is NULL if a step yields NULL (none can here).",
	"regexp_extract_all":           "regexp_extract_all(s, '..') [regexp.html]: every match, here the two-digit groups of a hex string; an empty array for an empty string; NULL for NULL.",
	"sequence":                     "sequence(1, 7) [array.html]: the array 1, 2, …, 7.",
	"split":                        "split(s, d) [string.html]: s cut at every d, an array of at least one element (the empty string for an empty s); NULL for NULL.",
	"starts_with":                  "starts_with(s, prefix) [string.html]: whether s begins with prefix, compared exactly (case-sensitive, byte for byte); NULL for NULL (the key is never NULL here).",
	"strpos":                       "strpos(s, t) [string.html]: the position (in characters, from 1) of the first t in s, 0 when there is none; NULL for NULL.",
	"substr":                       "substr(s, start) [string.html]: s from character start on; NULL for NULL.",
	"sum":                          "sum(x) [aggregate.html]: the total, NULLs ignored; NULL for no rows.",
	"to_hex":                       "to_hex(b) [binary.html]: the bytes of b as hexadecimal digits; NULL for NULL.",
	"to_utf8":                      "to_utf8(s) [string.html]: the UTF-8 bytes of s; NULL for NULL.",
	"transform":                    "transform(array, x -> …) [array.html]: the array of the function's results; NULL for a NULL array.",
	"translate":                    "translate(s, from, to) [string.html]: replaces each character of from by the one at the same place in to; here only A–Z, as the dry run lower-cases file types in ASCII only (lower() would also change non-ASCII letters); NULL for NULL (no extension).",
	"unnest":                       "unnest(a1, a2, …) WITH ORDINALITY [select.html]: a row per element, the arrays side by side, and the row's position from 1.",
	"url_decode":                   "url_decode(s) [url.html]: unescapes a URL-encoded string as java.net.URLDecoder does — %XX is a byte of UTF-8 and + is a space, so S3 Inventory's %2B is a plus sign, exactly as the dry run decodes keys; a malformed escape fails the query; NULL for NULL.",
}
