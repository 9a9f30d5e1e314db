package inventory

import (
	"bufio"
	"compress/gzip"
	"context"
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"iter"
	"os"
	"strings"
	"sync/atomic"
)

// Buffer sizes of the CSV reader: the compressed bytes, and the
// decompressed text it splits into rows.
const (
	rawBuffer  = 256 << 10
	textBuffer = 256 << 10
)

// countReader counts the bytes read through it, and hashes them when h is
// set.
type countReader struct {
	r io.Reader
	n *atomic.Int64
	h hash.Hash
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if n > 0 {
		c.n.Add(int64(n))
		if c.h != nil {
			c.h.Write(p[:n])
		}
	}
	return n, err
}

// isGzip reports whether b starts with gzip's magic bytes.
func isGzip(b []byte) bool { return len(b) >= 2 && b[0] == 0x1f && b[1] == 0x8b }

// csvFile is a CSV data file, gzip-compressed or not.
type csvFile struct {
	name      string
	path      string
	size      int64
	m         *ManifestFile // nil for a file given directly
	schema    *csvSchema
	defBucket string
	header    bool // the first line is a header
	read      atomic.Int64
}

func (f *csvFile) Name() string { return f.name }
func (f *csvFile) Size() int64  { return f.size }
func (f *csvFile) Read() int64  { return f.read.Load() }

func (f *csvFile) Records(ctx context.Context) iter.Seq2[*Record, error] {
	return func(yield func(*Record, error) bool) {
		f.read.Store(0)
		fail := func(line int64, err error) { yield(nil, &FileError{File: f.name, Line: line, Err: err}) }
		fh, err := os.Open(f.path)
		if err != nil {
			fail(0, err)
			return
		}
		defer fh.Close()
		var h hash.Hash
		if m := f.m; m != nil {
			if m.Size > 0 {
				st, err := fh.Stat()
				if err != nil {
					fail(0, err)
					return
				}
				if st.Size() != m.Size {
					fail(0, fmt.Errorf("%w: %d bytes, the manifest says %d; the file is not read", ErrSize, st.Size(), m.Size))
					return
				}
			}
			if m.MD5Checksum != "" {
				h = md5.New()
			}
		}
		raw := bufio.NewReaderSize(&countReader{r: fh, n: &f.read, h: h}, rawBuffer)
		var text io.Reader = raw
		if magic, _ := raw.Peek(2); isGzip(magic) {
			zr, err := gzip.NewReader(raw)
			if err != nil {
				fail(1, readError(err))
				return
			}
			text = zr
		}
		tr := bufio.NewReaderSize(text, textBuffer)
		skipBOM(tr)
		r := newCSVReader(f.name, tr, f.schema, f.defBucket)
		if !r.run(ctx, f.header, yield) {
			return
		}
		if h != nil {
			// The gzip reader stops at the end of the file, so the hash
			// covers every byte; a plain file is read to its end too.
			if _, err := io.Copy(io.Discard, raw); err != nil {
				fail(0, err)
				return
			}
			if sum := hex.EncodeToString(h.Sum(nil)); !strings.EqualFold(sum, f.m.MD5Checksum) {
				fail(0, fmt.Errorf("%w: the file's is %s, the manifest's %s; the rows read from it have been yielded", ErrChecksum, sum, f.m.MD5Checksum))
			}
		}
	}
}

// errFile is a data file that cannot be read at all: Records yields its
// error as a *FileError.
type errFile struct {
	name string
	err  error
}

func (f *errFile) Name() string { return f.name }
func (f *errFile) Size() int64  { return 0 }
func (f *errFile) Read() int64  { return 0 }
func (f *errFile) Records(context.Context) iter.Seq2[*Record, error] {
	return func(yield func(*Record, error) bool) {
		yield(nil, &FileError{File: f.name, Err: f.err})
	}
}
