// Package inventory reads object and bucket metadata from the files users
// already have — S3 Inventory reports, aws s3api listings, JSONL of objects,
// tag sidecars and aws macie2 describe-buckets output — as streams of
// located records, for the dry run of a classification job.
//
// [Open] looks at what it is given and returns a [Source]: the input's
// [Format], the columns ([Column]) every row of it supplies (so a consumer can
// refuse, before reading, a job that needs a column the input lacks), and
// its [File]s. A File is read on its own, start to end, by
// [File.Records], an iterator of *[Record] — a scope.Object and the
// [Position] it was read at. The files of a source may be read
// concurrently, one goroutine each (a CSV data file decodes its rows on
// goroutines of its own, and yields them in order); [File.BytesRead] reports the
// compressed bytes read so far, for progress against [File.Size].
//
// Records yields each row once, in order. The *Record is reused from row
// to row (copy what you keep; a Tags map is never reused). Problems are
// yielded, never dropped, each a *field.Error:
//
//   - A row that cannot be read is yielded with Code field.InvalidRow, its
//     file:line (file:row-group:row for Parquet) and, as Path, the column
//     in the input's own spelling; the file goes on, and the consumer
//     counts the row as rejected.
//   - A file that cannot be read, or not to its end, ends with Code
//     field.Unreadable: missing, unsafe key ([ErrUnsafeKey]), size or MD5
//     mismatch with its manifest ([ErrSize], [ErrChecksum]), a Parquet page
//     beyond [Options.MaxPageBytes] ([ErrPageLimit]), truncated or corrupt
//     data (with the line where it broke). The rows yielded before stay
//     yielded, and counted.
//   - A cancelled context ends the sequence with ctx.Err(); it is checked
//     every few thousand rows.
//
// Open fails only for the input as a whole: it does not exist, its format
// is unknown or unsupported (ORC), a manifest or listing is malformed, a
// CSV has no schema, a listing names no bucket. A data file of a manifest
// that is missing does not fail Open; its Records yields the error, and the
// other files are read.
//
// CSV data files are read by this package; Parquet needs its driver,
// registered by importing the package for its side effect:
//
//	import _ "github.com/jobscope/jobscope/inventory/parquet"
//
// S3 Inventory has no object tags: [ReadTags] reads a tag sidecar, JSONL of
// {"bucket", "key", "versionId"?, "tags"}, and [Tags.Lookup] joins it to
// rows by key. [ReadBuckets] reads aws macie2 describe-buckets output into
// criteria.BucketMetadata. Both report every problem, each a *field.Error
// with its file:line and JSON path, joined with errors.Join.
//
// The readers bound what one row or one file may cost: a key is at most
// S3's 1,024 bytes; a CSV row at most 1 MiB, a JSONL or tag sidecar line
// 16 MiB, a manifest 64 MiB; sizes are int64 and dates years 0001 to 9999;
// list outputs stream however deep they nest; a Parquet file's pages take
// at most [Options.MaxPageBytes] ([DefaultMaxPageBytes], 64 MiB) at once.
//
// The package inventorytest writes S3 Inventory reports in S3's layout,
// for tests, benchmarks and the examples.
package inventory
