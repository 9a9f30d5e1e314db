package inventory

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/jobscope/jobscope/scope"
)

// maxRow is the longest row the CSV reader accepts, quoted newlines
// included. A row of S3 Inventory is far shorter (a key is at most 1,024
// bytes, 3,072 URL-encoded); the limit stops a stray quote from gathering
// the rest of a file into one row.
const maxRow = 1 << 20

// maxKey is S3's limit on the length of a key, in bytes of UTF-8.
const maxKey = 1024

// ctxEvery is how many rows a reader reads between checks of its context.
const ctxEvery = 4096

// span is one field of a row: row[start:end], without its quotes. esc is
// set when the field is quoted and has "" escapes to undo.
type span struct {
	start, end int32
	esc        bool
}

type splitResult uint8

const (
	splitOK         splitResult = iota
	splitOpenQuote              // a quoted field is not closed by the end of the row
	splitBareQuote              // a quote inside an unquoted field
	splitAfterQuote             // a character other than a comma after a closing quote
)

// openField is where splitting stopped in a quoted field that the row
// does not close: the field's opening quote, and where to look on for its
// closing quote once the next line is appended.
type openField struct {
	quote, next int
	esc         bool
}

// splitRow splits a row (without its line end) into fields, RFC 4180
// style: a field is quoted or not; inside quotes "" is a quote, and commas
// and newlines are data. On a problem, the fields before the bad one are
// in the result. When a quoted field is not closed (splitOpenQuote), the
// openField lets splitMore go on once more of the row is there, without
// reading again what was read.
func splitRow(row []byte, spans []span) ([]span, splitResult, openField) {
	return splitFrom(row, spans, 0, 0, false)
}

// splitMore goes on splitting row, which is the row of a previous call
// that ended with splitOpenQuote and of with more lines appended.
func splitMore(row []byte, spans []span, of openField) ([]span, splitResult, openField) {
	return splitFrom(row, spans, of.quote, of.next, of.esc)
}

// splitFrom splits row from i, a field's start; when j > 0, i is the
// opening quote of a field whose closing quote is not before j.
func splitFrom(row []byte, spans []span, i, j int, esc bool) ([]span, splitResult, openField) {
	for {
		if j > 0 || i < len(row) && row[i] == '"' {
			if j == 0 {
				j, esc = i+1, false
			}
			for {
				k := bytes.IndexByte(row[j:], '"')
				if k < 0 {
					return spans, splitOpenQuote, openField{i, len(row), esc}
				}
				j += k
				if j+1 < len(row) && row[j+1] == '"' {
					esc = true
					j += 2
					continue
				}
				break
			}
			spans = append(spans, span{int32(i + 1), int32(j), esc})
			i, j = j+1, 0
			if i == len(row) {
				return spans, splitOK, openField{}
			}
			if row[i] != ',' {
				return spans, splitAfterQuote, openField{}
			}
			i++
			continue
		}
		k := bytes.IndexByte(row[i:], ',')
		end := len(row)
		if k >= 0 {
			end = i + k
		}
		if bytes.IndexByte(row[i:end], '"') >= 0 {
			return spans, splitBareQuote, openField{}
		}
		spans = append(spans, span{int32(i), int32(end), false})
		if k < 0 {
			return spans, splitOK, openField{}
		}
		i = end + 1
	}
}

// trimEOL removes a line's "\n" or "\r\n", and the "\r" that ends the
// last line of an input without a "\n" (as encoding/csv does).
func trimEOL(line []byte) []byte {
	n := len(line)
	if n > 0 && line[n-1] == '\n' {
		n--
	}
	if n > 0 && line[n-1] == '\r' {
		n--
	}
	return line[:n]
}

// csvReader reads the rows of one CSV data file.
type csvReader struct {
	name       string
	schema     *csvSchema
	defBucket  string // the bucket of rows when the schema has no Bucket
	lineReader        // physical lines, counted in line, at most maxRow bytes

	rowBuf []byte // a row of several physical lines
	replay []byte // lines to read again before br
	rpos   int
	spans  []span
	unq    []byte // a field with its "" escapes undone
	keyBuf []byte // the URL-decoded key
	strBuf []byte // key and version id, for their one allocation

	bucket string // the previous row's bucket, reused when equal
	lastSC scope.StorageClass
	lastES scope.EncryptionStatus
	rec    Record
}

