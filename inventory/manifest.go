package inventory

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

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

// jsonKinds name the kinds of JSON values for a message, by their first
// byte; any other is a number.
var jsonKinds = map[byte]string{'{': "an object", '[': "an array", '"': "a string", 't': "a boolean", 'f': "a boolean", 'n': "null"}

// jsonKind names the kind of a JSON value for a message.
func jsonKind(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "nothing"
	}
	if k, ok := jsonKinds[raw[0]]; ok {
		return k
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
