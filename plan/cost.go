package plan

// Where each figure of the cost estimate comes from — UG is the Amazon
// Macie User Guide; [UNVERIFIED] marks a figure no AWS page consulted
// confirms, kept as a default the caller can override; [INFERRED] a reading
// of the documentation:
//
//   - What is billed: UG "Understanding estimated usage costs for Macie"
//     (account-mgmt-costs-calculations): "You're charged based on the amount
//     of uncompressed data that Macie analyzes in S3 objects. There's no
//     charge for objects that Macie can't analyze for reasons such as use of
//     an unsupported Amazon S3 storage class, use of an unsupported file or
//     storage format, or permissions settings." So only scanned objects
//     count, and Summary.StoredBytes is a lower bound.
//   - Compressed and archive files (isCompressed: last-dot extension gz,
//     gzip, zip or tar) are billed on their extracted bytes, which an
//     inventory does not show: UG "Forecasting and monitoring costs for
//     sensitive data discovery jobs" (discovery-jobs-costs): Macie
//     "decompresses the file, and then inspects each extracted file", and
//     "By default, Macie assumes ... All compressed and archive files use a
//     3:1 compression ratio" (DefaultCompressionRatio; the console lets the
//     user "Choose an estimated compression ratio", here
//     Options.CompressionRatio). Summary.CompressedStoredBytes is reported
//     apart and Summary.EstimatedBytes expands it. Parquet and Avro, which
//     compress inside, are not expanded, as Macie's estimate does not.
//   - Free tier: UG account-mgmt-costs-calculations: "Each month, there's no
//     charge to analyze up to 1 GB of data ... If less than 1 GB of data is
//     analyzed during a given month, the remaining allocation doesn't roll
//     over to the next month. If your account is part of an organization
//     with consolidated billing, the free tier applies to the combined
//     amount of data analyzed for your organization."
//   - Price tiers per calendar month (DefaultPrices): UG
//     account-mgmt-costs-calculations names "Regional volume pricing
//     tiers"; the bands (first 50 TB, next 450 TB, over 500 TB) and $1 per
//     GB in US East (N. Virginia) come from a transcription of the Amazon
//     Macie pricing page's US East examples, not the page's own table. The
//     prices of the second and third bands, $0.50 and $0.25 per GB, are
//     [UNVERIFIED]. Prices differ by Region (discovery-jobs-costs: the
//     estimate "reflects Macie pricing for the current AWS Region"):
//     Options.Prices replaces the table, Options.PricePerGB sets one flat
//     price without tiers or free tier. Options.BilledThisMonth places the
//     run on the tiers.
//   - Monthly quota (DefaultMonthlyQuota): UG account-mgmt-costs-calculations:
//     "(The default quota is 5 TB of data.) If a job is running and the
//     analysis of eligible objects reaches this quota, Macie automatically
//     pauses the job until the next calendar month starts and the monthly
//     quota is reset for your account, or you increase the quota for your
//     account." For an administrator's job the quota is per member account:
//     Macie "stops analyzing objects in buckets that the account owns", and
//     resumes a one-time job "when the next calendar month starts or the
//     quota is increased for all the affected accounts", a periodic one
//     "when the next run is scheduled to start or the next calendar month
//     starts, whichever occurs first". The pause is logged as
//     JOB_PAUSED_BY_MACIE_SERVICE_QUOTA_MET (UG "Understanding log events
//     for sensitive data discovery jobs": "Completion of the job would
//     exceed a monthly quota for the affected account"). Summary.Quota
//     compares each owning account's estimate with what is left of its
//     quota and counts the calendar months the run needs.
//   - [INFERRED]: a GB is 2^30 bytes and a TB 2^40 (Macie does not say;
//     AWS storage billing is binary); the quota counts the bytes billing
//     counts; the run's accounts are priced as one usage (as with
//     consolidated billing); each later month of a run the quota spreads
//     starts at the first tier with a fresh free GB.
//   - Not estimated: S3 GET and LIST request charges, which S3 bills (the
//     Amazon Macie pricing page), the per-bucket monitoring fee, which is
//     not a job cost, and AWS KMS charges.
//
// Macie's console estimates a job from bucket metadata before it exists;
// that "estimate doesn't reflect any options that you selected to refine
// and reduce the scope of the job ... It also doesn't reflect your monthly
// sensitive data discovery quota" (discovery-jobs-costs). The dry run
// gives that bucket-level estimate only for selected buckets the inputs
// have no records of (Summary.Selection, Summary.BucketLevel), apart from
// the object-level figures, and names the buckets it knows nothing of
// (Summary.LowerBound).

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/jobscope/jobscope/scope"
)

