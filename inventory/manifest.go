package inventory

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// ParseManifest parses an S3 Inventory manifest.json. Every problem is
// reported, as an *InputError naming the member (files[2].size), joined.
// Required: fileFormat, fileSchema, and files, an array of objects each
// with a non-empty key; size (a whole number of bytes) and MD5checksum (32
// hex digits; empty means none) are checked when present. Members it does not know are
// ignored, so manifests with members added later still read.
func ParseManifest(data []byte, name string) (*Manifest, error) {
	data = bytes.TrimPrefix(data, utf8BOM)
	var errs []error
	bad := func(path string, off int64, format string, args ...any) {
		e := &InputError{File: name, Path: path, Msg: fmt.Sprintf(format, args...)}
		if off >= 0 {
			e.Line = lineAt(data, off)
		}
		errs = append(errs, e)
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			bad("", se.Offset, "%s", strings.TrimPrefix(se.Error(), "json: "))
		} else if bytes.HasPrefix(bytes.TrimSpace(data), []byte("{")) {
			bad("", -1, "%s", strings.TrimPrefix(err.Error(), "json: "))
		} else {
			bad("", -1, "not a JSON object")
		}
		return nil, errors.Join(errs...)
	}
	m := &Manifest{}
	str := func(member string, required bool) string {
		raw, ok := top[member]
		if !ok || string(raw) == "null" {
			if required {
				bad(member, -1, "required")
			}
			return ""
		}
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			bad(member, -1, "a string is needed, not %s", jsonKind(raw))
			return ""
		}
		if required && s == "" {
			bad(member, -1, "empty")
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
		bad("files", -1, "required")
	default:
		if err := json.Unmarshal(raw, &files); err != nil {
			bad("files", -1, "an array is needed, not %s", jsonKind(raw))
		}
	}
	m.Files = make([]ManifestFile, 0, len(files))
	for i, raw := range files {
		path := "files[" + strconv.Itoa(i) + "]"
		var f map[string]json.RawMessage
		if err := json.Unmarshal(raw, &f); err != nil {
			bad(path, -1, "an object is needed, not %s", jsonKind(raw))
			continue
		}
		var mf ManifestFile
		if k, ok := f["key"]; !ok {
			bad(path+".key", -1, "required")
		} else if err := json.Unmarshal(k, &mf.Key); err != nil {
			bad(path+".key", -1, "a string is needed, not %s", jsonKind(k))
		} else if mf.Key == "" {
			bad(path+".key", -1, "empty")
		}
		if s, ok := f["size"]; ok && string(s) != "null" {
			if err := json.Unmarshal(s, &mf.Size); err != nil {
				bad(path+".size", -1, "a whole number of bytes is needed, not %s", s)
			} else if mf.Size < 0 {
				bad(path+".size", -1, "%d is negative", mf.Size)
			}
		}
		if s, ok := f["MD5checksum"]; ok && string(s) != "null" {
			if err := json.Unmarshal(s, &mf.MD5Checksum); err != nil {
				bad(path+".MD5checksum", -1, "a string is needed, not %s", jsonKind(s))
			} else if mf.MD5Checksum != "" && !isMD5(mf.MD5Checksum) {
				bad(path+".MD5checksum", -1, "%q is not 32 hex digits", mf.MD5Checksum)
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

// resolveKey finds the local file of a manifest's data file key: below
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
