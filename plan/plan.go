package plan

import (
	"cmp"
	"fmt"
	"iter"
	"math"
	"slices"
	"time"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/criteria"
	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/schedule"
	"github.com/jobscope/jobscope/scope"
)

// Stage is a step of the dry run's pipeline. Stages run in the order of
// the constants; the first one that rejects an object names the reason.
type Stage string

// The stages, in pipeline order (docs/semantics.md, "The pipeline").
const (
	StageBucket      Stage = "bucket"      // bucket definitions or bucket criteria
	StageVersion     Stage = "version"     // only the latest version, not a delete marker
	StageScope       Stage = "scope"       // the job's scoping
	StageEligibility Stage = "eligibility" // what Macie never analyzes (docs/semantics.md, "Objects Macie cannot analyze")
	StageIncrement   Stage = "increment"   // a scheduled run's incremental window (docs/semantics.md, "Incremental windows")
	StageSample      Stage = "sample"      // samplingPercentage
)

// Reason is why an object is skipped. Each reason belongs to one stage.
type Reason string

// The reasons, in pipeline order.
const (
	// ReasonBucketNotSelected: the job's bucket definitions do not list the
	// bucket, or its bucket criteria do not match the bucket's metadata.
	ReasonBucketNotSelected Reason = "BUCKET_NOT_SELECTED"
	// ReasonBucketUnknown: the job selects buckets by criteria and the
	// bucket metadata (describe-buckets) has no entry for the bucket, so
	// Macie, which evaluates criteria over the buckets it monitors, would
	// not pick it.
	ReasonBucketUnknown Reason = "BUCKET_NOT_IN_INVENTORY"
	// ReasonBucketAccessDenied: the job selects the bucket, but its
	// metadata has errorCode ACCESS_DENIED: Macie may not read it (a
	// restrictive bucket policy), so it analyzes none of its objects and
	// bills none (jobscope.Options.AccessDeniedBuckets).
	ReasonBucketAccessDenied Reason = "BUCKET_ACCESS_DENIED"
	// ReasonNoncurrentVersion: a version that is not the latest
	// (docs/semantics.md, "The pipeline": the conditions apply to the latest
	// version).
	ReasonNoncurrentVersion Reason = "NONCURRENT_VERSION"
	// ReasonDeleteMarker: the latest version is a delete marker, so the
	// object does not exist for the job.
	ReasonDeleteMarker Reason = "DELETE_MARKER"
	// ReasonNotIncluded: an include condition of the scoping fails.
	ReasonNotIncluded Reason = "NOT_INCLUDED"
	// ReasonExcluded: the scoping's excludes hold.
	ReasonExcluded Reason = "EXCLUDED"
	// ReasonStorageClass, ReasonArchiveTier, ReasonFileType,
	// ReasonFileSize, ReasonEncryption are the eligibility checks of
	// package scope, in its order.
	ReasonStorageClass Reason = Reason(scope.ReasonStorageClass)
	ReasonArchiveTier  Reason = Reason(scope.ReasonArchiveTier)
	ReasonFileType     Reason = Reason(scope.ReasonFileType)
	ReasonFileSize     Reason = Reason(scope.ReasonFileSize)
	ReasonEncryption   Reason = Reason(scope.ReasonEncryption)
	// ReasonUnchanged: the object was last modified before the run's
	// incremental window: an earlier run analyzed it, or, for a first run
	// with initialRun false, it existed before the job was created.
	ReasonUnchanged Reason = "UNCHANGED"
	// ReasonAfterRunStart: the object was modified after the run started;
	// the next run takes it.
	ReasonAfterRunStart Reason = "AFTER_RUN_START"
	// ReasonNotSampled: samplingPercentage is below 100 and the sampler did
	// not select the object.
	ReasonNotSampled Reason = "NOT_SAMPLED"
)

