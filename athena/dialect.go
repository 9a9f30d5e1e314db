package athena

import (
	"sort"
	"strings"
	"time"

	"github.com/jobscope/jobscope/criteria"
)

// dialect is what Trino and DuckDB say differently: function names,
// literals of timestamps, arrays and maps, lambdas, the arithmetic of the
// sample hash and the DDL of the tables. Everything else the queries say
// is the same in both. A dialect also records the functions a query
// names, for the list in its header (see header in query.go).
type dialect interface {
	// name is the Dialect, engine names it in a query's header, and
	// functionDocs are the dialect's documentation of the functions a
	// query may name: where it comes from, and one entry per function.
	name() Dialect
	engine() string
	functionDocs() (source string, docs map[string]string)

	// fn renders a call of the function name and records it; use records
	// name and returns it; begin starts a query, with no function
	// recorded; used lists the functions recorded since, sorted.
	fn(name string, args ...string) string
	use(name string) string
	begin()
	used() []string

	// readsORC reports whether the dialect reads ORC files;
	// partitioned, whether its S3 Inventory tables have the dt partition
	// (DuckDB's views of the data files have none).
	readsORC() bool
	partitioned() bool

	// urlDecode decodes an S3 Inventory CSV key (see the CSV source)
	// and says how in a comment; keyNote says it in a note.
	urlDecode(key string) (expr, comment string)
	keyNote() string
	// parseTimestamp reads an ISO 8601 date and time (NULL for NULL) as
	// a UTC timestamp; utcTimestamp makes a typed timestamp column (with
	// a time zone when zoned) a UTC timestamp; timeDigits are the
	// fractional digits of the dialect's timestamps.
	parseTimestamp(s string) (expr, comment string)
	utcTimestamp(x string, zoned bool) string
	timeDigits() int

	// lastSegment is the text of x after its last sep (x when it has
	// none).
	lastSegment(x, sep string) string
	// mapOf is a map literal; elementAt looks up key k of map m, NULL
	// when m lacks it.
	mapOf(keys, values []string) string
	elementAt(m, k string) string
	// anyMatch is whether pred, of the element elem, holds for some
	// element of list; NULL for a NULL list.
	anyMatch(list, elem, pred string) string
	// array is an array literal; filter, the elements elem of list for
	// which pred holds, in order.
	array(elems []string) string
	filter(list, elem, pred string) string
	// unnestRows is a FROM item, named alias, of n rows from the one row
	// of the table from: the columns cols, column k's values the array
	// arrays[k] of n elements, and n, the row's position from 1.
	unnestRows(from, alias string, cols, arrays []string, n int) string

	// utf8Bytes are the UTF-8 bytes of s as an array of bigints, and
	// their number; littleEndian is the array of the eight bytes of the
	// bigint n, least significant first.
	utf8Bytes(s string) (length, bytes string)
	littleEndian(n string) string
	// fold is reduce(list, start, (acc, elem) -> step) written at indent:
	// the list on a line of its own, or inline, after the function's
	// name. oneTo is the array 1, 2, …, n.
	fold(list, start, acc, elem, step, indent string, inline bool) string
	oneTo(n int) string
	// writeU64 renders a node of the sample hash's arithmetic (hash.go).
	writeU64(w *strings.Builder, e *u64)

	// inventoryDDL and bucketsDDL define the tables (ddl.go).
	inventoryDDL(t *Table) string
	bucketsDDL(b Buckets) string
}

// calls records the functions a query names; both dialects embed it.
type calls struct{ names map[string]bool }

func (c *calls) fn(name string, args ...string) string {
	return c.use(name) + "(" + strings.Join(args, ", ") + ")"
}

func (c *calls) use(name string) string {
	c.names[name] = true
	return name
}

func (c *calls) begin() { c.names = map[string]bool{} }

func (c *calls) used() []string {
	var out []string
	for n := range c.names {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// compareTime compares the timestamp x with the instant t, exactly. A
// dialect whose timestamps are coarser than t (DuckDB's are microseconds)
// compares with t rounded the way that keeps the comparison exact for
// timestamps that are whole units (S3 reports milliseconds).
func compareTime(d dialect, x string, op criteria.JobComparator, t time.Time) string {
	digits := d.timeDigits()
	unit := time.Nanosecond
	for i := digits; i < 9; i++ {
		unit *= 10
	}
	layout := "2006-01-02 15:04:05." + strings.Repeat("0", digits)
	lit := func(u time.Time) string { return "TIMESTAMP '" + u.Format(layout) + "'" }
	t = t.UTC()
	floor := t.Truncate(unit)
	whole := floor.Equal(t)
	ceil := floor
	if !whole {
		ceil = floor.Add(unit)
	}
	switch op {
	case criteria.GT:
		return x + " > " + lit(floor)
	case criteria.GTE:
		return x + " >= " + lit(ceil)
	case criteria.LT:
		return x + " < " + lit(ceil)
	case criteria.LTE:
		return x + " <= " + lit(floor)
	case criteria.EQ:
		if !whole {
			return "false"
		}
		return x + " = " + lit(t)
	default:
		if !whole {
			return "true"
		}
		return x + " <> " + lit(t)
	}
}
