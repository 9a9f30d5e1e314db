package athena

import (
	"fmt"

	"github.com/jobscope/jobscope/internal/names"
	"github.com/jobscope/jobscope/inventory"
)

// A source is one kind of table: the S3 Inventory fields it has, and how
// it reads each into the src CTE, NULL-free, so that every later
// condition is true or false, never NULL (see srcColumns).
type source interface {
	// has are the fields the table has; ColTags is the object tags.
	has() inventory.Column
	// read is the value of the field f, which the table has, and a
	// comment on it.
	read(d dialect, f inventory.Column) (expr, comment string)
}

// newSource is the source of t, whose Kind and Fields are set; it checks
// Fields and SourceBucket.
func newSource(t *Table) (source, error) {
	if t.Kind == Metadata {
		return metadataTable{}, nil
	}
	var fields inventory.Column
	seen := map[string]bool{}
	for _, f := range t.Fields {
		if seen[f] {
			return nil, optionError("Table.Fields", fmt.Sprintf("%s appears twice", f))
		}
		seen[f] = true
		if c, ok := inventory.ParseColumn(f); ok && c != inventory.ColTags {
			fields |= c
		}
	}
	if !fields.Has(inventory.ColKey) {
		return nil, optionError("Table.Fields", "the table needs the Key field")
	}
	if !fields.Has(inventory.ColBucket) && t.SourceBucket == "" {
		return nil, optionError("Table.SourceBucket", "the table has no Bucket field: name the report's source bucket")
	}
	if t.Kind == CSV {
		return csvReport{fields}, nil
	}
	return typedReport{fields}, nil
}

// reportFields are the fields of an S3 Inventory report, in S3's order:
// every inventory.Column but ColTags.
func reportFields() []string {
	var all inventory.Column
	for _, c := range all.Values() {
		if c != inventory.ColTags {
			all |= c
		}
	}
	return all.Names()
}

// columnName is the Athena column name of an S3 Inventory field
// (LastModifiedDate → last_modified_date, ETag → e_tag).
func columnName(field string) string {
	return names.Snake(field)
}

// column is the column that holds the field f: its Athena name, and
// object_tags, an S3 Metadata table's, for ColTags.
func column(f inventory.Column) string {
	if f == inventory.ColTags {
		return "object_tags"
	}
	return columnName(f.String())
}

// describe names the kind in a header and in errors.
func (k Kind) describe() string {
	switch k {
	case CSV:
		return "S3 Inventory, CSV"
	case Parquet:
		return "S3 Inventory, Parquet"
	case ORC:
		return "S3 Inventory, ORC"
	}
	return "S3 Metadata live inventory"
}

// srcFields are the columns of the src CTE, in order: the field each
// reads, and, for a field the table lacks, what stands for it — what the
// dry run assumes without it. A field with no stand-in is left out (the
// bucket's is the report's source bucket; the key is never missing).
var srcFields = []struct {
	name           string
	field          inventory.Column
	absent, reason string
}{
	{"bucket", inventory.ColBucket, "", "the report's source bucket"},
	{"key", inventory.ColKey, "", ""},
	{"version_id", inventory.ColVersionID, "''", "no VersionId: unversioned"},
	{"is_latest", inventory.ColIsLatest, "true", "no IsLatest: current versions only"},
	{"is_delete_marker", inventory.ColIsDeleteMarker, "false", "no IsDeleteMarker: current versions only"},
	{"size_raw", inventory.ColSize, "CAST(NULL AS bigint)", "no Size: sizes are unknown (0) and the quotas not checked"},
	{"last_modified", inventory.ColLastModified, "CAST(NULL AS timestamp)", "no LastModifiedDate"},
	{"storage_class", inventory.ColStorageClass, "'STANDARD'", "no StorageClass: assumed STANDARD, as the dry run does"},
	{"access_tier", inventory.ColIntelligentTieringAccessTier, "''", "no IntelligentTieringAccessTier: no object is known to be archived, as the dry run assumes"},
	{"encryption_status", inventory.ColEncryptionStatus, "'SSE-S3'", "no EncryptionStatus: assumed SSE-S3 (the S3 default), as the dry run does"},
	{"object_tags", inventory.ColTags, "", ""},
}

