package parquet_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/jobscope/jobscope/inventory"
	"github.com/jobscope/jobscope/inventory/parquet"
	"github.com/jobscope/jobscope/scope"
)

// Write a small versioned S3 Inventory Parquet file and read it back.
func Example() {
	dir, err := os.MkdirTemp("", "parquet-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "inventory.parquet")

	modified := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	err = parquet.WriteFile(path, slices.Values([]scope.Object{
		{Bucket: "reports", Key: "2024/q1 summary+notes.pdf", Size: 48213, LastModified: modified,
			StorageClass: scope.Standard, EncryptionStatus: scope.SSES3},
		{Bucket: "reports", Key: "2024/draft.docx", VersionID: "v2", IsDeleteMarker: true, LastModified: modified.Add(time.Hour)},
		{Bucket: "reports", Key: "2024/draft.docx", VersionID: "v1", Noncurrent: true, Size: 1200, LastModified: modified,
			StorageClass: scope.Glacier, EncryptionStatus: scope.SSEKMS},
	}))
	if err != nil {
		log.Fatal(err)
	}

	ctx := context.Background()
	src, err := inventory.Open(ctx, path, inventory.Options{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("columns:", src.Columns)
	for rec, err := range src.Files[0].Records(ctx) {
		if err != nil {
			fmt.Println("error:", err)
			continue
		}
		fmt.Printf("%d:%d %s/%s version=%q latest=%t marker=%t size=%d %s class=%q sse=%q\n",
			rec.Pos.RowGroup, rec.Pos.Row, rec.Bucket, rec.Key, rec.VersionID, rec.IsLatest(), rec.IsDeleteMarker,
			rec.Size, rec.LastModified.Format(time.RFC3339), rec.StorageClass, rec.EncryptionStatus)
	}
	// Output:
	// columns: Bucket, Key, VersionId, IsLatest, IsDeleteMarker, Size, LastModifiedDate, StorageClass, EncryptionStatus
	// 0:1 reports/2024/q1 summary+notes.pdf version="" latest=true marker=false size=48213 2024-03-01T12:00:00Z class="STANDARD" sse="SSE-S3"
	// 0:2 reports/2024/draft.docx version="v2" latest=true marker=true size=0 2024-03-01T13:00:00Z class="" sse=""
	// 0:3 reports/2024/draft.docx version="v1" latest=false marker=false size=1200 2024-03-01T12:00:00Z class="GLACIER" sse="SSE-KMS"
}