func newCSVReader(name string, br *bufio.Reader, schema *csvSchema, defBucket string) *csvReader {
	return &csvReader{name: name, lineReader: lineReader{br: br, max: maxRow}, schema: schema, defBucket: defBucket,
		spans: make([]span, 0, len(schema.codes)+1)}
}

// nextLine returns the next physical line with its "\n" (the last line of
// the input may have none) and counts it. It returns io.EOF after the
// last line and another error when the input broke; tooLong is set when
// the line is longer than maxRow (the line is cut there).
func (r *csvReader) nextLine() (line []byte, tooLong bool, err error) {
	if r.replay != nil {
		rest := r.replay[r.rpos:]
		if len(rest) > 0 {
			i := bytes.IndexByte(rest, '\n')
			if i < 0 {
				i = len(rest) - 1
			}
			r.rpos += i + 1
			r.line++
			return rest[:i+1], false, nil
		}
		r.replay, r.rpos = nil, 0
	}
	return r.lineReader.next()
}

// readAgain makes the lines of rowBuf after its first (first bytes long)
// the next lines to read, and rewinds the line count to start, the row's
// first line.
func (r *csvReader) readAgain(first int, start int64) {
	tail := r.rowBuf[first:]
	var rest []byte
	if r.replay != nil {
		rest = r.replay[r.rpos:]
	}
	nb := make([]byte, 0, len(tail)+len(rest))
	nb = append(append(nb, tail...), rest...)
	r.replay, r.rpos = nb, 0
	r.line = start
}

// rowProblem is why readRow could not split a row.
type rowProblem uint8

const (
	rowFine rowProblem = iota
	rowUnterminated
	rowBareQuote
	rowAfterQuote
	rowTooLong
)

// readRow reads the next row, skipping blank lines, and splits it into
// r.spans. start is the row's first line. A row whose quoted field is not
// closed — by the end of the input, within maxRow bytes, or so that the
// quotes of the following lines pair up — is reported at its first line,
// and the lines after that one are read again as rows of their own, so a
// stray quote costs one row. err is io.EOF at the end, another error when
// the input broke.
func (r *csvReader) readRow() (row []byte, start int64, p rowProblem, err error) {
	for {
		line, tooLong, err := r.nextLine()
		if err != nil {
			return nil, 0, rowFine, err
		}
		start = r.line
		if tooLong {
			return nil, start, rowTooLong, nil
		}
		row = trimEOL(line)
		if len(row) == 0 {
			continue
		}
		var res splitResult
		var of openField
		r.spans, res, of = splitRow(row, r.spans[:0])
		switch res {
		case splitOK:
			return row, start, rowFine, nil
		case splitBareQuote:
			return row, start, rowBareQuote, nil
		case splitAfterQuote:
			return row, start, rowAfterQuote, nil
		}
		// A quoted field goes on to the next line.
		r.rowBuf = append(r.rowBuf[:0], line...)
		first := len(line)
		stray := func() ([]byte, int64, rowProblem, error) {
			r.spans, _, _ = splitRow(trimEOL(r.rowBuf[:first]), r.spans[:0])
			r.readAgain(first, start)
			return nil, start, rowUnterminated, nil
		}
		for {
			if len(r.rowBuf) > maxRow {
				return stray()
			}
			line, tooLong, err = r.nextLine()
			if err == io.EOF {
				return stray()
			}
			if err != nil {
				return nil, 0, rowFine, err
			}
			if tooLong {
				return nil, start, rowTooLong, nil
			}
			r.rowBuf = append(r.rowBuf, line...)
			// The "\r\n" that trimEOL took off the previous line is data
			// now; it has no quote, so the search goes on from of.next.
			row = trimEOL(r.rowBuf)
			r.spans, res, of = splitMore(row, r.spans, of)
			switch res {
			case splitOK:
				return row, start, rowFine, nil
			case splitBareQuote, splitAfterQuote:
				// The quotes do not pair up across the lines: the
				// first line's open quote was a stray one.
				return stray()
			}
		}
	}
}

