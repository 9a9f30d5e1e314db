package inventory

import (
	"bufio"
	"bytes"
	"errors"
	"slices"

	"github.com/jobscope/jobscope/field"
)

// Errors that a *field.Error of Code field.Unreadable wraps, for
// errors.Is. A missing data file wraps fs.ErrNotExist.
var (
	// ErrSize: the data file's size differs from its manifest's. The file
	// is not read.
	ErrSize = errors.New("size does not match the manifest")
	// ErrChecksum: the MD5 of the data file's bytes differs from its
	// manifest's MD5checksum. It is known only at the end of the file, so
	// the rows read from it have been yielded (and are counted).
	ErrChecksum = errors.New("MD5 checksum does not match the manifest")
	// ErrUnsafeKey: a manifest's data file key is absolute or has a ".."
	// segment, so it could name a file outside the report.
	ErrUnsafeKey = errors.New("unsafe data file key")
	// ErrPageLimit: reading a page of a Parquet data file would take more
	// memory than [Options.MaxPageBytes] allows. The rows read from the
	// file before it have been yielded.
	ErrPageLimit = errors.New("more memory than Options.MaxPageBytes allows")
)

// rowError is a rejected row at pos; column is the field at fault in the
// input's own spelling, empty when the row as a whole is bad.
func rowError(pos Position, column string, err error) *field.Error {
	return &field.Error{Code: field.InvalidRow, File: pos.File, Line: pos.Line, RowGroup: pos.RowGroup, Row: pos.Row,
		Path: column, Err: err}
}

// fileError is a file that cannot be read, or not to its end; line is
// where reading broke, 0 when the problem is not at a line.
func fileError(name string, line int, err error) *field.Error {
	return &field.Error{Code: field.Unreadable, File: name, Line: line, Err: err}
}

// inputError is a problem of a whole-file JSON input (a manifest, a tag
// sidecar, describe-buckets output, the structure of a list output) at
// path, the JSON path of the member at fault (empty for the input as a
// whole), on line (0 when not known).
func inputError(name string, line int, path string, code field.Code, msg string) *field.Error {
	return &field.Error{Code: code, File: name, Line: line, Path: path, Message: msg}
}

// lineAt returns the 1-based line of byte offset off in data.
func lineAt(data []byte, off int64) int {
	off = max(0, min(off, int64(len(data))))
	return bytes.Count(data[:off], []byte{'\n'}) + 1
}

// utf8BOM is the UTF-8 byte order mark some editors and shells write at
// the start of a file. Every reader ignores it there, as the job decoder
// does.
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// skipBOM consumes a byte order mark at the start of br.
func skipBOM(br *bufio.Reader) {
	if b, _ := br.Peek(3); bytes.Equal(b, utf8BOM) {
		br.Discard(3)
	}
}

// lineIndex finds the lines of offsets in one document in O(log n) each,
// where lineAt costs O(n): for inputs that may report an error per element.
type lineIndex struct {
	data   []byte
	starts []int64 // offsets of line starts; built on first use
}

// at returns the 1-based line of byte offset off.
func (x *lineIndex) at(off int64) int {
	if x.starts == nil {
		x.starts = []int64{0}
		for i, c := range x.data {
			if c == '\n' {
				x.starts = append(x.starts, int64(i+1))
			}
		}
	}
	off = max(0, min(off, int64(len(x.data))))
	i, found := slices.BinarySearch(x.starts, off)
	if !found {
		i--
	}
	return i + 1
}
