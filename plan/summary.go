package plan

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/schedule"
)

// Counts is a number of objects and their total size in bytes. Both
// saturate at math.MaxInt64 (Bytes at 8 EiB, which a few rows of absurd
// sizes reach) rather than wrap around to negative numbers; sums of
// saturated counts still reconcile.
type Counts struct {
	Objects int64 `json:"objects"`
	Bytes   int64 `json:"bytes"`
}

func (c *Counts) add(size int64) {
	c.Objects = satAdd(c.Objects, 1)
	c.Bytes = satAdd(c.Bytes, size)
}

func (c *Counts) merge(o Counts) {
	c.Objects = satAdd(c.Objects, o.Objects)
	c.Bytes = satAdd(c.Bytes, o.Bytes)
}

// satAdd is a + b, clamped to the range of int64. For non-negative terms
// it is min(MaxInt64, the true sum) in whatever order they are added.
func satAdd(a, b int64) int64 {
	switch {
	case b > 0 && a > math.MaxInt64-b:
		return math.MaxInt64
	case b < 0 && a < math.MinInt64-b:
		return math.MinInt64
	}
	return a + b
}

// ReasonCount is how many objects one reason skipped.
type ReasonCount struct {
	Stage  Stage  `json:"stage"`
	Reason Reason `json:"reason"`
	// Path, in a Diff, is the JSON path of what decided the skips (see
	// Decision); a Summary counts by reason alone, and leaves it empty.
	Path string `json:"path,omitempty"`
	Counts
}

// BucketSummary is the tally of one bucket.
type BucketSummary struct {
	Bucket string `json:"bucket"`
	// AccountID is the account that owns the bucket, from the bucket
	// metadata or the job's bucketDefinitions; "" when neither says.
	AccountID string `json:"accountId,omitempty"`
	// Selected is whether the bucket stage takes the bucket.
	Selected bool   `json:"selected"`
	Read     Counts `json:"read"`
	Scanned  Counts `json:"scanned"`
	Skipped  Counts `json:"skipped"`
	// CompressedStoredBytes is the part of Scanned.Bytes in compressed or
	// archive files (IsCompressed).
	CompressedStoredBytes int64 `json:"compressedStoredBytes"`
	// EstimatedBytes is the estimate of the bytes Macie analyzes in the
	// bucket: Scanned.Bytes with the compressed part expanded at
	// Summary.CompressionRatio.
	EstimatedBytes int64 `json:"estimatedBytes"`
	// Reasons are the skips by reason, most objects first.
	Reasons []ReasonCount `json:"reasons"`
}

// MissingBucket is a bucket the job selects that has no object records in
// the inputs (docs/semantics.md, "Buckets without records"): never counted as empty.
type MissingBucket struct {
	Bucket string `json:"bucket"`
	// AccountID is the account that owns the bucket, when known.
	AccountID string `json:"accountId,omitempty"`
	// Estimate is the bucket-level estimate from its describe-buckets
	// metadata; nil when there is no usable metadata: the bucket is
	// unknown, and the totals leave it out.
	Estimate *BucketEstimate `json:"estimate"`
	// Unknown says why there is no Estimate; "" when there is one.
	Unknown string `json:"unknown,omitempty"`
}

// Volume is an amount of data analyzed: objects, their stored bytes, the
// part of those in compressed or archive files, and the estimate of the
// bytes Macie analyzes in them at the compression ratio.
type Volume struct {
	Objects               int64 `json:"objects"`
	StoredBytes           int64 `json:"storedBytes"`
	CompressedStoredBytes int64 `json:"compressedStoredBytes"`
	EstimatedBytes        int64 `json:"estimatedBytes"`
}

func (v *Volume) merge(o Volume) {
	v.Objects = satAdd(v.Objects, o.Objects)
	v.StoredBytes = satAdd(v.StoredBytes, o.StoredBytes)
	v.CompressedStoredBytes = satAdd(v.CompressedStoredBytes, o.CompressedStoredBytes)
	v.EstimatedBytes = satAdd(v.EstimatedBytes, o.EstimatedBytes)
}

