package parquet

import (
	"errors"
	"fmt"
	"io"
	"math"
	"time"
	"unicode/utf8"

	"github.com/parquet-go/parquet-go/deprecated"
	"github.com/parquet-go/parquet-go/format"

	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/inventory"
	"github.com/jobscope/jobscope/scope"
)

// row is one decoded row: an object, or the reason it was rejected.
type row struct {
	obj scope.Object
	pos inventory.Position
	err *field.Error
}

// rowReader reads the rows of a file's row groups, one cursor per column
// it needs.
type rowReader struct {
	file  string
	r     io.ReaderAt // the file, of size bytes
	pages io.ReaderAt // the file, counting the bytes read
	size  int64
	meta  *format.FileMetaData
	plan  plan
	g     int   // the row group being read
	row   int64 // rows of it read
	rows  int64 // rows in it
	cur   [nColumns]cursor
	// mem is what the cursors' buffers, and scratch, which compressed
	// pages are read into, may take.
	mem     memory
	scratch []byte
	intern  map[string]string
	// last is the previous row's value of each interned column; seen its
	// first distinct values, looked up before intern.
	last [nColumns]string
	seen [nColumns][]string
	// skipTime leaves LastModified zero, its values checked only.
	skipTime bool
	buf      []byte
}

// nextGroup starts reading the next row group; io.EOF after the last.
func (rd *rowReader) nextGroup() error {
	rd.g++
	if rd.g >= len(rd.meta.RowGroups) {
		return io.EOF
	}
	g := &rd.meta.RowGroups[rd.g]
	rd.row, rd.rows = 0, g.NumRows
	if rd.rows < 0 {
		return fmt.Errorf("row group %d: %d rows", rd.g, rd.rows)
	}
	for i, leaf := range rd.plan.leaf {
		if leaf < 0 {
			continue
		}
		if leaf >= len(g.Columns) {
			return fmt.Errorf("row group %d has no chunk for column %s", rd.g, columns[i].name)
		}
		cc := &g.Columns[leaf]
		if err := checkPages(rd.r, rd.size, cc, rd.rows, rd.mem.limit); err != nil {
			return fmt.Errorf("row group %d, column %s: %w", rd.g, columns[i].name, err)
		}
		if err := rd.cur[i].open(rd, cc, rd.plan.kind[i], rd.plan.maxDef[i]); err != nil {
			return fmt.Errorf("row group %d, column %s: %w", rd.g, columns[i].name, err)
		}
	}
	return nil
}

