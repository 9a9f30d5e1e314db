package plan_test

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/jobscope/jobscope/criteria"
	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/plan"
	"github.com/jobscope/jobscope/scope"
)

const (
	GB = plan.GB
	TB = plan.TB
)

const oneBucketJob = `{"name":"n","jobType":"ONE_TIME","s3JobDefinition":{"bucketDefinitions":[{"accountId":"111122223333","buckets":["b"]}]}}`

// tierBytes is the billed bytes per tier of a cost.
func tierBytes(c plan.Cost) []int64 {
	var out []int64
	for _, t := range c.Tiers {
		out = append(out, t.Bytes)
	}
	return out
}

// objsOf is objects of one bucket that add up to total bytes, each within
// Macie's size quota of its format (8 GB for compressed files).
func objsOf(bucket, ext string, total int64) []scope.Object {
	var out []scope.Object
	for i := 0; total > 0; i++ {
		n := min(total, 8*GB)
		out = append(out, obj(bucket, fmt.Sprintf("%s/%d.%s", ext, i, ext), n, "2024-01-01T00:00:00Z"))
		total -= n
	}
	return out
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-6*max(1, math.Abs(b)) }

// TestCostTiers checks the tier arithmetic: the free GB of the month, the
// usage so far crossing tier boundaries, the flat override and a table of
// one's own.
func TestCostTiers(t *testing.T) {
	bigQuota := 10000 * TB // the quota out of the way
	tests := []struct {
		name      string
		opts      plan.Options
		bytes     int64
		free      int64
		tiers     []int64
		usd       float64
		months    int64
		sourceHas string
	}{
		{"nothing", plan.Options{}, 0, 0, []int64{0, 0, 0}, 0, 1, "UNVERIFIED"},
		{"within the free GB", plan.Options{}, GB / 2, GB / 2, []int64{0, 0, 0}, 0, 1, ""},
		{"the free GB, then $1.00", plan.Options{}, 10 * GB, GB, []int64{9 * GB, 0, 0}, 9, 1, ""},
		{"free GB half used this month", plan.Options{BilledThisMonth: GB / 2}, 10 * GB, GB / 2, []int64{9*GB + GB/2, 0, 0}, 9.5, 1, ""},
		{"free GB used up this month", plan.Options{BilledThisMonth: 2 * GB}, 10 * GB, 0, []int64{10 * GB, 0, 0}, 10, 1, ""},
		{"crossing 50 TB", plan.Options{BilledThisMonth: 49 * TB, MonthlyQuota: bigQuota}, 2 * TB, 0, []int64{TB, TB, 0}, 1024 + 512, 1, ""},
		{"crossing 500 TB", plan.Options{BilledThisMonth: 499 * TB, MonthlyQuota: bigQuota}, 2 * TB, 0, []int64{0, TB, TB}, 512 + 256, 1, ""},
		{"every tier from the month's start", plan.Options{MonthlyQuota: bigQuota}, 600 * TB, GB,
			[]int64{50*TB - GB, 450 * TB, 100 * TB}, 51199 + 460800*0.5 + 102400*0.25, 1, ""},
		{"beyond 500 TB already", plan.Options{BilledThisMonth: 600 * TB, MonthlyQuota: bigQuota}, 4 * TB, 0, []int64{0, 0, 4 * TB}, 1024, 1, ""},
		{"flat price: no tiers, no free GB", plan.Options{PricePerGB: 1.25, BilledThisMonth: 49 * TB, MonthlyQuota: bigQuota}, 2 * TB, 0,
			[]int64{2 * TB}, 2560, 1, "flat price of $1.25"},
		{"flat price wins over a table", plan.Options{PricePerGB: 2, Prices: plan.PriceTable{Tiers: []plan.PriceTier{{0, 9}}}}, 3 * GB, 0,
			[]int64{3 * GB}, 6, 1, "flat"},
		{"a table of one's own", plan.Options{Prices: plan.PriceTable{Tiers: []plan.PriceTier{{10 * GB, 2}, {0, 1}}, FreeBytes: 2 * GB}}, 20 * GB, 2 * GB,
			[]int64{8 * GB, 10 * GB}, 26, 1, "given by the user"},
		{"the quota spreads the run: a fresh free GB each month", plan.Options{}, 12 * TB, 3 * GB, []int64{12*TB - 3*GB, 0, 0}, 12*1024 - 3, 3, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustNew(t, oneBucketJob, tt.opts).CostOf(tt.bytes)
			if c.Bytes != tt.bytes || c.FreeBytes != tt.free || !slices.Equal(tierBytes(c), tt.tiers) || !near(c.USD, tt.usd) || c.Months != tt.months {
				t.Errorf("bytes %d free %d tiers %v usd %v months %d; want %d, %d, %v, %v, %d",
					c.Bytes, c.FreeBytes, tierBytes(c), c.USD, c.Months, tt.bytes, tt.free, tt.tiers, tt.usd, tt.months)
			}
			var sum float64
			for _, tc := range c.Tiers {
				sum += tc.USD
				if !near(tc.USD, float64(tc.Bytes)/float64(GB)*tc.PricePerGB) {
					t.Errorf("tier %+v: usd is not bytes × price", tc)
				}
			}
			if !near(sum, c.USD) {
				t.Errorf("tiers sum to %v, total %v", sum, c.USD)
			}
			if src := mustNew(t, oneBucketJob, tt.opts).Prices().Source; !strings.Contains(src, tt.sourceHas) {
				t.Errorf("source %q lacks %q", src, tt.sourceHas)
			}
		})
	}
}