// BucketSelection is what the bucket stage selects, and which of the selected
// buckets the inputs cover (docs/semantics.md, "Buckets without records" and
// "What the dry run reports").
type BucketSelection struct {
	// Selected is the number of buckets the job selects: named in its
	// bucketDefinitions, or matching its bucketCriteria in the bucket
	// metadata (Options.Buckets).
	Selected int `json:"selected"`
	// WithRecords is how many of them have object records in the inputs.
	WithRecords int `json:"withRecords"`
	// Missing are the selected buckets with no records in the inputs,
	// by name, each with its bucket-level estimate or why there is none.
	// Those skipped at the bucket stage (AccessDenied) are not in it. In a
	// Partial summary, buckets whose records were not reached are in it.
	Missing []MissingBucket `json:"missing"`
	// Estimated is the number of Missing buckets with an Estimate, Unknown
	// the number without one.
	Estimated int `json:"estimated"`
	Unknown   int `json:"unknown"`
	// AccessDenied are the selected buckets skipped at the bucket stage
	// with BUCKET_ACCESS_DENIED (their metadata's errorCode), by name, with
	// their records' counts (zero when the inputs have none): Macie
	// analyzes and bills nothing in them.
	AccessDenied []BucketCounts `json:"accessDenied"`
}

// BucketCounts is the records of one bucket in the inputs.
type BucketCounts struct {
	Bucket    string `json:"bucket"`
	AccountID string `json:"accountId,omitempty"`
	Counts
}

// Summary is the outcome of a dry run. Read = Scanned + Skipped: every
// object read is decided once. Rows that could not be read are Rejected
// and are not in Read; so the rows of the inputs are Read.Objects +
// Rejected.
type Summary struct {
	// Run is the planned run's incremental window.
	Run     schedule.Window `json:"run"`
	Read    Counts          `json:"read"`
	Scanned Counts          `json:"scanned"`
	Skipped Counts          `json:"skipped"`
	// Rejected is the number of rows that could not be read.
	Rejected int64 `json:"rejected"`
	// Reasons are the skips by reason, most objects first (pipeline
	// order among equals); reasons that skipped nothing are left out.
	Reasons []ReasonCount `json:"reasons"`
	// Buckets are the per-bucket tallies, by bucket name.
	Buckets []BucketSummary `json:"buckets"`
	// Files is the number of data files read, FileErrors the files that
	// could not be read to their end (their rows read before the problem
	// are counted).
	Files      int      `json:"files"`
	FileErrors []string `json:"fileErrors"`
	// RowErrors are the first rejected rows, in input order, up to
	// RunOptions.KeepRowErrors.
	RowErrors []string `json:"rowErrors"`
	// Assumed lists, per input that lacks a column an eligibility check
	// reads, what was assumed in its place.
	Assumed []string `json:"assumed,omitempty"`
	// UnknownAccessTier is how many scanned INTELLIGENT_TIERING objects
	// have an IntelligentTieringAccessTier that is none of the tiers
	// scope.AccessTier names: they are taken as readable, and Assumed
	// says so.
	UnknownAccessTier int64 `json:"unknownAccessTier,omitempty"`
	// StoredBytes is the stored size of the objects the run analyzes
	// (Scanned.Bytes): the lower bound of what Macie bills for them, which
	// is their uncompressed size.
	StoredBytes int64 `json:"storedBytes"`
	// CompressedStoredBytes is the part of StoredBytes in compressed or
	// archive files (IsCompressed: last-dot extension gz, gzip, zip or
	// tar), whose uncompressed size an inventory does not show;
	// CompressedObjects is how many they are.
	CompressedStoredBytes int64 `json:"compressedStoredBytes"`
	CompressedObjects     int64 `json:"compressedObjects"`
	// CompressionRatio is the uncompressed:stored ratio assumed of them,
	// and CompressionRatioSource where it comes from.
	CompressionRatio       float64 `json:"compressionRatio"`
	CompressionRatioSource string  `json:"compressionRatioSource"`
	// EstimatedBytes is the estimate of the bytes Macie analyzes in the
	// objects of the inputs: StoredBytes − CompressedStoredBytes +
	// CompressedStoredBytes × CompressionRatio, summed over the buckets
	// (each rounded to the byte). Columnar formats with internal
	// compression (parquet, avro) are not expanded, as Macie's own
	// estimates do not expand them.
	EstimatedBytes int64 `json:"estimatedBytes"`
	// Selection is which buckets the job selects and which of them the
	// inputs have records of.
	Selection BucketSelection `json:"selection"`
	// BucketLevel is the sum of the bucket-level estimates of the selected
	// buckets without records (Selection.Missing): kept apart from the
	// object-level figures above because it ignores the job's scoping,
	// sampling, incremental window and per-file quotas.
	BucketLevel Volume `json:"bucketLevel"`
	// BucketLevelOnly is set when Run read no data file (bucket metadata
	// alone; or, in a Partial summary, none before the interruption):
	// every figure then is the bucket-level estimate of the whole job, as
	// Macie's console shows before a job exists — an upper bound that
	// ignores the job's object scoping.
	BucketLevelOnly bool `json:"bucketLevelOnly"`
	// Total is the object-level figures (Scanned.Objects, StoredBytes,
	// CompressedStoredBytes, EstimatedBytes) plus BucketLevel: what the
	// cost and the quota are computed from.
	Total Volume `json:"total"`
	// Complete is whether every selected bucket has records in the inputs
	// (or is skipped at the bucket stage).
	Complete bool `json:"complete"`
	// LowerBound is set when a selected bucket is unknown (no records,
	// no usable metadata): Total, the cost and the quota figures leave it
	// out and are lower bounds.
	LowerBound bool `json:"lowerBound"`
	// Prices is the price table of the cost, with its source.
	Prices PriceTable `json:"prices"`
	// BilledThisMonth is the data analyzed this month before the run
	// (Options.BilledThisMonth), where the run starts on the tiers.
	BilledThisMonth int64 `json:"billedThisMonth"`
	// Cost is the estimated charge for Total.EstimatedBytes: the free
	// allowance applied, the bytes and charge per tier, spread over the
	// months the quota needs. Data analyzed only: it excludes S3 request
	// (GET, LIST) charges, which S3 bills, and the per-bucket monitoring
	// fee, which is not a job cost.
	Cost Cost `json:"cost"`
	// EstimatedCost is Cost.USD, in US dollars.
	EstimatedCost float64 `json:"estimatedCost"`
	// LowerBoundCost is the charge for Total.StoredBytes, as if no file
	// were compressed: the cost's lower bound, in US dollars.
	LowerBoundCost float64 `json:"lowerBoundCost"`
	// Quota is Total.EstimatedBytes per owning account against the
	// monthly sensitive data discovery quota.
	Quota Quota `json:"quota"`
	// Partial is true when the run was interrupted: the counts cover the
	// rows decided until then (with RunOptions.Decisions, exactly the rows
	// delivered to it).
	Partial bool `json:"partial"`
}

