package s3objects_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/jobscope/jobscope/awssdk/internal/gen"
	"github.com/jobscope/jobscope/awssdk/s3objects"
	"github.com/jobscope/jobscope/inventory"
	"github.com/jobscope/jobscope/scope"
)

// modified is the LastModified of the objects of the table tests.
var modified = time.Date(2024, 1, 2, 3, 4, 5, 6e6, time.UTC)

// TestRecords: each function's record of a listed object or delete marker.
func TestRecords(t *testing.T) {
	for _, tc := range []struct {
		name      string
		got, want scope.Object
	}{{
		name: "Object: every member",
		got: s3objects.Object("example-bucket", types.Object{Key: aws.String("docs/report.pdf"), LastModified: &modified,
			Size: aws.Int64(1000), StorageClass: types.ObjectStorageClassGlacier, ETag: aws.String(`"abc"`),
			Owner: &types.Owner{ID: aws.String("owner")}, ChecksumAlgorithm: []types.ChecksumAlgorithm{types.ChecksumAlgorithmCrc32},
			RestoreStatus: &types.RestoreStatus{IsRestoreInProgress: aws.Bool(false), RestoreExpiryDate: &modified}}),
		want: scope.Object{Bucket: "example-bucket", Key: "docs/report.pdf", Size: 1000, LastModified: modified, StorageClass: scope.Glacier},
	}, {
		name: "Object: no storage class",
		got:  s3objects.Object("b", types.Object{Key: aws.String("a"), LastModified: &modified, Size: aws.Int64(0)}),
		want: scope.Object{Bucket: "b", Key: "a", LastModified: modified},
	}, {
		name: "Object: a storage class jobscope does not know",
		got:  s3objects.Object("b", types.Object{Key: aws.String("a"), LastModified: &modified, Size: aws.Int64(1), StorageClass: "FUTURE"}),
		want: scope.Object{Bucket: "b", Key: "a", Size: 1, LastModified: modified, StorageClass: "FUTURE"},
	}, {
		name: "Object: nothing",
		got:  s3objects.Object("b", types.Object{}),
		want: scope.Object{Bucket: "b"},
	}, {
		name: "ObjectVersion: noncurrent",
		got: s3objects.ObjectVersion("b", types.ObjectVersion{Key: aws.String("a"), VersionId: aws.String("v1"), IsLatest: aws.Bool(false),
			LastModified: &modified, Size: aws.Int64(5), StorageClass: types.ObjectVersionStorageClassStandard, ETag: aws.String(`"e"`)}),
		want: scope.Object{Bucket: "b", Key: "a", VersionID: "v1", Noncurrent: true, Size: 5, LastModified: modified, StorageClass: scope.Standard},
	}, {
		name: "ObjectVersion: latest",
		got:  s3objects.ObjectVersion("b", types.ObjectVersion{Key: aws.String("a"), VersionId: aws.String("v2"), IsLatest: aws.Bool(true), LastModified: &modified, Size: aws.Int64(5)}),
		want: scope.Object{Bucket: "b", Key: "a", VersionID: "v2", Size: 5, LastModified: modified},
	}, {
		name: "ObjectVersion: unversioned",
		got:  s3objects.ObjectVersion("b", types.ObjectVersion{Key: aws.String("a"), VersionId: aws.String("null"), IsLatest: aws.Bool(true), LastModified: &modified, Size: aws.Int64(5)}),
		want: scope.Object{Bucket: "b", Key: "a", VersionID: "null", Size: 5, LastModified: modified},
	}, {
		name: "ObjectVersion: no IsLatest",
		got:  s3objects.ObjectVersion("b", types.ObjectVersion{Key: aws.String("a"), StorageClass: "GLACIER_IR"}),
		want: scope.Object{Bucket: "b", Key: "a", StorageClass: scope.GlacierIR},
	}, {
		name: "DeleteMarker: latest",
		got: s3objects.DeleteMarker("b", types.DeleteMarkerEntry{Key: aws.String("a"), VersionId: aws.String("v3"), IsLatest: aws.Bool(true),
			LastModified: &modified, Owner: &types.Owner{DisplayName: aws.String("me")}}),
		want: scope.Object{Bucket: "b", Key: "a", VersionID: "v3", IsDeleteMarker: true, LastModified: modified},
	}, {
		name: "DeleteMarker: noncurrent",
		got:  s3objects.DeleteMarker("b", types.DeleteMarkerEntry{Key: aws.String("a"), VersionId: aws.String("v1"), IsLatest: aws.Bool(false), LastModified: &modified}),
		want: scope.Object{Bucket: "b", Key: "a", VersionID: "v1", Noncurrent: true, IsDeleteMarker: true, LastModified: modified},
	}, {
		name: "DeleteMarker: nothing",
		got:  s3objects.DeleteMarker("b", types.DeleteMarkerEntry{}),
		want: scope.Object{Bucket: "b", IsDeleteMarker: true},
	}} {
		if diff := cmp.Diff(tc.want, tc.got); diff != "" {
			t.Errorf("%s (-want +got)\n%s", tc.name, diff)
		}
	}
}

