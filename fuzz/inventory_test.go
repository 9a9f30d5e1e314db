package fuzz

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/jobscope/jobscope/criteria"
	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/internal/enum"
	"github.com/jobscope/jobscope/internal/reference"
	"github.com/jobscope/jobscope/internal/testfile"
	"github.com/jobscope/jobscope/inventory"
)

// The inventory readers have targets of their own beside their code:
// FuzzCSVRows and FuzzManifest (package inventory) and FuzzParquetFile
// (package inventory/parquet). The targets here drive the readers through
// the public API, as the CLI does: inventory.Open on a file, then every
// record of every file.

// sourceNames are the file names FuzzObjectSource gives its bytes
// (name % len): Open tells inputs apart by content, and by name for JSONL.
var sourceNames = []string{"objects.json", "objects.jsonl", "data.csv", "data.csv.gz", "manifest.json", "objects.jsonl.gz"}

// sourceSchema is the fileSchema of a CSV given directly (schema % 3):
// none (a header line is needed), or one of two S3 Inventory schemas.
var sourceSchemas = []string{"", "Bucket, Key, Size, LastModifiedDate", "Bucket, Key, VersionId, IsLatest, IsDeleteMarker, Size, LastModifiedDate, ETag, StorageClass, EncryptionStatus"}

// FuzzObjectSource opens arbitrary bytes as an object source — a
// list-objects-v2 or list-object-versions output, JSONL of objects, a CSV
// or CSV.gz data file, a manifest (whose data files are missing) — and
// reads every record. Invariants: no panic; every yielded error but the
// last is a rejected row's *field.Error (Code field.InvalidRow), the last
// one of those, a field.Unreadable one or nothing, and
// no record comes with an error; positions name the file and their lines
// do not decrease; no row comes from a file outside the input's directory
// (a manifest's data file keys cannot reach out); every record has a bucket and a key of 1 to 1,024 bytes
// of valid UTF-8 and a size that is not negative.
func FuzzObjectSource(f *testing.F) {
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte, name, schema uint8) {
		path := testfile.Write(t, dir, sourceNames[int(name)%len(sourceNames)], data)
		defer os.Remove(path)
		src, err := inventory.Open(context.Background(), path, inventory.Options{Bucket: "fuzz-bucket", FileSchema: sourceSchemas[int(schema)%len(sourceSchemas)]})
		if err != nil {
			if err.Error() == "" {
				t.Fatalf("Open: an empty error")
			}
			return
		}
		for _, file := range src.Files {
			readAll(t, dir, file)
		}
	})
}

// readAll reads every record of file, whose rows must come from a file in
// dir: a manifest's data file keys name files of the report, nothing else.
func readAll(t *testing.T, dir string, file inventory.File) {
	t.Helper()
	outside := !strings.HasPrefix(file.Name(), dir+string(filepath.Separator))
	var errs []error
	var line int
	for rec, err := range file.Records(context.Background()) {
		if err != nil {
			if rec != nil {
				t.Fatalf("a record %+v with an error %v", rec, err)
			}
			var re *field.Error
			if errors.As(err, &re) && re.Code == field.InvalidRow {
				if outside {
					t.Fatalf("a row of %s, outside %s", file.Name(), dir)
				}
				if re.File != file.Name() || re.Err == nil {
					t.Fatalf("row error %v of file %s", re, file.Name())
				}
				if re.Line > 0 && re.Line < line {
					t.Fatalf("row error at line %d after line %d", re.Line, line)
				}
				line = max(line, re.Line)
			}
			errs = append(errs, err)
			continue
		}
		o := &rec.Object
		switch {
		case outside:
			t.Fatalf("a row of %s, outside %s", file.Name(), dir)
		case rec.Pos.File != file.Name():
			t.Fatalf("record of file %s at %v", file.Name(), rec.Pos)
		case rec.Pos.Line > 0 && rec.Pos.Line < line:
			t.Fatalf("record at line %d after line %d", rec.Pos.Line, line)
		case o.Bucket == "" || o.Key == "" || len(o.Key) > 1024 || !utf8.ValidString(o.Key):
			t.Fatalf("record %q/%q at %v: a bucket and a key of 1 to 1,024 bytes of UTF-8 are needed", o.Bucket, o.Key, rec.Pos)
		case o.Size < 0:
			t.Fatalf("record at %v: size %d", rec.Pos, o.Size)
		}
		line = max(line, rec.Pos.Line)
	}
	for i, err := range errs {
		var fe *field.Error
		switch {
		case errors.As(err, &fe) && fe.Code == field.InvalidRow:
		case errors.As(err, &fe) && fe.Code == field.Unreadable && i == len(errs)-1:
			if fe.File != file.Name() || fe.Err == nil {
				t.Fatalf("file error %v of file %s", fe, file.Name())
			}
		default:
			t.Fatalf("error %d of %d, %T: %v", i+1, len(errs), err, err)
		}
	}
}

