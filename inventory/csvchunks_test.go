package inventory

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// csvTranscript is what reading text yields, one line per record or
// error, with positions, and whether the reading reached the end.
func csvTranscript(read func(yield func(*Record, error) bool) bool, stopAfter int) string {
	var b strings.Builder
	n := 0
	end := read(func(rec *Record, err error) bool {
		if err != nil {
			fmt.Fprintf(&b, "error %v\n", err)
		} else {
			fmt.Fprintf(&b, "%s %+v\n", rec.Pos, rec.Object)
		}
		n++
		return stopAfter <= 0 || n < stopAfter
	})
	fmt.Fprintf(&b, "end %t\n", end)
	return b.String()
}

// brokenReader yields its text, then err.
type brokenReader struct {
	r   io.Reader
	err error
}

func (b *brokenReader) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if err == io.EOF {
		err = b.err
	}
	return n, err
}

// pipeAgrees checks that the pipeline, with chunks of size bytes, yields
// what one reader row by row yields from text.
func pipeAgrees(t interface {
	Helper()
	Fatalf(string, ...any)
}, text []byte, schema *csvSchema, header bool, skip Column, size, decoders, stopAfter int, broken error) {
	t.Helper()
	src := func() io.Reader {
		var r io.Reader = bytes.NewReader(text)
		if broken != nil {
			r = &brokenReader{r, broken}
		}
		return r
	}
	want := csvTranscript(func(yield func(*Record, error) bool) bool {
		tr := bufio.NewReaderSize(src(), 16)
		skipBOM(tr)
		r := newCSVReader("f", tr, schema, "dflt")
		r.skip = skip
		return r.run(context.Background(), header, yield)
	}, stopAfter)
	got := csvTranscript(func(yield func(*Record, error) bool) bool {
		return newCSVPipe("f", schema, "dflt", skip, size, decoders).run(context.Background(), src(), header, yield)
	}, stopAfter)
	if got != want {
		t.Fatalf("text %q, chunks of %d bytes:\npipeline:\n%s\nrow by row:\n%s", text, size, got, want)
	}
}

// The pipeline yields exactly what one reader reading row by row yields:
// the same records, errors and positions, on rows of one line and of
// several, blank lines, stray quotes, lines longer than a chunk, text
// that breaks, and a consumer that stops.
func TestCSVPipeAgrees(t *testing.T) {
	schema, err := parseFileSchema("Bucket, Key, Size, LastModifiedDate")
	if err != nil {
		t.Fatal(err)
	}
	field := rapid.OneOf(
		rapid.SampledFrom([]string{`"b"`, `"k%2Fx"`, `"a+b"`, `"1"`, `"12"`, `"-1"`, `""`, `"2024-01-02T03:04:05.000Z"`,
			`"2024-13-02T03:04:05.000Z"`, `b`, `"x""y"`, `"multi` + "\n" + `line"`, `"stray`, `x"y`, `"%zz"`}),
		rapid.StringMatching(`"[a-z/%+0-9]{0,40}"`),
	)
	row := rapid.Custom(func(t *rapid.T) string {
		fs := rapid.SliceOfN(field, 1, 5).Draw(t, "fields")
		end := rapid.SampledFrom([]string{"\n", "\r\n", "\n\n"}).Draw(t, "end")
		return strings.Join(fs, ",") + end
	})
	rapid.Check(t, func(rt *rapid.T) {
		rows := rapid.SliceOfN(row, 0, 60).Draw(rt, "rows")
		text := strings.Join(rows, "")
		if rapid.Bool().Draw(rt, "bom") {
			text = "\xef\xbb\xbf" + text
		}
		if rapid.Bool().Draw(rt, "no final newline") {
			text = strings.TrimRight(text, "\n")
		}
		var broken error
		if rapid.IntRange(0, 4).Draw(rt, "broken") == 0 {
			broken = errors.New("broken")
		}
		skip := rapid.SampledFrom([]Column{0, ColLastModified}).Draw(rt, "skip")
		size := rapid.IntRange(1, 400).Draw(rt, "size")
		decoders := rapid.IntRange(1, 3).Draw(rt, "decoders")
		stop := rapid.IntRange(0, 30).Draw(rt, "stop after")
		header := rapid.Bool().Draw(rt, "header")
		pipeAgrees(rt, []byte(text), schema, header, skip, size, decoders, stop, broken)
	})
}

// A chunk of rows that are all one line is decoded by the decoders; the
// pipeline then yields its rows with their lines in the file.
func TestCSVPipeChunks(t *testing.T) {
	schema, err := parseFileSchema("Bucket, Key, Size")
	if err != nil {
		t.Fatal(err)
	}
	var text strings.Builder
	for i := range 5000 {
		if i%700 == 0 {
			text.WriteString(`"b","bad","x"` + "\n")
		}
		fmt.Fprintf(&text, "\"b\",\"k%d\",\"%d\"\n", i, i)
	}
	for _, size := range []int{64, 1000, chunkSize} {
		pipeAgrees(t, []byte(text.String()), schema, false, 0, size, 2, 0, nil)
	}
}