// Units of the cost estimate. Macie does not define them; they are taken
// as binary, as AWS storage billing is (docs/semantics.md, "The dry run", [INFERRED]).
const (
	GB int64 = 1 << 30 // a gigabyte of data analyzed: 2^30 bytes
	TB int64 = 1 << 40 // a terabyte: 2^40 bytes
)

// DefaultCompressionRatio is the uncompressed:stored size ratio assumed of
// compressed and archive files when Options.CompressionRatio is zero:
// Macie's own assumption for its job estimates (UG-JOB-COSTS: "All
// compressed and archive files use a 3:1 compression ratio").
const DefaultCompressionRatio = 3

// DefaultCompressionRatioSource is where DefaultCompressionRatio comes from.
const DefaultCompressionRatioSource = "Macie's default for its job estimates (user guide, Forecasting and monitoring costs for sensitive data discovery jobs: \"All compressed and archive files use a 3:1 compression ratio\")"

// DefaultMonthlyQuota is the monthly sensitive data discovery quota per
// account when Options.MonthlyQuota is zero: 5 TB (UG-COSTS: "The default
// quota is 5 TB of data"), taken as 5 × 2^40 bytes.
const DefaultMonthlyQuota = 5 * TB

// QuotaPausedEvent is the job event Macie logs when it pauses a job because
// an account reached its monthly sensitive data discovery quota; the job's
// status is then PAUSED.
const QuotaPausedEvent = "JOB_PAUSED_BY_MACIE_SERVICE_QUOTA_MET"

// compressedExtensions are the compressed and archive formats Macie
// expands (UG-STORAGE "Compression or archive"), by last-dot extension.
var compressedExtensions = [...]string{"gz", "gzip", "zip", "tar"}

// isCompressed reports whether an object key names a compressed or archive
// file, which Macie decompresses and bills on its uncompressed size: its
// last-dot extension is gz, gzip, zip or tar, in any case. "db.tar.gz" is
// one; "data.parquet" is not (columnar formats are not expanded).
func isCompressed(key string) bool {
	ext, ok := scope.Extension(key, scope.LastDot)
	if !ok {
		return false
	}
	for _, c := range compressedExtensions {
		if strings.EqualFold(ext, c) {
			return true
		}
	}
	return false
}

// PriceTier is one band of a PriceTable.
type PriceTier struct {
	// UpTo is where the band ends, in bytes of the calendar month's total
	// data analyzed; it starts where the previous band ends (0 for the
	// first). The last band has UpTo 0: it has no end.
	UpTo int64 `json:"upTo"`
	// PricePerGB is the price, in US dollars, of one GB (2^30 bytes)
	// analyzed within the band.
	PricePerGB float64 `json:"pricePerGB"`
}

// PriceTable is what Macie charges for the data its sensitive data
// discovery analyzes in one calendar month (jobs and automated discovery
// together), in one Region. The zero PriceTable stands for DefaultPrices.
type PriceTable struct {
	// Tiers are the bands of the month's usage, in order of UpTo, the last
	// one without an end.
	Tiers []PriceTier `json:"tiers"`
	// FreeBytes are free at the start of every calendar month; they do not
	// roll over.
	FreeBytes int64 `json:"freeBytes"`
	// Source says where the prices come from, for the summary.
	Source string `json:"source"`
}

