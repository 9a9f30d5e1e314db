package parquet

import (
	"context"
	"crypto/md5"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"iter"
	"math/bits"
	"os"
	"sync/atomic"
	"time"
	"unicode/utf8"

	pq "github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/deprecated"
	"github.com/parquet-go/parquet-go/format"

	"github.com/jobscope/jobscope/inventory"
	"github.com/jobscope/jobscope/scope"
)

func init() {
	inventory.Register(inventory.Driver{
		FileFormat: "Parquet",
		Format:     inventory.FormatParquet,
		Extensions: []string{".parquet"},
		Open:       Open,
	})
}

// The kinds of value a column holds.
const (
	kindString = iota
	kindBool
	kindInt
	kindTime
)

// columns are the Parquet columns the driver reads, by their S3 Inventory
// names; every other column is left unread.
var columns = [...]struct {
	name string
	col  inventory.Column
	kind int
}{
	{"bucket", inventory.ColBucket, kindString},
	{"key", inventory.ColKey, kindString},
	{"version_id", inventory.ColVersionID, kindString},
	{"is_latest", inventory.ColIsLatest, kindBool},
	{"is_delete_marker", inventory.ColIsDeleteMarker, kindBool},
	{"size", inventory.ColSize, kindInt},
	{"last_modified_date", inventory.ColLastModified, kindTime},
	{"storage_class", inventory.ColStorageClass, kindString},
	{"encryption_status", inventory.ColEncryptionStatus, kindString},
	{"intelligent_tiering_access_tier", inventory.ColIntelligentTieringAccessTier, kindString},
}

// Indexes in columns.
const (
	cBucket = iota
	cKey
	cVersionID
	cIsLatest
	cIsDeleteMarker
	cSize
	cLastModified
	cStorageClass
	cEncryptionStatus
	cAccessTier
	nColumns
)

// batchSize is the number of rows decoded between checks of the
// context.
const batchSize = 512

// Open opens the S3 Inventory Parquet data file at path, reading only its
// footer, and returns the columns it supplies; it is the driver's
// [inventory.Driver.Open]. o.Manifest is the file's manifest entry and
// o.Schema the manifest's fileSchema, or nil and "" for a file given
// directly; o.MaxPageBytes bounds the memory its pages may take (0 is
// [inventory.DefaultMaxPageBytes]; a negative value is an error).
//
// The file's own footer says which columns it has. When the footer cannot
// be read (the file is missing, truncated or not Parquet) and a schema is
// given, Open takes the columns from it and returns a File whose Records
// yields the problem as an *inventory.FileError, so that the other files
// of a report can still be read; without a schema it returns the problem,
// an *inventory.FileError.
func Open(path string, o inventory.FileOptions) (inventory.File, inventory.Column, error) {
	if o.MaxPageBytes < 0 {
		return nil, 0, fmt.Errorf("parquet: MaxPageBytes is %d: give 0 for the default (%d) or a number of bytes",
			o.MaxPageBytes, inventory.DefaultMaxPageBytes)
	}
	f := &file{path: path, size: -1, limit: o.MaxPageBytes}
	if f.limit == 0 {
		f.limit = inventory.DefaultMaxPageBytes
	}
	if m := o.Manifest; m != nil {
		mc := *m
		f.manifest = &mc
		if m.Size > 0 {
			f.size = m.Size
		}
	}
	cols, size, err := footerColumns(path)
	if size >= 0 {
		f.size = size
	}
	if err != nil {
		if o.Schema == "" {
			return nil, 0, &inventory.FileError{File: path, Err: err}
		}
		if cols, err = columnsOfSchema(o.Schema); err != nil {
			return nil, 0, &inventory.FileError{File: path, Err: err}
		}
	}
	f.cols = cols
	return f, cols, nil
}

// footerColumns reads the footer of the file at path.
func footerColumns(path string) (inventory.Column, int64, error) {
	osf, err := os.Open(path)
	if err != nil {
		return 0, -1, err
	}
	defer osf.Close()
	st, err := osf.Stat()
	if err != nil {
		return 0, -1, err
	}
	_, p, err := openParquet(osf, st.Size())
	return p.cols, st.Size(), err
}

// plan is where the columns the driver reads are in a file.
type plan struct {
	cols inventory.Column
	// leaf is the index of each of columns among the file's leaf columns,
	// -1 when the file does not have it.
	leaf [nColumns]int
	// kind is each column's physical type, and maxDef its maximum
	// definition level (0 when it is required, 1 when optional).
	kind   [nColumns]pq.Kind
	maxDef [nColumns]byte
	// unit is what one of last_modified_date's INT64 values counts; 0
	// for INT96.
	unit time.Duration
}