// fill decodes up to len(batch) rows into batch. It returns io.EOF after
// the last row, and any other error the file has; a panic is returned as
// an error.
func (rd *rowReader) fill(batch []row) (n int, err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("row group %d: corrupt Parquet data: %v", rd.g, v)
		}
	}()
	for n < len(batch) {
		if rd.row >= rd.rows {
			if err := rd.nextGroup(); err != nil {
				return n, err
			}
			continue
		}
		rd.row++
		if err := rd.decode(&batch[n]); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

var (
	errNull    = errors.New("null")
	errEmpty   = errors.New("empty")
	errUTF8    = errors.New("not valid UTF-8")
	errNoSize  = errors.New("null, and the object is not a delete marker")
	errInvalid = errors.New("not a valid INT96 timestamp")
	errYears   = errors.New("outside the years 0001 to 9999")
)

// maxKey is the longest key S3 allows, in bytes.
const maxKey = 1024

// decode reads the next value of every column into b. A column that runs
// out of values, or cannot be read, is an error of the file; a value that
// is not valid for its column makes b a rejected row.
func (rd *rowReader) decode(b *row) error {
	// has is whether each column has a value in the row: false for a
	// null or a column the file does not have.
	var has [nColumns]bool
	for i := range rd.cur {
		if rd.plan.leaf[i] < 0 {
			continue
		}
		ok, err := rd.cur[i].next(rd)
		if err != nil {
			return fmt.Errorf("row group %d, column %s: %w", rd.g, columns[i].name, err)
		}
		has[i] = ok
	}
	b.pos = inventory.Position{File: rd.file, RowGroup: rd.g, Row: rd.row}
	b.err = nil
	b.obj = scope.Object{}
	reject := func(col int, err error) error {
		b.err = &field.Error{Code: field.InvalidRow, File: b.pos.File, RowGroup: b.pos.RowGroup, Row: b.pos.Row,
			Path: columns[col].name, Err: err}
		return nil
	}
	o := &b.obj

	// Strings: a null is the empty string, which bucket and key may not
	// be.
	var str [nColumns]string
	var key, version []byte
	for _, i := range [...]int{cBucket, cKey, cVersionID, cStorageClass, cEncryptionStatus, cAccessTier} {
		if !has[i] {
			if i == cBucket || i == cKey {
				return reject(i, errNull)
			}
			continue
		}
		c := &rd.cur[i]
		bs := c.vals.bytes(&c.v)
		switch {
		case len(bs) == 0 && (i == cBucket || i == cKey):
			return reject(i, errEmpty)
		case i == cKey && len(bs) > maxKey:
			return reject(i, fmt.Errorf("%d bytes long, more than S3's %d", len(bs), maxKey))
		case i != cKey && i != cVersionID && len(bs) > 0 && string(bs) == rd.last[i]:
			str[i] = rd.last[i] // checked in its row
		case i != cKey && i != cVersionID && rd.seenString(i, bs, &str[i]):
			rd.last[i] = str[i] // checked when first seen
		case !utf8.Valid(bs):
			return reject(i, errUTF8)
		case i == cKey:
			key = bs
		case i == cVersionID:
			version = bs
		default:
			str[i] = rd.internString(bs)
			rd.last[i] = str[i]
			if len(rd.seen[i]) < maxSeen {
				rd.seen[i] = append(rd.seen[i], str[i])
			}
		}
	}
	// One allocation for the key and the version id.
	rd.buf = append(append(rd.buf[:0], key...), version...)
	kv := string(rd.buf)
	o.Bucket, o.Key, o.VersionID = str[cBucket], kv[:len(key)], kv[len(key):]
	o.StorageClass = scope.StorageClass(str[cStorageClass])
	o.EncryptionStatus = scope.EncryptionStatus(str[cEncryptionStatus])
	o.IntelligentTieringAccessTier = scope.AccessTier(str[cAccessTier])

	if has[cIsLatest] {
		o.Noncurrent = !rd.cur[cIsLatest].v.bit
	}
	if has[cIsDeleteMarker] {
		o.IsDeleteMarker = rd.cur[cIsDeleteMarker].v.bit
	}
	if rd.plan.leaf[cSize] >= 0 {
		if has[cSize] {
			o.Size = rd.cur[cSize].v.i
		} else if !o.IsDeleteMarker {
			return reject(cSize, errNoSize)
		}
		if o.Size < 0 {
			return reject(cSize, fmt.Errorf("%d is negative", o.Size))
		}
	}
	if rd.plan.leaf[cLastModified] >= 0 {
		if !has[cLastModified] {
			return reject(cLastModified, errNull)
		}
		v := &rd.cur[cLastModified].v
		if rd.skipTime && rd.plan.unit != 0 {
			// Checked, not converted.
			if lo, hi := timeBounds(rd.plan.unit); v.i < lo || v.i > hi {
				return reject(cLastModified, errYears)
			}
			return nil
		}
		switch unit := rd.plan.unit; unit {
		case 0:
			t, ok := int96Time(v.i96)
			if !ok {
				return reject(cLastModified, errInvalid)
			}
			o.LastModified = t
		case time.Millisecond:
			o.LastModified = time.UnixMilli(v.i).UTC()
		case time.Microsecond:
			o.LastModified = time.UnixMicro(v.i).UTC()
		default:
			o.LastModified = time.Unix(0, v.i).UTC()
		}
		if y := o.LastModified.Year(); y < 1 || y > 9999 {
			return reject(cLastModified, errYears)
		}
	}
	return nil
}

// timeBounds returns the least and the greatest INT64 timestamp, in
// unit, of the years 0001 to 9999.
func timeBounds(unit time.Duration) (lo, hi int64) {
	const first, last = -62135596800, 253402300799 // 0001-01-01T00:00:00Z, 9999-12-31T23:59:59Z
	switch unit {
	case time.Millisecond:
		return first * 1e3, last*1e3 + 999
	case time.Microsecond:
		return first * 1e6, last*1e6 + 999_999
	}
	return math.MinInt64, math.MaxInt64 // nanoseconds: 1677 to 2262
}

// maxSeen is how many distinct values of a column rowReader.seen keeps:
// as many as S3 has storage classes.
const maxSeen = 16

// seenString sets *s to the value of column i seen before whose bytes are
// b, and reports whether there is one.
func (rd *rowReader) seenString(i int, b []byte, s *string) bool {
	for _, v := range rd.seen[i] {
		if string(b) == v {
			*s = v
			return true
		}
	}
	return false
}

// internString returns b as a string, the same string for the same bytes
// while there are few distinct ones: buckets, storage classes and
// encryption statuses repeat on every row. It keeps at most 1,024
// strings of at most 64 bytes (S3's bucket names have 63 at most).
func (rd *rowReader) internString(b []byte) string {
	if s, ok := rd.intern[string(b)]; ok {
		return s
	}
	s := string(b)
	if len(rd.intern) < 1024 && len(s) <= 64 {
		rd.intern[s] = s
	}
	return s
}

// int96Time converts a legacy INT96 timestamp (nanoseconds of the day,
// then the Julian day number) to a time.
func int96Time(v deprecated.Int96) (time.Time, bool) {
	nanos := int64(uint64(v[1])<<32 | uint64(v[0]))
	if nanos < 0 || nanos >= int64(24*time.Hour) {
		return time.Time{}, false
	}
	const julianUnixEpoch = 2440588
	days := int64(v[2]) - julianUnixEpoch
	return time.Unix(days*86400, nanos).UTC(), true
}
