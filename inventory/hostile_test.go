package inventory_test

import (
	"context"
	"errors"
	"io/fs"
	"strings"
	"testing"
	"time"

	"github.com/jobscope/jobscope/internal/testfile"
	"github.com/jobscope/jobscope/inventory"
)

// Hostile inputs, through the readers: each is rejected where it
// is (a row error at file:line naming the column, a file error naming the
// file and the line where reading broke, an input error naming file:line and
// the JSON path) or read as it is; nothing panics, and every row is either
// a record or a rejected row: rows = records + rejected.

const schema4 = "Bucket, Key, Size, LastModifiedDate"

// csvRow is one S3 Inventory CSV row of schema4.
func csvRow(key, size, date string) string {
	return `"b","` + key + `","` + size + `","` + date + `"` + "\n"
}

const date = "2024-01-01T00:00:00.000Z"

func TestHostileDataFiles(t *testing.T) {
	two := gz([]byte(csvRow("k1", "1", date) + csvRow("k2", "2", date)))
	for _, tc := range []struct {
		name, file string
		data       []byte
		opts       inventory.Options
		records    int
		rowErrs    []string // each a row error's text, in order
		fileErr    string   // the file error's text, when reading breaks
		openErr    string   // Open's error, for an input it reads whole
	}{
		{name: "truncated gzip", file: "t.csv.gz", data: two[:len(two)-12], opts: inventory.Options{FileSchema: schema4},
			records: 2, fileErr: "t.csv.gz:3: the data ends early (a truncated file?)"},
		{name: "truncated gzip header", file: "h.csv.gz", data: two[:6], opts: inventory.Options{FileSchema: schema4},
			fileErr: "h.csv.gz:1: the data ends early (a truncated file?)"},
		{name: "truncated gzip after rows", file: "t.csv.gz",
			data: func() []byte {
				big := gz([]byte(strings.Repeat(csvRow("k", "1", date), 50000)))
				return big[:len(big)/2]
			}(),
			opts: inventory.Options{FileSchema: schema4}, records: -1, fileErr: "the data ends early (a truncated file?)"},
		{name: "corrupt gzip", file: "c.csv.gz", data: append(append(append([]byte(nil), two[:10]...), 0xff), two[11:]...),
			opts: inventory.Options{FileSchema: schema4}, fileErr: "c.csv.gz:1: corrupt data: flate: corrupt input"},
		{name: "concatenated gzip members", file: "m.csv.gz", data: append(append([]byte(nil), two...), two...),
			opts: inventory.Options{FileSchema: schema4}, records: 4},
		{name: "too few and too many fields", file: "f.csv", opts: inventory.Options{FileSchema: schema4},
			data: []byte(`"b","k1","1"` + "\n" + `"b","k2","1","` + date + `","x"` + "\n" + csvRow("k3", "1", date)), records: 1,
			rowErrs: []string{"f.csv:1: 3 fields, the fileSchema has 4", "f.csv:2: 5 fields, the fileSchema has 4"}},
		{name: "unterminated quote", file: "q.csv", opts: inventory.Options{FileSchema: schema4},
			data: []byte(`"b","k1,"1","` + date + `"` + "\n" + csvRow("k2", "1", date) + `"b","k3` + "\n" + csvRow("k4", "1", date)), records: 2,
			rowErrs: []string{`q.csv:1: Key: a character after a closing quote`, `q.csv:3: Key: quoted field not closed`}},
		{name: "invalid UTF-8 and NUL in keys", file: "u.csv", opts: inventory.Options{FileSchema: schema4},
			data: []byte(csvRow("k\xff1", "1", date) + csvRow("k%FF2", "1", date) + csvRow("k\x003", "1", date) + csvRow("k%004", "1", date)), records: 2,
			rowErrs: []string{"u.csv:1: Key: not valid UTF-8 once URL-decoded", "u.csv:2: Key: not valid UTF-8 once URL-decoded"}},
		{name: "keys longer than S3's 1,024 bytes", file: "l.csv", opts: inventory.Options{FileSchema: schema4},
			data: []byte(csvRow(strings.Repeat("k", 1024), "1", date) + csvRow(strings.Repeat("k", 1025), "1", date) + csvRow(strings.Repeat("%41", 1025), "1", date)), records: 1,
			rowErrs: []string{"l.csv:2: Key: 1025 bytes long, more than S3's 1024", "l.csv:3: Key: 1025 bytes long"}},
		{name: "sizes negative or beyond int64", file: "s.csv", opts: inventory.Options{FileSchema: schema4},
			data: []byte(csvRow("k1", "-1", date) + csvRow("k2", "9223372036854775808", date) + csvRow("k3", "9223372036854775807", date) + csvRow("k4", "1e3", date)), records: 1,
			rowErrs: []string{`s.csv:1: Size: "-1" is negative`, `s.csv:2: Size: "9223372036854775808" is too large`, `s.csv:4: Size: "1e3" is not a whole number of bytes`}},
		{name: "dates before 1970 or after 9999", file: "d.csv", opts: inventory.Options{FileSchema: schema4},
			data: []byte(csvRow("k1", "1", "1969-12-31T23:59:59.000Z") + csvRow("k2", "1", "0001-01-01T00:00:00.000Z") + csvRow("k3", "1", "10000-01-01T00:00:00.000Z") + csvRow("k4", "1", "0000-01-01T00:00:00.000Z")), records: 2,
			rowErrs: []string{`d.csv:3: LastModifiedDate: "10000-01-01T00:00:00.000Z" is not an RFC 3339 date`, `d.csv:4: LastModifiedDate: "0000-01-01T00:00:00.000Z" is not a valid date`}},
		{name: "JSONL: invalid UTF-8, NUL, empty and long keys, dates", file: "o.jsonl",
			data: []byte("{\"bucket\":\"b\",\"key\":\"k\xff1\",\"size\":1,\"lastModified\":\"2024-01-01T00:00:00Z\"}\n" +
				`{"bucket":"b","key":"k\u00002","size":1,"lastModified":"1969-01-01T00:00:00Z"}` + "\n" +
				`{"bucket":"b","key":"","size":1,"lastModified":"2024-01-01T00:00:00Z"}` + "\n" +
				`{"bucket":"b","key":"` + strings.Repeat("k", 1025) + `","size":1,"lastModified":"2024-01-01T00:00:00Z"}` + "\n" +
				`{"bucket":"b","key":"x","size":-1,"lastModified":"2024-01-01T00:00:00Z"}` + "\n" +
				`{"bucket":"b","key":"x","size":1,"lastModified":"10000-01-01T00:00:00Z"}` + "\n"), records: 1,
			rowErrs: []string{"o.jsonl:1: not valid UTF-8: byte 0xff at byte 23 of the line", "o.jsonl:3: key: empty",
				"o.jsonl:4: key: 1025 bytes long, more than S3's 1024", "o.jsonl:5: size: -1 is negative", `o.jsonl:6: parsing time "10000-01-01T00:00:00Z"`}},
		{name: "list-objects: invalid UTF-8, sizes, dates", file: "l.json",
			data: []byte("{\"Name\": \"b\", \"Contents\": [\n{\"Key\": \"a\xffb\", \"Size\": 1, \"LastModified\": \"2024-01-01T00:00:00Z\"},\n" +
				`{"Key": "n\u0000", "Size": -1, "LastModified": "2024-01-01T00:00:00Z"},` + "\n" +
				`{"Key": "big", "Size": 99999999999999999999, "LastModified": "2024-01-01T00:00:00Z"},` + "\n" +
				`{"Key": "old", "Size": 1, "LastModified": "1900-01-01T00:00:00Z"},` + "\n" +
				`{"Key": "new", "Size": 1, "LastModified": "10000-01-01T00:00:00Z"}]}`), records: 1,
			rowErrs: []string{"l.json:2: not valid UTF-8: byte 0xff at byte 11 of the element", "l.json:3: Size: -1 is negative",
				"l.json:4: Size: a JSON number 99999999999999999999 where a int64 belongs", `l.json:6: LastModified: "10000-01-01T00:00:00Z" is not an RFC 3339 date`}},
		{name: "list-objects: truncated", file: "lt.json",
			data:    []byte("{\"Name\": \"b\", \"Contents\": [\n{\"Key\": \"a\", \"Size\": 1, \"LastModified\": \"2024-01-01T00:00:00Z\"},\n{\"Key\": \"b"),
			openErr: "lt.json:3: the JSON ends inside a value"},
		{name: "list-objects: 10,000-deep nesting", file: "ld.json",
			data: []byte(`{"Name": "b", "Owner": ` + strings.Repeat(`{"a": [`, 10000) + strings.Repeat(`]}`, 10000) +
				`, "Contents": [{"Key": "a", "Size": 1, "LastModified": "2024-01-01T00:00:00Z"}]}`), records: 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			chdir(t, dir)
			testfile.Write(t, dir, tc.file, tc.data)
			opts := tc.opts
			opts.Bucket = "b"
			src, err := inventory.Open(context.Background(), tc.file, opts)
			if tc.openErr != "" {
				if err == nil || err.Error() != tc.openErr {
					t.Fatalf("Open: %v, want %q", err, tc.openErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			res := readSource(t, src)
			if tc.records >= 0 && len(res.objects()) != tc.records {
				t.Errorf("%d records, want %d: %+v", len(res.objects()), tc.records, res.Rows)
			}
			if len(res.RowErrs) != len(tc.rowErrs) {
				t.Fatalf("row errors %v, want %q", res.RowErrs, tc.rowErrs)
			}
			for i, want := range tc.rowErrs {
				if got := res.RowErrs[i].Error(); !strings.HasPrefix(got, want) {
					t.Errorf("row error %d: %q, want it to start with %q", i, got, want)
				}
			}
			switch {
			case tc.fileErr == "" && len(res.FileErrs) > 0:
				t.Errorf("file errors %v", res.FileErrs)
			case tc.fileErr != "" && (len(res.FileErrs) != 1 || !strings.Contains(res.FileErrs[0].Error(), tc.fileErr)):
				t.Errorf("file errors %v, want one with %q", res.FileErrs, tc.fileErr)
			}
			if len(res.OtherErrs) > 0 {
				t.Errorf("other errors %v", res.OtherErrs)
			}
			for _, o := range res.objects() {
				if strings.ContainsRune(o.Key, '\x00') && o.Key != "k\x003" && o.Key != "k\x004" && o.Key != "k\x002" {
					t.Errorf("key %q", o.Key)
				}
			}
		})
	}
}

// A manifest's data file keys cannot name files outside the report: a
// ".." segment or an absolute key is refused, and a key that exists only
// outside the report's directory (etc/passwd finding /etc/passwd) is not
// found; a missing file is a file error; each names the manifest and the
// member; the other files are read.
func TestHostileManifest(t *testing.T) {
	dir := t.TempDir()
	chdir(t, dir)
	// Outside the report, a file the key "secret/data.csv" would find by
	// climbing the ancestors.
	testfile.Write(t, dir, "secret/data.csv", []byte(csvRow("leaked", "1", date)))
	testfile.Write(t, dir, "inv/src/cfg/data/ok.csv.gz", gz([]byte(csvRow("k1", "1", date)+csvRow("k2", "2", date))))
	testfile.Write(t, dir, "inv/src/cfg/2024-01-01T00-00Z/manifest.json", []byte(`{"sourceBucket": "b", "fileFormat": "CSV", "fileSchema": "`+schema4+`",
	"files": [{"key": "inv/src/cfg/data/ok.csv.gz"}, {"key": "../../../secret/data.csv"}, {"key": "/etc/passwd"},
	{"key": "secret/data.csv"}, {"key": "inv/src/cfg/data/missing.csv.gz", "size": 10}]}`))
	src := open(t, "inv/src/cfg/2024-01-01T00-00Z/manifest.json", inventory.Options{})
	res := readSource(t, src)
	if got := res.objects(); len(got) != 2 {
		t.Errorf("read %+v, want k1 and k2", got)
	}
	want := []struct {
		text string
		is   error
	}{
		{`unsafe data file key "../../../secret/data.csv": it has a ".." segment (inv/src/cfg/2024-01-01T00-00Z/manifest.json: files[1].key)`, inventory.ErrUnsafeKey},
		{`unsafe data file key "/etc/passwd": it is absolute (inv/src/cfg/2024-01-01T00-00Z/manifest.json: files[2].key)`, inventory.ErrUnsafeKey},
		{`secret/data.csv: file does not exist`, fs.ErrNotExist},
		{`inv/src/cfg/data/missing.csv.gz: file does not exist`, fs.ErrNotExist},
	}
	if len(res.FileErrs) != len(want) {
		t.Fatalf("file errors %v", res.FileErrs)
	}
	for i, w := range want {
		if e := res.FileErrs[i]; !strings.Contains(e.Error(), w.text) || !errors.Is(e, w.is) {
			t.Errorf("file error %d: %v, want %q (%v)", i, e, w.text, w.is)
		}
	}
	if !strings.Contains(res.FileErrs[3].Error(), "files[4].key") {
		t.Errorf("%v does not name the manifest's member", res.FileErrs[3])
	}
}

// describe-buckets output with values Macie does not have: every problem
// is an input error at file:line with its JSON path, and a file of 100,000
// of them is reported in linear time.
func TestHostileBuckets(t *testing.T) {
	doc := `{"buckets": [
  {"bucketName": "a", "sharedAccess": "WEIRD"},
  {"bucketName": "b", "publicAccess": {"effectivePermission": "MAYBE"}},
  {"bucketName": "a"},
  {"bucketName": 7}
]}`
	_, err := inventory.ReadBuckets(context.Background(), strings.NewReader(doc), "buckets.json")
	got := errorTexts(t, err)
	want := []string{
		`buckets.json:2: buckets[0].sharedAccess: "WEIRD" is not one of EXTERNAL, INTERNAL, NOT_SHARED, UNKNOWN`,
		`buckets.json:3: buckets[1].publicAccess.effectivePermission: "MAYBE" is not one of PUBLIC, NOT_PUBLIC, UNKNOWN`,
		`buckets.json:4: buckets[2].bucketName: "a" is also buckets[0]`,
		`buckets.json:5: buckets[3].bucketName: a JSON number where a string belongs`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	var b strings.Builder
	b.WriteString(`{"buckets": [`)
	for i := range 100000 {
		if i > 0 {
			b.WriteString(",\n")
		}
		b.WriteString(`{"bucketName": "b` + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + `", "sharedAccess": "WEIRD"}`)
	}
	b.WriteString("]}")
	start := time.Now()
	_, err = inventory.ReadBuckets(context.Background(), strings.NewReader(b.String()), "many.json")
	errs := err.(interface{ Unwrap() []error }).Unwrap()
	if len(errs) < 100000 {
		t.Errorf("%d errors for 100,000 bad buckets", len(errs))
	}
	if last := errs[len(errs)-1].Error(); !strings.HasPrefix(last, "many.json:100000: buckets[99999]") {
		t.Errorf("last error %q", last)
	}
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("100,000 bad buckets took %v", d)
	}
}

// A tag sidecar's bad lines are each reported at file:line.
func TestHostileTags(t *testing.T) {
	doc := "{\"bucket\": \"b\", \"key\": \"k\", \"tags\": {}}\n\n{\"bucket\": \"b\", \"key\": \"k\", \"tags\": {}}\n" +
		"{\"bucket\": \"b\", \"key\": \"x\", \"tags\": {\"a\": 1}}\n{\"bucket\": \"b\", \"key\": \"y\", \"tags\": {}, \"extra\": 1}\n" + strings.Repeat("[", 10000)
	_, err := inventory.ReadTags(context.Background(), strings.NewReader(doc), "tags.jsonl")
	got := errorTexts(t, err)
	for i, prefix := range []string{"tags.jsonl:3: a second entry", "tags.jsonl:4: tags: a JSON number", `tags.jsonl:5: unknown field "extra"`, "tags.jsonl:6: "} {
		if i >= len(got) || !strings.HasPrefix(got[i], prefix) {
			t.Errorf("errors %q: want %d to start with %q", got, i, prefix)
		}
	}
}

// A UTF-8 byte order mark at the start of an input is ignored, as the job
// decoder ignores it, whatever the input.
func TestHostileBOM(t *testing.T) {
	const bom = "\xef\xbb\xbf"
	dir := t.TempDir()
	chdir(t, dir)
	testfile.Write(t, dir, "data/a.csv.gz", gz([]byte(bom+csvRow("k1", "1", date))))
	for name, body := range map[string]string{
		"list.json":     bom + `{"Name": "b", "Contents": [{"Key": "k1", "Size": 1, "LastModified": "2024-01-01T00:00:00Z"}]}`,
		"objects.jsonl": bom + `{"bucket": "b", "key": "k1", "size": 1, "lastModified": "2024-01-01T00:00:00Z"}` + "\n",
		"header.csv":    bom + "Bucket,Key,Size,LastModifiedDate\n" + csvRow("k1", "1", date),
		"manifest.json": bom + `{"sourceBucket": "b", "fileFormat": "CSV", "fileSchema": "` + schema4 + `", "files": [{"key": "data/a.csv.gz"}]}`,
	} {
		testfile.Write(t, dir, name, []byte(body))
		res := readSource(t, open(t, name, inventory.Options{}))
		if got := res.objects(); len(got) != 1 || got[0].Key != "k1" || len(res.Rows) != 1 {
			t.Errorf("%s: %+v", name, res.Rows)
		}
	}
	if b, err := inventory.ReadBuckets(context.Background(), strings.NewReader(bom+`{"buckets": [{"bucketName": "b"}]}`), "b.json"); err != nil || len(b) != 1 {
		t.Errorf("ReadBuckets: %v, %v", b, err)
	}
	if tags, err := inventory.ReadTags(context.Background(), strings.NewReader(bom+`{"bucket": "b", "key": "k", "tags": {"a": "b"}}`), "t.jsonl"); err != nil || tags.Lookup("b", "k", "")["a"] != "b" {
		t.Errorf("ReadTags: %v", err)
	}
}
