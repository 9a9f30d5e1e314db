package bench

import (
	"github.com/jobscope/jobscope/internal/strset"
	"github.com/jobscope/jobscope/scope"
)

// BranchFree decides the rule for each of recs into out (which must be as
// long), written by hand for speed and for nothing else: the fastest Go we
// found for this rule, against which every contender, jobscope among them,
// can be placed. It is not how a user writes a filter (Handwritten is);
// it knows the rule's values as constants, reads the key's first ten and
// last eight bytes as words, and evaluates every include term with no
// branch on the record (a branch whose outcome varies from record to
// record is mispredicted often, which costs more than the terms it
// skips). It works in batches of branchFreeBatch records: it decides the
// includes of a batch first, then loads the tag maps of the records they
// select, all of them before the first lookup, so that those loads from
// memory overlap instead of waiting on each other. Keys shorter than
// sixteen bytes go to Handwritten.
func BranchFree(recs []scope.Object, out []bool) {
	var sel [branchFreeBatch]int32
	for lo := 0; lo < len(recs); lo += branchFreeBatch {
		batch := recs[lo:min(lo+branchFreeBatch, len(recs))]
		n := 0
		for i := range batch {
			in := branchFreeIncludes(&batch[i])
			out[lo+i] = false
			sel[n] = int32(i)
			n += int(in)
		}
		t := 0
		for _, i := range sel[:n] {
			t += len(batch[i].Tags) // load the map's header
		}
		sinkBranchFree = t
		for _, i := range sel[:n] {
			v, ok := batch[i].Tags["env"]
			out[lo+int(i)] = !(ok && v == "test")
		}
	}
}

const branchFreeBatch = 256

var sinkBranchFree int

// The rule's prefixes and extensions as little-endian words: "logs/" in
// the low five bytes, "data/202" and then "4/", and the extensions with
// their dot in the high bytes of the key's last eight.
const (
	wordLogs    = 0x2f73676f6c       // "logs/"
	wordData    = 0x3230322f61746164 // "data/202"
	wordData2   = 0x2f34             // "4/"
	wordCSV     = 0x7673632e << 32   // ".csv"
	wordJSON    = 0x6e6f736a2e << 24 // ".json"
	wordParquet = 0x74657571726170<<8 | 0x2e
)

// branchFreeIncludes is 1 when o's key starts with one of the rule's
// prefixes, has one of its extensions and o's size is under the limit,
// and 0 otherwise.
func branchFreeIncludes(o *scope.Object) uint64 {
	k := o.Key
	if len(k) < 16 {
		// Without its tags, a record is selected exactly when the
		// includes select it.
		c := *o
		c.Tags = nil
		return strset.Bit(Handwritten(&c))
	}
	w := strset.Word8(k)
	w2 := uint64(k[8]) | uint64(k[9])<<8
	t := strset.Word8(k[len(k)-8:])
	p := strset.Bit(w&0xffffffffff == wordLogs) | strset.Bit(w == wordData)&strset.Bit(w2 == wordData2)
	e := strset.Bit(t&0xffffffff00000000 == wordCSV) | strset.Bit(t&0xffffffffff000000 == wordJSON) | strset.Bit(t == wordParquet)
	return p & e & strset.Bit(o.Size < RuleMaxSize)
}
