// Package parquet reads the data files of S3 Inventory reports in the
// Parquet format. It registers itself with package inventory when
// imported, as image decoders register with package image:
//
//	import _ "github.com/jobscope/jobscope/inventory/parquet"
//
// after which inventory reads manifests whose fileFormat is "Parquet"
// and data files named *.parquet. The driver is a package of its own so
// that the Parquet library, github.com/parquet-go/parquet-go, and the
// decompressors are linked only into programs that read Parquet; package
// inventory reads CSV itself and needs none of it.
//
// # Columns
//
// S3 writes a Parquet report's columns in snake_case, with the types its
// manifest's fileSchema declares (Amazon S3 User Guide, "Amazon S3
// inventory list" and "Inventory manifest",
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/storage-inventory.html):
//
//	message s3.inventory { required binary bucket (UTF8); required binary key (UTF8);
//	  optional binary version_id (UTF8); optional boolean is_latest; optional boolean is_delete_marker;
//	  optional int64 size; optional int64 last_modified_date (TIMESTAMP_MILLIS); ...
//	  optional binary storage_class (UTF8); ... optional binary encryption_status (UTF8); ...}
//
// The driver reads the columns below into [scope.Object] and leaves every
// other one (e_tag, is_multipart_uploaded, replication_status,
// object_lock_*, bucket_key_status,
// checksum_algorithm, object_access_control_list, object_owner, ...)
// unread. The file's footer says which columns it has; the
// [inventory.Column] Open returns are those, and bucket and key must be
// among them.
//
//	bucket              Bucket
//	key                 Key, verbatim
//	version_id          VersionID; null is ""
//	is_latest           Noncurrent = !is_latest; null is true (the current version)
//	is_delete_marker    IsDeleteMarker; null is false
//	size                Size; null is 0 on a delete marker, which has no size
//	last_modified_date  LastModified in UTC
//	storage_class       StorageClass, verbatim; null is ""
//	encryption_status   EncryptionStatus, verbatim; null is ""
//	intelligent_tiering_access_tier
//	                    IntelligentTieringAccessTier, verbatim; null is ""
//
// Keys are not decoded: S3 URL-encodes an inventory's keys only in CSV
// files ("When using the CSV file format, the key name is URL-encoded and
// must be decoded before you can use it", same page), so a Parquet key
// such as "a+b %2B.txt" is that key, plus sign, space and percent sign
// included.
//
// last_modified_date is read as S3 writes it, INT64 TIMESTAMP_MILLIS, and
// also as an INT64 timestamp in micro- or nanoseconds, as a bare INT64 of
// milliseconds (how S3's Athena examples declare the column, bigint), or
// as a legacy INT96 timestamp. size may be INT32 or INT64. Pages may be
// version 1 (as S3 writes them) or 2; their values PLAIN, dictionary
// (PLAIN_DICTIONARY, RLE_DICTIONARY), RLE (booleans), DELTA_BINARY_PACKED,
// DELTA_LENGTH_BYTE_ARRAY, DELTA_BYTE_ARRAY or BYTE_STREAM_SPLIT encoded,
// their definition levels RLE or BIT_PACKED; and their column chunks
// SNAPPY (as S3 writes them), GZIP, BROTLI or ZSTD compressed, or not
// compressed. LZ4_RAW, LZ4 and LZO are not read.
//
// # Errors
//
// A row whose bucket or key is null, empty or not valid UTF-8, whose key
// is longer than S3's 1,024 bytes, whose version_id, storage_class or
// encryption_status is not valid UTF-8, whose size is negative, or null
// while the object is not a delete marker, or whose last_modified_date is
// null or outside the years 0001 to 9999, is yielded as an
// *[inventory.RowError] naming the column, as the CSV reader rejects
// the same values, and reading goes on. Positions are file:row-group:row, the row group counted from
// 0 and the row from 1 within its row group.
//
// A file that cannot be read, or not to its end — missing, truncated,
// corrupt, a column of the wrong type — ends its records with an
// *[inventory.FileError] (or, for a file given directly whose footer
// cannot be read, makes [Open] fail with one); a panic while it is read
// is recovered and reported the same way. When its manifest entry gives a size or an MD5
// checksum, the file must match them: a file of another size is not read
// (the error wraps [inventory.ErrSize]); the checksum is computed while
// the rows are decoded, so the rows of a file whose checksum does not
// match are yielded, and counted, before the error that wraps
// [inventory.ErrChecksum].
//
// # Memory
//
// parquet-go reads the footer. The driver reads the pages of the column
// chunks itself, a page at a time, and decodes the levels and values of a
// page as its rows are read, without decoding them into arrays first:
// what a page costs is its bytes, whatever the counts in its encodings
// say. Before it reads a column chunk, the driver reads the headers of
// its pages and holds each to what the file can contain: a page must lie
// inside its column chunk, expand at most 4,096-fold beyond its first
// MiB, hold at most 2^26 values, and no more than its row group has rows
// left (every column read is flat: a value, or a null, per row); a
// dictionary holds at most a value per bit.
//
// Memory is bounded by the reader, not by the file. The buffers the
// reader of a file holds at once — the page being read of each column
// (with 128 KiB more for ZSTD), each column's dictionary and the offsets
// of its values, and the compressed bytes of the page being decompressed
// — take at most [inventory.FileOptions.MaxPageBytes] bytes
// (inventory.Options.MaxPageBytes, 64 MiB by default), and a page whose
// header gives a larger size, compressed or not, is not read. A
// decompressor writes into a buffer of the size the page's header gives
// and no further: data that would decompress to more is an error, and is
// found before it is decompressed when its own headers say so (Snappy's
// length; ZSTD's content sizes and the sizes of its raw and RLE blocks).
// ZSTD data is decompressed straight into the buffer when the headers of
// its blocks bound it, as they do when every block but the last is of
// ZSTD's 128 KiB, as compressors write them; otherwise, as GZIP and
// BROTLI data are, through a stream decoder, which holds its window
// besides: a ZSTD window counts against the limit, GZIP's is 32 KiB and
// BROTLI's at most 16 MiB.
//
// A page that breaks one of these ends the file's records with a
// FileError naming the row group, the column and the page's byte offset,
// so a corrupt file of a few bytes cannot ask for gigabytes; one that the
// limit stops wraps [inventory.ErrPageLimit] and names the limit:
//
//	data/f.parquet: row group 0, column key: the page at byte 1234: 1.0 GiB uncompressed,
//	more than the 64 MiB limit (inventory.Options.MaxPageBytes; --limit MaxPageBytes=N)
//
// [inventory.File.Read] counts the bytes the reader has read of the file;
// as columns the driver does not need are never read, it becomes the
// file's size only when the last row has been read.
package parquet
