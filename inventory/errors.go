package inventory

import (
	"bufio"
	"bytes"
	"errors"
	"slices"
	"strconv"
	"strings"
)

// InputError is a problem with a whole-file JSON input: a manifest, a tag
// sidecar, a describe-buckets output, the top-level structure of a
// list-objects output. The readers that collect several problems return
// them joined with errors.Join; errors.As finds the first, and the joined
// error's Unwrap() []error gives every one.
type InputError struct {
	File string
	// Line is the 1-based line of the problem; 0 when not known.
	Line int64
	// Path is the JSON path of the member at fault from the input's root
	// (files[2].size, buckets[3].sharedAccess); empty for the input as a
	// whole.
	Path string
	Msg  string
}

func (e *InputError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		b.WriteByte(':')
		b.WriteString(strconv.FormatInt(e.Line, 10))
	}
	b.WriteString(": ")
	if e.Path != "" {
		b.WriteString(e.Path)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Errors that a *FileError wraps, for errors.Is. A missing data file wraps
// fs.ErrNotExist.
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

// lineAt returns the 1-based line of byte offset off in data.
func lineAt(data []byte, off int64) int64 {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	if off < 0 {
		off = 0
	}
	n := int64(1)
	for _, c := range data[:off] {
		if c == '\n' {
			n++
		}
	}
	return n
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
func (x *lineIndex) at(off int64) int64 {
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
	return int64(i + 1)
}
