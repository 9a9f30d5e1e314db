// Package parquet reads the data files of S3 Inventory reports in the
// Parquet format. It registers itself with package inventory when
// imported, as image decoders register with package image:
//
//	import _ "github.com/jobscope/jobscope/inventory/parquet"
//
// after which [inventory.Open] reads manifests whose fileFormat is
// "Parquet" and data files named *.parquet. The driver is a package of its
// own so that the Parquet library, github.com/parquet-go/parquet-go, and
// the decompressors are linked only into programs that read Parquet;
// package inventory reads CSV itself and needs none of it.
//
// The driver reads the columns bucket, key, version_id, is_latest,
// is_delete_marker, size, last_modified_date, storage_class,
// encryption_status and intelligent_tiering_access_tier, as S3 writes them
// (snake_case, with the types of the manifest's fileSchema), and leaves
// every other column unread. The file's footer says which columns it has;
// the [inventory.Column] set of the source is those, and bucket and key
// must be among them. Keys are taken verbatim: S3 URL-encodes keys only in
// CSV reports.
//
// Rows are read as the CSV reader reads them: a row whose values are not
// valid (a null or empty bucket or key, a key of more than 1,024 bytes, a
// negative size, a date outside the years 0001 to 9999, ...) is yielded
// as a *field.Error of Code field.InvalidRow naming the column, at
// file:row-group:row (the row group counted from 0, the row from 1 within
// it), and reading goes on. A file that cannot be read, or not to its end,
// ends its records with a *field.Error of Code field.Unreadable; a size
// or MD5 checksum that differs from the manifest's wraps
// [inventory.ErrSize] or [inventory.ErrChecksum].
//
// Memory is bounded by the reader, not by the file: the pages the reader
// of one file holds at once take at most [inventory.Options.MaxPageBytes]
// (64 MiB by default), whatever the file's headers claim or its pages
// decompress to, and a page that would take more ends the file with an
// error that wraps [inventory.ErrPageLimit] and names the limit:
//
//	data/f.parquet: row group 0, column key: the page at byte 1234: 1.0 GiB uncompressed,
//	more than the 64 MiB limit (inventory.Options.MaxPageBytes; --limit MaxPageBytes=N)
//
// A corrupt file of a few bytes cannot ask for gigabytes: page headers are
// checked against the file before any page is read.
//
// [inventory.File.BytesRead] counts the bytes the reader has read of the
// file; as columns the driver does not need are never read, it becomes the
// file's size only when the last row has been read.
//
// [WriteFile] writes S3-Inventory-shaped Parquet files, for tests and
// examples.
package parquet
