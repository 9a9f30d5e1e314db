package athena

import (
	"cmp"
	"strings"
)

// typedColumns are the column types of a Parquet or ORC report, as AWS's
// Athena table for them declares them.
var typedColumns = map[string]string{
	"IsLatest": "boolean", "IsDeleteMarker": "boolean", "Size": "bigint", "LastModifiedDate": "timestamp",
	"IsMultipartUploaded": "boolean", "ObjectLockRetainUntilDate": "bigint",
}

// hiveFormats are the SerDe and the output format of each kind of report
// in Athena's DDL.
var hiveFormats = map[Kind]struct{ serde, output string }{
	CSV:     {"org.apache.hadoop.hive.serde2.OpenCSVSerde", "org.apache.hadoop.hive.ql.io.IgnoreKeyTextOutputFormat"},
	Parquet: {"org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe", "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat"},
	ORC:     {"org.apache.hadoop.hive.ql.io.orc.OrcSerde", "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat"},
}

// hiveName renders a table name for Athena DDL, which is Hive's: every
// dot-separated part in backquotes.
func hiveName(s string) string {
	parts := strings.Split(s, ".")
	for i, p := range parts {
		p = strings.Trim(p, `"`)
		parts[i] = "`" + strings.ReplaceAll(p, "`", "``") + "`"
	}
	return strings.Join(parts, ".")
}

// ddl writes the definitions of the tables the queries read.
func (g *gen) ddl() string {
	s := g.d.inventoryDDL(&g.t)
	if g.bucketJoin() {
		s += "\n" + g.d.bucketsDDL(g.bt)
	}
	return s
}

// inventoryDDL is Hive's DDL of an S3 Inventory report, as AWS documents
// it ("Querying Amazon S3 Inventory with Amazon Athena"), with partition
// projection over dt.
func (*trino) inventoryDDL(t *Table) string {
	var b strings.Builder
	if t.Kind == Metadata {
		b.WriteString("-- " + comment(tableName(t.Name)) + " is an S3 Metadata live inventory table, which S3 creates and keeps up to date\n")
		b.WriteString("-- in the AWS managed table bucket aws-s3 (S3 Tables): in Athena it is\n")
		b.WriteString("-- \"s3tablescatalog/aws-s3\".\"b_BUCKET\".\"inventory\" (pass that name as the table). It has no DDL to run.\n")
		b.WriteString("-- The queries read its columns bucket, key, sequence_number, version_id, is_delete_marker, size,\n")
		b.WriteString("-- last_modified_date, storage_class, encryption_status and object_tags (map(varchar, varchar)).\n")
		return b.String()
	}
	loc := cmp.Or(t.Location, "s3://amzn-s3-demo-destination-bucket/PREFIX/SOURCE-BUCKET/CONFIG-ID/hive/")
	switch t.Kind {
	case CSV:
		b.WriteString("-- The S3 Inventory report in CSV, as AWS documents the Athena table (\"Querying Amazon S3 Inventory with\n")
		b.WriteString("-- Amazon Athena\"), with every column a string: the queries read the fields as S3 writes them.\n")
	default:
		b.WriteString("-- The S3 Inventory report in " + strings.ToUpper(string(t.Kind)) + ", as AWS documents the Athena table (\"Querying Amazon S3 Inventory\n")
		b.WriteString("-- with Amazon Athena\"), typed columns.\n")
	}
	b.WriteString("-- LOCATION is the report configuration's hive/ folder, whose dt=YYYY-MM-DD-HH-MM folders list each report's\n")
	b.WriteString("-- data files; the fields are the configuration's (the manifest's fileSchema), in its order.\n")
	b.WriteString("CREATE EXTERNAL TABLE IF NOT EXISTS " + hiveName(t.Name) + " (\n")
	var cols []string
	for _, f := range t.Fields {
		typ := "string"
		if t.Kind != CSV {
			if ty, ok := typedColumns[f]; ok {
				typ = ty
			}
		}
		cols = append(cols, "  `"+columnName(f)+"` "+typ)
	}
	b.WriteString(strings.Join(cols, ",\n") + "\n)\nPARTITIONED BY (`dt` string)\n")
	f := hiveFormats[t.Kind]
	b.WriteString("ROW FORMAT SERDE '" + f.serde + "'\n")
	b.WriteString("STORED AS INPUTFORMAT 'org.apache.hadoop.hive.ql.io.SymlinkTextInputFormat'\n")
	b.WriteString("OUTPUTFORMAT '" + f.output + "'\n")
	b.WriteString("LOCATION " + str(loc) + "\n")
	b.WriteString("TBLPROPERTIES (\n")
	b.WriteString("  'projection.enabled' = 'true',\n")
	b.WriteString("  'projection.dt.type' = 'date',\n")
	b.WriteString("  'projection.dt.format' = 'yyyy-MM-dd-HH-mm',\n")
	b.WriteString("  'projection.dt.range' = '2022-01-01-00-00,NOW',\n")
	b.WriteString("  'projection.dt.interval' = '1',\n")
	b.WriteString("  'projection.dt.interval.unit' = 'HOURS'\n")
	b.WriteString(");\n")
	return b.String()
}

