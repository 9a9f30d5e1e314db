package inventory_test

import (
	"context"
	"iter"
	"reflect"
	"testing"

	"github.com/jobscope/jobscope/internal/synth"
	"github.com/jobscope/jobscope/inventory"
)

// The data files of a generated report read as their reference reads
// them: the standard library's gzip, one reader row by row; and with the
// dates left out, as the reference reads them but for the dates.
func TestReferenceReading(t *testing.T) {
	manifest, err := synth.WriteReport(t.TempDir(), "bench", 60000, 2, 11)
	if err != nil {
		t.Fatal(err)
	}
	src := open(t, manifest, inventory.Options{})
	for _, f := range src.Files {
		var want []inventory.Record
		for rec, err := range inventory.ReferenceFile(f).Records(context.Background()) {
			if err != nil {
				t.Fatal(err)
			}
			want = append(want, *rec)
		}
		if len(want) != 30000 {
			t.Fatalf("%s: the reference read %d rows", f.Name(), len(want))
		}
		for _, need := range []inventory.Column{0, ^inventory.ColLastModified} {
			i := 0
			for rec, err := range f.(interface {
				RecordsOf(context.Context, inventory.Column) iter.Seq2[*inventory.Record, error]
			}).RecordsOf(context.Background(), need) {
				if err != nil {
					t.Fatal(err)
				}
				w := want[i]
				if need != 0 {
					w.LastModified = rec.LastModified
					if !rec.LastModified.IsZero() {
						t.Fatalf("row %d: a date, not asked for", i)
					}
				}
				if !reflect.DeepEqual(*rec, w) {
					t.Fatalf("need %v, row %d:\n%+v\nthe reference's\n%+v", need, i, *rec, w)
				}
				i++
			}
			if i != len(want) {
				t.Errorf("need %v: %d rows, the reference %d", need, i, len(want))
			}
		}
	}
}
