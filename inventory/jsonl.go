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
	"time"
	"unicode/utf8"

	"github.com/jobscope/jobscope/scope"
)

// maxJSONLine is the longest JSONL line read; a longer one is a bad row.
const maxJSONLine = 16 << 20

// jsonlFile is JSONL of objects, one a line in the scope.Object JSON
// shape, decoded strictly by scope.Object's UnmarshalJSON. Blank lines are
// skipped; a bad line is a rejected row at its line naming the member: a
// line that is not valid UTF-8, an empty bucket or key, a key longer than
// S3's 1,024 bytes and a lastModified before the year 0001 are bad lines
// too. JSONL supplies every column, Tags included: an absent member is its
// zero value (no version, the latest, not a delete marker, no tags).
type jsonlFile struct{ fileInfo }

func (in *input) openJSONL() *Source {
	f := &jsonlFile{fileInfo{name: in.name, path: in.path, size: in.size}}
	return &Source{Name: in.name, Format: FormatJSONL, Columns: jsonlColumns, Files: []File{f}}
}

func (f *jsonlFile) Records(ctx context.Context) iter.Seq2[*Record, error] {
	return f.textRecords(func(r io.Reader, yield func(*Record, error) bool) {
		lr := lineReader{br: bufio.NewReaderSize(r, textBuffer), max: maxJSONLine}
		skipBOM(lr.br)
		var rec Record
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
				yield(nil, fileError(f.name, lr.line+1, readError(err)))
				return
			}
			rec.Pos = f.pos(lr.line)
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
				if !yield(nil, rowError(rec.Pos, col, err)) {
					return
				}
				continue
			}
			if !yield(&rec, nil) {
				return
			}
		}
	})
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
	var oe *scope.ObjectError
	if errors.As(err, &oe) {
		return oe.Member, errors.New(oe.Message)
	}
	return "", errors.New(strings.TrimPrefix(err.Error(), "json: "))
}

// lineReader reads lines of any length up to max, counting them.
type lineReader struct {
	br   *bufio.Reader
	max  int
	line int
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
