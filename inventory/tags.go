package inventory

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/jobscope/jobscope/field"
)

// Tags are object tags read from a tag sidecar, by bucket, key and version.
// They are held in memory: S3 Inventory has no tags, so they are joined to
// the inventory's rows by key, and the rows come in no useful order. A
// *Tags is safe for concurrent Lookup.
type Tags struct {
	m map[tagKey]tagEntry
}

type tagKey struct{ bucket, key, version string }

type tagEntry struct {
	tags map[string]string
	line int
}

// tagLine is one line of a tag sidecar.
type tagLine struct {
	Bucket    *string           `json:"bucket"`
	Key       *string           `json:"key"`
	VersionID *string           `json:"versionId"`
	Tags      map[string]string `json:"tags"`
}

// ReadTags reads a tag sidecar: JSONL, one object's tags a line,
//
//	{"bucket": "b", "key": "docs/a.pdf", "versionId": "v1", "tags": {"Project": "X"}}
//
// versionId is optional: an entry without it applies to every version of
// the key that has no entry of its own. bucket, key and tags are required
// (tags may be {}, which says the object has none); other members, a line
// that is not one JSON object, and a second entry for the same bucket,
// key and version are errors. Blank lines are skipped. Every bad line is
// reported, as a *field.Error naming name:line (and the member at fault),
// all of them joined with errors.Join; the result is then nil. name is the
// input's name in the errors. When ctx is done, ReadTags returns ctx.Err().
func ReadTags(ctx context.Context, r io.Reader, name string) (*Tags, error) {
	t := &Tags{m: make(map[tagKey]tagEntry)}
	lr := lineReader{br: bufio.NewReaderSize(r, textBuffer), max: maxJSONLine}
	skipBOM(lr.br)
	var errs []error
	for n := 1; ; n++ {
		if n%ctxEvery == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		line, tooLong, err := lr.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			errs = append(errs, inputError(name, lr.line+1, "", field.Unreadable, err.Error()))
			break
		}
		bad := func(path string, code field.Code, format string, args ...any) {
			errs = append(errs, inputError(name, lr.line, path, code, fmt.Sprintf(format, args...)))
		}
		if tooLong {
			bad("", field.Limit, "line longer than %d bytes", maxJSONLine)
			continue
		}
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		var tl tagLine
		dec := json.NewDecoder(bytes.NewReader(line))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&tl); err != nil {
			var te *json.UnmarshalTypeError
			msg := strings.TrimPrefix(err.Error(), "json: ")
			switch {
			case errors.As(err, &te) && te.Field == "":
				bad("", field.WrongType, "a JSON object is needed, not a JSON %s", te.Value)
			case te != nil:
				bad(te.Field, field.WrongType, "a JSON %s where a %s belongs", te.Value, te.Type)
			case strings.HasPrefix(msg, "unknown field "):
				bad("", field.UnknownField, "%s", msg)
			default:
				bad("", field.Syntax, "%s", msg)
			}
			continue
		}
		if dec.More() {
			bad("", field.Syntax, "more than one JSON value on the line")
			continue
		}
		ok := true
		for _, m := range []struct {
			name string
			set  bool
		}{{"bucket", tl.Bucket != nil && *tl.Bucket != ""}, {"key", tl.Key != nil && *tl.Key != ""}, {"tags", tl.Tags != nil}} {
			if !m.set {
				bad(m.name, field.Required, "required")
				ok = false
			}
		}
		if !ok {
			continue
		}
		k := tagKey{bucket: *tl.Bucket, key: *tl.Key}
		if tl.VersionID != nil {
			k.version = *tl.VersionID
		}
		if prev, dup := t.m[k]; dup {
			bad("", field.Conflict, "a second entry for bucket %q, key %q, version %q (the first is on line %d)", k.bucket, k.key, k.version, prev.line)
			continue
		}
		t.m[k] = tagEntry{tags: tl.Tags, line: lr.line}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return t, nil
}

// Lookup returns the tags of an object version: those of its own entry
// when the sidecar has one for versionID, else those of the key's entry
// without a versionId; nil when neither exists. The map is shared: do not
// modify it. A nil *Tags has no tags.
func (t *Tags) Lookup(bucket, key, versionID string) map[string]string {
	if t == nil {
		return nil
	}
	if versionID != "" {
		if e, ok := t.m[tagKey{bucket, key, versionID}]; ok {
			return e.tags
		}
	}
	return t.m[tagKey{bucket: bucket, key: key}].tags
}