// DefaultPrices returns the price table of US East (N. Virginia): $1.00 per
// GB for the first 50 TB of a month, $0.50 for the next 450 TB, $0.25
// over 500 TB, the first GB of every month free. The bands and the first
// price are documented; the prices of the second and third bands are
// [UNVERIFIED]: override them (Options.Prices) when they matter.
func DefaultPrices() PriceTable {
	return PriceTable{
		Tiers:     []PriceTier{{50 * TB, 1.00}, {500 * TB, 0.50}, {0, 0.25}},
		FreeBytes: GB,
		Source: "Amazon Macie pricing, US East (N. Virginia): $1.00 per GB for the first 50 TB a month; " +
			"$0.50 next 450 TB and $0.25 over 500 TB are UNVERIFIED; first 1 GB a month free",
	}
}

// flatPrice returns the table of one price per GB for every byte, with no
// tiers and no free allowance: a negotiated price (Options.PricePerGB).
func flatPrice(usdPerGB float64) PriceTable {
	return PriceTable{Tiers: []PriceTier{{0, usdPerGB}},
		Source: fmt.Sprintf("flat price of $%s per GB (PricePerGB, --price-per-gb): no tiers, no free allowance", formatPrice(usdPerGB))}
}

// formatPrice writes a price with at least two decimals and no trailing
// zeros beyond them: 1 → "1.00", 0.125 → "0.125".
func formatPrice(usd float64) string {
	s := fmt.Sprintf("%.6f", usd)
	s = strings.TrimRight(s, "0")
	if i := strings.IndexByte(s, '.'); len(s)-i-1 < 2 {
		s += strings.Repeat("0", 2-(len(s)-i-1))
	}
	return s
}

// validate reports the first problem with the table, or "".
func (pt *PriceTable) validate() string {
	if len(pt.Tiers) == 0 {
		return "the price table has no tiers"
	}
	if pt.FreeBytes < 0 {
		return "the free allowance must not be negative"
	}
	var prev int64
	for i, t := range pt.Tiers {
		last := i == len(pt.Tiers)-1
		switch {
		case !(t.PricePerGB >= 0) || math.IsInf(t.PricePerGB, 0):
			return fmt.Sprintf("tier %d: the price must be a number of at least 0", i+1)
		case last && t.UpTo != 0:
			return fmt.Sprintf("tier %d: the last tier has no end (UpTo 0)", i+1)
		case !last && t.UpTo <= prev:
			return fmt.Sprintf("tier %d: UpTo must be more than the previous tier's", i+1)
		}
		prev = t.UpTo
	}
	return ""
}

// TierCost is the part of a Cost that falls in one tier of the price table.
type TierCost struct {
	PriceTier
	// Bytes are the billed bytes that fall in the tier, over all the months
	// of the Cost; the free allowance is not in them.
	Bytes int64 `json:"bytes"`
	// USD is Bytes / 2^30 × PricePerGB.
	USD float64 `json:"usd"`
}

// Cost is the charge for analyzing some bytes, on a price table.
type Cost struct {
	// Bytes are the bytes priced: the free allowance and the tiers' bytes
	// add up to them.
	Bytes int64 `json:"bytes"`
	// FreeBytes is the free allowance applied, over all the months.
	FreeBytes int64 `json:"freeBytes"`
	// Tiers are the bytes and charge of each tier of the price table, in
	// its order, summed over the months.
	Tiers []TierCost `json:"tiers"`
	// Months is the number of calendar months the bytes are analyzed in:
	// 1, or more when the monthly quota pauses the run (Quota.Months). The
	// first month starts after BilledThisMonth; each later month starts
	// again at the first tier, with a fresh free allowance [INFERRED:
	// nothing else is analyzed in those months].
	Months int64 `json:"months"`
	// USD is the charge in US dollars: the sum of the tiers' USD.
	USD float64 `json:"usd"`
}

// monthRun is count consecutive calendar months, each analyzing bytes,
// the first of them after start bytes were analyzed that month.
type monthRun struct {
	count, start, bytes int64
}

// overlap is the length of [start, start+n) ∩ [lo, hi).
func overlap(start, n, lo, hi int64) int64 {
	end := satAdd(start, n)
	lo, hi = max(lo, start), min(hi, end)
	return max(hi-lo, 0)
}