func TestDefaultPrices(t *testing.T) {
	p := plan.DefaultPrices()
	want := []plan.PriceTier{{50 * TB, 1.00}, {500 * TB, 0.50}, {0, 0.25}}
	if diff := cmp.Diff(want, p.Tiers); diff != "" || p.FreeBytes != GB {
		t.Errorf("tiers (-want +got):\n%s free %d", diff, p.FreeBytes)
	}
	// DefaultPrices returns a fresh table: changing one does not change the next.
	p.Tiers[0].PricePerGB = 7
	if plan.DefaultPrices().Tiers[0].PricePerGB != 1 {
		t.Error("DefaultPrices shares its tiers")
	}
}

func TestIsCompressed(t *testing.T) {
	for key, want := range map[string]bool{
		"a.gz": true, "a.GZ": true, "a.gzip": true, "a.Zip": true, "a.tar": true, "db.tar.gz": true, "dir.gz/a.gz": true,
		"a.csv": false, "a.parquet": false, "a.avro": false, "dir.gz/a": false, "a.tgz": false, "gz": false, "a.gz.": false, "a.tar.bz2": false,
	} {
		if got := plan.IsCompressed(key); got != want {
			t.Errorf("IsCompressed(%q) = %v", key, got)
		}
	}
}

// TestCompressionRatio: compressed and archive files are counted apart and
// expanded at the ratio; other files, columnar ones too, are not.
func TestCompressionRatio(t *testing.T) {
	objs := []scope.Object{
		obj("b", "a.csv", 10*GB, "2024-01-01T00:00:00Z"),
		obj("b", "b.GZ", 2*GB, "2024-01-01T00:00:00Z"),
		obj("b", "c.tar.gz", GB, "2024-01-01T00:00:00Z"),
		obj("b", "d.zip", GB, "2024-01-01T00:00:00Z"),
		obj("b", "e.parquet", GB, "2024-01-01T00:00:00Z"),
		obj("b", "f.png", 5*GB, "2024-01-01T00:00:00Z"), // not analyzed: not billed, not counted
	}
	tests := []struct {
		ratio     float64
		estimated int64
		source    string
	}{
		{0, 11*GB + 4*GB*3, "3:1"},
		{3, 11*GB + 4*GB*3, "3:1"},
		{1, 15 * GB, "given by the user"},
		{2.5, 11*GB + 10*GB, "given by the user"},
	}
	for _, tt := range tests {
		s := mustNew(t, oneBucketJob, plan.Options{CompressionRatio: tt.ratio}).Summarize(slices.Values(objs))
		if s.StoredBytes != 15*GB || s.CompressedStoredBytes != 4*GB || s.CompressedObjects != 3 || s.EstimatedBytes != tt.estimated ||
			s.Total.EstimatedBytes != tt.estimated || s.Buckets[0].EstimatedBytes != tt.estimated || s.Buckets[0].CompressedStoredBytes != 4*GB {
			t.Errorf("ratio %v: stored %d compressed %d (%d objects) estimated %d (bucket %d); want 15 GiB, 4 GiB, 3, %d",
				tt.ratio, s.StoredBytes, s.CompressedStoredBytes, s.CompressedObjects, s.EstimatedBytes, s.Buckets[0].EstimatedBytes, tt.estimated)
		}
		if !strings.Contains(s.CompressionRatioSource, tt.source) || !s.Reconciles() || s.Cost.Bytes != tt.estimated {
			t.Errorf("ratio %v: source %q, reconciles %v, cost bytes %d", tt.ratio, s.CompressionRatioSource, s.Reconciles(), s.Cost.Bytes)
		}
		if want := float64(tt.estimated-GB) / float64(GB); !near(s.EstimatedCost, want) {
			t.Errorf("ratio %v: cost %v, want %v", tt.ratio, s.EstimatedCost, want)
		}
		if want := float64(15*GB-GB) / float64(GB); !near(s.LowerBoundCost, want) {
			t.Errorf("ratio %v: lower bound %v, want %v", tt.ratio, s.LowerBoundCost, want)
		}
	}
}

