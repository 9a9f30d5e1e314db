package inventory

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"

	"github.com/jobscope/jobscope/field"
)

// Options are the choices of Open.
type Options struct {
	// DataRoot is the directory the data file keys of a manifest are
	// resolved against: the local copy of the destination bucket, or the
	// bucket itself as a URI (s3://bucket), read by Remote. When
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
	// ends the file's records with a field.Unreadable error that wraps
	// [ErrPageLimit] and names the row group, the column and the page; the
	// rows before it have been yielded. 0 is [DefaultMaxPageBytes]; Open
	// fails for a negative value. Read n files at once, and their pages
	// take at most n times MaxPageBytes.
	MaxPageBytes int64
	// Stdin is the input named "-", read once as a stream, as is a named
	// pipe or a device (/dev/stdin, the /dev/fd/N of a shell's process
	// substitution). Positions and errors name it [StdinName]. Open fails
	// for "-" when it is nil.
	Stdin io.Reader
	// NoVerify skips the check of each data file's MD5 checksum against
	// its manifest entry, for reports that are trusted (the size is still
	// checked). The check runs on a goroutine of its own, beside the
	// reading of the rows; it costs a core a few percent of its time.
	NoVerify bool
	// TempDir is the directory where a stream that is read twice (Parquet,
	// list-objects output) is copied to a temporary file, which is removed
	// once its records are read; os.TempDir() when empty.
	TempDir string
	// Remote reads the inputs named by a URI (s3://bucket/key), and the
	// data files of a manifest read from one, which are found in the
	// manifest's destinationBucket (or below a DataRoot that is a URI).
	// Open fails for a URI when it is nil.
	Remote Remote
}

// DefaultMaxPageBytes is the default of [Options.MaxPageBytes], 64 MiB.
// parquet-mr (S3 Inventory's writer, and Spark's), Arrow and parquet-go
// cut pages at 1 MiB or less, and parquet-mr and Arrow keep dictionaries
// to 1 MiB, so that the reader of one of their files holds a few MiB.
// DuckDB cuts a page only at 100 MB, so that its pages hold a column's
// whole row group (122,880 rows by default): some MiB, and tens of MiB
// for long keys, which the default leaves room for.
const DefaultMaxPageBytes = 64 << 20

// driverPackages are the packages of the drivers this module has, for the
// message when a format's driver is not registered.
var driverPackages = map[string]string{
	"parquet": "github.com/jobscope/jobscope/inventory/parquet",
}

// Column sets of the inputs whose columns are fixed.
const (
	listV2Columns       = ColBucket | ColKey | ColSize | ColLastModified | ColStorageClass
	listVersionsColumns = listV2Columns | ColVersionID | ColIsLatest | ColIsDeleteMarker
	jsonlColumns        = ColBucket | ColKey | ColVersionID | ColIsLatest | ColIsDeleteMarker | ColSize |
		ColLastModified | ColStorageClass | ColEncryptionStatus | ColTags | ColIntelligentTieringAccessTier
)

