package inventory

import (
	"bytes"
	"context"
	"io"
	"os"
	"strings"
	"sync"
)

// Remote reads the inputs that are not local files: objects named by a
// URI, such as s3://bucket/key. [Options.Remote] is one; the package
// itself reads only local files, so that a program that never reads from
// a remote store does not link a client for one.
type Remote interface {
	// Open returns the bytes of the object name, streamed from its start,
	// and its size. An object that does not exist is an error that wraps
	// fs.ErrNotExist.
	Open(ctx context.Context, name string) (io.ReadCloser, int64, error)
	// ReaderAt returns the bytes of the object name for reading at any
	// offset, and its size, as a Parquet file is read.
	ReaderAt(ctx context.Context, name string) (io.ReaderAt, int64, error)
}

// isURI reports whether name is a URI (s3://bucket/key), which a Remote
// reads, rather than a local path.
func isURI(name string) bool {
	i := strings.Index(name, "://")
	return i > 0 && !strings.ContainsAny(name[:i], `/\.`)
}

// openRaw opens the bytes of the file at path, a local file or, for a
// URI, an object remote reads, and returns its size.
func openRaw(ctx context.Context, remote Remote, path string) (io.ReadCloser, int64, error) {
	if isURI(path) {
		if remote == nil {
			return nil, 0, errNoRemote(path)
		}
		return remote.Open(ctx, path)
	}
	fh, err := os.Open(path)
	if err != nil {
		return nil, 0, err
	}
	st, err := fh.Stat()
	if err != nil {
		fh.Close()
		return nil, 0, err
	}
	return fh, st.Size(), nil
}

// remoteFor returns remote for a path that is a URI, nil for a local
// path: what a [Driver] is given in [FileOptions.Remote].
func remoteFor(remote Remote, path string) Remote {
	if isURI(path) {
		return remote
	}
	return nil
}

// errNoRemote is a URI given where only local files are read.
type errNoRemote string

func (e errNoRemote) Error() string {
	return string(e) + " names an object in a remote store, which this program does not read: give a local file"
}

// maxHeldObject is the size up to which an object named as an input is
// read whole into memory when it is opened, so that telling what it is
// and reading it take one request: manifests, and small sidecars and
// data files.
const maxHeldObject = 1 << 20

// heldObject is a Remote that has the object path in memory until it is
// first read through it, and reads every other object, and path again,
// with Remote.
type heldObject struct {
	Remote
	path string
	mu   sync.Mutex
	data []byte
}

// take returns the held bytes of name, and lets them go; nil when it has
// none.
func (h *heldObject) take(name string) []byte {
	h.mu.Lock()
	defer h.mu.Unlock()
	if name != h.path {
		return nil
	}
	data := h.data
	h.data = nil
	return data
}

func (h *heldObject) Open(ctx context.Context, name string) (io.ReadCloser, int64, error) {
	if data := h.take(name); data != nil {
		return io.NopCloser(bytes.NewReader(data)), int64(len(data)), nil
	}
	return h.Remote.Open(ctx, name)
}

func (h *heldObject) ReaderAt(ctx context.Context, name string) (io.ReaderAt, int64, error) {
	if data := h.take(name); data != nil {
		return bytes.NewReader(data), int64(len(data)), nil
	}
	return h.Remote.ReaderAt(ctx, name)
}