// reasons lists every Reason with its stage, in pipeline order; a
// reason's index in it is its tally slot.
var reasons = [...]struct {
	stage  Stage
	reason Reason
}{
	{StageBucket, ReasonBucketNotSelected}, {StageBucket, ReasonBucketUnknown}, {StageBucket, ReasonBucketAccessDenied},
	{StageVersion, ReasonNoncurrentVersion}, {StageVersion, ReasonDeleteMarker},
	{StageScope, ReasonNotIncluded}, {StageScope, ReasonExcluded},
	{StageEligibility, ReasonStorageClass}, {StageEligibility, ReasonArchiveTier}, {StageEligibility, ReasonFileType},
	{StageEligibility, ReasonFileSize}, {StageEligibility, ReasonEncryption},
	{StageIncrement, ReasonUnchanged}, {StageIncrement, ReasonAfterRunStart},
	{StageSample, ReasonNotSampled},
}

const numReasons = len(reasons)

// Stage returns the stage r belongs to, or "" for an unknown reason.
func (r Reason) Stage() Stage {
	for _, e := range reasons {
		if e.reason == r {
			return e.stage
		}
	}
	return ""
}

// Values returns every Reason in pipeline order.
func (Reason) Values() []Reason {
	out := make([]Reason, numReasons)
	for i, e := range reasons {
		out[i] = e.reason
	}
	return out
}

// Decision is what the job does with one object: scan it, or skip it at a
// stage for a reason. Path is the JSON path, in the job definition, of
// what decided a skip when there is one: the deciding bucket criterion or
// scoping condition, "s3JobDefinition.bucketDefinitions",
// "initialRun" or "scheduleFrequency" for the increment stage,
// "samplingPercentage" for the sample stage; empty for the version and
// eligibility stages, which no part of the job decides.
type Decision struct {
	Scan   bool
	Stage  Stage
	Reason Reason
	Path   string
	slot   int8 // index in reasons, -1 for a scan
	// compressed: a scanned compressed or archive file (isCompressed)
	compressed bool
	// tierUnknown: a scanned INTELLIGENT_TIERING object whose access tier
	// is not one of scope.AccessTier's values
	tierUnknown bool
}

// Options are the inputs of a dry run besides the job and its objects.
type Options struct {
	// Engine are the engine's choices where Macie's documentation leaves
	// behaviour open (docs/semantics.md, "Choices where AWS is silent"); the
	// zero value is every default.
	Engine jobscope.Options
	// Buckets is the bucket metadata, as `aws macie2 describe-buckets`
	// reports it. A job with bucket criteria needs it; a job with bucket
	// definitions uses it, when given, to match account and name, and
	// otherwise matches bucket names alone (bucket names are unique within
	// a partition).
	Buckets []criteria.BucketMetadata
	// CreatedAt is when the job was created, which fixes a scheduled job's
	// run calendar. Default: the job's createdAt (DescribeClassificationJob
	// output). A SCHEDULED job needs one or the other.
	CreatedAt time.Time
	// Run is the run of a SCHEDULED job to plan, 1 for the first; its
	// incremental window decides the increment stage. Default 1. A ONE_TIME
	// job has only run 1 and no increment stage.
	Run int
	// At, when not zero, picks the run instead of Run: the latest run that
	// starts at or before At.
	At time.Time
	// Runs, when more than 1, is how many consecutive runs of a SCHEDULED
	// job, from the one Run or At picks, the dry run plans as one: its
	// incremental window goes from that run's lower bound to the last
	// one's start. The runs' windows follow one another and the sampler
	// selects the same objects in every run, so this is what the runs
	// analyze together. Default 1.
	Runs int
	// Seed seeds the sampler (see scope.Sampler): the same seed selects the
	// same objects on every run and machine.
	Seed uint64
	// CompressionRatio is the uncompressed:stored size ratio assumed of
	// compressed and archive files (isCompressed), which Macie bills on
	// the bytes it extracts, for the estimate (Summary.EstimatedBytes).
	// At least 1; 1 estimates at the stored bytes. Default
	// DefaultCompressionRatio (3), Macie's own assumption.
	CompressionRatio float64
	// BilledThisMonth is the data, in bytes, that Macie's sensitive data
	// discovery (jobs and automated discovery) analyzed this calendar month
	// before the run: it places the run on the price tiers and uses up the
	// free allowance, and it is counted against the monthly quota of every
	// account. With consolidated billing, tiers and the free allowance
	// apply to the organization's combined usage: give the family's total.
	// Default 0.
	BilledThisMonth int64
	// MonthlyQuota is the monthly sensitive data discovery quota of each
	// account, in bytes. Default DefaultMonthlyQuota (5 TB).
	MonthlyQuota int64
	// Prices is the price table of the cost estimate. The zero value (no
	// tiers) is DefaultPrices. PricePerGB, when set, replaces it.
	Prices PriceTable
	// PricePerGB, when more than 0, is one flat price, in US dollars per
	// GB (2^30 bytes) analyzed, that replaces the price table, its tiers
	// and its free allowance (FlatPrice): for negotiated prices.
	PricePerGB float64
	// BucketSizes are the sizes describe-buckets reports of the buckets
	// (ReadBucketSizes), for a bucket-level estimate of each selected
	// bucket that has no records in the inputs. Buckets without an entry
	// are unknown.
	BucketSizes []BucketSize
}

