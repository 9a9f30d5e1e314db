package plan_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/jobscope/jobscope/internal/synth"
	"github.com/jobscope/jobscope/inventory"
	"github.com/jobscope/jobscope/plan"
)

func encodeLine(dst []byte, r *inventory.Record, d plan.Decision) []byte {
	return fmt.Appendf(dst, "%s %s %s %d %v %s\n", r.Pos, r.Bucket, r.Key, r.Size, d.Scan, d.Reason)
}

// failAfter fails its writes once n bytes have been written.
type failAfter struct {
	bytes.Buffer
	n int
}

var errWrite = errors.New("disk full")

func (f *failAfter) Write(p []byte) (int, error) {
	if f.Len()+len(p) > f.n {
		return 0, errWrite
	}
	return f.Buffer.Write(p)
}

// Encode and Output write what Decisions receives, in the same order, with
// the workers formatting; the summary is the same. A failing Output stops
// the run with its error, and the summary counts the decisions written.
func TestEncodeOutput(t *testing.T) {
	manifest, err := synth.WriteReport(t.TempDir(), "bench", 20000, 3, 5)
	if err != nil {
		t.Fatal(err)
	}
	_, dry, err := synth.PlanDryRun()
	if err != nil {
		t.Fatal(err)
	}
	run := func(opts plan.RunOptions) (*plan.Summary, error) {
		src, err := inventory.Open(context.Background(), manifest, inventory.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return dry.Run(context.Background(), []*inventory.Source{src}, opts)
	}
	var want bytes.Buffer
	ws, err := run(plan.RunOptions{Decisions: func(r *inventory.Record, d plan.Decision) error {
		want.Write(encodeLine(nil, r, d))
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	for _, workers := range []int{1, 2, 3} {
		var got bytes.Buffer
		s, err := run(plan.RunOptions{Workers: workers, Encode: encodeLine, Output: &got})
		if err != nil || got.String() != want.String() {
			t.Fatalf("workers %d: %v; %d bytes, want %d", workers, err, got.Len(), want.Len())
		}
		// The tallies of batches without their records are those of the
		// records, and of a run that delivers nothing.
		if diff := cmp.Diff(ws, s); diff != "" {
			t.Fatalf("workers %d: the summary (-with Decisions +with Encode):\n%s", workers, diff)
		}
		plain, err := run(plan.RunOptions{Workers: workers})
		if diff := cmp.Diff(plain, s); err != nil || diff != "" {
			t.Fatalf("workers %d: %v; the summary (-without output +with Encode):\n%s", workers, err, diff)
		}
	}
	fail := &failAfter{n: want.Len() / 2}
	s, err := run(plan.RunOptions{Encode: encodeLine, Output: fail})
	lines := int64(strings.Count(fail.String(), "\n"))
	if !errors.Is(err, errWrite) || !s.Partial || s.Read.Objects != lines || lines == 0 || !strings.HasPrefix(want.String(), fail.String()) {
		t.Errorf("failing output: %v, partial %t, read %d, %d lines written", err, s.Partial, s.Read.Objects, lines)
	}
}
