package inventory_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/inventory"
)

// pipe returns the read end of a pipe a goroutine writes data to.
func pipe(t *testing.T, data []byte) *os.File {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		w.Write(data)
		w.Close()
	}()
	t.Cleanup(func() { r.Close() })
	return r
}

// fdPath is the /dev/fd path of f, as a shell's process substitution
// names a pipe; the test is skipped where the OS has none.
func fdPath(t *testing.T, f *os.File) string {
	t.Helper()
	p := fmt.Sprintf("/dev/fd/%d", f.Fd())
	if _, err := os.Stat(p); err != nil {
		t.Skipf("no %s: %v", p, err)
	}
	return p
}

// renamed is res with every mention of the file name old replaced by new.
func renamed(res result, old, new string) []row {
	var out []row
	for _, r := range res.Rows {
		r.Pos = strings.ReplaceAll(r.Pos, old, new)
		r.Err = strings.ReplaceAll(r.Err, old, new)
		out = append(out, r)
	}
	return out
}

const streamCSV = `"b","a.txt","10","2024-01-02T03:04:05.000Z"
"b","bad","x","2024-01-02T03:04:05.000Z"
"b","c%2Bd.txt","20","2024-01-02T03:04:05.000Z"
`

const streamJSONL = `{"bucket":"b","key":"a.txt","size":10,"lastModified":"2024-01-02T03:04:05Z"}

{"bucket":"b","key":"","size":1,"lastModified":"2024-01-02T03:04:05Z"}
{"bucket":"b","key":"c.txt","size":20,"lastModified":"2024-01-02T03:04:05Z","tags":{"k":"v"}}
`

// streamCases are inputs read the same from a regular file and a stream.
var streamCases = []struct {
	name string // of the regular file
	data []byte
	opts inventory.Options
	want inventory.Format
}{
	{"data.csv", []byte(streamCSV), inventory.Options{FileSchema: "Bucket, Key, Size, LastModifiedDate"}, inventory.FormatCSV},
	{"data.csv.gz", gz([]byte(streamCSV)), inventory.Options{FileSchema: "Bucket, Key, Size, LastModifiedDate"}, inventory.FormatCSV},
	{"header.csv", []byte("Bucket,Key,Size,LastModifiedDate\n" + streamCSV), inventory.Options{}, inventory.FormatCSV},
	{"objects.jsonl", []byte(streamJSONL), inventory.Options{}, inventory.FormatJSONL},
	{"objects.jsonl.gz", gz([]byte(streamJSONL)), inventory.Options{}, inventory.FormatJSONL},
	{"objects", gz([]byte(streamJSONL)), inventory.Options{}, inventory.FormatJSONL},
	{"list.json", []byte(listV2), inventory.Options{Bucket: "b"}, inventory.FormatListObjectsV2},
	{"list.json.gz", gz([]byte(listV2)), inventory.Options{Bucket: "b"}, inventory.FormatListObjectsV2},
}

func TestStream(t *testing.T) {
	for _, tc := range streamCases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			p := filepath.Join(dir, tc.name)
			if err := os.WriteFile(p, tc.data, 0o644); err != nil {
				t.Fatal(err)
			}
			src := open(t, p, tc.opts)
			if src.Format != tc.want {
				t.Fatalf("file: Format %s, want %s", src.Format, tc.want)
			}
			want := readSource(t, src)
			if len(want.Rows) == 0 {
				t.Fatal("no rows")
			}
			t.Run("stdin", func(t *testing.T) {
				opts := tc.opts
				opts.Stdin, opts.TempDir = pipe(t, tc.data), t.TempDir()
				testStream(t, "-", inventory.StdinName, opts, src, want, p)
				checkEmpty(t, opts.TempDir)
			})
			t.Run("fd", func(t *testing.T) {
				opts := tc.opts
				opts.TempDir = t.TempDir()
				name := fdPath(t, pipe(t, tc.data))
				testStream(t, name, name, opts, src, want, p)
				checkEmpty(t, opts.TempDir)
			})
		})
	}
}

