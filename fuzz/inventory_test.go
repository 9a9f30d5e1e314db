package fuzz

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
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
			for _, opts := range []criteria.Options{{}, {BlockOptions: criteria.BlockOptions{ExcludeJoin: criteria.JoinOR}, BucketTagEmptyValue: criteria.TagPair}} {
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

// The FuzzObjectSource name choices.
const (
	nameJSON uint8 = iota
	nameJSONL
	nameCSV
	nameCSVGz
	nameManifest
)

func gz(t *testing.T, data []byte) []byte {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write(data)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func sourceSeeds(t *testing.T) map[string][]any {
	seeds := map[string][]any{}
	// The demo's data files: their first rows, plain and compressed; and
	// its manifests.
	manifests, _ := filepath.Glob("../examples/demo/inventory/*/*/*/manifest.json")
	for _, m := range manifests {
		bucket := strings.Split(strings.TrimPrefix(m, "../examples/demo/inventory/"), "/")[0]
		seeds["demo-manifest-"+bucket] = []any{testfile.Read(t, m), nameManifest, uint8(0)}
		data, _ := filepath.Glob(filepath.Join(filepath.Dir(filepath.Dir(m)), "data", "*.csv.gz"))
		fh, err := os.Open(data[0])
		if err != nil {
			t.Fatal(err)
		}
		zr, err := gzip.NewReader(fh)
		if err != nil {
			t.Fatal(err)
		}
		var rows bytes.Buffer
		br := bufio.NewReader(zr)
		for range 8 {
			line, err := br.ReadBytes('\n')
			rows.Write(line)
			if err != nil {
				break
			}
		}
		fh.Close()
		// The demo's fileSchema has ETag, StorageClass, EncryptionStatus.
		header := "Bucket,Key,Size,LastModifiedDate,ETag,StorageClass,EncryptionStatus\n"
		seeds["demo-csv-"+bucket] = []any{append([]byte(header), rows.Bytes()...), nameCSV, uint8(0)}
		seeds["demo-csv-gz-"+bucket] = []any{gz(t, append([]byte(header), rows.Bytes()...)), nameCSVGz, uint8(0)}
	}
	// CSV rows of the list, under the four-column schema.
	rows := `"b","k1","10","2024-01-01T00:00:00.000Z"` + "\n" + `"b","k2","20","2024-01-01T00:00:00.000Z"` + "\n"
	two := gz(t, []byte(rows))
	for name, data := range map[string][]byte{
		"csv-gzip-truncated":      two[:len(two)-9],
		"csv-gzip-concatenated":   append(append([]byte(nil), two...), two...),
		"csv-gzip-corrupt":        append(append([]byte(nil), two[:12]...), bytes.Repeat([]byte{0xff}, 20)...),
		"csv-fields-few-and-many": []byte(`"b","k1","10"` + "\n" + `"b","k2","20","2024-01-01T00:00:00.000Z","x"` + "\n" + rows),
		"csv-unterminated-quote":  []byte(`"b","k1,"10","2024-01-01T00:00:00.000Z"` + "\n" + `"b","k""2","1","2024-01-01T00:00:00.000Z"` + "\n" + `"b","k3` + "\n"),
		"csv-keys-utf8-nul":       []byte(`"b","k\xff1","1","2024-01-01T00:00:00.000Z"` + "\n" + `"b","k%FF2","1","2024-01-01T00:00:00.000Z"` + "\n" + "\"b\",\"k\x003\",\"1\",\"2024-01-01T00:00:00.000Z\"\n" + `"b","k%003+4","1","2024-01-01T00:00:00.000Z"` + "\n"),
		"csv-sizes":               []byte(`"b","k1","-1","2024-01-01T00:00:00.000Z"` + "\n" + `"b","k2","9223372036854775808","2024-01-01T00:00:00.000Z"` + "\n" + `"b","k3","9223372036854775807","2024-01-01T00:00:00.000Z"` + "\n" + `"b","k4","","2024-01-01T00:00:00.000Z"` + "\n"),
		"csv-dates":               []byte(`"b","k1","1","1969-12-31T23:59:59.999Z"` + "\n" + `"b","k2","1","0000-01-01T00:00:00.000Z"` + "\n" + `"b","k3","1","10000-01-01T00:00:00.000Z"` + "\n" + `"b","k4","1","2024-02-30T00:00:00.000Z"` + "\n" + `"b","k5","1","2024-01-01T00:00:00+14:00"` + "\n"),
		"csv-long-key":            []byte(`"b","` + strings.Repeat("k", 1025) + `","1","2024-01-01T00:00:00.000Z"` + "\r\n\r\n" + `"b","` + strings.Repeat("%41", 1024) + `","1","2024-01-01T00:00:00.000Z"`),
	} {
		n := nameCSV
		if data[0] == 0x1f {
			n = nameCSVGz
		}
		seeds[name] = []any{data, n, uint8(1)}
	}
	seeds["csv-header-versions"] = []any{[]byte("Bucket,Key,VersionId,IsLatest,IsDeleteMarker,Size,LastModifiedDate\n" +
		`"b","k","v1","true","false","1","2024-01-01T00:00:00.000Z"` + "\n" + `"b","k","v0","false","true","","2023-01-01T00:00:00.000Z"` + "\n" + `"b","k","v","maybe","false","1","2024-01-01T00:00:00.000Z"` + "\n"), nameCSV, uint8(0)}
	// Listings.
	for name, data := range map[string]string{
		"list-v2":               `{"Contents": [{"Key": "a/b.pdf", "LastModified": "2024-01-01T00:00:00+00:00", "ETag": "\"x\"", "Size": 10, "StorageClass": "STANDARD"}], "Name": "b", "KeyCount": 1}`,
		"list-v2-url":           `{"Name": "b", "EncodingType": "url", "Contents": [{"Key": "a%2Fb+c.pdf", "LastModified": "2024-01-01T00:00:00Z", "Size": 1}, {"Key": "%ZZ", "LastModified": "2024-01-01T00:00:00Z", "Size": 1}]}`,
		"list-v2-pages":         "{\"Contents\": [{\"Key\": \"a\", \"LastModified\": \"2024-01-01T00:00:00Z\", \"Size\": 1}]}\n{\"Contents\": [{\"Key\": \"b\", \"LastModified\": \"2024-01-01T00:00:00Z\", \"Size\": 2}], \"Contents\": null}\n",
		"list-versions":         `{"Name": "b", "Versions": [{"Key": "k", "VersionId": "v2", "IsLatest": true, "LastModified": "2024-01-02T00:00:00Z", "Size": 5, "StorageClass": "GLACIER"}, {"Key": "k", "VersionId": "null", "IsLatest": false, "LastModified": "2024-01-01T00:00:00Z", "Size": 4}], "DeleteMarkers": [{"Key": "d", "VersionId": "v9", "IsLatest": true, "LastModified": "2024-01-03T00:00:00Z"}]}`,
		"list-hostile":          "{\"Name\": \"b\", \"Contents\": [{\"Key\": \"a\xffb\", \"Size\": 1, \"LastModified\": \"2024-01-01T00:00:00Z\"}, {\"Key\": \"n\\u0000ul\", \"Size\": -1, \"LastModified\": \"1969-01-01T00:00:00Z\"}, {\"Key\": \"big\", \"Size\": 1e30, \"LastModified\": \"10000-01-01T00:00:00Z\"}, {\"Key\": \"x\", \"Key\": \"y\", \"Size\": 9223372036854775807, \"LastModified\": \"2024-01-01T00:00:00Z\"}]}",
		"list-deep":             `{"Name": "b", "Owner": ` + strings.Repeat(`{"a": [`, 200) + strings.Repeat(`]}`, 200) + `, "Contents": []}`,
		"list-truncated":        `{"Name": "b", "Contents": [{"Key": "a", "Size": 1, "LastModified": "2024-01-01T00:00:00Z"}, {"Key": "b`,
		"list-mixed":            `{"Name": "b", "Contents": []}{"Name": "b", "Versions": []}`,
		"list-bucket-mismatch":  `{"Name": "other", "Contents": []}`,
		"jsonl-sniffed":         `{"bucket": "b", "key": "k", "size": 1, "lastModified": "2024-01-01T00:00:00Z"}`,
		"manifest-bad-and-safe": `{"sourceBucket": "b", "fileFormat": "CSV", "fileSchema": "Key, Size", "files": [{"key": "../../etc/passwd"}, {"key": "/etc/passwd"}, {"key": "etc/passwd"}, {"key": "data/missing.csv.gz", "size": 10, "MD5checksum": "0123456789abcdef0123456789abcdef"}]}`,
		"manifest-parquet-orc":  `{"sourceBucket": "b", "fileFormat": "Parquet", "fileSchema": "Bucket, Key", "files": [{"key": "data/x.parquet"}]}`,
	} {
		n := nameJSON
		if strings.HasPrefix(name, "manifest") {
			n = nameManifest
		}
		seeds[name] = []any{[]byte(data), n, uint8(0)}
	}
	// JSONL: the objects of the conformance cases.
	var jsonl bytes.Buffer
	for _, file := range []string{"object-scoping.jsonl", "eligibility.jsonl"} {
		for _, c := range conformanceCases(t, file) {
			for _, o := range slices.Concat([]json.RawMessage{c.Object}, c.Objects, c.Versions) {
				if len(o) > 0 {
					jsonl.Write(o)
					jsonl.WriteByte('\n')
				}
			}
		}
	}
	seeds["bom-list"] = []any{[]byte("\xef\xbb\xbf{\"Name\": \"b\", \"Contents\": [{\"Key\": \"k\", \"Size\": 1, \"LastModified\": \"2024-01-01T00:00:00Z\"}]}"), nameJSON, uint8(0)}
	seeds["bom-csv-header"] = []any{[]byte("\xef\xbb\xbfBucket,Key,Size,LastModifiedDate\n" + rows), nameCSV, uint8(0)}
	seeds["bom-csv-gz"] = []any{gz(t, []byte("\xef\xbb\xbf"+rows)), nameCSVGz, uint8(1)}
	seeds["jsonl-conformance-objects"] = []any{jsonl.Bytes(), nameJSONL, uint8(0)}
	seeds["jsonl-example-object"] = []any{bytes.ReplaceAll(testfile.Read(t, "../examples/data/object.json"), []byte("\n"), nil), nameJSONL, uint8(0)}
	seeds["jsonl-hostile"] = []any{[]byte("{\"bucket\":\"b\",\"key\":\"k\xff1\",\"size\":1,\"lastModified\":\"2024-01-01T00:00:00Z\"}\n" +
		`{"bucket":"b","key":"k\u00002","size":1,"lastModified":"2024-01-01T00:00:00Z"}` + "\n\n" +
		`{"bucket":"b","key":"","size":1,"lastModified":"2024-01-01T00:00:00Z"}` + "\n" +
		`{"bucket":"","key":"x","size":-1,"lastModified":"0000-01-01T00:00:00Z"}` + "\n" +
		`{"bucket":"b","key":"x","size":1,"lastModified":"2024-01-01T00:00:00Z","bucket":"c"}` + "\n" +
		`{"bucket":"b","key":"x","isDeleteMarker":true,"lastModified":"2024-01-01T00:00:00Z","extra":1}` + "\n" +
		`[1,2]` + "\n" + `{"bucket":"b","key":"x","size":1e3,"lastModified":"2024-01-01T00:00:00Z","tags":{"a":1}}`), nameJSONL, uint8(0)}
	return seeds
}

func bucketSeeds(t *testing.T) map[string][]any {
	seeds := map[string][]any{
		"example-describe-buckets": {testfile.Read(t, "../examples/data/describe-buckets.json")},
		"demo-buckets":             {testfile.Read(t, "../examples/demo/buckets.json")},
		"hostile-enums":            {[]byte(`{"buckets": [{"bucketName": "b", "accountId": "111122223333", "sharedAccess": "WEIRD", "publicAccess": {"effectivePermission": "MAYBE"}}, {"bucketName": "c", "sharedAccess": "EXTERNAL", "tags": [{"key": "env", "value": "prod"}]}]}`)},
		"hostile-duplicates":       {[]byte(`{"buckets": [{"bucketName": "b"}, {"bucketName": "b"}, {"accountId": "1"}, {"bucketName": 3}, [], null], "nextToken": "x"}`)},
		"hostile-types":            {[]byte(`[{"bucketName": "b", "tags": {"k": "v"}, "publicAccess": "PUBLIC", "errorCode": "BUCKET_COUNT_EXCEEDS_QUOTA"}]`)},
		"hostile-deep":             {[]byte(`{"buckets": [{"bucketName": "b", "x": ` + strings.Repeat("[", 10001) + strings.Repeat("]", 10001) + `}]}`)},
		"hostile-truncated":        {[]byte(`{"buckets": [{"bucketName": "b"}, {"bucketN`)},
		"hostile-no-buckets":       {[]byte(`{"nextToken": "x"}`)},
		"bom":                      {[]byte("\xef\xbb\xbf" + `{"buckets": [{"bucketName": "b"}]}`)},
	}
	var all []json.RawMessage
	for _, c := range conformanceCases(t, "bucket-criteria.jsonl") {
		if len(c.Bucket) > 0 {
			all = append(all, c.Bucket)
		}
	}
	data, _ := json.Marshal(map[string]any{"buckets": all})
	seeds["conformance-buckets"] = []any{data}
	return seeds
}

func tagSeeds(t *testing.T) map[string][]any {
	fh, err := os.Open("../examples/demo/tags.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	head, _ := io.ReadAll(io.LimitReader(fh, 4096))
	head = head[:bytes.LastIndexByte(head, '\n')+1]
	return map[string][]any{
		"demo-tags": {head},
		"bom":       {[]byte("\xef\xbb\xbf" + `{"bucket": "b", "key": "k", "tags": {"a": "b"}}`)},
		"hostile": {[]byte(`{"bucket": "b", "key": "k", "tags": {}}` + "\n" + `{"bucket": "b", "key": "k", "tags": {"a": "b"}}` + "\n\n" +
			`{"bucket": "b", "key": "k", "versionId": "v", "tags": {"a": 1}}` + "\n" + `{"bucket": "b"}` + "\n" + `[]` + "\n" +
			"{\"bucket\": \"b\", \"key\": \"k\xff\", \"tags\": {}}\n" + `{"bucket": "b", "key": "k", "tags": {}, "extra": true} {}` + "\n" + `{"bucket": "b", "key": "k", "ta`)},
	}
}
