package main

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/plan"
	"github.com/jobscope/jobscope/schedule"
)

// The types of this file are `plan --format json`, a contract described by
// schema/plan.schema.json (see outschema.go).

type planReport struct {
	_               struct{}      `desc:"The dry run of one run of a Macie classification job."`
	SchemaVersion   string        `json:"schemaVersion" desc:"The version of this output's contract: the minor number grows when members are added, the major number when one is removed or changes meaning." pattern:"^1\\.[0-9]+$"`
	Job             planJob       `json:"job"`
	Run             planRun       `json:"run"`
	Read            planCounts    `json:"read" desc:"Every object record read: scanned + skipped."`
	Scanned         planCounts    `json:"scanned" desc:"The objects the run analyzes."`
	Skipped         planCounts    `json:"skipped" desc:"The objects the run leaves out, for the reasons of reasons."`
	RejectedRows    int64         `json:"rejectedRows" min:"0" desc:"Rows that could not be read (not in read); rowErrors lists the first ones."`
	Reasons         []planReason  `json:"reasons" desc:"The skips by reason, most objects first; reasons that skipped nothing are left out."`
	Buckets         []planBucket  `json:"buckets" desc:"The tally of each bucket with records in the inputs, by name."`
	DataFiles       int           `json:"dataFiles" min:"0" desc:"The number of data files read."`
	FileErrors      []string      `json:"fileErrors" desc:"The data files that could not be read to their end (the rows read before the problem are counted), with why."`
	RowErrors       []string      `json:"rowErrors" desc:"The first rejected rows, in input order, with where and why."`
	Assumed         []string      `json:"assumed" desc:"Per input that lacks a column an eligibility check reads, what was assumed in its place."`
	Analyzed        planAnalyzed  `json:"analyzed"`
	Selection       planSelection `json:"selection"`
	BucketLevel     planVolume    `json:"bucketLevel" desc:"The bucket-level estimates of the selected buckets without records (selection.missing), kept apart because they ignore the job's scoping, sampling, incremental window and per-file quotas."`
	BucketLevelOnly bool          `json:"bucketLevelOnly" desc:"No data file was read: every figure is the bucket-level estimate of the whole job, an upper bound that ignores its object scoping."`
	Total           planVolume    `json:"total" desc:"The object-level figures plus bucketLevel: what the cost and the quota are computed from."`
	Complete        bool          `json:"complete" desc:"Every selected bucket has records in the inputs (or is skipped at the bucket stage)."`
	LowerBound      bool          `json:"lowerBound" desc:"A selected bucket is unknown (no records, no usable metadata): total, the cost and the quota leave it out and are lower bounds."`
	Prices          planPrices    `json:"prices"`
	BilledThisMonth int64         `json:"billedThisMonthBytes" min:"0" desc:"The data analyzed this calendar month before the run (--billed-this-month), where the run starts on the price tiers."`
	Cost            planCost      `json:"cost"`
	EstimatedCost   money         `json:"estimatedCost" desc:"The estimated charge: cost.charge."`
	LowerBoundCost  money         `json:"lowerBoundCost" desc:"The charge for total.storedBytes, as if no file were compressed: the cost's lower bound."`
	Quota           planQuota     `json:"quota"`
	Partial         bool          `json:"partial" desc:"The run was interrupted: the counts cover the rows decided until then."`
	AWSRequests     *awsRequests  `json:"awsRequests,omitempty" desc:"The AWS requests made to read s3:// inputs and --buckets aws; absent when none was made."`
}

type planJob struct {
	_       struct{}         `desc:"The job planned."`
	Name    string           `json:"name" desc:"The job's name, as its definition gives it (empty when it has none)."`
	JobType schedule.JobType `json:"jobType"`
}

