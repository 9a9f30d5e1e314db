package inventory

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/scope"
)

// The CSV reader is the hot path: it reads lines in place from a large
// bufio buffer, splits them with bytes.IndexByte, parses numbers and S3's
// date layout by hand, reuses one Record, returns known storage classes and
// encryption statuses as constants, reuses the bucket string while it does
// not change, and makes one allocation per row, a string holding the key
// and the version id. BenchmarkCSV measures it.

// maxKey is S3's limit on the length of a key, in bytes of UTF-8.
const maxKey = 1024

// ctxEvery is how many rows a reader reads between checks of its context.
const ctxEvery = 4096

// csvReader reads the rows of one CSV data file.
type csvReader struct {
	name       string
	schema     *csvSchema
	defBucket  string // the bucket of rows when the schema has no Bucket
	skip       Column // columns checked but not decoded: their fields of rec stay zero
	chunked    bool   // reading a chunk alone: readRow stops at a row of several lines
	lineReader        // physical lines, counted in line, at most maxRow bytes

	rowBuf []byte // a row of several physical lines
	replay []byte // lines to read again before br
	rpos   int
	spans  []span
	unq    []byte // a field with its "" escapes undone
	keyBuf []byte // the URL-decoded key
	strBuf []byte // key and version id, for their one allocation

	bucket string // the previous row's bucket, reused when equal
	// The last unknown storage class, encryption status and access tier.
	lastSC   scope.StorageClass
	lastES   scope.EncryptionStatus
	lastTier scope.AccessTier
	rec      Record
}

func newCSVReader(name string, br *bufio.Reader, schema *csvSchema, defBucket string) *csvReader {
	return &csvReader{name: name, lineReader: lineReader{br: br, max: maxRow}, schema: schema, defBucket: defBucket,
		spans: make([]span, 0, len(schema.codes)+1)}
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
			yield(nil, fileError(r.name, r.line+1, readError(err)))
			return false
		}
		if skipHeader {
			skipHeader = false
			continue
		}
		if bad := r.decodeRow(row, start, p); bad != nil {
			if !yield(nil, bad) {
				return false
			}
			continue
		}
		if !yield(&r.rec, nil) {
			return false
		}
	}
}

// decodeRow decodes the row readRow read, which starts at line start,
// into r.rec; it returns the row's error when it is rejected.
func (r *csvReader) decodeRow(row []byte, start int, p rowProblem) *field.Error {
	r.rec.Pos.Line = start
	if p != rowFine {
		return r.rowError(p)
	}
	if col, err := r.decode(row); err != nil {
		return r.reject(col, err)
	}
	return nil
}

// readError describes a broken data stream.
func readError(err error) error {
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("the data ends early (a truncated file?): %w", err)
	}
	return fmt.Errorf("corrupt data: %w", err)
}

// reject is the error of the row being read: field col (-1 for the row
// as a whole) is bad.
func (r *csvReader) reject(col int, err error) *field.Error {
	name := ""
	if col >= 0 && col < len(r.schema.names) {
		name = r.schema.names[col]
	}
	return rowError(r.rec.Pos, name, err)
}

// rowError is the error of a row that could not be split into fields.
func (r *csvReader) rowError(p rowProblem) *field.Error {
	col := len(r.spans)
	var err error
	switch p {
	case rowUnterminated:
		err = errors.New("quoted field not closed (its quote is taken as stray: the next lines are read as rows)")
	case rowBareQuote:
		err = errors.New(`a quote (") inside an unquoted field`)
	case rowAfterQuote:
		err = errors.New(`a character after a closing quote (quotes in a quoted field are written "")`)
		col--
	case rowTooLong:
		err = fmt.Errorf("row longer than %d bytes", maxRow)
		col = -1
	}
	return r.reject(col, err)
}

// decode fills r.rec from the fields of row. On a problem it returns the
// index of the field at fault (-1 for the row as a whole).
//
// The key is URL-decoded as url.QueryUnescape decodes it ("+" is a space,
// "%2B" a plus sign; only keys with "%" or "+" are decoded), and a key
// that is empty, longer than S3's 1,024 bytes, or not UTF-8 once decoded
// is rejected. IsLatest and IsDeleteMarker are "true" or "false"; Size is
// a decimal int64, empty only for a delete marker (0); LastModifiedDate
// is RFC 3339 with years 0001 to 9999 (see parseTime). StorageClass,
// EncryptionStatus and IntelligentTieringAccessTier are kept verbatim: an
// unknown value is not an error, eligibility decides about it.
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
		if code == 0 {
			continue
		}
		f := row[sp.start:sp.end]
		if sp.esc {
			r.unq = unquote(r.unq[:0], f)
			f = r.unq
		}
		switch code {
		case ColBucket:
			if len(f) == 0 {
				return i, errors.New("empty")
			}
			if string(f) != r.bucket {
				r.bucket = string(f)
			}
			rec.Bucket = r.bucket
		case ColKey:
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
		case ColVersionID:
			if sp.esc {
				r.strBuf = append(r.strBuf[:0], f...) // kept apart from r.unq
				f, versionInStrBuf = r.strBuf, true
			}
			version = f
		case ColIsLatest:
			b, ok := parseBool(f)
			if !ok {
				return i, fmt.Errorf("%q is not true or false", f)
			}
			rec.Noncurrent = !b
		case ColIsDeleteMarker:
			b, ok := parseBool(f)
			if !ok {
				return i, fmt.Errorf("%q is not true or false", f)
			}
			rec.IsDeleteMarker = b
		case ColSize:
			n, err := parseSize(f)
			if err != nil {
				return i, err
			}
			rec.Size = n
			sizeCol, size = i, f
		case ColLastModified:
			if r.skip&ColLastModified != 0 {
				if err := checkTime(f); err != nil {
					return i, err
				}
				continue
			}
			t, err := parseTime(f)
			if err != nil {
				return i, err
			}
			rec.LastModified = t
		case ColStorageClass:
			rec.StorageClass = intern(f, knownSC, &r.lastSC)
		case ColEncryptionStatus:
			rec.EncryptionStatus = intern(f, knownES, &r.lastES)
		case ColIntelligentTieringAccessTier:
			rec.IntelligentTieringAccessTier = intern(f, knownTiers, &r.lastTier)
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