// price returns the cost of the months on the table.
func (pt *PriceTable) price(months []monthRun, total int64) Cost {
	c := Cost{Bytes: total, Months: 1, Tiers: make([]TierCost, len(pt.Tiers))}
	var n int64
	for _, m := range months {
		n = satAdd(n, m.count)
	}
	c.Months = max(n, 1)
	for i, t := range pt.Tiers {
		c.Tiers[i].PriceTier = t
	}
	for _, m := range months {
		c.FreeBytes = satAdd(c.FreeBytes, satMul(overlap(m.start, m.bytes, 0, pt.FreeBytes), m.count))
		var lo int64
		for i, t := range pt.Tiers {
			hi := t.UpTo
			if hi == 0 {
				hi = math.MaxInt64
			}
			b := overlap(m.start, m.bytes, max(lo, pt.FreeBytes), hi)
			c.Tiers[i].Bytes = satAdd(c.Tiers[i].Bytes, satMul(b, m.count))
			c.Tiers[i].USD += float64(b) / float64(GB) * t.PricePerGB * float64(m.count)
			lo = hi
		}
	}
	for _, t := range c.Tiers {
		c.USD += t.USD
	}
	return c
}

// satMul is a × b for non-negative terms, clamped to math.MaxInt64.
func satMul(a, b int64) int64 {
	if a == 0 || b == 0 {
		return 0
	}
	if a > math.MaxInt64/b {
		return math.MaxInt64
	}
	return a * b
}

// expand is the estimated uncompressed size of stored bytes of which
// compressed are compressed or archive files: stored − compressed +
// compressed × ratio, rounded to the byte and clamped to math.MaxInt64.
func expand(stored, compressed int64, ratio float64) int64 {
	compressed = min(compressed, stored)
	if ratio == math.Trunc(ratio) && ratio < 1<<62 {
		return satAdd(stored-compressed, satMul(compressed, int64(ratio)))
	}
	extra := math.Round(float64(compressed) * ratio)
	if extra >= math.MaxInt64 {
		return math.MaxInt64
	}
	return satAdd(stored-compressed, int64(extra))
}

// AccountQuota is one account's share of a run against its monthly
// sensitive data discovery quota.
type AccountQuota struct {
	// AccountID is the account that owns the buckets; "" when the inputs
	// do not say (bucket definitions and bucket metadata both name
	// accounts), and then the run is taken as one account.
	AccountID string `json:"accountId"`
	// EstimatedBytes are the bytes the run would analyze in the account's
	// buckets: the estimate at the compression ratio, object-level and
	// bucket-level together.
	EstimatedBytes int64 `json:"estimatedBytes"`
	// RemainingBytes is what is left of the account's quota this month:
	// max(0, Quota.MonthlyBytes − Quota.UsedThisMonth).
	RemainingBytes int64 `json:"remainingBytes"`
	// ExceededBytes are the bytes beyond RemainingBytes, 0 when the run
	// fits. When they are not 0 Macie pauses the job on reaching the
	// quota (QuotaPausedEvent).
	ExceededBytes int64 `json:"exceededBytes"`
	// Months is the number of calendar months, this one included, the
	// account's part of the run needs at this quota: 1 when it fits, else
	// 1 + ⌈ExceededBytes / Quota.MonthlyBytes⌉.
	Months int64 `json:"months"`
}

// Quota is the run against the monthly sensitive data discovery quota of each
// account (docs/semantics.md, "The monthly quota"). Macie's own job estimates
// do not reflect the quota.
type Quota struct {
	// MonthlyBytes is the quota of each account: the data its sensitive
	// data discovery may analyze in a calendar month.
	MonthlyBytes int64 `json:"monthlyBytes"`
	// UsedThisMonth is the data analyzed this month before the run
	// (Options.BilledThisMonth), counted against the quota of every
	// account.
	UsedThisMonth int64 `json:"usedThisMonth"`
	// Accounts are the run's accounts, by account ID, each with its
	// estimate and its remaining quota. Accounts the run analyzes nothing
	// in are left out.
	Accounts []AccountQuota `json:"accounts"`
	// Exceeded is whether some account's estimate exceeds its remaining
	// quota: Macie would pause the job (status PAUSED, event
	// JOB_PAUSED_BY_MACIE_SERVICE_QUOTA_MET) when the account reaches it,
	// until the next calendar month starts or the quota is increased (a
	// periodic job also resumes at its next scheduled run, if that comes
	// first).
	Exceeded bool `json:"exceeded"`
	// ExceededBytes is the sum of the accounts' ExceededBytes.
	ExceededBytes int64 `json:"exceededBytes"`
	// Months is the number of calendar months, this one included, the
	// run needs at this quota: the most of the accounts' Months, 1 when
	// nothing is exceeded.
	Months int64 `json:"months"`
}

