package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/jobscope/jobscope/internal/synth"
	"github.com/jobscope/jobscope/inventory"
	"github.com/jobscope/jobscope/plan"
)

// referenceJSONL writes decisions with encoding/json, the reference of
// appendDecisionJSON.
func referenceJSONL(w io.Writer) func(*inventory.Record, plan.Decision) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return func(r *inventory.Record, d plan.Decision) error {
		return enc.Encode(newDecisionLine(r, d))
	}
}

// referenceCSV writes decisions with encoding/csv, the reference of
// appendDecisionCSV; the caller flushes cw.
func referenceCSV(cw *csv.Writer) func(*inventory.Record, plan.Decision) error {
	return func(r *inventory.Record, d plan.Decision) error {
		l := newDecisionLine(r, d)
		return cw.Write([]string{l.Bucket, l.Key, l.VersionID, strconv.FormatInt(l.Size, 10), l.LastModified, l.Decision, l.Stage, string(l.Reason), l.Path})
	}
}

// The hand-written encoders write what encoding/json and encoding/csv
// write, byte for byte, for any record: strings to escape or quote,
// control characters, non-ASCII, invalid UTF-8, U+2028 and U+2029, HTML
// characters, leading spaces, and times of any year and precision.
func TestDecisionEncoders(t *testing.T) {
	text := rapid.OneOf(
		rapid.String(),
		rapid.StringOf(rapid.SampledFrom([]rune("a/.\"\\,\n\r\t\b\f\x00\x1f\x7f <>&é\u2028\u2029\u00a0\u0085\ufffd"))),
		rapid.Custom(func(t *rapid.T) string { return string(rapid.SliceOf(rapid.Byte()).Draw(t, "bytes")) }),
		rapid.SampledFrom([]string{"", `\.`, " x", "\tx", "\u00a0x", "\u3000x", "logs/a b.csv"}),
	)
	rapid.Check(t, func(t *rapid.T) {
		r := &inventory.Record{}
		r.Bucket = text.Draw(t, "bucket")
		r.Key = text.Draw(t, "key")
		r.VersionID = rapid.OneOf(rapid.Just(""), text).Draw(t, "version")
		r.Size = rapid.Int64().Draw(t, "size")
		switch rapid.IntRange(0, 4).Draw(t, "time") {
		case 1:
			r.LastModified = time.Unix(rapid.Int64Range(-62135596800, 253402300799).Draw(t, "s"), 0)
		case 2:
			r.LastModified = time.Unix(rapid.Int64Range(-62135596800, 253402300799).Draw(t, "s"), rapid.Int64Range(0, 999999999).Draw(t, "ns"))
		case 3:
			r.LastModified = time.Unix(rapid.Int64().Draw(t, "any s"), rapid.Int64Range(0, 999999999).Draw(t, "ns")).In(time.FixedZone("x", 3600))
		case 4: // milliseconds, as S3 gives them
			r.LastModified = time.Unix(rapid.Int64Range(-62135596800, 253402300799).Draw(t, "s"), rapid.Int64Range(0, 999).Draw(t, "ms")*1e6)
		}
		d := plan.Decision{Scan: rapid.Bool().Draw(t, "scan")}
		if !d.Scan {
			d.Stage = plan.Stage(text.Draw(t, "stage"))
			d.Reason = plan.Reason(text.Draw(t, "reason"))
			d.Path = text.Draw(t, "path")
		}
		var want bytes.Buffer
		if err := referenceJSONL(&want)(r, d); err != nil {
			t.Fatal(err)
		}
		if got := appendDecisionJSON(nil, r, d); string(got) != want.String() {
			t.Fatalf("jsonl:\n got %q\nwant %q", got, want.String())
		}
		want.Reset()
		cw := csv.NewWriter(&want)
		if err := referenceCSV(cw)(r, d); err != nil {
			t.Fatal(err)
		}
		cw.Flush()
		if got := appendDecisionCSV(nil, r, d); string(got) != want.String() {
			t.Fatalf("csv:\n got %q\nwant %q", got, want.String())
		}
	})
}

// plan's outputs on generated reports are, byte for byte, what the
// reference path gives: every record decoded (the summary of the CLI
// leaves the dates undecoded) and the decisions written by encoding/json
// and encoding/csv. inventory's TestReferenceReading holds its reading to
// the standard library's gzip read row by row.
func TestPlanOutputsMatchReference(t *testing.T) {
	dir := t.TempDir()
	manifest, err := synth.WriteReport(dir, "bench", 30000, 3, 7)
	if err != nil {
		t.Fatal(err)
	}
	jobPath := filepath.Join(dir, "job.json")
	if err := os.WriteFile(jobPath, []byte(synth.PlanJob), 0o644); err != nil {
		t.Fatal(err)
	}
	j, dry, err := synth.PlanDryRun()
	if err != nil {
		t.Fatal(err)
	}
	reference := func(format string) string {
		src, err := inventory.Open(context.Background(), manifest, inventory.Options{})
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		var cw *csv.Writer
		opts := plan.RunOptions{}
		switch format {
		case "jsonl":
			opts.Decisions = referenceJSONL(&b)
		case "csv":
			cw = csv.NewWriter(&b)
			cw.Write(csvHeader)
			opts.Decisions = referenceCSV(cw)
		}
		s, err := dry.Run(context.Background(), []*inventory.Source{src}, opts)
		if err != nil {
			t.Fatal(err)
		}
		if cw != nil {
			cw.Flush()
		}
		if format == "json" {
			enc := json.NewEncoder(&b)
			enc.SetIndent("", "  ")
			enc.SetEscapeHTML(false)
			enc.Encode(newPlanReport(j, s))
		}
		return b.String()
	}
	for _, format := range []string{"jsonl", "csv", "json"} {
		want := reference(format)
		for _, workers := range []string{"1", "2"} {
			got, _ := runOK(t, "plan", "--job", jobPath, "--objects", manifest, "--format", format, "--workers", workers)
			if got != want {
				t.Errorf("--format %s --workers %s: %d bytes differ from the reference's %d", format, workers, len(got), len(want))
			}
		}
	}
}
