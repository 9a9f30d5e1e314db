package inventory_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"iter"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/inventory"
	"github.com/jobscope/jobscope/inventory/inventorytest"
	"github.com/jobscope/jobscope/scope"
)

// tb is what the helpers need of a *testing.T or a *rapid.T.
type tb interface {
	Helper()
	Errorf(format string, args ...any)
	Fatalf(format string, args ...any)
	Fatal(args ...any)
}

// row is one yield of Records, in a comparable form.
type row struct {
	Obj *scope.Object
	Pos string
	Err string // the error's text
}

// result is everything a source yields.
type result struct {
	Rows      []row
	RowErrs   []*field.Error // field.InvalidRow
	FileErrs  []*field.Error // field.Unreadable
	OtherErrs []error
}

// objects are the records read, without positions.
func (r result) objects() []scope.Object {
	var out []scope.Object
	for _, x := range r.Rows {
		if x.Obj != nil {
			out = append(out, *x.Obj)
		}
	}
	return out
}

// readFile reads every row of f.
func readFile(t tb, f inventory.File, res *result) {
	t.Helper()
	for rec, err := range f.Records(context.Background()) {
		switch {
		case err == nil:
			o := rec.Object
			res.Rows = append(res.Rows, row{Obj: &o, Pos: rec.Pos.String()})
		default:
			var fe *field.Error
			switch {
			case errors.As(err, &fe) && fe.Code == field.InvalidRow:
				res.RowErrs = append(res.RowErrs, fe)
			case errors.As(err, &fe) && fe.Code == field.Unreadable:
				res.FileErrs = append(res.FileErrs, fe)
			default:
				res.OtherErrs = append(res.OtherErrs, err)
			}
			if rec != nil {
				t.Errorf("a record with the error %v", err)
			}
			res.Rows = append(res.Rows, row{Err: err.Error()})
		}
	}
}

// errorTexts is the text of each error joined in err, each of them a
// *field.Error.
func errorTexts(t tb, err error) []string {
	t.Helper()
	j, ok := err.(interface{ Unwrap() []error })
	if !ok {
		t.Fatalf("%T %v is not joined errors", err, err)
	}
	var out []string
	for _, e := range j.Unwrap() {
		if _, ok := e.(*field.Error); !ok {
			t.Errorf("%T %v is not a *field.Error", e, e)
		}
		out = append(out, e.Error())
	}
	return out
}

// readSource reads every file of src in order.
func readSource(t tb, src *inventory.Source) result {
	t.Helper()
	var res result
	for _, f := range src.Files {
		readFile(t, f, &res)
	}
	return res
}

// open opens name or fails the test.
func open(t tb, name string, opts inventory.Options) *inventory.Source {
	t.Helper()
	src, err := inventory.Open(context.Background(), name, opts)
	if err != nil {
		t.Fatalf("Open(%s): %v", name, err)
	}
	return src
}

// gz compresses data as one gzip member.
func gz(data []byte) []byte {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write(data)
	zw.Close()
	return b.Bytes()
}

// writeReport writes a report of files with inventorytest.
func writeReport(t tb, dir string, files ...[]scope.Object) string {
	t.Helper()
	r := inventorytest.Report{SourceBucket: "source-bucket", Prefix: "inventory"}
	for _, f := range files {
		r.Files = append(r.Files, slices.Values(f))
	}
	p, err := inventorytest.Write(dir, r)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// at is a UTC time to the millisecond.
func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

// seq is slices.Values for scope.Object.
func seq(objs ...scope.Object) iter.Seq[scope.Object] { return slices.Values(objs) }

// obj is a current object of size n in source-bucket.
func obj(key string, n int64) scope.Object {
	return scope.Object{Bucket: "source-bucket", Key: key, Size: n, LastModified: at("2024-03-04T05:06:07.089Z"),
		StorageClass: scope.Standard, EncryptionStatus: scope.SSES3}
}

// chdir changes the working directory for the rest of the test (testing.T's
// Chdir needs Go 1.24).
func chdir(t *testing.T, dir string) {
	t.Helper()
	old, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chdir(old) })
}
