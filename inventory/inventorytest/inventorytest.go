// Package inventorytest writes S3 Inventory reports as S3 does, for tests,
// benchmarks and example data: a manifest.json, its manifest.checksum, and
// gzip-compressed CSV data files in S3's layout, byte for byte the same for
// the same input.
//
// The layout below dir, the local copy of the destination bucket, is S3's:
//
//	PREFIX/SOURCE-BUCKET/CONFIG-ID/YYYY-MM-DDTHH-MMZ/manifest.json
//	PREFIX/SOURCE-BUCKET/CONFIG-ID/YYYY-MM-DDTHH-MMZ/manifest.checksum
//	PREFIX/SOURCE-BUCKET/CONFIG-ID/data/UUID.csv.gz
//
// and the manifest's file keys are the data files' full keys in the
// destination bucket (PREFIX/SOURCE-BUCKET/CONFIG-ID/data/UUID.csv.gz).
// The data files are as S3 writes them: no header, every field quoted,
// keys URL-encoded as url.QueryEscape encodes them, dates as 2006-01-02T15:04:05.000Z (so
// times are written to the millisecond, truncated), and for delete
// markers empty Size, StorageClass, EncryptionStatus and ETag. The package
// does not check the objects: an empty key or a bad version id is written
// as it is, so readers' error handling can be tested.
package inventorytest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"iter"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jobscope/jobscope/scope"
)

// Report is an S3 Inventory report to write.
type Report struct {
	SourceBucket      string                   // required
	DestinationBucket string                   // default "arn:aws:s3:::inventory-destination"
	Prefix            string                   // destination prefix, may be empty
	ConfigID          string                   // default "jobscope"
	Created           time.Time                // default 2024-01-01T00:00:00Z; names the YYYY-MM-DDTHH-MMZ folder and creationTimestamp (ms)
	FileSchema        []string                 // default DefaultSchema()
	Files             []iter.Seq[scope.Object] // one gzip CSV data file each
	// CompressionLevel is the gzip level of the data files, one of
	// compress/gzip's constants; 0 means gzip.DefaultCompression, as
	// S3's files are compressed. gzip.BestSpeed writes about twice as
	// fast, files a fifth larger.
	CompressionLevel int
}

// DefaultSchema returns the fileSchema of a report whose FileSchema is
// empty: the fields a versioned inventory with encryption status has, in
// S3's order.
func DefaultSchema() []string {
	return []string{"Bucket", "Key", "VersionId", "IsLatest", "IsDeleteMarker", "Size", "LastModifiedDate", "ETag", "StorageClass", "EncryptionStatus"}
}

// Defaults of Report.
var (
	defaultDestination = "arn:aws:s3:::inventory-destination"
	defaultConfigID    = "jobscope"
	defaultCreated     = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
)

// column is what Write writes in a field.
type column uint8

const (
	wEmpty column = iota
	wBucket
	wKey
	wVersionID
	wIsLatest
	wIsDeleteMarker
	wSize
	wLastModified
	wETag
	wStorageClass
	wEncryptionStatus
	wIsMultipartUploaded
	wBucketKeyStatus
	wAccessTier
)

var columns = map[string]column{
	"Bucket": wBucket, "Key": wKey, "VersionId": wVersionID, "IsLatest": wIsLatest,
	"IsDeleteMarker": wIsDeleteMarker, "Size": wSize, "LastModifiedDate": wLastModified, "ETag": wETag,
	"StorageClass": wStorageClass, "EncryptionStatus": wEncryptionStatus,
	"IsMultipartUploaded": wIsMultipartUploaded, "BucketKeyStatus": wBucketKeyStatus,
	"IntelligentTieringAccessTier": wAccessTier,
}

