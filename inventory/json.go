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

// openJSON opens a JSON input, whose text (decompressed, for a gzip file)
// br reads from its start, as whichever the members of its first object
// say it is.
func (in *input) openJSON(ctx context.Context, br *bufio.Reader) (*Source, error) {
	format, err := sniffJSON(br)
	if err != nil {
		return nil, scanError(in.name, err)
	}
	switch format {
	case FormatManifest:
		return in.openManifest(ctx)
	case FormatJSONL:
		return in.openJSONL(nil), nil
	}
	return in.openList(ctx)
}

// The member names that tell the JSON inputs apart.
var jsonMembers = map[string]Format{
	// manifest.json
	"sourceBucket": FormatManifest, "destinationBucket": FormatManifest, "fileFormat": FormatManifest,
	"fileSchema": FormatManifest, "files": FormatManifest, "creationTimestamp": FormatManifest,
	// scope.Object (JSONL)
	"bucket": FormatJSONL, "key": FormatJSONL, "versionId": FormatJSONL, "isLatest": FormatJSONL,
	"isDeleteMarker": FormatJSONL, "size": FormatJSONL, "lastModified": FormatJSONL,
	"storageClass": FormatJSONL, "encryptionStatus": FormatJSONL, "tags": FormatJSONL,
	// list outputs
	"Contents": FormatListObjectsV2, "KeyCount": FormatListObjectsV2, "ContinuationToken": FormatListObjectsV2,
	"NextContinuationToken": FormatListObjectsV2, "StartAfter": FormatListObjectsV2,
	"Versions": FormatListObjectVersions, "DeleteMarkers": FormatListObjectVersions,
	"KeyMarker": FormatListObjectVersions, "VersionIdMarker": FormatListObjectVersions,
	"NextKeyMarker": FormatListObjectVersions, "NextVersionIdMarker": FormatListObjectVersions,
	// members of both list outputs
	"Name": formatList, "Prefix": formatList, "Delimiter": formatList, "MaxKeys": formatList,
	"IsTruncated": formatList, "CommonPrefixes": formatList, "EncodingType": formatList,
	"RequestCharged": formatList,
}

// formatList is a list output of either kind.
const formatList Format = "list"

// sniffJSON tells the JSON inputs apart by the member names of the first
// top-level object: the first name that belongs to one input only decides.
// An object with only members common to both list outputs is a
// list-objects-v2 output with no objects.
func sniffJSON(r io.Reader) (Format, error) {
	s := newJSONScanner(r)
	var found Format
	list := false
	err := s.object(func(name string) error {
		switch f := jsonMembers[name]; f {
		case "":
		case formatList:
			list = true
		default:
			found = f
			return errStop
		}
		_, err := s.value(nil, false)
		return err
	})
	switch {
	case found != "":
		return found, nil
	case err != nil:
		return "", err
	case list:
		return formatList, nil
	}
	return "", errors.New("a JSON object that is not an S3 Inventory manifest, list-objects-v2 or list-object-versions output, or JSONL of objects")
}

// listPage is what Open learns of one top-level object of a list output.
type listPage struct {
	bucket  string
	urlKeys bool // EncodingType "url": keys are URL-encoded
}

// listFile is aws s3api list-objects-v2 or list-object-versions output:
// one JSON object, or several one after another (pages written by a shell
// loop), streamed element by element. Members the reader does not use
// (ETag, Owner, ChecksumAlgorithm, RestoreStatus, ...) are ignored. An
// element that is not valid UTF-8 is a rejected row (encoding/json would
// read it with U+FFFD in place of the bad bytes), as is a key that is
// empty or longer than 1,024 bytes, a size that is negative or not an
// int64, and a LastModified outside the years 0001 to 9999. A row's
// position is the line where its element starts.
//
// The bucket is the output's "Name" member; the CLI leaves it out when it
// paginates, and then Options.Bucket gives it (Open fails when neither
// does, or when they differ). Keys of an output with "EncodingType": "url"
// are URL-decoded. list-objects-v2 supplies no VersionId, IsLatest,
// IsDeleteMarker or EncryptionStatus (its objects are current versions);
// list-object-versions no EncryptionStatus; delete markers come after the
// versions, as the output lists them. Version ids are kept verbatim,
// "null" included.
type listFile struct {
	fileInfo
	format Format
	pages  []listPage
}

