package inventory

import (
	"bufio"
	"context"
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"io"
	"iter"
	"strings"

	"github.com/klauspost/compress/gzip"
)

// csvFile is a CSV data file, gzip-compressed or not.
//
// S3 Inventory CSV is gzip-compressed, has no header line, quotes every
// field, and orders its columns as the manifest's fileSchema says (names
// separated by commas, spaces ignored). The reader detects gzip by its
// magic bytes, not by the name, and reads every member of a multi-member
// file; plain text is read as it is. It reads Bucket, Key, VersionId,
// IsLatest, IsDeleteMarker, Size, LastModifiedDate, StorageClass,
// EncryptionStatus and IntelligentTieringAccessTier, and skips every other
// column (ETag, IsMultipartUploaded, ReplicationStatus, ObjectLockMode,
// ChecksumAlgorithm, ObjectOwner, ...). A fileSchema needs Key and no name
// twice; without Bucket, the manifest's sourceBucket (or Options.Bucket)
// is every row's bucket.
//
// A CSV data file given directly needs its schema, Options.FileSchema (the
// manifest's fileSchema), unless its first line is a header of S3
// Inventory field names, which is then used and skipped.
//
// When the gzip stream ends early or is corrupt, the rows before are
// yielded and a field.Unreadable error names file:line.
type csvFile struct {
	fileInfo
	m         *ManifestFile // nil for a file given directly
	schema    *csvSchema
	defBucket string
	header    bool // the first line is a header
	noVerify  bool // Options.NoVerify: the MD5 checksum is not checked
}

func (f *csvFile) Records(ctx context.Context) iter.Seq2[*Record, error] {
	return f.RecordsOf(ctx, 0)
}

// RecordsOf is Records that decodes only the columns of need: a column
// outside it may be left zero in the records; its values are still
// checked, and a row with a bad one rejected, as Records rejects it. 0 is
// every column. Only LastModifiedDate is ever left out: a dry run whose
// job reads no date does not convert the dates.
func (f *csvFile) RecordsOf(ctx context.Context, need Column) iter.Seq2[*Record, error] {
	var skip Column
	if need != 0 {
		skip = ^need & ColLastModified
	}
	if f.stream != nil {
		return f.textRecords(ctx, func(r io.Reader, yield func(*Record, error) bool) {
			cr := newCSVReader(f.name, bufio.NewReaderSize(r, textBuffer), f.schema, f.defBucket)
			cr.skip = skip
			cr.run(ctx, f.header, yield)
		})
	}
	return func(yield func(*Record, error) bool) {
		f.read.Store(0)
		fail := func(line int, err error) { yield(nil, fileError(f.name, line, err)) }
		fh, size, err := openRaw(ctx, f.remote, f.path)
		if err != nil {
			fail(0, err)
			return
		}
		defer fh.Close()
		var h *hasher
		if m := f.m; m != nil {
			if m.Size > 0 {
				if size != m.Size {
					fail(0, fmt.Errorf("%w: %d bytes, the manifest says %d; the file is not read", ErrSize, size, m.Size))
					return
				}
			}
			if m.MD5Checksum != "" && !f.noVerify {
				h = newHasher(md5.New())
				defer h.stop()
			}
		}
		raw := bufio.NewReaderSize(&countReader{r: fh, n: &f.read, h: h}, rawBuffer)
		var text io.Reader = raw
		if magic, _ := raw.Peek(2); isGzip(magic) {
			zr, err := gzip.NewReader(raw)
			if err != nil {
				fail(1, readError(err))
				return
			}
			text = zr
		}
		if !f.readText(ctx, text, skip, yield) {
			return
		}
		if h != nil {
			// The gzip reader stops at the end of the file, so the hash
			// covers every byte; a plain file is read to its end too.
			if _, err := io.Copy(io.Discard, raw); err != nil {
				fail(0, err)
				return
			}
			if sum := hex.EncodeToString(h.sum()); !strings.EqualFold(sum, f.m.MD5Checksum) {
				fail(0, fmt.Errorf("%w: the file's is %s, the manifest's %s; the rows read from it have been yielded", ErrChecksum, sum, f.m.MD5Checksum))
			}
		}
	}
}

// sequentialCSV makes readText read every file row by row on the
// yielding goroutine, as the reference the pipeline is tested against.
var sequentialCSV = false

// readText yields the rows of the file's text, through the pipeline of
// csvPipe, and returns true when it reached the end of the text.
func (f *csvFile) readText(ctx context.Context, text io.Reader, skip Column, yield func(*Record, error) bool) bool {
	if sequentialCSV {
		tr := bufio.NewReaderSize(text, textBuffer)
		skipBOM(tr)
		r := newCSVReader(f.name, tr, f.schema, f.defBucket)
		r.skip = skip
		return r.run(ctx, f.header, yield)
	}
	return newCSVPipe(f.name, f.schema, f.defBucket, skip, chunkSize, 0).run(ctx, text, f.header, yield)
}
