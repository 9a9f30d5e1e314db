package bench

import (
	"strconv"
	"testing"
	"time"

	"github.com/jobscope/jobscope/schedule"
	"github.com/jobscope/jobscope/scope"
)

// The corpus is read in chunks of corpusChunk records, corpusChunks of
// them (a chunk is about 2.5 MB of records, keys and tags).
const (
	corpusChunk  = 15625
	corpusChunks = CorpusSize / corpusChunk // 64
)

// sweep times pass over b.N records of the corpus, from the first on,
// wrapping around. One op is one record.
func sweep(b *testing.B, pass func(lo, hi int) int) {
	n, pos := 0, 0
	b.ResetTimer()
	for done := 0; done < b.N; {
		hi := min(CorpusSize, pos+b.N-done)
		n += pass(pos, hi)
		done += hi - pos
		pos = hi % CorpusSize
	}
	sink += n
}

// compileRule compiles the rule for jobscope, cel-go and expr.
func compileRule(tb testing.TB) (*scope.ObjectMatcher, *CEL, *Expr) {
	m := CompileRule(RulePrefixes, RuleExtensions)
	c, err := NewCEL()
	if err != nil {
		tb.Fatal(err)
	}
	e, err := NewExpr()
	if err != nil {
		tb.Fatal(err)
	}
	return m, c, e
}

// The passes count the records lo..hi-1 of recs that a contender selects.
// They are the same loop but for the call.

func jobscopePass(m *scope.ObjectMatcher, recs []scope.Object, lo, hi int) int {
	n := 0
	for i := lo; i < hi; i++ {
		if m.Match(&recs[i]) {
			n++
		}
	}
	return n
}

func handwrittenPass(recs []scope.Object, lo, hi int) int {
	n := 0
	for i := lo; i < hi; i++ {
		if Handwritten(&recs[i]) {
			n++
		}
	}
	return n
}

func celPass(c *CEL, recs []scope.Object, lo, hi int) int {
	n := 0
	for i := lo; i < hi; i++ {
		if c.MatchMap(&recs[i]) {
			n++
		}
	}
	return n
}

func celActivationPass(c *CEL, a *Activation, recs []scope.Object, lo, hi int) int {
	n := 0
	for i := lo; i < hi; i++ {
		a.Object = &recs[i]
		if c.MatchActivation(a) {
			n++
		}
	}
	return n
}

// branchFreePass counts as the other passes do, from BranchFree's
// decisions of the records, written to out.
func branchFreePass(out []bool, recs []scope.Object, lo, hi int) int {
	BranchFree(recs[lo:hi], out[lo:hi])
	n := 0
	for _, in := range out[lo:hi] {
		if in {
			n++
		}
	}
	return n
}

func exprPass(e *Expr, recs []scope.Object, lo, hi int) int {
	n := 0
	for i := lo; i < hi; i++ {
		if e.Match(&recs[i]) {
			n++
		}
	}
	return n
}

// BenchmarkObjectScope times the rule over the corpus, one op per record:
// jobscope (scope.Compile, ObjectMatcher.Match), handwritten (the rule in
// plain Go), cel (cel-go with a map[string]any per record, built in the
// loop as users do), cel-activation (cel-go with one reusable custom
// activation over the record), expr (expr's compiled program over the
// record's struct type, run by a reused VM), branch-free (BranchFree: the
// fastest Go found for the rule, in batches). ratio and ratio-warm run all
// six in turns (see paired) and report jobscope/handwritten,
// cel/jobscope, cel-activation/jobscope and expr/jobscope, and
// expr/handwritten and expr/branch-free: how far expr is from plain Go
// and from the fastest Go, which bound what expr/jobscope can be.
func BenchmarkObjectScope(b *testing.B) {
	recs := Corpus()
	m, c, e := compileRule(b)
	act := &Activation{}
	out := make([]bool, len(recs))
	cs := []contender{
		{"jobscope", func(lo, hi int) int { return jobscopePass(m, recs, lo, hi) }},
		{"handwritten", func(lo, hi int) int { return handwrittenPass(recs, lo, hi) }},
		{"cel", func(lo, hi int) int { return celPass(c, recs, lo, hi) }},
		{"cel-activation", func(lo, hi int) int { return celActivationPass(c, act, recs, lo, hi) }},
		{"expr", func(lo, hi int) int { return exprPass(e, recs, lo, hi) }},
		{"branch-free", func(lo, hi int) int { return branchFreePass(out, recs, lo, hi) }},
	}
	for _, c := range cs {
		b.Run(c.name, func(b *testing.B) { sweep(b, c.pass) })
	}
	ratios := []ratio{
		{"jobscope/handwritten", 0, 1},
		{"cel/jobscope", 2, 0},
		{"cel-activation/jobscope", 3, 0},
		{"expr/jobscope", 4, 0},
		{"expr/handwritten", 4, 1},
		{"expr/branch-free", 4, 5},
		{"jobscope/branch-free", 0, 5},
	}
	// ratio reads the records from memory, as the other sub-benchmarks
	// do, with a sixth contender, memory, that only reads what every
	// contender reads of nearly every record: the floor of a corpus walk.
	b.Run("ratio", func(b *testing.B) {
		withFloor := append(cs[:len(cs):len(cs)], contender{"memory", func(lo, hi int) int { return touchPass(recs, lo, hi) }})
		paired(b, "rec", 1, corpusChunk, corpusChunks/len(withFloor), corpusChunks, nil, withFloor, ratios)
	})
	// ratio-warm reads each chunk of warmChunk records, untimed, right
	// before a contender's timed pass over it, so that the contender finds
	// the records in cache, as the dry run does a record it has just
	// decoded; the chunks still go round the whole corpus, so no
	// contender sees a record twice in a million.
	b.Run("ratio-warm", func(b *testing.B) {
		paired(b, "rec", 1, warmChunk, CorpusSize/warmChunk/len(cs), CorpusSize/warmChunk,
			func(lo, hi int) int { return warmPass(recs, lo, hi) }, cs, ratios)
	})
}

