package athena_test

import (
	"fmt"
	"log"
	"strings"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/athena"
)

func ExampleGenerate() {
	job, err := jobscope.Load(strings.NewReader(`{
		"name": "finance reports", "jobType": "ONE_TIME",
		"s3JobDefinition": {
			"bucketDefinitions": [{"accountId": "111122223333", "buckets": ["finance-exports"]}],
			"scoping": {"includes": {"and": [{"simpleScopeTerm": {
				"comparator": "STARTS_WITH", "key": "OBJECT_KEY", "values": ["reports/"]}}]}}}}`),
		jobscope.Limits{}, jobscope.Options{})
	if err != nil {
		log.Fatal(err)
	}
	q, err := athena.Generate(job, athena.Options{Table: athena.Table{Partition: "2024-12-01-01-00"}})
	if err != nil {
		log.Fatal(err)
	}
	// The end of the object list: one check per stage, in the dry run's
	// order, each with the reason the dry run gives for a row it fails.
	fmt.Print(q.Objects[strings.Index(q.Objects, "\nSELECT ")+1:])
	for _, n := range q.Notes {
		fmt.Println("note:", n)
	}
	// Output:
	// SELECT o.bucket, o.key, nullif(o.version_id, '') AS version_id, o.size, o.last_modified
	// FROM objects o
	// WHERE o.valid -- rows the dry run rejects are not read
	//   AND o.bucket IN ('finance-exports') -- bucket: BUCKET_NOT_SELECTED (bucketDefinitions, by name)
	//   AND o.is_latest -- version: NONCURRENT_VERSION
	//   AND NOT o.is_delete_marker -- version: DELETE_MARKER
	//   AND (
	//       (starts_with(o.key, 'reports/')) -- s3JobDefinition.scoping.includes.and[0].simpleScopeTerm
	//     ) -- scope: NOT_INCLUDED
	//   AND o.storage_class IN ('STANDARD', 'REDUCED_REDUNDANCY', 'STANDARD_IA', 'ONEZONE_IA', 'INTELLIGENT_TIERING', 'GLACIER_IR') -- eligibility: STORAGE_CLASS
	//   AND NOT (o.storage_class = 'INTELLIGENT_TIERING' AND o.access_tier IN ('ARCHIVE', 'DEEP_ARCHIVE', 'ARCHIVE_ACCESS', 'DEEP_ARCHIVE_ACCESS')) -- eligibility: ARCHIVE_TIER
	//   AND o.file_type_limit IS NOT NULL -- eligibility: FILE_TYPE
	//   AND o.size <= o.file_type_limit -- eligibility: FILE_SIZE
	//   AND o.encryption_status NOT IN ('SSE-C') -- eligibility: ENCRYPTION
	// note: Keys are URL-decoded by url_decode, which reads + as a space and %2B as a plus sign, as S3 Inventory encodes them and the dry run decodes them.
}
