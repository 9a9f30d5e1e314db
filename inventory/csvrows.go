package inventory

import (
	"bytes"
	"io"
)

// maxRow is the longest row the CSV reader accepts, quoted newlines
// included. A row of S3 Inventory is far shorter (a key is at most 1,024
// bytes, 3,072 URL-encoded); the limit stops a stray quote from gathering
// the rest of a file into one row.
const maxRow = 1 << 20

// span is one field of a row: row[start:end], without its quotes. esc is
// set when the field is quoted and has "" escapes to undo.
type span struct {
	start, end int32
	esc        bool
}

type splitResult uint8

const (
	splitOK         splitResult = iota
	splitOpenQuote              // a quoted field is not closed by the end of the row
	splitBareQuote              // a quote inside an unquoted field
	splitAfterQuote             // a character other than a comma after a closing quote
)

// openField is where splitting stopped in a quoted field that the row
// does not close: the field's opening quote, and where to look on for its
// closing quote once the next line is appended.
type openField struct {
	quote, next int
	esc         bool
}

// splitRow splits a row (without its line end) into fields, RFC 4180
// style: a field is quoted or not; inside quotes "" is a quote, and commas
// and newlines are data. On a problem, the fields before the bad one are
// in the result. When a quoted field is not closed (splitOpenQuote), the
// openField lets splitMore go on once more of the row is there, without
// reading again what was read.
func splitRow(row []byte, spans []span) ([]span, splitResult, openField) {
	return splitFrom(row, spans, 0, 0, false)
}

// splitMore goes on splitting row, which is the row of a previous call
// that ended with splitOpenQuote and of with more lines appended.
func splitMore(row []byte, spans []span, of openField) ([]span, splitResult, openField) {
	return splitFrom(row, spans, of.quote, of.next, of.esc)
}

// splitFrom splits row from i, a field's start; when j > 0, i is the
// opening quote of a field whose closing quote is not before j.
func splitFrom(row []byte, spans []span, i, j int, esc bool) ([]span, splitResult, openField) {
	for {
		if j > 0 || i < len(row) && row[i] == '"' {
			if j == 0 {
				j, esc = i+1, false
			}
			for {
				k := bytes.IndexByte(row[j:], '"')
				if k < 0 {
					return spans, splitOpenQuote, openField{i, len(row), esc}
				}
				j += k
				if j+1 < len(row) && row[j+1] == '"' {
					esc = true
					j += 2
					continue
				}
				break
			}
			spans = append(spans, span{int32(i + 1), int32(j), esc})
			i, j = j+1, 0
			if i == len(row) {
				return spans, splitOK, openField{}
			}
			if row[i] != ',' {
				return spans, splitAfterQuote, openField{}
			}
			i++
			continue
		}
		k := bytes.IndexByte(row[i:], ',')
		end := len(row)
		if k >= 0 {
			end = i + k
		}
		if bytes.IndexByte(row[i:end], '"') >= 0 {
			return spans, splitBareQuote, openField{}
		}
		spans = append(spans, span{int32(i), int32(end), false})
		if k < 0 {
			return spans, splitOK, openField{}
		}
		i = end + 1
	}
}

// trimEOL removes a line's "\n" or "\r\n", and the "\r" that ends the
// last line of an input without a "\n" (as encoding/csv does).
func trimEOL(line []byte) []byte {
	n := len(line)
	if n > 0 && line[n-1] == '\n' {
		n--
	}
	if n > 0 && line[n-1] == '\r' {
		n--
	}
	return line[:n]
}

// unquote appends f with its "" escapes undone.
func unquote(dst, f []byte) []byte {
	for {
		i := bytes.IndexByte(f, '"')
		if i < 0 || i+1 >= len(f) {
			return append(dst, f...)
		}
		dst = append(dst, f[:i+1]...)
		f = f[i+2:]
	}
}

