package inventory

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"hash"
	"io"
	"iter"
	"sync/atomic"
	"unicode/utf8"
)

// Buffer sizes of the readers: the bytes of a file, and the text (gzip
// decompressed) they split into rows.
const (
	rawBuffer  = 256 << 10
	textBuffer = 256 << 10
)

// fileInfo is what every File of the package has: its name as positions
// give it, its path, its size and the bytes of it read so far; and, for a
// stream, the stream.
type fileInfo struct {
	name   string
	path   string
	size   int64
	read   atomic.Int64
	stream *stream
	remote Remote // reads a path that is a URI
}

func (f *fileInfo) Name() string { return f.name }
func (f *fileInfo) Size() int64  { return f.size }

func (f *fileInfo) BytesRead() int64 {
	if f.stream != nil && f.stream.text != nil {
		return f.stream.n.Load()
	}
	return f.read.Load()
}

func (f *fileInfo) pos(line int) Position { return Position{File: f.name, Line: line} }

// textRecords is the Records of a file of text (gzip-compressed or not)
// that read reads from r: a file that cannot be opened is yielded as its
// error.
func (f *fileInfo) textRecords(ctx context.Context, read func(r io.Reader, yield func(*Record, error) bool)) iter.Seq2[*Record, error] {
	return func(yield func(*Record, error) bool) {
		if f.stream != nil {
			r, err := f.stream.take()
			if err != nil {
				yield(nil, fileError(f.name, 0, err))
				return
			}
			defer f.stream.done()
			if r != nil {
				read(r, yield)
				return
			}
		}
		f.read.Store(0)
		r, c, err := openText(ctx, f.remote, f.path, &f.read)
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
	h *hasher
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if n > 0 {
		c.n.Add(int64(n))
		if c.h != nil {
			c.h.write(p[:n])
		}
	}
	return n, err
}

// hasher hashes the bytes written to it on a goroutine of its own, so
// that a file's checksum costs its reader a copy of the bytes. It holds
// at most hashBuffers copies.
type hasher struct {
	h    hash.Hash
	todo chan []byte
	free chan []byte
	done chan struct{}
	out  []byte
}

const hashBuffers = 2

func newHasher(h hash.Hash) *hasher {
	hs := &hasher{h: h, todo: make(chan []byte, hashBuffers), free: make(chan []byte, hashBuffers), done: make(chan struct{})}
	for range hashBuffers {
		hs.free <- nil
	}
	todo := hs.todo
	go func() {
		defer close(hs.done)
		for b := range todo {
			hs.h.Write(b)
			hs.free <- b
		}
		hs.out = hs.h.Sum(nil)
	}()
	return hs
}

// write hands a copy of p to the hashing goroutine.
func (hs *hasher) write(p []byte) {
	b := <-hs.free
	hs.todo <- append(b[:0], p...)
}

// sum returns the hash of every byte written; nothing may be written
// after.
func (hs *hasher) sum() []byte {
	hs.stop()
	return hs.out
}

// stop ends the hashing goroutine and waits for it; again, it does
// nothing.
func (hs *hasher) stop() {
	select {
	case <-hs.done:
		return
	default:
	}
	if hs.todo != nil {
		close(hs.todo)
		hs.todo = nil
	}
	<-hs.done
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

// lineReader reads lines of any length up to max, counting them, from br
// or, when br is nil, from mem[mpos:].
type lineReader struct {
	br   *bufio.Reader
	max  int
	line int
	long []byte
	mem  []byte
	mpos int
}

// next returns the next line with its "\n"; io.EOF after the last line;
// tooLong when the line is longer than max (it is cut there).
func (r *lineReader) next() (line []byte, tooLong bool, err error) {
	if r.br == nil {
		rest := r.mem[r.mpos:]
		if len(rest) == 0 {
			return nil, false, io.EOF
		}
		i := bytes.IndexByte(rest, '\n')
		if i < 0 {
			i = len(rest) - 1
		}
		r.mpos += i + 1
		r.line++
		if i >= r.max {
			return rest[:r.max], true, nil
		}
		return rest[:i+1], false, nil
	}
	line, err = r.br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		r.long = append(r.long[:0], line...)
		for err == bufio.ErrBufferFull {
			line, err = r.br.ReadSlice('\n')
			if len(r.long)+len(line) <= r.max {
				r.long = append(r.long, line...)
			} else {
				tooLong = true
			}
		}
		line = r.long
	}
	if err != nil && err != io.EOF {
		return nil, false, err
	}
	if len(line) == 0 {
		return nil, false, io.EOF
	}
	r.line++
	return line, tooLong, nil
}

// checkUTF8 rejects JSON text that is not valid UTF-8, which encoding/json
// would read with U+FFFD in place of the bad bytes: a key read so would
// not be the object's key.
func checkUTF8(text []byte, what string) error {
	if utf8.Valid(text) {
		return nil
	}
	i := 0
	for i < len(text) {
		r, size := utf8.DecodeRune(text[i:])
		if r == utf8.RuneError && size <= 1 {
			break
		}
		i += size
	}
	return fmt.Errorf("not valid UTF-8: byte 0x%02x at byte %d of the %s", text[i], i+1, what)
}
