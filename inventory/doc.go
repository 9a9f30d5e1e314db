// Package inventory reads object and bucket metadata from the files users
// already have — S3 Inventory reports, aws s3api listings, JSONL of objects,
// tag sidecars and aws macie2 describe-buckets output — as streams of
// located records, for the dry run of a classification job.
//
// # Sources, files, records
//
// [Open] looks at what it is given and returns a [Source]: the input's
// [Format], the [Columns] every row of it supplies (so a consumer can
// refuse, before reading, a job that needs a column the input lacks), and
// its [File]s. A File is read on its own, start to end, by
// [File.Records], an iterator of *[Record] — a scope.Object and the
// [Position] it was read at. The files of a source may be read
// concurrently, one goroutine each; [File.Read] reports the compressed
// bytes read so far for progress, against [File.Size].
//
// Records yields each row once, in order. The *Record is reused from row
// to row (copy what you keep; a Tags map is never reused). Problems are
// yielded, never dropped:
//
//   - A row that cannot be read is yielded as (nil, *[RowError]) with its
//     file:line (file:row-group:row for Parquet) and column, and the file
//     goes on: the consumer counts it as rejected.
//   - A file that cannot be read, or not to its end, ends with one
//     (nil, *[FileError]): missing, unsafe key, size or MD5 mismatch with
//     its manifest, truncated or corrupt data (with the line where it
//     broke). The rows yielded before stay yielded, and counted.
//   - A cancelled context ends the sequence with (nil, ctx.Err()); it is
//     checked every few thousand rows.
//
// Open fails only for the input as a whole: it does not exist, its format
// is unknown or unsupported, a manifest or listing is malformed, a CSV has
// no schema, a listing names no bucket. A data file of a manifest that is
// missing does not fail Open; its Records yields the *FileError, and the
// other files are read.
//
// # S3 Inventory reports
//
// A manifest.json (or a directory holding one) is parsed by
// [ParseManifest]: fileFormat, fileSchema and files are required, each
// file needs a key, and size and MD5checksum are checked when present;
// unknown members are ignored. fileFormat CSV is read by this package; ORC
// is refused ("configure the inventory report as CSV or Parquet"); other
// formats are read by a [Driver] that a package registers, as image
// decoders do: Parquet needs
//
//	import _ "github.com/jobscope/jobscope/inventory/parquet"
//
// and the error says so when it is missing.
//
// Data file keys are the full keys in the destination bucket
// (PREFIX/SOURCE-BUCKET/CONFIG-ID/data/FILE.csv.gz), while the manifest is
// PREFIX/SOURCE-BUCKET/CONFIG-ID/YYYY-MM-DDTHH-MMZ/manifest.json. A key is
// resolved against [Options.DataRoot], the local copy of the destination
// bucket, when set; else against the manifest's directory and each of its
// ancestors in turn, the first where the file exists winning (which finds
// the file whatever part of the bucket was copied), as long as the file is
// inside the report: the directory above the manifest's, which holds the
// dated manifest directories and data/ (so that a key such as "etc/passwd"
// cannot find /etc/passwd); else, for a report downloaded flat, the key's
// base name beside the manifest. A key that is absolute or has a ".."
// segment is refused (ErrUnsafeKey) for that file. The error of a data file
// that is refused or not found names the manifest and its member
// (manifest.json: files[2].key).
//
// Size is checked before reading: a file whose size differs from the
// manifest's is not read at all (ErrSize), being another file than the
// report's. MD5checksum is computed over the file's bytes as they stream
// and compared at its end: on a mismatch the rows are already yielded,
// and a *FileError wrapping ErrChecksum follows them — the rows stay
// counted, the error says the file is not the one the manifest describes.
//
// # CSV data files
//
// S3 Inventory CSV is gzip-compressed, has no header line, quotes every
// field, and orders its columns as the manifest's fileSchema says (names
// separated by commas, spaces ignored). The reader:
//
//   - detects gzip by its magic bytes, not by the name, and reads every
//     member of a multi-member file; plain text is read as it is;
//   - reads Bucket, Key, VersionId, IsLatest, IsDeleteMarker, Size,
//     LastModifiedDate, StorageClass, EncryptionStatus and
//     IntelligentTieringAccessTier, and skips every
//     other column (ETag, IsMultipartUploaded, ReplicationStatus,
//     ObjectLockMode, ChecksumAlgorithm, ObjectOwner, ...); a fileSchema
//     needs Key and no name twice; without Bucket, the manifest's
//     sourceBucket (or [Options.Bucket]) is every row's bucket;
//   - splits rows RFC 4180 style: quoted or unquoted fields, "" for a
//     quote inside quotes, commas and newlines inside quotes (a row's
//     position is its first line, and every physical line is counted),
//     "\n" or "\r\n" line ends, blank lines skipped;
//   - URL-decodes the key as url.QueryUnescape does ("+" is a space, "%2B"
//     a plus sign; only keys with "%" or "+" are decoded), and rejects a
//     key that is empty, longer than S3's 1,024 bytes, or not UTF-8 once
//     decoded;
//   - reads IsLatest and IsDeleteMarker as "true" or "false"; Size as a
//     decimal int64, empty only for a delete marker (0); LastModifiedDate
//     as RFC 3339 with years 0001 to 9999: S3's 2024-01-02T03:04:05.000Z
//     is parsed by hand, anything else (other fractions, offsets) by
//     time.Parse(time.RFC3339Nano), and times are UTC;
//   - keeps StorageClass, EncryptionStatus and IntelligentTieringAccessTier
//     verbatim (an unknown value is not an error: eligibility decides about
//     it).
//
// A row with the wrong number of fields, a quote problem, or a bad value
// is a RowError naming the column. A quoted field that is never closed
// (within 1 MiB) is taken for a stray quote: its row is a RowError at its
// first line, and the lines after that one are read again as rows, so one
// stray quote costs one row. When the gzip stream ends early or is
// corrupt, the rows before are yielded and a FileError names file:line.
//
// A CSV data file given directly needs its schema, [Options.FileSchema]
// (the manifest's fileSchema), unless its first line is a header of S3
// Inventory field names, which is then used and skipped.
//
// The CSV reader is the hot path: it reads lines in place from a large
// bufio buffer, splits them with bytes.IndexByte, parses numbers and S3's
// date layout by hand, reuses one Record, returns known storage classes and
// encryption statuses as constants, reuses the bucket string while it does
// not change, and makes one allocation per row, a string holding the key
// and the version id. BenchmarkCSV measures it.
//
// # Listings and JSONL
//
// aws s3api list-objects-v2 output ({"Contents": [...]}) and
// list-object-versions output ({"Versions": [...], "DeleteMarkers":
// [...]}) are streamed element by element; several outputs one after
// another (as a shell loop over pages writes them) are read in turn.
// Members the readers do not use (ETag, Owner, ChecksumAlgorithm,
// RestoreStatus, ...) are ignored. An element that is not valid UTF-8 is a
// RowError (encoding/json would read it with U+FFFD in place of the bad
// bytes), as is a key that is empty or longer than 1,024 bytes, a size
// that is negative or not an int64, and a LastModified outside the years
// 0001 to 9999. The bucket is the output's "Name"
// member; the CLI leaves it out when it paginates, and then
// [Options.Bucket] gives it (Open fails when neither does, or when they
// differ). Keys of an output with "EncodingType": "url" are URL-decoded.
// Open reads a listing once to learn its bucket, which may come after the
// objects. A row's position is the line where its element starts.
// list-objects-v2 supplies no VersionId, IsLatest, IsDeleteMarker or
// EncryptionStatus (its objects are current versions); list-object-versions
// no EncryptionStatus; delete markers come after the versions, as the
// output lists them. Version ids are kept verbatim, "null" included.
//
// JSONL holds one object a line in the scope.Object JSON shape (the
// conformance suite's Object), decoded strictly by scope.Object's
// UnmarshalJSON; blank lines are skipped, a bad line is a RowError at its
// file:line naming the member: a line that is not valid UTF-8, an empty
// bucket or key, a key longer than S3's 1,024 bytes and a lastModified
// before the year 0001 are bad lines too.
// JSONL supplies every column, Tags
// included: an absent member is its zero value (no version, the latest,
// not a delete marker, no tags).
//
// A UTF-8 byte order mark at the start of any input (as some editors and
// shells write) is ignored, as the job decoder ignores it.
//
// The input kind is told by content: gzip or plain CSV, Parquet's magic
// (or a .parquet name), ORC's magic, and for JSON the member names of the
// first object (fileFormat, fileSchema, files: a manifest; bucket, key,
// ...: JSONL; Contents: list-objects-v2; Versions, DeleteMarkers:
// list-object-versions). A .jsonl or .ndjson name is JSONL whatever the
// first line holds. The JSON inputs may be gzip-compressed too (as
// `aws s3api list-objects-v2 ... | gzip` writes them): a gzip file named
// .jsonl.gz or .ndjson.gz is JSONL, one whose text starts with "{" is the
// JSON input its text is (a manifest too), and any other is CSV.
//
// # Tags and buckets
//
// S3 Inventory has no object tags. [ReadTags] reads a tag sidecar, JSONL
// of {"bucket", "key", "versionId"?, "tags"}, into memory, and
// [Tags.Lookup] joins it to rows by key: a version's own entry, else the
// key's entry without a versionId. [ReadBuckets] reads aws macie2
// describe-buckets output into criteria.BucketMetadata. Both collect
// every problem, each an *[InputError] with its file:line (and JSON path).
//
// # Limits
//
// The readers bound what one row or one file may cost, with fixed limits
// (they are S3's own, or far above what S3 writes), and one the caller
// may move:
//
//   - a key is at most 1,024 bytes of UTF-8 once decoded, S3's limit: a
//     longer one is not an S3 key, and its row is rejected;
//   - a CSV row is at most 1 MiB, quoted newlines included (a stray quote
//     costs one row, not the rest of the file), a JSONL or tag sidecar line
//     16 MiB;
//   - sizes are 0 to 9,223,372,036,854,775,807 (int64); dates are years
//     0001 to 9999, and dates before 1970 are read as they are;
//   - the pages of a Parquet data file: what the reader of one file holds
//     at once — a page of each column it reads, compressed and
//     decompressed, and the columns' dictionaries — is at most
//     [Options.MaxPageBytes], 64 MiB by default ([DefaultMaxPageBytes]),
//     whatever the file's headers claim or its pages decompress to; a page
//     that would take more ends the file with a *FileError that wraps
//     [ErrPageLimit] (see package inventory/parquet). Files read at once
//     take at most the limit each;
//   - list outputs stream: the values they skip are walked without
//     recursion, however deep, and each element is decoded on its own;
//   - a manifest is at most 64 MiB (of text, when it is gzip-compressed);
//     it, a tag sidecar and describe-buckets output are read
//     whole, with encoding/json (which stops at 10,000 levels of nesting);
//     their problems are located in time linear in the file's size.
//
// Counts of rows and bytes are the consumer's: package plan's saturate
// rather than overflow.
//
// The package inventorytest writes S3 Inventory reports in S3's layout,
// for tests, benchmarks and the examples.
package inventory
