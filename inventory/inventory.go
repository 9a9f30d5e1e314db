package inventory

import (
	"context"
	"fmt"
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
// Parquet file. Line and Row are 1-based; RowGroup is 0-based.
type Position struct {
	File     string
	Line     int64
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
		return p.File + ":" + strconv.FormatInt(p.Line, 10)
	}
	return p.File
}

// RowError is a row that could not be read. A reader yields it in place of
// the row and goes on with the next one: the row is rejected, counted by the
// consumer, never silently dropped.
type RowError struct {
	Pos Position
	// Column is the field the problem is in, in the input's own spelling
	// (a fileSchema name such as "Size", a Parquet column, a JSON member);
	// empty when the row as a whole is bad.
	Column string
	Err    error
}

func (e *RowError) Error() string {
	if e.Column != "" {
		return fmt.Sprintf("%s: %s: %v", e.Pos, e.Column, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.Pos, e.Err)
}

func (e *RowError) Unwrap() error { return e.Err }

// FileError is a data file that could not be read, or not to its end: it
// is missing, truncated, corrupt, or does not match the size or checksum
// its manifest gives. Rows read from the file before the problem was found
// stay counted.
type FileError struct {
	File string
	// Line is the line of a line-based file at which reading broke (the
	// line being read when a gzip stream ended early, for instance); 0
	// when the problem is not at a line (missing file, size or checksum).
	Line int64
	Err  error
}

func (e *FileError) Error() string {
	if e.Line > 0 {
		return e.File + ":" + strconv.FormatInt(e.Line, 10) + ": " + e.Err.Error()
	}
	return e.File + ": " + e.Err.Error()
}
func (e *FileError) Unwrap() error { return e.Err }

// File is one unit of input that is read on its own, start to end: a data
// file of an S3 Inventory report, a CSV or Parquet data file given
// directly, a list-objects JSON file, a JSONL file. Files of one Source
// may be read concurrently, each by one goroutine.
type File interface {
	// Name is the file's name as positions give it.
	Name() string
	// Size is the file's size in bytes as read from disk (compressed),
	// for progress; -1 when unknown.
	Size() int64
	// Records yields the file's rows in order. A row that cannot be read
	// is yielded as a nil record and a *RowError, and the sequence goes
	// on. Any other error — the file is missing, truncated, corrupt, or
	// ctx is done — is yielded last (a *FileError, or ctx.Err()) and ends
	// the sequence. The yielded *Record is reused between rows.
	Records(ctx context.Context) iter.Seq2[*Record, error]
	// Read returns the number of bytes of the file read so far (compressed
	// bytes, comparable with Size); safe to call from another goroutine
	// while Records runs. For progress.
	Read() int64
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
	// Name is the path the user gave.
	Name   string
	Format Format
	// Columns are the fields every row of the source supplies.
	Columns Column
	// Files are the data files, in the order the manifest (or the user)
	// lists them.
	Files []File
	// Manifest is the parsed manifest when Format is FormatManifest.
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

// Manifest is an S3 Inventory report's manifest.json.
type Manifest struct {
	SourceBucket      string         `json:"sourceBucket"`
	DestinationBucket string         `json:"destinationBucket"`
	Version           string         `json:"version"`
	CreationTimestamp string         `json:"creationTimestamp"`
	FileFormat        string         `json:"fileFormat"`
	FileSchema        string         `json:"fileSchema"`
	Files             []ManifestFile `json:"files"`
}

// ManifestFile is one data file a manifest lists.
type ManifestFile struct {
	// Key is the data file's key in the destination bucket
	// (PREFIX/SOURCE-BUCKET/CONFIG-ID/data/FILE).
	Key string `json:"key"`
	// Size is the file's size in bytes; 0 when the manifest gives none
	// (a data file is never empty), and then it is not checked.
	Size int64 `json:"size"`
	// MD5Checksum is the hex MD5 of the file's bytes; empty when the
	// manifest gives none, and then it is not checked.
	MD5Checksum string `json:"MD5checksum"`
}

// Options are the choices of Open.
type Options struct {
	// DataRoot is the directory the data file keys of a manifest are
	// resolved against: the local copy of the destination bucket. When
	// empty, Open looks for each key below the ancestors of the
	// manifest's directory, as S3 lays a report out
	// (PREFIX/SOURCE-BUCKET/CONFIG-ID/YYYY-MM-DDTHH-MMZ/manifest.json next
	// to PREFIX/SOURCE-BUCKET/CONFIG-ID/data/FILE).
	DataRoot string
	// FileSchema is the column list of a CSV data file given directly,
	// as a manifest's fileSchema spells it ("Bucket, Key, Size, ...").
	// S3 Inventory CSV files have no header line, so a CSV data file
	// needs it, unless its first line is a header of fileSchema names.
	// A manifest's own fileSchema is used for its files; this is ignored.
	FileSchema string
	// Bucket is the bucket of inputs that may not name it: the output of
	// aws s3api list-objects-v2 and list-object-versions when it has no
	// "Name" member (as when the CLI paginates; when it has one, Bucket
	// must be empty or agree), and a CSV data file given directly whose
	// fileSchema has no Bucket column. Other inputs name their buckets
	// and ignore it.
	Bucket string
	// MaxPageBytes bounds the memory the pages of a Parquet data file take
	// while it is read, in bytes: the page being read of each column,
	// compressed and decompressed, and the columns' dictionaries. A page
	// whose header gives a larger size, or that would make them take more,
	// ends the file's records with a *FileError that wraps [ErrPageLimit]
	// and names the row group, the column and the page; the rows before
	// it have been yielded. 0 is [DefaultMaxPageBytes]; Open fails for a
	// negative value. Read n files at once, and their pages take at most n
	// times MaxPageBytes.
	MaxPageBytes int64
}

// DefaultMaxPageBytes is the default of [Options.MaxPageBytes], 64 MiB.
// parquet-mr (S3 Inventory's writer, and Spark's), Arrow and parquet-go
// cut pages at 1 MiB or less, and parquet-mr and Arrow keep dictionaries
// to 1 MiB, so that the reader of one of their files holds a few MiB.
// DuckDB cuts a page only at 100 MB, so that its pages hold a column's
// whole row group (122,880 rows by default): some MiB, and tens of MiB
// for long keys, which the default leaves room for.
const DefaultMaxPageBytes = 64 << 20