// bucketState is the bucket stage's verdict for one bucket name: its
// objects go on to the next stage when pass is set, and are skipped with
// d otherwise. A selected bucket that Macie may not read is selected and
// does not pass.
type bucketState struct {
	selected, pass bool
	d              Decision
	account        string      // the owning account, when known
	size           *BucketSize // describe-buckets sizes, when given
}

// DryRun is a job compiled for planning one run: its bucket selection,
// object scoping, eligibility, incremental window and sampler. It is
// immutable and safe for concurrent use.
type DryRun struct {
	// The fields decide reads for every object come first.
	scoping  *scope.ObjectMatcher
	elig     *scope.Eligibility
	sampling bool // samplingPercentage below 100
	windowed bool // the increment stage can skip objects
	job      *jobscope.Job
	buckets  map[string]*bucketState
	unknown  *bucketState // a bucket name the bucket metadata does not have
	sampler  scope.Sampler
	window   schedule.Window
	ratio    float64    // compression ratio
	billed   int64      // bytes analyzed this month before the run
	quota    int64      // monthly quota per account
	prices   PriceTable // with its Source
}

// optionError is an option that does not fit the job or the other
// options: a *field.Error with code InvalidOption whose Path is the
// option's name in Options.
func optionError(option, message string) *field.Error {
	return &field.Error{Path: option, Code: field.InvalidOption, Message: message}
}

// New validates the job with opts.Engine and compiles it for planning one
// run. An invalid job yields the field.ErrorList that validation reports;
// options that do not fit the job yield a *field.Error with code
// field.InvalidOption, whose Path names the option.
func New(j *jobscope.Job, opts Options) (*DryRun, error) {
	if err := j.Validate(opts.Engine); err != nil {
		return nil, err
	}
	def := j.S3JobDefinition
	if def == nil {
		return nil, field.New(field.NewPath("s3JobDefinition"), field.Required, "the job has no s3JobDefinition")
	}
	p := &DryRun{job: j, elig: scope.NewEligibility(opts.Engine.Eligibility)}
	if err := p.compileCost(opts); err != nil {
		return nil, err
	}
	var err error
	if p.scoping, err = scope.Compile(def.Scoping, opts.Engine.Scope); err != nil {
		return nil, err
	}
	if err := p.compileBuckets(def, opts); err != nil {
		return nil, err
	}
	pct := 100
	if j.SamplingPercentage != nil {
		pct = int(*j.SamplingPercentage)
	}
	p.sampler, p.sampling = scope.NewSampler(pct, opts.Seed), pct < 100
	if err := p.compileWindow(opts); err != nil {
		return nil, err
	}
	return p, nil
}