// fuzzCriteria are bucket criteria FuzzBuckets evaluates over what it
// reads, against the reference interpreter.
var fuzzCriteria = []*criteria.S3BucketCriteriaForJob{
	{Includes: &criteria.CriteriaBlockForJob{And: []criteria.CriteriaForJob{
		{SimpleCriterion: &criteria.SimpleCriterionForJob{Comparator: criteria.EQ, Key: criteria.AccountID, Values: []string{"111122223333"}}},
		{TagCriterion: &criteria.TagCriterionForJob{Comparator: criteria.EQ, TagValues: []criteria.TagCriterionPairForJob{{Key: "env", Value: "prod"}, {Key: "team"}, {Value: "x"}}}},
	}}},
	{Excludes: &criteria.CriteriaBlockForJob{And: []criteria.CriteriaForJob{
		{SimpleCriterion: &criteria.SimpleCriterionForJob{Comparator: criteria.NE, Key: criteria.S3BucketEffectivePermission, Values: []string{"NOT_PUBLIC"}}},
		{SimpleCriterion: &criteria.SimpleCriterionForJob{Comparator: criteria.EQ, Key: criteria.S3BucketSharedAccess, Values: []string{"EXTERNAL", "UNKNOWN"}}},
		{TagCriterion: &criteria.TagCriterionForJob{Comparator: criteria.NE, TagValues: []criteria.TagCriterionPairForJob{{Key: "env", Value: ""}}}},
	}}},
	{Includes: &criteria.CriteriaBlockForJob{And: []criteria.CriteriaForJob{
		{SimpleCriterion: &criteria.SimpleCriterionForJob{Comparator: criteria.NE, Key: criteria.S3BucketName, Values: []string{"a", "b"}}},
	}}},
}

// FuzzBuckets reads arbitrary bytes as aws macie2 describe-buckets output.
// Invariants: no panic; a failure is one or more *field.Error, each
// naming the file and a line; what is read has unique, non-empty
// bucket names and only Macie's values of sharedAccess and
// effectivePermission; and bucket criteria (compiled, and Explain) agree
// with the reference interpreter on every bucket read, under both
// excludeJoin and bucketTagEmptyValue choices.
func FuzzBuckets(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		buckets, err := inventory.ReadBuckets(context.Background(), bytes.NewReader(data), "buckets.json")
		if err != nil {
			for _, e := range unjoin(err) {
				var ie *field.Error
				if !errors.As(e, &ie) || ie.File != "buckets.json" || ie.Line < 1 || ie.Message == "" {
					t.Fatalf("%T %v is not a located *field.Error", e, e)
				}
			}
			return
		}
		seen := map[string]bool{}
		for _, b := range buckets {
			if b.BucketName == "" || seen[b.BucketName] {
				t.Fatalf("bucket name %q empty or repeated", b.BucketName)
			}
			seen[b.BucketName] = true
			if b.SharedAccess != "" && !enum.Valid(b.SharedAccess) || b.PublicAccess != nil && b.PublicAccess.EffectivePermission != "" && !enum.Valid(b.PublicAccess.EffectivePermission) {
				t.Fatalf("bucket %q: an enum value Macie does not have: %+v", b.BucketName, b)
			}
		}
		for _, c := range fuzzCriteria {
			for _, opts := range []criteria.Options{{}, {ExcludeJoin: criteria.JoinOR, BucketTagEmptyValue: criteria.TagPair}} {
				m, err := criteria.Compile(c, nil, opts)
				if err != nil {
					t.Fatal(err)
				}
				for i := range buckets {
					b := &buckets[i]
					want := reference.BucketMatch(c, b, opts)
					if got := m.Match(b); got != want {
						t.Fatalf("Match = %v, reference = %v for %+v", got, want, b)
					}
					if ex := m.Explain(b); ex.Match != want {
						t.Fatalf("Explain = %v, reference = %v for %+v", ex.Match, want, b)
					}
				}
			}
		}
	})
}

// FuzzTags reads arbitrary bytes as a tag sidecar. Invariants: no panic; a
// failure is one or more *field.Error, each naming the file and a line
// within the input.
func FuzzTags(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		lines := bytes.Count(data, []byte("\n")) + 1
		tags, err := inventory.ReadTags(context.Background(), bytes.NewReader(data), "tags.jsonl")
		if err != nil {
			for _, e := range unjoin(err) {
				var ie *field.Error
				if !errors.As(e, &ie) || ie.File != "tags.jsonl" || ie.Line < 1 || ie.Line > lines || ie.Message == "" {
					t.Fatalf("%T %v is not a *field.Error within the %d lines", e, e, lines)
				}
			}
			return
		}
		tags.Lookup("b", "k", "v") // must not panic
	})
}

// unjoin returns the errors joined in err, or err alone.
func unjoin(err error) []error {
	if u, ok := err.(interface{ Unwrap() []error }); ok {
		return u.Unwrap()
	}
	return []error{err}
}
