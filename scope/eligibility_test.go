package scope_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/jobscope/jobscope/scope"
)

// Table cases from docs/semantics.md, "Objects Macie cannot analyze".
func TestEligibility(t *testing.T) {
	const mib = 1 << 20
	o := func(key string, size int64, class scope.StorageClass, enc scope.EncryptionStatus) *scope.Object {
		return &scope.Object{Bucket: "b", Key: key, Size: size, StorageClass: class, EncryptionStatus: enc}
	}
	var none scope.EligibilityOptions
	tests := []struct {
		name string
		o    *scope.Object
		opts scope.EligibilityOptions
		want scope.Reason
	}{
		{"plain csv", o("a.csv", 1, scope.Standard, scope.SSES3), none, ""},
		{"glacier IR", o("a.csv", 1, scope.GlacierIR, scope.NotSSE), none, ""},
		{"glacier", o("a.csv", 1, scope.Glacier, scope.SSES3), none, scope.ReasonStorageClass},
		{"deep archive", o("a.csv", 1, scope.DeepArchive, scope.SSES3), none, scope.ReasonStorageClass},
		{"express", o("a.csv", 1, scope.ExpressOneZone, scope.SSES3), none, scope.ReasonStorageClass},
		{"storage class before type", o("a.mp4", 1, scope.Glacier, scope.SSEC), none, scope.ReasonStorageClass},
		{"image", o("a.jpg", 1, scope.Standard, scope.SSES3), none, scope.ReasonFileType},
		{"no extension", o("README", 1, scope.Standard, scope.SSES3), none, scope.ReasonFileType},
		{"case-insensitive", o("REPORT.PDF", 1, scope.Standard, scope.SSES3), none, ""},
		{"last dot", o("db.csv.gz", 1, scope.Standard, scope.SSES3), none, ""},
		{"extra text", o("a.log", 1, scope.Standard, scope.SSES3), none, scope.ReasonFileType},
		{"extra text option", o("a.LOG", 1, scope.Standard, scope.SSES3), scope.EligibilityOptions{ExtraTextExtensions: []string{"log"}}, ""},
		{"pdf at quota", o("a.pdf", 1024*mib, scope.Standard, scope.SSES3), none, ""},
		{"pdf over quota", o("a.pdf", 1024*mib+1, scope.Standard, scope.SSES3), none, scope.ReasonFileSize},
		{"pdf decimal MB", o("a.pdf", 1024*1000000+1, scope.Standard, scope.SSES3), scope.EligibilityOptions{QuotaMegabyte: 1000000}, scope.ReasonFileSize},
		{"pdf decimal MB at quota", o("a.pdf", 1024*1000000, scope.Standard, scope.SSES3), scope.EligibilityOptions{QuotaMegabyte: 1000000}, ""},
		{"docx 512 MB", o("a.docx", 512*mib+1, scope.Standard, scope.SSES3), none, scope.ReasonFileSize},
		{"parquet 8 GB", o("a.parquet", 8*1024*mib, scope.Standard, scope.SSES3), none, ""},
		{"parquet over 8 GB", o("a.parquet", 8*1024*mib+1, scope.Standard, scope.SSES3), none, scope.ReasonFileSize},
		{"text 20 GB", o("a.txt", 20*1024*mib+1, scope.Standard, scope.SSES3), none, scope.ReasonFileSize},
		{"decimal GB", o("a.txt", 20*1000*1000000+1, scope.Standard, scope.SSES3), scope.EligibilityOptions{QuotaMegabyte: 1000000}, scope.ReasonFileSize},
		{"max size", o("a.txt", math.MaxInt64, scope.Standard, scope.SSES3), none, scope.ReasonFileSize},
		{"size before encryption", o("a.pdf", 2048*mib, scope.Standard, scope.SSEC), none, scope.ReasonFileSize},
		{"SSE-C", o("a.csv", 1, scope.Standard, scope.SSEC), none, scope.ReasonEncryption},
		{"SSE-KMS", o("a.csv", 1, scope.Standard, scope.SSEKMS), none, ""},
		{"SSE-KMS inaccessible", o("a.csv", 1, scope.Standard, scope.SSEKMS), scope.EligibilityOptions{KMSKeysInaccessible: true}, scope.ReasonEncryption},
		{"DSSE-KMS inaccessible", o("a.csv", 1, scope.Standard, scope.DSSEKMS), scope.EligibilityOptions{KMSKeysInaccessible: true}, scope.ReasonEncryption},
		{"delete marker", &scope.Object{Key: "a.csv", IsDeleteMarker: true}, scope.EligibilityOptions{}, scope.ReasonStorageClass},
		// No storage class is STANDARD (S3 leaves STANDARD's out): the
		// zero Object of a pipeline's test is analyzable.
		{"no storage class", &scope.Object{Bucket: "b", Key: "a.csv", Size: 1}, none, ""},
		{"no storage class, image", &scope.Object{Bucket: "b", Key: "a.mp4", Size: 1}, none, scope.ReasonFileType},
		// Intelligent-Tiering: the archive tiers cannot be read in real time.
		{"archive access", tiered("a.csv", scope.IntelligentTiering, scope.ArchiveAccess), none, scope.ReasonArchiveTier},
		{"deep archive access", tiered("a.csv", scope.IntelligentTiering, scope.DeepArchiveAccess), none, scope.ReasonArchiveTier},
		{"archive access, S3 API spelling", tiered("a.csv", scope.IntelligentTiering, scope.ArchiveAccessAPI), none, scope.ReasonArchiveTier},
		{"deep archive access, S3 API spelling", tiered("a.csv", scope.IntelligentTiering, scope.DeepArchiveAccessAPI), none, scope.ReasonArchiveTier},
		{"archive tier before type", tiered("a.mp4", scope.IntelligentTiering, scope.ArchiveAccess), none, scope.ReasonArchiveTier},
		{"archive instant access", tiered("a.csv", scope.IntelligentTiering, scope.ArchiveInstantAccess), none, ""},
		{"infrequent", tiered("a.csv", scope.IntelligentTiering, scope.Infrequent), none, ""},
		{"frequent", tiered("a.csv", scope.IntelligentTiering, scope.Frequent), none, ""},
		{"tier unknown", tiered("a.csv", scope.IntelligentTiering, ""), none, ""},
		{"tier of another class", tiered("a.csv", scope.Standard, scope.ArchiveAccess), none, ""},
		{"storage class before tier", tiered("a.csv", scope.Glacier, scope.ArchiveAccess), none, scope.ReasonStorageClass},
	}
	for _, tt := range tests {
		if got := scope.NewEligibility(tt.opts).Check(tt.o); got != tt.want {
			t.Errorf("%s: Check = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func tiered(key string, class scope.StorageClass, tier scope.AccessTier) *scope.Object {
	return &scope.Object{Bucket: "b", Key: key, Size: 1, StorageClass: class, IntelligentTieringAccessTier: tier, EncryptionStatus: scope.SSES3}
}

func TestSupportedFileFormats(t *testing.T) {
	var exts []string
	for _, f := range scope.SupportedFileFormats() {
		exts = append(exts, f.Extension)
	}
	want := []string{"avro", "parquet", "gz", "gzip", "tar", "zip", "doc", "docx", "pdf", "xls", "xlsx", "eml",
		"csv", "htm", "html", "json", "jsonl", "tsv", "txt", "xml", "yaml", "yml"}
	if diff := cmp.Diff(want, exts); diff != "" {
		t.Errorf("formats (-want +got):\n%s", diff)
	}
	e := scope.NewEligibility(scope.EligibilityOptions{})
	if limit, ok := e.Limit("PDF"); !ok || limit != 1024<<20 {
		t.Errorf("Limit(PDF) = %d, %v", limit, ok)
	}
}

func TestSampler(t *testing.T) {
	count := func(s scope.Sampler, n int) (int, map[string]bool) {
		picked := map[string]bool{}
		for i := 0; i < n; i++ {
			key := fmt.Sprintf("sample/%06d.txt", i)
			if s.Selects(&scope.Object{Bucket: "example-bucket", Key: key}) {
				picked[key] = true
			}
		}
		return len(picked), picked
	}
	// Deterministic: the same seed picks the same objects.
	_, a := count(scope.NewSampler(20, 1), 5000)
	_, b := count(scope.NewSampler(20, 1), 5000)
	if diff := cmp.Diff(a, b); diff != "" {
		t.Errorf("same seed, different picks:\n%s", diff)
	}
	// Another seed picks other objects.
	_, c := count(scope.NewSampler(20, 2), 5000)
	if cmp.Equal(a, c) {
		t.Error("seeds 1 and 2 pick the same objects")
	}
	// Within mean ± 8σ (the conformance bound) for a range of percentages.
	for _, pct := range []int{1, 10, 20, 50, 99} {
		n := 100000
		got, _ := count(scope.NewSampler(pct, 7), n)
		q := float64(pct) / 100
		mu, sigma := float64(n)*q, math.Sqrt(float64(n)*q*(1-q))
		if float64(got) < mu-8*sigma || float64(got) > mu+8*sigma {
			t.Errorf("%d%%: %d of %d, want %.0f ± %.0f", pct, got, n, mu, 8*sigma)
		}
	}
	if got, _ := count(scope.NewSampler(100, 3), 1000); got != 1000 {
		t.Errorf("100%%: %d of 1000", got)
	}
	if got, _ := count(scope.NewSampler(0, 3), 1000); got != 0 {
		t.Errorf("0%%: %d of 1000", got)
	}
	// The version id takes part in the hash.
	s := scope.NewSampler(50, 9)
	differ := false
	for i := 0; i < 64 && !differ; i++ {
		key := fmt.Sprint(i)
		differ = s.Selects(&scope.Object{Bucket: "b", Key: key, VersionID: "v1"}) != s.Selects(&scope.Object{Bucket: "b", Key: key, VersionID: "v2"})
	}
	if !differ {
		t.Error("version id does not change the choice")
	}
	// Fixed values: the hash is part of the contract (same picks on every
	// machine and release).
	if h := scope.SampleHash(1, "example-bucket", "sample/000000.txt", ""); h != scope.SampleHash(1, "example-bucket", "sample/000000.txt", "") {
		t.Error("hash is not deterministic")
	}
}

func ExampleEligibility_Check() {
	e := scope.NewEligibility(scope.EligibilityOptions{})
	for _, o := range []scope.Object{
		{Key: "reports/q1.PDF", Size: 1 << 20, StorageClass: scope.Standard, EncryptionStatus: scope.SSEKMS},
		{Key: "photos/cat.jpg", Size: 1 << 20, StorageClass: scope.Standard},
		{Key: "archive/old.csv", Size: 1 << 20, StorageClass: scope.DeepArchive},
		{Key: "secret.csv", Size: 1 << 20, StorageClass: scope.Standard, EncryptionStatus: scope.SSEC},
	} {
		r := e.Check(&o)
		if r == "" {
			r = "analyzable"
		}
		fmt.Println(o.Key, r)
	}
	// Output:
	// reports/q1.PDF analyzable
	// photos/cat.jpg FILE_TYPE
	// archive/old.csv STORAGE_CLASS
	// secret.csv ENCRYPTION
}
