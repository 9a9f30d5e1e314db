package inventory_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/jobscope/jobscope/internal/testfile"
	"github.com/jobscope/jobscope/inventory"
	"github.com/jobscope/jobscope/scope"
)

// The keys of format fidelity: S3 Inventory URL-encodes them, so "+" in
// the file is a space and "%2B" a plus sign.
var trickyKeys = []string{
	"plain/key.txt",
	"with space/and  two.pdf",
	"plus+sign/a+b.csv",
	"percent%2B/literal %2B and %20.txt",
	"unicode/日本語/naïve café/😀.docx",
	`quotes/"quoted" and ""double"".txt`,
	"commas/a,b,,c.csv",
	"newlines/line1\nline2\r\nline3.txt",
	"tab\tand\x01control.bin",
	"slash//double//and trailing/",
	"~tilde-_.*!'()&$=;:@?#[]{}<>|\\^`.txt",
	strings.Repeat("k", 1024),
	strings.Repeat("é", 512), // 1,024 bytes
}

func TestCSVKeysRoundTrip(t *testing.T) {
	var objs []scope.Object
	for i, k := range trickyKeys {
		objs = append(objs, obj(k, int64(i)))
	}
	src := open(t, writeReport(t, t.TempDir(), objs), inventory.Options{})
	res := readSource(t, src)
	if diff := cmp.Diff(objs, res.objects()); diff != "" {
		t.Errorf("objects (-written +read):\n%s", diff)
	}
	if len(res.RowErrs)+len(res.FileErrs)+len(res.OtherErrs) > 0 {
		t.Errorf("errors: %v %v %v", res.RowErrs, res.FileErrs, res.OtherErrs)
	}
	for i, r := range res.Rows {
		if want := fmt.Sprintf(".csv.gz:%d", i+1); !strings.HasSuffix(r.Pos, want) {
			t.Errorf("row %d at %s, want …%s", i, r.Pos, want)
		}
	}
}

