package inventory

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"

	"github.com/jobscope/jobscope/field"
)

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
	r, c, err := openText(ctx, in.opts.Remote, in.path, new(atomic.Int64))
	if err != nil {
		return nil, err
	}
	defer c.Close()
	return in.readManifest(ctx, r)
}

// readManifest opens an S3 Inventory report by the text of its
// manifest.json, which r reads.
func (in *input) readManifest(ctx context.Context, r io.Reader) (*Source, error) {
	name := in.name
	data, err := io.ReadAll(io.LimitReader(ctxReader{ctx, r}, maxManifest+1))
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
		p, err := in.resolveKey(m, m.Files[i].Key)
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
			if size == 0 && !isURI(p) {
				if st, err := os.Stat(p); err == nil {
					size = st.Size()
				}
			}
			src.Files = append(src.Files, &csvFile{fileInfo: fileInfo{name: p, path: p, size: size, remote: in.opts.Remote}, m: mf, schema: sc, defBucket: m.SourceBucket,
				noVerify: in.opts.NoVerify})
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
		f, cols, err := d.Open(ctx, p, FileOptions{Manifest: &m.Files[i], Schema: m.FileSchema, MaxPageBytes: in.opts.MaxPageBytes,
			Remote: remoteFor(in.opts.Remote, p), NoVerify: in.opts.NoVerify})
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

// resolveKey finds the data file of a manifest's key: an object of the
// destination bucket when the manifest is read from a URI, or when the
// data root is one; else a local file (see resolveKey).
func (in *input) resolveKey(m *Manifest, key string) (string, error) {
	root := in.opts.DataRoot
	switch {
	case isURI(root):
		if err := checkKey(key); err != nil {
			return key, err
		}
		return strings.TrimSuffix(root, "/") + "/" + key, nil
	case root == "" && isURI(in.path):
		if err := checkKey(key); err != nil {
			return key, err
		}
		scheme := in.path[:strings.Index(in.path, "://")+3]
		bucket := m.DestinationBucket
		if i := strings.LastIndex(bucket, ":"); i >= 0 {
			bucket = bucket[i+1:] // arn:aws:s3:::NAME
		}
		if bucket == "" {
			bucket, _, _ = strings.Cut(strings.TrimPrefix(in.path, scheme), "/")
		}
		return scheme + bucket + "/" + key, nil
	}
	return resolveKey(in.path, root, key)
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
