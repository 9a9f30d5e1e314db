package inventory_test

import (
	"context"
	"fmt"
	"iter"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/jobscope/jobscope/inventory"
	"github.com/jobscope/jobscope/inventory/inventorytest"
	"github.com/jobscope/jobscope/scope"
)

func ExampleOpen() {
	// A small versioned S3 Inventory report, in S3's layout.
	dir, err := os.MkdirTemp("", "inventory-example-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	day := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	manifest, err := inventorytest.Write(dir, inventorytest.Report{
		SourceBucket: "my-bucket",
		Prefix:       "inventory",
		Files: []iter.Seq[scope.Object]{slices.Values([]scope.Object{
			{Bucket: "my-bucket", Key: "reports/Q1 2024.xlsx", VersionID: "v2", Size: 48213, LastModified: day, StorageClass: scope.Standard, EncryptionStatus: scope.SSES3},
			{Bucket: "my-bucket", Key: "reports/Q1 2024.xlsx", VersionID: "v1", Noncurrent: true, Size: 47001, LastModified: day.AddDate(0, -1, 0), StorageClass: scope.Standard, EncryptionStatus: scope.SSES3},
			{Bucket: "my-bucket", Key: "tmp/a+b.txt", VersionID: "v9", IsDeleteMarker: true, LastModified: day},
		})},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(strings.TrimPrefix(filepath.ToSlash(manifest), filepath.ToSlash(dir)))

	src, err := inventory.Open(context.Background(), manifest, inventory.Options{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(src.Format, "with", src.Columns)
	for _, f := range src.Files {
		for rec, err := range f.Records(context.Background()) {
			if err != nil {
				fmt.Println("rejected:", err) // a *field.Error: a rejected row (the file goes on) or an unreadable file
				continue
			}
			fmt.Printf("line %d: %s %q version %s latest=%t deleteMarker=%t size=%d %s\n", rec.Pos.Line, rec.Bucket, rec.Key,
				rec.VersionID, rec.IsLatest(), rec.IsDeleteMarker, rec.Size, rec.LastModified.Format(time.DateOnly))
		}
	}
	// Output:
	// /inventory/my-bucket/jobscope/2024-01-01T00-00Z/manifest.json
	// CSV with Bucket, Key, VersionId, IsLatest, IsDeleteMarker, Size, LastModifiedDate, StorageClass, EncryptionStatus
	// line 1: my-bucket "reports/Q1 2024.xlsx" version v2 latest=true deleteMarker=false size=48213 2024-05-01
	// line 2: my-bucket "reports/Q1 2024.xlsx" version v1 latest=false deleteMarker=false size=47001 2024-04-01
	// line 3: my-bucket "tmp/a+b.txt" version v9 latest=true deleteMarker=true size=0 2024-05-01
}

func ExampleReadTags() {
	sidecar := `{"bucket": "my-bucket", "key": "reports/Q1 2024.xlsx", "tags": {"Project": "Apollo"}}
{"bucket": "my-bucket", "key": "reports/Q1 2024.xlsx", "versionId": "v1", "tags": {"Project": "Gemini"}}
`
	tags, err := inventory.ReadTags(context.Background(), strings.NewReader(sidecar), "tags.jsonl")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(tags.Lookup("my-bucket", "reports/Q1 2024.xlsx", "v2"))
	fmt.Println(tags.Lookup("my-bucket", "reports/Q1 2024.xlsx", "v1"))
	// Output:
	// map[Project:Apollo]
	// map[Project:Gemini]
}
