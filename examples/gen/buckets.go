package main

import (
	"bytes"
	"encoding/json"
	"slices"
	"time"

	"github.com/jobscope/jobscope/scope"
)

// The shapes of `aws macie2 describe-buckets` output (BucketMetadata and
// its members), members in the order the AWS CLI prints them.
type (
	describeBucketsOutput struct {
		Buckets []bucketMetadata `json:"buckets"`
	}
	bucketMetadata struct {
		AccountID                          string             `json:"accountId"`
		AllowsUnencryptedObjectUploads     string             `json:"allowsUnencryptedObjectUploads"`
		AutomatedDiscoveryMonitoringStatus string             `json:"automatedDiscoveryMonitoringStatus"`
		BucketArn                          string             `json:"bucketArn"`
		BucketCreatedAt                    string             `json:"bucketCreatedAt"`
		BucketName                         string             `json:"bucketName"`
		ClassifiableObjectCount            int64              `json:"classifiableObjectCount"`
		ClassifiableSizeInBytes            int64              `json:"classifiableSizeInBytes"`
		JobDetails                         jobDetails         `json:"jobDetails"`
		LastAutomatedDiscoveryTime         string             `json:"lastAutomatedDiscoveryTime"`
		LastUpdated                        string             `json:"lastUpdated"`
		ObjectCount                        int64              `json:"objectCount"`
		ObjectCountByEncryptionType        encryptionCounts   `json:"objectCountByEncryptionType"`
		PublicAccess                       publicAccess       `json:"publicAccess"`
		Region                             string             `json:"region"`
		ReplicationDetails                 replicationDetails `json:"replicationDetails"`
		SensitivityScore                   int                `json:"sensitivityScore"`
		ServerSideEncryption               serverSideEnc      `json:"serverSideEncryption"`
		SharedAccess                       string             `json:"sharedAccess"`
		SizeInBytes                        int64              `json:"sizeInBytes"`
		SizeInBytesCompressed              int64              `json:"sizeInBytesCompressed"`
		Tags                               []keyValue         `json:"tags"`
		UnclassifiableObjectCount          objectLevel        `json:"unclassifiableObjectCount"`
		UnclassifiableObjectSizeInBytes    objectLevel        `json:"unclassifiableObjectSizeInBytes"`
		Versioning                         bool               `json:"versioning"`
	}
	jobDetails struct {
		IsDefinedInJob   string `json:"isDefinedInJob"`
		IsMonitoredByJob string `json:"isMonitoredByJob"`
	}
	encryptionCounts struct {
		CustomerManaged int64 `json:"customerManaged"`
		KMSManaged      int64 `json:"kmsManaged"`
		S3Managed       int64 `json:"s3Managed"`
		Unencrypted     int64 `json:"unencrypted"`
		Unknown         int64 `json:"unknown"`
	}
	publicAccess struct {
		EffectivePermission     string                  `json:"effectivePermission"`
		PermissionConfiguration permissionConfiguration `json:"permissionConfiguration"`
	}
	permissionConfiguration struct {
		AccountLevelPermissions struct {
			BlockPublicAccess blockPublicAccess `json:"blockPublicAccess"`
		} `json:"accountLevelPermissions"`
		BucketLevelPermissions struct {
			AccessControlList publicReadWrite   `json:"accessControlList"`
			BlockPublicAccess blockPublicAccess `json:"blockPublicAccess"`
			BucketPolicy      publicReadWrite   `json:"bucketPolicy"`
		} `json:"bucketLevelPermissions"`
	}
	blockPublicAccess struct {
		BlockPublicAcls       bool `json:"blockPublicAcls"`
		BlockPublicPolicy     bool `json:"blockPublicPolicy"`
		IgnorePublicAcls      bool `json:"ignorePublicAcls"`
		RestrictPublicBuckets bool `json:"restrictPublicBuckets"`
	}
	publicReadWrite struct {
		AllowsPublicReadAccess  bool `json:"allowsPublicReadAccess"`
		AllowsPublicWriteAccess bool `json:"allowsPublicWriteAccess"`
	}
	replicationDetails struct {
		Replicated           bool     `json:"replicated"`
		ReplicatedExternally bool     `json:"replicatedExternally"`
		ReplicationAccounts  []string `json:"replicationAccounts"`
	}
	serverSideEnc struct {
		KMSMasterKeyID *string `json:"kmsMasterKeyId"`
		Type           string  `json:"type"`
	}
	keyValue struct {
		Key   string `json:"key"`
		Value string `json:"value"`
	}
	objectLevel struct {
		FileType     int64 `json:"fileType"`
		StorageClass int64 `json:"storageClass"`
		Total        int64 `json:"total"`
	}
)

