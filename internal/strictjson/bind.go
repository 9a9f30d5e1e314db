package strictjson

import (
	"fmt"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/jobscope/jobscope/field"
)

// Unmarshal decodes data into v, which must be a non-nil pointer. It returns
// every problem found: a syntax error alone (with line:column), or every
// unknown member, duplicate member and wrongly typed value, each with its
// JSON path and line:column. v holds whatever could be bound.
func Unmarshal(data []byte, v any, lim Limits) field.ErrorList {
	_, errs := Decode(data, v, lim)
	return errs
}

// Decode is Unmarshal that also returns a Locator for the document, which
// places the paths of later (validation) errors in the source text. The
// Locator is nil after a syntax error.
func Decode(data []byte, v any, lim Limits) (*Locator, field.ErrorList) {
	root, serr := parse(data, lim)
	if serr != nil {
		line, col := Position(data, serr.Offset)
		code := field.Syntax
		if serr.IsLimit {
			code = field.Limit
		}
		return nil, field.ErrorList{{Code: code, Message: serr.Msg, Line: line, Column: col, Exception: field.ValidationException}}
	}
	b := &binder{data: data, offsets: map[string]int{}}
	b.bind(root, reflect.ValueOf(v).Elem(), field.Path{})
	return &Locator{b: b}, b.errs
}

// Locator maps the JSON paths of a decoded document to line:column.
type Locator struct{ b *binder }

// Locate sets e.Line and e.Column to where e.Path starts in the document;
// for a missing member, to where the nearest enclosing value starts. It
// leaves an error that already has a position unchanged.
func (l *Locator) Locate(e *field.Error) {
	if l == nil || e.Line > 0 {
		return
	}
	p := e.Path
	for {
		if off, ok := l.b.offsets[p]; ok {
			e.Line, e.Column = l.b.position(off)
			return
		}
		i := strings.LastIndexAny(p, ".[")
		if i < 0 {
			if off, ok := l.b.offsets[""]; ok && p != "" {
				e.Line, e.Column = l.b.position(off)
			}
			return
		}
		p = p[:i]
	}
}

// Position converts a byte offset in data to a 1-based line and a 1-based
// column counted in characters.
func Position(data []byte, off int) (line, col int) {
	if off > len(data) {
		off = len(data)
	}
	line = 1
	lineStart := 0
	for i := 0; i < off; i++ {
		if data[i] == '\n' {
			line++
			lineStart = i + 1
		}
	}
	return line, utf8.RuneCount(data[lineStart:off]) + 1
}

type binder struct {
	data    []byte
	offsets map[string]int // path → offset of its value
	lines   []int          // offsets of line starts, built on the first error
	last    struct {       // the previous position computed
		ok             bool
		line, off, col int
	}
	errs field.ErrorList
}

// position is Position with a line index, so that many errors in a large
// document cost O(log n) each.
func (b *binder) position(off int) (line, col int) {
	if b.lines == nil {
		b.lines = []int{0}
		for i, c := range b.data {
			if c == '\n' {
				b.lines = append(b.lines, i+1)
			}
		}
	}
	i := sort.Search(len(b.lines), func(i int) bool { return b.lines[i] > off }) - 1
	// Errors mostly come in document order: go on counting characters from
	// the previous one when it is earlier on the same line, so that many
	// errors on one long line (a minified document) cost O(n), not O(n²).
	if b.last.ok && b.last.line == i && b.last.off <= off {
		col = b.last.col + utf8.RuneCount(b.data[b.last.off:off])
	} else {
		col = utf8.RuneCount(b.data[b.lines[i]:off]) + 1
	}
	b.last.ok, b.last.line, b.last.off, b.last.col = true, i, off, col
	return i + 1, col
}

func (b *binder) fail(n int, p field.Path, code field.Code, format string, args ...any) {
	line, col := b.position(n)
	b.errs = append(b.errs, &field.Error{Path: p.String(), Code: code, Message: fmt.Sprintf(format, args...),
		Line: line, Column: col, Exception: field.ValidationException})
}

// maxLocated bounds the scalar paths a Locator remembers, so a document with
// a million values costs no more than one with a hundred thousand.
const maxLocated = 100000

var timeType = reflect.TypeOf(time.Time{})