// Write writes the report below dir, the local copy of the destination
// bucket, and returns the path of its manifest.json. Fields of FileSchema
// that an Object has no value for (ReplicationStatus, ObjectLockMode, ...)
// are written empty; ETag is a made-up digest of the bucket, key and
// version, IsMultipartUploaded "false", BucketKeyStatus "DISABLED". The
// data files are compressed concurrently (a file of more than 4 MiB of
// CSV text is several gzip members, see memberSize); each Files sequence
// is read on the calling goroutine, one after the other.
func Write(dir string, r Report) (manifestPath string, err error) {
	if r.SourceBucket == "" {
		return "", errors.New("inventorytest: Report.SourceBucket is required")
	}
	if r.DestinationBucket == "" {
		r.DestinationBucket = defaultDestination
	}
	if r.ConfigID == "" {
		r.ConfigID = defaultConfigID
	}
	if r.Created.IsZero() {
		r.Created = defaultCreated
	}
	r.Created = r.Created.UTC()
	if len(r.FileSchema) == 0 {
		r.FileSchema = DefaultSchema()
	}
	switch l := r.CompressionLevel; {
	case l == 0:
		r.CompressionLevel = gzip.DefaultCompression
	case l < gzip.HuffmanOnly || l > gzip.BestCompression:
		return "", fmt.Errorf("inventorytest: gzip level %d", l)
	}
	cols := make([]column, len(r.FileSchema))
	for i, name := range r.FileSchema {
		cols[i] = columns[name]
	}
	base := path.Join(strings.Trim(r.Prefix, "/"), r.SourceBucket, r.ConfigID)
	type entry struct {
		key  string
		done <-chan result
	}
	entries := make([]entry, len(r.Files))
	for i, seq := range r.Files {
		key := path.Join(base, "data", fileID(r, i)+".csv.gz")
		done, err := writeData(filepath.Join(dir, filepath.FromSlash(key)), cols, r.CompressionLevel, seq)
		if err != nil {
			return "", err
		}
		entries[i] = entry{key, done}
	}
	var m bytes.Buffer
	fmt.Fprintf(&m, "{\n  \"sourceBucket\" : %s,\n  \"destinationBucket\" : %s,\n  \"version\" : \"2016-11-30\",\n  \"creationTimestamp\" : \"%d\",\n  \"fileFormat\" : \"CSV\",\n  \"fileSchema\" : %s,\n  \"files\" : [",
		jsonString(r.SourceBucket), jsonString(r.DestinationBucket), r.Created.UnixMilli(), jsonString(strings.Join(r.FileSchema, ", ")))
	var firstErr error
	for i, e := range entries {
		res := <-e.done
		if res.err != nil && firstErr == nil {
			firstErr = res.err
		}
		if i > 0 {
			m.WriteString(",")
		}
		fmt.Fprintf(&m, " {\n    \"key\" : %s,\n    \"size\" : %d,\n    \"MD5checksum\" : \"%s\"\n  }", jsonString(e.key), res.size, res.sum)
	}
	m.WriteString(" ]\n}")
	if firstErr != nil {
		return "", firstErr
	}
	mdir := filepath.Join(dir, filepath.FromSlash(base), r.Created.Format("2006-01-02T15-04Z"))
	if err := os.MkdirAll(mdir, 0o755); err != nil {
		return "", err
	}
	manifestPath = filepath.Join(mdir, "manifest.json")
	if err := os.WriteFile(manifestPath, m.Bytes(), 0o644); err != nil {
		return "", err
	}
	sum := md5.Sum(m.Bytes())
	if err := os.WriteFile(filepath.Join(mdir, "manifest.checksum"), []byte(hex.EncodeToString(sum[:])), 0o644); err != nil {
		return "", err
	}
	return manifestPath, nil
}

// fileID is a UUID-like name for data file i of r, derived from the
// report so that the output is deterministic.
func fileID(r Report, i int) string {
	h := sha256.Sum256([]byte(r.SourceBucket + "\x00" + r.ConfigID + "\x00" + r.Created.Format(time.RFC3339Nano) + "\x00" + strconv.Itoa(i)))
	h[6] = h[6]&0x0f | 0x40 // version 4
	h[8] = h[8]&0x3f | 0x80 // RFC 4122 variant
	s := hex.EncodeToString(h[:16])
	return s[0:8] + "-" + s[8:12] + "-" + s[12:16] + "-" + s[16:20] + "-" + s[20:32]
}

