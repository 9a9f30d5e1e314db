package inventory_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/jobscope/jobscope/criteria"
	"github.com/jobscope/jobscope/internal/testfile"
	"github.com/jobscope/jobscope/inventory"
	"github.com/jobscope/jobscope/scope"
)

func TestJSONL(t *testing.T) {
	data := `{"bucket": "b", "key": "a.txt", "size": 3, "lastModified": "2024-01-02T03:04:05Z", "storageClass": "STANDARD", "encryptionStatus": "SSE-S3", "tags": {"Project": "X"}}

   {"bucket": "b", "key": "v", "versionId": "v1", "isLatest": false, "isDeleteMarker": true, "lastModified": "2024-01-02T03:04:05+02:00"}
{"bucket": "b", "key": "no size", "lastModified": "2024-01-02T03:04:05Z"}
{"bucket": "b", "key": "k", "size": 1, "lastModified": "2024-01-02T03:04:05Z", "colour": "red"}
{"bucket": "b", "key": "k", "size": 1, "lastModified": "2024-01-02T03:04:05Z"} {"and": "more"}
not json
{"bucket": "b", "key": "last", "size": 0, "lastModified": "2024-01-02T03:04:05Z"}`
	dir := t.TempDir()
	for _, name := range []string{"objects.jsonl", "objects.txt", "objects.jsonl.gz", "objects.gz"} {
		content := []byte(data)
		if strings.HasSuffix(name, ".gz") {
			content = gz(content)
		}
		p := testfile.Write(t, dir, name, content)
		src := open(t, p, inventory.Options{})
		if src.Format != inventory.FormatJSONL || !src.Columns.Has(inventory.ColTags|inventory.ColEncryptionStatus|inventory.ColVersionID) {
			t.Errorf("format %s, columns %s", src.Format, src.Columns)
		}
		want := []row{
			{Obj: &scope.Object{Bucket: "b", Key: "a.txt", Size: 3, LastModified: at("2024-01-02T03:04:05Z"), StorageClass: scope.Standard,
				EncryptionStatus: scope.SSES3, Tags: map[string]string{"Project": "X"}}, Pos: p + ":1"},
			{Obj: &scope.Object{Bucket: "b", Key: "v", VersionID: "v1", Noncurrent: true, IsDeleteMarker: true, LastModified: at("2024-01-02T01:04:05Z")}, Pos: p + ":3"},
			{Err: p + ":4: size: required unless the object is a delete marker"},
			{Err: p + `:5: unknown field "colour"`},
			{Err: p + ":6: invalid character '{' after top-level value"},
			{Err: p + ":7: invalid character 'o' in literal null (expecting 'u')"},
			{Obj: &scope.Object{Bucket: "b", Key: "last", LastModified: at("2024-01-02T03:04:05Z")}, Pos: p + ":8"},
		}
		if diff := cmp.Diff(want, readSource(t, src).Rows); diff != "" {
			t.Errorf("%s: rows (-want +got):\n%s", name, diff)
		}
	}
}

func TestReadTags(t *testing.T) {
	data := `{"bucket": "b", "key": "k", "tags": {"env": "prod", "empty": ""}}
{"bucket": "b", "key": "k", "versionId": "v1", "tags": {"env": "old"}}
{"bucket": "b", "key": "none", "versionId": "v9", "tags": {}}

{"bucket": "b2", "key": "k", "tags": {"x": "y"}}
`
	tags, err := inventory.ReadTags(context.Background(), strings.NewReader(data), "tags.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		bucket, key, version string
		want                 map[string]string
	}{
		{"b", "k", "", map[string]string{"env": "prod", "empty": ""}},
		{"b", "k", "v1", map[string]string{"env": "old"}},
		{"b", "k", "v2", map[string]string{"env": "prod", "empty": ""}},
		{"b", "none", "v9", map[string]string{}},
		{"b", "none", "", nil},
		{"b2", "k", "v1", map[string]string{"x": "y"}},
		{"b3", "k", "", nil},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, tags.Lookup(tt.bucket, tt.key, tt.version)); diff != "" {
			t.Errorf("Lookup(%s, %s, %s) (-want +got):\n%s", tt.bucket, tt.key, tt.version, diff)
		}
	}
	var none *inventory.Tags
	if none.Lookup("b", "k", "") != nil {
		t.Error("a nil *Tags has tags")
	}

	bad := `{"bucket": "b", "key": "k", "tags": {"a": "1"}}
{"bucket": "b", "key": "k", "tags": {"a": "2"}}
{"bucket": "b", "tags": {}}
{"bucket": "b", "key": "k2", "tags": {"a": 1}}
{"bucket": "b", "key": "k3", "tags": {}, "owner": "me"}
{"bucket": "b", "key": "k4"}
[1]
{"bucket": "b", "key": "k5", "tags": {}} x
`
	_, err = inventory.ReadTags(context.Background(), strings.NewReader(bad), "t.jsonl")
	got := errorTexts(t, err)
	want := []string{
		`t.jsonl:2: a second entry for bucket "b", key "k", version "" (the first is on line 1)`,
		"t.jsonl:3: key: required",
		"t.jsonl:4: tags: a JSON number where a string belongs",
		`t.jsonl:5: unknown field "owner"`,
		"t.jsonl:6: tags: required",
		"t.jsonl:7: a JSON object is needed, not a JSON array",
		"t.jsonl:8: more than one JSON value on the line",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
}

