package inventory

import (
	"fmt"
	"strings"
)

// colCode is what the CSV reader does with a column.
type colCode uint8

const (
	cSkip colCode = iota
	cBucket
	cKey
	cVersionID
	cIsLatest
	cIsDeleteMarker
	cSize
	cLastModified
	cStorageClass
	cEncryptionStatus
	cAccessTier
)

// readColumns are the fileSchema names the reader reads, and what they are.
var readColumns = map[string]struct {
	code colCode
	col  Column
}{
	"Bucket":           {cBucket, ColBucket},
	"Key":              {cKey, ColKey},
	"VersionId":        {cVersionID, ColVersionID},
	"IsLatest":         {cIsLatest, ColIsLatest},
	"IsDeleteMarker":   {cIsDeleteMarker, ColIsDeleteMarker},
	"Size":             {cSize, ColSize},
	"LastModifiedDate": {cLastModified, ColLastModified},
	"StorageClass":     {cStorageClass, ColStorageClass},
	"EncryptionStatus": {cEncryptionStatus, ColEncryptionStatus},

	"IntelligentTieringAccessTier": {cAccessTier, ColIntelligentTieringAccessTier},
}

// inventoryFields are every field S3 Inventory's CSV fileSchema can name;
// the reader skips those it does not read. They make a header line
// recognizable.
var inventoryFields = map[string]bool{
	"Bucket": true, "Key": true, "VersionId": true, "IsLatest": true, "IsDeleteMarker": true, "Size": true,
	"LastModifiedDate": true, "ETag": true, "StorageClass": true, "IsMultipartUploaded": true,
	"ReplicationStatus": true, "EncryptionStatus": true, "ObjectLockRetainUntilDate": true,
	"ObjectLockMode": true, "ObjectLockLegalHoldStatus": true, "IntelligentTieringAccessTier": true,
	"BucketKeyStatus": true, "ChecksumAlgorithm": true, "ObjectAccessControlList": true, "ObjectOwner": true,
	"LifecycleExpirationDate": true,
}

// csvSchema is a parsed fileSchema.
type csvSchema struct {
	names []string  // the column of each field, as the fileSchema spells it
	codes []colCode // what to do with each field
	cols  Column    // the columns read (without a defaulted Bucket)
}

// parseFileSchema parses a CSV fileSchema: names separated by commas,
// spaces around them ignored. Names the reader does not read are skipped;
// an empty name, a repeated name and a schema without Key are errors.
func parseFileSchema(s string) (*csvSchema, error) {
	parts := strings.Split(s, ",")
	return schemaOf(parts)
}

func schemaOf(parts []string) (*csvSchema, error) {
	sc := &csvSchema{names: make([]string, len(parts)), codes: make([]colCode, len(parts))}
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
		if rc, ok := readColumns[p]; ok {
			sc.codes[i] = rc.code
			sc.cols |= rc.col
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
		if !inventoryFields[f] {
			return nil
		}
	}
	sc, err := schemaOf(fields)
	if err != nil {
		return nil
	}
	return sc
}
