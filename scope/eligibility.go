package scope

import (
	"math/bits"
	"sync"

	"github.com/jobscope/jobscope/internal/strset"
)

// Reason is why Macie cannot analyze an object (docs/semantics.md, "Objects
// Macie cannot analyze"). Checks run in the order of the constants below and
// the first failure is the reason: storage class and type are known from
// metadata before Macie reads anything, encryption only when it reads.
type Reason string

// The values of Reason, in check order. The empty Reason means analyzable.
const (
	ReasonStorageClass Reason = "STORAGE_CLASS" // the storage class is not one Macie analyzes
	ReasonArchiveTier  Reason = "ARCHIVE_TIER"  // an INTELLIGENT_TIERING object in the Archive Access or Deep Archive Access tier, which S3 serves only once it is restored
	ReasonFileType     Reason = "FILE_TYPE"     // the file name extension is missing or not a supported format
	ReasonFileSize     Reason = "FILE_SIZE"     // the object is larger than its format's quota
	ReasonEncryption   Reason = "ENCRYPTION"    // the object is encrypted with a key Macie cannot use
)

// SupportedStorageClasses returns the storage classes Macie analyzes:
// STANDARD, REDUCED_REDUNDANCY, STANDARD_IA, ONEZONE_IA, INTELLIGENT_TIERING
// and GLACIER_IR. Every other class (GLACIER, DEEP_ARCHIVE, OUTPOSTS,
// EXPRESS_ONEZONE, SNOW, …) is unanalyzable
// (https://docs.aws.amazon.com/macie/latest/user/discovery-supported-storage.html).
func SupportedStorageClasses() []StorageClass {
	return []StorageClass{Standard, ReducedRedundancy, StandardIA, OneZoneIA, IntelligentTiering, GlacierIR}
}

// SizeUnit is the unit of a file-size quota.
type SizeUnit string

// The values of SizeUnit. How many bytes they are depends on
// EligibilityOptions.QuotaMegabyte.
const (
	MB SizeUnit = "MB" // 1,048,576 or 1,000,000 bytes
	GB SizeUnit = "GB" // 1,024 MB, or 1,000 MB when a MB is 1,000,000 bytes
)

// FileFormat is a file name extension Macie analyzes and the largest file
// of that format it analyzes: "If a file is larger than the applicable
// quota, Macie doesn't analyze any data in the file"
// (https://docs.aws.amazon.com/macie/latest/user/macie-quotas.html).
type FileFormat struct {
	// Extension is lower case, without a dot.
	Extension string `json:"extension"`
	// Category is Macie's category of the format: "big data",
	// "compressed or archive", "document", "email" or "text".
	Category string `json:"category"`
	// Quota is the size limit in Unit.
	Quota int64    `json:"quota"`
	Unit  SizeUnit `json:"unit"`
}

// textQuota is the quota of a non-binary text file, the category that
// EligibilityOptions.ExtraTextExtensions extends.
func textQuota(ext string) FileFormat {
	return FileFormat{Extension: ext, Category: "text", Quota: 20, Unit: GB}
}

// SupportedFileFormats returns the formats Macie analyzes, with their
// quotas (docs/semantics.md, "Objects Macie cannot analyze"): pdf 1,024 MB;
// avro, parquet, gz, gzip, zip 8 GB; xls, xlsx, doc, docx 512 MB; eml, tar
// and the text formats 20 GB.
func SupportedFileFormats() []FileFormat {
	text := textQuota
	return []FileFormat{
		{"avro", "big data", 8, GB}, {"parquet", "big data", 8, GB},
		{"gz", "compressed or archive", 8, GB}, {"gzip", "compressed or archive", 8, GB},
		{"tar", "compressed or archive", 20, GB}, {"zip", "compressed or archive", 8, GB},
		{"doc", "document", 512, MB}, {"docx", "document", 512, MB}, {"pdf", "document", 1024, MB},
		{"xls", "document", 512, MB}, {"xlsx", "document", 512, MB},
		{"eml", "email", 20, GB},
		text("csv"), text("htm"), text("html"), text("json"), text("jsonl"), text("tsv"),
		text("txt"), text("xml"), text("yaml"), text("yml"),
	}
}

// EligibilityOptions are the engine choices for which objects Macie can
// analyze. The zero EligibilityOptions is the default of every choice.
type EligibilityOptions struct {
	// QuotaMegabyte is bytes per "MB" in the file-size quotas: 1048576
	// (default, when 0) or 1000000. A "GB" is 1024 MB for the former and
	// 1000 MB for the latter.
	QuotaMegabyte int64
	// ExtraTextExtensions are lower-case extensions, without a dot, added
	// to the documented non-binary text formats (Macie's list ends in "and
	// others").
	ExtraTextExtensions []string
	// KMSKeysInaccessible makes SSE-KMS and DSSE-KMS objects unanalyzable,
	// modelling customer managed keys Macie may not use. Default false.
	KMSKeysInaccessible bool
}

// Eligibility decides whether Macie can analyze an object, whatever the
// job's scoping. It is immutable and safe for concurrent use.
type Eligibility struct {
	classes  [16]StorageClass
	nclasses int
	limits   map[string]int64 // lower-case extension → largest size in bytes
	codes    codeTable        // the same, for extensions of up to 7 bytes, by strset.Pack code
	kmsDeny  bool
}

