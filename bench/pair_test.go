package bench

import (
	"testing"
	"time"

	"github.com/jobscope/jobscope/bench/internal/stats"
)

// A contender is one side of a paired measurement. pass does lo..hi of
// the contender's work (for the corpus: records lo..hi-1 of a chunk) and
// returns a count that keeps the work from being optimized away.
type contender struct {
	name string
	pass func(lo, hi int) int
}

// ratio is y's time over x's, by contender index, reported as unit.
type ratio struct {
	unit string
	y, x int
}

var sink int

// paired times the contenders over the same b.N ops each and reports, per
// contender, the median time per unit of work (NAME-ns/UNIT; an op is per
// units) and, per ratio, the median of y's time over x's.
//
// The machine is shared and memory bandwidth varies within a run by more
// than some of the differences measured, so the contenders take turns:
// b.N is cut in rounds of chunk units, and in each round every contender
// does one chunk, in an order that rotates from round to round. A ratio is
// taken within each round, between chunks done one right after the other,
// and the median over the rounds ignores the few rounds a preemption or
// another process's burst lands in. ns/op is the time of all contenders.
//
// Over the corpus, contender j's chunk in round k is chunk k + j·stride of
// the corpus (modulo its chunks), so that in a round each contender reads
// other records, and a contender reads a chunk many rounds (hundreds of
// megabytes of records) after the previous one did: none finds its records
// in cache, as none would reading a real inventory. stride is 0 when the
// work is not over the corpus.
func paired(b *testing.B, unit string, per, chunk, stride, chunks int, warm func(lo, hi int) int, cs []contender, rs []ratio) {
	rounds := (b.N + chunk - 1) / chunk
	times := make([][]float64, len(cs)) // ns per unit of contender j in round k
	for j := range times {
		times[j] = make([]float64, rounds)
	}
	n := 0
	b.ResetTimer()
	for k := range rounds {
		size := min(chunk, b.N-k*chunk)
		for i := range cs {
			j := (k + i) % len(cs)
			lo := 0
			if chunks > 0 {
				lo = (k + j*stride) % chunks * chunk
			}
			if warm != nil {
				n += warm(lo, lo+size)
			}
			t0 := time.Now()
			n += cs[j].pass(lo, lo+size)
			times[j][k] = float64(max(time.Since(t0).Nanoseconds(), 1)) / float64(size*per)
		}
	}
	b.StopTimer()
	sink += n
	for j, c := range cs {
		b.ReportMetric(stats.Median(times[j]), c.name+"-ns/"+unit)
	}
	for _, r := range rs {
		per := make([]float64, rounds)
		for k := range per {
			per[k] = times[r.y][k] / times[r.x][k]
		}
		b.ReportMetric(stats.Median(per), r.unit)
	}
}
