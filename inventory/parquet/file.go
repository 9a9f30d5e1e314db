package parquet

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"iter"
	"sync/atomic"

	"github.com/jobscope/jobscope/inventory"
)

// file is an S3 Inventory Parquet data file.
type file struct {
	name     string // as positions give it
	path     string
	manifest *inventory.ManifestFile
	size     int64
	limit    int64 // inventory.FileOptions.MaxPageBytes
	noVerify bool  // inventory.FileOptions.NoVerify
	cols     inventory.Column
	read     atomic.Int64
	remote   inventory.Remote // reads a path that is a URI
}

func (f *file) Name() string { return f.name }
func (f *file) Size() int64  { return f.size }

// BytesRead is the number of bytes the reader has read from the file,
// which reads only the columns it needs; it is the file's size once
// Records has read every row.
func (f *file) BytesRead() int64 {
	n := f.read.Load()
	if f.size >= 0 && n > f.size {
		return f.size
	}
	return n
}

// Records yields the rows of the file. A row whose bucket or key is null,
// empty or not valid UTF-8, whose key is longer than S3's 1,024 bytes,
// whose version_id, storage_class or encryption_status is not valid UTF-8,
// whose size is negative, or null while the object is not a delete marker,
// or whose last_modified_date is null or outside the years 0001 to 9999,
// is rejected naming the column, as the CSV reader rejects the same values,
// and reading goes on. Positions are file:row-group:row, the row group
// counted from 0 and the row from 1 within its row group.
//
// A file that cannot be read, or not to its end — missing, truncated,
// corrupt, a column of the wrong type — ends its records with a
// field.Unreadable error; a panic while it is read is recovered and
// reported the same way. When its manifest entry gives a size or an MD5
// checksum, the file must match them: a file of another size is not read
// (the error wraps inventory.ErrSize); the checksum is computed while the
// rows are decoded, so the rows of a file whose checksum does not match
// are yielded, and counted, before the error that wraps
// inventory.ErrChecksum.
func (f *file) Records(ctx context.Context) iter.Seq2[*inventory.Record, error] {
	return f.RecordsOf(ctx, 0)
}

// RecordsOf is Records that decodes only the columns of need: a column
// outside it may be left zero in the records; its values are still
// checked, and a row with a bad one rejected, as Records rejects it. 0 is
// every column. Only last_modified_date is ever left out: a dry run whose
// job reads no date does not convert the dates.
func (f *file) RecordsOf(ctx context.Context, need inventory.Column) iter.Seq2[*inventory.Record, error] {
	return func(yield func(*inventory.Record, error) bool) {
		f.read.Store(0)
		if err := ctx.Err(); err != nil {
			yield(nil, err)
			return
		}
		fail := func(err error) { yield(nil, fileError(f.name, err)) }
		osf, size, closeFile, err := openAt(ctx, f.remote, f.path)
		if err != nil {
			fail(err)
			return
		}
		defer closeFile()
		var sum *checksum
		if m := f.manifest; m != nil {
			if m.Size > 0 && size != m.Size {
				fail(fmt.Errorf("%w: %d bytes, the manifest says %d", inventory.ErrSize, size, m.Size))
				return
			}
			if m.MD5Checksum != "" && !f.noVerify {
				want, err := hex.DecodeString(m.MD5Checksum)
				if err != nil || len(want) != md5.Size {
					fail(fmt.Errorf("the manifest's MD5checksum %q is not an MD5 checksum", m.MD5Checksum))
					return
				}
				sum = startChecksum(osf, size, want)
				defer sum.stop()
			}
		}
		// failRead reports a file that cannot be read to its end; when its
		// checksum does not match either, that is the cause.
		failRead := func(err error) {
			if sum != nil {
				if cerr := sum.wait(); errors.Is(cerr, inventory.ErrChecksum) {
					err = fmt.Errorf("%w (reading it: %v)", cerr, err)
				}
			}
			fail(err)
		}
		pf, p, err := openParquet(countingReaderAt{osf, &f.read}, size)
		if err != nil {
			failRead(err)
			return
		}
		if !p.cols.Has(f.cols) {
			failRead(fmt.Errorf("has columns %v, not the %v it had when opened", p.cols, f.cols))
			return
		}
		rd := &rowReader{file: f.name, r: osf, pages: countingReaderAt{osf, &f.read}, size: size, meta: pf.Metadata(),
			plan: p, g: -1, mem: memory{limit: f.limit}, intern: map[string]string{},
			skipTime: need != 0 && need&inventory.ColLastModified == 0}
		rec := new(inventory.Record)
		batch := make([]row, batchSize)
		for {
			if err := ctx.Err(); err != nil {
				yield(nil, err)
				return
			}
			n, err := rd.fill(batch)
			for i := range batch[:n] {
				b := &batch[i]
				if b.err != nil {
					if !yield(nil, b.err) {
						return
					}
					continue
				}
				rec.Object, rec.Pos = b.obj, b.pos
				if !yield(rec, nil) {
					return
				}
			}
			if err == io.EOF {
				f.read.Store(size)
				if sum != nil {
					if err := sum.wait(); err != nil {
						fail(err)
					}
				}
				return
			}
			if err != nil {
				failRead(err)
				return
			}
		}
	}
}

// checksum computes the MD5 checksum of a file while its rows are read.
type checksum struct {
	quit atomic.Bool
	done chan error
}

// startChecksum starts reading the size bytes of r through MD5, to
// compare with want.
func startChecksum(r io.ReaderAt, size int64, want []byte) *checksum {
	c := &checksum{done: make(chan error, 1)}
	go func() {
		h := md5.New()
		_, err := io.CopyBuffer(h, io.NewSectionReader(quitReaderAt{r, &c.quit}, 0, size), make([]byte, 1<<20))
		if err == nil {
			if got := h.Sum(nil); string(got) != string(want) {
				err = fmt.Errorf("%w: the file's is %x, the manifest's %x", inventory.ErrChecksum, got, want)
			}
		}
		c.done <- err
	}()
	return c
}

// wait returns the result of the comparison.
func (c *checksum) wait() error {
	err := <-c.done
	c.done <- err
	return err
}

// stop ends the checksum's reading early, and waits until it has.
func (c *checksum) stop() {
	c.quit.Store(true)
	c.wait()
}

// quitReaderAt fails once quit is set.
type quitReaderAt struct {
	r    io.ReaderAt
	quit *atomic.Bool
}

var errQuit = errors.New("stopped")

func (q quitReaderAt) ReadAt(p []byte, off int64) (int, error) {
	if q.quit.Load() {
		return 0, errQuit
	}
	return q.r.ReadAt(p, off)
}

// countingReaderAt counts the bytes read through it.
type countingReaderAt struct {
	r io.ReaderAt
	n *atomic.Int64
}

func (c countingReaderAt) ReadAt(p []byte, off int64) (int, error) {
	n, err := c.r.ReadAt(p, off)
	c.n.Add(int64(n))
	return n, err
}
