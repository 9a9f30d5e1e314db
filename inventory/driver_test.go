package inventory_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/jobscope/jobscope/internal/testfile"
	"github.com/jobscope/jobscope/inventory"
)

// openedWith records what the test driver's Open is given.
var openedWith struct {
	sync.Mutex
	paths []string
	opts  []inventory.FileOptions
}

var errTestDriver = errors.New("the test driver reads nothing")

func init() {
	inventory.Register(inventory.Driver{
		FileFormat: "TestFormat",
		Format:     inventory.FormatParquet,
		Extensions: []string{".testformat"},
		Open: func(_ context.Context, path string, o inventory.FileOptions) (inventory.File, inventory.Column, error) {
			openedWith.Lock()
			defer openedWith.Unlock()
			openedWith.paths = append(openedWith.paths, path)
			openedWith.opts = append(openedWith.opts, o)
			return nil, 0, errTestDriver
		},
	})
}

// TestDriverOptions checks what Open tells a driver of a data file given
// directly and of the files of a manifest, MaxPageBytes included, and
// that a negative MaxPageBytes fails Open.
func TestDriverOptions(t *testing.T) {
	dir := t.TempDir()
	data := testfile.Write(t, dir, "f.testformat", []byte("data"))
	manifest := testfile.Write(t, dir, "manifest.json", []byte(`{"sourceBucket": "b", "destinationBucket": "arn:aws:s3:::d",
		"fileFormat": "TestFormat", "fileSchema": "schema", "files": [{"key": "f.testformat", "size": 4, "MD5checksum": "8d777f385d3dfec8815d20f7496026dc"}]}`))
	for _, tc := range []struct {
		name  string
		limit int64
		want  inventory.FileOptions
	}{
		{data, 0, inventory.FileOptions{MaxPageBytes: inventory.DefaultMaxPageBytes}},
		{data, 123, inventory.FileOptions{MaxPageBytes: 123}},
		{manifest, 0, inventory.FileOptions{Manifest: &inventory.ManifestFile{Key: "f.testformat", Size: 4, MD5Checksum: "8d777f385d3dfec8815d20f7496026dc"},
			Schema: "schema", MaxPageBytes: inventory.DefaultMaxPageBytes}},
		{manifest, 1 << 30, inventory.FileOptions{Manifest: &inventory.ManifestFile{Key: "f.testformat", Size: 4, MD5Checksum: "8d777f385d3dfec8815d20f7496026dc"},
			Schema: "schema", MaxPageBytes: 1 << 30}},
	} {
		openedWith.Lock()
		openedWith.paths, openedWith.opts = nil, nil
		openedWith.Unlock()
		src, err := inventory.Open(context.Background(), tc.name, inventory.Options{DataRoot: dir, MaxPageBytes: tc.limit})
		if tc.name == data {
			if !errors.Is(err, errTestDriver) {
				t.Fatalf("Open(%s): %v", tc.name, err)
			}
		} else if err != nil || len(src.Files) != 1 {
			t.Fatalf("Open(%s): %v", tc.name, err)
		}
		openedWith.Lock()
		paths, opts := openedWith.paths, openedWith.opts
		openedWith.Unlock()
		if len(opts) != 1 || paths[0] != data {
			t.Fatalf("Open(%s): the driver opened %q", tc.name, paths)
		}
		got, want := opts[0], tc.want
		if got.MaxPageBytes != want.MaxPageBytes || got.Schema != want.Schema ||
			(got.Manifest == nil) != (want.Manifest == nil) || got.Manifest != nil && *got.Manifest != *want.Manifest {
			t.Errorf("Open(%s, MaxPageBytes %d): the driver was given %+v, want %+v", tc.name, tc.limit, got, want)
		}
	}
	if _, err := inventory.Open(context.Background(), data, inventory.Options{MaxPageBytes: -1}); err == nil || !strings.Contains(err.Error(), "MaxPageBytes is -1") {
		t.Errorf("Open with MaxPageBytes -1: %v", err)
	}
}
