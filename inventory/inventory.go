package inventory

import (
	"context"
	"iter"
	"math"
	"strconv"

	"github.com/jobscope/jobscope/scope"
)

// Record is one object version read from an input, with where it was read.
// A reader reuses one Record for every row it yields: a consumer that keeps
// a record past the loop iteration must copy it (the Tags map is not reused
// and may be kept).
type Record struct {
	scope.Object
	Pos Position
}

// Position locates a row in an input: File and Line for line-based inputs
// (CSV data files, JSONL, list-objects JSON), File, RowGroup and Row for a
// Parquet file. Line and Row are 1-based; RowGroup is 0-based. The
// *field.Error of a rejected row has the same fields.
type Position struct {
	File     string
	Line     int
	RowGroup int
	Row      int64
}

// String is "file:line" for line-based inputs and "file:row-group:row" for
// Parquet; the file alone when the position has neither.
func (p Position) String() string {
	switch {
	case p.Row > 0:
		return p.File + ":" + strconv.Itoa(p.RowGroup) + ":" + strconv.FormatInt(p.Row, 10)
	case p.Line > 0:
		return p.File + ":" + strconv.Itoa(p.Line)
	}
	return p.File
}

// File is one unit of input that is read on its own, start to end: a data
// file of an S3 Inventory report, a CSV or Parquet data file given
// directly, a list-objects JSON file, a JSONL file. Files of one Source
// may be read concurrently, each by one goroutine.
type File interface {
	// Name is the file's name as positions give it.
	Name() string
	// Size is the file's size in bytes as read from disk (compressed),
	// for progress; -1 when unknown (a stream).
	Size() int64
	// Records yields the file's rows in order. A row that cannot be read
	// is yielded as a nil record and a *field.Error of Code
	// field.InvalidRow, and the sequence goes on. Any other error — the
	// file is missing, truncated, corrupt, or ctx is done — is yielded
	// last (a *field.Error of Code field.Unreadable, or ctx.Err()) and
	// ends the sequence. The yielded *Record is reused between rows.
	// Records of a file read from a stream (see [Open]) can be ranged
	// over once; again, it yields an error that wraps [ErrStreamRead].
	Records(ctx context.Context) iter.Seq2[*Record, error]
	// BytesRead returns the number of bytes of the file read so far
	// (compressed bytes, comparable with Size); safe to call from another
	// goroutine while Records runs. For progress.
	BytesRead() int64
}

// Format is the kind of an input.
type Format string

// The input formats.
const (
	FormatManifest           Format = "S3_INVENTORY"         // an S3 Inventory manifest.json
	FormatCSV                Format = "CSV"                  // an S3 Inventory CSV or CSV.gz data file
	FormatParquet            Format = "PARQUET"              // an S3 Inventory Parquet data file
	FormatListObjectsV2      Format = "LIST_OBJECTS_V2"      // aws s3api list-objects-v2 output
	FormatListObjectVersions Format = "LIST_OBJECT_VERSIONS" // aws s3api list-object-versions output
	FormatJSONL              Format = "JSONL"                // one scope.Object per line
)

// Source is one input the user named: its format, the columns it supplies,
// and the files to read.
type Source struct {
	// Name is the path the user gave; StdinName for "-".
	Name   string
	Format Format
	// Columns are the fields every row of the source supplies.
	Columns Column
	// Files are the data files, in the order the manifest (or the user)
	// lists them.
	Files []File
	// Manifest is the parsed manifest of an S3 Inventory report; nil for
	// a file given directly.
	Manifest *Manifest
}

// Size is the total of the files' sizes, -1 when one is unknown. It
// saturates at math.MaxInt64 (a manifest may claim any size).
func (s *Source) Size() int64 {
	var n int64
	for _, f := range s.Files {
		if f.Size() < 0 {
			return -1
		}
		if n > math.MaxInt64-f.Size() {
			n = math.MaxInt64
			continue
		}
		n += f.Size()
	}
	return n
}