func TestReadBuckets(t *testing.T) {
	data := `{
  "buckets": [
    {
      "accountId": "111122223333",
      "bucketArn": "arn:aws:s3:::logs",
      "bucketName": "logs",
      "objectCount": 12,
      "publicAccess": {"effectivePermission": "NOT_PUBLIC", "permissionConfiguration": {}},
      "sharedAccess": "INTERNAL",
      "tags": [{"key": "env", "value": "prod"}],
      "unclassifiableObjectCount": {"fileType": 1}
    },
    {"accountId": "111122223333", "bucketName": "quota", "errorCode": "BUCKET_COUNT_EXCEEDS_QUOTA"}
  ],
  "nextToken": "abc"
}`
	got, err := inventory.ReadBuckets(context.Background(), strings.NewReader(data), "b.json")
	if err != nil {
		t.Fatal(err)
	}
	want := []criteria.BucketMetadata{
		{AccountID: "111122223333", BucketName: "logs", PublicAccess: &criteria.BucketPublicAccess{EffectivePermission: criteria.NotPublic},
			SharedAccess: criteria.Internal, Tags: []criteria.KeyValuePair{{Key: "env", Value: "prod"}}},
		{AccountID: "111122223333", BucketName: "quota", ErrorCode: criteria.ErrorCodeBucketCountExceedsQuota},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// A bare array.
	if got, err := inventory.ReadBuckets(context.Background(), strings.NewReader(`[{"bucketName": "a"}]`), "a.json"); err != nil || len(got) != 1 {
		t.Errorf("bare array: %v, %v", got, err)
	}

	bad := `{"buckets": [
  {"bucketName": "a", "sharedAccess": "SHARED"},
  {"bucketName": "b",
   "publicAccess": {
     "effectivePermission": "MAYBE"}},
  {"accountId": "1"},
  {"bucketName": "a"},
  {"bucketName": "c", "tags": "env=prod"},
  "d"
]}`
	_, err = inventory.ReadBuckets(context.Background(), strings.NewReader(bad), "bad.json")
	gotErrs := errorTexts(t, err)
	wantErrs := []string{
		`bad.json:2: buckets[0].sharedAccess: "SHARED" is not one of EXTERNAL, INTERNAL, NOT_SHARED, UNKNOWN`,
		`bad.json:5: buckets[1].publicAccess.effectivePermission: "MAYBE" is not one of PUBLIC, NOT_PUBLIC, UNKNOWN`,
		"bad.json:6: buckets[2].bucketName: required",
		`bad.json:7: buckets[3].bucketName: "a" is also buckets[0]`,
		"bad.json:8: buckets[4].tags: a JSON string where a []criteria.KeyValuePair belongs",
		"bad.json:9: buckets[5]: an object is needed, not a JSON string",
	}
	if diff := cmp.Diff(wantErrs, gotErrs); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
	for _, tt := range []struct{ json, want string }{
		{`{"nextToken": "x"}`, `no "buckets" member`},
		{`{"buckets": {}}`, "buckets: an array is needed"},
		{`"x"`, "a JSON object or array is needed"},
		{`{"buckets": [`, "ends early"},
		{`{"buckets": [}`, "invalid character"},
	} {
		if _, err := inventory.ReadBuckets(context.Background(), strings.NewReader(tt.json), "x.json"); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want %q", tt.json, err, tt.want)
		}
	}
}

