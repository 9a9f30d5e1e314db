package athena

import (
	"math"
	"strconv"
	"strings"
)

// duckdb is DuckDB's SQL (1.1 or later), for local runs and tests.
type duckdb struct{ calls }

func newDuckDB() *duckdb { return &duckdb{calls{map[string]bool{}}} }

func (*duckdb) name() Dialect     { return DuckDB }
func (*duckdb) engine() string    { return "DuckDB SQL" }
func (*duckdb) readsORC() bool    { return false }
func (*duckdb) partitioned() bool { return false }
func (*duckdb) timeDigits() int   { return 6 } // TIMESTAMP is microseconds

func (*duckdb) functionDocs() (string, map[string]string) {
	return "DuckDB documentation (duckdb.org/docs/sql/functions)", duckFunctions
}

// urlDecode: DuckDB's url_decode leaves "+" alone, so "+" is replaced by
// a space first (a literal plus sign is never a raw "+" in the file).
func (d *duckdb) urlDecode(key string) (string, string) {
	return d.fn("url_decode", "replace("+key+", '+', ' ')"), "URL-encoded, + for a space; DuckDB's url_decode leaves + as it is"
}

func (*duckdb) keyNote() string {
	return "Keys are URL-decoded with + read as a space first (S3 Inventory writes a plus sign as %2B), as the dry run decodes them."
}

func (d *duckdb) parseTimestamp(s string) (string, string) {
	return d.utcTimestamp("CAST("+s+" AS TIMESTAMPTZ)", true), "UTC"
}

func (d *duckdb) utcTimestamp(x string, _ bool) string {
	return d.fn("make_timestamp", d.fn("epoch_us", x))
}

func (d *duckdb) lastSegment(x, sep string) string { return d.fn("split_part", x, str(sep), "-1") }

func (*duckdb) array(elems []string) string { return "[" + strings.Join(elems, ", ") + "]" }

func (*duckdb) mapOf(keys, values []string) string {
	pairs := make([]string, len(keys))
	for i := range keys {
		pairs[i] = keys[i] + ": " + values[i]
	}
	return "MAP {" + strings.Join(pairs, ", ") + "}"
}

func (*duckdb) elementAt(m, k string) string { return m + "[" + k + "]" }

func (*duckdb) lambda(body string, params ...string) string {
	return "lambda " + strings.Join(params, ", ") + ": " + body
}

func (d *duckdb) anyMatch(list, elem, pred string) string {
	return d.fn("len", d.fn("list_filter", list, d.lambda(pred, elem))) + " > 0"
}

func (d *duckdb) filter(list, elem, pred string) string {
	return d.fn("list_filter", list, d.lambda(pred, elem))
}

// unnestRows: unnest calls in one select list zip their lists.
func (d *duckdb) unnestRows(from, alias string, cols, arrays []string, n int) string {
	var b strings.Builder
	b.WriteString("(\n  SELECT\n")
	for k, a := range arrays {
		b.WriteString("    " + d.fn("unnest", a) + " AS " + cols[k] + ",\n")
	}
	b.WriteString("    " + d.fn("unnest", d.oneTo(n)) + " AS n\n  FROM " + from + "\n) " + alias)
	return b.String()
}

func (d *duckdb) utf8Bytes(s string) (string, string) {
	b := d.fn("encode", s)
	return "CAST(" + d.fn("octet_length", b) + " AS BIGINT)",
		d.fn("list_transform", d.fn("regexp_extract_all", d.fn("hex", b), "'..'"), d.lambda("CAST('0x' || x AS BIGINT)", "x"))
}

func (d *duckdb) littleEndian(n string) string {
	parts := make([]string, 8)
	for i := range parts {
		parts[i] = "((" + n + " >> " + strconv.Itoa(8*i) + ") & 255)"
	}
	return d.array(parts)
}

// fold: list_reduce takes the start last.
func (d *duckdb) fold(list, start, acc, elem, step, indent string, inline bool) string {
	open, first := "\n"+indent, ",\n"+indent
	if inline {
		open, first = "", ", "
	}
	return d.use("list_reduce") + "(" + open + list + first + d.lambda(step, acc, elem) + ",\n" + indent + start + ")"
}

func (d *duckdb) oneTo(n int) string { return d.fn("range", "1", strconv.Itoa(n+1)) }