// compileCost checks and sets the options of the cost estimate.
func (p *DryRun) compileCost(opts Options) error {
	p.ratio, p.billed, p.quota = cmp.Or(opts.CompressionRatio, DefaultCompressionRatio), opts.BilledThisMonth, cmp.Or(opts.MonthlyQuota, DefaultMonthlyQuota)
	switch {
	case !(p.ratio >= 1) || math.IsInf(p.ratio, 0):
		return optionError("CompressionRatio", fmt.Sprintf("the compression ratio must be a number of at least 1, not %v", opts.CompressionRatio))
	case p.billed < 0:
		return optionError("BilledThisMonth", "the data analyzed this month must not be negative")
	case p.quota < 0:
		return optionError("MonthlyQuota", "the monthly quota must not be negative")
	case opts.PricePerGB < 0 || math.IsNaN(opts.PricePerGB) || math.IsInf(opts.PricePerGB, 0):
		return optionError("PricePerGB", "the price must be a number of at least 0")
	}
	switch {
	case opts.PricePerGB > 0:
		p.prices = flatPrice(opts.PricePerGB)
	case len(opts.Prices.Tiers) == 0:
		p.prices = DefaultPrices()
	default:
		p.prices = opts.Prices
		p.prices.Tiers = slices.Clone(opts.Prices.Tiers)
		if msg := p.prices.validate(); msg != "" {
			return optionError("Prices", msg)
		}
		if p.prices.Source == "" {
			p.prices.Source = "a price table given by the user"
		}
	}
	return nil
}

func (p *DryRun) compileBuckets(def *jobscope.S3JobDefinition, opts Options) error {
	p.buckets = map[string]*bucketState{}
	if def.BucketDefinitions != nil {
		m, err := p.job.BucketSelector(opts.Engine)
		if err != nil {
			return err
		}
		names := map[string]string{} // bucket → account
		for _, b := range def.BucketDefinitions {
			for _, n := range b.Buckets {
				names[n] = b.AccountID
			}
		}
		notListed := Decision{Stage: StageBucket, Reason: ReasonBucketNotSelected,
			Path: "s3JobDefinition.bucketDefinitions", slot: slotOf(ReasonBucketNotSelected)}
		p.unknown = &bucketState{d: notListed}
		for n, account := range names {
			p.buckets[n] = &bucketState{selected: true, pass: true, d: scanDecision, account: account}
		}
		for i := range opts.Buckets {
			b := &opts.Buckets[i]
			if m.Match(b) {
				p.buckets[b.BucketName] = p.selected(b, opts)
			} else {
				p.buckets[b.BucketName] = &bucketState{d: notListed, account: b.AccountID}
			}
		}
		p.addSizes(opts.BucketSizes)
		return nil
	}
	if def.BucketCriteria == nil {
		return field.New(field.NewPath("s3JobDefinition"), field.Required, "the job has neither bucketDefinitions nor bucketCriteria")
	}
	if opts.Buckets == nil {
		return optionError("Buckets", "the job selects buckets by bucketCriteria, which are evaluated over bucket metadata: give the describe-buckets output")
	}
	m, err := p.job.BucketSelector(opts.Engine)
	if err != nil {
		return err
	}
	p.unknown = &bucketState{d: Decision{Stage: StageBucket, Reason: ReasonBucketUnknown,
		Path: "s3JobDefinition.bucketCriteria", slot: slotOf(ReasonBucketUnknown)}}
	for i := range opts.Buckets {
		b := &opts.Buckets[i]
		ex := m.Explain(b)
		if ex.Match {
			p.buckets[b.BucketName] = p.selected(b, opts)
			continue
		}
		p.buckets[b.BucketName] = &bucketState{d: Decision{Stage: StageBucket, Reason: ReasonBucketNotSelected,
			Path: ex.DecidingPath, slot: slotOf(ReasonBucketNotSelected)}, account: b.AccountID}
	}
	p.addSizes(opts.BucketSizes)
	return nil
}

