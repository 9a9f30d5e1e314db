package inventory_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/jobscope/jobscope/internal/testfile"
	"github.com/jobscope/jobscope/inventory"
	"github.com/jobscope/jobscope/scope"
)

// As aws s3api list-objects-v2 writes it when it paginates: no Name,
// members the reader does not use.
const listV2 = `{
    "Contents": [
        {
            "Key": "docs/a b.pdf",
            "LastModified": "2024-01-02T03:04:05+00:00",
            "ETag": "\"d41d8cd98f00b204e9800998ecf8427e\"",
            "ChecksumAlgorithm": [
                "CRC32"
            ],
            "Size": 1024,
            "StorageClass": "STANDARD",
            "Owner": {"DisplayName": "me", "ID": "abc"},
            "RestoreStatus": {"IsRestoreInProgress": false}
        },
        {
            "Key": "glacier/x+y.zip",
            "LastModified": "2024-01-02T03:04:05.123Z",
            "Size": 0,
            "StorageClass": "GLACIER"
        },
        {"Key": "bad", "LastModified": "nope", "Size": 1},
        {"Key": "worse", "LastModified": "2024-01-02T03:04:05Z", "Size": "1"},
        {"LastModified": "2024-01-02T03:04:05Z", "Size": 1},
        {"Key": "last", "LastModified": "2024-01-02T03:04:05Z", "Size": 7, "StorageClass": "SOMETHING_NEW"}
    ],
    "RequestCharged": null,
    "Prefix": ""
}
`

func TestListObjectsV2(t *testing.T) {
	for _, name := range []string{"list.json", "list.json.gz"} {
		t.Run(name, func(t *testing.T) { testListObjectsV2(t, name) })
	}
}

func testListObjectsV2(t *testing.T, name string) {
	dir := t.TempDir()
	data := []byte(listV2)
	if strings.HasSuffix(name, ".gz") {
		data = gz(data)
	}
	p := testfile.Write(t, dir, name, data)
	if _, err := inventory.Open(context.Background(), p, inventory.Options{}); err == nil || !strings.Contains(err.Error(), "does not name its bucket") {
		t.Errorf("Open without a bucket: %v", err)
	}
	src := open(t, p, inventory.Options{Bucket: "b"})
	if src.Format != inventory.FormatListObjectsV2 || src.Columns.Has(inventory.ColVersionID) || src.Columns.Has(inventory.ColEncryptionStatus) ||
		!src.Columns.Has(inventory.ColSize|inventory.ColLastModified|inventory.ColStorageClass) || src.Columns.Has(inventory.ColIsLatest) {
		t.Errorf("format %s, columns %s", src.Format, src.Columns)
	}
	res := readSource(t, src)
	want := []row{
		{Obj: &scope.Object{Bucket: "b", Key: "docs/a b.pdf", Size: 1024, LastModified: at("2024-01-02T03:04:05Z"), StorageClass: scope.Standard}, Pos: p + ":3"},
		{Obj: &scope.Object{Bucket: "b", Key: "glacier/x+y.zip", LastModified: at("2024-01-02T03:04:05.123Z"), StorageClass: scope.Glacier}, Pos: p + ":15"},
		{Err: p + `:21: LastModified: "nope" is not an RFC 3339 date and time like 2024-01-02T03:04:05.000Z`},
		{Err: p + ":22: Size: a JSON string where a int64 belongs"},
		{Err: p + ":23: Key: required"},
		{Obj: &scope.Object{Bucket: "b", Key: "last", Size: 7, LastModified: at("2024-01-02T03:04:05Z"), StorageClass: "SOMETHING_NEW"}, Pos: p + ":24"},
	}
	if diff := cmp.Diff(want, res.Rows); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
	// With Name, and several pages one after the other.
	named := testfile.Write(t, dir, "named.json", []byte(`{"Contents": [{"Key": "k1", "LastModified": "2024-01-02T03:04:05Z", "Size": 1}], "Name": "b1"}
{"Name": "b1", "EncodingType": "url", "Contents": [{"Key": "a+b%2Bc%2Fd", "LastModified": "2024-01-02T03:04:05Z", "Size": 2}], "KeyCount": 1}`))
	if _, err := inventory.Open(context.Background(), named, inventory.Options{Bucket: "other"}); err == nil || !strings.Contains(err.Error(), `lists bucket "b1", not "other"`) {
		t.Errorf("Open with another bucket: %v", err)
	}
	got := readSource(t, open(t, named, inventory.Options{Bucket: "b1"})).objects()
	wantObjs := []scope.Object{
		{Bucket: "b1", Key: "k1", Size: 1, LastModified: at("2024-01-02T03:04:05Z")},
		{Bucket: "b1", Key: "a b+c/d", Size: 2, LastModified: at("2024-01-02T03:04:05Z")},
	}
	if diff := cmp.Diff(wantObjs, got); diff != "" {
		t.Errorf("pages (-want +got):\n%s", diff)
	}
	// A URL-encoded key whose bytes are not UTF-8 once decoded.
	bad := testfile.Write(t, dir, "bad.json", []byte(`{"Name": "b", "EncodingType": "url", "Contents": [{"Key": "%80", "LastModified": "2024-01-02T03:04:05Z", "Size": 1}]}`))
	if rows := readSource(t, open(t, bad, inventory.Options{})).Rows; len(rows) != 1 || rows[0].Obj != nil || !strings.Contains(rows[0].Err, "Key: not valid UTF-8 once URL-decoded") {
		t.Errorf("a key not UTF-8 once decoded: %+v", rows)
	}
	// An empty listing.
	empty := testfile.Write(t, dir, "empty.json", []byte(`{"RequestCharged": null, "Prefix": "", "Name": "b"}`))
	if src := open(t, empty, inventory.Options{}); src.Format != inventory.FormatListObjectsV2 || len(readSource(t, src).Rows) != 0 {
		t.Errorf("empty listing: %+v", src)
	}
}