// Open opens an input the user named and tells what it is: an S3
// Inventory manifest.json (or a directory holding one), a CSV or CSV.gz
// data file, a data file of a registered driver (.parquet), aws s3api
// list-objects-v2 or list-object-versions JSON output, or JSONL of
// objects. Open reads the manifest, and the whole of a list output once
// (to learn its bucket); data files are read by [File.Records]. A data
// file of a manifest that is missing or unsafe does not fail Open: its
// Records yields the error.
//
// The kind is told by content: gzip or plain CSV, Parquet's magic (or a
// .parquet name), ORC's magic (refused), and for JSON the member names of
// the first object (fileFormat, fileSchema, files: a manifest; bucket,
// key, ...: JSONL; Contents: list-objects-v2; Versions, DeleteMarkers:
// list-object-versions). A .jsonl or .ndjson name is JSONL whatever the
// first line holds. The JSON inputs may be gzip-compressed too (as `aws
// s3api list-objects-v2 ... | gzip` writes them): a gzip file named
// .jsonl.gz or .ndjson.gz is JSONL, one whose text starts with "{" is the
// JSON input its text is (a manifest too), and any other is CSV. A UTF-8
// byte order mark at the start of any input is ignored, as the job
// decoder ignores it.
//
// The input "-" ([Options.Stdin]), a named pipe and a device (/dev/stdin,
// the /dev/fd/N of `<(zcat x.gz)`) are streams: read once, in order, their
// kind told by their first bytes alone (gzip is decompressed and its text
// looked at; a name's suffix says nothing). Their files have Size -1, and
// Records can be ranged over once: again, it yields an error that wraps
// [ErrStreamRead]. CSV and JSONL stream as Records reads them; Parquet and
// list outputs are copied to a temporary file in [Options.TempDir] first
// (Open reads the whole stream), removed when Records ends; a manifest's
// data file keys are found below [Options.DataRoot], which it needs.
//
// A name that is a URI (s3://bucket/key) is an object that
// [Options.Remote] reads; its kind is told as a file's is, and it is
// never a stream or a directory. The data files of a manifest read so are
// the objects at its keys in its destinationBucket (arn:aws:s3:::NAME, or
// the manifest's own bucket when it names none), or below a DataRoot that
// is a URI.
func Open(ctx context.Context, name string, opts Options) (*Source, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if opts.MaxPageBytes < 0 {
		return nil, fmt.Errorf("inventory: Options.MaxPageBytes is %d: give 0 for the default (%d) or a number of bytes", opts.MaxPageBytes, DefaultMaxPageBytes)
	}
	if opts.MaxPageBytes == 0 {
		opts.MaxPageBytes = DefaultMaxPageBytes
	}
	if name == "-" {
		if opts.Stdin == nil {
			return nil, &field.Error{File: StdinName, Path: "Stdin", Code: field.InvalidOption,
				Message: `"-" names standard input: give it`}
		}
		in := input{name: StdinName, path: StdinName, opts: opts}
		return in.openStream(ctx, opts.Stdin, nil)
	}
	in := input{name: name, path: name, opts: opts}
	if isURI(name) {
		return in.openFile(ctx)
	}
	st, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if isStream(st) {
		fh, err := os.Open(name)
		if err != nil {
			return nil, &field.Error{File: name, Code: field.Unreadable, Err: err}
		}
		return in.openStream(ctx, fh, fh)
	}
	if st.IsDir() {
		in.path = filepath.Join(name, "manifest.json")
		if st, err = os.Stat(in.path); err != nil || st.IsDir() {
			return nil, fmt.Errorf("%s is a directory without a manifest.json: name an S3 Inventory manifest.json or a data file", name)
		}
	}
	in.size = st.Size()
	return in.openFile(ctx)
}

// openFile opens the input at in.path, a file or an object, which is
// neither a stream nor a directory.
func (in *input) openFile(ctx context.Context) (*Source, error) {
	name := in.name
	if d, ok := driverForName(in.path); ok {
		return in.openDriverFile(ctx, d)
	}
	lower := strings.ToLower(in.path)
	if strings.HasSuffix(lower, ".orc") {
		return nil, errORC(name)
	}
	fh, size, err := openRaw(ctx, in.opts.Remote, in.path)
	if err != nil {
		if isURI(in.path) { // a local file's error names its path
			err = &field.Error{File: name, Code: field.Unreadable, Err: err}
		}
		return nil, err
	}
	if isURI(in.path) && size >= 0 && size <= maxHeldObject {
		// An object is read once: what it is, then its content, are read
		// from memory.
		data, err := io.ReadAll(io.LimitReader(ctxReader{ctx, fh}, size+1))
		fh.Close()
		if err != nil {
			return nil, &field.Error{File: name, Code: field.Unreadable, Err: err}
		}
		in.opts.Remote = &heldObject{Remote: in.opts.Remote, path: in.path, data: data}
		fh, size = io.NopCloser(bytes.NewReader(data)), int64(len(data))
	}
	defer fh.Close()
	in.size = size
	br := bufio.NewReaderSize(fh, 64<<10)
	skipBOM(br)
	head, _ := br.Peek(4)
	switch {
	case isGzip(head):
		// A gzip-compressed CSV data file, or JSON: tell them apart by
		// the name, for JSONL, else by what the data starts with.
		if strings.HasSuffix(lower, ".jsonl.gz") || strings.HasSuffix(lower, ".ndjson.gz") {
			return in.openJSONL(nil), nil
		}
		if zr, err := gzip.NewReader(br); err == nil {
			zbr := bufio.NewReader(zr)
			skipBOM(zbr)
			if first, err := firstByte(zbr); err == nil && first == '{' {
				return in.openJSON(ctx, zbr)
			}
		}
		return in.openCSV(nil)
	case bytes.Equal(head, []byte("PAR1")), strings.HasSuffix(lower, ".parquet"):
		if d, ok := driverFor("Parquet"); ok {
			return in.openDriverFile(ctx, d)
		}
		return nil, missingDriver(name, "Parquet")
	case bytes.Equal(head[:min(3, len(head))], []byte("ORC")):
		return nil, errORC(name)
	}
	if strings.HasSuffix(lower, ".jsonl") || strings.HasSuffix(lower, ".ndjson") {
		return in.openJSONL(nil), nil
	}
	first, err := firstByte(br)
	if err == io.EOF {
		return nil, fmt.Errorf("%s is empty", name)
	}
	if err != nil {
		return nil, err
	}
	switch first {
	case '{':
		return in.openJSON(ctx, br)
	case '[':
		return nil, errArray(name)
	}
	return in.openCSV(nil)
}