// TestGzipJSONTruncated reads gzip-compressed JSON inputs cut short, in
// the middle or only in the gzip trailer: the rows before the cut are
// read, and the file ends with a file error that says the data ends early
// (a list output, read whole when opened, fails to open with it).
func TestGzipJSONTruncated(t *testing.T) {
	var lines strings.Builder
	for i := range 2000 {
		fmt.Fprintf(&lines, `{"bucket": "b", "key": "k%d", "size": 1, "lastModified": "2024-01-02T03:04:05Z"}`+"\n", i)
	}
	list := `{"Name": "b", "Contents": [` + strings.Repeat(`{"Key": "k", "LastModified": "2024-01-02T03:04:05Z", "Size": 1},`, 2000) +
		`{"Key": "k", "LastModified": "2024-01-02T03:04:05Z", "Size": 1}]}`
	for _, tc := range []struct{ name, data, cut string }{
		{"objects.jsonl.gz", lines.String(), "half"},
		{"list.json.gz", list, "half"},
		{"objects.jsonl.gz", lines.String(), "trailer"},
		{"list.json.gz", list, "trailer"},
	} {
		name := tc.name
		z := gz([]byte(tc.data))
		z = z[:len(z)/2]
		if tc.cut == "trailer" { // the text whole, the CRC and size cut off
			z = gz([]byte(tc.data))
			z = z[:len(z)-4]
		}
		p := testfile.Write(t, t.TempDir(), name, z)
		src, err := inventory.Open(context.Background(), p, inventory.Options{})
		if err != nil {
			// A list output is read whole when opened.
			if !strings.HasPrefix(name, "list") || !strings.Contains(err.Error(), "ends early") {
				t.Errorf("%s cut at its %s: Open: %v", name, tc.cut, err)
			}
			continue
		}
		res := readSource(t, src)
		if len(res.Rows) == 0 || res.Rows[0].Obj == nil {
			t.Fatalf("%s: rows %v", name, res.Rows)
		}
		last := res.Rows[len(res.Rows)-1]
		if last.Obj != nil || !strings.Contains(last.Err, "ends early") {
			t.Errorf("%s cut at its %s: last row %+v, want an error that the data ends early", name, tc.cut, last)
		}
	}
}

// TestGzipManifest opens a report by its manifest gzip-compressed beside
// the original: the same data files.
func TestGzipManifest(t *testing.T) {
	dir := t.TempDir()
	p := writeReport(t, dir, []scope.Object{{Bucket: "source-bucket", Key: "a", Size: 1, LastModified: at("2024-01-02T03:04:05Z")}})
	data := testfile.Read(t, p)
	zp := testfile.Write(t, filepath.Dir(p), "manifest.json.gz", gz(data))
	want, got := open(t, p, inventory.Options{}), open(t, zp, inventory.Options{})
	if got.Manifest == nil || len(got.Files) != len(want.Files) || got.Files[0].Name() != want.Files[0].Name() {
		t.Errorf("gzip manifest: %+v, want the files of %+v", got, want)
	}
	if n := len(readSource(t, got).Rows); n != 1 {
		t.Errorf("%d rows", n)
	}
}

// TestGzipJSONLByName opens a .jsonl.gz file as JSONL whatever it holds:
// an empty stream has no rows, a corrupt one ends with a file error.
func TestGzipJSONLByName(t *testing.T) {
	dir := t.TempDir()
	empty := open(t, testfile.Write(t, dir, "empty.jsonl.gz", gz(nil)), inventory.Options{})
	if empty.Format != inventory.FormatJSONL || len(readSource(t, empty).Rows) != 0 {
		t.Errorf("empty: format %s, rows %v", empty.Format, readSource(t, empty).Rows)
	}
	corrupt := open(t, testfile.Write(t, dir, "corrupt.jsonl.gz", []byte("\x1f\x8bnot gzip at all")), inventory.Options{})
	rows := readSource(t, corrupt).Rows
	if corrupt.Format != inventory.FormatJSONL || len(rows) != 1 || rows[0].Obj != nil || !strings.Contains(rows[0].Err, "corrupt data") {
		t.Errorf("corrupt: format %s, rows %+v", corrupt.Format, rows)
	}
}