// openParquet opens a Parquet file and finds the columns it has. A panic
// in parquet-go is returned as an error.
func openParquet(r io.ReaderAt, size int64) (f *pq.File, p plan, err error) {
	defer func() {
		if v := recover(); v != nil {
			f, err = nil, fmt.Errorf("corrupt Parquet file: %v", v)
		}
	}()
	if err := checkFooter(r, size); err != nil {
		return nil, p, err
	}
	f, err = pq.OpenFile(r, size, pq.SkipPageIndex(true), pq.SkipBloomFilters(true))
	if err != nil {
		return nil, p, err
	}
	p, err = planOf(f)
	return f, p, err
}

func planOf(f *pq.File) (p plan, err error) {
	root := f.Root()
	for i, c := range columns {
		p.leaf[i] = -1
		col := root.Column(c.name)
		if col == nil {
			continue
		}
		if !col.Leaf() || col.MaxRepetitionLevel() != 0 {
			return p, fmt.Errorf("column %s is not a primitive column", c.name)
		}
		// S3 writes Snappy; the reader reads every codec parquet-go
		// writes but LZ4_RAW.
		if codec := col.Compression(); codec != nil && codec.CompressionCodec() == format.Lz4Raw {
			return p, fmt.Errorf("column %s is LZ4_RAW-compressed, which is not supported", c.name)
		}
		kind := col.Type().Kind()
		want := ""
		switch c.kind {
		case kindString:
			if kind != pq.ByteArray {
				want = "BYTE_ARRAY"
			}
		case kindBool:
			if kind != pq.Boolean {
				want = "BOOLEAN"
			}
		case kindInt:
			if kind != pq.Int64 && kind != pq.Int32 {
				want = "INT64"
			}
		case kindTime:
			switch kind {
			case pq.Int64:
				p.unit = time.Millisecond
				if lt := col.Type().LogicalType(); lt != nil && lt.Timestamp != nil {
					switch u := lt.Timestamp.Unit; {
					case u.Micros != nil:
						p.unit = time.Microsecond
					case u.Nanos != nil:
						p.unit = time.Nanosecond
					}
				}
			case pq.Int96:
				p.unit = 0
			default:
				want = "INT64 (TIMESTAMP_MILLIS)"
			}
		}
		if want != "" {
			return p, fmt.Errorf("column %s is %s, not %s", c.name, kind, want)
		}
		p.leaf[i] = col.Index()
		p.kind[i] = kind
		p.maxDef[i] = byte(col.MaxDefinitionLevel())
		p.cols |= c.col
	}
	for _, i := range []int{cBucket, cKey} {
		if p.leaf[i] < 0 {
			return p, fmt.Errorf("no %s column", columns[i].name)
		}
	}
	return p, nil
}

// file is an S3 Inventory Parquet data file.
type file struct {
	path     string
	manifest *inventory.ManifestFile
	size     int64
	limit    int64 // inventory.FileOptions.MaxPageBytes
	cols     inventory.Column
	read     atomic.Int64
}

func (f *file) Name() string { return f.path }
func (f *file) Size() int64  { return f.size }

// Read is the number of bytes the reader has read from the file, which
// reads only the columns it needs; it is the file's size once Records has
// read every row.
func (f *file) Read() int64 {
	n := f.read.Load()
	if f.size >= 0 && n > f.size {
		return f.size
	}
	return n
}