type planRun struct {
	_                      struct{} `desc:"The run planned and its incremental window: the objects last modified after modifiedAfter (at or after, when modifiedAfterInclusive) and at or before start."`
	Number                 int      `json:"number" min:"1" desc:"The run's number, 1 for the first."`
	Start                  string   `json:"start,omitempty" format:"date-time" desc:"When the run starts (RFC 3339, UTC); objects modified later wait for the next run. Absent when the job's creation is not known (a ONE_TIME job without createdAt or --created-at)."`
	ModifiedAfter          string   `json:"modifiedAfter,omitempty" format:"date-time" desc:"The window's lower bound (RFC 3339, UTC): the job's creation or the preceding run's start. Absent when the run analyzes every existing object."`
	ModifiedAfterInclusive bool     `json:"modifiedAfterInclusive" desc:"The lower bound is inclusive (--option incrementalBoundary=INCLUSIVE)."`
}

type planCounts struct {
	_       struct{} `desc:"A number of objects and their total stored size."`
	Objects int64    `json:"objects" min:"0"`
	Bytes   int64    `json:"bytes" min:"0"`
}

type planReason struct {
	_       struct{}    `desc:"How many objects one reason skipped."`
	Stage   string      `json:"stage" enum:"bucket,version,scope,eligibility,increment,sample" desc:"The pipeline stage that skipped them."`
	Reason  plan.Reason `json:"reason"`
	Objects int64       `json:"objects" min:"0"`
	Bytes   int64       `json:"bytes" min:"0"`
}

type planBucket struct {
	_                     struct{}     `desc:"The tally of one bucket."`
	Bucket                string       `json:"bucket"`
	AccountID             string       `json:"accountId,omitempty" desc:"The account that owns the bucket, from the bucket metadata or the job's bucketDefinitions; absent when neither says."`
	Selected              bool         `json:"selected" desc:"The bucket stage takes the bucket."`
	Read                  planCounts   `json:"read"`
	Scanned               planCounts   `json:"scanned"`
	Skipped               planCounts   `json:"skipped"`
	CompressedStoredBytes int64        `json:"compressedStoredBytes" min:"0" desc:"The part of scanned.bytes in compressed or archive files (.gz, .gzip, .zip, .tar)."`
	EstimatedBytes        int64        `json:"estimatedBytes" min:"0" desc:"The bytes Macie is estimated to analyze: scanned.bytes with the compressed part expanded at analyzed.compressionRatio."`
	Reasons               []planReason `json:"reasons"`
}

type planAnalyzed struct {
	_                      struct{} `desc:"The data the run analyzes in the objects of the inputs, and the estimate of what Macie bills for it."`
	StoredBytes            int64    `json:"storedBytes" min:"0" desc:"The stored size of the objects analyzed (scanned.bytes): the lower bound of what Macie bills."`
	CompressedStoredBytes  int64    `json:"compressedStoredBytes" min:"0" desc:"The part of storedBytes in compressed or archive files, whose uncompressed size an inventory does not show."`
	CompressedObjects      int64    `json:"compressedObjects" min:"0"`
	CompressionRatio       float64  `json:"compressionRatio" desc:"The uncompressed:stored ratio assumed of compressed files (--compression-ratio)."`
	CompressionRatioSource string   `json:"compressionRatioSource"`
	EstimatedBytes         int64    `json:"estimatedBytes" min:"0" desc:"storedBytes - compressedStoredBytes + compressedStoredBytes x compressionRatio, summed over the buckets."`
	UnknownAccessTier      int64    `json:"unknownAccessTierObjects" min:"0" desc:"Scanned INTELLIGENT_TIERING objects whose access tier is none Macie names: taken as readable (assumed says so)."`
}

type planVolume struct {
	_                     struct{} `desc:"An amount of data analyzed."`
	Objects               int64    `json:"objects" min:"0"`
	StoredBytes           int64    `json:"storedBytes" min:"0"`
	CompressedStoredBytes int64    `json:"compressedStoredBytes" min:"0"`
	EstimatedBytes        int64    `json:"estimatedBytes" min:"0"`
}

