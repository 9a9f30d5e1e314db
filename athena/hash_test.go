package athena

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/jobscope/jobscope/scope"
)

// evalHash computes SampleHash with the expression trees, as the SQL does.
func evalHash(t *testing.T, seed uint64, bucket, key, version string) uint64 {
	t.Helper()
	step := fnvStep()
	h := fnvOffsetSigned
	var bytes []byte
	for _, s := range []string{bucket, key, version} {
		n := uint64(len(s))
		for i := 0; i < 8; i++ {
			bytes = append(bytes, byte(n>>(8*i)))
		}
		bytes = append(bytes, s...)
	}
	for _, b := range bytes {
		var err error
		h, err = step.eval(map[string]int64{varHash: h, varByte: int64(b)})
		if err != nil {
			t.Fatal(err)
		}
	}
	z := h
	for _, s := range mixSteps(seed) {
		var err error
		if z, err = s.eval(map[string]int64{varMix: z}); err != nil {
			t.Fatal(err)
		}
	}
	return uint64(z)
}

func TestHashEqualsSampleHash(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	strs := []string{"", "a", "bucket", "docs/report.pdf", "null", "日本語/ファイル.txt", "\x00\xff", "x y+z%2B"}
	for i := 0; i < 3000; i++ {
		seed := r.Uint64()
		if i%3 == 0 {
			seed = uint64(i)
		}
		b, k, v := strs[r.IntN(len(strs))], strs[r.IntN(len(strs))], strs[r.IntN(len(strs))]
		if i%5 == 0 {
			buf := make([]byte, r.IntN(40))
			for j := range buf {
				buf[j] = byte(r.Uint32())
			}
			k = string(buf)
		}
		if got, want := evalHash(t, seed, b, k, v), scope.SampleHash(seed, b, k, v); got != want {
			t.Fatalf("hash(%d, %q, %q, %q) = %#x, want %#x", seed, b, k, v, got, want)
		}
	}
}

// TestHashBounds checks, for extreme and random inputs, that no
// intermediate value leaves its bounds and no sum or product overflows —
// what the bounds computed when the tree is built promise for all inputs.
func TestHashBounds(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	vals := []int64{0, 1, -1, math.MaxInt64, math.MinInt64, mask32, mask32 + 1, -mask32}
	for i := 0; i < 2000; i++ {
		vals = append(vals, int64(r.Uint64()))
	}
	step := fnvStep()
	for _, v := range vals {
		for _, b := range []int64{0, 1, 127, 128, 255} {
			if _, err := step.eval(map[string]int64{varHash: v, varByte: b}); err != nil {
				t.Fatalf("fnv step(%d, %d): %v", v, b, err)
			}
		}
		for _, s := range mixSteps(uint64(v)) {
			if _, err := s.eval(map[string]int64{varMix: v}); err != nil {
				t.Fatalf("mix step(%d): %v", v, err)
			}
		}
	}
}

func TestMulAddConst(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	consts := []uint64{0, 1, fnvPrime, golden, mix1, mix2, math.MaxUint64, 1 << 63, mask32, mask16}
	for i := 0; i < 20; i++ {
		consts = append(consts, r.Uint64())
	}
	for _, c := range consts {
		m := mulConst64(v64("x", math.MinInt64, math.MaxInt64), c)
		a := addConst64(v64("x", math.MinInt64, math.MaxInt64), c)
		for i := 0; i < 500; i++ {
			x := r.Uint64()
			got, err := m.eval(map[string]int64{"x": int64(x)})
			if err != nil || uint64(got) != x*c {
				t.Fatalf("mul %#x·%#x = %#x (%v), want %#x", x, c, uint64(got), err, x*c)
			}
			got, err = a.eval(map[string]int64{"x": int64(x)})
			if err != nil || uint64(got) != x+c {
				t.Fatalf("add %#x+%#x = %#x (%v), want %#x", x, c, uint64(got), err, x+c)
			}
		}
	}
}
