package inventory

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/jobscope/jobscope/field"
)

// csvColumns are the columns the CSV reader reads; it skips every other
// column of a fileSchema.
const csvColumns = ColBucket | ColKey | ColVersionID | ColIsLatest | ColIsDeleteMarker | ColSize |
	ColLastModified | ColStorageClass | ColEncryptionStatus | ColIntelligentTieringAccessTier

// isInventoryField reports whether name is a field S3 Inventory's CSV
// fileSchema can name, which makes a header line recognizable.
func isInventoryField(name string) bool {
	c, ok := ParseColumn(name)
	return ok && c != ColTags || name == "LifecycleExpirationDate"
}

// csvSchema is a parsed fileSchema.
type csvSchema struct {
	names []string // the column of each field, as the fileSchema spells it
	codes []Column // the column each field is read as; 0 when it is skipped
	cols  Column   // the columns read (without a defaulted Bucket)
}

// parseFileSchema parses a CSV fileSchema: names separated by commas,
// spaces around them ignored. Names the reader does not read are skipped;
// an empty name, a repeated name and a schema without Key are errors.
func parseFileSchema(s string) (*csvSchema, error) {
	parts := strings.Split(s, ",")
	return schemaOf(parts)
}

func schemaOf(parts []string) (*csvSchema, error) {
	sc := &csvSchema{names: make([]string, len(parts)), codes: make([]Column, len(parts))}
	seen := make(map[string]bool, len(parts))
	for i, p := range parts {
		p = strings.TrimSpace(p)
		if p == "" {
			return nil, fmt.Errorf("fileSchema: column %d has no name", i+1)
		}
		if seen[p] {
			return nil, fmt.Errorf("fileSchema: column %q appears twice", p)
		}
		seen[p] = true
		sc.names[i] = p
		if c, ok := ParseColumn(p); ok && csvColumns.Has(c) {
			sc.codes[i] = c
			sc.cols |= c
		}
	}
	if sc.cols&ColKey == 0 {
		return nil, fmt.Errorf("fileSchema %q has no Key column", strings.Join(sc.names, ", "))
	}
	return sc, nil
}

// headerSchema returns the schema a header line names, or nil when the
// fields are not all S3 Inventory field names.
func headerSchema(fields []string) *csvSchema {
	for _, f := range fields {
		if !isInventoryField(f) {
			return nil
		}
	}
	sc, err := schemaOf(fields)
	if err != nil {
		return nil
	}
	return sc
}

// openCSV opens a CSV data file given directly: its schema is
// opts.FileSchema, or a header line of fileSchema names. s is the stream
// it is, nil for a file.
func (in *input) openCSV(s *stream) (*Source, error) {
	f := &csvFile{fileInfo: fileInfo{name: in.name, path: in.path, size: in.size, stream: s, remote: in.opts.Remote}, defBucket: in.opts.Bucket}
	var err error
	if in.opts.FileSchema != "" {
		if f.schema, err = parseFileSchema(in.opts.FileSchema); err != nil {
			return nil, &field.Error{File: in.name, Path: "FileSchema", Code: field.InvalidOption, Err: err}
		}
	} else {
		if s != nil {
			f.schema, err = streamHeader(s.text)
		} else {
			f.schema, err = csvHeader(in.opts.Remote, in.path)
		}
		switch {
		case errors.Is(err, errNoSchema): // Options.FileSchema fixes it
			return nil, &field.Error{File: in.name, Path: "FileSchema", Code: field.InvalidOption, Err: err}
		case err != nil:
			return nil, &field.Error{File: in.name, Code: field.Unreadable, Err: err}
		}
		f.header = true
	}
	cols := f.schema.cols
	if cols&ColBucket == 0 {
		if in.opts.Bucket == "" {
			return nil, &field.Error{File: in.name, Path: "Bucket", Code: field.InvalidOption,
				Message: "the fileSchema has no Bucket column: give the bucket"}
		}
		cols |= ColBucket
	}
	return &Source{Name: in.name, Format: FormatCSV, Columns: cols, Files: []File{f}}, nil
}

// errNoSchema is a CSV data file given directly without its schema.
var errNoSchema = errors.New("an S3 Inventory CSV data file has no header line: give its fileSchema (the manifest's fileSchema, or open the manifest.json instead)")

// csvHeader reads the schema from the header line of a CSV data file.
func csvHeader(remote Remote, path string) (*csvSchema, error) {
	fh, _, err := openRaw(context.Background(), remote, path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	var r io.Reader = bufio.NewReader(fh)
	if magic, _ := r.(*bufio.Reader).Peek(2); isGzip(magic) {
		zr, err := gzip.NewReader(r)
		if err != nil {
			return nil, errNoSchema
		}
		r = zr
	}
	line, err := bufio.NewReader(io.LimitReader(r, 64<<10)).ReadSlice('\n')
	if err != nil && err != io.EOF {
		return nil, errNoSchema
	}
	return headerLine(line)
}

// streamHeader reads the schema from the header line at the start of the
// text of a stream, without consuming it.
func streamHeader(text *bufio.Reader) (*csvSchema, error) {
	head, err := text.Peek(maxHeader)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, err
	}
	switch i := bytes.IndexByte(head, '\n'); {
	case i >= 0:
		head = head[:i+1]
	case len(head) == maxHeader:
		return nil, errNoSchema
	}
	return headerLine(head)
}

// maxHeader is the longest header line read, "\n" included.
const maxHeader = 4096

// headerLine is the schema a header line names.
func headerLine(line []byte) (*csvSchema, error) {
	line = bytes.TrimPrefix(line, utf8BOM)
	spans, res, _ := splitRow(trimEOL(line), nil)
	if res != splitOK {
		return nil, errNoSchema
	}
	row := trimEOL(line)
	names := make([]string, len(spans))
	for i, sp := range spans {
		names[i] = string(row[sp.start:sp.end])
	}
	sc := headerSchema(names)
	if sc == nil {
		return nil, errNoSchema
	}
	return sc, nil
}
