package scope

import "math"

// Sampler chooses, deterministically, the eligible objects a job with a
// samplingPercentage below 100 analyzes (docs/semantics.md, "The pipeline":
// "Macie selects eligible objects to analyze at random, up to the specified
// percentage").
//
// Each object gets a 64-bit hash of its bucket, key and version id and the
// seed: FNV-1a over the three strings, each preceded by its length as eight
// little-endian bytes (so no two different triples run together), then the
// splitmix64 finaliser over that value XOR the seed times the golden-ratio
// constant. The object is selected iff the hash is below
// ⌊percentage · (2^64−1) / 100⌋. So the same seed selects the same objects
// on every run and machine, the choice of one object does not depend on any
// other, and the selected count is Binomial(n, percentage/100): within the
// conformance suite's mean ± 8σ bounds with overwhelming probability. 100 %
// selects everything and 0 % nothing.
//
// The zero Sampler selects nothing; use NewSampler.
type Sampler struct {
	seed      uint64
	threshold uint64
	all       bool
}

// NewSampler returns a sampler for percentage (clamped to 0..100) and seed.
func NewSampler(percentage int, seed uint64) Sampler {
	switch {
	case percentage >= 100:
		return Sampler{seed: seed, all: true}
	case percentage <= 0:
		return Sampler{seed: seed}
	}
	return Sampler{seed: seed, threshold: uint64(percentage) * (math.MaxUint64 / 100)}
}

// Selects reports whether o is analyzed, by its bucket, key and version id.
// It does not allocate.
func (s Sampler) Selects(o *Object) bool {
	return s.all || SampleHash(s.seed, o.Bucket, o.Key, o.VersionID) < s.threshold
}

// SampleHash is the hash Sampler compares with its threshold.
func SampleHash(seed uint64, bucket, key, versionID string) uint64 {
	h := uint64(14695981039346656037)
	for _, s := range [3]string{bucket, key, versionID} {
		n := uint64(len(s))
		for i := 0; i < 8; i++ {
			h ^= n & 0xff
			h *= 1099511628211
			n >>= 8
		}
		for i := 0; i < len(s); i++ {
			h ^= uint64(s[i])
			h *= 1099511628211
		}
	}
	return splitmix64(h ^ (seed * 0x9e3779b97f4a7c15))
}

func splitmix64(z uint64) uint64 {
	z += 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}
