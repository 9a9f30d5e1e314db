package inventory

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/jobscope/jobscope/field"
)

// A CSV data file is read by a pipeline, so that one file uses every
// core: one goroutine reads the text (decompressing it) into chunks of
// whole lines, decoders decode the rows of each chunk on their own, and
// the goroutine ranging over Records yields the chunks' rows in file
// order. The chunks are a fixed set of buffers, reused, so that memory
// does not grow with the file.
//
// A chunk is decoded alone when each of its rows is one line, as S3
// Inventory writes them (keys are URL-encoded). A row that goes on to the
// next line (a quoted newline, or a stray quote), or a line longer than a
// chunk, ends the pipeline's decoding: from the start of that chunk on,
// the text is read row by row on the yielding goroutine, as a file of one
// reader is, so that every file gives the rows, errors and positions it
// gives read in one piece.

// chunkSize is the size of a chunk's text.
const chunkSize = 64 << 10

// chunk is a run of whole lines of a file's text and what its decoder
// made of them.
type chunk struct {
	buf  []byte // the text; len is the text's length
	cont bool   // the last line has no "\n": the text goes on (a line longer than the chunk)
	last bool   // the chunk ends the text
	// readErr is the error that ended the text after this chunk (not
	// io.EOF).
	readErr error

	first bool // the chunk starts the text: skip the header
	recs  []Record
	errs  []chunkErr
	lines int  // the physical lines of the text
	whole bool // decoded: every row is one line of this chunk
	done  chan struct{}
}

// chunkErr is a rejected row of a chunk: it comes after recs[:at].
type chunkErr struct {
	at  int
	err *field.Error
}

// csvPipe is the pipeline of one file.
type csvPipe struct {
	name      string
	schema    *csvSchema
	defBucket string
	skip      Column // the columns not decoded
	size      int    // the chunks' size
	header    bool   // the text's first row is a header, to skip
	decoders  int

	free  chan *chunk
	work  chan *chunk
	order chan *chunk
	quit  chan struct{}
	wg    sync.WaitGroup
	// seq is set once the rows are read one by one: the decoders have
	// nothing more to do.
	seq atomic.Bool
}

// maxDecoders bounds the decoders of one file, and so the chunks it
// holds: where there are more cores, more files are read at once.
const maxDecoders = 4

// newCSVPipe returns the pipeline of a file; decoders is how many
// goroutines decode chunks (0: one per core, at most maxDecoders).
func newCSVPipe(name string, schema *csvSchema, defBucket string, skip Column, size, decoders int) *csvPipe {
	if decoders <= 0 {
		decoders = min(runtime.GOMAXPROCS(0), maxDecoders)
	}
	p := &csvPipe{name: name, schema: schema, defBucket: defBucket, skip: skip, size: size, decoders: decoders}
	n := decoders + 4 // one being read, decoders decoding, one being yielded, two ready
	p.free = make(chan *chunk, n)
	p.work = make(chan *chunk, n)
	p.order = make(chan *chunk, n)
	p.quit = make(chan struct{})
	for range n {
		p.free <- &chunk{buf: make([]byte, 0, size)}
	}
	return p
}

// run yields the rows of text, as csvReader.run does, and returns true
// when it reached the end of the text, false when it stopped. It returns
// once every goroutine it started has ended.
func (p *csvPipe) run(ctx context.Context, text io.Reader, skipHeader bool, yield func(*Record, error) bool) bool {
	p.header = skipHeader
	p.wg.Add(1 + p.decoders)
	go p.read(text)
	for range p.decoders {
		go p.decode()
	}
	defer func() {
		close(p.quit)
		for c := range p.order {
			<-c.done
		}
		p.wg.Wait()
	}()
	line := 0 // the lines before the chunk
	for c := range p.order {
		if err := ctx.Err(); err != nil {
			<-c.done
			yield(nil, err)
			return false
		}
		<-c.done
		if !c.whole {
			p.seq.Store(true)
			r := newCSVReader(p.name, bufio.NewReaderSize(&chunkReader{p: p, c: c}, textBuffer), p.schema, p.defBucket)
			r.skip = p.skip
			r.line = line
			return r.run(ctx, skipHeader && c.first, yield)
		}
		for i := range c.recs {
			c.recs[i].Pos.Line += line
		}
		k := 0
		for i := range c.recs {
			if i%ctxEvery == ctxEvery-1 {
				if err := ctx.Err(); err != nil {
					yield(nil, err)
					return false
				}
			}
			for ; k < len(c.errs) && c.errs[k].at == i; k++ {
				e := c.errs[k].err
				e.Line += line
				if !yield(nil, e) {
					return false
				}
			}
			if !yield(&c.recs[i], nil) {
				return false
			}
		}
		for ; k < len(c.errs); k++ {
			e := c.errs[k].err
			e.Line += line
			if !yield(nil, e) {
				return false
			}
		}
		line += c.lines
		if c.readErr != nil {
			yield(nil, fileError(p.name, line+1, readError(c.readErr)))
			return false
		}
		p.free <- c
	}
	return true
}