// input is what Open knows of the input it opens: the name the user gave,
// the path of the file (a directory's manifest.json), its size, and the
// options.
type input struct {
	name, path string
	size       int64
	opts       Options
}

// firstByte returns the first byte of br that is not white space, without
// consuming anything.
func firstByte(br *bufio.Reader) (byte, error) {
	for n := 1; ; n++ {
		b, err := br.Peek(n)
		if len(b) < n {
			if err == nil || err == bufio.ErrBufferFull {
				err = io.EOF
			}
			return 0, err
		}
		switch c := b[n-1]; c {
		case ' ', '\t', '\r', '\n':
		default:
			return c, nil
		}
	}
}

func errArray(name string) error {
	return fmt.Errorf("%s is a JSON array: an objects input is an S3 Inventory manifest.json, a data file, list-objects-v2 or list-object-versions output, or JSONL of objects", name)
}

func errORC(name string) error {
	return &field.Error{File: name, Code: field.Unreadable,
		Message: "ORC inventory reports are not supported; configure the inventory report as CSV or Parquet"}
}

func missingDriver(name, format string) error {
	if pkg, ok := driverPackages[strings.ToLower(format)]; ok {
		return &field.Error{File: name, Code: field.Unreadable,
			Message: fmt.Sprintf("reading %s inventory files needs the %s driver: import _ %q", format, format, pkg)}
	}
	return &field.Error{File: name, Path: "fileFormat", Code: field.InvalidValue,
		Message: fmt.Sprintf("%q is not a format S3 Inventory writes (CSV, ORC or Parquet)", format)}
}

func (in *input) openDriverFile(ctx context.Context, d Driver) (*Source, error) {
	f, cols, err := d.Open(ctx, in.path, FileOptions{MaxPageBytes: in.opts.MaxPageBytes, Remote: remoteFor(in.opts.Remote, in.path)})
	if err != nil {
		return nil, err
	}
	return &Source{Name: in.name, Format: d.Format, Columns: cols | ColBucket | ColKey, Files: []File{f}}, nil
}

// ctxReader fails with ctx's error once ctx is done.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// openText opens the file at path (an object of remote for a URI) for
// reading as text, decompressing it when it is gzip-compressed, and counts
// the bytes read of the file (not of the text) in n.
func openText(ctx context.Context, remote Remote, path string, n *atomic.Int64) (io.Reader, io.Closer, error) {
	fh, _, err := openRaw(ctx, remote, path)
	if err != nil {
		return nil, nil, err
	}
	raw := bufio.NewReaderSize(&countReader{r: fh, n: n}, rawBuffer)
	if magic, _ := raw.Peek(2); isGzip(magic) {
		zr, err := gzip.NewReader(raw)
		if err != nil {
			fh.Close()
			return nil, nil, readError(err)
		}
		return zr, fh, nil
	}
	return raw, fh, nil
}