// Reconciles reports whether the counts add up: Read = Scanned + Skipped,
// the reasons sum to Skipped and the buckets to Read, Scanned, Skipped,
// CompressedStoredBytes and EstimatedBytes; StoredBytes is Scanned.Bytes
// and holds CompressedStoredBytes; the bucket-level estimates sum to
// BucketLevel, and Total is the object-level figures plus BucketLevel; the
// cost prices Total.EstimatedBytes, its free allowance and tiers adding up
// to it.
func (s *Summary) Reconciles() bool {
	var reasons, read, scanned, skipped Counts
	var compressed, estimated int64
	for _, r := range s.Reasons {
		reasons.merge(r.Counts)
	}
	for _, b := range s.Buckets {
		read.merge(b.Read)
		scanned.merge(b.Scanned)
		skipped.merge(b.Skipped)
		compressed = satAdd(compressed, b.CompressedStoredBytes)
		estimated = satAdd(estimated, b.EstimatedBytes)
	}
	sum := s.Scanned
	sum.merge(s.Skipped)
	if sum != s.Read || reasons != s.Skipped || read != s.Read || scanned != s.Scanned || skipped != s.Skipped {
		return false
	}
	if s.StoredBytes != s.Scanned.Bytes || compressed != s.CompressedStoredBytes || estimated != s.EstimatedBytes ||
		s.CompressedStoredBytes > s.StoredBytes {
		return false
	}
	var level Volume
	unknown := 0
	for _, m := range s.Selection.Missing {
		if m.Estimate == nil {
			unknown++
			continue
		}
		level.merge(Volume{m.Estimate.Objects, m.Estimate.StoredBytes, m.Estimate.CompressedStoredBytes, m.Estimate.EstimatedBytes})
	}
	total := Volume{s.Scanned.Objects, s.StoredBytes, s.CompressedStoredBytes, s.EstimatedBytes}
	total.merge(level)
	if level != s.BucketLevel || total != s.Total || unknown != s.Selection.Unknown ||
		len(s.Selection.Missing) != s.Selection.Estimated+s.Selection.Unknown || s.LowerBound != (unknown > 0) {
		return false
	}
	billed := s.Cost.FreeBytes
	for _, t := range s.Cost.Tiers {
		billed = satAdd(billed, t.Bytes)
	}
	// Saturated bytes (8 EiB) add up only approximately.
	return s.Cost.Bytes == s.Total.EstimatedBytes && (billed == s.Cost.Bytes || s.Cost.Bytes == math.MaxInt64)
}

