package inventory

import (
	"fmt"
	"strings"
)

// csvColumns are the columns the CSV reader reads; it skips every other
// column of a fileSchema.
const csvColumns = ColBucket | ColKey | ColVersionID | ColIsLatest | ColIsDeleteMarker | ColSize |
	ColLastModified | ColStorageClass | ColEncryptionStatus | ColIntelligentTieringAccessTier

// isInventoryField reports whether name is a field S3 Inventory's CSV
// fileSchema can name, which makes a header line recognizable.
func isInventoryField(name string) bool {
	c, ok := ParseColumn(name)
	return ok && c != ColTags || name == "LifecycleExpirationDate"
}

// csvSchema is a parsed fileSchema.
type csvSchema struct {
	names []string // the column of each field, as the fileSchema spells it
	codes []Column // the column each field is read as; 0 when it is skipped
	cols  Column   // the columns read (without a defaulted Bucket)
}

// parseFileSchema parses a CSV fileSchema: names separated by commas,
// spaces around them ignored. Names the reader does not read are skipped;
// an empty name, a repeated name and a schema without Key are errors.
func parseFileSchema(s string) (*csvSchema, error) {
	parts := strings.Split(s, ",")
	return schemaOf(parts)
}

func schemaOf(parts []string) (*csvSchema, error) {
	sc := &csvSchema{names: make([]string, len(parts)), codes: make([]Column, len(parts))}
	seen := make(map[string]bool, len(parts))
	for i, p := range parts {
		p = strings.TrimSpace(p)
		if p == "" {
			return nil, fmt.Errorf("fileSchema: column %d has no name", i+1)
		}
		if seen[p] {
			return nil, fmt.Errorf("fileSchema: column %q appears twice", p)
		}
		seen[p] = true
		sc.names[i] = p
		if c, ok := ParseColumn(p); ok && csvColumns.Has(c) {
			sc.codes[i] = c
			sc.cols |= c
		}
	}
	if sc.cols&ColKey == 0 {
		return nil, fmt.Errorf("fileSchema %q has no Key column", strings.Join(sc.names, ", "))
	}
	return sc, nil
}

// headerSchema returns the schema a header line names, or nil when the
// fields are not all S3 Inventory field names.
func headerSchema(fields []string) *csvSchema {
	for _, f := range fields {
		if !isInventoryField(f) {
			return nil
		}
	}
	sc, err := schemaOf(fields)
	if err != nil {
		return nil
	}
	return sc
}