// writeU64 renders the arithmetic with DuckDB's operators, whose >> is
// arithmetic and whose << fails when bits reach the sign bit.
func (d *duckdb) writeU64(w *strings.Builder, e *u64) {
	n := strconv.Itoa(int(e.n))
	switch e.op {
	case 'v':
		w.WriteString(e.name)
	case 'c':
		w.WriteString(intLiteral(e.c))
	case '&', '|', '+', '*':
		writeInfix(w, d, string(e.op), e.a, e.b)
	case '^':
		d.around(w, "xor(", e.a, ", ")
		d.around(w, "", e.b, ")")
	case 'r':
		// mask off the copies of the sign bit, unless the value is known
		// to be non-negative
		if e.a.lo >= 0 {
			d.around(w, "(", e.a, " >> "+n+")")
		} else {
			d.around(w, "((", e.a, " >> "+n+") & "+strconv.FormatUint(math.MaxUint64>>e.n, 10)+")")
		}
	case 'l':
		// shift the bits that stay below the sign bit, and set the sign
		// bit by hand
		if e.a.lo >= 0 && e.a.hi <= full>>e.n {
			d.around(w, "(", e.a, " << "+n+")")
		} else {
			d.around(w, "(((", e.a, " & "+strconv.FormatInt(full>>e.n, 10)+") << "+n+") | CASE WHEN ((")
			d.around(w, "", e.a, " >> "+strconv.Itoa(63-int(e.n))+") & 1) = 1 THEN "+intLiteral(math.MinInt64)+" ELSE 0 END)")
		}
	}
}

// around renders x between before and after.
func (d *duckdb) around(w *strings.Builder, before string, x *u64, after string) {
	w.WriteString(before)
	d.writeU64(w, x)
	w.WriteString(after)
}

// duckFunctions are trinoFunctions for the DuckDB dialect, from the
// DuckDB documentation (duckdb.org/docs/sql/functions/*).
var duckFunctions = map[string]string{
	"coalesce":           "coalesce(v1, v2, …): the first argument that is not NULL; it makes every condition true or false, never NULL, so that NOT and the excludes stay two-valued.",
	"count_if":           "count_if(p): the number of rows where p is true; 0 for no rows.",
	"encode":             "encode(s): the UTF-8 bytes of s as a BLOB; NULL for NULL.",
	"epoch_us":           "epoch_us(t): microseconds since 1970-01-01 UTC of a TIMESTAMP or TIMESTAMPTZ; NULL for NULL.",
	"hex":                "hex(b): the bytes of b as hexadecimal digits; NULL for NULL.",
	"len":                "len(list): the number of elements; NULL for NULL.",
	"list_filter":        "list_filter(list, lambda x: p): the elements for which p is true; NULL for a NULL list.",
	"list_reduce":        "list_reduce(list, lambda acc, x: …, start): folds the list from start; NULL for a NULL list.",
	"list_transform":     "list_transform(list, lambda x: …): the list of the function's results; NULL for a NULL list.",
	"make_timestamp":     "make_timestamp(us): the TIMESTAMP (UTC) us microseconds after 1970-01-01; NULL for NULL.",
	"max":                "max(x): the greatest value, NULLs ignored; NULL when every value is NULL.",
	"nullif":             "nullif(a, b): NULL when a = b, else a.",
	"octet_length":       "octet_length(b): the number of bytes of a BLOB; NULL for NULL.",
	"range":              "range(1, 8): the list 1, 2, …, 7.",
	"regexp_extract_all": "regexp_extract_all(s, '..'): every match, here the two-digit groups of a hex string; an empty list for an empty string; NULL for NULL.",
	"split_part":         "split_part(s, d, -1): the part of s after its last d, s itself when it has none; NULL for NULL.",
	"starts_with":        "starts_with(s, prefix): whether s begins with prefix, exactly (case-sensitive); NULL for NULL.",
	"strpos":             "strpos(s, t): the position (in characters, from 1) of the first t in s, 0 when there is none; NULL for NULL.",
	"substr":             "substr(s, start): s from character start on; NULL for NULL.",
	"sum":                "sum(x): the total, NULLs ignored; NULL for no rows.",
	"length":             "length(s): the number of characters; NULL for NULL.",
	"translate":          "translate(s, from, to): replaces each character of from by the one at the same place in to; here only A–Z, as the dry run lower-cases file types in ASCII only; NULL for NULL (no extension).",
	"unnest":             "unnest(list): a row per element; unnest calls in one select list run side by side; NULL for NULL.",
	"url_decode":         "url_decode(s): %XX is a byte of UTF-8; + is left as it is, so + is replaced by a space first (S3 Inventory writes a plus sign as %2B); NULL for NULL.",
}