func testStream(t *testing.T, name, shown string, opts inventory.Options, file *inventory.Source, want result, path string) {
	t.Helper()
	src := open(t, name, opts)
	if src.Name != shown || src.Format != file.Format || src.Columns != file.Columns || len(src.Files) != 1 {
		t.Fatalf("Source %q %s %v %d files, want %q %s %v 1", src.Name, src.Format, src.Columns, len(src.Files),
			shown, file.Format, file.Columns)
	}
	f := src.Files[0]
	if f.Name() != shown || f.Size() != -1 {
		t.Errorf("Name %q Size %d, want %q -1", f.Name(), f.Size(), shown)
	}
	got := readSource(t, src)
	if d := cmp.Diff(renamed(want, path, shown), got.Rows); d != "" {
		t.Errorf("records (-file +stream):\n%s", d)
	}
	if f.BytesRead() <= 0 {
		t.Errorf("BytesRead %d", f.BytesRead())
	}
	var errs []error
	for rec, err := range f.Records(context.Background()) {
		if rec != nil {
			t.Errorf("a record read again: %v", rec.Object)
		}
		errs = append(errs, err)
	}
	var fe *field.Error
	if len(errs) != 1 || !errors.Is(errs[0], inventory.ErrStreamRead) || !errors.As(errs[0], &fe) ||
		fe.Code != field.Unreadable || fe.File != shown {
		t.Errorf("Records again yields %v, want one field.Unreadable error of %s wrapping ErrStreamRead", errs, shown)
	}
}

// checkEmpty fails the test when dir holds a file.
func checkEmpty(t *testing.T, dir string) {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		t.Errorf("%s left in the temporary directory", e.Name())
	}
}

// A list output read from a stream and left after one record removes its
// copy.
func TestStreamAbandoned(t *testing.T) {
	tmp := t.TempDir()
	src := open(t, "-", inventory.Options{Stdin: pipe(t, gz([]byte(listV2))), Bucket: "b", TempDir: tmp})
	for range src.Files[0].Records(context.Background()) {
		break
	}
	checkEmpty(t, tmp)
}

func TestStreamManifest(t *testing.T) {
	dir := t.TempDir()
	objs := slices.Collect(seq(obj("a", 1), obj("b", 2)))
	p := writeReport(t, dir, objs)
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	_, err = inventory.Open(context.Background(), "-", inventory.Options{Stdin: pipe(t, data)})
	var fe *field.Error
	if !errors.As(err, &fe) || fe.Code != field.InvalidOption || fe.Path != "DataRoot" {
		t.Fatalf("Open of a manifest from a stream without DataRoot: %v, want a field.InvalidOption error for DataRoot", err)
	}
	for _, data := range [][]byte{data, gz(data)} {
		src := open(t, "-", inventory.Options{Stdin: pipe(t, data), DataRoot: dir})
		if src.Format != inventory.FormatCSV || src.Manifest == nil || src.Name != inventory.StdinName {
			t.Fatalf("Format %s, Name %q, Manifest %v", src.Format, src.Name, src.Manifest)
		}
		if d := cmp.Diff(objs, readSource(t, src).objects()); d != "" {
			t.Errorf("records (-want +got):\n%s", d)
		}
	}
}

func TestStreamErrors(t *testing.T) {
	ctx := context.Background()
	_, err := inventory.Open(ctx, "-", inventory.Options{})
	var fe *field.Error
	if !errors.As(err, &fe) || fe.Code != field.InvalidOption || fe.Path != "Stdin" {
		t.Errorf(`Open("-") without Stdin: %v, want a field.InvalidOption error for Stdin`, err)
	}
	for _, tc := range []struct {
		data string
		opts inventory.Options
		want string
	}{
		{"", inventory.Options{}, "<stdin>: empty"},
		{"  \n", inventory.Options{}, "<stdin>: empty"},
		{"[]", inventory.Options{}, "<stdin> is a JSON array"},
		{streamCSV, inventory.Options{}, "<stdin>: FileSchema: an S3 Inventory CSV data file has no header line"},
		{"\x1f\x8b\x08garbage", inventory.Options{}, "<stdin>: the data ends early"},
		{`{"Contents": [`, inventory.Options{Bucket: "b"}, "<stdin>:1: the JSON ends inside a value"},
		{"ORC\x00", inventory.Options{}, "<stdin>: ORC inventory reports are not supported"},
	} {
		_, err := inventory.Open(ctx, "-", inventory.Options{Stdin: strings.NewReader(tc.data), FileSchema: tc.opts.FileSchema, Bucket: tc.opts.Bucket})
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("Open of %q: %v, want %q...", tc.data, err, tc.want)
		}
	}
}

// A stream is read from Stdin as it comes, not all at once: the first
// record is yielded before the writer has finished.
func TestStreamIncremental(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	line := []byte(`{"bucket":"b","key":"a","size":1,"lastModified":"2024-01-02T03:04:05Z"}` + "\n")
	go w.Write(line)
	src, err := inventory.Open(context.Background(), "-", inventory.Options{Stdin: r})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for rec, err := range src.Files[0].Records(context.Background()) {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n == 1 {
			go func() { w.Write(line); w.Close() }()
		}
		if rec.Key != "a" {
			t.Errorf("key %q", rec.Key)
		}
	}
	if n != 2 {
		t.Errorf("%d records, want 2", n)
	}
}