// run yields the rows of the file and returns true when it reached the
// end of the data, false when it stopped (the consumer stopped, ctx is
// done, or the data broke, which it has yielded).
func (r *csvReader) run(ctx context.Context, skipHeader bool, yield func(*Record, error) bool) bool {
	r.rec.Pos.File = r.name
	var n int
	for {
		n++
		if n%ctxEvery == 0 {
			if err := ctx.Err(); err != nil {
				yield(nil, err)
				return false
			}
		}
		row, start, p, err := r.readRow()
		if err == io.EOF {
			return true
		}
		if err != nil {
			yield(nil, &FileError{File: r.name, Line: r.line + 1, Err: readError(err)})
			return false
		}
		if skipHeader {
			skipHeader = false
			continue
		}
		r.rec.Pos.Line = start
		if p != rowFine {
			if !yield(nil, r.rowError(p)) {
				return false
			}
			continue
		}
		col, err := r.decode(row)
		if err != nil {
			e := &RowError{Pos: Position{File: r.name, Line: start}, Err: err}
			if col >= 0 {
				e.Column = r.schema.names[col]
			}
			if !yield(nil, e) {
				return false
			}
			continue
		}
		if !yield(&r.rec, nil) {
			return false
		}
	}
}

// readError describes a broken data stream.
func readError(err error) error {
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("the data ends early (a truncated file?): %w", err)
	}
	return fmt.Errorf("corrupt data: %w", err)
}

func (r *csvReader) rowError(p rowProblem) *RowError {
	e := &RowError{Pos: r.rec.Pos}
	col := len(r.spans)
	switch p {
	case rowUnterminated:
		e.Err = errors.New("quoted field not closed (its quote is taken as stray: the next lines are read as rows)")
	case rowBareQuote:
		e.Err = errors.New(`a quote (") inside an unquoted field`)
	case rowAfterQuote:
		e.Err = errors.New(`a character after a closing quote (quotes in a quoted field are written "")`)
		col--
	case rowTooLong:
		e.Err = fmt.Errorf("row longer than %d bytes", maxRow)
		col = -1
	}
	if col >= 0 && col < len(r.schema.names) {
		e.Column = r.schema.names[col]
	}
	return e
}