// TestQuotaMonths: the months a run needs at the quota, per account, with
// the usage so far.
func TestQuotaMonths(t *testing.T) {
	tests := []struct {
		name             string
		opts             plan.Options
		bytes            int64
		exceeded, months int64
		remaining        int64
		wantExceeded     bool
		cost             float64 // USD at $1.00 a GB, a free GB a month
	}{
		{"fits", plan.Options{}, 5 * TB, 0, 1, 5 * TB, false, 5*1024 - 1},
		{"one byte over: free in month 2", plan.Options{}, 5*TB + 1, 1, 2, 5 * TB, true, 5*1024 - 1},
		{"twice the quota", plan.Options{}, 10 * TB, 5 * TB, 2, 5 * TB, true, 10*1024 - 2},
		{"12 TB: 3 months", plan.Options{}, 12 * TB, 7 * TB, 3, 5 * TB, true, 12*1024 - 3},
		{"4 TB used: 1 TB left", plan.Options{BilledThisMonth: 4 * TB}, 12 * TB, 11 * TB, 4, TB, true, 12*1024 - 3},
		{"quota used up: paused at once", plan.Options{BilledThisMonth: 6 * TB}, 3 * TB, 3 * TB, 2, 0, true, 3*1024 - 1},
		{"a raised quota", plan.Options{MonthlyQuota: 20 * TB}, 12 * TB, 0, 1, 20 * TB, false, 12*1024 - 1},
		{"a small quota, many months", plan.Options{MonthlyQuota: 10 * GB}, 1000*GB + 5, 990*GB + 5, 101, 10 * GB, true, 1000 - 100},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustNew(t, oneBucketJob, tt.opts).Summarize(slices.Values(objsOf("b", "csv", tt.bytes)))
			q := s.Quota
			if len(q.Accounts) != 1 {
				t.Fatalf("accounts %+v", q.Accounts)
			}
			a := q.Accounts[0]
			if a.AccountID != "111122223333" || a.EstimatedBytes != tt.bytes || a.ExceededBytes != tt.exceeded || a.Months != tt.months ||
				a.RemainingBytes != tt.remaining || q.Exceeded != tt.wantExceeded || q.Months != tt.months || q.ExceededBytes != tt.exceeded {
				t.Errorf("quota %+v", q)
			}
			if !near(s.EstimatedCost, tt.cost) || s.Cost.Months != tt.months || !s.Reconciles() {
				t.Errorf("cost %v over %d months, want %v over %d", s.EstimatedCost, s.Cost.Months, tt.cost, tt.months)
			}
			if q.MonthlyBytes != max(tt.opts.MonthlyQuota, 5*TB) && tt.opts.MonthlyQuota == 0 {
				t.Errorf("monthly quota %d", q.MonthlyBytes)
			}
		})
	}
}