// NewEligibility compiles the supported formats, extended by
// opts.ExtraTextExtensions, with sizes in bytes per opts.QuotaMegabyte
// (1,048,576 by default: a GB is then 1,024 MB; with 1,000,000 a GB is
// 1,000 MB).
func NewEligibility(opts EligibilityOptions) *Eligibility {
	if (opts.QuotaMegabyte <= 0 || opts.QuotaMegabyte == 1<<20) && len(opts.ExtraTextExtensions) == 0 && !opts.KMSKeysInaccessible {
		// The defaults: one Eligibility, immutable, shared by every dry
		// run that has them, so that many read the same memory.
		return defaultEligibility()
	}
	return newEligibility(opts)
}

var defaultEligibility = sync.OnceValue(func() *Eligibility { return newEligibility(EligibilityOptions{}) })

func newEligibility(opts EligibilityOptions) *Eligibility {
	mb := opts.QuotaMegabyte
	if mb <= 0 {
		mb = 1 << 20
	}
	gb := mb * 1024
	if mb == 1000000 {
		gb = mb * 1000
	}
	e := &Eligibility{limits: map[string]int64{}, kmsDeny: opts.KMSKeysInaccessible}
	for _, c := range SupportedStorageClasses() {
		e.classes[e.nclasses] = c
		e.nclasses++
	}
	bytes := func(f FileFormat) int64 {
		if f.Unit == GB {
			return f.Quota * gb
		}
		return f.Quota * mb
	}
	for _, f := range SupportedFileFormats() {
		e.limits[f.Extension] = bytes(f)
	}
	for _, x := range opts.ExtraTextExtensions {
		x = lower(x)
		if _, known := e.limits[x]; !known && x != "" {
			e.limits[x] = bytes(textQuota(x))
		}
	}
	e.codes = newCodeTable(e.limits)
	return e
}

// codeTable maps the strset.Pack codes of extensions to their limits: an
// open-addressing table with linear probing, a power of two in size and
// at most half full, whose empty slots have code 0.
type codeTable struct {
	slots []codeSlot
	shift uint
}

type codeSlot struct {
	code  uint64
	limit int64
}

func newCodeTable(limits map[string]int64) codeTable {
	n := 16
	for n < 2*len(limits) {
		n *= 2
	}
	t := codeTable{slots: make([]codeSlot, n), shift: uint(64 - bits.TrailingZeros(uint(n)))}
	for x, limit := range limits {
		if len(x) == 0 || len(x) > 7 {
			continue
		}
		c := strset.Pack(strset.Word(x), len(x))
		i := t.home(c)
		for t.slots[i].code != 0 {
			i = (i + 1) & (len(t.slots) - 1)
		}
		t.slots[i] = codeSlot{c, limit}
	}
	return t
}

func (t *codeTable) home(c uint64) int { return int((c * 0x9e3779b97f4a7c15) >> t.shift) }

// get returns the limit of the extension whose code is c (not 0).
func (t *codeTable) get(c uint64) (int64, bool) {
	for i := t.home(c); ; i = (i + 1) & (len(t.slots) - 1) {
		switch t.slots[i].code {
		case c:
			return t.slots[i].limit, true
		case 0:
			return 0, false
		}
	}
}

// lowerCode returns the strset.Pack code c with its ASCII upper-case
// letters in lower case.
func lowerCode(c uint64) uint64 {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	t := c &^ highs
	upper := (t + ones*(0x80-'A')) &^ (t + ones*(0x80-'Z'-1)) &^ c & highs
	return c | upper>>2
}

// Check returns why Macie cannot analyze o, or "" when it can. It does not
// allocate. An empty storage class is STANDARD. The file type is the
// extension after the key's last "." (always LastDot, whatever the
// scoping's ExtensionRule), compared without regard to case. A delete
// marker, having no storage class, fails with ReasonStorageClass.
func (e *Eligibility) Check(o *Object) Reason {
	ok := o.StorageClass == ""
	for i := 0; i < e.nclasses && !ok; i++ {
		ok = o.StorageClass == e.classes[i]
	}
	if !ok || o.IsDeleteMarker {
		return ReasonStorageClass
	}
	if o.StorageClass == IntelligentTiering && o.IntelligentTieringAccessTier.Archived() {
		return ReasonArchiveTier
	}
	var limit int64
	var known bool
	if c, ok := lastExtCode8(o.Key); ok {
		// The common case: the extension is in the key's last eight
		// bytes, and is looked up by its code.
		if c != 0 {
			limit, known = e.codes.get(lowerCode(c))
		}
	} else {
		ext, has := Extension(o.Key, LastDot)
		if !has {
			return ReasonFileType
		}
		limit, known = e.lookup(ext)
	}
	if !known {
		return ReasonFileType
	}
	if o.Size > limit {
		return ReasonFileSize
	}
	switch o.EncryptionStatus {
	case SSEC:
		return ReasonEncryption
	case SSEKMS, DSSEKMS:
		if e.kmsDeny {
			return ReasonEncryption
		}
	}
	return ""
}

// Limit returns the largest analyzable size in bytes of a file with
// extension ext (any case, no dot), and whether ext is a supported format.
func (e *Eligibility) Limit(ext string) (int64, bool) { return e.lookup(ext) }

func (e *Eligibility) lookup(ext string) (int64, bool) {
	var buf [64]byte
	if len(ext) > len(buf) { // rare: allocates
		limit, ok := e.limits[lower(ext)]
		return limit, ok
	}
	n := copy(buf[:], ext)
	for i := 0; i < n; i++ {
		if c := buf[i]; 'A' <= c && c <= 'Z' {
			buf[i] = c + ('a' - 'A')
		}
	}
	limit, ok := e.limits[string(buf[:n])]
	return limit, ok
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + ('a' - 'A')
		}
	}
	return string(b)
}