type planSelection struct {
	_            struct{}            `desc:"Which buckets the job selects and which of them the inputs have records of."`
	Selected     int                 `json:"selected" min:"0"`
	WithRecords  int                 `json:"withRecords" min:"0"`
	Missing      []planMissingBucket `json:"missing" desc:"The selected buckets with no records in the inputs, never counted as empty."`
	Estimated    int                 `json:"estimated" min:"0" desc:"How many of missing have a bucket-level estimate."`
	Unknown      int                 `json:"unknown" min:"0" desc:"How many of missing have none: the totals leave them out."`
	AccessDenied []planDeniedBucket  `json:"accessDenied" desc:"The selected buckets Macie cannot access (errorCode ACCESS_DENIED): it analyzes and bills nothing in them."`
}

type planMissingBucket struct {
	_         struct{}            `desc:"A selected bucket without records in the inputs."`
	Bucket    string              `json:"bucket"`
	AccountID string              `json:"accountId,omitempty"`
	Estimate  *planBucketEstimate `json:"estimate,omitempty" desc:"The bucket-level estimate from its describe-buckets metadata; absent when there is no usable metadata."`
	Unknown   string              `json:"unknown,omitempty" desc:"Why there is no estimate."`
}

type planBucketEstimate struct {
	_                     struct{} `desc:"What a bucket's metadata says Macie can analyze in it, as Macie's console estimates a job before it exists: an upper bound."`
	Objects               int64    `json:"objects" min:"0"`
	StoredBytes           int64    `json:"storedBytes" min:"0"`
	CompressedStoredBytes int64    `json:"compressedStoredBytes" min:"0"`
	EstimatedBytes        int64    `json:"estimatedBytes" min:"0"`
	AsOf                  string   `json:"asOf,omitempty" desc:"The metadata's lastUpdated, as given."`
}

type planDeniedBucket struct {
	_         struct{} `desc:"A selected bucket skipped with BUCKET_ACCESS_DENIED, with its records' counts."`
	Bucket    string   `json:"bucket"`
	AccountID string   `json:"accountId,omitempty"`
	Objects   int64    `json:"objects" min:"0"`
	Bytes     int64    `json:"bytes" min:"0"`
}

type planPrices struct {
	_         struct{}    `desc:"The price table of the cost: what Macie charges per GB (2^30 bytes) analyzed in a calendar month."`
	Tiers     []planPrice `json:"tiers" desc:"The bands of the month's usage, in order."`
	FreeBytes int64       `json:"freeBytes" min:"0" desc:"Free at the start of every calendar month."`
	Source    string      `json:"source" desc:"Where the prices come from."`
}

type planPrice struct {
	_          struct{} `desc:"One band of the price table."`
	UpToBytes  int64    `json:"upToBytes,omitempty" min:"1" desc:"Where the band ends, in bytes of the month's total; absent for the last band, which has no end."`
	PricePerGB money    `json:"pricePerGB"`
}

type planCost struct {
	_         struct{}       `desc:"The estimated charge for total.estimatedBytes: data analyzed only, without S3 request charges or the bucket-monitoring fee."`
	Bytes     int64          `json:"bytes" min:"0" desc:"The bytes priced: freeBytes and the tiers' bytes add up to them."`
	FreeBytes int64          `json:"freeBytes" min:"0" desc:"The free allowance applied, over all the months."`
	Tiers     []planTierCost `json:"tiers"`
	Months    int64          `json:"months" desc:"The calendar months the bytes are analyzed in: more than 1 when the monthly quota pauses the run."`
	Charge    money          `json:"charge" desc:"The total charge: the sum of the tiers' charges before rounding."`
}

type planTierCost struct {
	_          struct{} `desc:"The part of the cost in one band of the price table."`
	UpToBytes  int64    `json:"upToBytes,omitempty" min:"1"`
	PricePerGB money    `json:"pricePerGB"`
	Bytes      int64    `json:"bytes" min:"0"`
	Charge     money    `json:"charge"`
}

