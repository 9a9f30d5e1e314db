package inventory_test

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/jobscope/jobscope/inventory"
)

// dirRemote serves s3://BUCKET/KEY from dir/KEY, whatever the bucket,
// and counts the times each object is opened.
type dirRemote struct {
	dir   string
	mu    sync.Mutex
	opens map[string]int
}

func (d *dirRemote) file(name string) (*bytes.Reader, int64, error) {
	d.mu.Lock()
	d.opens[name]++
	d.mu.Unlock()
	_, key, _ := strings.Cut(strings.TrimPrefix(name, "s3://"), "/")
	data, err := os.ReadFile(filepath.Join(d.dir, filepath.FromSlash(key)))
	return bytes.NewReader(data), int64(len(data)), err
}

func (d *dirRemote) Open(ctx context.Context, name string) (io.ReadCloser, int64, error) {
	r, n, err := d.file(name)
	return io.NopCloser(r), n, err
}

func (d *dirRemote) ReaderAt(ctx context.Context, name string) (io.ReaderAt, int64, error) {
	return d.file(name)
}

// TestRemoteObjectsReadOnce: a report opened by its manifest's URI reads
// the rows the same report gives from local files, and opens every
// object once: the manifest, which is both told apart and read, and each
// data file.
func TestRemoteObjectsReadOnce(t *testing.T) {
	const dir = "../examples/demo/inventory"
	const manifest = "acme-analytics-data/daily-full/2024-12-01T01-00Z/manifest.json"
	want := readSource(t, open(t, filepath.Join(dir, filepath.FromSlash(manifest)), inventory.Options{}))
	r := &dirRemote{dir: dir, opens: map[string]int{}}
	src := open(t, "s3://acme-s3-inventory/"+manifest, inventory.Options{Remote: r})
	got := readSource(t, src)
	if diff := cmp.Diff(want.objects(), got.objects()); diff != "" || len(want.Rows) == 0 {
		t.Errorf("the rows read through the Remote (-local +remote):\n%s", diff)
	}
	if len(r.opens) != 1+len(src.Files) || len(src.Files) == 0 {
		t.Errorf("objects opened: %v; want the manifest and %d data files", r.opens, len(src.Files))
	}
	for name, n := range r.opens {
		if n != 1 {
			t.Errorf("%s opened %d times", name, n)
		}
	}
}
