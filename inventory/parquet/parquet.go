package parquet

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
	"sync/atomic"
	"time"
	"unicode/utf8"

	pq "github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/deprecated"
	"github.com/parquet-go/parquet-go/encoding"
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
	col  inventory.Columns
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
	nColumns
)

const (
	// readBufferSize is the buffer of each column chunk being read.
	readBufferSize = 256 << 10
	// batchSize is the number of rows decoded between checks of the
	// context.
	batchSize = 512
)

// Open opens the S3 Inventory Parquet data file at path, reading only its
// footer, and returns the columns it supplies; it is the driver's
// [inventory.Driver.Open]. m is the file's manifest entry and schema the
// manifest's fileSchema, or nil and "" for a file given directly.
//
// The file's own footer says which columns it has. When the footer cannot
// be read (the file is missing, truncated or not Parquet) and schema is
// given, Open takes the columns from schema and returns a File whose
// Records yields the problem as an *inventory.FileError, so that the
// other files of a report can still be read; without a schema it returns
// the problem, an *inventory.FileError.
func Open(path string, m *inventory.ManifestFile, schema string) (inventory.File, inventory.Columns, error) {
	f := &file{path: path, size: -1}
	if m != nil {
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
		if schema == "" {
			return nil, 0, &inventory.FileError{File: path, Err: err}
		}
		if cols, err = columnsOfSchema(schema); err != nil {
			return nil, 0, &inventory.FileError{File: path, Err: err}
		}
	}
	f.cols = cols
	return f, cols, nil
}

// footerColumns reads the footer of the file at path.
func footerColumns(path string) (inventory.Columns, int64, error) {
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
	cols inventory.Columns
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
	f, err = pq.OpenFile(r, size, pq.SkipPageIndex(true), pq.SkipBloomFilters(true),
		pq.ReadBufferSize(readBufferSize))
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
		// parquet-go's LZ4 decoder doubles its buffer until a block
		// decodes, which a corrupt block never does. S3 writes Snappy.
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
	cols     inventory.Columns
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
		rd := &rowReader{file: f.path, r: osf, size: size, meta: pf.Metadata(), groups: pf.RowGroups(), plan: p, g: -1, intern: map[string]string{}}
		defer rd.close()
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
	file   string
	r      io.ReaderAt // the file, of size bytes
	size   int64
	meta   *format.FileMetaData
	groups []pq.RowGroup
	plan   plan
	g      int   // the row group being read
	row    int64 // rows of it read
	rows   int64 // rows in it
	cur    [nColumns]cursor
	intern map[string]string
	buf    []byte
}

func (rd *rowReader) close() {
	for i := range rd.cur {
		rd.cur[i].close()
	}
}

// nextGroup starts reading the next row group; io.EOF after the last.
func (rd *rowReader) nextGroup() error {
	rd.close()
	rd.g++
	if rd.g >= len(rd.groups) {
		return io.EOF
	}
	g := rd.groups[rd.g]
	rd.row, rd.rows = 0, g.NumRows()
	if rd.rows < 0 {
		return fmt.Errorf("row group %d: %d rows", rd.g, rd.rows)
	}
	chunks := g.ColumnChunks()
	if rd.g >= len(rd.meta.RowGroups) {
		return fmt.Errorf("row group %d is not in the footer", rd.g)
	}
	meta := rd.meta.RowGroups[rd.g].Columns
	for i, leaf := range rd.plan.leaf {
		if leaf < 0 {
			continue
		}
		if leaf >= len(chunks) || leaf >= len(meta) {
			return fmt.Errorf("row group %d has no chunk for column %s", rd.g, columns[i].name)
		}
		if err := checkPages(rd.r, rd.size, &meta[leaf], rd.rows); err != nil {
			return fmt.Errorf("row group %d, column %s: %w", rd.g, columns[i].name, err)
		}
		rd.cur[i].open(chunks[leaf], rd.plan.kind[i], rd.plan.maxDef[i])
	}
	return nil
}