const listVersions = `{
    "Versions": [
        {"ETag": "\"e\"", "Size": 10, "StorageClass": "STANDARD", "Key": "doc.pdf", "VersionId": "v2", "IsLatest": false,
         "LastModified": "2024-02-01T00:00:00+00:00", "Owner": {"ID": "x"}},
        {"Size": 5, "StorageClass": "STANDARD_IA", "Key": "other", "VersionId": "null", "IsLatest": true,
         "LastModified": "2024-01-01T00:00:00+00:00"}
    ],
    "DeleteMarkers": [
        {"Owner": {"ID": "x"}, "Key": "doc.pdf", "VersionId": "v3", "IsLatest": true, "LastModified": "2024-03-01T00:00:00+00:00"}
    ],
    "Name": "vb"
}`

func TestListObjectVersions(t *testing.T) {
	p := testfile.Write(t, t.TempDir(), "versions.json", []byte(listVersions))
	src := open(t, p, inventory.Options{})
	if src.Format != inventory.FormatListObjectVersions || !src.Columns.Has(inventory.ColVersionID|inventory.ColIsLatest|inventory.ColIsDeleteMarker) ||
		src.Columns.Has(inventory.ColEncryptionStatus) || src.Columns.Has(inventory.ColTags) {
		t.Errorf("format %s, columns %s", src.Format, src.Columns)
	}
	want := []row{
		{Obj: &scope.Object{Bucket: "vb", Key: "doc.pdf", VersionID: "v2", Noncurrent: true, Size: 10, LastModified: at("2024-02-01T00:00:00Z"), StorageClass: scope.Standard}, Pos: p + ":3"},
		{Obj: &scope.Object{Bucket: "vb", Key: "other", VersionID: "null", Size: 5, LastModified: at("2024-01-01T00:00:00Z"), StorageClass: scope.StandardIA}, Pos: p + ":5"},
		{Obj: &scope.Object{Bucket: "vb", Key: "doc.pdf", VersionID: "v3", IsDeleteMarker: true, LastModified: at("2024-03-01T00:00:00Z")}, Pos: p + ":9"},
	}
	if diff := cmp.Diff(want, readSource(t, src).Rows); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}

func TestListMalformed(t *testing.T) {
	dir := t.TempDir()
	tests := []struct{ name, json, want string }{
		{"mixed", `{"Contents": [], "Name": "b"} {"Versions": [], "Name": "b"}`, "mix list-objects-v2"},
		{"unterminated", `{"Name": "b", "Contents": [{"Key": "k"`, "ends inside a value"},
		{"bad name", `{"Contents": [], "Name": 3}`, "Name: a string is needed"},
		{"unknown", `{"Foo": 1}`, "not an S3 Inventory manifest"},
		{"array", `[{"Key": "k"}]`, "is a JSON array"},
	}
	for _, tt := range tests {
		p := testfile.Write(t, dir, tt.name+".json", []byte(tt.json))
		if _, err := inventory.Open(context.Background(), p, inventory.Options{}); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want %q", tt.name, err, tt.want)
		}
	}
}
