package inventory

import (
	"bufio"
	"compress/gzip"
	"context"
	"iter"
	"os"
)

// ReferenceFile returns f, a CSV data file, read as the reference of its
// fast reading is: the standard library's gzip, one reader row by row,
// no checksum; other files are returned as they are.
func ReferenceFile(f File) File {
	if cf, ok := f.(*csvFile); ok && cf.stream == nil {
		return &referenceFile{cf}
	}
	return f
}

type referenceFile struct{ *csvFile }

func (f *referenceFile) Records(ctx context.Context) iter.Seq2[*Record, error] {
	return func(yield func(*Record, error) bool) {
		fh, err := os.Open(f.path)
		if err != nil {
			yield(nil, fileError(f.name, 0, err))
			return
		}
		defer fh.Close()
		raw := bufio.NewReader(fh)
		var text = bufio.NewReader(raw)
		if magic, _ := raw.Peek(2); isGzip(magic) {
			zr, err := gzip.NewReader(raw)
			if err != nil {
				yield(nil, fileError(f.name, 1, readError(err)))
				return
			}
			text = bufio.NewReader(zr)
		}
		skipBOM(text)
		newCSVReader(f.name, text, f.schema, f.defBucket).run(ctx, f.header, yield)
	}
}