// openList opens a list output. It reads it once, to learn its bucket,
// which may come after the objects.
func (in *input) openList(ctx context.Context) (*Source, error) {
	r, c, err := openText(ctx, in.opts.Remote, in.path, new(atomic.Int64))
	if err != nil {
		return nil, err
	}
	defer c.Close()
	return in.readList(ctx, r, nil)
}

// readList opens a list output whose text r reads, once; s is the stream
// it was spooled from, nil for a file.
func (in *input) readList(ctx context.Context, r io.Reader, s *stream) (*Source, error) {
	format, pages, err := scanList(ctxReader{ctx, r})
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, scanError(in.name, err)
	}
	for i := range pages {
		p := &pages[i]
		switch {
		case p.bucket == "" && in.opts.Bucket == "":
			return nil, &field.Error{File: in.name, Path: "Bucket", Code: field.InvalidOption,
				Message: `the output does not name its bucket (no "Name" member, as when the CLI paginates): give the bucket`}
		case p.bucket == "":
			p.bucket = in.opts.Bucket
		case in.opts.Bucket != "" && in.opts.Bucket != p.bucket:
			return nil, &field.Error{File: in.name, Path: "Bucket", Code: field.InvalidOption,
				Message: fmt.Sprintf("the output lists bucket %q, not %q", p.bucket, in.opts.Bucket)}
		}
	}
	cols := listV2Columns
	if format == FormatListObjectVersions {
		cols = listVersionsColumns
	}
	f := &listFile{fileInfo: fileInfo{name: in.name, path: in.path, size: in.size, stream: s, remote: in.opts.Remote}, format: format, pages: pages}
	return &Source{Name: in.name, Format: format, Columns: cols, Files: []File{f}}, nil
}

// scanList reads a whole list output once to learn each page's bucket
// (Name, which the CLI may write after Contents) and key encoding, and
// which list output it is.
func scanList(r io.Reader) (Format, []listPage, error) {
	s := newJSONScanner(r)
	var pages []listPage
	v2, versions := false, false
	var buf []byte
	for {
		if _, err := s.peek(); err == io.EOF {
			break
		} else if err != nil {
			return "", nil, s.readErr(err)
		}
		var p listPage
		err := s.object(func(name string) error {
			switch jsonMembers[name] {
			case FormatListObjectsV2:
				v2 = v2 || name == "Contents"
			case FormatListObjectVersions:
				versions = versions || name == "Versions" || name == "DeleteMarkers"
			}
			if name != "Name" && name != "EncodingType" {
				_, err := s.value(nil, false)
				return err
			}
			var err error
			buf, err = s.value(buf[:0], true)
			if err != nil {
				return err
			}
			var v *string
			if err := json.Unmarshal(buf, &v); err != nil {
				return s.errorf("%s: a string is needed, not %s", name, jsonKind(buf))
			}
			if v == nil {
				return nil
			}
			if name == "Name" {
				p.bucket = *v
			} else {
				p.urlKeys = strings.EqualFold(*v, "url")
			}
			return nil
		})
		if err != nil {
			return "", nil, err
		}
		pages = append(pages, p)
	}
	if len(pages) == 0 {
		return "", nil, errors.New("empty")
	}
	switch {
	case v2 && versions:
		return "", nil, errors.New("the pages mix list-objects-v2 (Contents) and list-object-versions (Versions, DeleteMarkers) output")
	case versions:
		return FormatListObjectVersions, pages, nil
	}
	return FormatListObjectsV2, pages, nil
}

// listElem is an element of Contents, Versions or DeleteMarkers. Members
// it does not name (ETag, Owner, ChecksumAlgorithm, RestoreStatus, ...)
// are ignored.
type listElem struct {
	Key          *string
	VersionId    string
	IsLatest     *bool
	LastModified *string
	Size         *int64
	StorageClass string
}