// fill decodes up to len(batch) rows into batch. It returns io.EOF after
// the last row, and any other error the file has; a panic in parquet-go
// is returned as an error.
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
	// at is the index of each column's value in its cursor's data; -1
	// for a null or a column the file does not have.
	var at [nColumns]int
	for i := range rd.cur {
		at[i] = -1
		if rd.plan.leaf[i] < 0 {
			continue
		}
		j, err := rd.cur[i].next()
		if err != nil {
			return fmt.Errorf("row group %d, column %s: %w", rd.g, columns[i].name, err)
		}
		at[i] = j
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
	for _, i := range [...]int{cBucket, cKey, cVersionID, cStorageClass, cEncryptionStatus} {
		if at[i] < 0 {
			if i == cBucket || i == cKey {
				return reject(i, errNull)
			}
			continue
		}
		bs := rd.cur[i].values().bytesAt(at[i])
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

	if j := at[cIsLatest]; j >= 0 {
		o.Noncurrent = !rd.cur[cIsLatest].values().boolAt(j)
	}
	if j := at[cIsDeleteMarker]; j >= 0 {
		o.IsDeleteMarker = rd.cur[cIsDeleteMarker].values().boolAt(j)
	}
	if rd.plan.leaf[cSize] >= 0 {
		if j := at[cSize]; j >= 0 {
			o.Size = rd.cur[cSize].values().int64At(j)
		} else if !o.IsDeleteMarker {
			return reject(cSize, errNoSize)
		}
		if o.Size < 0 {
			return reject(cSize, fmt.Errorf("%d is negative", o.Size))
		}
	}
	if rd.plan.leaf[cLastModified] >= 0 {
		j := at[cLastModified]
		if j < 0 {
			return reject(cLastModified, errNull)
		}
		v := rd.cur[cLastModified].values()
		switch unit := rd.plan.unit; unit {
		case 0:
			t, ok := int96Time(v.i96[j])
			if !ok {
				return reject(cLastModified, errInvalid)
			}
			o.LastModified = t
		case time.Millisecond:
			o.LastModified = time.UnixMilli(v.int64At(j)).UTC()
		case time.Microsecond:
			o.LastModified = time.UnixMicro(v.int64At(j)).UTC()
		default:
			o.LastModified = time.Unix(0, v.int64At(j)).UTC()
		}
		if y := o.LastModified.Year(); y < 1 || y > 9999 {
			return reject(cLastModified, errYears)
		}
	}
	return nil
}

// cursor reads the values of one column chunk page by page, from the
// pages' decoded data rather than through parquet-go's value readers,
// which loop forever on a page that has fewer values than its definition
// levels say, and box every value.
type cursor struct {
	kind   pq.Kind
	maxDef byte
	pages  pq.Pages
	page   pq.Page
	// levels are the page's definition levels; nil when every slot of
	// the page has a value.
	levels      []byte
	slot, slots int // the next slot of the page, and how many it has
	value       int // the next value of the page's data
	data        pageData
	// idx are the page's dictionary indexes when it has a dictionary,
	// whose values are dict.
	idx    []int32
	dict   pageData
	dictOf pq.Dictionary
}

// pageData are the values of a page or dictionary, by physical type.
type pageData struct {
	n       int // how many values; for booleans, the bits
	bytes   []byte
	offsets []uint32
	i32     []int32
	i64     []int64
	i96     []deprecated.Int96
	bits    []byte
}

func (d *pageData) bytesAt(i int) []byte { return d.bytes[d.offsets[i]:d.offsets[i+1]] }
func (d *pageData) boolAt(i int) bool    { return d.bits[i>>3]&(1<<(i&7)) != 0 }
func (d *pageData) int64At(i int) int64 {
	if d.i32 != nil {
		return int64(d.i32[i])
	}
	return d.i64[i]
}

func dataOf(kind pq.Kind, v encoding.Values) (d pageData, err error) {
	want := map[pq.Kind]encoding.Kind{pq.ByteArray: encoding.ByteArray, pq.Int32: encoding.Int32,
		pq.Int64: encoding.Int64, pq.Int96: encoding.Int96, pq.Boolean: encoding.Boolean}[kind]
	if v.Kind() != want {
		return d, fmt.Errorf("a page of %v values in a %v column", v.Kind(), kind)
	}
	switch kind {
	case pq.ByteArray:
		d.bytes, d.offsets = v.ByteArray()
		d.n = max(len(d.offsets)-1, 0)
	case pq.Int32:
		d.i32 = v.Int32()
		d.n = len(d.i32)
	case pq.Int64:
		d.i64 = v.Int64()
		d.n = len(d.i64)
	case pq.Int96:
		d.i96 = v.Int96()
		d.n = len(d.i96)
	case pq.Boolean:
		d.bits = v.Boolean()
		d.n = 8 * len(d.bits)
	}
	return d, nil
}

func (c *cursor) open(chunk pq.ColumnChunk, kind pq.Kind, maxDef byte) {
	*c = cursor{kind: kind, maxDef: maxDef, pages: chunk.Pages()}
}

func (c *cursor) close() {
	c.release()
	if c.pages != nil {
		c.pages.Close()
		c.pages = nil
	}
	c.dictOf, c.dict = nil, pageData{}
}

func (c *cursor) release() {
	if c.page != nil {
		pq.Release(c.page)
		c.page = nil
	}
}

// next moves to the next slot and returns the index of its value in
// values(); -1 for a null.
func (c *cursor) next() (int, error) {
	for c.slot == c.slots {
		if err := c.nextPage(); err != nil {
			return 0, err
		}
	}
	s := c.slot
	c.slot++
	if c.levels != nil && c.levels[s] != c.maxDef {
		return -1, nil
	}
	i := c.value
	c.value++
	if c.idx != nil {
		k := c.idx[i]
		if k < 0 || int(k) >= c.dict.n {
			return 0, fmt.Errorf("dictionary index %d of a dictionary of %d values", k, c.dict.n)
		}
		return int(k), nil
	}
	return i, nil
}

// values returns the data next's indexes are in.
func (c *cursor) values() *pageData {
	if c.idx != nil {
		return &c.dict
	}
	return &c.data
}

func (c *cursor) nextPage() error {
	c.release()
	p, err := c.pages.ReadPage()
	if err != nil {
		if err == io.EOF {
			err = errors.New("fewer values than the row group has rows")
		}
		return err
	}
	c.page = p
	n := 0
	if d := p.Dictionary(); d != nil {
		v := p.Data()
		if v.Kind() != encoding.Int32 {
			return fmt.Errorf("a dictionary page of %v indexes", v.Kind())
		}
		c.idx = v.Int32()
		n = len(c.idx)
		if c.dictOf != d {
			if c.dict, err = dataOf(c.kind, d.Page().Data()); err != nil {
				return err
			}
			c.dict.n = min(c.dict.n, d.Len())
			c.dictOf = d
		}
	} else {
		c.idx = nil
		if c.data, err = dataOf(c.kind, p.Data()); err != nil {
			return err
		}
		n = c.data.n
	}
	c.levels = p.DefinitionLevels()
	c.slots = int(p.NumValues())
	present := c.slots
	if c.levels != nil {
		if len(c.levels) != c.slots {
			return fmt.Errorf("a page of %d values has %d definition levels", c.slots, len(c.levels))
		}
		present = 0
		for _, l := range c.levels {
			if l == c.maxDef {
				present++
			}
		}
	}
	if present > n || c.slots < 0 {
		return fmt.Errorf("a page has %d values where it should have %d", n, present)
	}
	c.slot, c.value = 0, 0
	return nil
}

// internString returns b as a string, the same string for the same bytes
// while there are few distinct ones: buckets, storage classes and
// encryption statuses repeat on every row.
func (rd *rowReader) internString(b []byte) string {
	if s, ok := rd.intern[string(b)]; ok {
		return s
	}
	s := string(b)
	if len(rd.intern) < 1024 {
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