type planQuota struct {
	_             struct{}           `desc:"The run against each account's monthly sensitive data discovery quota; Macie pauses a job that reaches it."`
	MonthlyBytes  int64              `json:"monthlyBytes" min:"0"`
	UsedThisMonth int64              `json:"usedThisMonthBytes" min:"0"`
	Accounts      []planAccountQuota `json:"accounts"`
	Exceeded      bool               `json:"exceeded"`
	ExceededBytes int64              `json:"exceededBytes" min:"0"`
	Months        int64              `json:"months" desc:"The calendar months, this one included, the run needs at this quota."`
}

type planAccountQuota struct {
	_              struct{} `desc:"One account's share of the run against its quota."`
	AccountID      string   `json:"accountId" desc:"Empty when the inputs do not say; the run is then taken as one account."`
	EstimatedBytes int64    `json:"estimatedBytes" min:"0"`
	RemainingBytes int64    `json:"remainingBytes" min:"0"`
	ExceededBytes  int64    `json:"exceededBytes" min:"0"`
	Months         int64    `json:"months"`
}

// money is an amount in a currency, as a decimal string: charges to the
// cent, prices as given.
type money struct {
	_        struct{} `desc:"An amount of money: a decimal string and its ISO 4217 currency."`
	Amount   string   `json:"amount" pattern:"^-?[0-9]+\\.[0-9]{2,}$" desc:"The amount as a decimal number with at least two decimals: charges are rounded to the cent, prices are exact."`
	Currency string   `json:"currency" enum:"USD"`
}

// charge is usd dollars rounded to the cent; less than half a cent either
// way is 0.00, never -0.00.
func charge(usd float64) money {
	v := math.Round(usd*100) / 100
	if v == 0 {
		v = 0 // not -0
	}
	return money{Amount: strconv.FormatFloat(v, 'f', 2, 64), Currency: "USD"}
}

// price is usd dollars with every decimal it has, and at least two.
func price(usd float64) money {
	s := strconv.FormatFloat(usd, 'f', -1, 64)
	switch i := strings.IndexByte(s, '.'); {
	case i < 0:
		s += ".00"
	case len(s)-i == 2:
		s += "0"
	}
	return money{Amount: s, Currency: "USD"}
}

func newPlanRun(w schedule.Window) planRun {
	r := planRun{Number: w.RunNumber, ModifiedAfterInclusive: w.LowerInclusive}
	if !w.Upper.IsZero() {
		r.Start = rfc3339(w.Upper)
	}
	if !w.Lower.IsZero() {
		r.ModifiedAfter = rfc3339(w.Lower)
	}
	return r
}