// nextLine returns the next physical line with its "\n" (the last line of
// the input may have none) and counts it. It returns io.EOF after the
// last line and another error when the input broke; tooLong is set when
// the line is longer than maxRow (the line is cut there).
func (r *csvReader) nextLine() (line []byte, tooLong bool, err error) {
	if r.replay != nil {
		rest := r.replay[r.rpos:]
		if len(rest) > 0 {
			i := bytes.IndexByte(rest, '\n')
			if i < 0 {
				i = len(rest) - 1
			}
			r.rpos += i + 1
			r.line++
			return rest[:i+1], false, nil
		}
		r.replay, r.rpos = nil, 0
	}
	return r.lineReader.next()
}

// readAgain makes the lines of rowBuf after its first (first bytes long)
// the next lines to read, and rewinds the line count to start, the row's
// first line.
func (r *csvReader) readAgain(first int, start int) {
	tail := r.rowBuf[first:]
	var rest []byte
	if r.replay != nil {
		rest = r.replay[r.rpos:]
	}
	nb := make([]byte, 0, len(tail)+len(rest))
	nb = append(append(nb, tail...), rest...)
	r.replay, r.rpos = nb, 0
	r.line = start
}

// rowProblem is why readRow could not split a row.
type rowProblem uint8

const (
	rowFine rowProblem = iota
	rowUnterminated
	rowBareQuote
	rowAfterQuote
	rowTooLong
	// rowContinues: a quoted field goes on to the next line, and the
	// reader reads a chunk's rows alone (csvReader.chunked).
	rowContinues
)

// readRow reads the next row, skipping blank lines, and splits it into
// r.spans. start is the row's first line. A row whose quoted field is not
// closed — by the end of the input, within maxRow bytes, or so that the
// quotes of the following lines pair up — is reported at its first line,
// and the lines after that one are read again as rows of their own, so a
// stray quote costs one row. err is io.EOF at the end, another error when
// the input broke.
func (r *csvReader) readRow() (row []byte, start int, p rowProblem, err error) {
	for {
		line, tooLong, err := r.nextLine()
		if err != nil {
			return nil, 0, rowFine, err
		}
		start = r.line
		if tooLong {
			return nil, start, rowTooLong, nil
		}
		row = trimEOL(line)
		if len(row) == 0 {
			continue
		}
		var res splitResult
		var of openField
		r.spans, res, of = splitRow(row, r.spans[:0])
		switch res {
		case splitOK:
			return row, start, rowFine, nil
		case splitBareQuote:
			return row, start, rowBareQuote, nil
		case splitAfterQuote:
			return row, start, rowAfterQuote, nil
		}
		// A quoted field goes on to the next line.
		if r.chunked {
			return nil, start, rowContinues, nil
		}
		r.rowBuf = append(r.rowBuf[:0], line...)
		first := len(line)
		stray := func() ([]byte, int, rowProblem, error) {
			r.spans, _, _ = splitRow(trimEOL(r.rowBuf[:first]), r.spans[:0])
			r.readAgain(first, start)
			return nil, start, rowUnterminated, nil
		}
		for {
			if len(r.rowBuf) > maxRow {
				return stray()
			}
			line, tooLong, err = r.nextLine()
			if err == io.EOF {
				return stray()
			}
			if err != nil {
				return nil, 0, rowFine, err
			}
			if tooLong {
				return nil, start, rowTooLong, nil
			}
			r.rowBuf = append(r.rowBuf, line...)
			// The "\r\n" that trimEOL took off the previous line is data
			// now; it has no quote, so the search goes on from of.next.
			row = trimEOL(r.rowBuf)
			r.spans, res, of = splitMore(row, r.spans, of)
			switch res {
			case splitOK:
				return row, start, rowFine, nil
			case splitBareQuote, splitAfterQuote:
				// The quotes do not pair up across the lines: the
				// first line's open quote was a stray one.
				return stray()
			}
		}
	}
}
