package inventorytest_test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/jobscope/jobscope/inventory"
	"github.com/jobscope/jobscope/inventory/inventorytest"
	"github.com/jobscope/jobscope/scope"
)

var when = time.Date(2024, 2, 3, 4, 5, 6, 789e6, time.UTC)

var objs = []scope.Object{
	{Bucket: "src", Key: "a b/c+d.txt", VersionID: "v1", Size: 12, LastModified: when, StorageClass: scope.Standard, EncryptionStatus: scope.SSES3},
	{Bucket: "src", Key: "a b/c+d.txt", VersionID: "v0", Noncurrent: true, IsDeleteMarker: true, Size: 99, LastModified: when, StorageClass: scope.Standard},
	{Bucket: "src", Key: `q"uote`, VersionID: `x"y`, LastModified: when, StorageClass: "GLACIER", EncryptionStatus: "SSE-C"},
}

// files lists the files below dir with their contents.
func files(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func gunzip(t *testing.T, data []byte) string {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	text, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return string(text)
}

func TestWriteLayout(t *testing.T) {
	dir := t.TempDir()
	p, err := inventorytest.Write(dir, inventorytest.Report{SourceBucket: "src", Prefix: "inv/", Files: []iter.Seq[scope.Object]{slices.Values(objs)}})
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, "inv/src/jobscope/2024-01-01T00-00Z/manifest.json"); p != want {
		t.Errorf("manifest %s, want %s", p, want)
	}
	got := files(t, dir)
	var data string
	for name := range got {
		if strings.HasPrefix(name, "inv/src/jobscope/data/") {
			data = name
		}
	}
	if len(got) != 3 || data == "" || !strings.HasSuffix(data, ".csv.gz") {
		t.Fatalf("files %v", slices.Collect(func(yield func(string) bool) {
			for k := range got {
				yield(k)
			}
		}))
	}
	sum := md5.Sum(got[data])
	want := fmt.Sprintf(`{
  "sourceBucket" : "src",
  "destinationBucket" : "arn:aws:s3:::inventory-destination",
  "version" : "2016-11-30",
  "creationTimestamp" : "1704067200000",
  "fileFormat" : "CSV",
  "fileSchema" : "Bucket, Key, VersionId, IsLatest, IsDeleteMarker, Size, LastModifiedDate, ETag, StorageClass, EncryptionStatus",
  "files" : [ {
    "key" : %q,
    "size" : %d,
    "MD5checksum" : "%s"
  } ]
}`, data, len(got[data]), hex.EncodeToString(sum[:]))
	manifest := got["inv/src/jobscope/2024-01-01T00-00Z/manifest.json"]
	if diff := cmp.Diff(want, string(manifest)); diff != "" {
		t.Errorf("manifest.json (-want +got):\n%s", diff)
	}
	msum := md5.Sum(manifest)
	if c := string(got["inv/src/jobscope/2024-01-01T00-00Z/manifest.checksum"]); c != hex.EncodeToString(msum[:]) {
		t.Errorf("manifest.checksum %q", c)
	}
	text := gunzip(t, got[data])
	lines := strings.Split(text, "\n")
	etag := strings.Split(lines[0], ",")[7]
	wantText := `"src","a+b%2Fc%2Bd.txt","v1","true","false","12","2024-02-03T04:05:06.789Z",` + etag + `,"STANDARD","SSE-S3"
"src","a+b%2Fc%2Bd.txt","v0","false","true","","2024-02-03T04:05:06.789Z","","",""
"src","q%22uote","x""y","true","false","0","2024-02-03T04:05:06.789Z",` + strings.Split(lines[2], ",")[7] + `,"GLACIER","SSE-C"
`
	if diff := cmp.Diff(wantText, text); diff != "" {
		t.Errorf("data (-want +got):\n%s", diff)
	}
	if len(etag) != 34 {
		t.Errorf("ETag %s", etag)
	}
	// No mtime, no name in the gzip header.
	if h := got[data][:10]; !bytes.Equal(h[3:8], []byte{0, 0, 0, 0, 0}) {
		t.Errorf("gzip header % x", h)
	}
}