// srcColumns are the select list of the src CTE.
func (g *gen) srcColumns() []string {
	var cols []string
	for _, c := range srcFields {
		var expr, comment string
		switch {
		case g.src.has().Has(c.field):
			expr, comment = g.src.read(g.d, c.field)
		case c.field == inventory.ColBucket:
			expr, comment = str(g.t.SourceBucket), c.reason
		case c.absent == "":
			continue
		default:
			expr, comment = c.absent, c.reason
		}
		s := expr + " AS " + c.name
		if comment != "" {
			s += " -- " + comment
		}
		cols = append(cols, s)
	}
	return cols
}

// readText reads a string field the same way in every kind of table.
func readText(d dialect, f inventory.Column) (string, string) {
	col := ident(column(f))
	switch f {
	case inventory.ColBucket, inventory.ColKey, inventory.ColTags:
		return col, ""
	case inventory.ColStorageClass:
		return d.fn("coalesce", d.fn("nullif", col, "''"), "'STANDARD'"), "none is STANDARD"
	}
	return d.fn("coalesce", col, "''"), ""
}

// csvReport is an S3 Inventory report in CSV: every column a string,
// empty for none. S3 Inventory writes keys URL-encoded as url.QueryEscape
// does, a space as "+" and a plus sign as "%2B" (see the dialects'
// urlDecode).
type csvReport struct{ fields inventory.Column }

func (s csvReport) has() inventory.Column { return s.fields }

func (csvReport) read(d dialect, f inventory.Column) (string, string) {
	col := ident(column(f))
	asText := "CAST(" + col + " AS varchar)"
	switch f {
	case inventory.ColKey:
		return d.urlDecode(col)
	case inventory.ColIsLatest:
		return d.fn("coalesce", asText, "'true'") + " <> 'false'", ""
	case inventory.ColIsDeleteMarker:
		return d.fn("coalesce", asText, "''") + " = 'true'", ""
	case inventory.ColSize:
		return "CAST(" + d.fn("nullif", asText, "''") + " AS bigint)", "empty for a delete marker"
	case inventory.ColLastModified:
		return d.parseTimestamp(d.fn("nullif", col, "''"))
	}
	return readText(d, f)
}

// typedReport is an S3 Inventory report in Parquet or ORC: typed columns
// (see typedColumns), keys as they are.
type typedReport struct{ fields inventory.Column }

func (s typedReport) has() inventory.Column { return s.fields }

func (typedReport) read(d dialect, f inventory.Column) (string, string) {
	col := ident(column(f))
	switch f {
	case inventory.ColIsLatest:
		return d.fn("coalesce", col, "true"), ""
	case inventory.ColIsDeleteMarker:
		return d.fn("coalesce", col, "false"), ""
	case inventory.ColSize:
		return col, ""
	case inventory.ColLastModified:
		return d.utcTimestamp(col, false), "UTC"
	}
	return readText(d, f)
}

// metadataTable is an S3 Metadata live inventory table: typed as a
// report, last_modified_date with a time zone, one row per version (the
// latest has the greatest sequence_number of its key), and the object
// tags in the map object_tags.
type metadataTable struct{}

func (metadataTable) has() inventory.Column {
	return inventory.ColBucket | inventory.ColKey | inventory.ColVersionID | inventory.ColIsLatest | inventory.ColIsDeleteMarker |
		inventory.ColSize | inventory.ColLastModified | inventory.ColStorageClass | inventory.ColEncryptionStatus | inventory.ColTags
}

func (metadataTable) read(d dialect, f inventory.Column) (string, string) {
	switch f {
	case inventory.ColIsLatest:
		seq := ident("sequence_number")
		return d.fn("coalesce", seq+" = "+d.fn("max", seq)+" OVER (PARTITION BY "+ident(column(inventory.ColBucket))+", "+ident(column(inventory.ColKey))+")", "true"),
			"the latest version has the greatest sequence_number"
	case inventory.ColLastModified:
		return d.utcTimestamp(ident(column(f)), true), "UTC"
	}
	return typedReport{}.read(d, f)
}