// Macie refreshes bucket metadata daily; these are the demo's refresh and
// automated discovery times.
var (
	metadataUpdated  = time.Date(2024, 12, 1, 6, 12, 44, 317000000, time.UTC)
	lastAutoDiscover = time.Date(2024, 11, 30, 19, 8, 2, 511000000, time.UTC)
)

// cliTime formats a timestamp as the AWS CLI prints one.
func cliTime(t time.Time) string {
	if t.Nanosecond() == 0 {
		return t.UTC().Format("2006-01-02T15:04:05+00:00")
	}
	return t.UTC().Format("2006-01-02T15:04:05.000000+00:00")
}

// describeBuckets renders the describe-buckets output for bs, with the
// statistics Macie computes from the current version of each object: the
// object count and size, what Macie can analyze by storage class and file
// name extension, and the encryption of the objects.
func describeBuckets(bs []*bucket) ([]byte, error) {
	el := scope.NewEligibility(scope.EligibilityOptions{})
	supported := scope.SupportedStorageClasses()
	var out describeBucketsOutput
	for _, b := range bs {
		m := bucketMetadata{
			AccountID:                          account,
			AllowsUnencryptedObjectUploads:     b.AllowsUnencrypted,
			AutomatedDiscoveryMonitoringStatus: "MONITORED",
			BucketArn:                          "arn:aws:s3:::" + b.Name,
			BucketCreatedAt:                    cliTime(b.Created),
			BucketName:                         b.Name,
			JobDetails:                         jobDetails{IsDefinedInJob: "FALSE", IsMonitoredByJob: "FALSE"},
			LastAutomatedDiscoveryTime:         cliTime(lastAutoDiscover),
			LastUpdated:                        cliTime(metadataUpdated),
			PublicAccess:                       publicAccess{EffectivePermission: "NOT_PUBLIC"},
			Region:                             "us-east-1",
			ReplicationDetails:                 replicationDetails{ReplicationAccounts: []string{}},
			SensitivityScore:                   b.Sensitivity,
			ServerSideEncryption:               serverSideEnc{Type: b.SSE},
			SharedAccess:                       b.Shared,
			Tags:                               []keyValue{},
			Versioning:                         b.Versioned,
		}
		all := blockPublicAccess{true, true, true, true}
		m.PublicAccess.PermissionConfiguration.AccountLevelPermissions.BlockPublicAccess = all
		m.PublicAccess.PermissionConfiguration.BucketLevelPermissions.BlockPublicAccess = all
		if b.KMSKey != "" {
			k := b.KMSKey
			m.ServerSideEncryption.KMSMasterKeyID = &k
		}
		if b.ReplicatedTo != "" {
			m.ReplicationDetails = replicationDetails{Replicated: true, ReplicationAccounts: []string{b.ReplicatedTo}}
		}
		for _, t := range b.Tags {
			m.Tags = append(m.Tags, keyValue{t[0], t[1]})
		}
		for _, o := range current(b.Objects) {
			m.ObjectCount++
			m.SizeInBytes += o.Size
			ext, hasExt := scope.Extension(o.Key, scope.LastDot)
			_, typeOK := el.Limit(ext)
			typeOK = typeOK && hasExt
			classOK := slices.Contains(supported, o.StorageClass)
			switch ext {
			case "gz", "gzip", "zip":
				m.SizeInBytesCompressed += o.Size
			}
			switch {
			case classOK && typeOK:
				m.ClassifiableObjectCount++
				m.ClassifiableSizeInBytes += o.Size
			default:
				count := func(l *objectLevel, n int64) {
					if !typeOK {
						l.FileType += n
					}
					if !classOK {
						l.StorageClass += n
					}
					l.Total += n
				}
				count(&m.UnclassifiableObjectCount, 1)
				count(&m.UnclassifiableObjectSizeInBytes, o.Size)
			}
			switch o.EncryptionStatus {
			case scope.SSEC:
				m.ObjectCountByEncryptionType.CustomerManaged++
			case scope.SSEKMS, scope.DSSEKMS:
				m.ObjectCountByEncryptionType.KMSManaged++
			case scope.SSES3:
				m.ObjectCountByEncryptionType.S3Managed++
			case scope.NotSSE:
				m.ObjectCountByEncryptionType.Unencrypted++
			default:
				m.ObjectCountByEncryptionType.Unknown++
			}
		}
		out.Buckets = append(out.Buckets, m)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "    ")
	if err := enc.Encode(out); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
