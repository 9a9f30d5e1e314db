package plan_test

import (
	"context"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/internal/testfile"
	"github.com/jobscope/jobscope/inventory"
	"github.com/jobscope/jobscope/plan"
	"github.com/jobscope/jobscope/scope"
)

// Sizes up to int64's maximum, which S3 Inventory rows may claim, saturate
// the byte counts instead of wrapping them around to negative numbers, and
// the counts still reconcile.
func TestHugeSizesSaturate(t *testing.T) {
	j, err := jobscope.Load(strings.NewReader(`{"name": "j", "jobType": "ONE_TIME", "s3JobDefinition": {"bucketDefinitions": [{"accountId": "1", "buckets": ["b"]}],
	  "scoping": {"excludes": {"and": [{"simpleScopeTerm": {"key": "OBJECT_KEY", "comparator": "STARTS_WITH", "values": ["skip/"]}}]}}}}`), jobscope.Limits{}, jobscope.Options{})
	if err != nil {
		t.Fatal(err)
	}
	dry, err := plan.New(j, plan.Options{})
	if err != nil {
		t.Fatal(err)
	}
	lm := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	var objs []scope.Object
	for _, key := range []string{"a.csv", "b.csv", "skip/c.csv", "skip/d.csv", "e.csv"} {
		objs = append(objs, scope.Object{Bucket: "b", Key: key, Size: math.MaxInt64, LastModified: lm, StorageClass: scope.Standard, EncryptionStatus: scope.SSES3})
	}
	objs = append(objs, scope.Object{Bucket: "other", Key: "f.csv", Size: math.MaxInt64, LastModified: lm})
	s := dry.Summarize(slices.Values(objs))
	if !s.Reconciles() {
		t.Errorf("does not reconcile: %+v", s)
	}
	// Every object is too large for Macie (eligibility), or skipped before.
	for name, c := range map[string]plan.Counts{"read": s.Read, "skipped": s.Skipped, "bucket b": s.Buckets[0].Read} {
		if c.Bytes != math.MaxInt64 {
			t.Errorf("%s bytes = %d, want the saturated %d", name, c.Bytes, int64(math.MaxInt64))
		}
	}
	if s.Read.Objects != 6 || s.Scanned.Objects != 0 || s.Skipped.Objects != 6 || len(s.Reasons) != 3 {
		t.Errorf("summary %+v", s)
	}
}

// A run over the hostile data files reconciles: the rows of the
// inputs are read + rejected, and read = scanned + skipped.
func TestHostileRunReconciles(t *testing.T) {
	j, err := jobscope.Load(strings.NewReader(`{"name": "j", "jobType": "ONE_TIME", "s3JobDefinition": {"bucketDefinitions": [{"accountId": "1", "buckets": ["b"]}]}}`), jobscope.Limits{}, jobscope.Options{})
	if err != nil {
		t.Fatal(err)
	}
	dry, err := plan.New(j, plan.Options{})
	if err != nil {
		t.Fatal(err)
	}
	row := func(key, size, date string) string {
		return `"b","` + key + `","` + size + `","` + date + `"` + "\n"
	}
	const d = "2024-01-01T00:00:00.000Z"
	dir := t.TempDir()
	files := map[string]struct {
		data string
		rows int
	}{
		"fields.csv": {`"b","k1","1"` + "\n" + `"b","k2","1","` + d + `","x"` + "\n" + row("k3.csv", "1", d), 3},
		"quotes.csv": {`"b","k1,"1","` + d + `"` + "\n" + row("k2.csv", "2", d) + `"b","k3` + "\n" + row("k4.csv", "4", d), 4},
		"keys.csv":   {row("k\xff1", "1", d) + row("k%FF2", "1", d) + row("k\x003.csv", "1", d) + row(strings.Repeat("k", 1025), "1", d), 4},
		"sizes.csv":  {row("k1", "-1", d) + row("k2", "9223372036854775808", d) + row("k3", "9223372036854775807", d) + row("k4", "9223372036854775807", d), 4},
		"dates.csv":  {row("k1", "1", "1969-12-31T23:59:59.000Z") + row("k2", "1", "10000-01-01T00:00:00.000Z") + row("k3", "1", "0001-01-01T00:00:00.000Z"), 3},
	}
	var sources []*inventory.Source
	rows := 0
	for name, f := range files {
		p := testfile.Write(t, dir, name, []byte(f.data))
		src, err := inventory.Open(context.Background(), p, inventory.Options{FileSchema: "Bucket, Key, Size, LastModifiedDate"})
		if err != nil {
			t.Fatal(err)
		}
		sources = append(sources, src)
		rows += f.rows
	}
	s, err := dry.Run(context.Background(), sources, plan.RunOptions{KeepRowErrors: 100})
	if err != nil {
		t.Fatal(err)
	}
	if !s.Reconciles() || s.Read.Objects+s.Rejected != int64(rows) || len(s.FileErrors) != 0 {
		t.Errorf("rows %d: read %d + rejected %d; reconciles %v; file errors %v", rows, s.Read.Objects, s.Rejected, s.Reconciles(), s.FileErrors)
	}
	if s.Rejected != 10 || int64(len(s.RowErrors)) != s.Rejected {
		t.Errorf("rejected %d: %q", s.Rejected, s.RowErrors)
	}
	if s.Read.Bytes != math.MaxInt64 {
		t.Errorf("read bytes %d", s.Read.Bytes)
	}
}