// bucketsDDL is the bucket metadata table over describe-buckets output
// as JSON lines.
func (*trino) bucketsDDL(bt Buckets) string {
	var b strings.Builder
	loc := cmp.Or(bt.Location, "s3://amzn-s3-demo-bucket/macie-buckets/")
	b.WriteString("-- The bucket metadata: aws macie2 describe-buckets output, one bucket a line, in its own S3 folder:\n")
	b.WriteString("--   aws macie2 describe-buckets --output json | jq -c '.buckets[]' > buckets.jsonl\n")
	b.WriteString("--   aws s3 cp buckets.jsonl " + comment(loc) + "\n")
	b.WriteString("-- The OpenX JSON SerDe matches member names without regard to case (accountId is accountid) and\n")
	b.WriteString("-- ignores the members the table does not list.\n")
	b.WriteString("CREATE EXTERNAL TABLE IF NOT EXISTS " + hiveName(bt.Name) + " (\n")
	b.WriteString("  `accountid` string,\n")
	b.WriteString("  `bucketname` string,\n")
	b.WriteString("  `publicaccess` struct<effectivepermission:string>,\n")
	b.WriteString("  `sharedaccess` string,\n")
	b.WriteString("  `tags` array<struct<key:string,value:string>>,\n")
	b.WriteString("  `errorcode` string\n")
	b.WriteString(")\nROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'\n")
	b.WriteString("LOCATION " + str(loc) + ";\n")
	return b.String()
}

// inventoryDDL is a view of the table's data files: a report's, with the
// dt partition when the table names it, or an S3 Metadata table's export
// in Parquet.
func (*duckdb) inventoryDDL(t *Table) string {
	var b strings.Builder
	name := tableName(t.Name)
	def := map[Kind]string{CSV: "data/*.csv.gz", Parquet: "data/*.parquet", Metadata: "metadata/*.parquet"}[t.Kind]
	src := str(cmp.Or(t.Location, def))
	if len(t.Files) > 0 {
		src = strList(t.Files)
		src = "[" + src[1:len(src)-1] + "]"
	}
	if t.Kind == Metadata {
		b.WriteString("-- An S3 Metadata live inventory table, read from Parquet files that hold its rows: an export of the\n")
		b.WriteString("-- table (its Iceberg data files alone would miss its deletes). The view has the columns the queries read.\n")
		b.WriteString("CREATE OR REPLACE VIEW " + name + " AS\n")
		b.WriteString("SELECT \"bucket\", \"key\", \"sequence_number\", \"version_id\", \"is_delete_marker\", \"size\", \"last_modified_date\",\n")
		b.WriteString("  \"storage_class\", \"encryption_status\", \"object_tags\"\n")
		b.WriteString("FROM read_parquet(" + src + ");\n")
		return b.String()
	}
	if t.Kind == Parquet {
		b.WriteString("-- The S3 Inventory report in Parquet: its data files.\n")
	} else {
		b.WriteString("-- The S3 Inventory report in CSV: its gzip-compressed data files, no header, every field quoted, the\n")
		b.WriteString("-- columns of the manifest's fileSchema in its order, all read as strings.\n")
	}
	sel := "*"
	if t.Partition != "" {
		b.WriteString("-- dt is the report's partition, as in Athena's table: every row of these files is in it.\n")
		sel += ", " + str(t.Partition) + " AS " + ident("dt")
	}
	b.WriteString("CREATE OR REPLACE VIEW " + name + " AS\nSELECT " + sel + " FROM ")
	if t.Kind == Parquet {
		b.WriteString("read_parquet(" + src + ");\n")
		return b.String()
	}
	var cols []string
	for _, f := range t.Fields {
		cols = append(cols, str(columnName(f))+": 'VARCHAR'")
	}
	b.WriteString("read_csv(" + src + ",\n")
	b.WriteString("  header = false, auto_detect = false, delim = ',', quote = '\"', escape = '\"',\n")
	b.WriteString("  columns = {" + strings.Join(cols, ", ") + "});\n")
	return b.String()
}

// bucketsDDL is the bucket metadata table, read from describe-buckets
// output.
func (*duckdb) bucketsDDL(bt Buckets) string {
	var b strings.Builder
	loc := cmp.Or(bt.Location, "buckets.json")
	b.WriteString("-- The bucket metadata, read from aws macie2 describe-buckets output.\n")
	b.WriteString("CREATE OR REPLACE TABLE " + tableName(bt.Name) + " AS\n")
	b.WriteString(`SELECT b.accountId AS accountid, b.bucketName AS bucketname,
  {'effectivepermission': b.publicAccess.effectivePermission} AS publicaccess,
  b.sharedAccess AS sharedaccess,
  list_transform(b.tags, lambda t: {'key': t."key", 'value': t."value"}) AS tags,
  b.errorCode AS errorcode
`)
	b.WriteString("FROM (SELECT unnest(buckets) AS b FROM read_json(" + str(loc) + `, columns = {'buckets': 'STRUCT(accountId VARCHAR, bucketName VARCHAR, publicAccess STRUCT(effectivePermission VARCHAR), sharedAccess VARCHAR, tags STRUCT("key" VARCHAR, "value" VARCHAR)[], errorCode VARCHAR)[]'}));
`)
	return b.String()
}
