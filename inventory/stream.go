package inventory

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"os"
	"runtime"
	"sync/atomic"

	"github.com/jobscope/jobscope/field"
)

// StdinName is the name positions, errors and Source.Name give standard
// input, the input named "-".
const StdinName = "<stdin>"

// ErrStreamRead: Records of a File read from a stream was called again.
// A stream is read once, so the second Records yields a *field.Error of
// Code field.Unreadable that wraps it, and nothing else.
var ErrStreamRead = errors.New("the input is a stream, which has been read: its records can be read once")

// isStream reports whether a file read as st is a stream: a named pipe, a
// character device (/dev/stdin), a socket; anything but a regular file or
// a directory.
func isStream(st fs.FileInfo) bool { return !st.Mode().IsRegular() && !st.IsDir() }

// stream is an input read once, in order. Its File reads either text, the
// stream itself (decompressed), or temp, a temporary file the stream was
// copied to, which is removed when Records ends.
type stream struct {
	text   *bufio.Reader
	closer io.Closer // of the stream; nil for Options.Stdin
	temp   string
	n      atomic.Int64 // the bytes read of the stream
	used   atomic.Bool
}

// take returns the stream's text the first time it is called (nil when
// the stream was spooled: read the temporary file), and ErrStreamRead
// after.
func (s *stream) take() (io.Reader, error) {
	if s.used.Swap(true) {
		return nil, ErrStreamRead
	}
	if s.text == nil {
		return nil, nil
	}
	return s.text, nil
}

// done releases what the stream holds once its records are read.
func (s *stream) done() {
	if s.closer != nil {
		s.closer.Close()
	}
	if s.temp != "" {
		os.Remove(s.temp)
	}
}

// spool has fill write the stream (its text) to a new temporary file in
// dir, which the stream's File reads and removes; the file is removed too
// when the File is dropped without its records being read, or when fill
// fails.
func (s *stream) spool(dir string, fill func(w io.Writer) error) error {
	tmp, err := os.CreateTemp(dir, "jobscope-stream-*")
	if err != nil {
		return err
	}
	s.temp = tmp.Name()
	err = fill(tmp)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(s.temp)
		return err
	}
	runtime.SetFinalizer(s, func(s *stream) { os.Remove(s.temp) })
	return nil
}

// sniffLimit is the most bytes of a JSON stream read to tell which input
// it is, which are kept to be read again.
const sniffLimit = maxJSONLine

// recorder keeps the bytes read through it, up to sniffLimit.
type recorder struct {
	r   io.Reader
	buf []byte
}

func (c *recorder) Read(p []byte) (int, error) {
	if len(c.buf) >= sniffLimit {
		return 0, fmt.Errorf("the first JSON object does not tell what the input is within %d bytes", sniffLimit)
	}
	p = p[:min(len(p), sniffLimit-len(c.buf))]
	n, err := c.r.Read(p)
	c.buf = append(c.buf, p[:n]...)
	return n, err
}

// openStream opens a stream, r, which closer closes (nil when the caller
// owns it). It reads the stream once, in order: what it is is told by its
// first bytes, as for a file (gzip is decompressed and its text looked
// at), but never by its name. CSV and JSONL are read as they stream, by
// Records; Parquet and list outputs, which are read twice, are copied to
// a temporary file in Options.TempDir first; a manifest is read whole, and
// its data file keys are found below Options.DataRoot.
func (in *input) openStream(ctx context.Context, r io.Reader, closer io.Closer) (src *Source, err error) {
	s := &stream{closer: closer}
	defer func() {
		if err != nil || s.text == nil {
			if closer != nil {
				closer.Close()
			}
			s.closer = nil
		}
	}()
	in.size = -1
	name := in.name
	fail := func(err error) error {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return &field.Error{File: name, Code: field.Unreadable, Err: err}
	}
	raw := bufio.NewReaderSize(&countReader{r: r, n: &s.n}, rawBuffer)
	var text io.Reader = raw
	if magic, _ := raw.Peek(2); isGzip(magic) {
		zr, err := gzip.NewReader(raw)
		if err != nil {
			return nil, fail(readError(err))
		}
		text = zr
	}
	tbr := bufio.NewReaderSize(text, textBuffer)
	head, err := tbr.Peek(4)
	if err != nil && err != io.EOF {
		return nil, fail(readError(err))
	}
	switch {
	case bytes.Equal(head, []byte("PAR1")):
		d, ok := driverFor("Parquet")
		if !ok {
			return nil, missingDriver(name, "Parquet")
		}
		err := s.spool(in.opts.TempDir, func(w io.Writer) error {
			_, err := io.Copy(w, ctxReader{ctx, tbr})
			return err
		})
		if err != nil {
			return nil, fail(err)
		}
		f, cols, err := d.Open(ctx, s.temp, FileOptions{Name: name, MaxPageBytes: in.opts.MaxPageBytes})
		if err != nil {
			os.Remove(s.temp)
			return nil, err
		}
		return &Source{Name: name, Format: d.Format, Columns: cols | ColBucket | ColKey,
			Files: []File{&spooledFile{File: f, s: s}}}, nil
	case bytes.HasPrefix(head, []byte("ORC")):
		return nil, errORC(name)
	}
	skipBOM(tbr)
	first, err := firstByte(tbr)
	switch {
	case err == io.EOF:
		return nil, &field.Error{File: name, Code: field.InvalidValue, Message: "empty"}
	case err != nil:
		return nil, fail(readError(err))
	case first == '[':
		return nil, errArray(name)
	case first != '{':
		s.text = tbr
		return in.openCSV(s)
	}
	rec := &recorder{r: tbr}
	format, err := sniffJSON(rec)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, scanError(name, err)
	}
	replay := io.MultiReader(bytes.NewReader(rec.buf), tbr)
	switch format {
	case FormatManifest:
		if in.opts.DataRoot == "" {
			return nil, &field.Error{File: name, Path: "DataRoot", Code: field.InvalidOption,
				Message: "a manifest read from a stream has no directory to find its data files in: give the data root"}
		}
		return in.readManifest(ctx, replay)
	case FormatJSONL:
		s.text = bufio.NewReaderSize(replay, textBuffer)
		return in.openJSONL(s), nil
	}
	// A list output is read twice (its bucket may come after its
	// objects): the stream is copied while it is read the first time.
	err = s.spool(in.opts.TempDir, func(w io.Writer) error {
		in.path = s.temp
		src, err = in.readList(ctx, io.TeeReader(replay, w), s)
		return err
	})
	if err != nil {
		var fe *field.Error
		if !errors.As(err, &fe) {
			err = fail(err)
		}
		return nil, err
	}
	return src, nil
}

// spooledFile is a data file of a driver read from a stream, which was
// copied to a temporary file.
type spooledFile struct {
	File
	s *stream
}

func (f *spooledFile) Size() int64 { return -1 }

func (f *spooledFile) Records(ctx context.Context) iter.Seq2[*Record, error] {
	return func(yield func(*Record, error) bool) {
		if _, err := f.s.take(); err != nil {
			yield(nil, fileError(f.Name(), 0, err))
			return
		}
		defer f.s.done()
		for rec, err := range f.File.Records(ctx) {
			if !yield(rec, err) {
				return
			}
		}
	}
}