// TestQuotaPerAccount: each account has its own quota; the months of the
// run are the most any account needs, and each month's bytes are priced
// from the first tier with a fresh free GB.
func TestQuotaPerAccount(t *testing.T) {
	js := `{"name":"n","jobType":"ONE_TIME","s3JobDefinition":{"bucketDefinitions":[
	  {"accountId":"111111111111","buckets":["one"]},{"accountId":"222222222222","buckets":["two"]}]}}`
	one, two := objsOf("one", "csv", 6*TB), slices.Concat(objsOf("two", "csv", 3*TB), objsOf("two", "gz", TB))
	s := mustNew(t, js, plan.Options{}).Summarize(slices.Values(slices.Concat(one, two)))
	want := []plan.AccountQuota{
		{AccountID: "111111111111", EstimatedBytes: 6 * TB, RemainingBytes: 5 * TB, ExceededBytes: TB, Months: 2},
		{AccountID: "222222222222", EstimatedBytes: 6 * TB, RemainingBytes: 5 * TB, ExceededBytes: TB, Months: 2},
	}
	if diff := cmp.Diff(want, s.Quota.Accounts); diff != "" {
		t.Errorf("accounts (-want +got):\n%s", diff)
	}
	// Month 1: 5 TB of each account; month 2: the 1 TB left of each.
	if s.Quota.Months != 2 || s.Quota.ExceededBytes != 2*TB || !near(s.EstimatedCost, 12*1024-2) || s.Cost.FreeBytes != 2*GB {
		t.Errorf("quota %+v, cost %+v", s.Quota, s.Cost)
	}
	// One account over, one within: the one within adds only to month 1.
	s = mustNew(t, js, plan.Options{}).Summarize(slices.Values(slices.Concat(one, objsOf("two", "csv", 3*TB))))
	if s.Quota.Months != 2 || s.Quota.Accounts[1].Months != 1 || s.Quota.Accounts[1].ExceededBytes != 0 || !near(s.EstimatedCost, 9*1024-2) {
		t.Errorf("quota %+v, cost %v", s.Quota, s.EstimatedCost)
	}
}

// TestCostExtremes: absurd sizes and quotas saturate, never wrap or hang.
func TestCostExtremes(t *testing.T) {
	js := `{"name":"n","jobType":"ONE_TIME","s3JobDefinition":{"bucketDefinitions":[{"accountId":"111122223333","buckets":["b","x","y"]}]}}`
	sizes := []plan.BucketSize{
		{BucketName: "x", ClassifiableSizeInBytes: ptr(math.MaxInt64), SizeInBytesCompressed: ptr(math.MaxInt64)},
		{BucketName: "y", ClassifiableSizeInBytes: ptr(math.MaxInt64 / 2)},
	}
	objs := []scope.Object{obj("b", "a.gz", GB, "2024-01-01T00:00:00Z")}
	for _, opts := range []plan.Options{{}, {MonthlyQuota: 1}, {MonthlyQuota: 1, BilledThisMonth: math.MaxInt64}, {CompressionRatio: 1e300},
		{CompressionRatio: 2.5}, {MonthlyQuota: 3 * GB}} {
		opts.BucketSizes = sizes
		s := mustNew(t, js, opts).Summarize(slices.Values(objs))
		if !s.Reconciles() || s.Total.EstimatedBytes != math.MaxInt64 || s.Quota.Months < 2 || !(s.EstimatedCost >= 0) || math.IsInf(s.EstimatedCost, 0) {
			t.Errorf("%+v: reconciles %v, estimated %d, months %d, cost %v", opts, s.Reconciles(), s.Total.EstimatedBytes, s.Quota.Months, s.EstimatedCost)
		}
	}
}

func TestCostOptionErrors(t *testing.T) {
	for _, tt := range []struct {
		name  string
		opts  plan.Options
		field string
	}{
		{"ratio below 1", plan.Options{CompressionRatio: 0.5}, "CompressionRatio"},
		{"ratio NaN", plan.Options{CompressionRatio: math.NaN()}, "CompressionRatio"},
		{"ratio infinite", plan.Options{CompressionRatio: math.Inf(1)}, "CompressionRatio"},
		{"negative usage", plan.Options{BilledThisMonth: -1}, "BilledThisMonth"},
		{"negative quota", plan.Options{MonthlyQuota: -1}, "MonthlyQuota"},
		{"negative price", plan.Options{PricePerGB: -1}, "PricePerGB"},
		{"tiers out of order", plan.Options{Prices: plan.PriceTable{Tiers: []plan.PriceTier{{10, 1}, {5, 1}, {0, 1}}}}, "Prices"},
		{"last tier with an end", plan.Options{Prices: plan.PriceTable{Tiers: []plan.PriceTier{{10, 1}}}}, "Prices"},
		{"negative tier price", plan.Options{Prices: plan.PriceTable{Tiers: []plan.PriceTier{{0, -1}}}}, "Prices"},
		{"negative free allowance", plan.Options{Prices: plan.PriceTable{Tiers: []plan.PriceTier{{0, 1}}, FreeBytes: -1}}, "Prices"},
	} {
		_, err := plan.New(mustJob(t, oneBucketJob), tt.opts)
		var ce *field.Error
		if !errors.As(err, &ce) || ce.Code != field.InvalidOption || ce.Path != tt.field {
			t.Errorf("%s: %v, want an invalid option %s", tt.name, err, tt.field)
		}
	}
}

