package parquet

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/jobscope/jobscope/inventory"
)

// Rows of a bucket, a key and a last_modified_date of each INT64 unit: a
// bare INT64 is milliseconds.
type (
	millisRow struct {
		Bucket string `parquet:"bucket"`
		Key    string `parquet:"key"`
		T      int64  `parquet:"last_modified_date"`
	}
	microsRow struct {
		Bucket string `parquet:"bucket"`
		Key    string `parquet:"key"`
		T      int64  `parquet:"last_modified_date,timestamp(microsecond)"`
	}
	nanosRow struct {
		Bucket string `parquet:"bucket"`
		Key    string `parquet:"key"`
		T      int64  `parquet:"last_modified_date,timestamp(nanosecond)"`
	}
)

// TestRecordsOfWithoutDates: read without last_modified_date in need, a
// file gives the rows Records gives, each with a zero LastModified, and
// rejects the same rows with the same errors: the timestamps of each unit
// are checked against the years 0001 to 9999, not converted.
func TestRecordsOfWithoutDates(t *testing.T) {
	first := time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)
	tt := t
	rapid.Check(t, func(t *rapid.T) {
		unit := rapid.SampledFrom([]time.Duration{time.Millisecond, time.Microsecond, time.Nanosecond}).Draw(t, "unit")
		// Around the bounds, and anywhere.
		at := func(i int) int64 {
			label := fmt.Sprint("t", i)
			switch rapid.IntRange(0, 2).Draw(t, label+"kind") {
			case 0:
				return first.Unix()*int64(time.Second/unit) + rapid.Int64Range(-2, 2).Draw(t, label+"from first")
			case 1:
				return end.Unix()*int64(time.Second/unit) + rapid.Int64Range(-2, 2).Draw(t, label+"from end")
			}
			return rapid.Int64().Draw(t, label)
		}
		n := rapid.IntRange(1, 20).Draw(t, "rows")
		var path string
		switch unit {
		case time.Millisecond:
			rows := make([]millisRow, n)
			for i := range rows {
				rows[i] = millisRow{"b", fmt.Sprint("k", i), at(i)}
			}
			path = writeRows(tt, rows)
		case time.Microsecond:
			rows := make([]microsRow, n)
			for i := range rows {
				rows[i] = microsRow{"b", fmt.Sprint("k", i), at(i)}
			}
			path = writeRows(tt, rows)
		default:
			rows := make([]nanosRow, n)
			for i := range rows {
				rows[i] = nanosRow{"b", fmt.Sprint("k", i), at(i)}
			}
			path = writeRows(tt, rows)
		}
		f, _ := open(tt, path, nil, "")
		want := readAll(tt, f)
		var got result
		var need inventory.Column = ^inventory.Column(0) &^ inventory.ColLastModified
		for rec, err := range f.(*file).RecordsOf(context.Background(), need) {
			if err != nil {
				got.errs = append(got.errs, err)
				got.at = append(got.at, len(got.recs))
				continue
			}
			got.recs = append(got.recs, *rec)
		}
		if fmt.Sprint(got.errs, got.at) != fmt.Sprint(want.errs, want.at) || len(got.recs) != len(want.recs) {
			t.Fatalf("errors %v at %v, %d rows; Records: %v at %v, %d rows", got.errs, got.at, len(got.recs), want.errs, want.at, len(want.recs))
		}
		for i := range got.recs {
			w := want.recs[i]
			w.LastModified = time.Time{}
			if diff := cmp.Diff(w, got.recs[i]); diff != "" {
				t.Fatalf("row %d (-Records without the date +RecordsOf):\n%s", i, diff)
			}
		}
	})
}
