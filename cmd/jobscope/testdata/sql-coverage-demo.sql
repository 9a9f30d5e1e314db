-- "s3tablescatalog/aws-s3"."b_acme"."inventory" is an S3 Metadata live inventory table, which S3 creates and keeps up to date
-- in the AWS managed table bucket aws-s3 (S3 Tables): in Athena it is
-- "s3tablescatalog/aws-s3"."b_BUCKET"."inventory" (pass that name as the table). It has no DDL to run.
-- The queries read its columns bucket, key, sequence_number, version_id, is_delete_marker, size,
-- last_modified_date, storage_class, encryption_status and object_tags (map(varchar, varchar)).

-- The bucket metadata: aws macie2 describe-buckets output, one bucket a line, in its own S3 folder:
--   aws macie2 describe-buckets --output json | jq -c '.buckets[]' > buckets.jsonl
--   aws s3 cp buckets.jsonl s3://amzn-s3-demo-bucket/macie-buckets/
-- The OpenX JSON SerDe matches member names without regard to case (accountId is accountid) and
-- ignores the members the table does not list.
CREATE EXTERNAL TABLE IF NOT EXISTS `macie_buckets` (
  `accountid` string,
  `bucketname` string,
  `publicaccess` struct<effectivepermission:string>,
  `sharedaccess` string,
  `tags` array<struct<key:string,value:string>>,
  `errorcode` string
)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
LOCATION 's3://amzn-s3-demo-bucket/macie-buckets/';