func (b *binder) bind(n *node, v reflect.Value, p field.Path) {
	if n.kind == kObject || n.kind == kArray || len(b.offsets) < maxLocated {
		b.offsets[p.String()] = n.off
	}
	if n.kind == kNull {
		v.Set(reflect.Zero(v.Type()))
		return
	}
	if v.Type() == timeType {
		b.bindTime(n, v, p)
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		b.bind(n, v.Elem(), p)
	case reflect.Struct:
		b.bindStruct(n, v, p)
	case reflect.Slice:
		if n.kind != kArray {
			b.wrongType(n, p, "an array")
			return
		}
		s := reflect.MakeSlice(v.Type(), len(n.elems), len(n.elems))
		for i, e := range n.elems {
			b.bind(e, s.Index(i), p.Index(i))
		}
		v.Set(s)
	case reflect.Map:
		if n.kind != kObject {
			b.wrongType(n, p, "an object")
			return
		}
		m := reflect.MakeMapWithSize(v.Type(), len(n.members))
		seen := make(map[string]bool, len(n.members))
		for _, mem := range n.members {
			if seen[mem.name] {
				b.fail(mem.off, p.Child(mem.name), field.DuplicateField, "member %q is given more than once", mem.name)
				continue
			}
			seen[mem.name] = true
			ev := reflect.New(v.Type().Elem()).Elem()
			b.bind(mem.val, ev, p.Child(mem.name))
			m.SetMapIndex(reflect.ValueOf(mem.name).Convert(v.Type().Key()), ev)
		}
		v.Set(m)
	case reflect.String:
		if n.kind != kString {
			b.wrongType(n, p, "a string")
			return
		}
		v.SetString(n.text)
	case reflect.Bool:
		if n.kind != kBool {
			b.wrongType(n, p, "true or false")
			return
		}
		v.SetBool(n.b)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if n.kind != kNumber {
			b.wrongType(n, p, "a whole number")
			return
		}
		i, err := strconv.ParseInt(n.text, 10, v.Type().Bits())
		if err != nil {
			if isInteger(n.text) {
				b.fail(n.off, p, field.InvalidValue, "%s is out of range for a %d-bit integer", n.text, v.Type().Bits())
			} else {
				b.fail(n.off, p, field.WrongType, "expected a whole number, got %s", n.text)
			}
			return
		}
		v.SetInt(i)
	case reflect.Float32, reflect.Float64:
		if n.kind != kNumber {
			b.wrongType(n, p, "a number")
			return
		}
		f, err := strconv.ParseFloat(n.text, 64)
		if err != nil || math.IsInf(f, 0) {
			b.fail(n.off, p, field.InvalidValue, "%s is out of range", n.text)
			return
		}
		v.SetFloat(f)
	case reflect.Interface:
		b.fail(n.off, p, field.UnknownField, "cannot decode into %s", v.Type())
	default:
		b.fail(n.off, p, field.UnknownField, "cannot decode into %s", v.Type())
	}
}

func isInteger(s string) bool {
	s = strings.TrimPrefix(s, "-")
	return s != "" && strings.Trim(s, "0123456789") == ""
}

func (b *binder) wrongType(n *node, p field.Path, want string) {
	b.fail(n.off, p, field.WrongType, "expected %s, got %s", want, n.kind)
}

func (b *binder) bindTime(n *node, v reflect.Value, p field.Path) {
	switch n.kind {
	case kString:
		t, err := time.Parse(time.RFC3339Nano, n.text)
		if err != nil {
			b.fail(n.off, p, field.InvalidValue, "%q is not an RFC 3339 timestamp such as 2024-01-31T09:00:00Z", n.text)
			return
		}
		v.Set(reflect.ValueOf(t.UTC()))
	case kNumber:
		// Epoch seconds, as some SDKs print timestamps.
		f, err := strconv.ParseFloat(n.text, 64)
		if err != nil || f < -62135596800 || f > 253402300799 {
			b.fail(n.off, p, field.InvalidValue, "%s is not a timestamp in seconds since 1970", n.text)
			return
		}
		sec, frac := math.Modf(f)
		v.Set(reflect.ValueOf(time.Unix(int64(sec), int64(frac*1e9)).UTC()))
	default:
		b.wrongType(n, p, "an RFC 3339 timestamp string")
	}
}

func (b *binder) bindStruct(n *node, v reflect.Value, p field.Path) {
	if n.kind != kObject {
		b.wrongType(n, p, "an object")
		return
	}
	fields := fieldsOf(v.Type())
	seen := make(map[string]bool, len(n.members))
	for _, mem := range n.members {
		mp := p.Child(mem.name)
		if seen[mem.name] {
			b.fail(mem.off, mp, field.DuplicateField, "member %q is given more than once", mem.name)
			continue
		}
		seen[mem.name] = true
		idx, ok := fields.byName[mem.name]
		if !ok {
			msg := fmt.Sprintf("unknown member %q", mem.name)
			if s := fields.suggest(mem.name); s != "" {
				msg += fmt.Sprintf("; did you mean %q?", s)
			} else {
				msg += "; valid members here are " + strings.Join(fields.names, ", ")
			}
			b.fail(mem.off, mp, field.UnknownField, "%s", msg)
			continue
		}
		b.bind(mem.val, v.FieldByIndex(idx), mp)
	}
}

type structFields struct {
	byName map[string][]int
	names  []string // sorted
}

var fieldCache sync.Map // reflect.Type → *structFields

func fieldsOf(t reflect.Type) *structFields {
	if f, ok := fieldCache.Load(t); ok {
		return f.(*structFields)
	}
	f := &structFields{byName: map[string][]int{}}
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		if !sf.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = sf.Name
		}
		f.byName[name] = sf.Index
		f.names = append(f.names, name)
	}
	sort.Strings(f.names)
	fieldCache.Store(t, f)
	return f
}

// suggest returns the member name closest to name: one that differs only
// in case, or one within two edits.
func (f *structFields) suggest(name string) string {
	best, bestD := "", 3
	for _, n := range f.names {
		if strings.EqualFold(n, name) {
			return n
		}
		if d := distance(strings.ToLower(n), strings.ToLower(name)); d < bestD {
			best, bestD = n, d
		}
	}
	return best
}

// distance is the Levenshtein distance of a and b, in bytes.
func distance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return math.MaxInt
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c++
			}
			cur[j] = min(c, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