func (f *file) Records(ctx context.Context) iter.Seq2[*inventory.Record, error] {
	return func(yield func(*inventory.Record, error) bool) {
		f.read.Store(0)
		if err := ctx.Err(); err != nil {
			yield(nil, err)
			return
		}
		fail := func(err error) { yield(nil, &inventory.FileError{File: f.path, Err: err}) }
		osf, err := os.Open(f.path)
		if err != nil {
			fail(err)
			return
		}
		defer osf.Close()
		st, err := osf.Stat()
		if err != nil {
			fail(err)
			return
		}
		size := st.Size()
		var sum *checksum
		if m := f.manifest; m != nil {
			if m.Size > 0 && size != m.Size {
				fail(fmt.Errorf("%w: %d bytes, the manifest says %d", inventory.ErrSize, size, m.Size))
				return
			}
			if m.MD5Checksum != "" {
				want, err := hex.DecodeString(m.MD5Checksum)
				if err != nil || len(want) != md5.Size {
					fail(fmt.Errorf("the manifest's MD5checksum %q is not an MD5 checksum", m.MD5Checksum))
					return
				}
				sum = startChecksum(osf, size, want)
				defer sum.stop()
			}
		}
		// failRead reports a file that cannot be read to its end; when its
		// checksum does not match either, that is the cause.
		failRead := func(err error) {
			if sum != nil {
				if cerr := sum.wait(); errors.Is(cerr, inventory.ErrChecksum) {
					err = fmt.Errorf("%w (reading it: %v)", cerr, err)
				}
			}
			fail(err)
		}
		pf, p, err := openParquet(countingReaderAt{osf, &f.read}, size)
		if err != nil {
			failRead(err)
			return
		}
		if !p.cols.Has(f.cols) {
			failRead(fmt.Errorf("has columns %v, not the %v it had when opened", p.cols, f.cols))
			return
		}
		rd := &rowReader{file: f.path, r: osf, pages: countingReaderAt{osf, &f.read}, size: size, meta: pf.Metadata(),
			plan: p, g: -1, mem: memory{limit: f.limit}, intern: map[string]string{}}
		rec := new(inventory.Record)
		batch := make([]row, batchSize)
		for {
			if err := ctx.Err(); err != nil {
				yield(nil, err)
				return
			}
			n, err := rd.fill(batch)
			for i := range batch[:n] {
				b := &batch[i]
				if b.err != nil {
					if !yield(nil, b.err) {
						return
					}
					continue
				}
				rec.Object, rec.Pos = b.obj, b.pos
				if !yield(rec, nil) {
					return
				}
			}
			if err == io.EOF {
				f.read.Store(size)
				if sum != nil {
					if err := sum.wait(); err != nil {
						fail(err)
					}
				}
				return
			}
			if err != nil {
				failRead(err)
				return
			}
		}
	}
}

// checksum computes the MD5 checksum of a file while its rows are read.
type checksum struct {
	quit atomic.Bool
	done chan error
}

// startChecksum starts reading the size bytes of r through MD5, to
// compare with want.
func startChecksum(r io.ReaderAt, size int64, want []byte) *checksum {
	c := &checksum{done: make(chan error, 1)}
	go func() {
		h := md5.New()
		_, err := io.CopyBuffer(h, io.NewSectionReader(quitReaderAt{r, &c.quit}, 0, size), make([]byte, 1<<20))
		if err == nil {
			if got := h.Sum(nil); string(got) != string(want) {
				err = fmt.Errorf("%w: the file's is %x, the manifest's %x", inventory.ErrChecksum, got, want)
			}
		}
		c.done <- err
	}()
	return c
}

// wait returns the result of the comparison.
func (c *checksum) wait() error {
	err := <-c.done
	c.done <- err
	return err
}

// stop ends the checksum's reading early, and waits until it has.
func (c *checksum) stop() {
	c.quit.Store(true)
	c.wait()
}

// quitReaderAt fails once quit is set.
type quitReaderAt struct {
	r    io.ReaderAt
	quit *atomic.Bool
}

var errQuit = errors.New("stopped")

func (q quitReaderAt) ReadAt(p []byte, off int64) (int, error) {
	if q.quit.Load() {
		return 0, errQuit
	}
	return q.r.ReadAt(p, off)
}

// countingReaderAt counts the bytes read through it.
type countingReaderAt struct {
	r io.ReaderAt
	n *atomic.Int64
}

func (c countingReaderAt) ReadAt(p []byte, off int64) (int, error) {
	n, err := c.r.ReadAt(p, off)
	c.n.Add(int64(n))
	return n, err
}