// addSizes attaches the describe-buckets sizes to the selected buckets,
// and their account when nothing else names it.
func (p *DryRun) addSizes(sizes []BucketSize) {
	for i := range sizes {
		b := &sizes[i]
		if st, ok := p.buckets[b.BucketName]; ok && st.selected {
			st.size = b
			st.account = cmp.Or(st.account, b.AccountID)
		}
	}
}

// selected is the state of a bucket the job selects: its objects pass, unless
// its metadata says Macie may not read it (docs/semantics.md, "Buckets Macie
// may not read").
func (p *DryRun) selected(b *criteria.BucketMetadata, opts Options) *bucketState {
	if b.ErrorCode == criteria.ErrorCodeAccessDenied && opts.Engine.AccessDeniedBuckets != jobscope.AccessDeniedScan {
		return &bucketState{selected: true, d: fixed[slotOf(ReasonBucketAccessDenied)], account: b.AccountID}
	}
	return &bucketState{selected: true, pass: true, d: scanDecision, account: b.AccountID}
}

func (p *DryRun) compileWindow(opts Options) error {
	j := p.job
	if j.JobType != jobscope.Scheduled {
		if opts.Run > 1 {
			return optionError("Run", fmt.Sprintf("a %s job has only run 1, not run %d", j.JobType, opts.Run))
		}
		p.window = schedule.Window{RunNumber: 1}
		return nil
	}
	if opts.CreatedAt.IsZero() && (j.CreatedAt == nil || j.CreatedAt.IsZero()) {
		return optionError("CreatedAt", "a SCHEDULED job's runs depend on when it was created: set the creation time (the job has no createdAt)")
	}
	cal, err := j.Calendar(opts.CreatedAt, opts.Engine)
	if err != nil {
		return err
	}
	k := opts.Run
	switch {
	case !opts.At.IsZero():
		k = 0
		for start := range cal.Runs() {
			if start.After(opts.At) {
				break
			}
			k++
		}
		if k == 0 {
			return optionError("At", fmt.Sprintf("the job's first run starts at %s, after %s", cal.First().Format(time.RFC3339), opts.At.UTC().Format(time.RFC3339)))
		}
	case k == 0:
		k = 1
	case k < 0:
		return optionError("Run", fmt.Sprintf("run numbers start at 1, not %d", k))
	}
	w, ok := cal.Window(k)
	if !ok {
		return optionError("Run", fmt.Sprintf("the job has no run %d", k))
	}
	if opts.Runs > 1 {
		last, ok := cal.Window(k + opts.Runs - 1)
		if !ok {
			return optionError("Runs", fmt.Sprintf("the job has no run %d", k+opts.Runs-1))
		}
		w.Upper = last.Upper
	}
	p.window, p.windowed = w, true
	return nil
}

var (
	scanDecision           = Decision{Scan: true, slot: -1}
	scanCompressedDecision = Decision{Scan: true, slot: -1, compressed: true}
)

func slotOf(r Reason) int8 {
	for i, e := range reasons {
		if e.reason == r {
			return int8(i)
		}
	}
	panic("plan: unknown reason " + r)
}

// The slots of the reasons decide returns.
var (
	slotNoncurrent, slotDeleteMarker                 = slotOf(ReasonNoncurrentVersion), slotOf(ReasonDeleteMarker)
	slotNotIncluded, slotExcluded                    = slotOf(ReasonNotIncluded), slotOf(ReasonExcluded)
	slotStorageClass, slotArchiveTier                = slotOf(ReasonStorageClass), slotOf(ReasonArchiveTier)
	slotFileType, slotFileSize, slotEncryption       = slotOf(ReasonFileType), slotOf(ReasonFileSize), slotOf(ReasonEncryption)
	slotUnchanged, slotAfterRunStart, slotNotSampled = slotOf(ReasonUnchanged), slotOf(ReasonAfterRunStart), slotOf(ReasonNotSampled)
)

// decisions of the stages that need no path, by slot.
var fixed = func() (d [numReasons]Decision) {
	for i, e := range reasons {
		d[i] = Decision{Stage: e.stage, Reason: e.reason, slot: int8(i)}
	}
	return d
}()