// decode fills r.rec from the fields of row. On a problem it returns the
// index of the field at fault (-1 for the row as a whole).
func (r *csvReader) decode(row []byte) (int, error) {
	codes := r.schema.codes
	if len(r.spans) != len(codes) {
		return -1, fmt.Errorf("%d fields, the fileSchema has %d", len(r.spans), len(codes))
	}
	rec := &r.rec
	rec.Object = scope.Object{Bucket: r.defBucket}
	var key, version []byte
	versionInStrBuf := false
	sizeCol := -1
	var size []byte
	for i, sp := range r.spans {
		code := codes[i]
		if code == cSkip {
			continue
		}
		f := row[sp.start:sp.end]
		if sp.esc {
			r.unq = unquote(r.unq[:0], f)
			f = r.unq
		}
		switch code {
		case cBucket:
			if len(f) == 0 {
				return i, errors.New("empty")
			}
			if string(f) != r.bucket {
				r.bucket = string(f)
			}
			rec.Bucket = r.bucket
		case cKey:
			if bytes.IndexByte(f, '%') >= 0 || bytes.IndexByte(f, '+') >= 0 {
				var ok bool
				r.keyBuf, ok = unescapeQuery(r.keyBuf[:0], f)
				if !ok {
					return i, errors.New("bad %-escape in the URL-encoded key")
				}
				f = r.keyBuf
			} else if sp.esc {
				// f is r.unq, which the next escaped field reuses.
				r.keyBuf = append(r.keyBuf[:0], f...)
				f = r.keyBuf
			}
			switch {
			case len(f) == 0:
				return i, errors.New("empty")
			case len(f) > maxKey:
				return i, fmt.Errorf("%d bytes long, more than S3's %d", len(f), maxKey)
			case !utf8.Valid(f):
				return i, errors.New("not valid UTF-8 once URL-decoded")
			}
			key = f
		case cVersionID:
			if sp.esc {
				r.strBuf = append(r.strBuf[:0], f...) // kept apart from r.unq
				f, versionInStrBuf = r.strBuf, true
			}
			version = f
		case cIsLatest:
			b, ok := parseBool(f)
			if !ok {
				return i, fmt.Errorf("%q is not true or false", f)
			}
			rec.Noncurrent = !b
		case cIsDeleteMarker:
			b, ok := parseBool(f)
			if !ok {
				return i, fmt.Errorf("%q is not true or false", f)
			}
			rec.IsDeleteMarker = b
		case cSize:
			n, err := parseSize(f)
			if err != nil {
				return i, err
			}
			rec.Size = n
			sizeCol, size = i, f
		case cLastModified:
			t, err := parseTime(f)
			if err != nil {
				return i, err
			}
			rec.LastModified = t
		case cStorageClass:
			rec.StorageClass = internSC(f, &r.lastSC)
		case cEncryptionStatus:
			rec.EncryptionStatus = internES(f, &r.lastES)
		case cAccessTier:
			rec.IntelligentTieringAccessTier = internTier(f)
		}
	}
	if sizeCol >= 0 && len(size) == 0 && !rec.IsDeleteMarker {
		return sizeCol, errors.New("empty, and the object is not a delete marker")
	}
	if rec.Bucket == "" {
		return -1, errors.New("no bucket")
	}
	// One allocation for the key and the version id.
	if len(version) == 0 {
		rec.Key = string(key)
		return 0, nil
	}
	if versionInStrBuf {
		r.strBuf = append(r.strBuf, key...)
		s := string(r.strBuf)
		rec.VersionID, rec.Key = s[:len(version)], s[len(version):]
		return 0, nil
	}
	r.strBuf = append(append(r.strBuf[:0], key...), version...)
	s := string(r.strBuf)
	rec.Key, rec.VersionID = s[:len(key)], s[len(key):]
	return 0, nil
}

// unquote appends f with its "" escapes undone.
func unquote(dst, f []byte) []byte {
	for {
		i := bytes.IndexByte(f, '"')
		if i < 0 || i+1 >= len(f) {
			return append(dst, f...)
		}
		dst = append(dst, f[:i+1]...)
		f = f[i+2:]
	}
}

// unescapeQuery appends s decoded as url.QueryUnescape decodes it: "+" is
// a space and "%XX" a byte. ok is false on a "%" that two hex digits do
// not follow.
func unescapeQuery(dst, s []byte) ([]byte, bool) {
	n := len(dst)
	dst = slices.Grow(dst, len(s))[:n+len(s)]
	out := dst[n:]
	j := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '+':
			c = ' '
		case '%':
			if i+2 >= len(s) {
				return dst[:n], false
			}
			h, ok1 := unhex(s[i+1])
			l, ok2 := unhex(s[i+2])
			if !ok1 || !ok2 {
				return dst[:n], false
			}
			c = h<<4 | l
			i += 2
		}
		out[j] = c
		j++
	}
	return dst[:n+j], true
}

func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

