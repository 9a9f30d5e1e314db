package inventory

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
)

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

// Open opens an input the user named and tells what it is from its
// content (and, for Parquet and JSONL, its name): an S3 Inventory
// manifest.json (or a directory holding one), a CSV or CSV.gz data file, a
// data file of a registered driver (.parquet), aws s3api list-objects-v2 or
// list-object-versions JSON output, or JSONL of objects. See the package
// documentation for each format. Open reads the manifest, and the whole of
// a list output once (to learn its bucket); data files are read by
// [File.Records]. A data file of a manifest that is missing or unsafe does
// not fail Open: its Records yields a *FileError.
func Open(name string, opts Options) (*Source, error) {
	if opts.MaxPageBytes < 0 {
		return nil, fmt.Errorf("inventory: Options.MaxPageBytes is %d: give 0 for the default (%d) or a number of bytes", opts.MaxPageBytes, DefaultMaxPageBytes)
	}
	if opts.MaxPageBytes == 0 {
		opts.MaxPageBytes = DefaultMaxPageBytes
	}
	st, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	path := name
	if st.IsDir() {
		path = filepath.Join(name, "manifest.json")
		if st, err = os.Stat(path); err != nil || st.IsDir() {
			return nil, fmt.Errorf("%s is a directory without a manifest.json: name an S3 Inventory manifest.json or a data file", name)
		}
	}
	size := st.Size()
	if d, ok := driverForName(path); ok {
		return openDriverFile(name, path, d, opts)
	}
	lower := strings.ToLower(path)
	if strings.HasSuffix(lower, ".orc") {
		return nil, errORC(name)
	}
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	br := bufio.NewReaderSize(fh, 64<<10)
	skipBOM(br)
	head, _ := br.Peek(4)
	switch {
	case isGzip(head):
		// A gzip-compressed CSV data file, or JSON: tell them apart by
		// the name, for JSONL, else by what the data starts with.
		if strings.HasSuffix(lower, ".jsonl.gz") || strings.HasSuffix(lower, ".ndjson.gz") {
			return openJSONL(name, path, size), nil
		}
		if zr, err := gzip.NewReader(br); err == nil {
			zbr := bufio.NewReader(zr)
			skipBOM(zbr)
			if first, err := firstByte(zbr); err == nil && first == '{' {
				return openJSON(name, path, size, opts, zbr)
			}
		}
		return openCSV(name, path, size, opts)
	case bytes.Equal(head, []byte("PAR1")), strings.HasSuffix(lower, ".parquet"):
		if d, ok := driverFor("Parquet"); ok {
			return openDriverFile(name, path, d, opts)
		}
		return nil, missingDriver(name, "Parquet")
	case bytes.Equal(head[:min(3, len(head))], []byte("ORC")):
		return nil, errORC(name)
	}
	if strings.HasSuffix(lower, ".jsonl") || strings.HasSuffix(lower, ".ndjson") {
		return openJSONL(name, path, size), nil
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
		return openJSON(name, path, size, opts, br)
	case '[':
		return nil, fmt.Errorf("%s is a JSON array: an objects input is an S3 Inventory manifest.json, a data file, list-objects-v2 or list-object-versions output, or JSONL of objects", name)
	}
	return openCSV(name, path, size, opts)
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

// inputError turns a scanner's error into an *InputError.
func inputError(name string, err error) error {
	var se *syntaxErr
	if errors.As(err, &se) {
		return &InputError{File: name, Line: se.line, Msg: se.msg}
	}
	return &InputError{File: name, Msg: err.Error()}
}

func errORC(name string) error {
	return fmt.Errorf("%s: ORC inventory reports are not supported; configure the inventory report as CSV or Parquet", name)
}

func missingDriver(name, format string) error {
	if pkg, ok := driverPackages[strings.ToLower(format)]; ok {
		return fmt.Errorf("%s: reading %s inventory files needs the %s driver: import _ %q", name, format, format, pkg)
	}
	return fmt.Errorf("%s: fileFormat %q is not a format S3 Inventory writes (CSV, ORC or Parquet)", name, format)
}

func openDriverFile(name, path string, d Driver, opts Options) (*Source, error) {
	f, cols, err := d.Open(path, FileOptions{MaxPageBytes: opts.MaxPageBytes})
	if err != nil {
		return nil, err
	}
	return &Source{Name: name, Format: d.Format, Columns: cols | ColBucket | ColKey, Files: []File{f}}, nil
}

// maxManifest is the most bytes of a manifest (of its text, when it is
// gzip-compressed): S3's list a few thousand data files in a few MB.
const maxManifest = 64 << 20

// openJSON opens a JSON input, whose text (decompressed, for a gzip file)
// br reads from its start, as whichever the members of its first object
// say it is.
func openJSON(name, path string, size int64, opts Options, br *bufio.Reader) (*Source, error) {
	format, err := sniffJSON(br)
	if err != nil {
		return nil, inputError(name, err)
	}
	switch format {
	case FormatManifest:
		return openManifest(name, path, opts)
	case FormatJSONL:
		return openJSONL(name, path, size), nil
	}
	return openList(name, path, size, opts)
}

// openText opens the file at path for reading as text, decompressing it
// when it is gzip-compressed, and counts the bytes read of the file (not
// of the text) in n.
func openText(path string, n *atomic.Int64) (io.Reader, io.Closer, error) {
	fh, err := os.Open(path)
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

func openJSONL(name, path string, size int64) *Source {
	return &Source{Name: name, Format: FormatJSONL, Columns: jsonlColumns,
		Files: []File{&jsonlFile{name: name, path: path, size: size}}}
}

func openList(name, path string, size int64, opts Options) (*Source, error) {
	r, c, err := openText(path, new(atomic.Int64))
	if err != nil {
		return nil, err
	}
	defer c.Close()
	format, pages, err := scanList(r)
	if err != nil {
		return nil, inputError(name, err)
	}
	for i := range pages {
		p := &pages[i]
		switch {
		case p.bucket == "" && opts.Bucket == "":
			return nil, fmt.Errorf("%s: the output does not name its bucket (no \"Name\" member, as when the CLI paginates): give the bucket", name)
		case p.bucket == "":
			p.bucket = opts.Bucket
		case opts.Bucket != "" && opts.Bucket != p.bucket:
			return nil, fmt.Errorf("%s: the output lists bucket %q, not %q", name, p.bucket, opts.Bucket)
		}
	}
	cols := listV2Columns
	if format == FormatListObjectVersions {
		cols = listVersionsColumns
	}
	return &Source{Name: name, Format: format, Columns: cols,
		Files: []File{&listFile{name: name, path: path, format: format, pages: pages, size: size}}}, nil
}

// openCSV opens a CSV data file given directly: its schema is
// opts.FileSchema, or a header line of fileSchema names.
func openCSV(name, path string, size int64, opts Options) (*Source, error) {
	f := &csvFile{name: name, path: path, size: size, defBucket: opts.Bucket}
	var err error
	if opts.FileSchema != "" {
		if f.schema, err = parseFileSchema(opts.FileSchema); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	} else {
		if f.schema, err = csvHeader(path); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		f.header = true
	}
	cols := f.schema.cols
	if cols&ColBucket == 0 {
		if opts.Bucket == "" {
			return nil, fmt.Errorf("%s: the fileSchema has no Bucket column: give the bucket", name)
		}
		cols |= ColBucket
	}
	return &Source{Name: name, Format: FormatCSV, Columns: cols, Files: []File{f}}, nil
}

// csvHeader reads the schema from the header line of a CSV data file.
func csvHeader(path string) (*csvSchema, error) {
	noSchema := errors.New("an S3 Inventory CSV data file has no header line: give its fileSchema (the manifest's fileSchema, or open the manifest.json instead)")
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	var r io.Reader = bufio.NewReader(fh)
	if magic, _ := r.(*bufio.Reader).Peek(2); isGzip(magic) {
		zr, err := gzip.NewReader(r)
		if err != nil {
			return nil, noSchema
		}
		r = zr
	}
	line, err := bufio.NewReader(io.LimitReader(r, 64<<10)).ReadSlice('\n')
	if err != nil && err != io.EOF {
		return nil, noSchema
	}
	line = bytes.TrimPrefix(line, utf8BOM)
	spans, res, _ := splitRow(trimEOL(line), nil)
	if res != splitOK {
		return nil, noSchema
	}
	row := trimEOL(line)
	names := make([]string, len(spans))
	for i, sp := range spans {
		names[i] = string(row[sp.start:sp.end])
	}
	sc := headerSchema(names)
	if sc == nil {
		return nil, noSchema
	}
	return sc, nil
}

// openManifest opens an S3 Inventory report by its manifest.json.
func openManifest(name, path string, opts Options) (*Source, error) {
	r, c, err := openText(path, new(atomic.Int64))
	if err != nil {
		return nil, err
	}
	data, err := io.ReadAll(io.LimitReader(r, maxManifest+1))
	c.Close()
	if err != nil {
		return nil, inputError(name, readError(err))
	}
	if len(data) > maxManifest {
		return nil, &InputError{File: name, Msg: fmt.Sprintf("more than %d bytes: not an S3 Inventory manifest", maxManifest)}
	}
	m, err := ParseManifest(data, name)
	if err != nil {
		return nil, err
	}
	src := &Source{Name: name, Manifest: m, Files: make([]File, 0, len(m.Files))}
	switch ff := m.FileFormat; {
	case strings.EqualFold(ff, "CSV"):
		sc, err := parseFileSchema(m.FileSchema)
		if err != nil {
			return nil, &InputError{File: name, Path: "fileSchema", Msg: err.Error()}
		}
		src.Format, src.Columns = FormatCSV, sc.cols|ColBucket
		if sc.cols&ColBucket == 0 && m.SourceBucket == "" {
			return nil, &InputError{File: name, Path: "sourceBucket", Msg: "required when the fileSchema has no Bucket column"}
		}
		for i := range m.Files {
			mf := &m.Files[i]
			p, err := resolveKey(path, opts.DataRoot, mf.Key)
			if err != nil {
				src.Files = append(src.Files, &errFile{name: p, err: fmt.Errorf("%w (%s: files[%d].key)", err, name, i)})
				continue
			}
			size := mf.Size
			if size == 0 {
				if st, err := os.Stat(p); err == nil {
					size = st.Size()
				}
			}
			src.Files = append(src.Files, &csvFile{name: p, path: p, size: size, m: mf, schema: sc, defBucket: m.SourceBucket})
		}
		return src, nil
	case strings.EqualFold(ff, "ORC"):
		return nil, errORC(name)
	default:
		d, ok := driverFor(ff)
		if !ok {
			return nil, missingDriver(name, ff)
		}
		src.Format = d.Format
		first := true
		for i := range m.Files {
			mf := &m.Files[i]
			p, err := resolveKey(path, opts.DataRoot, mf.Key)
			if err != nil {
				src.Files = append(src.Files, &errFile{name: p, err: fmt.Errorf("%w (%s: files[%d].key)", err, name, i)})
				continue
			}
			f, cols, err := d.Open(p, FileOptions{Manifest: mf, Schema: m.FileSchema, MaxPageBytes: opts.MaxPageBytes})
			if err != nil {
				src.Files = append(src.Files, &errFile{name: p, err: err})
				continue
			}
			if first {
				src.Columns, first = cols, false
			} else {
				src.Columns &= cols
			}
			src.Files = append(src.Files, f)
		}
		src.Columns |= ColBucket | ColKey
		return src, nil
	}
}