func jsonString(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(s)
	return strings.TrimSuffix(b.String(), "\n")
}

type result struct {
	size int64
	sum  string
	err  error
}

// counter counts and hashes what is written through it.
type counter struct {
	w io.Writer
	h hash.Hash
	n int64
}

func (c *counter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.h.Write(p[:n])
	c.n += int64(n)
	return n, err
}

// memberSize is how much CSV text goes into one gzip member. A data file
// of more is written as several members one after the other (a valid gzip
// file, which gzip readers read whole), so that members are compressed in
// parallel; where a member ends depends only on the rows, so the output
// stays deterministic.
const memberSize = 4 << 20

var (
	// compressSem bounds the members being compressed at once.
	compressSem = make(chan struct{}, runtime.GOMAXPROCS(0))
	// zwPools are gzip writers by level (HuffmanOnly, -2, is index 0).
	zwPools [gzip.BestCompression - gzip.HuffmanOnly + 1]sync.Pool
	bufPool = sync.Pool{New: func() any { b := make([]byte, 0, memberSize+64<<10); return &b }}
)

type compressed struct {
	data []byte
	err  error
}

// compress returns text as one gzip member, with no name and no mtime.
func compress(text []byte, level int) compressed {
	var b bytes.Buffer
	b.Grow(len(text)/4 + 64)
	pool := &zwPools[level-gzip.HuffmanOnly]
	zw, _ := pool.Get().(*gzip.Writer)
	if zw == nil {
		var err error
		if zw, err = gzip.NewWriterLevel(&b, level); err != nil {
			return compressed{err: err}
		}
	}
	defer pool.Put(zw)
	zw.Reset(&b)
	if _, err := zw.Write(text); err != nil {
		return compressed{err: err}
	}
	if err := zw.Close(); err != nil {
		return compressed{err: err}
	}
	return compressed{data: b.Bytes()}
}

// writeData writes one data file: the calling goroutine renders the rows,
// other goroutines compress them a member at a time, and one writes the
// members in order.
func writeData(name string, cols []column, level int, seq iter.Seq[scope.Object]) (<-chan result, error) {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return nil, err
	}
	f, err := os.Create(name)
	if err != nil {
		return nil, err
	}
	members := make(chan chan compressed, min(cap(compressSem)+2, 16))
	done := make(chan result, 1)
	go func() {
		c := &counter{w: f, h: md5.New()}
		var err error
		for m := range members {
			z := <-m
			if err == nil {
				err = z.err
			}
			if err == nil {
				_, err = c.Write(z.data)
			}
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		done <- result{size: c.n, sum: hex.EncodeToString(c.h.Sum(nil)), err: err}
	}()
	bp := bufPool.Get().(*[]byte)
	flush := func() {
		m := make(chan compressed, 1)
		members <- m
		text := bp
		compressSem <- struct{}{}
		go func() {
			defer func() { <-compressSem }()
			m <- compress(*text, level)
			*text = (*text)[:0]
			bufPool.Put(text)
		}()
		bp = bufPool.Get().(*[]byte)
	}
	n := 0
	for o := range seq {
		*bp = appendRow(*bp, cols, &o)
		if len(*bp) >= memberSize {
			flush()
			n++
		}
	}
	if len(*bp) > 0 || n == 0 {
		flush()
	}
	bufPool.Put(bp)
	close(members)
	return done, nil
}

