package inventory_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/internal/testfile"
	"github.com/jobscope/jobscope/inventory"
	"github.com/jobscope/jobscope/scope"
)

// manyObjects are n objects with keys prefix/0, prefix/1, ...
func manyObjects(prefix string, n int) []scope.Object {
	out := make([]scope.Object, n)
	for i := range out {
		out[i] = obj(fmt.Sprintf("%s/%d", prefix, i), int64(i))
	}
	return out
}

// editManifest rewrites the manifest at p with edit.
func editManifest(t *testing.T, p string, edit func(m map[string]any)) {
	t.Helper()
	data := testfile.Read(t, p)
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	edit(m)
	data, _ = json.MarshalIndent(m, "", "  ")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func manifestFile(m map[string]any, i int) map[string]any {
	return m["files"].([]any)[i].(map[string]any)
}

// The layout inventorytest writes is S3's, and Open finds the data files
// from the manifest.
func TestManifestLayout(t *testing.T) {
	dir := t.TempDir()
	p := writeReport(t, dir, manyObjects("a", 3), manyObjects("b", 2))
	if want := filepath.Join(dir, "inventory/source-bucket/jobscope/2024-01-01T00-00Z/manifest.json"); p != want {
		t.Errorf("manifest at %s, want %s", p, want)
	}
	src := open(t, p, inventory.Options{})
	if src.Format != inventory.FormatCSV || len(src.Files) != 2 || src.Manifest.SourceBucket != "source-bucket" ||
		src.Manifest.FileFormat != "CSV" || src.Manifest.CreationTimestamp != "1704067200000" {
		t.Fatalf("source %+v, manifest %+v", src, src.Manifest)
	}
	for i, f := range src.Manifest.Files {
		if !strings.HasPrefix(f.Key, "inventory/source-bucket/jobscope/data/") || !strings.HasSuffix(f.Key, ".csv.gz") || f.Size <= 0 || len(f.MD5Checksum) != 32 {
			t.Errorf("file %d: %+v", i, f)
		}
		if want := filepath.Join(dir, filepath.FromSlash(f.Key)); src.Files[i].Name() != want {
			t.Errorf("file %d named %s, want %s", i, src.Files[i].Name(), want)
		}
	}
	want := append(manyObjects("a", 3), manyObjects("b", 2)...)
	if diff := cmp.Diff(want, readSource(t, src).objects()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// The same report through a directory, a data root, and a relative
	// manifest path; and downloaded flat.
	chdir(t, dir)
	rel := "inventory/source-bucket/jobscope/2024-01-01T00-00Z/manifest.json"
	flat := t.TempDir()
	data, _ := os.ReadFile(p)
	testfile.Write(t, flat, "manifest.json", data)
	for _, f := range src.Manifest.Files {
		data, _ := os.ReadFile(filepath.Join(dir, f.Key))
		testfile.Write(t, flat, filepath.Base(f.Key), data)
	}
	for _, tt := range []struct {
		name, first string
		opts        inventory.Options
	}{
		{filepath.Dir(p), filepath.Join(dir, src.Manifest.Files[0].Key), inventory.Options{}},
		{p, filepath.Join(dir, src.Manifest.Files[0].Key), inventory.Options{DataRoot: dir}},
		{rel, src.Manifest.Files[0].Key, inventory.Options{}},
		{filepath.Join(flat, "manifest.json"), filepath.Join(flat, filepath.Base(src.Manifest.Files[0].Key)), inventory.Options{}},
	} {
		s := open(t, tt.name, tt.opts)
		res := readSource(t, s)
		if diff := cmp.Diff(want, res.objects()); diff != "" {
			t.Errorf("%s: (-want +got):\n%s", tt.name, diff)
		}
		if s.Files[0].Name() != tt.first {
			t.Errorf("%s: first file named %s, want %s", tt.name, s.Files[0].Name(), tt.first)
		}
	}
}

// A missing file and a truncated one: each yields a file error, and the
// other files are read and counted.
func TestManifestMissingAndTruncated(t *testing.T) {
	dir := t.TempDir()
	p := writeReport(t, dir, manyObjects("a", 100), manyObjects("missing", 100), manyObjects("truncated", 5000), manyObjects("nosize", 5000), manyObjects("d", 50))
	src := open(t, p, inventory.Options{})
	os.Remove(src.Files[1].Name())
	truncate := func(name string) {
		data, _ := os.ReadFile(name)
		os.WriteFile(name, data[:len(data)/2], 0o644)
	}
	truncate(src.Files[2].Name())
	truncate(src.Files[3].Name())
	editManifest(t, p, func(m map[string]any) {
		delete(manifestFile(m, 3), "size")
		delete(manifestFile(m, 3), "MD5checksum")
	})
	src = open(t, p, inventory.Options{}) // a missing file does not fail Open
	var counts []int
	var errs []*field.Error
	for _, f := range src.Files {
		var res result
		readFile(t, f, &res)
		counts = append(counts, len(res.objects()))
		if len(res.FileErrs) != 1 {
			errs = append(errs, nil)
			continue
		}
		errs = append(errs, res.FileErrs[0])
		if res.Rows[len(res.Rows)-1].Err == "" {
			t.Errorf("%s: the file error is not last", f.Name())
		}
	}
	if counts[0] != 100 || counts[1] != 0 || counts[2] != 0 || counts[3] == 0 || counts[3] >= 5000 || counts[4] != 50 {
		t.Errorf("rows per file %v", counts)
	}
	if errs[0] != nil || errs[4] != nil {
		t.Errorf("errors for the good files: %v %v", errs[0], errs[4])
	}
	if e := errs[1]; e == nil || !errors.Is(e, fs.ErrNotExist) || !strings.Contains(e.Error(), "looked for inventory/source-bucket/jobscope/data/") {
		t.Errorf("missing file: %v", e)
	}
	if e := errs[2]; e == nil || !errors.Is(e, inventory.ErrSize) || !strings.Contains(e.Error(), "the file is not read") {
		t.Errorf("truncated file with a size: %v", e)
	}
	if e := errs[3]; e == nil || e.Line != counts[3]+1 || !strings.Contains(e.Error(), "ends early") {
		t.Errorf("truncated file without a size (%d rows): %v", counts[3], e)
	}
	// With a data root, the missing file's error names where it looked.
	src = open(t, p, inventory.Options{DataRoot: dir})
	var res result
	readFile(t, src.Files[1], &res)
	if len(res.FileErrs) != 1 || !errors.Is(res.FileErrs[0], fs.ErrNotExist) || res.FileErrs[0].File != filepath.Join(dir, src.Manifest.Files[1].Key) {
		t.Errorf("missing file below the data root: %v", res.FileErrs)
	}
}

// An MD5 mismatch is found at the end: the rows are yielded, then the
// file error.
func TestManifestChecksum(t *testing.T) {
	p := writeReport(t, t.TempDir(), manyObjects("a", 10))
	editManifest(t, p, func(m map[string]any) { manifestFile(m, 0)["MD5checksum"] = strings.Repeat("0", 32) })
	res := readSource(t, open(t, p, inventory.Options{}))
	if len(res.objects()) != 10 || len(res.FileErrs) != 1 || !errors.Is(res.FileErrs[0], inventory.ErrChecksum) || len(res.Rows) != 11 || res.Rows[10].Err == "" {
		t.Errorf("rows %+v", res.Rows)
	}
	// NoVerify does not check it; the size still is.
	if res := readSource(t, open(t, p, inventory.Options{NoVerify: true})); len(res.FileErrs) != 0 || len(res.objects()) != 10 {
		t.Errorf("NoVerify: rows %+v", res.Rows)
	}
	editManifest(t, p, func(m map[string]any) { manifestFile(m, 0)["size"] = 1 })
	if res := readSource(t, open(t, p, inventory.Options{NoVerify: true})); len(res.FileErrs) != 1 || !errors.Is(res.FileErrs[0], inventory.ErrSize) {
		t.Errorf("NoVerify, wrong size: %v", res.FileErrs)
	}
	// Upper-case hex digits are the same checksum.
	p = writeReport(t, t.TempDir(), manyObjects("a", 10))
	editManifest(t, p, func(m map[string]any) {
		manifestFile(m, 0)["MD5checksum"] = strings.ToUpper(manifestFile(m, 0)["MD5checksum"].(string))
	})
	if res := readSource(t, open(t, p, inventory.Options{})); len(res.FileErrs) != 0 || len(res.objects()) != 10 {
		t.Errorf("upper-case checksum: %v", res.FileErrs)
	}
}

func TestManifestUnsafeKeys(t *testing.T) {
	for _, key := range []string{"../outside.csv.gz", "a/../../b.csv.gz", "/etc/passwd", `a\..\b.csv.gz`} {
		p := writeReport(t, t.TempDir(), manyObjects("a", 1))
		editManifest(t, p, func(m map[string]any) { manifestFile(m, 0)["key"] = key })
		res := readSource(t, open(t, p, inventory.Options{}))
		if len(res.FileErrs) != 1 || !errors.Is(res.FileErrs[0], inventory.ErrUnsafeKey) || len(res.objects()) != 0 {
			t.Errorf("key %q: %+v", key, res.Rows)
		}
	}
}

func TestManifestFormats(t *testing.T) {
	tests := []struct {
		format, want string
	}{
		{"ORC", "ORC inventory reports are not supported; configure the inventory report as CSV or Parquet"},
		{"Parquet", `needs the Parquet driver: import _ "github.com/jobscope/jobscope/inventory/parquet"`},
		{"Avro", `manifest.json: fileFormat: "Avro" is not a format S3 Inventory writes`},
	}
	for _, tt := range tests {
		p := writeReport(t, t.TempDir(), manyObjects("a", 1))
		editManifest(t, p, func(m map[string]any) { m["fileFormat"] = tt.format })
		if _, err := inventory.Open(context.Background(), p, inventory.Options{}); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("fileFormat %s: %v", tt.format, err)
		}
	}
	dir := t.TempDir()
	for name, data := range map[string]string{"x.orc": "ORC....", "y.bin": "ORC\x00\x01", "z.parquet": "PAR1"} {
		p := testfile.Write(t, dir, name, []byte(data))
		if _, err := inventory.Open(context.Background(), p, inventory.Options{}); err == nil || !strings.Contains(err.Error(), "ORC inventory reports are not supported") && !strings.Contains(err.Error(), "Parquet driver") {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// A manifest whose fileSchema has no Key, or no Bucket and no sourceBucket.
func TestManifestSchema(t *testing.T) {
	for schema, want := range map[string]string{
		"Bucket, Size": "fileSchema: fileSchema \"Bucket, Size\" has no Key column",
		"Key, Size":    "sourceBucket: required when the fileSchema has no Bucket column",
	} {
		p := writeReport(t, t.TempDir(), manyObjects("a", 1))
		editManifest(t, p, func(m map[string]any) { m["fileSchema"] = schema; delete(m, "sourceBucket") })
		if _, err := inventory.Open(context.Background(), p, inventory.Options{}); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v", schema, err)
		}
	}
}
