package inventory

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/jobscope/jobscope/criteria"
	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/internal/enum"
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

// ReadBuckets reads aws macie2 describe-buckets output, {"buckets": [...],
// "nextToken": ...}, or a bare JSON array of BucketMetadata. The members
// that bucket criteria do not read (bucketArn, objectCount,
// sizeInBytes, ... and nextToken) are ignored. A bucket without a
// bucketName, a sharedAccess or publicAccess.effectivePermission that is
// not one of Macie's values, a member of the wrong JSON type, and a bucket
// name that appears twice are errors; every one is reported, as a
// *field.Error naming the JSON path (buckets[3].sharedAccess) and the
// line, all of them joined with errors.Join, and the result is then nil.
// name is the input's name in the errors. When ctx is done, ReadBuckets
// returns ctx.Err().
func ReadBuckets(ctx context.Context, r io.Reader, name string) ([]criteria.BucketMetadata, error) {
	data, err := io.ReadAll(ctxReader{ctx, r})
	if err != nil {
		return nil, err
	}
	data = bytes.TrimPrefix(data, utf8BOM)
	var errs []error
	lines := lineIndex{data: data}
	bad := func(path string, off int64, code field.Code, format string, args ...any) {
		errs = append(errs, inputError(name, lines.at(off), path, code, fmt.Sprintf(format, args...)))
	}
	syntax := func(err error) ([]criteria.BucketMetadata, error) {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			bad("", se.Offset, field.Syntax, "%s", strings.TrimPrefix(se.Error(), "json: "))
		} else if err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF) {
			bad("", int64(len(data)), field.Syntax, "the JSON ends early")
		} else {
			bad("", 0, field.Syntax, "%s", err)
		}
		return nil, errors.Join(errs...)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	if err != nil {
		return syntax(err)
	}
	prefix := ""
	switch tok {
	case json.Delim('['):
	case json.Delim('{'):
		found := false
		for dec.More() {
			tok, err := dec.Token()
			if err != nil {
				return syntax(err)
			}
			if tok == "buckets" {
				found = true
				break
			}
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return syntax(err)
			}
		}
		if !found {
			bad("", 0, field.Required, "no \"buckets\" member: not aws macie2 describe-buckets output")
			return nil, errors.Join(errs...)
		}
		off := dec.InputOffset()
		if tok, err := dec.Token(); err != nil {
			return syntax(err)
		} else if tok != json.Delim('[') {
			bad("buckets", off, field.WrongType, "an array is needed")
			return nil, errors.Join(errs...)
		}
		prefix = "buckets"
	default:
		bad("", 0, field.WrongType, "not describe-buckets output: a JSON object or array is needed")
		return nil, errors.Join(errs...)
	}
	var out []criteria.BucketMetadata
	first := map[string]int{}
	for i := 0; dec.More(); i++ {
		if i%ctxEvery == ctxEvery-1 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		start := dec.InputOffset()
		for start < int64(len(data)) && strings.IndexByte(" \t\r\n,", data[start]) >= 0 {
			start++
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return syntax(err)
		}
		path := prefix + "[" + strconv.Itoa(i) + "]"
		var b criteria.BucketMetadata
		if err := json.Unmarshal(raw, &b); err != nil {
			var te *json.UnmarshalTypeError
			if errors.As(err, &te) && te.Field != "" {
				bad(path+"."+te.Field, start+te.Offset, field.WrongType, "a JSON %s where a %s belongs", te.Value, te.Type)
			} else if errors.As(err, &te) {
				bad(path, start, field.WrongType, "an object is needed, not a JSON %s", te.Value)
			} else {
				bad(path, start, field.Syntax, "%s", strings.TrimPrefix(err.Error(), "json: "))
			}
			continue
		}
		at := func(member ...string) int64 { return start + memberOffset(raw, member...) }
		if b.BucketName == "" {
			bad(path+".bucketName", at("bucketName"), field.Required, "required")
		} else if j, dup := first[b.BucketName]; dup {
			bad(path+".bucketName", at("bucketName"), field.Conflict, "%q is also %s[%d]", b.BucketName, prefix, j)
		} else {
			first[b.BucketName] = i
		}
		if b.SharedAccess != "" && !enum.Valid(b.SharedAccess) {
			bad(path+".sharedAccess", at("sharedAccess"), field.InvalidValue, "%q is not one of %s", b.SharedAccess, enumList(b.SharedAccess.Values()))
		}
		if p := b.PublicAccess; p != nil && p.EffectivePermission != "" && !enum.Valid(p.EffectivePermission) {
			bad(path+".publicAccess.effectivePermission", at("publicAccess", "effectivePermission"), field.InvalidValue,
				"%q is not one of %s", p.EffectivePermission, enumList(p.EffectivePermission.Values()))
		}
		out = append(out, b)
	}
	if _, err := dec.Token(); err != nil { // the array's end
		return syntax(err)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

func enumList[T ~string](vs []T) string {
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = string(v)
	}
	return strings.Join(s, ", ")
}

// memberOffset returns the offset in raw of the member that path names
// (an object member, then a member of its value, ...), or of the deepest
// one found; 0 when the first is not there.
func memberOffset(raw []byte, path ...string) int64 {
	dec := json.NewDecoder(bytes.NewReader(raw))
	var off int64
	for _, name := range path {
		if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
			return off
		}
		found := false
		for dec.More() {
			tok, err := dec.Token()
			if err != nil {
				return off
			}
			if tok == name {
				off, found = dec.InputOffset(), true
				break
			}
			var skip json.RawMessage
			if dec.Decode(&skip) != nil {
				return off
			}
		}
		if !found {
			return off
		}
	}
	return off
}