// TestUTC: LastModified is in UTC, whatever zone the SDK's time is in.
func TestUTC(t *testing.T) {
	at := modified.In(time.FixedZone("CET", 3600))
	for _, o := range []scope.Object{
		s3objects.Object("b", types.Object{LastModified: &at}),
		s3objects.ObjectVersion("b", types.ObjectVersion{LastModified: &at}),
		s3objects.DeleteMarker("b", types.DeleteMarkerEntry{LastModified: &at}),
	} {
		if o.LastModified != modified {
			t.Errorf("LastModified %v, want %v", o.LastModified, modified)
		}
	}
}

// TestListObjectsV2: the records of list-objects-v2 output as the aws CLI
// prints it, read by inventory.Open, are those Object converts the
// output's objects to, over random pages of random objects.
func TestListObjectsV2(t *testing.T) {
	rapid.Check(t, listing(func(t *rapid.T, bucket string) (any, []scope.Object) {
		objects := rapid.SliceOfN(object, 0, 5).Draw(t, "objects")
		var want []scope.Object
		for _, o := range objects {
			want = append(want, s3objects.Object(bucket, o))
		}
		return &v2Page{Contents: elements(objects), Name: name(t, bucket), MaxKeys: 1000, KeyCount: len(objects)}, want
	}))
}

// TestListObjectVersions: as TestListObjectsV2, for list-object-versions
// output, its versions and its delete markers.
func TestListObjectVersions(t *testing.T) {
	rapid.Check(t, listing(func(t *rapid.T, bucket string) (any, []scope.Object) {
		versions := rapid.SliceOfN(version, 0, 5).Draw(t, "versions")
		markers := rapid.SliceOfN(deleteMarker, 0, 5).Draw(t, "markers")
		var want []scope.Object
		for _, v := range versions {
			want = append(want, s3objects.ObjectVersion(bucket, v))
		}
		for _, d := range markers {
			want = append(want, s3objects.DeleteMarker(bucket, d))
		}
		return &versionsPage{Versions: elements(versions), DeleteMarkers: elements(markers), Name: name(t, bucket), MaxKeys: 1000}, want
	}))
}

// listing checks that inventory.Open reads from one to three pages, which
// page draws with the records it expects, those records.
func listing(page func(t *rapid.T, bucket string) (any, []scope.Object)) func(*rapid.T) {
	return func(t *rapid.T) {
		bucket := bucketName.Draw(t, "bucket")
		var pages []any
		var want []scope.Object
		for range rapid.IntRange(1, 3).Draw(t, "pages") {
			p, w := page(t, bucket)
			pages, want = append(pages, p), append(want, w...)
		}
		if diff := cmp.Diff(want, read(t, bucket, pages)); diff != "" {
			t.Fatalf("(-s3objects +inventory.Open)\n%s", diff)
		}
	}
}