func ptr(n int64) *int64 { return &n }

// TestMissingBuckets: a selected bucket without records is named, with a
// bucket-level estimate from its metadata or as unknown; one skipped as
// ACCESS_DENIED is reported apart; the totals and cost include the
// estimates; an unknown bucket makes them lower bounds.
func TestMissingBuckets(t *testing.T) {
	js := `{"name":"n","jobType":"ONE_TIME","s3JobDefinition":{"bucketDefinitions":[
	  {"accountId":"111122223333","buckets":["data","archive","ghost","denied","sealed"]}]}}`
	meta := []criteria.BucketMetadata{
		{AccountID: "111122223333", BucketName: "data"}, {AccountID: "111122223333", BucketName: "archive"},
		{AccountID: "111122223333", BucketName: "denied", ErrorCode: criteria.ErrorCodeAccessDenied},
		{AccountID: "111122223333", BucketName: "sealed", ErrorCode: criteria.ErrorCodeAccessDenied},
	}
	sizes := []plan.BucketSize{
		{AccountID: "111122223333", BucketName: "data", ClassifiableSizeInBytes: ptr(99 * TB)},
		{AccountID: "111122223333", BucketName: "archive", ClassifiableObjectCount: ptr(1000), ClassifiableSizeInBytes: ptr(100 * GB),
			SizeInBytesCompressed: ptr(50 * GB), LastUpdated: "2024-12-01T06:12:44Z"},
		{AccountID: "111122223333", BucketName: "denied", ErrorCode: criteria.ErrorCodeAccessDenied},
	}
	objs := []scope.Object{obj("data", "a.csv", 10*GB, "2024-01-01T00:00:00Z"), obj("data", "a.gz", GB, "2024-01-01T00:00:00Z"),
		obj("sealed", "x.csv", 3*GB, "2024-01-01T00:00:00Z")}
	s := mustNew(t, js, plan.Options{Buckets: meta, BucketSizes: sizes}).Summarize(slices.Values(objs))
	want := plan.BucketSelection{
		Selected: 5, WithRecords: 2,
		Missing: []plan.MissingBucket{
			{Bucket: "archive", AccountID: "111122223333", Estimate: &plan.BucketEstimate{Objects: 1000, StoredBytes: 100 * GB,
				CompressedStoredBytes: 50 * GB, EstimatedBytes: 200 * GB, AsOf: "2024-12-01T06:12:44Z"}},
			{Bucket: "ghost", AccountID: "111122223333", Unknown: "no describe-buckets metadata for it"},
		},
		Estimated: 1, Unknown: 1,
		AccessDenied: []plan.BucketCounts{{Bucket: "denied", AccountID: "111122223333"},
			{Bucket: "sealed", AccountID: "111122223333", Counts: plan.Counts{Objects: 1, Bytes: 3 * GB}}},
	}
	if diff := cmp.Diff(want, s.Selection); diff != "" {
		t.Errorf("selection (-want +got):\n%s", diff)
	}
	wantLevel := plan.Volume{Objects: 1000, StoredBytes: 100 * GB, CompressedStoredBytes: 50 * GB, EstimatedBytes: 200 * GB}
	wantTotal := plan.Volume{Objects: 1002, StoredBytes: 111 * GB, CompressedStoredBytes: 51 * GB, EstimatedBytes: 213 * GB}
	if s.BucketLevel != wantLevel || s.Total != wantTotal || s.Complete || !s.LowerBound || !s.Reconciles() {
		t.Errorf("bucket level %+v, total %+v, complete %v, lower bound %v, reconciles %v", s.BucketLevel, s.Total, s.Complete, s.LowerBound, s.Reconciles())
	}
	if !near(s.EstimatedCost, 212) || !near(s.LowerBoundCost, 110) || s.Quota.Accounts[0].EstimatedBytes != 213*GB {
		t.Errorf("cost %v, lower bound %v, quota %+v", s.EstimatedCost, s.LowerBoundCost, s.Quota)
	}

	// Metadata with an error code, or without sizes, gives no estimate.
	sizes[1].ClassifiableSizeInBytes = nil
	s = mustNew(t, js, plan.Options{Buckets: meta, BucketSizes: sizes}).Summarize(slices.Values(objs))
	if m := s.Selection.Missing[0]; m.Estimate != nil || !strings.Contains(m.Unknown, "classifiableSizeInBytes") || s.Selection.Unknown != 2 {
		t.Errorf("missing %+v", s.Selection.Missing)
	}

	// Every selected bucket with records: complete, no bucket level.
	s = mustNew(t, oneBucketJob, plan.Options{}).Summarize(slices.Values([]scope.Object{obj("b", "a.csv", GB, "2024-01-01T00:00:00Z")}))
	if !s.Complete || s.LowerBound || s.Selection.Selected != 1 || s.Selection.WithRecords != 1 || s.BucketLevel != (plan.Volume{}) {
		t.Errorf("complete run: %+v", s.Selection)
	}
}