func parseBool(f []byte) (bool, bool) {
	switch string(f) {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	return false, false
}

// parseSize parses a decimal size; empty is 0 (the caller decides whether
// empty is allowed).
func parseSize(f []byte) (int64, error) {
	if len(f) > 0 && f[0] == '-' {
		return 0, fmt.Errorf("%q is negative", f)
	}
	var n int64
	for _, c := range f {
		if c < '0' || c > '9' {
			return 0, fmt.Errorf("%q is not a whole number of bytes", f)
		}
		d := int64(c - '0')
		if n > (math.MaxInt64-d)/10 {
			return 0, fmt.Errorf("%q is too large", f)
		}
		n = n*10 + d
	}
	return n, nil
}

// parseTime parses a LastModifiedDate: S3 Inventory's
// 2006-01-02T15:04:05.000Z by hand, anything else as RFC 3339 (time.RFC3339Nano,
// any offset, which is converted to UTC). Years are 0001 to 9999.
func parseTime(f []byte) (time.Time, error) {
	if n := len(f); (n == 24 && f[19] == '.' || n == 20) && f[n-1] == 'Z' &&
		f[4] == '-' && f[7] == '-' && f[10] == 'T' && f[13] == ':' && f[16] == ':' {
		y, ok1 := digits(f[0:4])
		mo, ok2 := digits(f[5:7])
		d, ok3 := digits(f[8:10])
		h, ok4 := digits(f[11:13])
		mi, ok5 := digits(f[14:16])
		s, ok6 := digits(f[17:19])
		ms, ok7 := 0, true
		if n == 24 {
			ms, ok7 = digits(f[20:23])
		}
		if ok1 && ok2 && ok3 && ok4 && ok5 && ok6 && ok7 {
			if y < 1 || mo < 1 || mo > 12 || d < 1 || d > daysIn(mo, y) || h > 23 || mi > 59 || s > 59 {
				return time.Time{}, fmt.Errorf("%q is not a valid date and time", f)
			}
			sec := daysFromCivil(y, mo, d)*86400 + int64(h*3600+mi*60+s)
			return time.Unix(sec, int64(ms)*1e6).UTC(), nil
		}
	}
	if len(f) == 0 {
		return time.Time{}, errors.New("empty")
	}
	t, err := time.Parse(time.RFC3339Nano, string(f))
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not an RFC 3339 date and time like 2024-01-02T03:04:05.000Z", f)
	}
	t = t.UTC()
	if y := t.Year(); y < 1 || y > 9999 {
		return time.Time{}, fmt.Errorf("%q is outside the years 0001 to 9999", f)
	}
	return t, nil
}

// daysFromCivil is the number of days from 1970-01-01 to the date y-m-d
// of the proleptic Gregorian calendar, y >= 1 (Howard Hinnant's
// days_from_civil).
func daysFromCivil(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	yoe := y - era*400
	mp := m - 3
	if m <= 2 {
		mp = m + 9
	}
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}

func digits(f []byte) (int, bool) {
	n := 0
	for _, c := range f {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func daysIn(m, y int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// internSC returns f as a StorageClass without allocating for the known
// values and for a repeat of the previous unknown one.
func internSC(f []byte, last *scope.StorageClass) scope.StorageClass {
	switch string(f) {
	case "":
		return ""
	case "STANDARD":
		return scope.Standard
	case "STANDARD_IA":
		return scope.StandardIA
	case "INTELLIGENT_TIERING":
		return scope.IntelligentTiering
	case "GLACIER":
		return scope.Glacier
	case "DEEP_ARCHIVE":
		return scope.DeepArchive
	case "GLACIER_IR":
		return scope.GlacierIR
	case "ONEZONE_IA":
		return scope.OneZoneIA
	case "REDUCED_REDUNDANCY":
		return scope.ReducedRedundancy
	case "OUTPOSTS":
		return scope.Outposts
	case "EXPRESS_ONEZONE":
		return scope.ExpressOneZone
	case "SNOW":
		return scope.Snow
	}
	if string(f) != string(*last) {
		*last = scope.StorageClass(f)
	}
	return *last
}

// internTier returns f as an AccessTier, without allocating for the
// tiers S3 Inventory writes.
func internTier(f []byte) scope.AccessTier {
	if len(f) == 0 {
		return ""
	}
	for _, t := range scope.AccessTier("").Values() {
		if string(f) == string(t) {
			return t
		}
	}
	return scope.AccessTier(f)
}

// internES is internSC for EncryptionStatus.
func internES(f []byte, last *scope.EncryptionStatus) scope.EncryptionStatus {
	switch string(f) {
	case "":
		return ""
	case "SSE-S3":
		return scope.SSES3
	case "SSE-KMS":
		return scope.SSEKMS
	case "NOT-SSE":
		return scope.NotSSE
	case "SSE-C":
		return scope.SSEC
	case "DSSE-KMS":
		return scope.DSSEKMS
	}
	if string(f) != string(*last) {
		*last = scope.EncryptionStatus(f)
	}
	return *last
}