// tally accumulates decisions; one per goroutine, merged at the end.
type tally struct {
	read, scanned Counts
	compressed    Counts // scanned compressed or archive files
	reasons       [numReasons]Counts
	buckets       map[string]*bucketTally
	rejections
	tierUnknown int64 // scanned INTELLIGENT_TIERING objects of an unknown access tier
	fileErrs    []fileErr
	files       int
}

type bucketTally struct {
	selected      bool
	read, scanned Counts
	compressed    Counts // scanned compressed or archive files
	reasons       [numReasons]Counts
}

type rowErr struct {
	file int
	err  *field.Error
}

type fileErr struct {
	file int
	err  error
}

func newTally() *tally { return &tally{buckets: map[string]*bucketTally{}} }

func (t *tally) bucket(name string, selected bool) *bucketTally {
	b, ok := t.buckets[name]
	if !ok {
		b = &bucketTally{selected: selected}
		t.buckets[name] = b
	}
	return b
}

func (t *tally) addTo(b *bucketTally, size int64, d Decision) {
	t.read.add(size)
	b.read.add(size)
	if d.Scan {
		t.scanned.add(size)
		b.scanned.add(size)
		if d.compressed {
			t.compressed.add(size)
			b.compressed.add(size)
		}
		if d.tierUnknown {
			t.tierUnknown++
		}
		return
	}
	t.reasons[d.slot].add(size)
	b.reasons[d.slot].add(size)
}

func (t *tally) merge(o *tally) {
	t.read.merge(o.read)
	t.scanned.merge(o.scanned)
	t.compressed.merge(o.compressed)
	for i := range t.reasons {
		t.reasons[i].merge(o.reasons[i])
	}
	for name, ob := range o.buckets {
		b := t.bucket(name, ob.selected)
		b.read.merge(ob.read)
		b.scanned.merge(ob.scanned)
		b.compressed.merge(ob.compressed)
		for i := range b.reasons {
			b.reasons[i].merge(ob.reasons[i])
		}
	}
	t.rejections.merge(o.rejections)
	t.tierUnknown += o.tierUnknown
	t.fileErrs = append(t.fileErrs, o.fileErrs...)
	t.files += o.files
}

func reasonCounts(rs *[numReasons]Counts) []ReasonCount {
	out := []ReasonCount{}
	for i, c := range rs {
		if c.Objects > 0 {
			out = append(out, ReasonCount{Stage: reasons[i].stage, Reason: reasons[i].reason, Counts: c})
		}
	}
	slices.SortStableFunc(out, func(a, b ReasonCount) int { return cmp.Compare(b.Objects, a.Objects) })
	return out
}

// skippedOf is the sum of the reasons' counts (not read − scanned, which
// is wrong once the counts saturate).
func skippedOf(rs *[numReasons]Counts) Counts {
	var c Counts
	for _, r := range rs {
		c.merge(r)
	}
	return c
}

