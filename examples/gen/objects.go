package main

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/jobscope/jobscope/scope"
)

// The demo's fixed points. Nothing reads the wall clock.
const account = "111122223333"

var (
	// Objects are last modified from dataStart up to dataEnd.
	dataStart = time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	dataEnd   = time.Date(2024, 12, 1, 0, 0, 0, 0, time.UTC)
	// inventoryCreated is when S3 produced the inventory reports.
	inventoryCreated = time.Date(2024, 12, 1, 1, 0, 0, 0, time.UTC)
)

// bucket is one demo bucket: its describe-buckets facts and its objects
// (every version, sorted as S3 Inventory lists them: by key, newest version
// first).
type bucket struct {
	Name      string
	Created   time.Time
	Versioned bool
	Tags      [][2]string
	Shared    string // sharedAccess
	SSE       string // default encryption: AES256 or aws:kms
	KMSKey    string
	// AllowsUnencrypted is allowsUnencryptedObjectUploads.
	AllowsUnencrypted string
	// ReplicatedTo is the account the bucket replicates to, if any.
	ReplicatedTo string
	Sensitivity  int
	// Files is how many inventory data files the report has.
	Files   int
	Objects []scope.Object
}

// gen holds the generator's random source. Every random choice goes
// through it, in a fixed order, so the data set is the same on every run.
type gen struct {
	r    *rand.Rand
	seen map[string]bool // bucket/key already generated, for unversioned buckets
}

func newGen() *gen {
	return &gen{r: rand.New(rand.NewPCG(0x6a6f6273636f7065, 0x64656d6f2d323032)), seen: map[string]bool{}}
}

// buildBuckets builds the three demo buckets, sorted by name.
func buildBuckets() []*bucket {
	g := newGen()
	bs := []*bucket{g.appLogs(), g.analytics(), g.finance()}
	for _, b := range bs {
		sortObjects(b.Objects)
	}
	slices.SortFunc(bs, func(a, b *bucket) int { return strings.Compare(a.Name, b.Name) })
	return bs
}

// sortObjects orders by key (bytewise, as S3 lists keys), then newest
// version first.
func sortObjects(objs []scope.Object) {
	slices.SortStableFunc(objs, func(a, b scope.Object) int {
		if c := strings.Compare(a.Key, b.Key); c != 0 {
			return c
		}
		return b.LastModified.Compare(a.LastModified)
	})
}

// ---- random helpers ----

func (g *gen) chance(p float64) bool { return g.r.Float64() < p }

func (g *gen) between(lo, hi int) int { return lo + g.r.IntN(hi-lo+1) }

func pick[T any](g *gen, xs ...T) T { return xs[g.r.IntN(len(xs))] }

// size is log-uniform in [lo, hi].
func (g *gen) size(lo, hi int64) int64 {
	a, b := math.Log(float64(lo)), math.Log(float64(hi))
	return int64(math.Exp(a + g.r.Float64()*(b-a)))
}

// at is a time on day d between hours h0 (inclusive) and h1 (exclusive),
// to the second.
func (g *gen) at(d time.Time, h0, h1 int) time.Time {
	return d.Add(time.Duration(h0)*time.Hour + time.Duration(g.r.Int64N(int64(h1-h0)*3600))*time.Second)
}

// anytime is a time between a and b, to the second.
func (g *gen) anytime(a, b time.Time) time.Time {
	return a.Add(time.Duration(g.r.Int64N(int64(b.Sub(a)/time.Second))) * time.Second)
}

const (
	lowerHex = "0123456789abcdef"
	alnum    = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	lowerAN  = "0123456789abcdefghijklmnopqrstuvwxyz"
	// versionChars are the characters of S3 version ids.
	versionChars = alnum + "._"
)

func (g *gen) chars(set string, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = set[g.r.IntN(len(set))]
	}
	return string(b)
}

func (g *gen) uuid() string {
	h := g.chars(lowerHex, 32)
	return h[:8] + "-" + h[8:12] + "-4" + h[13:16] + "-" + pick(g, "8", "9", "a", "b") + h[17:20] + "-" + h[20:]
}

// days calls f for every day from dataStart to dataEnd (exclusive).
func days(f func(d time.Time)) {
	for d := dataStart; d.Before(dataEnd); d = d.AddDate(0, 0, 1) {
		f(d)
	}
}

// months calls f for the first day of every month of the data.
func months(f func(m time.Time)) {
	for m := dataStart; m.Before(dataEnd); m = m.AddDate(0, 1, 0) {
		f(m)
	}
}

// put adds an object to an unversioned bucket, dropping a key generated
// twice (the later write would simply replace it).
func (g *gen) put(b *bucket, o scope.Object) {
	o.Bucket = b.Name
	if g.seen[b.Name+"/"+o.Key] {
		return
	}
	g.seen[b.Name+"/"+o.Key] = true
	if o.LastModified.After(dataEnd) {
		o.LastModified = dataEnd.Add(-time.Duration(1+g.r.IntN(3600)) * time.Second)
	}
	b.Objects = append(b.Objects, o)
}

// lifecycle is a storage class by age at inventory time: STANDARD for 30
// days, STANDARD_IA to 90, GLACIER to 365, DEEP_ARCHIVE after.
// curatedTier is the Intelligent-Tiering access tier of a curated table
// of day d: the archive tiers are opt-in, configured for the events of
// the first quarter of 2023 (Deep Archive Access for January, Archive
// Access after); the rest are in the Infrequent Access tier after 30 days
// without access, recent ones in Frequent Access.
func curatedTier(d time.Time, events bool) scope.AccessTier {
	switch {
	case events && d.Year() == 2023 && d.Month() == time.January:
		return scope.DeepArchiveAccess
	case events && d.Year() == 2023 && d.Month() <= time.March:
		return scope.ArchiveAccess
	case d.Before(time.Date(2024, 11, 1, 0, 0, 0, 0, time.UTC)):
		return scope.Infrequent
	}
	return scope.Frequent
}

func lifecycle(t time.Time) scope.StorageClass {
	switch age := dataEnd.Sub(t); {
	case age < 30*24*time.Hour:
		return scope.Standard
	case age < 90*24*time.Hour:
		return scope.StandardIA
	case age < 365*24*time.Hour:
		return scope.Glacier
	}
	return scope.DeepArchive
}

// ---- acme-app-logs: application, load balancer and CloudTrail logs ----

// current yields the objects of bs that are the current version of their
// key (not noncurrent, not a delete marker).
func current(objs []scope.Object) []scope.Object {
	var out []scope.Object
	for _, o := range objs {
		if !o.Noncurrent && !o.IsDeleteMarker {
			out = append(out, o)
		}
	}
	return out
}