-- jobscope: what the jobs analyze together, of 5 jobs:
--   job_1: "weekly-confidential-data-scan", run 1 (starts 2024-12-02T09:00:00Z): every existing object
--   job_2: "data-monthly-sandbox-sample", run 1 (starts 2025-01-01T00:00:00Z): objects last modified after 2024-12-02T09:00:00Z
--   job_3: "data-weekly-shared", run 1 (starts 2024-12-02T09:00:00Z): every existing object
--   job_4: "finance-daily-documents", run 1 (starts 2024-12-02T09:00:00Z): every existing object
--   job_5: "finance-drafts-one-time", its one run
-- Trino SQL for Amazon Athena (engine version 3) over "s3tablescatalog/aws-s3"."b_acme"."inventory": S3 Metadata live inventory
-- Each job's stages in the dry run's order (jobscope's docs/semantics.md, "The pipeline"), as jobscope sql writes them for the job alone.
-- One row per measure (objects and bytes):
--   read: every object read (none + one + many); rejected: the rows the dry run rejects (bytes NULL);
--   none, one, many: the objects no job, exactly one job, and two or more jobs analyze;
--   duplicate: the analyses beyond the first of the objects of many (k jobs: k - 1 times);
--   scanned, own, shared (job): what the job analyzes, of it what only it does, and what another job does too;
--   overlap (job, other_job): what both jobs analyze; only pairs that share an object, most bytes first.
-- Functions, as the Trino documentation (trino.io/docs/current/functions) defines them, and what they do with NULL:
--   any_match(array, x -> p) [array.html]: true if p holds for some element, false if for none (so for an empty array); NULL if p is NULL for some and false for the rest, and for a NULL array — hence coalesce(…, false).
--   bitwise_and(x, y) [bitwise.html]: the AND of two bigints in two's complement; NULL if an argument is NULL.
--   bitwise_right_shift(x, n) [bitwise.html]: the logical right shift (zeros shifted in); NULL if an argument is NULL.
--   coalesce(v1, v2, …) [conditional.html]: the first argument that is not NULL; it makes every condition below true or false, never NULL, so that NOT and the excludes stay two-valued.
--   count_if(p) [aggregate.html]: the number of rows where p is true (NULL counts as not true); 0 for no rows.
--   element_at(array, -1) [array.html]: the last element, NULL (not an error) for an empty array; element_at(map, k) [map.html]: the value of key k, NULL when the map lacks k (map[k] would fail); NULL for a NULL argument.
--   from_base(s, 16) [math.html]: the bigint the hexadecimal digits s spell; NULL for NULL.
--   length(x) [string.html, binary.html]: characters of a varchar, bytes of a varbinary; NULL for NULL.
--   max(x) [aggregate.html]: the greatest value, NULLs ignored; NULL when every value is NULL.
--   nullif(a, b) [conditional.html]: NULL when a = b, else a.
--   reduce(array, start, (s, x) -> …, s -> …) [array.html]: folds the array from start; the result is NULL if a step yields NULL (none can here).
--   regexp_extract_all(s, '..') [regexp.html]: every match, here the two-digit groups of a hex string; an empty array for an empty string; NULL for NULL.
--   sequence(1, 7) [array.html]: the array 1, 2, …, 7.
--   split(s, d) [string.html]: s cut at every d, an array of at least one element (the empty string for an empty s); NULL for NULL.
--   starts_with(s, prefix) [string.html]: whether s begins with prefix, compared exactly (case-sensitive, byte for byte); NULL for NULL (the key is never NULL here).
--   strpos(s, t) [string.html]: the position (in characters, from 1) of the first t in s, 0 when there is none; NULL for NULL.
--   sum(x) [aggregate.html]: the total, NULLs ignored; NULL for no rows.
--   to_hex(b) [binary.html]: the bytes of b as hexadecimal digits; NULL for NULL.
--   to_utf8(s) [string.html]: the UTF-8 bytes of s; NULL for NULL.
--   transform(array, x -> …) [array.html]: the array of the function's results; NULL for a NULL array.
--   translate(s, from, to) [string.html]: replaces each character of from by the one at the same place in to; here only A–Z, as the dry run lower-cases file types in ASCII only (lower() would also change non-ASCII letters); NULL for NULL (no extension).
--   unnest(a1, a2, …) WITH ORDINALITY [select.html]: a row per element, the arrays side by side, and the row's position from 1.
WITH
src AS ( -- the table's rows, NULL-free: every condition below is true or false, never NULL
  SELECT
    "bucket" AS bucket,
    "key" AS key,
    coalesce("version_id", '') AS version_id,
    coalesce("sequence_number" = max("sequence_number") OVER (PARTITION BY "bucket", "key"), true) AS is_latest, -- the latest version has the greatest sequence_number
    coalesce("is_delete_marker", false) AS is_delete_marker,
    "size" AS size_raw,
    CAST("last_modified_date" AS timestamp(6)) AS last_modified, -- UTC
    coalesce(nullif("storage_class", ''), 'STANDARD') AS storage_class, -- none is STANDARD
    '' AS access_tier, -- no IntelligentTieringAccessTier: no object is known to be archived, as the dry run assumes
    coalesce("encryption_status", '') AS encryption_status,
    "object_tags" AS object_tags
  FROM "s3tablescatalog/aws-s3"."b_acme"."inventory"
),
named AS (
  SELECT *,
    element_at(split(key, '/'), -1) AS name, -- the file name: the text after the key's last /
    coalesce(size_raw, 0) AS size
  FROM src
),
typed AS (
  SELECT *,
    CASE WHEN strpos(name, '.') > 0 THEN nullif(element_at(split(name, '.'), -1), '') END AS ext_last_dot, -- extensionRule LAST_DOT, of jobs 1, 2, 3, 4 and 5; NULL: no extension
    translate(CASE WHEN strpos(name, '.') > 0 THEN nullif(element_at(split(name, '.'), -1), '') END, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') AS file_type -- eligibility: after the last dot, ASCII lower case
  FROM named
),
objects AS (
  SELECT *,
    element_at(MAP(ARRAY['avro', 'parquet', 'gz', 'gzip', 'tar', 'zip', 'doc', 'docx', 'pdf', 'xls', 'xlsx', 'eml', 'csv', 'htm', 'html', 'json', 'jsonl', 'tsv', 'txt', 'xml', 'yaml', 'yml'],
      ARRAY[8589934592, 8589934592, 8589934592, 8589934592, 21474836480, 8589934592, 536870912, 536870912, 1073741824, 536870912, 536870912, 21474836480, 21474836480, 21474836480, 21474836480, 21474836480, 21474836480, 21474836480, 21474836480, 21474836480, 21474836480, 21474836480]), file_type) AS file_type_limit, -- bytes, for jobs 1, 2, 3, 4 and 5; NULL: not a supported file type
    coalesce(bucket <> '' AND key <> '' AND last_modified IS NOT NULL AND (size_raw IS NOT NULL OR is_delete_marker), false) AS valid -- false: a row the dry run rejects
  FROM typed
),
bucket_stage AS ( -- one row per bucket of the bucket metadata
  SELECT b."bucketname" AS bucket_name,
    (-- s3JobDefinition.bucketCriteria.includes.and[0].simpleCriterion
      coalesce(b."accountid", '') IN ('111122223333')
      AND -- s3JobDefinition.bucketCriteria.includes.and[1].tagCriterion
      CASE WHEN coalesce(b."errorcode", '') = 'BUCKET_COUNT_EXCEEDS_QUOTA' THEN false ELSE coalesce(any_match(b."tags", t -> (coalesce(t."key", '') = 'data-classification' AND coalesce(t."value", '') = 'confidential') OR (coalesce(t."key", '') = 'data-classification' AND coalesce(t."value", '') = 'restricted')), false) END) AS selected_1, -- job 1
    coalesce(b."errorcode", '') = 'ACCESS_DENIED' AS denied_1, -- job 1: Macie may not read the bucket (accessDeniedBuckets SKIP)
    coalesce((coalesce(b."accountid", '') = '111122223333' AND b."bucketname" IN ('acme-analytics-data')), false) AS selected_2, -- job 2
    coalesce(b."errorcode", '') = 'ACCESS_DENIED' AS denied_2, -- job 2: Macie may not read the bucket (accessDeniedBuckets SKIP)
    (-- s3JobDefinition.bucketCriteria.includes.and[0].tagCriterion
      CASE WHEN coalesce(b."errorcode", '') = 'BUCKET_COUNT_EXCEEDS_QUOTA' THEN false ELSE coalesce(any_match(b."tags", t -> (coalesce(t."key", '') = 'team' AND coalesce(t."value", '') = 'data')), false) END) AS selected_3, -- job 3
    coalesce(b."errorcode", '') = 'ACCESS_DENIED' AS denied_3, -- job 3: Macie may not read the bucket (accessDeniedBuckets SKIP)
    coalesce((coalesce(b."accountid", '') = '111122223333' AND b."bucketname" IN ('acme-finance-docs')), false) AS selected_4, -- job 4
    coalesce(b."errorcode", '') = 'ACCESS_DENIED' AS denied_4, -- job 4: Macie may not read the bucket (accessDeniedBuckets SKIP)
    coalesce((coalesce(b."accountid", '') = '111122223333' AND b."bucketname" IN ('acme-finance-docs')), false) AS selected_5, -- job 5
    coalesce(b."errorcode", '') = 'ACCESS_DENIED' AS denied_5 -- job 5: Macie may not read the bucket (accessDeniedBuckets SKIP)
  FROM "macie_buckets" b
),
covered AS ( -- job_N: whether job N analyzes the row, every stage of it passed
  SELECT o.bucket, o.key, o.version_id, o.size, o.last_modified, o.valid,
    ( -- job_1: "weekly-confidential-data-scan", run 1 (starts 2024-12-02T09:00:00Z): every existing object
      o.valid -- rows the dry run rejects are not read
      AND bs.bucket_name IS NOT NULL AND bs.selected_1 -- bucket: BUCKET_NOT_IN_INVENTORY, BUCKET_NOT_SELECTED (bucketCriteria)
      AND NOT coalesce(bs.denied_1, false) -- bucket: BUCKET_ACCESS_DENIED
      AND o.is_latest -- version: NONCURRENT_VERSION
      AND NOT o.is_delete_marker -- version: DELETE_MARKER
      AND (
      coalesce(o.ext_last_dot NOT IN ('log'), true) -- no extension: noExtensionNE MATCH -- s3JobDefinition.scoping.includes.and[0].simpleScopeTerm
      AND o.size > 0 -- s3JobDefinition.scoping.includes.and[1].simpleScopeTerm
    ) -- scope: NOT_INCLUDED
      AND NOT ( -- excludeJoin AND
      (coalesce(element_at(o.object_tags, 'env') = 'test', false)) -- s3JobDefinition.scoping.excludes.and[0].tagScopeTerm
    ) -- scope: EXCLUDED
      AND o.storage_class IN ('STANDARD', 'REDUCED_REDUNDANCY', 'STANDARD_IA', 'ONEZONE_IA', 'INTELLIGENT_TIERING', 'GLACIER_IR') -- eligibility: STORAGE_CLASS
      AND NOT (o.storage_class = 'INTELLIGENT_TIERING' AND o.access_tier IN ('ARCHIVE', 'DEEP_ARCHIVE', 'ARCHIVE_ACCESS', 'DEEP_ARCHIVE_ACCESS')) -- eligibility: ARCHIVE_TIER
      AND o.file_type_limit IS NOT NULL -- eligibility: FILE_TYPE
      AND o.size <= o.file_type_limit -- eligibility: FILE_SIZE
      AND o.encryption_status NOT IN ('SSE-C') -- eligibility: ENCRYPTION
      AND o.last_modified <= TIMESTAMP '2024-12-02 09:00:00.000000000' -- increment: AFTER_RUN_START (the run's start)
    ) AS job_1,
    ( -- job_2: "data-monthly-sandbox-sample", run 1 (starts 2025-01-01T00:00:00Z): objects last modified after 2024-12-02T09:00:00Z
      o.valid -- rows the dry run rejects are not read
      AND CASE WHEN bs.bucket_name IS NULL THEN o.bucket IN ('acme-analytics-data') ELSE bs.selected_2 END -- bucket: BUCKET_NOT_SELECTED (bucketDefinitions: account and name where the bucket metadata has the bucket, else the name)
      AND NOT coalesce(bs.denied_2, false) -- bucket: BUCKET_ACCESS_DENIED
      AND o.is_latest -- version: NONCURRENT_VERSION
      AND NOT o.is_delete_marker -- version: DELETE_MARKER
      AND (
      (starts_with(o.key, 'sandbox/')) -- s3JobDefinition.scoping.includes.and[0].simpleScopeTerm
    ) -- scope: NOT_INCLUDED
      AND o.storage_class IN ('STANDARD', 'REDUCED_REDUNDANCY', 'STANDARD_IA', 'ONEZONE_IA', 'INTELLIGENT_TIERING', 'GLACIER_IR') -- eligibility: STORAGE_CLASS
      AND NOT (o.storage_class = 'INTELLIGENT_TIERING' AND o.access_tier IN ('ARCHIVE', 'DEEP_ARCHIVE', 'ARCHIVE_ACCESS', 'DEEP_ARCHIVE_ACCESS')) -- eligibility: ARCHIVE_TIER
      AND o.file_type_limit IS NOT NULL -- eligibility: FILE_TYPE
      AND o.size <= o.file_type_limit -- eligibility: FILE_SIZE
      AND o.encryption_status NOT IN ('SSE-C') -- eligibility: ENCRYPTION
      AND o.last_modified <= TIMESTAMP '2025-01-01 00:00:00.000000000' -- increment: AFTER_RUN_START (the run's start)
      AND o.last_modified > TIMESTAMP '2024-12-02 09:00:00.000000000' -- increment: UNCHANGED
      AND ((reduce(sequence(1, 7),
      reduce(
        ARRAY[bitwise_and(bitwise_right_shift(length(to_utf8(o.bucket)), 0), 255), bitwise_and(bitwise_right_shift(length(to_utf8(o.bucket)), 8), 255), bitwise_and(bitwise_right_shift(length(to_utf8(o.bucket)), 16), 255), bitwise_and(bitwise_right_shift(length(to_utf8(o.bucket)), 24), 255), bitwise_and(bitwise_right_shift(length(to_utf8(o.bucket)), 32), 255), bitwise_and(bitwise_right_shift(length(to_utf8(o.bucket)), 40), 255), bitwise_and(bitwise_right_shift(length(to_utf8(o.bucket)), 48), 255), bitwise_and(bitwise_right_shift(length(to_utf8(o.bucket)), 56), 255)]
        || transform(regexp_extract_all(to_hex(to_utf8(o.bucket)), '..'), x -> from_base(x, 16))
        || ARRAY[bitwise_and(bitwise_right_shift(length(to_utf8(o.key)), 0), 255), bitwise_and(bitwise_right_shift(length(to_utf8(o.key)), 8), 255), bitwise_and(bitwise_right_shift(length(to_utf8(o.key)), 16), 255), bitwise_and(bitwise_right_shift(length(to_utf8(o.key)), 24), 255), bitwise_and(bitwise_right_shift(length(to_utf8(o.key)), 32), 255), bitwise_and(bitwise_right_shift(length(to_utf8(o.key)), 40), 255), bitwise_and(bitwise_right_shift(length(to_utf8(o.key)), 48), 255), bitwise_and(bitwise_right_shift(length(to_utf8(o.key)), 56), 255)]
        || transform(regexp_extract_all(to_hex(to_utf8(o.key)), '..'), x -> from_base(x, 16))
        || ARRAY[bitwise_and(bitwise_right_shift(length(to_utf8(o.version_id)), 0), 255), bitwise_and(bitwise_right_shift(length(to_utf8(o.version_id)), 8), 255), bitwise_and(bitwise_right_shift(length(to_utf8(o.version_id)), 16), 255), bitwise_and(bitwise_right_shift(length(to_utf8(o.version_id)), 24), 255), bitwise_and(bitwise_right_shift(length(to_utf8(o.version_id)), 32), 255), bitwise_and(bitwise_right_shift(length(to_utf8(o.version_id)), 40), 255), bitwise_and(bitwise_right_shift(length(to_utf8(o.version_id)), 48), 255), bitwise_and(bitwise_right_shift(length(to_utf8(o.version_id)), 56), 255)]
        || transform(regexp_extract_all(to_hex(to_utf8(o.version_id)), '..'), x -> from_base(x, 16)),
        -3750763034362895579,
        (fnv_h, fnv_b) -> bitwise_or(bitwise_left_shift(bitwise_and(((bitwise_right_shift((bitwise_and(bitwise_xor(fnv_h, fnv_b), 4294967295) * 435), 32) + bitwise_and((bitwise_right_shift(bitwise_xor(fnv_h, fnv_b), 32) * 435), 4294967295)) + bitwise_and((bitwise_and(bitwise_xor(fnv_h, fnv_b), 4294967295) * 256), 4294967295)), 4294967295), 32), bitwise_and((bitwise_and(bitwise_xor(fnv_h, fnv_b), 4294967295) * 435), 4294967295)),
        fnv_h -> fnv_h),
      (mix_z, mix_s) -> CASE mix_s
        WHEN 1 THEN bitwise_xor(mix_z, 0)
        WHEN 2 THEN bitwise_or(bitwise_left_shift(bitwise_and(((bitwise_right_shift(mix_z, 32) + 2654435769) + bitwise_right_shift((bitwise_and(mix_z, 4294967295) + 2135587861), 32)), 4294967295), 32), bitwise_and((bitwise_and(mix_z, 4294967295) + 2135587861), 4294967295))
        WHEN 3 THEN bitwise_xor(mix_z, bitwise_right_shift(mix_z, 30))
        WHEN 4 THEN bitwise_or(bitwise_left_shift(bitwise_and(((((((bitwise_right_shift((bitwise_and(mix_z, 4294967295) * 58809), 32) + bitwise_right_shift((bitwise_and(mix_z, 4294967295) * 7396), 16)) + bitwise_right_shift((bitwise_and((bitwise_and(mix_z, 4294967295) * 58809), 4294967295) + bitwise_left_shift(bitwise_and((bitwise_and(mix_z, 4294967295) * 7396), 65535), 16)), 32)) + bitwise_and((bitwise_right_shift(mix_z, 32) * 58809), 4294967295)) + bitwise_left_shift(bitwise_and((bitwise_right_shift(mix_z, 32) * 7396), 65535), 16)) + bitwise_and((bitwise_and(mix_z, 4294967295) * 18285), 4294967295)) + bitwise_left_shift(bitwise_and((bitwise_and(mix_z, 4294967295) * 48984), 65535), 16)), 4294967295), 32), bitwise_and((bitwise_and((bitwise_and(mix_z, 4294967295) * 58809), 4294967295) + bitwise_left_shift(bitwise_and((bitwise_and(mix_z, 4294967295) * 7396), 65535), 16)), 4294967295))
        WHEN 5 THEN bitwise_xor(mix_z, bitwise_right_shift(mix_z, 27))
        WHEN 6 THEN bitwise_or(bitwise_left_shift(bitwise_and(((((((bitwise_right_shift((bitwise_and(mix_z, 4294967295) * 4587), 32) + bitwise_right_shift((bitwise_and(mix_z, 4294967295) * 4913), 16)) + bitwise_right_shift((bitwise_and((bitwise_and(mix_z, 4294967295) * 4587), 4294967295) + bitwise_left_shift(bitwise_and((bitwise_and(mix_z, 4294967295) * 4913), 65535), 16)), 32)) + bitwise_and((bitwise_right_shift(mix_z, 32) * 4587), 4294967295)) + bitwise_left_shift(bitwise_and((bitwise_right_shift(mix_z, 32) * 4913), 65535), 16)) + bitwise_and((bitwise_and(mix_z, 4294967295) * 18875), 4294967295)) + bitwise_left_shift(bitwise_and((bitwise_and(mix_z, 4294967295) * 38096), 65535), 16)), 4294967295), 32), bitwise_and((bitwise_and((bitwise_and(mix_z, 4294967295) * 4587), 4294967295) + bitwise_left_shift(bitwise_and((bitwise_and(mix_z, 4294967295) * 4913), 65535), 16)), 4294967295))
        WHEN 7 THEN bitwise_xor(mix_z, bitwise_right_shift(mix_z, 31)) END,
      mix_z -> mix_z)) BETWEEN 0 AND 4611686018427387899) -- sample: NOT_SAMPLED (samplingPercentage 25, seed 0: scope.SampleHash below 25% of 2^64)
    ) AS job_2,
    ( -- job_3: "data-weekly-shared", run 1 (starts 2024-12-02T09:00:00Z): every existing object
      o.valid -- rows the dry run rejects are not read
      AND bs.bucket_name IS NOT NULL AND bs.selected_3 -- bucket: BUCKET_NOT_IN_INVENTORY, BUCKET_NOT_SELECTED (bucketCriteria)
      AND NOT coalesce(bs.denied_3, false) -- bucket: BUCKET_ACCESS_DENIED
      AND o.is_latest -- version: NONCURRENT_VERSION
      AND NOT o.is_delete_marker -- version: DELETE_MARKER
      AND (
      (starts_with(o.key, 'curated/') OR starts_with(o.key, 'exports/') OR starts_with(o.key, 'partner-share/')) -- s3JobDefinition.scoping.includes.and[0].simpleScopeTerm
    ) -- scope: NOT_INCLUDED
      AND o.storage_class IN ('STANDARD', 'REDUCED_REDUNDANCY', 'STANDARD_IA', 'ONEZONE_IA', 'INTELLIGENT_TIERING', 'GLACIER_IR') -- eligibility: STORAGE_CLASS
      AND NOT (o.storage_class = 'INTELLIGENT_TIERING' AND o.access_tier IN ('ARCHIVE', 'DEEP_ARCHIVE', 'ARCHIVE_ACCESS', 'DEEP_ARCHIVE_ACCESS')) -- eligibility: ARCHIVE_TIER
      AND o.file_type_limit IS NOT NULL -- eligibility: FILE_TYPE
      AND o.size <= o.file_type_limit -- eligibility: FILE_SIZE
      AND o.encryption_status NOT IN ('SSE-C') -- eligibility: ENCRYPTION
      AND o.last_modified <= TIMESTAMP '2024-12-02 09:00:00.000000000' -- increment: AFTER_RUN_START (the run's start)
    ) AS job_3,
    ( -- job_4: "finance-daily-documents", run 1 (starts 2024-12-02T09:00:00Z): every existing object
      o.valid -- rows the dry run rejects are not read
      AND CASE WHEN bs.bucket_name IS NULL THEN o.bucket IN ('acme-finance-docs') ELSE bs.selected_4 END -- bucket: BUCKET_NOT_SELECTED (bucketDefinitions: account and name where the bucket metadata has the bucket, else the name)
      AND NOT coalesce(bs.denied_4, false) -- bucket: BUCKET_ACCESS_DENIED
      AND o.is_latest -- version: NONCURRENT_VERSION
      AND NOT o.is_delete_marker -- version: DELETE_MARKER
      AND (
      (starts_with(o.key, 'invoices/') OR starts_with(o.key, 'statements/') OR starts_with(o.key, 'contracts/')) -- s3JobDefinition.scoping.includes.and[0].simpleScopeTerm
    ) -- scope: NOT_INCLUDED
      AND o.storage_class IN ('STANDARD', 'REDUCED_REDUNDANCY', 'STANDARD_IA', 'ONEZONE_IA', 'INTELLIGENT_TIERING', 'GLACIER_IR') -- eligibility: STORAGE_CLASS
      AND NOT (o.storage_class = 'INTELLIGENT_TIERING' AND o.access_tier IN ('ARCHIVE', 'DEEP_ARCHIVE', 'ARCHIVE_ACCESS', 'DEEP_ARCHIVE_ACCESS')) -- eligibility: ARCHIVE_TIER
      AND o.file_type_limit IS NOT NULL -- eligibility: FILE_TYPE
      AND o.size <= o.file_type_limit -- eligibility: FILE_SIZE
      AND o.encryption_status NOT IN ('SSE-C') -- eligibility: ENCRYPTION
      AND o.last_modified <= TIMESTAMP '2024-12-02 09:00:00.000000000' -- increment: AFTER_RUN_START (the run's start)
    ) AS job_4,
    ( -- job_5: "finance-drafts-one-time", its one run
      o.valid -- rows the dry run rejects are not read
      AND CASE WHEN bs.bucket_name IS NULL THEN o.bucket IN ('acme-finance-docs') ELSE bs.selected_5 END -- bucket: BUCKET_NOT_SELECTED (bucketDefinitions: account and name where the bucket metadata has the bucket, else the name)
      AND NOT coalesce(bs.denied_5, false) -- bucket: BUCKET_ACCESS_DENIED
      AND o.is_latest -- version: NONCURRENT_VERSION
      AND NOT o.is_delete_marker -- version: DELETE_MARKER
      AND (
      (starts_with(o.key, 'drafts/') OR starts_with(o.key, 'reports/') OR starts_with(o.key, 'budgets/')) -- s3JobDefinition.scoping.includes.and[0].simpleScopeTerm
    ) -- scope: NOT_INCLUDED
      AND o.storage_class IN ('STANDARD', 'REDUCED_REDUNDANCY', 'STANDARD_IA', 'ONEZONE_IA', 'INTELLIGENT_TIERING', 'GLACIER_IR') -- eligibility: STORAGE_CLASS
      AND NOT (o.storage_class = 'INTELLIGENT_TIERING' AND o.access_tier IN ('ARCHIVE', 'DEEP_ARCHIVE', 'ARCHIVE_ACCESS', 'DEEP_ARCHIVE_ACCESS')) -- eligibility: ARCHIVE_TIER
      AND o.file_type_limit IS NOT NULL -- eligibility: FILE_TYPE
      AND o.size <= o.file_type_limit -- eligibility: FILE_SIZE
      AND o.encryption_status NOT IN ('SSE-C') -- eligibility: ENCRYPTION
    ) AS job_5
  FROM objects o
  LEFT JOIN bucket_stage bs ON bs.bucket_name = o.bucket
),
counted AS (
  SELECT *,
    CASE WHEN job_1 THEN 1 ELSE 0 END
      + CASE WHEN job_2 THEN 1 ELSE 0 END
      + CASE WHEN job_3 THEN 1 ELSE 0 END
      + CASE WHEN job_4 THEN 1 ELSE 0 END
      + CASE WHEN job_5 THEN 1 ELSE 0 END AS scanners -- the jobs that analyze the row
  FROM covered
),
totals AS ( -- one row
  SELECT
    count_if(valid) AS read_objects,
    CAST(coalesce(sum(CASE WHEN valid THEN size ELSE 0 END), 0) AS bigint) AS read_bytes,
    count_if(NOT valid) AS rejected_rows,
    count_if(valid AND scanners = 0) AS none_objects,
    CAST(coalesce(sum(CASE WHEN valid AND scanners = 0 THEN size ELSE 0 END), 0) AS bigint) AS none_bytes,
    count_if(scanners = 1) AS one_objects,
    CAST(coalesce(sum(CASE WHEN scanners = 1 THEN size ELSE 0 END), 0) AS bigint) AS one_bytes,
    count_if(scanners > 1) AS many_objects,
    CAST(coalesce(sum(CASE WHEN scanners > 1 THEN size ELSE 0 END), 0) AS bigint) AS many_bytes,
    CAST(coalesce(sum(CASE WHEN scanners > 1 THEN scanners - 1 ELSE 0 END), 0) AS bigint) AS duplicate_objects,
    CAST(coalesce(sum(CASE WHEN scanners > 1 THEN (scanners - 1) * size ELSE 0 END), 0) AS bigint) AS duplicate_bytes,
    count_if(job_1) AS scanned_1_objects,
    CAST(coalesce(sum(CASE WHEN job_1 THEN size ELSE 0 END), 0) AS bigint) AS scanned_1_bytes,
    count_if(job_1 AND scanners = 1) AS own_1_objects,
    CAST(coalesce(sum(CASE WHEN job_1 AND scanners = 1 THEN size ELSE 0 END), 0) AS bigint) AS own_1_bytes,
    count_if(job_1 AND scanners > 1) AS shared_1_objects,
    CAST(coalesce(sum(CASE WHEN job_1 AND scanners > 1 THEN size ELSE 0 END), 0) AS bigint) AS shared_1_bytes,
    count_if(job_2) AS scanned_2_objects,
    CAST(coalesce(sum(CASE WHEN job_2 THEN size ELSE 0 END), 0) AS bigint) AS scanned_2_bytes,
    count_if(job_2 AND scanners = 1) AS own_2_objects,
    CAST(coalesce(sum(CASE WHEN job_2 AND scanners = 1 THEN size ELSE 0 END), 0) AS bigint) AS own_2_bytes,
    count_if(job_2 AND scanners > 1) AS shared_2_objects,
    CAST(coalesce(sum(CASE WHEN job_2 AND scanners > 1 THEN size ELSE 0 END), 0) AS bigint) AS shared_2_bytes,
    count_if(job_3) AS scanned_3_objects,
    CAST(coalesce(sum(CASE WHEN job_3 THEN size ELSE 0 END), 0) AS bigint) AS scanned_3_bytes,
    count_if(job_3 AND scanners = 1) AS own_3_objects,
    CAST(coalesce(sum(CASE WHEN job_3 AND scanners = 1 THEN size ELSE 0 END), 0) AS bigint) AS own_3_bytes,
    count_if(job_3 AND scanners > 1) AS shared_3_objects,
    CAST(coalesce(sum(CASE WHEN job_3 AND scanners > 1 THEN size ELSE 0 END), 0) AS bigint) AS shared_3_bytes,
    count_if(job_4) AS scanned_4_objects,
    CAST(coalesce(sum(CASE WHEN job_4 THEN size ELSE 0 END), 0) AS bigint) AS scanned_4_bytes,
    count_if(job_4 AND scanners = 1) AS own_4_objects,
    CAST(coalesce(sum(CASE WHEN job_4 AND scanners = 1 THEN size ELSE 0 END), 0) AS bigint) AS own_4_bytes,
    count_if(job_4 AND scanners > 1) AS shared_4_objects,
    CAST(coalesce(sum(CASE WHEN job_4 AND scanners > 1 THEN size ELSE 0 END), 0) AS bigint) AS shared_4_bytes,
    count_if(job_5) AS scanned_5_objects,
    CAST(coalesce(sum(CASE WHEN job_5 THEN size ELSE 0 END), 0) AS bigint) AS scanned_5_bytes,
    count_if(job_5 AND scanners = 1) AS own_5_objects,
    CAST(coalesce(sum(CASE WHEN job_5 AND scanners = 1 THEN size ELSE 0 END), 0) AS bigint) AS own_5_bytes,
    count_if(job_5 AND scanners > 1) AS shared_5_objects,
    CAST(coalesce(sum(CASE WHEN job_5 AND scanners > 1 THEN size ELSE 0 END), 0) AS bigint) AS shared_5_bytes,
    count_if(job_1 AND job_2) AS overlap_1_2_objects,
    CAST(coalesce(sum(CASE WHEN job_1 AND job_2 THEN size ELSE 0 END), 0) AS bigint) AS overlap_1_2_bytes,
    count_if(job_1 AND job_3) AS overlap_1_3_objects,
    CAST(coalesce(sum(CASE WHEN job_1 AND job_3 THEN size ELSE 0 END), 0) AS bigint) AS overlap_1_3_bytes,
    count_if(job_1 AND job_4) AS overlap_1_4_objects,
    CAST(coalesce(sum(CASE WHEN job_1 AND job_4 THEN size ELSE 0 END), 0) AS bigint) AS overlap_1_4_bytes,
    count_if(job_1 AND job_5) AS overlap_1_5_objects,
    CAST(coalesce(sum(CASE WHEN job_1 AND job_5 THEN size ELSE 0 END), 0) AS bigint) AS overlap_1_5_bytes,
    count_if(job_2 AND job_3) AS overlap_2_3_objects,
    CAST(coalesce(sum(CASE WHEN job_2 AND job_3 THEN size ELSE 0 END), 0) AS bigint) AS overlap_2_3_bytes,
    count_if(job_2 AND job_4) AS overlap_2_4_objects,
    CAST(coalesce(sum(CASE WHEN job_2 AND job_4 THEN size ELSE 0 END), 0) AS bigint) AS overlap_2_4_bytes,
    count_if(job_2 AND job_5) AS overlap_2_5_objects,
    CAST(coalesce(sum(CASE WHEN job_2 AND job_5 THEN size ELSE 0 END), 0) AS bigint) AS overlap_2_5_bytes,
    count_if(job_3 AND job_4) AS overlap_3_4_objects,
    CAST(coalesce(sum(CASE WHEN job_3 AND job_4 THEN size ELSE 0 END), 0) AS bigint) AS overlap_3_4_bytes,
    count_if(job_3 AND job_5) AS overlap_3_5_objects,
    CAST(coalesce(sum(CASE WHEN job_3 AND job_5 THEN size ELSE 0 END), 0) AS bigint) AS overlap_3_5_bytes,
    count_if(job_4 AND job_5) AS overlap_4_5_objects,
    CAST(coalesce(sum(CASE WHEN job_4 AND job_5 THEN size ELSE 0 END), 0) AS bigint) AS overlap_4_5_bytes
  FROM counted
)
SELECT m.measure, m.job, m.other_job, m.objects, m.bytes
FROM totals
CROSS JOIN unnest(
  ARRAY['read', 'rejected', 'none', 'one', 'many', 'duplicate', 'scanned', 'own', 'shared', 'scanned', 'own', 'shared', 'scanned', 'own', 'shared', 'scanned', 'own', 'shared', 'scanned', 'own', 'shared', 'overlap', 'overlap', 'overlap', 'overlap', 'overlap', 'overlap', 'overlap', 'overlap', 'overlap', 'overlap'],
  ARRAY[CAST(NULL AS varchar), NULL, NULL, NULL, NULL, NULL, 'weekly-confidential-data-scan', 'weekly-confidential-data-scan', 'weekly-confidential-data-scan', 'data-monthly-sandbox-sample', 'data-monthly-sandbox-sample', 'data-monthly-sandbox-sample', 'data-weekly-shared', 'data-weekly-shared', 'data-weekly-shared', 'finance-daily-documents', 'finance-daily-documents', 'finance-daily-documents', 'finance-drafts-one-time', 'finance-drafts-one-time', 'finance-drafts-one-time', 'weekly-confidential-data-scan', 'weekly-confidential-data-scan', 'weekly-confidential-data-scan', 'weekly-confidential-data-scan', 'data-monthly-sandbox-sample', 'data-monthly-sandbox-sample', 'data-monthly-sandbox-sample', 'data-weekly-shared', 'data-weekly-shared', 'finance-daily-documents'],
  ARRAY[CAST(NULL AS varchar), NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'data-monthly-sandbox-sample', 'data-weekly-shared', 'finance-daily-documents', 'finance-drafts-one-time', 'data-weekly-shared', 'finance-daily-documents', 'finance-drafts-one-time', 'finance-daily-documents', 'finance-drafts-one-time', 'finance-drafts-one-time'],
  ARRAY[read_objects, rejected_rows, none_objects, one_objects, many_objects, duplicate_objects, scanned_1_objects, own_1_objects, shared_1_objects, scanned_2_objects, own_2_objects, shared_2_objects, scanned_3_objects, own_3_objects, shared_3_objects, scanned_4_objects, own_4_objects, shared_4_objects, scanned_5_objects, own_5_objects, shared_5_objects, overlap_1_2_objects, overlap_1_3_objects, overlap_1_4_objects, overlap_1_5_objects, overlap_2_3_objects, overlap_2_4_objects, overlap_2_5_objects, overlap_3_4_objects, overlap_3_5_objects, overlap_4_5_objects],
  ARRAY[read_bytes, NULL, none_bytes, one_bytes, many_bytes, duplicate_bytes, scanned_1_bytes, own_1_bytes, shared_1_bytes, scanned_2_bytes, own_2_bytes, shared_2_bytes, scanned_3_bytes, own_3_bytes, shared_3_bytes, scanned_4_bytes, own_4_bytes, shared_4_bytes, scanned_5_bytes, own_5_bytes, shared_5_bytes, overlap_1_2_bytes, overlap_1_3_bytes, overlap_1_4_bytes, overlap_1_5_bytes, overlap_2_3_bytes, overlap_2_4_bytes, overlap_2_5_bytes, overlap_3_4_bytes, overlap_3_5_bytes, overlap_4_5_bytes]
) WITH ORDINALITY AS m (measure, job, other_job, objects, bytes, n)
WHERE m.measure <> 'overlap' OR m.objects > 0
ORDER BY CASE WHEN m.measure = 'overlap' THEN m.bytes END DESC NULLS FIRST, m.n
;