// The same report twice is the same bytes; another Created, another folder
// and other file names.
func TestWriteDeterministic(t *testing.T) {
	r := func(created time.Time) inventorytest.Report {
		return inventorytest.Report{SourceBucket: "src", ConfigID: "cfg", Created: created, DestinationBucket: "arn:aws:s3:::dest",
			FileSchema: []string{"Key", "Bucket", "Size", "ObjectOwner", "IsMultipartUploaded"},
			Files:      []iter.Seq[scope.Object]{slices.Values(objs), slices.Values(objs[:1])}}
	}
	d1, d2, d3 := t.TempDir(), t.TempDir(), t.TempDir()
	for _, d := range []string{d1, d2} {
		if _, err := inventorytest.Write(d, r(time.Time{})); err != nil {
			t.Fatal(err)
		}
	}
	f1, f2 := files(t, d1), files(t, d2)
	if diff := cmp.Diff(f1, f2); diff != "" {
		t.Errorf("two writes differ:\n%s", diff)
	}
	p, err := inventorytest.Write(d3, r(time.Date(2025, 6, 7, 8, 9, 10, 0, time.FixedZone("X", 3600))))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(filepath.ToSlash(p), "src/cfg/2025-06-07T07-09Z/manifest.json") {
		t.Errorf("manifest %s", p)
	}
	for name := range files(t, d3) {
		if _, ok := f1[name]; ok && strings.Contains(name, "/data/") {
			t.Errorf("%s written for two creation times", name)
		}
	}
	// Columns Write has no value for are empty; ObjectOwner is one.
	for name, data := range f1 {
		if strings.HasSuffix(name, ".csv.gz") && !strings.HasPrefix(gunzip(t, data), `"a+b%2Fc%2Bd.txt","src","12","","false"`+"\n") {
			t.Errorf("%s: %s", name, gunzip(t, data))
		}
	}
}

func TestWriteErrors(t *testing.T) {
	if _, err := inventorytest.Write(t.TempDir(), inventorytest.Report{}); err == nil {
		t.Error("no error without a source bucket")
	}
	if _, err := inventorytest.Write(t.TempDir(), inventorytest.Report{SourceBucket: "s", CompressionLevel: 42}); err == nil {
		t.Error("no error for gzip level 42")
	}
	blocker := filepath.Join(t.TempDir(), "file")
	os.WriteFile(blocker, nil, 0o644)
	if _, err := inventorytest.Write(blocker, inventorytest.Report{SourceBucket: "s", Files: []iter.Seq[scope.Object]{slices.Values(objs)}}); err == nil {
		t.Error("no error writing below a file")
	}
}

// A data file of more than one member's worth of text is several gzip
// members, read whole by gzip readers and by inventory.
func TestWriteLarge(t *testing.T) {
	const n = 120_000
	gen := func(yield func(scope.Object) bool) {
		for i := range n {
			if !yield(scope.Object{Bucket: "src", Key: fmt.Sprintf("some/longer/prefix/for/the/keys/object-%07d.json", i), Size: int64(i), LastModified: when}) {
				return
			}
		}
	}
	dir := t.TempDir()
	p, err := inventorytest.Write(dir, inventorytest.Report{SourceBucket: "src", Files: []iter.Seq[scope.Object]{gen, gen}, CompressionLevel: gzip.BestSpeed})
	if err != nil {
		t.Fatal(err)
	}
	src, err := inventory.Open(context.Background(), p, inventory.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range src.Files {
		data, _ := os.ReadFile(f.Name())
		br := bufio.NewReader(bytes.NewReader(data))
		zr, err := gzip.NewReader(br)
		if err != nil {
			t.Fatal(err)
		}
		members := 0
		for {
			zr.Multistream(false)
			if _, err := io.Copy(io.Discard, zr); err != nil {
				t.Fatal(err)
			}
			members++
			if err := zr.Reset(br); err == io.EOF {
				break
			} else if err != nil {
				t.Fatal(err)
			}
		}
		if members < 2 {
			t.Errorf("%s: %d gzip members", f.Name(), members)
		}
		i := 0
		for rec, err := range f.Records(context.Background()) {
			if err != nil {
				t.Fatal(err)
			}
			if rec.Size != int64(i) {
				t.Fatalf("row %d: %+v", i, rec)
			}
			i++
		}
		if i != n {
			t.Errorf("%s: %d rows", f.Name(), i)
		}
		if f.BytesRead() != int64(len(data)) {
			t.Errorf("read %d of %d bytes", f.BytesRead(), len(data))
		}
	}
}

func TestWriteTags(t *testing.T) {
	var b bytes.Buffer
	err := inventorytest.WriteTags(&b, slices.Values([]scope.Object{
		{Bucket: "b", Key: "k", Tags: map[string]string{"z": "1", "a": "<&>"}},
		{Bucket: "b", Key: "untagged"},
		{Bucket: "b", Key: "k", VersionID: "v1", Tags: map[string]string{"e": ""}},
	}))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"bucket":"b","key":"k","tags":{"a":"<&>","z":"1"}}
{"bucket":"b","key":"k","versionId":"v1","tags":{"e":""}}
`
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	tags, err := inventory.ReadTags(context.Background(), &b, "tags.jsonl")
	if err != nil || tags.Lookup("b", "untagged", "") != nil || tags.Lookup("b", "k", "v1")["e"] != "" || tags.Lookup("b", "k", "v2")["a"] != "<&>" {
		t.Errorf("read back: %v", err)
	}
}