// v2Page and versionsPage are pages of list-objects-v2 and
// list-object-versions output, their members in the CLI's order; a list
// with no elements is left out, as S3 sends none.
type (
	v2Page struct {
		IsTruncated bool
		Contents    any    `json:",omitempty"`
		Name        string `json:",omitempty"`
		Prefix      string
		MaxKeys     int
		KeyCount    int
	}
	versionsPage struct {
		IsTruncated     bool
		KeyMarker       string
		VersionIdMarker string
		Versions        any    `json:",omitempty"`
		DeleteMarkers   any    `json:",omitempty"`
		Name            string `json:",omitempty"`
		Prefix          string
		MaxKeys         int
	}
)

// elements is the list s in the CLI's output, or nil when empty.
func elements[T any](s []T) any {
	if len(s) == 0 {
		return nil
	}
	return gen.CLI(s, false)
}

// name is a page's Name: the bucket or, as when the CLI paginates, "".
func name(t *rapid.T, bucket string) string {
	if rapid.Bool().Draw(t, "named") {
		return bucket
	}
	return ""
}

// read writes pages one after another and returns the records
// inventory.Open reads from them, given bucket.
func read(t *rapid.T, bucket string, pages []any) []scope.Object {
	opts := inventory.Options{Bucket: bucket}
	var doc []byte
	for _, p := range pages {
		b, err := json.MarshalIndent(p, "", "    ")
		if err != nil {
			t.Fatal(err)
		}
		doc = append(append(doc, b...), '\n')
	}
	path := filepath.Join(tempDir, "listing.json")
	if err := os.WriteFile(path, doc, 0o600); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	src, err := inventory.Open(ctx, path, opts)
	if err != nil {
		t.Fatalf("%v\n%s", err, doc)
	}
	var got []scope.Object
	for _, f := range src.Files {
		for rec, err := range f.Records(ctx) {
			if err != nil {
				t.Fatalf("%v\n%s", err, doc)
			}
			got = append(got, rec.Object)
		}
	}
	return got
}

var tempDir string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "s3objects")
	if err != nil {
		panic(err)
	}
	tempDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// The generators draw what S3 lists and inventory.Open accepts: a key of 1
// to 1,024 bytes of UTF-8, a size of 0 or more, a LastModified to the
// millisecond in the years 0001 to 9999; the other members are arbitrary.
var (
	bucketName = rapid.StringMatching(`[a-z0-9][a-z0-9.-]{1,20}[a-z0-9]`)
	key        = rapid.StringOfN(rapid.OneOf(rapid.RuneFrom([]rune("aZ09-_./ +%é漢😀\"\\\n\x00")), rapid.Rune()), 1, -1, 1024)
	size       = rapid.Int64Min(0)
	lastMod    = rapid.Custom(func(t *rapid.T) time.Time {
		lo, hi := time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli(), time.Date(9999, 12, 31, 23, 59, 59, 999e6, time.UTC).UnixMilli()
		return time.UnixMilli(rapid.Int64Range(lo, hi).Draw(t, "ms")).UTC()
	})
	object = rapid.Custom(func(t *rapid.T) types.Object {
		o := gen.Of[types.Object]().Draw(t, "object")
		o.Key, o.Size, o.LastModified = ptr(key.Draw(t, "key")), ptr(size.Draw(t, "size")), ptr(lastMod.Draw(t, "lastModified"))
		return o
	})
	version = rapid.Custom(func(t *rapid.T) types.ObjectVersion {
		v := gen.Of[types.ObjectVersion]().Draw(t, "version")
		v.Key, v.Size, v.LastModified = ptr(key.Draw(t, "key")), ptr(size.Draw(t, "size")), ptr(lastMod.Draw(t, "lastModified"))
		return v
	})
	deleteMarker = rapid.Custom(func(t *rapid.T) types.DeleteMarkerEntry {
		d := gen.Of[types.DeleteMarkerEntry]().Draw(t, "deleteMarker")
		d.Key, d.LastModified = ptr(key.Draw(t, "key")), ptr(lastMod.Draw(t, "lastModified"))
		return d
	})
)

func ptr[T any](v T) *T { return &v }