// Window returns the incremental window of the planned run. Its
// RunNumber is the run; a ONE_TIME job's window is unbounded.
func (p *DryRun) Window() schedule.Window { return p.window }

// Scoping returns the compiled scoping, for explanations.
func (p *DryRun) Scoping() *scope.ObjectMatcher { return p.scoping }

// Decide runs o through every stage and returns the first that skips it,
// or a scan decision. o is one version of one object as an inventory
// lists it. Decide does not allocate.
func (p *DryRun) Decide(o *scope.Object) Decision {
	return p.decide(o, p.bucket(o.Bucket), -1)
}

func (p *DryRun) bucket(name string) *bucketState {
	if st, ok := p.buckets[name]; ok {
		return st
	}
	return p.unknown
}

// decide decides o, of the bucket whose stage is b; given is the index
// of an include condition known to hold for o (scope.ObjectMatcher's
// DecideGiven), or -1.
func (p *DryRun) decide(o *scope.Object, b *bucketState, given int) Decision {
	switch {
	case !b.pass:
		return b.d
	case o.Noncurrent:
		return fixed[slotNoncurrent]
	case o.IsDeleteMarker:
		return fixed[slotDeleteMarker]
	}
	if ok, block, path := p.scoping.DecideGiven(o, given); !ok {
		slot := slotNotIncluded
		if block == criteria.Excludes {
			slot = slotExcluded
		}
		d := fixed[slot]
		d.Path = path
		return d
	}
	switch p.elig.Check(o) {
	case "":
	case scope.ReasonStorageClass:
		return fixed[slotStorageClass]
	case scope.ReasonArchiveTier:
		return fixed[slotArchiveTier]
	case scope.ReasonFileType:
		return fixed[slotFileType]
	case scope.ReasonFileSize:
		return fixed[slotFileSize]
	default:
		return fixed[slotEncryption]
	}
	if p.windowed && !p.window.Contains(o.LastModified) {
		d := fixed[slotUnchanged]
		if !p.window.Upper.IsZero() && o.LastModified.After(p.window.Upper) {
			d = fixed[slotAfterRunStart]
		}
		d.Path = "scheduleFrequency"
		if p.window.RunNumber == 1 {
			d.Path = "initialRun"
		}
		return d
	}
	if p.sampling && !p.sampler.Selects(o) {
		d := fixed[slotNotSampled]
		d.Path = "samplingPercentage"
		return d
	}
	d := scanDecision
	if isCompressed(o.Key) {
		d = scanCompressedDecision
	}
	if o.StorageClass == scope.IntelligentTiering && o.IntelligentTieringAccessTier != "" && !knownTier(o.IntelligentTieringAccessTier) {
		d.tierUnknown = true
	}
	return d
}

// knownTier reports whether t is one of scope.AccessTier's values.
func knownTier(t scope.AccessTier) bool {
	switch t {
	case scope.Frequent, scope.Infrequent, scope.ArchiveInstantAccess, scope.ArchiveAccess,
		scope.DeepArchiveAccess, scope.ArchiveAccessAPI, scope.DeepArchiveAccessAPI:
		return true
	}
	return false
}

// Decisions decides every object of objs, in order: plan over objects
// held in memory, as a scanning pipeline's tests do.
func (p *DryRun) Decisions(objs iter.Seq[scope.Object]) iter.Seq2[scope.Object, Decision] {
	return func(yield func(scope.Object, Decision) bool) {
		for o := range objs {
			if !yield(o, p.Decide(&o)) {
				return
			}
		}
	}
}

// Summarize decides every object of objs and tallies the decisions.
func (p *DryRun) Summarize(objs iter.Seq[scope.Object]) *Summary {
	t := newTally()
	for o := range objs {
		b := p.bucket(o.Bucket)
		t.addTo(t.bucket(o.Bucket, b.selected), o.Size, p.decide(&o, b, -1))
	}
	s := p.summary(t)
	s.BucketLevelOnly = false
	return s
}
