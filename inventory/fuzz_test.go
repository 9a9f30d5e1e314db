package inventory

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"testing"

	"github.com/jobscope/jobscope/field"
)

// FuzzCSVRows reads raw CSV bytes with a fixed schema. It never panics;
// every row is yielded once, as a record or a field.InvalidRow error, with non-decreasing
// line numbers within the input; and where encoding/csv reads the input
// without an error, the rows and their first lines are the same.
func FuzzCSVRows(f *testing.F) {
	f.Add([]byte("\"b\",\"k\",\"1\"\n\"b\",\"a+b%2B\",\"2\"\n"))
	f.Add([]byte("b,k,1\r\n\r\n\"b\",\"multi\nline\",\"\"\n"))
	f.Add([]byte("\"b\",\"k2\n\"b\",\"k3\",\"3\"\n"))
	f.Add([]byte("\"b\",\"a\"\"b\",\"-1\"\n\"\",\"\",\"\""))
	schema, err := parseFileSchema("Bucket, Key, Size")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		lines := bytes.Count(data, []byte("\n"))
		if len(data) > 0 && data[len(data)-1] != '\n' {
			lines++
		}
		// A 16-byte buffer makes most lines longer than it.
		r := newCSVReader("f", bufio.NewReaderSize(bytes.NewReader(data), 16), schema, "")
		var got []int
		r.run(context.Background(), false, func(rec *Record, err error) bool {
			var re *field.Error
			switch {
			case err == nil && rec != nil:
				got = append(got, rec.Pos.Line)
				if rec.Key == "" || rec.Bucket == "" {
					t.Errorf("line %d: a record without a key or bucket: %+v", rec.Pos.Line, rec)
				}
			case rec == nil && errors.As(err, &re) && re.Code == field.InvalidRow:
				got = append(got, re.Line)
			default:
				t.Fatalf("yielded %v, %v", rec, err)
			}
			if n := len(got); got[n-1] < 1 || got[n-1] > lines || n > 1 && got[n-1] < got[n-2] {
				t.Fatalf("lines %v of %d", got, lines)
			}
			return true
		})
		// The pipeline of a data file reads the same, in chunks of any
		// size.
		pipeAgrees(t, data, schema, false, 0, 1+len(data)%97, 2, 0, nil)
		// The oracle.
		cr := csv.NewReader(bytes.NewReader(data))
		cr.FieldsPerRecord = -1
		var want []int
		for {
			_, err := cr.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				return
			}
			line, _ := cr.FieldPos(0)
			want = append(want, line)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("rows at lines %v, encoding/csv reads them at %v", got, want)
		}
	})
}

// FuzzManifest parses manifests: it never panics, and a manifest it
// accepts reads back the same once written as JSON.
func FuzzManifest(f *testing.F) {
	f.Add([]byte(`{"sourceBucket": "b", "destinationBucket": "arn:aws:s3:::d", "version": "2016-11-30", "creationTimestamp": "1", "fileFormat": "CSV", "fileSchema": "Bucket, Key", "files": [{"key": "a/data/x.csv.gz", "size": 10, "MD5checksum": "0123456789abcdef0123456789abcdef"}]}`))
	f.Add([]byte(`{"fileFormat": "CSV", "fileSchema": "Key", "files": []}`))
	f.Add([]byte(`{"files": [1, {"key": 2}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := parseManifest(data, "m.json")
		if err != nil {
			var fe *field.Error
			if !errors.As(err, &fe) || fe.File != "m.json" {
				t.Fatalf("%T %v is not a *field.Error of m.json", err, err)
			}
			return
		}
		out, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		m2, err := parseManifest(out, "m.json")
		if err != nil {
			t.Fatalf("%s: %v", out, err)
		}
		if !reflect.DeepEqual(m, m2) {
			t.Errorf("%+v\nread back as\n%+v", m, m2)
		}
	})
}
