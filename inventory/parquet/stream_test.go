package parquet

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/inventory"
)

// streamOf names a pipe a goroutine writes data to: "-", with the pipe as
// o.Stdin, or the pipe's /dev/fd path (the test is skipped where the OS
// has none). shown is the name positions give it.
func streamOf(t *testing.T, data []byte, viaFD bool, o *inventory.Options) (name, shown string) {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	go func() {
		w.Write(data)
		w.Close()
	}()
	if !viaFD {
		o.Stdin = r
		return "-", inventory.StdinName
	}
	name = fmt.Sprintf("/dev/fd/%d", r.Fd())
	if _, err := os.Stat(name); err != nil {
		t.Skipf("no %s: %v", name, err)
	}
	return name, name
}

// noFiles fails the test when dir holds a file.
func noFiles(t *testing.T, dir string) {
	t.Helper()
	if ents, err := os.ReadDir(dir); err != nil || len(ents) > 0 {
		t.Errorf("the temporary directory holds %v (%v), want nothing", ents, err)
	}
}

// A Parquet stream is copied to a temporary file, read as the file would
// be, and the copy removed once read.
func TestStream(t *testing.T) {
	p := write(t, sample)
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	src, err := inventory.Open(context.Background(), p, inventory.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := readAll(t, src.Files[0])
	if len(want.errs) > 0 || len(want.recs) != len(sample) {
		t.Fatalf("file: %d records, errors %v", len(want.recs), want.errs)
	}
	for _, gzipped := range []bool{false, true} {
		for _, viaFD := range []bool{false, true} {
			t.Run(fmt.Sprintf("gzip=%v,fd=%v", gzipped, viaFD), func(t *testing.T) {
				in := data
				if gzipped {
					in = gz(t, data)
				}
				tmp := t.TempDir()
				opts := inventory.Options{TempDir: tmp}
				name, shown := streamOf(t, in, viaFD, &opts)
				s, err := inventory.Open(context.Background(), name, opts)
				if err != nil {
					t.Fatal(err)
				}
				if s.Name != shown || s.Format != src.Format || s.Columns != src.Columns || len(s.Files) != 1 {
					t.Fatalf("Source %q %s %v %d files, want %q %s %v 1", s.Name, s.Format, s.Columns, len(s.Files), shown, src.Format, src.Columns)
				}
				f := s.Files[0]
				if f.Name() != shown || f.Size() != -1 {
					t.Errorf("Name %q Size %d, want %q -1", f.Name(), f.Size(), shown)
				}
				got := readAll(t, f)
				if d := cmp.Diff(objects(want.recs), objects(got.recs)); d != "" || len(got.errs) > 0 {
					t.Errorf("records (-file +stream):\n%s\nerrors %v", d, got.errs)
				}
				for i := range got.recs {
					if g, w := got.recs[i].Pos.String(), strings.Replace(want.recs[i].Pos.String(), p, shown, 1); g != w {
						t.Errorf("position %s, want %s", g, w)
					}
				}
				noFiles(t, tmp)
				again := readAll(t, f)
				var fe *field.Error
				if len(again.recs) > 0 || len(again.errs) != 1 || !errors.Is(again.errs[0], inventory.ErrStreamRead) ||
					!as(again.errs[0], field.Unreadable, &fe) {
					t.Errorf("Records again: %d records, errors %v", len(again.recs), again.errs)
				}
			})
		}
	}
}

// A Parquet stream left after one record removes its copy.
func TestStreamAbandoned(t *testing.T) {
	p := write(t, sample)
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	opts := inventory.Options{TempDir: t.TempDir()}
	name, _ := streamOf(t, data, false, &opts)
	src, err := inventory.Open(context.Background(), name, opts)
	if err != nil {
		t.Fatal(err)
	}
	if ents, _ := os.ReadDir(opts.TempDir); len(ents) != 1 {
		t.Errorf("%d files in the temporary directory while the records are unread, want 1", len(ents))
	}
	for range src.Files[0].Records(context.Background()) {
		break
	}
	noFiles(t, opts.TempDir)
}

// gz compresses data as one gzip member.
func gz(t *testing.T, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