func rfc3339(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func counts(c plan.Counts) planCounts { return planCounts{Objects: c.Objects, Bytes: c.Bytes} }

func volume(v plan.Volume) planVolume {
	return planVolume{Objects: v.Objects, StoredBytes: v.StoredBytes, CompressedStoredBytes: v.CompressedStoredBytes, EstimatedBytes: v.EstimatedBytes}
}

func reasons(rs []plan.ReasonCount) []planReason {
	out := []planReason{}
	for _, r := range rs {
		out = append(out, planReason{Stage: string(r.Stage), Reason: r.Reason, Objects: r.Objects, Bytes: r.Bytes})
	}
	return out
}

// newPlanReport is s, the dry run of j, as its JSON contract.
func newPlanReport(j *jobscope.Job, s *plan.Summary) planReport {
	r := planReport{
		SchemaVersion: schemaVersion,
		Job:           planJob{Name: j.Name, JobType: j.JobType},
		Run:           newPlanRun(s.Run),
		Read:          counts(s.Read), Scanned: counts(s.Scanned), Skipped: counts(s.Skipped), RejectedRows: s.Rejected,
		Reasons: reasons(s.Reasons), Buckets: []planBucket{},
		DataFiles: s.Files, FileErrors: nonNil(s.FileErrors), RowErrors: nonNil(s.RowErrors), Assumed: nonNil(s.Assumed),
		Analyzed: planAnalyzed{StoredBytes: s.StoredBytes, CompressedStoredBytes: s.CompressedStoredBytes,
			CompressedObjects: s.CompressedObjects, CompressionRatio: s.CompressionRatio,
			CompressionRatioSource: s.CompressionRatioSource, EstimatedBytes: s.EstimatedBytes,
			UnknownAccessTier: s.UnknownAccessTier},
		Selection: planSelection{Selected: s.Selection.Selected, WithRecords: s.Selection.WithRecords,
			Missing: []planMissingBucket{}, Estimated: s.Selection.Estimated, Unknown: s.Selection.Unknown,
			AccessDenied: []planDeniedBucket{}},
		BucketLevel: volume(s.BucketLevel), BucketLevelOnly: s.BucketLevelOnly, Total: volume(s.Total),
		Complete: s.Complete, LowerBound: s.LowerBound,
		Prices:          planPrices{Tiers: []planPrice{}, FreeBytes: s.Prices.FreeBytes, Source: s.Prices.Source},
		BilledThisMonth: s.BilledThisMonth,
		Cost: planCost{Bytes: s.Cost.Bytes, FreeBytes: s.Cost.FreeBytes, Tiers: []planTierCost{},
			Months: s.Cost.Months, Charge: charge(s.Cost.USD)},
		EstimatedCost: charge(s.EstimatedCost), LowerBoundCost: charge(s.LowerBoundCost),
		Quota: planQuota{MonthlyBytes: s.Quota.MonthlyBytes, UsedThisMonth: s.Quota.UsedThisMonth,
			Accounts: []planAccountQuota{}, Exceeded: s.Quota.Exceeded, ExceededBytes: s.Quota.ExceededBytes,
			Months: s.Quota.Months},
		Partial: s.Partial,
	}
	for _, b := range s.Buckets {
		r.Buckets = append(r.Buckets, planBucket{Bucket: b.Bucket, AccountID: b.AccountID, Selected: b.Selected,
			Read: counts(b.Read), Scanned: counts(b.Scanned), Skipped: counts(b.Skipped),
			CompressedStoredBytes: b.CompressedStoredBytes, EstimatedBytes: b.EstimatedBytes, Reasons: reasons(b.Reasons)})
	}
	for _, m := range s.Selection.Missing {
		mb := planMissingBucket{Bucket: m.Bucket, AccountID: m.AccountID, Unknown: m.Unknown}
		if e := m.Estimate; e != nil {
			mb.Estimate = &planBucketEstimate{Objects: e.Objects, StoredBytes: e.StoredBytes,
				CompressedStoredBytes: e.CompressedStoredBytes, EstimatedBytes: e.EstimatedBytes, AsOf: e.AsOf}
		}
		r.Selection.Missing = append(r.Selection.Missing, mb)
	}
	for _, d := range s.Selection.AccessDenied {
		r.Selection.AccessDenied = append(r.Selection.AccessDenied, planDeniedBucket{Bucket: d.Bucket, AccountID: d.AccountID, Objects: d.Objects, Bytes: d.Bytes})
	}
	for _, t := range s.Prices.Tiers {
		r.Prices.Tiers = append(r.Prices.Tiers, planPrice{UpToBytes: t.UpTo, PricePerGB: price(t.PricePerGB)})
	}
	for _, t := range s.Cost.Tiers {
		r.Cost.Tiers = append(r.Cost.Tiers, planTierCost{UpToBytes: t.UpTo, PricePerGB: price(t.PricePerGB), Bytes: t.Bytes, Charge: charge(t.USD)})
	}
	for _, a := range s.Quota.Accounts {
		r.Quota.Accounts = append(r.Quota.Accounts, planAccountQuota{AccountID: a.AccountID, EstimatedBytes: a.EstimatedBytes,
			RemainingBytes: a.RemainingBytes, ExceededBytes: a.ExceededBytes, Months: a.Months})
	}
	return r
}

// nonNil is list, or an empty list for nil: a JSON array, never null.
func nonNil[T any](list []T) []T {
	if list == nil {
		return []T{}
	}
	return list
}