// read reads text into chunks of whole lines and hands them to the
// decoders and, in order, to run.
func (p *csvPipe) read(r io.Reader) {
	defer p.wg.Done()
	text := bufio.NewReaderSize(r, 16) // reads of a chunk go past its buffer
	skipBOM(text)
	defer close(p.order)
	defer close(p.work)
	var carry []byte // the start of a line the previous chunk did not end
	first := true
	for {
		var c *chunk
		select {
		case c = <-p.free:
		case <-p.quit:
			return
		}
		c.buf = append(c.buf[:0], carry...)
		c.cont, c.last, c.readErr, c.first, c.whole = false, false, nil, first, false
		c.done = make(chan struct{})
		var err error
		for len(c.buf) < cap(c.buf) && err == nil {
			var n int
			n, err = text.Read(c.buf[len(c.buf):cap(c.buf)])
			c.buf = c.buf[:len(c.buf)+n]
		}
		first = false
		switch err {
		case nil:
			// The chunk is full: it ends after its last "\n".
			i := bytes.LastIndexByte(c.buf, '\n')
			if i < 0 {
				c.cont = true
				carry = carry[:0]
			} else {
				carry = append(carry[:0], c.buf[i+1:]...)
				c.buf = c.buf[:i+1]
			}
		case io.EOF:
			c.last = true
		default:
			// The text broke: the chunk has the lines before, and the
			// line being read is lost, as a reader of lines loses it.
			c.last, c.readErr = true, err
			if i := bytes.LastIndexByte(c.buf, '\n'); i >= 0 {
				c.buf = c.buf[:i+1]
			} else {
				c.buf = c.buf[:0]
			}
		}
		select {
		case p.work <- c:
		case <-p.quit:
			return
		}
		select {
		case p.order <- c:
		case <-p.quit:
			// run no longer takes chunks, nor waits for this one.
			return
		}
		if c.last {
			return
		}
	}
}

// decode decodes the chunks of p.work.
func (p *csvPipe) decode() {
	defer p.wg.Done()
	r := newCSVReader(p.name, nil, p.schema, p.defBucket)
	r.skip = p.skip
	r.chunked = true
	for c := range p.work {
		if !p.seq.Load() {
			p.decodeChunk(r, c)
		}
		close(c.done)
	}
}

// decodeChunk decodes the rows of c with r, with positions relative to
// the chunk's start, and sets c.whole when every row is one line of it.
func (p *csvPipe) decodeChunk(r *csvReader, c *chunk) {
	c.recs, c.errs, c.lines = c.recs[:0], c.errs[:0], 0
	if c.cont {
		return
	}
	r.mem, r.mpos, r.line, r.replay = c.buf, 0, 0, nil
	r.rec.Pos.File = p.name
	skipHeader := c.first && p.header
	for {
		row, start, prob, err := r.readRow()
		if err != nil { // io.EOF: a chunk has no other error
			break
		}
		if prob == rowContinues {
			return
		}
		if skipHeader {
			skipHeader = false
			continue
		}
		if bad := r.decodeRow(row, start, prob); bad != nil {
			c.errs = append(c.errs, chunkErr{len(c.recs), bad})
			continue
		}
		c.recs = append(c.recs, r.rec)
	}
	c.lines = r.line
	c.whole = true
}

// chunkReader reads the text of the chunks from c on, for the rows read
// one by one once a chunk could not be decoded alone; it ends with the
// error that ended the text.
type chunkReader struct {
	p   *csvPipe
	c   *chunk
	off int
}

func (cr *chunkReader) Read(b []byte) (int, error) {
	for cr.off == len(cr.c.buf) {
		if cr.c.last {
			if cr.c.readErr != nil {
				return 0, cr.c.readErr
			}
			return 0, io.EOF
		}
		next, ok := <-cr.p.order
		if !ok {
			return 0, io.EOF
		}
		<-next.done
		cr.p.free <- cr.c
		cr.c, cr.off = next, 0
	}
	n := copy(b, cr.c.buf[cr.off:])
	cr.off += n
	return n, nil
}