// row is one decoded row: an object, or the reason it was rejected.
type row struct {
	obj scope.Object
	pos inventory.Position
	err *inventory.RowError
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
	buf     []byte
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
		b.err = &inventory.RowError{Pos: b.pos, Column: columns[col].name, Err: err}
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
		case !utf8.Valid(bs):
			return reject(i, errUTF8)
		case i == cKey:
			key = bs
		case i == cVersionID:
			version = bs
		default:
			str[i] = rd.internString(bs)
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

// cursor reads the values of one column chunk, a page at a time: each
// page is read whole and decompressed, then its levels and values are
// decoded one at a time as the rows are read.
type cursor struct {
	kind   pq.Kind
	maxDef byte
	ch     chunk
	// The page being read: its slots (values and nulls), the next one,
	// its definition levels (when it has them) and its values.
	slots, slot int64
	hasLevels   bool
	levels      hybrid
	vals        values
	v           value // the value next found
	dict        dictionary
	// Buffers, kept from page to page and row group to row group, within
	// the file's memory: the page, the dictionary page, the offsets of a
	// BYTE_ARRAY dictionary's values, and the last value of
	// DELTA_BYTE_ARRAY.
	page, dictPage, prev []byte
	dictOff              []uint32
}

// open starts reading the column chunk cc.
func (c *cursor) open(rd *rowReader, cc *format.ColumnChunk, kind pq.Kind, maxDef byte) error {
	c.kind, c.maxDef = kind, maxDef
	c.slots, c.slot = 0, 0
	c.vals, c.v, c.dict = values{}, value{}, dictionary{}
	return c.ch.open(rd.pages, rd.size, cc, rd.rows, rd.mem.limit)
}

// next moves to the next slot, and reports whether it has a value, which
// it reads into c.v.
func (c *cursor) next(rd *rowReader) (bool, error) {
	for c.slot == c.slots {
		if err := c.nextPage(rd); err != nil {
			return false, err
		}
	}
	c.slot++
	if c.hasLevels {
		var l uint64
		if h := &c.levels; h.run > 0 {
			h.run--
			l = h.val
		} else {
			var err error
			if l, err = h.next(); err != nil {
				return false, fmt.Errorf("definition levels: %w", err)
			}
		}
		if l != uint64(c.maxDef) {
			return false, nil
		}
	}
	return true, c.vals.next(&c.v)
}

// nextPage reads the chunk's next data page, and the dictionary page
// before it.
func (c *cursor) nextPage(rd *rowReader) error {
	for {
		h, at, err := c.ch.next()
		if err == io.EOF {
			return errors.New("fewer values than the row group has rows")
		}
		if err == nil {
			err = c.readPage(rd, &h)
		}
		if err == errSkip {
			continue
		}
		if err != nil {
			return fmt.Errorf("the page at byte %d: %w", at, err)
		}
		return nil
	}
}

// errSkip is a page readPage has read, or skipped, but that has no
// values.
var errSkip = errors.New("no values")

// readPage reads the page whose header is h.
func (c *cursor) readPage(rd *rowReader, h *pageHeader) error {
	switch h.typ {
	case format.DictionaryPage:
		if c.dict.ok {
			c.ch.skip(h)
			return errSkip
		}
		b, err := c.ch.read(h, &c.dictPage, &rd.scratch, &rd.mem)
		if err != nil {
			return err
		}
		if err := c.dict.load(c.kind, h.encoding, b, h.numValues, &c.dictOff, &rd.mem); err != nil {
			return err
		}
		return errSkip
	case format.DataPage, format.DataPageV2:
	case format.IndexPage:
		c.ch.skip(h)
		return errSkip
	default:
		return fmt.Errorf("a page of type %d", h.typ)
	}
	b, err := c.ch.read(h, &c.page, &rd.scratch, &rd.mem)
	if err != nil {
		return err
	}
	slots := h.numValues
	width := uint(bits.Len8(c.maxDef))
	data := b
	// A version 2 page without levels has no nulls.
	c.hasLevels = c.maxDef > 0 && (h.typ == format.DataPage || h.defLength > 0)
	if h.typ == format.DataPageV2 {
		levels := b[h.repLength : h.repLength+h.defLength]
		data = b[h.repLength+h.defLength:]
		c.levels = newHybrid(levels, width)
	} else if c.maxDef > 0 {
		switch h.defEncoding {
		case format.RLE:
			if len(data) < 4 || uint64(binary.LittleEndian.Uint32(data)) > uint64(len(data)-4) {
				return errors.New("definition levels without their length")
			}
			n := 4 + binary.LittleEndian.Uint32(data)
			c.levels = newHybrid(data[4:n], width)
			data = data[n:]
		case format.BitPacked:
			var n int
			if c.levels, n, err = newBitPacked(data, width, int(slots)); err != nil {
				return err
			}
			data = data[n:]
		default:
			return fmt.Errorf("definition levels in the %v encoding", h.defEncoding)
		}
	}
	present := slots
	if c.hasLevels {
		probe := c.levels
		n, err := probe.skip(uint64(slots), true, uint64(c.maxDef))
		if err != nil {
			return fmt.Errorf("a page of %d values has fewer definition levels", slots)
		}
		present = int64(n)
	}
	if h.typ == format.DataPageV2 && present > slots-h.numNulls {
		return fmt.Errorf("a page has %d values where it should have %d", slots-h.numNulls, present)
	}
	if c.vals, err = newValues(c.kind, h.encoding, data, slots, &c.dict); err != nil {
		return err
	}
	longest, err := c.vals.check(int(present))
	if err != nil {
		return fmt.Errorf("a page has fewer than the %d values its definition levels say: %w", present, err)
	}
	if c.vals.mode == deltaBytes {
		if c.prev, err = rd.mem.grow(c.prev, longest, size(longest)+" for a value"); err != nil {
			return err
		}
		c.vals.prev = c.prev
	}
	c.slots, c.slot = slots, 0
	return nil
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