// summary turns a tally into a Summary.
func (p *DryRun) summary(t *tally) *Summary {
	s := &Summary{Run: p.window, Read: t.read, Scanned: t.scanned, Skipped: skippedOf(&t.reasons),
		Rejected: t.rejected, Reasons: reasonCounts(&t.reasons), Buckets: []BucketSummary{},
		Files: t.files, FileErrors: []string{}, RowErrors: []string{},
		StoredBytes: t.scanned.Bytes, CompressedStoredBytes: t.compressed.Bytes, CompressedObjects: t.compressed.Objects,
		CompressionRatio: p.ratio, CompressionRatioSource: p.ratioSource(),
		Prices: p.pricesOf(), BilledThisMonth: p.billed, BucketLevelOnly: t.files == 0,
		UnknownAccessTier: t.tierUnknown}
	if t.tierUnknown > 0 {
		s.Assumed = append(s.Assumed, fmt.Sprintf("%d scanned INTELLIGENT_TIERING objects have an IntelligentTieringAccessTier other than "+
			"FREQUENT, INFREQUENT, ARCHIVE_INSTANT_ACCESS, ARCHIVE or DEEP_ARCHIVE: each is taken as readable, and planned as scanned", t.tierUnknown))
	}
	estimated := map[string]int64{} // by account
	stored := map[string]int64{}
	for name, b := range t.buckets {
		bs := BucketSummary{Bucket: name, Selected: b.selected, Read: b.read,
			Scanned: b.scanned, Skipped: skippedOf(&b.reasons), Reasons: reasonCounts(&b.reasons),
			CompressedStoredBytes: b.compressed.Bytes, EstimatedBytes: expand(b.scanned.Bytes, b.compressed.Bytes, p.ratio)}
		if st, ok := p.buckets[name]; ok {
			bs.AccountID = st.account
		}
		s.EstimatedBytes = satAdd(s.EstimatedBytes, bs.EstimatedBytes)
		if bs.Scanned.Bytes > 0 {
			estimated[bs.AccountID] = satAdd(estimated[bs.AccountID], bs.EstimatedBytes)
			stored[bs.AccountID] = satAdd(stored[bs.AccountID], bs.Scanned.Bytes)
		}
		s.Buckets = append(s.Buckets, bs)
	}
	slices.SortFunc(s.Buckets, func(a, b BucketSummary) int { return cmp.Compare(a.Bucket, b.Bucket) })
	p.selection(s, t, estimated, stored)
	s.Total = Volume{s.Scanned.Objects, s.StoredBytes, s.CompressedStoredBytes, s.EstimatedBytes}
	s.Total.merge(s.BucketLevel)
	s.Cost, s.Quota = p.costOf(estimated)
	s.EstimatedCost = s.Cost.USD
	lower, _ := p.costOf(stored)
	s.LowerBoundCost = lower.USD
	slices.SortStableFunc(t.fileErrs, func(a, b fileErr) int { return cmp.Compare(a.file, b.file) })
	for _, e := range t.fileErrs {
		s.FileErrors = append(s.FileErrors, e.err.Error())
	}
	slices.SortStableFunc(t.rowErrs, compareRowErrs)
	for _, e := range t.rowErrs {
		s.RowErrors = append(s.RowErrors, e.err.Error())
	}
	return s
}

// selection fills in s.Selection, s.BucketLevel, s.Complete and
// s.LowerBound, and adds the bucket-level estimates to the accounts' bytes.
func (p *DryRun) selection(s *Summary, t *tally, estimated, stored map[string]int64) {
	sel := &s.Selection
	sel.Missing, sel.AccessDenied = []MissingBucket{}, []BucketCounts{}
	for name, st := range p.buckets {
		if !st.selected {
			continue
		}
		sel.Selected++
		b, seen := t.buckets[name]
		if !st.pass {
			c := BucketCounts{Bucket: name, AccountID: st.account}
			if seen {
				c.Counts = b.read
			}
			sel.AccessDenied = append(sel.AccessDenied, c)
			if seen {
				sel.WithRecords++
			}
			continue
		}
		if seen {
			sel.WithRecords++
			continue
		}
		m := MissingBucket{Bucket: name, AccountID: st.account, Unknown: "no describe-buckets metadata for it"}
		if st.size != nil {
			m.Unknown = st.size.usable()
		}
		if m.Unknown == "" {
			m.Estimate = p.estimate(st.size)
			e := m.Estimate
			s.BucketLevel.merge(Volume{e.Objects, e.StoredBytes, e.CompressedStoredBytes, e.EstimatedBytes})
			estimated[m.AccountID] = satAdd(estimated[m.AccountID], e.EstimatedBytes)
			stored[m.AccountID] = satAdd(stored[m.AccountID], e.StoredBytes)
			sel.Estimated++
		} else {
			sel.Unknown++
		}
		sel.Missing = append(sel.Missing, m)
	}
	slices.SortFunc(sel.Missing, func(a, b MissingBucket) int { return cmp.Compare(a.Bucket, b.Bucket) })
	slices.SortFunc(sel.AccessDenied, func(a, b BucketCounts) int { return cmp.Compare(a.Bucket, b.Bucket) })
	s.Complete = len(sel.Missing) == 0
	s.LowerBound = sel.Unknown > 0
}

// ratioSource says where the compression ratio comes from.
func (p *DryRun) ratioSource() string {
	if p.ratio == DefaultCompressionRatio {
		return DefaultCompressionRatioSource
	}
	return "given by the user (Options.CompressionRatio, --compression-ratio)"
}