// spread lays the bytes of each account out over calendar months under
// the quota: the run analyzes what is left of each account's quota this
// month, then at most the quota a month. It returns the months as runs of
// equal months and each account's share.
func (p *DryRun) spread(accounts map[string]int64) ([]monthRun, []AccountQuota) {
	q := p.quota
	rem := max(0, q-p.billed)
	ids := make([]string, 0, len(accounts))
	for id, b := range accounts {
		if b > 0 {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	type extra struct{ full, rest int64 }
	var extras []extra
	var first int64
	var shares []AccountQuota
	months := int64(1)
	for _, id := range ids {
		b := accounts[id]
		a := AccountQuota{AccountID: id, EstimatedBytes: b, RemainingBytes: rem, Months: 1}
		if b <= rem {
			first = satAdd(first, b)
			shares = append(shares, a)
			continue
		}
		first = satAdd(first, rem)
		x := b - rem
		e := extra{x / q, x % q}
		extras = append(extras, e)
		a.ExceededBytes = x
		a.Months = satAdd(1, e.full)
		if e.rest > 0 {
			a.Months = satAdd(a.Months, 1)
		}
		months = max(months, a.Months)
		shares = append(shares, a)
	}
	runs := []monthRun{{count: 1, start: p.billed, bytes: first}}
	if months == 1 {
		return runs, shares
	}
	// From month 2 on, each month analyzes the quota of every account with
	// full months left and the rest of the accounts that end that month:
	// constant between the months where an account's share changes.
	points := []int64{2, satAdd(months, 1)}
	for _, e := range extras {
		points = append(points, satAdd(2, e.full), satAdd(3, e.full))
	}
	slices.Sort(points)
	points = slices.Compact(points)
	for i := 0; i+1 < len(points) && points[i] <= months; i++ {
		k, n := points[i], min(points[i+1], satAdd(months, 1))-points[i]
		var bytes int64
		for _, e := range extras {
			switch end := satAdd(2, e.full); {
			case k < end:
				bytes = satAdd(bytes, q)
			case k == end:
				bytes = satAdd(bytes, e.rest)
			}
		}
		if n > 0 {
			runs = append(runs, monthRun{count: n, bytes: bytes})
		}
	}
	return runs, shares
}

// quotaOf sums the accounts' shares up.
func (p *DryRun) quotaOf(shares []AccountQuota) Quota {
	qs := Quota{MonthlyBytes: p.quota, UsedThisMonth: p.billed, Accounts: shares, Months: 1}
	if qs.Accounts == nil {
		qs.Accounts = []AccountQuota{}
	}
	for _, a := range shares {
		if a.ExceededBytes > 0 {
			qs.Exceeded = true
			qs.ExceededBytes = satAdd(qs.ExceededBytes, a.ExceededBytes)
		}
		qs.Months = max(qs.Months, a.Months)
	}
	return qs
}

// costOf prices the bytes of each account, spread over months under the
// quota.
func (p *DryRun) costOf(accounts map[string]int64) (Cost, Quota) {
	runs, shares := p.spread(accounts)
	var total int64
	for _, b := range accounts {
		total = satAdd(total, b)
	}
	return p.prices.price(runs, total), p.quotaOf(shares)
}

// pricesOf returns the price table the dry run uses (a copy).
func (p *DryRun) pricesOf() PriceTable {
	pt := p.prices
	pt.Tiers = slices.Clone(pt.Tiers)
	return pt
}
