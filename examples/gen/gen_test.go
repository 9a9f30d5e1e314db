package main

import (
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"encoding/json"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/scope"
)

// demoDir is the checked-in demo, relative to this package.
const demoDir = "../demo"

func files(t *testing.T, root string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(root, path)
		out = append(out, filepath.ToSlash(rel))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

// TestDemoUpToDate regenerates the demo and compares it with the checked-in
// files byte for byte, so examples/demo cannot drift from the generator.
func TestDemoUpToDate(t *testing.T) {
	dir := t.TempDir()
	if err := generate(dir); err != nil {
		t.Fatal(err)
	}
	got, want := files(t, dir), files(t, demoDir)
	for _, f := range want {
		if !slices.Contains(got, f) {
			t.Errorf("examples/demo/%s is not written by the generator: remove it", f)
		}
	}
	for _, f := range got {
		if !slices.Contains(want, f) {
			t.Errorf("examples/demo/%s is missing: run go run ./examples/gen", f)
			continue
		}
		g, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		w, err := os.ReadFile(filepath.Join(demoDir, f))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(g, w) {
			i := 0
			for i < len(g) && i < len(w) && g[i] == w[i] {
				i++
			}
			t.Errorf("examples/demo/%s differs from the generator's output at byte %d (%d bytes written, %d checked in): run go run ./examples/gen",
				f, i, len(g), len(w))
		}
	}
}

// TestDemoScenario checks the data set has what the demo promises.
func TestDemoScenario(t *testing.T) {
	bs := buildBuckets()
	if len(bs) != 3 {
		t.Fatalf("%d buckets, want 3", len(bs))
	}
	var total, versioned int
	var seen struct {
		glacier, deepArchive, sseC, deleteMarkerLatest, noncurrent, space, plus, unicode, noExt, empty, tooBig, envTest int
	}
	el := scope.NewEligibility(scope.EligibilityOptions{})
	for _, b := range bs {
		total += len(b.Objects)
		if b.Versioned {
			versioned++
		}
		if !slices.IsSortedFunc(b.Objects, func(x, y scope.Object) int { return strings.Compare(x.Key, y.Key) }) {
			t.Errorf("%s: objects not sorted by key", b.Name)
		}
		latest := map[string]int{}
		for _, o := range b.Objects {
			if o.Bucket != b.Name {
				t.Fatalf("%s: object of bucket %q", b.Name, o.Bucket)
			}
			if !o.Noncurrent {
				latest[o.Key]++
			}
			if !b.Versioned && (o.VersionID != "" || o.Noncurrent || o.IsDeleteMarker) {
				t.Errorf("%s/%s: version fields in an unversioned bucket", b.Name, o.Key)
			}
			if o.LastModified.Before(dataStart) || !o.LastModified.Before(dataEnd) {
				t.Errorf("%s/%s: lastModified %v outside the data's span", b.Name, o.Key, o.LastModified)
			}
			switch o.StorageClass {
			case scope.Glacier:
				seen.glacier++
			case scope.DeepArchive:
				seen.deepArchive++
			}
			if o.EncryptionStatus == scope.SSEC {
				seen.sseC++
			}
			if o.IsDeleteMarker && !o.Noncurrent {
				seen.deleteMarkerLatest++
			}
			if o.Noncurrent {
				seen.noncurrent++
			}
			if strings.Contains(o.Key, " ") {
				seen.space++
			}
			if strings.Contains(o.Key, "+") {
				seen.plus++
			}
			if strings.ContainsFunc(o.Key, func(r rune) bool { return r > 127 }) {
				seen.unicode++
			}
			if _, ok := scope.Extension(o.Key, scope.LastDot); !ok {
				seen.noExt++
			}
			if o.Size == 0 && !o.IsDeleteMarker {
				seen.empty++
			}
			if el.Check(&o) == scope.ReasonFileSize {
				seen.tooBig++
			}
			if o.Tags["env"] == "test" {
				seen.envTest++
			}
		}
		for k, n := range latest {
			if n != 1 {
				t.Errorf("%s/%s: %d latest versions", b.Name, k, n)
			}
		}
	}
	if total < 45000 || total > 55000 {
		t.Errorf("%d objects, want about 50,000", total)
	}
	if versioned != 1 {
		t.Errorf("%d versioned buckets, want 1", versioned)
	}
	t.Logf("%d objects; %+v", total, seen)
	for name, n := range map[string]int{"GLACIER": seen.glacier, "DEEP_ARCHIVE": seen.deepArchive, "SSE-C": seen.sseC,
		"latest delete markers": seen.deleteMarkerLatest, "noncurrent versions": seen.noncurrent, "keys with spaces": seen.space,
		"keys with +": seen.plus, "unicode keys": seen.unicode, "keys without extension": seen.noExt, "empty objects": seen.empty,
		"files over quota": seen.tooBig, "env=test objects": seen.envTest} {
		if n == 0 {
			t.Errorf("no %s", name)
		}
	}

	// The job selects exactly two of the three buckets.
	job, err := jobscope.Load(strings.NewReader(jobJSON), jobscope.Limits{}, jobscope.Options{})
	if err != nil {
		t.Fatal(err)
	}
	describe, err := describeBuckets(bs)
	if err != nil {
		t.Fatal(err)
	}
	d, err := newDecider(job, describe)
	if err != nil {
		t.Fatal(err)
	}
	var selected []string
	for _, b := range bs {
		if d.buckets[b.Name].Match {
			selected = append(selected, b.Name)
		}
	}
	if want := []string{"acme-analytics-data", "acme-finance-docs"}; !slices.Equal(selected, want) {
		t.Errorf("the job selects %v, want %v", selected, want)
	}
}

// TestDemoInventoryDecodes reads the checked-in S3 Inventory reports back,
// independently of the inventory package (manifest, gzip CSV, keys
// URL-encoded with "+" for space), and expects exactly the generated
// objects; and the tag sidecar has exactly the tagged ones.
func TestDemoInventoryDecodes(t *testing.T) {
	bs := buildBuckets()
	root := filepath.Join(demoDir, inventoryDir)
	var tagged []map[string]any
	for _, b := range bs {
		matches, err := filepath.Glob(filepath.Join(root, inventoryPrefix, b.Name, inventoryConfig, "*", "manifest.json"))
		if err != nil || len(matches) != 1 {
			t.Fatalf("%s: manifests %v, %v", b.Name, matches, err)
		}
		data, err := os.ReadFile(matches[0])
		if err != nil {
			t.Fatal(err)
		}
		var m struct {
			SourceBucket string `json:"sourceBucket"`
			FileFormat   string `json:"fileFormat"`
			FileSchema   string `json:"fileSchema"`
			Files        []struct {
				Key string `json:"key"`
			} `json:"files"`
		}
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatal(err)
		}
		if m.SourceBucket != b.Name || m.FileFormat != "CSV" || len(m.Files) != b.Files {
			t.Fatalf("%s: manifest source %q, format %q, %d files; want %d files", b.Name, m.SourceBucket, m.FileFormat, len(m.Files), b.Files)
		}
		schema := strings.Split(m.FileSchema, ", ")
		var got []scope.Object
		for _, f := range m.Files {
			got = append(got, readCSV(t, filepath.Join(root, filepath.FromSlash(f.Key)), schema)...)
		}
		if len(got) != len(b.Objects) {
			t.Fatalf("%s: %d rows, want %d", b.Name, len(got), len(b.Objects))
		}
		for i := range got {
			want := b.Objects[i]
			want.Tags = nil
			if g := got[i]; g.Bucket != want.Bucket || g.Key != want.Key || g.VersionID != want.VersionID || g.Noncurrent != want.Noncurrent ||
				g.IsDeleteMarker != want.IsDeleteMarker || g.Size != want.Size || !g.LastModified.Equal(want.LastModified) ||
				g.StorageClass != want.StorageClass || g.EncryptionStatus != want.EncryptionStatus {
				t.Fatalf("%s row %d:\n got %+v\nwant %+v", b.Name, i+1, g, want)
			}
		}
		for _, o := range b.Objects {
			if len(o.Tags) > 0 {
				tagged = append(tagged, map[string]any{"bucket": o.Bucket, "key": o.Key, "versionId": o.VersionID, "tags": o.Tags})
			}
		}
	}
	data, err := os.ReadFile(filepath.Join(demoDir, tagsFile))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	if len(lines) != len(tagged) {
		t.Fatalf("%s: %d lines, want %d", tagsFile, len(lines), len(tagged))
	}
	for i, line := range lines {
		var l struct {
			Bucket    string            `json:"bucket"`
			Key       string            `json:"key"`
			VersionID string            `json:"versionId"`
			Tags      map[string]string `json:"tags"`
		}
		if err := json.Unmarshal([]byte(line), &l); err != nil {
			t.Fatalf("%s:%d: %v", tagsFile, i+1, err)
		}
		w := tagged[i]
		if l.Bucket != w["bucket"] || l.Key != w["key"] || l.VersionID != w["versionId"] || len(l.Tags) != len(w["tags"].(map[string]string)) {
			t.Fatalf("%s:%d: %s, want %v", tagsFile, i+1, line, w)
		}
	}
}

