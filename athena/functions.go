package athena

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
	"url_decode":                   "url_decode(s) [url.html]: unescapes a URL-encoded string as java.net.URLDecoder does — %XX is a byte of UTF-8 and + is a space, so S3 Inventory's %2B is a plus sign, exactly as the dry run decodes keys; a malformed escape fails the query; NULL for NULL.",
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
	"url_decode":         "url_decode(s): %XX is a byte of UTF-8; + is left as it is, so + is replaced by a space first (S3 Inventory writes a plus sign as %2B); NULL for NULL.",
}