// warmChunk is the chunk of ratio-warm: what the contenders read of 2,000
// records, their keys and tags, fits in a core's 1 MB L2 cache.
const warmChunk = 2000

// touchPass reads the size and the first and last bytes of the key of
// records lo..hi-1: what every contender reads of nearly every record.
func touchPass(recs []scope.Object, lo, hi int) int {
	n := 0
	for i := lo; i < hi; i++ {
		o := &recs[i]
		n += int(o.Size)
		if k := o.Key; len(k) > 0 {
			n += int(k[0]) + int(k[len(k)-1])
		}
	}
	return n
}

// warmPass reads everything a contender may read of records lo..hi-1:
// what touchPass reads and the tag env.
func warmPass(recs []scope.Object, lo, hi int) int {
	n := touchPass(recs, lo, hi)
	for i := lo; i < hi; i++ {
		n += len(recs[i].Tags["env"])
	}
	return n
}

// scalingWidths are the numbers of values of the scaling benchmarks.
var scalingWidths = []int{1, 10, 100, 1000, 10000}

// BenchmarkPrefixScaling times the rule with its OBJECT_KEY term widened
// to N values (ScalingPrefixes: "logs/" and N−1 prefixes no key starts
// with, shaped like the corpus's folders), one op per record.
// ratio=10000:1 times N = 1 and N = 10,000 in turns and reports
// values=10000/values=1.
func BenchmarkPrefixScaling(b *testing.B) {
	scaling(b, func(n int) *scope.ObjectMatcher { return CompileRule(ScalingPrefixes(n), RuleExtensions) })
}

// BenchmarkExtensionScaling is BenchmarkPrefixScaling for the
// OBJECT_EXTENSION term: "csv" and N−1 extensions no key has.
func BenchmarkExtensionScaling(b *testing.B) {
	scaling(b, func(n int) *scope.ObjectMatcher { return CompileRule(RulePrefixes, ScalingExtensions(n)) })
}

func scaling(b *testing.B, rule func(n int) *scope.ObjectMatcher) {
	recs := Corpus()
	for _, n := range scalingWidths {
		m := rule(n)
		b.Run("values="+strconv.Itoa(n), func(b *testing.B) {
			sweep(b, func(lo, hi int) int { return jobscopePass(m, recs, lo, hi) })
		})
	}
	m1, m10000 := rule(1), rule(10000)
	b.Run("ratio=10000:1", func(b *testing.B) {
		paired(b, "rec", 1, corpusChunk, corpusChunks/2, corpusChunks, nil, []contender{
			{"values=1", func(lo, hi int) int { return jobscopePass(m1, recs, lo, hi) }},
			{"values=10000", func(lo, hi int) int { return jobscopePass(m10000, recs, lo, hi) }},
		}, []ratio{{"values=10000/values=1", 1, 0}})
	})
}

// BenchmarkBucketCriteria times the bucket rule over the 10,000 buckets of
// the bucket corpus, one op per bucket: jobscope (criteria.Compile,
// BucketMatcher.Match) and handwritten, each alone and, in ratio, in turns
// (jobscope/handwritten).
func BenchmarkBucketCriteria(b *testing.B) {
	bs := Buckets()
	m := CompileBucketRule()
	cs := []contender{
		{"jobscope", func(lo, hi int) int {
			n := 0
			for i := lo; i < hi; i++ {
				if m.Match(&bs[i%BucketCount]) {
					n++
				}
			}
			return n
		}},
		{"handwritten", func(lo, hi int) int {
			n := 0
			for i := lo; i < hi; i++ {
				if HandwrittenBucket(&bs[i%BucketCount]) {
					n++
				}
			}
			return n
		}},
	}
	for _, c := range cs {
		b.Run(c.name, func(b *testing.B) {
			b.ResetTimer()
			sink += c.pass(0, b.N)
		})
	}
	b.Run("ratio", func(b *testing.B) {
		paired(b, "bucket", 1, BucketCount, 0, 0, nil, cs, []ratio{{"jobscope/handwritten", 0, 1}})
	})
}

// BenchmarkScheduleNext times Calendar.Next from the start of the 1st and
// of the 10,000th run of a monthly schedule on day 31 (which skips the
// months without one), one op per call; ratio times both in turns
// (run=10000/run=1).
func BenchmarkScheduleNext(b *testing.B) {
	c, err := schedule.New(time.Date(2024, 1, 15, 9, 30, 0, 0, time.UTC), schedule.Scheduled,
		&schedule.JobScheduleFrequency{MonthlySchedule: &schedule.MonthlySchedule{DayOfMonth: 31}}, false, schedule.Options{})
	if err != nil {
		b.Fatal(err)
	}
	var cs []contender
	for _, k := range []int{1, 10000} {
		w, ok := c.Window(k)
		if !ok {
			b.Fatalf("no run %d", k)
		}
		at := w.Upper
		cs = append(cs, contender{"run=" + strconv.Itoa(k), func(lo, hi int) int {
			n := 0
			for range hi - lo {
				n += c.Next(at).Day()
			}
			return n
		}})
	}
	for _, c := range cs {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			b.ResetTimer()
			sink += c.pass(0, b.N)
		})
	}
	b.Run("ratio", func(b *testing.B) {
		paired(b, "call", 1, 10000, 0, 0, nil, cs, []ratio{{"run=10000/run=1", 1, 0}})
	})
}
