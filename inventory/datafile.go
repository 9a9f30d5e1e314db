package inventory

import (
	"context"
	"hash"
	"io"
	"iter"
	"sync/atomic"
)

// Buffer sizes of the readers: the bytes of a file, and the text (gzip
// decompressed) they split into rows.
const (
	rawBuffer  = 256 << 10
	textBuffer = 256 << 10
)

// fileInfo is what every File of the package has: its name as positions
// give it, its path, its size and the bytes of it read so far.
type fileInfo struct {
	name string
	path string
	size int64
	read atomic.Int64
}

func (f *fileInfo) Name() string          { return f.name }
func (f *fileInfo) Size() int64           { return f.size }
func (f *fileInfo) BytesRead() int64      { return f.read.Load() }
func (f *fileInfo) pos(line int) Position { return Position{File: f.name, Line: line} }

// textRecords is the Records of a file of text (gzip-compressed or not)
// that read reads from r: a file that cannot be opened is yielded as its
// error.
func (f *fileInfo) textRecords(read func(r io.Reader, yield func(*Record, error) bool)) iter.Seq2[*Record, error] {
	return func(yield func(*Record, error) bool) {
		f.read.Store(0)
		r, c, err := openText(f.path, &f.read)
		if err != nil {
			yield(nil, fileError(f.name, 0, err))
			return
		}
		defer c.Close()
		read(r, yield)
	}
}

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

// errFile is a data file that cannot be read at all: Records yields its
// error.
type errFile struct {
	name string
	err  error
}

func (f *errFile) Name() string     { return f.name }
func (f *errFile) Size() int64      { return 0 }
func (f *errFile) BytesRead() int64 { return 0 }
func (f *errFile) Records(context.Context) iter.Seq2[*Record, error] {
	return func(yield func(*Record, error) bool) {
		yield(nil, fileError(f.name, 0, f.err))
	}
}