// Hand-built CSV: keys not URL-encoded but quoted RFC 4180 style, raw
// quotes, commas and newlines inside; unquoted fields; CRLF line ends.
func TestCSVRawQuoted(t *testing.T) {
	const schema = "Bucket, Key, Size, LastModifiedDate"
	data := "\"b\",\"a \"\"quoted\"\", key\",\"1\",\"2024-01-02T03:04:05.000Z\"\n" +
		"\"b\",\"two\nline\nkey\",\"2\",\"2024-01-02T03:04:05.000Z\"\n" +
		"b,unquoted key,3,2024-01-02T03:04:05Z\r\n" +
		"\n" +
		"\"b\",\"crlf\r\ninside\",\"4\",\"2024-01-02T03:04:05.5+01:00\"\r\n" +
		"\"b\",\"last, no newline\",\"5\",\"2024-01-02T03:04:05.000Z\""
	want := []row{
		{Obj: &scope.Object{Bucket: "b", Key: `a "quoted", key`, Size: 1, LastModified: at("2024-01-02T03:04:05Z")}, Pos: "f:1"},
		{Obj: &scope.Object{Bucket: "b", Key: "two\nline\nkey", Size: 2, LastModified: at("2024-01-02T03:04:05Z")}, Pos: "f:2"},
		{Obj: &scope.Object{Bucket: "b", Key: "unquoted key", Size: 3, LastModified: at("2024-01-02T03:04:05Z")}, Pos: "f:5"},
		{Obj: &scope.Object{Bucket: "b", Key: "crlf\r\ninside", Size: 4, LastModified: at("2024-01-02T02:04:05.5Z")}, Pos: "f:7"},
		{Obj: &scope.Object{Bucket: "b", Key: "last, no newline", Size: 5, LastModified: at("2024-01-02T03:04:05Z")}, Pos: "f:9"},
	}
	for _, compress := range []bool{false, true} {
		t.Run(fmt.Sprint("gzip=", compress), func(t *testing.T) {
			dir := t.TempDir()
			b := []byte(data)
			if compress {
				b = gz(b)
			}
			testfile.Write(t, dir, "f", b)
			chdir(t, dir)
			src := open(t, "f", inventory.Options{FileSchema: schema})
			if src.Format != inventory.FormatCSV || src.Columns != inventory.ColBucket|inventory.ColKey|inventory.ColSize|inventory.ColLastModified {
				t.Errorf("format %s, columns %s", src.Format, src.Columns)
			}
			if diff := cmp.Diff(want, readSource(t, src).Rows); diff != "" {
				t.Errorf("rows (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCSVRowErrors(t *testing.T) {
	const schema = "Bucket, Key, VersionId, IsLatest, IsDeleteMarker, Size, LastModifiedDate, ETag, StorageClass, EncryptionStatus"
	good := `"b","k","","true","false","1","2024-01-02T03:04:05.000Z","e","STANDARD","SSE-S3"`
	with := func(i int, v string) string {
		f := strings.Split(good, ",")
		f[i] = v
		return strings.Join(f, ",")
	}
	tests := []struct {
		name, row, column, msg string
	}{
		{"too few fields", `"b","k"`, "", "2 fields, the fileSchema has 10"},
		{"too many fields", good + `,"x"`, "", "11 fields"},
		{"bare quote", with(1, `k"x`), "Key", "quote"},
		{"text after quote", with(1, `"k"x`), "Key", "after a closing quote"},
		{"bad escape", with(1, `"a%2"`), "Key", "bad %-escape"},
		{"bad hex", with(1, `"a%zz"`), "Key", "bad %-escape"},
		{"invalid UTF-8", with(1, `"a%FF"`), "Key", "UTF-8"},
		{"empty key", with(1, `""`), "Key", "empty"},
		{"key too long", with(1, `"`+strings.Repeat("%41", 1025)+`"`), "Key", "1025 bytes"},
		{"empty bucket", with(0, `""`), "Bucket", "empty"},
		{"bad IsLatest", with(3, `"TRUE"`), "IsLatest", "not true or false"},
		{"bad IsDeleteMarker", with(4, `""`), "IsDeleteMarker", "not true or false"},
		{"negative size", with(5, `"-1"`), "Size", "negative"},
		{"size overflow", with(5, `"9223372036854775808"`), "Size", "too large"},
		{"size not a number", with(5, `"1e3"`), "Size", "not a whole number"},
		{"empty size of an object", with(5, `""`), "Size", "not a delete marker"},
		{"bad date", with(6, `"2024-13-01T00:00:00.000Z"`), "LastModifiedDate", "not a valid date"},
		{"February 30", with(6, `"2024-02-30T00:00:00.000Z"`), "LastModifiedDate", "not a valid date"},
		{"year 0", with(6, `"0000-01-01T00:00:00.000Z"`), "LastModifiedDate", "not a valid date"},
		{"year 0 with offset", with(6, `"0000-01-01T00:00:00+00:00"`), "LastModifiedDate", "outside the years"},
		{"not a date", with(6, `"yesterday"`), "LastModifiedDate", "not an RFC 3339"},
		{"empty date", with(6, `""`), "LastModifiedDate", "empty"},
	}
	dir := t.TempDir()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The bad row between two good ones: both are read.
			p := testfile.Write(t, dir, strings.ReplaceAll(tt.name, " ", "_"), gz([]byte(good+"\n"+tt.row+"\n"+good+"\n")))
			res := readSource(t, open(t, p, inventory.Options{FileSchema: schema}))
			if len(res.Rows) != 3 || res.Rows[0].Obj == nil || res.Rows[2].Obj == nil || len(res.RowErrs) != 1 {
				t.Fatalf("rows %+v", res.Rows)
			}
			e := res.RowErrs[0]
			if e.Line != 2 || e.File != p || e.Path != tt.column || !strings.Contains(e.Err.Error(), tt.msg) {
				t.Errorf("error %q (line %d, column %q), want line 2, column %q, %q", e, e.Line, e.Path, tt.column, tt.msg)
			}
		})
	}
}

// Delete markers have empty Size, StorageClass, EncryptionStatus; versions
// read their VersionId and IsLatest.
func TestCSVVersioned(t *testing.T) {
	objs := []scope.Object{
		{Bucket: "source-bucket", Key: "doc.pdf", VersionID: "v3", IsDeleteMarker: true, LastModified: at("2024-05-01T00:00:00Z")},
		{Bucket: "source-bucket", Key: "doc.pdf", VersionID: "v2", Noncurrent: true, Size: 20, LastModified: at("2024-04-01T00:00:00.001Z"), StorageClass: scope.Glacier, EncryptionStatus: scope.SSEKMS},
		{Bucket: "source-bucket", Key: "doc.pdf", VersionID: "null", Noncurrent: true, Size: 10, LastModified: at("2024-03-01T00:00:00Z"), StorageClass: "SOME_NEW_CLASS", EncryptionStatus: "SOME-NEW-SSE"},
		{Bucket: "source-bucket", Key: "other.txt", VersionID: `v"q`, Size: 0, LastModified: at("9999-12-31T23:59:59.999Z"), StorageClass: scope.DeepArchive, EncryptionStatus: scope.SSEC},
		{Bucket: "source-bucket", Key: "unversioned", LastModified: at("0001-01-01T00:00:00Z"), StorageClass: scope.Standard, EncryptionStatus: scope.NotSSE},
	}
	src := open(t, writeReport(t, t.TempDir(), objs), inventory.Options{})
	want := inventory.ColBucket | inventory.ColKey | inventory.ColVersionID | inventory.ColIsLatest | inventory.ColIsDeleteMarker |
		inventory.ColSize | inventory.ColLastModified | inventory.ColStorageClass | inventory.ColEncryptionStatus
	if src.Columns != want || src.Format != inventory.FormatCSV || src.Manifest == nil {
		t.Errorf("columns %s, format %s", src.Columns, src.Format)
	}
	if diff := cmp.Diff(objs, readSource(t, src).objects()); diff != "" {
		t.Errorf("objects (-written +read):\n%s", diff)
	}
}

// A CSV given directly: its schema from Options.FileSchema or a header
// line; without either, a clear error.
func TestCSVSchema(t *testing.T) {
	dir := t.TempDir()
	rows := "\"b\",\"k\",\"7\"\n"
	plain := testfile.Write(t, dir, "plain.csv.gz", gz([]byte(rows)))
	header := testfile.Write(t, dir, "header.csv", []byte("Bucket,Key,Size\n"+rows))
	noBucket := testfile.Write(t, dir, "nobucket.csv", []byte("\"k\",\"7\"\n"))
	if _, err := inventory.Open(context.Background(), plain, inventory.Options{}); err == nil || !strings.Contains(err.Error(), "no header line: give its fileSchema") {
		t.Errorf("Open without a schema: %v", err)
	}
	if _, err := inventory.Open(context.Background(), plain, inventory.Options{FileSchema: "Bucket, Size"}); err == nil || !strings.Contains(err.Error(), "no Key column") {
		t.Errorf("Open with a schema without Key: %v", err)
	}
	if _, err := inventory.Open(context.Background(), plain, inventory.Options{FileSchema: "Bucket, Key, Key"}); err == nil || !strings.Contains(err.Error(), "twice") {
		t.Errorf("Open with a repeated column: %v", err)
	}
	if _, err := inventory.Open(context.Background(), noBucket, inventory.Options{FileSchema: "Key, Size"}); err == nil || !strings.Contains(err.Error(), "no Bucket column") {
		t.Errorf("Open without Bucket: %v", err)
	}
	want := []scope.Object{{Bucket: "b", Key: "k", Size: 7}}
	for _, tt := range []struct {
		name string
		opts inventory.Options
		line int64
	}{
		{plain, inventory.Options{FileSchema: " Bucket ,Key,  Size "}, 1},
		{header, inventory.Options{}, 2},
		{noBucket, inventory.Options{FileSchema: "Key, Size", Bucket: "b"}, 1},
	} {
		res := readSource(t, open(t, tt.name, tt.opts))
		if diff := cmp.Diff(want, res.objects()); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
		if len(res.Rows) != 1 || res.Rows[0].Pos != fmt.Sprintf("%s:%d", tt.name, tt.line) {
			t.Errorf("%s: rows %+v", tt.name, res.Rows)
		}
	}
}

// A stray quote costs one row: the lines after it are read again.
func TestCSVStrayQuote(t *testing.T) {
	data := "\"b\",\"k1\"\n\"b\",\"k2\n\"b\",\"k3\"\n\"b\",\"k4\"\n"
	p := testfile.Write(t, t.TempDir(), "f.csv", []byte(data))
	res := readSource(t, open(t, p, inventory.Options{FileSchema: "Bucket,Key"}))
	var got []string
	for _, r := range res.Rows {
		if r.Obj != nil {
			got = append(got, r.Obj.Key+"@"+r.Pos[len(p)+1:])
		} else {
			got = append(got, r.Err[len(p)+1:])
		}
	}
	want := []string{"k1@1", "2: Key: quoted field not closed (its quote is taken as stray: the next lines are read as rows)", "k3@3", "k4@4"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}

// A truncated gzip file given directly: the rows before the break, then a
// file error at the line where it broke.
func TestCSVTruncated(t *testing.T) {
	var sb strings.Builder
	for i := range 5000 {
		fmt.Fprintf(&sb, "\"b\",\"key-%d-%s\"\n", i, strings.Repeat("x", i%97))
	}
	z := gz([]byte(sb.String()))
	p := testfile.Write(t, t.TempDir(), "f.csv.gz", z[:len(z)/2])
	res := readSource(t, open(t, p, inventory.Options{FileSchema: "Bucket,Key"}))
	n := len(res.objects())
	if n == 0 || n >= 5000 || len(res.FileErrs) != 1 || len(res.RowErrs) != 0 {
		t.Fatalf("%d rows, file errors %v, row errors %v", n, res.FileErrs, res.RowErrs)
	}
	fe := res.FileErrs[0]
	if fe.File != p || fe.Line != n+1 || !strings.Contains(fe.Error(), "ends early") {
		t.Errorf("file error %q at line %d, want line %d", fe, fe.Line, n+1)
	}
	if res.Rows[len(res.Rows)-1].Obj != nil {
		t.Error("the file error is not last")
	}
}

// Concatenated gzip members are read entirely.
func TestCSVMultiMember(t *testing.T) {
	data := append(gz([]byte("\"b\",\"k1\"\n")), gz([]byte("\"b\",\"k2\"\n"))...)
	p := testfile.Write(t, t.TempDir(), "f.csv.gz", data)
	res := readSource(t, open(t, p, inventory.Options{FileSchema: "Bucket,Key"}))
	if diff := cmp.Diff([]scope.Object{{Bucket: "b", Key: "k1"}, {Bucket: "b", Key: "k2"}}, res.objects()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	garbage := testfile.Write(t, t.TempDir(), "g.csv.gz", append(gz([]byte("\"b\",\"k1\"\n")), "garbage, not a gzip header"...))
	res = readSource(t, open(t, garbage, inventory.Options{FileSchema: "Bucket,Key"}))
	if len(res.objects()) != 1 || len(res.FileErrs) != 1 || !strings.Contains(res.FileErrs[0].Error(), "corrupt") {
		t.Errorf("trailing garbage: %+v", res.Rows)
	}
}

func TestCSVContextCancel(t *testing.T) {
	var sb strings.Builder
	for i := range 20000 {
		fmt.Fprintf(&sb, "\"b\",\"k%d\"\n", i)
	}
	p := testfile.Write(t, t.TempDir(), "f.csv.gz", gz([]byte(sb.String())))
	src := open(t, p, inventory.Options{FileSchema: "Bucket,Key"})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n := 0
	var last error
	for rec, err := range src.Files[0].Records(ctx) {
		if err != nil {
			last = err
			continue
		}
		if n++; n == 10 {
			cancel()
		}
		_ = rec
	}
	if !errors.Is(last, context.Canceled) || n >= 20000 {
		t.Errorf("read %d rows, last error %v", n, last)
	}
	if r := src.Files[0].BytesRead(); r != src.Files[0].Size() {
		// The whole small file is buffered at once.
		t.Logf("read %d of %d bytes", r, src.Files[0].Size())
	}
}

// Open, ReadTags and ReadBuckets stop with ctx's error once it is done,
// for inputs they read whole.
func TestContextCancelWholeInputs(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	dir := t.TempDir()
	var list, tags, buckets strings.Builder
	list.WriteString(`{"Name": "b", "Contents": [`)
	buckets.WriteString(`{"buckets": [`)
	for i := range 20000 {
		if i > 0 {
			list.WriteString(",")
			buckets.WriteString(",")
		}
		fmt.Fprintf(&list, `{"Key": "k%d", "Size": 1, "LastModified": "2024-01-01T00:00:00Z"}`, i)
		fmt.Fprintf(&tags, `{"bucket": "b", "key": "k%d", "tags": {}}`+"\n", i)
		fmt.Fprintf(&buckets, `{"bucketName": "b%d"}`, i)
	}
	list.WriteString("]}")
	buckets.WriteString("]}")
	for _, name := range []string{testfile.Write(t, dir, "list.json", []byte(list.String())), writeReport(t, dir, manyObjects("a", 1))} {
		if _, err := inventory.Open(ctx, name, inventory.Options{}); !errors.Is(err, context.Canceled) {
			t.Errorf("Open(%s): %v", name, err)
		}
	}
	if _, err := inventory.ReadTags(ctx, strings.NewReader(tags.String()), "t.jsonl"); !errors.Is(err, context.Canceled) {
		t.Errorf("ReadTags: %v", err)
	}
	if _, err := inventory.ReadBuckets(ctx, strings.NewReader(buckets.String()), "b.json"); !errors.Is(err, context.Canceled) {
		t.Errorf("ReadBuckets: %v", err)
	}
}

// BytesRead counts the compressed bytes; after a full read it is the size.
func TestCSVReadCounter(t *testing.T) {
	var objs []scope.Object
	for i := range 3000 {
		objs = append(objs, obj(fmt.Sprintf("k/%d", i), int64(i)))
	}
	src := open(t, writeReport(t, t.TempDir(), objs), inventory.Options{})
	f := src.Files[0]
	readSource(t, src)
	st, err := os.Stat(f.Name())
	if err != nil {
		t.Fatal(err)
	}
	if f.BytesRead() != st.Size() || f.Size() != st.Size() || src.Size() != st.Size() {
		t.Errorf("Read %d, Size %d, Source.Size %d, file %d", f.BytesRead(), f.Size(), src.Size(), st.Size())
	}
}

// The files of a source read concurrently, with Read polled meanwhile
// (run under -race).
func TestConcurrentFiles(t *testing.T) {
	var files [][]scope.Object
	for i := range 4 {
		files = append(files, manyObjects(fmt.Sprint("f", i), 5000))
	}
	src := open(t, writeReport(t, t.TempDir(), files...), inventory.Options{})
	counts := make([]int, len(src.Files))
	var wg sync.WaitGroup
	for i, f := range src.Files {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for rec, err := range f.Records(context.Background()) {
				if err != nil {
					t.Error(err)
					return
				}
				if rec.Key != fmt.Sprintf("f%d/%d", i, counts[i]) {
					t.Errorf("file %d row %d: %s", i, counts[i], rec.Key)
					return
				}
				counts[i]++
			}
		}()
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	for polling := true; polling; {
		select {
		case <-done:
			polling = false
		default:
			for _, f := range src.Files {
				if f.BytesRead() > f.Size() {
					t.Errorf("%s: read %d of %d", f.Name(), f.BytesRead(), f.Size())
				}
			}
			runtime.Gosched()
		}
	}
	if diff := cmp.Diff([]int{5000, 5000, 5000, 5000}, counts); diff != "" {
		t.Errorf("rows per file (-want +got):\n%s", diff)
	}
}

// The IntelligentTieringAccessTier column: read when the fileSchema has
// it, empty when the field is.
func TestCSVAccessTier(t *testing.T) {
	dir := t.TempDir()
	name := testfile.Write(t, dir, "tiers.csv", []byte("Bucket,Key,Size,StorageClass,IntelligentTieringAccessTier\n"+
		"\"b\",\"cold.csv\",\"7\",\"INTELLIGENT_TIERING\",\"DEEP_ARCHIVE\"\n"+
		"\"b\",\"warm.csv\",\"7\",\"INTELLIGENT_TIERING\",\"INFREQUENT\"\n"+
		"\"b\",\"plain.csv\",\"7\",\"STANDARD\",\"\"\n"))
	src := open(t, name, inventory.Options{})
	if !src.Columns.Has(inventory.ColIntelligentTieringAccessTier) {
		t.Errorf("columns %s", src.Columns)
	}
	want := []scope.Object{
		{Bucket: "b", Key: "cold.csv", Size: 7, StorageClass: scope.IntelligentTiering, IntelligentTieringAccessTier: scope.DeepArchiveAccess},
		{Bucket: "b", Key: "warm.csv", Size: 7, StorageClass: scope.IntelligentTiering, IntelligentTieringAccessTier: scope.Infrequent},
		{Bucket: "b", Key: "plain.csv", Size: 7, StorageClass: scope.Standard},
	}
	if diff := cmp.Diff(want, readSource(t, src).objects()); diff != "" {
		t.Errorf("objects (-want +read):\n%s", diff)
	}
}