func (f *listFile) Records(ctx context.Context) iter.Seq2[*Record, error] {
	return f.textRecords(ctx, func(r io.Reader, yield func(*Record, error) bool) {
		s := newJSONScanner(r)
		var rec Record
		var buf []byte
		n := 0
		for page := 0; ; page++ {
			if _, err := s.peek(); err == io.EOF {
				return
			} else if err != nil {
				yield(nil, fileError(f.name, s.line, readError(err)))
				return
			}
			if page >= len(f.pages) {
				yield(nil, fileError(f.name, s.line, errors.New("more pages than when it was opened: the file changed")))
				return
			}
			p := f.pages[page]
			err := s.object(func(name string) error {
				if name != "Contents" && name != "Versions" && name != "DeleteMarkers" {
					_, err := s.value(nil, false)
					return err
				}
				if c, err := s.peek(); err == nil && c == 'n' { // null
					_, err := s.value(nil, false)
					return err
				}
				return s.array(func() error {
					if n++; n%ctxEvery == 0 {
						if err := ctx.Err(); err != nil {
							yield(nil, err)
							return errStop
						}
					}
					s.peek()
					rec.Pos = f.pos(s.line)
					var err error
					buf, err = s.value(buf[:0], true)
					if err != nil {
						return err
					}
					col, err := listRecord(&rec, buf, name, p)
					ok := true
					if err != nil {
						ok = yield(nil, rowError(rec.Pos, col, err))
					} else {
						ok = yield(&rec, nil)
					}
					if !ok {
						return errStop
					}
					return nil
				})
			})
			if err == errStop {
				return
			}
			if err != nil {
				var se *syntaxErr
				if errors.As(err, &se) {
					yield(nil, fileError(f.name, se.line, errors.New(se.msg)))
				} else {
					yield(nil, fileError(f.name, 0, err))
				}
				return
			}
		}
	})
}

// listRecord decodes one element of a list output into rec. On a problem
// it returns the member at fault.
func listRecord(rec *Record, raw []byte, array string, p listPage) (string, error) {
	if err := checkUTF8(raw, "element"); err != nil {
		return "", err
	}
	var e listElem
	if err := json.Unmarshal(raw, &e); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return te.Field, fmt.Errorf("a JSON %s where a %s belongs", te.Value, te.Type)
		}
		return "", errors.New(strings.TrimPrefix(err.Error(), "json: "))
	}
	if e.Key == nil {
		return "Key", errors.New("required")
	}
	key := *e.Key
	if p.urlKeys && strings.ContainsAny(key, "%+") {
		b, ok := unescapeQuery(nil, []byte(key))
		if !ok {
			return "Key", errors.New("bad %-escape in the URL-encoded key (EncodingType url)")
		}
		key = string(b)
	}
	switch {
	case key == "":
		return "Key", errors.New("empty")
	case len(key) > maxKey:
		return "Key", fmt.Errorf("%d bytes long, more than S3's %d", len(key), maxKey)
	case !utf8.ValidString(key): // JSON text is UTF-8, but a %-escape may not be
		return "Key", errors.New("not valid UTF-8 once URL-decoded")
	}
	if e.LastModified == nil {
		return "LastModified", errors.New("required")
	}
	t, err := parseTime([]byte(*e.LastModified))
	if err != nil {
		return "LastModified", err
	}
	dm := array == "DeleteMarkers"
	if e.Size == nil && !dm {
		return "Size", errors.New("required")
	}
	rec.Object = scope.Object{Bucket: p.bucket, Key: key, VersionID: e.VersionId, IsDeleteMarker: dm,
		LastModified: t, StorageClass: scope.StorageClass(e.StorageClass)}
	if e.IsLatest != nil {
		rec.Noncurrent = !*e.IsLatest
	}
	if e.Size != nil {
		if *e.Size < 0 {
			return "Size", fmt.Errorf("%d is negative", *e.Size)
		}
		rec.Size = *e.Size
	}
	return "", nil
}

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

func (in *input) openJSONL(s *stream) *Source {
	f := &jsonlFile{fileInfo{name: in.name, path: in.path, size: in.size, stream: s, remote: in.opts.Remote}}
	return &Source{Name: in.name, Format: FormatJSONL, Columns: jsonlColumns, Files: []File{f}}
}

func (f *jsonlFile) Records(ctx context.Context) iter.Seq2[*Record, error] {
	return f.textRecords(ctx, func(r io.Reader, yield func(*Record, error) bool) {
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
	var fe *field.Error
	if errors.As(err, &fe) {
		return fe.Path, errors.New(fe.Message)
	}
	return "", errors.New(strings.TrimPrefix(err.Error(), "json: "))
}