// TestMissingBucketsCriteria: with bucket criteria the selected buckets
// are those whose metadata matches; one without records is missing.
func TestMissingBucketsCriteria(t *testing.T) {
	js := `{"name":"n","jobType":"ONE_TIME","s3JobDefinition":{"bucketCriteria":{"includes":{"and":[
	  {"simpleCriterion":{"comparator":"EQ","key":"S3_BUCKET_NAME","values":["prod-a","prod-b"]}}]}}}}`
	meta := []criteria.BucketMetadata{{AccountID: "1", BucketName: "prod-a"}, {AccountID: "2", BucketName: "prod-b"}, {AccountID: "1", BucketName: "dev-c"}}
	sizes := []plan.BucketSize{{AccountID: "2", BucketName: "prod-b", ClassifiableSizeInBytes: ptr(6 * TB)}, {AccountID: "1", BucketName: "dev-c", ClassifiableSizeInBytes: ptr(TB)}}
	s := mustNew(t, js, plan.Options{Buckets: meta, BucketSizes: sizes}).Summarize(slices.Values([]scope.Object{obj("prod-a", "a.csv", GB, "2024-01-01T00:00:00Z")}))
	if s.Selection.Selected != 2 || len(s.Selection.Missing) != 1 || s.Selection.Missing[0].Bucket != "prod-b" || s.Selection.Missing[0].AccountID != "2" ||
		s.LowerBound || s.Complete || !s.Reconciles() {
		t.Fatalf("selection %+v", s.Selection)
	}
	// The bucket-level estimate counts against its own account's quota.
	if len(s.Quota.Accounts) != 2 || s.Quota.Accounts[1].AccountID != "2" || s.Quota.Accounts[1].ExceededBytes != TB || s.Quota.Accounts[0].ExceededBytes != 0 {
		t.Errorf("quota %+v", s.Quota.Accounts)
	}
}

func TestReadBucketSizes(t *testing.T) {
	in := `{"buckets": [
	  {"accountId": "1", "bucketName": "a", "classifiableObjectCount": 3, "classifiableSizeInBytes": 300, "sizeInBytesCompressed": 100,
	   "lastUpdated": "2024-12-01T06:12:44Z", "tags": [{"key": "k", "value": "v"}]},
	  {"accountId": "1", "bucketName": "b", "errorCode": "ACCESS_DENIED", "classifiableSizeInBytes": null}
	], "nextToken": "x"}`
	got, err := plan.ReadBucketSizes(strings.NewReader(in), "b.json")
	want := []plan.BucketSize{
		{AccountID: "1", BucketName: "a", ClassifiableObjectCount: ptr(3), ClassifiableSizeInBytes: ptr(300), SizeInBytesCompressed: ptr(100), LastUpdated: "2024-12-01T06:12:44Z"},
		{AccountID: "1", BucketName: "b", ErrorCode: "ACCESS_DENIED"},
	}
	if diff := cmp.Diff(want, got); err != nil || diff != "" {
		t.Errorf("%v (-want +got):\n%s", err, diff)
	}
	got, err = plan.ReadBucketSizes(strings.NewReader(`[{"bucketName": "a", "classifiableSizeInBytes": 5}]`), "b.json")
	if err != nil || len(got) != 1 || *got[0].ClassifiableSizeInBytes != 5 {
		t.Errorf("bare array: %v %+v", err, got)
	}
	for in, msg := range map[string]string{
		`{"buckets": [{"bucketName": "a", "classifiableSizeInBytes": "5"}]}`: "b.json: buckets[0].classifiableSizeInBytes: a JSON string where a number belongs",
		`[{"bucketName": "a", "sizeInBytesCompressed": -5}]`:                 "[0].sizeInBytesCompressed: -5 is negative",
		`{"buckets": `: "b.json",
	} {
		if _, err := plan.ReadBucketSizes(strings.NewReader(in), "b.json"); err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("%s: %v, want %q", in, err, msg)
		}
	}
}