// appendRow appends o's CSV row.
func appendRow(buf []byte, cols []column, o *scope.Object) []byte {
	dm := o.IsDeleteMarker
	for i, c := range cols {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, '"')
		switch c {
		case wBucket:
			buf = appendEscaped(buf, o.Bucket)
		case wKey:
			buf = appendQueryEscape(buf, o.Key)
		case wVersionID:
			buf = appendEscaped(buf, o.VersionID)
		case wIsLatest:
			buf = strconv.AppendBool(buf, !o.Noncurrent)
		case wIsDeleteMarker:
			buf = strconv.AppendBool(buf, dm)
		case wSize:
			if !dm {
				buf = strconv.AppendInt(buf, o.Size, 10)
			}
		case wLastModified:
			buf = o.LastModified.UTC().AppendFormat(buf, "2006-01-02T15:04:05.000Z")
		case wETag:
			if !dm {
				buf = appendETag(buf, o)
			}
		case wStorageClass:
			if !dm {
				buf = appendEscaped(buf, string(o.StorageClass))
			}
		case wEncryptionStatus:
			if !dm {
				buf = appendEscaped(buf, string(o.EncryptionStatus))
			}
		case wAccessTier:
			if !dm {
				buf = appendEscaped(buf, string(o.IntelligentTieringAccessTier))
			}
		case wIsMultipartUploaded:
			if !dm {
				buf = append(buf, "false"...)
			}
		case wBucketKeyStatus:
			if !dm {
				buf = append(buf, "DISABLED"...)
			}
		}
		buf = append(buf, '"')
	}
	return append(buf, '\n')
}

// appendEscaped appends s with its quotes doubled.
func appendEscaped(buf []byte, s string) []byte {
	for {
		i := strings.IndexByte(s, '"')
		if i < 0 {
			return append(buf, s...)
		}
		buf = append(append(buf, s[:i+1]...), '"')
		s = s[i+1:]
	}
}

// appendETag appends a 32-hex-digit stand-in for an ETag: two FNV-1a
// digests of the bucket, key and version.
func appendETag(buf []byte, o *scope.Object) []byte {
	const prime = 1099511628211
	h1, h2 := uint64(14695981039346656037), uint64(0x9e3779b97f4a7c15)
	for _, s := range [...]string{o.Bucket, o.Key, o.VersionID} {
		for i := 0; i < len(s); i++ {
			h1 = (h1 ^ uint64(s[i])) * prime
			h2 = (h2 ^ uint64(s[i])) * prime
		}
		h1 = (h1 ^ 0xff) * prime
		h2 = (h2 ^ 0xff) * prime
	}
	var b [16]byte
	for i := 0; i < 8; i++ {
		b[i], b[8+i] = byte(h1>>(8*i)), byte(h2>>(8*i))
	}
	return hex.AppendEncode(buf, b[:])
}

const upperhex = "0123456789ABCDEF"

// appendQueryEscape appends s escaped as S3 Inventory's CSV escapes keys,
// as url.QueryEscape does: a space is "+", a plus sign "%2B", a slash
// "%2F", and every byte other than ASCII letters, digits and "-_.~" is
// %-escaped.
func appendQueryEscape(buf []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-', c == '_', c == '.', c == '~':
			buf = append(buf, c)
		case c == ' ':
			buf = append(buf, '+')
		default:
			buf = append(buf, '%', upperhex[c>>4], upperhex[c&15])
		}
	}
	return buf
}

// tagLine is a line of the tag sidecar.
type tagLine struct {
	Bucket    string            `json:"bucket"`
	Key       string            `json:"key"`
	VersionID string            `json:"versionId,omitempty"`
	Tags      map[string]string `json:"tags"`
}

// WriteTags writes the tag sidecar (JSONL {"bucket", "key", "versionId"?,
// "tags"}) of the objects that have tags, one line each, tags in key
// order.
func WriteTags(w io.Writer, objs iter.Seq[scope.Object]) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for o := range objs {
		if len(o.Tags) == 0 {
			continue
		}
		if err := enc.Encode(tagLine{o.Bucket, o.Key, o.VersionID, o.Tags}); err != nil {
			return err
		}
	}
	return bw.Flush()
}