func readCSV(t *testing.T, path string, schema []string) []scope.Object {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(zr)
	r.FieldsPerRecord = len(schema)
	var out []scope.Object
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		var o scope.Object
		for i, c := range schema {
			v := rec[i]
			switch c {
			case "Bucket":
				o.Bucket = v
			case "Key":
				if o.Key, err = url.QueryUnescape(v); err != nil {
					t.Fatalf("%s: key %q: %v", path, v, err)
				}
			case "VersionId":
				o.VersionID = v
			case "IsLatest":
				o.Noncurrent = v == "false"
			case "IsDeleteMarker":
				o.IsDeleteMarker = v == "true"
			case "Size":
				if v != "" {
					o.Size, err = strconv.ParseInt(v, 10, 64)
				}
			case "LastModifiedDate":
				o.LastModified, err = time.Parse(time.RFC3339, v)
			case "StorageClass":
				o.StorageClass = scope.StorageClass(v)
			case "EncryptionStatus":
				o.EncryptionStatus = scope.EncryptionStatus(v)
			}
			if err != nil {
				t.Fatalf("%s: %s %q: %v", path, c, v, err)
			}
		}
		out = append(out, o)
	}
}

// TestTeamJobs checks the buckets each team job selects: together with the
// demo job they leave acme-app-logs uncovered.
func TestTeamJobs(t *testing.T) {
	describe, err := describeBuckets(buildBuckets())
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"finance-daily-documents.json":     {"acme-finance-docs"},
		"finance-drafts-one-time.json":     {"acme-finance-docs"},
		"data-weekly-shared.json":          {"acme-analytics-data"},
		"data-monthly-sandbox-sample.json": {"acme-analytics-data"},
	}
	oneTime := 0
	for _, tj := range teamJobs {
		job, err := jobscope.Load(strings.NewReader(tj.json), jobscope.Limits{}, jobscope.Options{})
		if err != nil {
			t.Fatalf("%s: %v", tj.file, err)
		}
		if job.JobType == jobscope.OneTime {
			oneTime++
		}
		d, err := newDecider(job, describe)
		if err != nil {
			t.Fatal(err)
		}
		var selected []string
		for _, name := range []string{"acme-analytics-data", "acme-app-logs", "acme-finance-docs"} {
			if d.buckets[name].Match {
				selected = append(selected, name)
			}
		}
		if !slices.Equal(selected, want[tj.file]) {
			t.Errorf("%s selects %v, want %v", tj.file, selected, want[tj.file])
		}
	}
	if oneTime != 1 {
		t.Errorf("%d ONE_TIME team jobs, want 1", oneTime)
	}
}
