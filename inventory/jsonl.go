package inventory

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/scope"
)

// maxJSONLine is the longest JSONL line read; a longer one is a bad row.
const maxJSONLine = 16 << 20

// jsonlFile is JSONL of objects in the scope.Object JSON shape.
type jsonlFile struct {
	name string
	path string
	size int64
	read atomic.Int64
}

func (f *jsonlFile) Name() string { return f.name }
func (f *jsonlFile) Size() int64  { return f.size }
func (f *jsonlFile) Read() int64  { return f.read.Load() }

func (f *jsonlFile) Records(ctx context.Context) iter.Seq2[*Record, error] {
	return func(yield func(*Record, error) bool) {
		f.read.Store(0)
		r, c, err := openText(f.path, &f.read)
		if err != nil {
			yield(nil, &FileError{File: f.name, Err: err})
			return
		}
		defer c.Close()
		lr := lineReader{br: bufio.NewReaderSize(r, 256<<10), max: maxJSONLine}
		skipBOM(lr.br)
		var rec Record
		rec.Pos.File = f.name
		for n := 1; ; n++ {
			if n%ctxEvery == 0 {
				if err := ctx.Err(); err != nil {
					yield(nil, err)
					return
				}
			}
			line, tooLong, err := lr.next()
			if err == io.EOF {
				return
			}
			if err != nil {
				yield(nil, &FileError{File: f.name, Line: lr.line + 1, Err: readError(err)})
				return
			}
			rec.Pos.Line = lr.line
			var col string
			switch line = bytes.TrimSpace(line); {
			case tooLong:
				err = fmt.Errorf("line longer than %d bytes", maxJSONLine)
			case len(line) == 0:
				continue
			default:
				col, err = jsonlRecord(&rec.Object, line)
			}
			if err != nil {
				if !yield(nil, &RowError{Pos: rec.Pos, Column: col, Err: err}) {
					return
				}
				continue
			}
			if !yield(&rec, nil) {
				return
			}
		}
	}
}

// jsonlRecord decodes a line into o; on a problem it returns the member at
// fault.
func jsonlRecord(o *scope.Object, line []byte) (string, error) {
	if err := checkUTF8(line, "line"); err != nil {
		return "", err
	}
	err := json.Unmarshal(line, o)
	if err == nil {
		switch {
		case o.Bucket == "":
			return "bucket", errors.New("empty")
		case o.Key == "":
			return "key", errors.New("empty")
		case len(o.Key) > maxKey:
			return "key", fmt.Errorf("%d bytes long, more than S3's %d", len(o.Key), maxKey)
		case o.LastModified.Year() < 1:
			return "lastModified", fmt.Errorf("%s is before the year 0001", o.LastModified.Format(time.RFC3339Nano))
		}
		return "", nil
	}
	var fe *field.Error
	if errors.As(err, &fe) {
		return fe.Path, errors.New(fe.Message)
	}
	return "", errors.New(strings.TrimPrefix(err.Error(), "json: "))
}

// lineReader reads lines of any length up to max, counting them.
type lineReader struct {
	br   *bufio.Reader
	max  int
	line int64
	long []byte
}

// next returns the next line with its "\n"; io.EOF after the last line;
// tooLong when the line is longer than max (it is cut there).
func (r *lineReader) next() (line []byte, tooLong bool, err error) {
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
