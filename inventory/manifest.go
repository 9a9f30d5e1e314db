package inventory

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/jobscope/jobscope/field"
)

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

// maxManifest is the most bytes of a manifest (of its text, when it is
// gzip-compressed): S3's list a few thousand data files in a few MB.
const maxManifest = 64 << 20

// openManifest opens an S3 Inventory report by its manifest.json.
// fileFormat CSV is read by this package; ORC is refused; other formats
// are read by a registered Driver.
//
// Size is checked before reading: a file whose size differs from the
// manifest's is not read at all (ErrSize), being another file than the
// report's. MD5checksum is computed over the file's bytes as they stream
// and compared at its end: on a mismatch the rows are already yielded, and
// an error wrapping ErrChecksum follows them — the rows stay counted, the
// error says the file is not the one the manifest describes.
func (in *input) openManifest(ctx context.Context) (*Source, error) {
	name := in.name
	r, c, err := openText(in.path, new(atomic.Int64))
	if err != nil {
		return nil, err
	}
	data, err := io.ReadAll(io.LimitReader(ctxReader{ctx, r}, maxManifest+1))
	c.Close()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err != nil {
		return nil, fileError(name, 0, readError(err))
	}
	if len(data) > maxManifest {
		return nil, inputError(name, 0, "", field.Limit, fmt.Sprintf("more than %d bytes: not an S3 Inventory manifest", maxManifest))
	}
	m, err := parseManifest(data, name)
	if err != nil {
		return nil, err
	}
	src := &Source{Name: name, Manifest: m, Files: make([]File, 0, len(m.Files))}
	// resolve returns the path of the data file of m.Files[i], or an
	// errFile for it.
	resolve := func(i int) (string, File) {
		p, err := resolveKey(in.path, in.opts.DataRoot, m.Files[i].Key)
		if err != nil {
			return p, &errFile{name: p, err: fmt.Errorf("%w (%s: files[%d].key)", err, name, i)}
		}
		return p, nil
	}
	switch ff := m.FileFormat; {
	case strings.EqualFold(ff, "CSV"):
		sc, err := parseFileSchema(m.FileSchema)
		if err != nil {
			return nil, inputError(name, 0, "fileSchema", field.InvalidValue, err.Error())
		}
		src.Format, src.Columns = FormatCSV, sc.cols|ColBucket
		if sc.cols&ColBucket == 0 && m.SourceBucket == "" {
			return nil, inputError(name, 0, "sourceBucket", field.Required, "required when the fileSchema has no Bucket column")
		}
		for i := range m.Files {
			p, bad := resolve(i)
			if bad != nil {
				src.Files = append(src.Files, bad)
				continue
			}
			mf := &m.Files[i]
			size := mf.Size
			if size == 0 {
				if st, err := os.Stat(p); err == nil {
					size = st.Size()
				}
			}
			src.Files = append(src.Files, &csvFile{fileInfo: fileInfo{name: p, path: p, size: size}, m: mf, schema: sc, defBucket: m.SourceBucket})
		}
		return src, nil
	case strings.EqualFold(ff, "ORC"):
		return nil, errORC(name)
	}
	d, ok := driverFor(m.FileFormat)
	if !ok {
		return nil, missingDriver(name, m.FileFormat)
	}
	src.Format = d.Format
	first := true
	for i := range m.Files {
		p, bad := resolve(i)
		if bad != nil {
			src.Files = append(src.Files, bad)
			continue
		}
		f, cols, err := d.Open(ctx, p, FileOptions{Manifest: &m.Files[i], Schema: m.FileSchema, MaxPageBytes: in.opts.MaxPageBytes})
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
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

// parseManifest parses an S3 Inventory manifest.json. Every problem is
// reported, as a *field.Error naming the member (files[2].size), joined.
// Required: fileFormat, fileSchema, and files, an array of objects each
// with a non-empty key; size (a whole number of bytes) and MD5checksum (32
// hex digits; empty means none) are checked when present. Members it does
// not know are ignored, so manifests with members added later still read.
// The manifest is read whole, with encoding/json (which stops at 10,000
// levels of nesting).
func parseManifest(data []byte, name string) (*Manifest, error) {
	data = bytes.TrimPrefix(data, utf8BOM)
	var errs []error
	bad := func(path string, off int64, code field.Code, format string, args ...any) {
		line := 0
		if off >= 0 {
			line = lineAt(data, off)
		}
		errs = append(errs, inputError(name, line, path, code, fmt.Sprintf(format, args...)))
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			bad("", se.Offset, field.Syntax, "%s", strings.TrimPrefix(se.Error(), "json: "))
		} else if bytes.HasPrefix(bytes.TrimSpace(data), []byte("{")) {
			bad("", -1, field.Syntax, "%s", strings.TrimPrefix(err.Error(), "json: "))
		} else {
			bad("", -1, field.WrongType, "not a JSON object")
		}
		return nil, errors.Join(errs...)
	}
	m := &Manifest{}
	str := func(member string, required bool) string {
		raw, ok := top[member]
		if !ok || string(raw) == "null" {
			if required {
				bad(member, -1, field.Required, "required")
			}
			return ""
		}
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			bad(member, -1, field.WrongType, "a string is needed, not %s", jsonKind(raw))
			return ""
		}
		if required && s == "" {
			bad(member, -1, field.Required, "empty")
		}
		return s
	}
	m.SourceBucket = str("sourceBucket", false)
	m.DestinationBucket = str("destinationBucket", false)
	m.Version = str("version", false)
	m.CreationTimestamp = str("creationTimestamp", false)
	m.FileFormat = str("fileFormat", true)
	m.FileSchema = str("fileSchema", true)
	raw, ok := top["files"]
	var files []json.RawMessage
	switch {
	case !ok || string(raw) == "null":
		bad("files", -1, field.Required, "required")
	default:
		if err := json.Unmarshal(raw, &files); err != nil {
			bad("files", -1, field.WrongType, "an array is needed, not %s", jsonKind(raw))
		}
	}
	m.Files = make([]ManifestFile, 0, len(files))
	for i, raw := range files {
		path := "files[" + strconv.Itoa(i) + "]"
		var f map[string]json.RawMessage
		if err := json.Unmarshal(raw, &f); err != nil {
			bad(path, -1, field.WrongType, "an object is needed, not %s", jsonKind(raw))
			continue
		}
		var mf ManifestFile
		if k, ok := f["key"]; !ok {
			bad(path+".key", -1, field.Required, "required")
		} else if err := json.Unmarshal(k, &mf.Key); err != nil {
			bad(path+".key", -1, field.WrongType, "a string is needed, not %s", jsonKind(k))
		} else if mf.Key == "" {
			bad(path+".key", -1, field.Required, "empty")
		}
		if s, ok := f["size"]; ok && string(s) != "null" {
			if err := json.Unmarshal(s, &mf.Size); err != nil {
				bad(path+".size", -1, field.InvalidValue, "a whole number of bytes is needed, not %s", s)
			} else if mf.Size < 0 {
				bad(path+".size", -1, field.InvalidValue, "%d is negative", mf.Size)
			}
		}
		if s, ok := f["MD5checksum"]; ok && string(s) != "null" {
			if err := json.Unmarshal(s, &mf.MD5Checksum); err != nil {
				bad(path+".MD5checksum", -1, field.WrongType, "a string is needed, not %s", jsonKind(s))
			} else if mf.MD5Checksum != "" && !isMD5(mf.MD5Checksum) {
				bad(path+".MD5checksum", -1, field.InvalidValue, "%q is not 32 hex digits", mf.MD5Checksum)
			}
		}
		m.Files = append(m.Files, mf)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return m, nil
}

// jsonKind names the kind of a JSON value for a message.
func jsonKind(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "nothing"
	}
	switch raw[0] {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

func isMD5(s string) bool {
	if len(s) != 32 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if _, ok := unhex(s[i]); !ok {
			return false
		}
	}
	return true
}

// checkKey rejects a data file key that could name a file outside the
// report: an absolute one, or one with a ".." segment.
func checkKey(key string) error {
	if key == "" || strings.HasPrefix(key, "/") || strings.HasPrefix(key, `\`) || filepath.IsAbs(filepath.FromSlash(key)) {
		return fmt.Errorf("%w %q: it is absolute", ErrUnsafeKey, key)
	}
	for _, seg := range strings.FieldsFunc(key, func(r rune) bool { return r == '/' || r == '\\' }) {
		if seg == ".." {
			return fmt.Errorf("%w %q: it has a \"..\" segment", ErrUnsafeKey, key)
		}
	}
	return nil
}

// resolveKey finds the local file of a manifest's data file key, which is
// its full key in the destination bucket
// (PREFIX/SOURCE-BUCKET/CONFIG-ID/data/FILE.csv.gz), while the manifest is
// PREFIX/SOURCE-BUCKET/CONFIG-ID/YYYY-MM-DDTHH-MMZ/manifest.json: below
// dataRoot when set; else below the first ancestor of the manifest's
// directory (the directory itself first) where it exists, as S3 lays a
// report out; else, for a report downloaded flat, the key's base name in
// the manifest's directory. It returns the path tried (for the error).
func resolveKey(manifestPath, dataRoot, key string) (string, error) {
	if err := checkKey(key); err != nil {
		return key, err
	}
	rel := filepath.FromSlash(key)
	if dataRoot != "" {
		p := filepath.Join(dataRoot, rel)
		if _, err := os.Stat(p); err != nil {
			return p, err
		}
		return p, nil
	}
	dir, err := filepath.Abs(filepath.Dir(manifestPath))
	if err != nil {
		return key, err
	}
	rdir := filepath.Dir(manifestPath)
	// S3 puts a report's data/ and its dated manifest directories in one
	// directory, report: the ancestors above it are tried too (a key holds
	// the path from the bucket's root), but a file found outside it is not
	// the report's (a key such as "etc/passwd" would find /etc/passwd).
	report := filepath.Dir(dir)
	for {
		p := filepath.Join(dir, rel)
		if inside(report, p) && isFile(p) {
			// Name the file relative to where the manifest was named.
			if r, err := filepath.Rel(filepath.Dir(mustAbs(manifestPath)), p); err == nil {
				return filepath.Join(rdir, r), nil
			}
			return p, nil
		}
		up := filepath.Dir(dir)
		if up == dir {
			break
		}
		dir = up
	}
	flat := filepath.Join(rdir, filepath.Base(rel))
	if st, err := os.Stat(flat); err == nil && !st.IsDir() {
		return flat, nil
	}
	return key, fmt.Errorf("%w: looked for %s below every ancestor of the manifest's directory %s (within %s), and for %s beside it (set the data root to the local copy of the destination bucket)",
		fs.ErrNotExist, key, rdir, filepath.Dir(rdir), filepath.Base(rel))
}

// isFile reports whether p names a file that is not a directory.
func isFile(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

// inside reports whether path p is dir or below it; both are absolute and
// clean.
func inside(dir, p string) bool {
	r, err := filepath.Rel(dir, p)
	return err == nil && r != ".." && !strings.HasPrefix(r, ".."+string(filepath.Separator)) && !filepath.IsAbs(r)
}

func mustAbs(p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	return a
}
