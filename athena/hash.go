package athena

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// This file renders the sample stage. scope.Sampler selects an object when
// scope.SampleHash(seed, bucket, key, versionId) — FNV-1a over the three
// strings, each preceded by its length as eight little-endian bytes, then
// the splitmix64 finaliser — is below percentage·⌊(2^64−1)/100⌋. The query
// computes the same 64-bit value: the bytes as an array, FNV-1a folded
// over it, the finaliser folded over its seven steps.
//
// Trino has only signed 64-bit integers, and its bigint + and * fail on
// overflow (they are Math.addExact and Math.multiplyExact), as DuckDB's
// do; its bitwise_left_shift wraps (Java <<) and bitwise_right_shift is
// logical. So the arithmetic modulo 2^64 is built from 32- and 16-bit
// pieces whose sums and products provably stay below 2^63 (see bounds,
// which the tests run over every node), and the results are put together
// with shifts, ANDs and ORs, which never overflow. The unsigned comparison
// with the threshold is a signed BETWEEN. The same tree is rendered for
// both dialects, so the DuckDB differential test runs the very arithmetic
// Athena runs.

// u64 is a node of an expression over 64-bit two's complement integers
// that stand for unsigned 64-bit values (the bit pattern is the value).
type u64 struct {
	op   byte // 'v' variable, 'c' constant, '&', '|', '^', 'r' logical shift right, 'l' shift left (wrapping), '+', '*'
	a, b *u64
	n    uint   // shift amount for 'r' and 'l'
	c    int64  // constant
	name string // variable
	// lo and hi bound the node's value as a signed 64-bit integer.
	lo, hi int64
}

func v64(name string, lo, hi int64) *u64 { return &u64{op: 'v', name: name, lo: lo, hi: hi} }

func c64(c uint64) *u64 { return &u64{op: 'c', c: int64(c), lo: int64(c), hi: int64(c)} }

const full = math.MaxInt64

// and64 is x AND m for a constant mask m ≥ 0.
func and64(x *u64, m uint64) *u64 {
	if m > math.MaxInt64 {
		panic("athena: and64 with a negative mask")
	}
	lo, hi := int64(0), int64(m)
	if x.lo >= 0 && x.hi < hi {
		hi = x.hi
	}
	return &u64{op: '&', a: x, b: c64(m), lo: lo, hi: hi}
}

func xor64(x, y *u64) *u64 {
	lo, hi := int64(math.MinInt64), int64(full)
	if x.lo >= 0 && y.lo >= 0 {
		lo, hi = 0, ones(max(x.hi, y.hi))
	}
	return &u64{op: '^', a: x, b: y, lo: lo, hi: hi}
}

func or64(x, y *u64) *u64 {
	lo, hi := int64(math.MinInt64), int64(full)
	if x.lo >= 0 && y.lo >= 0 {
		lo, hi = 0, ones(max(x.hi, y.hi))
	}
	return &u64{op: '|', a: x, b: y, lo: lo, hi: hi}
}

// ones is the smallest 2^k−1 that is at least v ≥ 0.
func ones(v int64) int64 {
	m := int64(0)
	for m < v {
		m = m<<1 | 1
	}
	return m
}

// shr64 is the logical shift right by 1 ≤ n ≤ 63.
func shr64(x *u64, n uint) *u64 {
	hi := int64(uint64(math.MaxUint64) >> n)
	if x.lo >= 0 {
		hi = x.hi >> n
	}
	return &u64{op: 'r', a: x, n: n, lo: 0, hi: hi}
}

// shl64 is the wrapping shift left by 1 ≤ n ≤ 63.
func shl64(x *u64, n uint) *u64 {
	lo, hi := int64(math.MinInt64), int64(full)
	if x.lo >= 0 && x.hi <= full>>n {
		lo, hi = x.lo<<n, x.hi<<n
	}
	return &u64{op: 'l', a: x, n: n, lo: lo, hi: hi}
}

// add is the checked sum: bounds panics when it could overflow.
func add(x, y *u64) *u64 {
	n := &u64{op: '+', a: x, b: y}
	lo, ok1 := addOK(x.lo, y.lo)
	hi, ok2 := addOK(x.hi, y.hi)
	if !ok1 || !ok2 {
		panic(fmt.Sprintf("athena: a sum of [%d,%d] and [%d,%d] could overflow", x.lo, x.hi, y.lo, y.hi))
	}
	n.lo, n.hi = lo, hi
	return n
}

// mul is the checked product of two non-negative values.
func mul(x, y *u64) *u64 {
	if x.lo < 0 || y.lo < 0 {
		panic("athena: mul of a possibly negative value")
	}
	if x.hi != 0 && y.hi > math.MaxInt64/x.hi {
		panic(fmt.Sprintf("athena: a product of [%d,%d] and [%d,%d] could overflow", x.lo, x.hi, y.lo, y.hi))
	}
	return &u64{op: '*', a: x, b: y, lo: x.lo * y.lo, hi: x.hi * y.hi}
}

func addOK(a, b int64) (int64, bool) {
	s := a + b
	if (a > 0 && b > 0 && s < 0) || (a < 0 && b < 0 && s >= 0) {
		return 0, false
	}
	return s, true
}

const mask32 = 1<<32 - 1
const mask16 = 1<<16 - 1

// mulConst64 is x·c modulo 2^64. With x = xh·2^32 + xl and
// c = ch·2^32 + cl, x·c ≡ xl·cl + ((xh·cl + xl·ch) mod 2^32)·2^32. Every
// product below has a factor of at most 16 bits and one of at most 32.
func mulConst64(x *u64, c uint64) *u64 {
	xl, xh := and64(x, mask32), shr64(x, 32)
	cl, ch := c&mask32, c>>32
	c0, c1 := cl&mask16, cl>>16
	var terms []*u64 // contributions to the high 32 bits
	var lo *u64
	// xl·cl = xl·c0 + xl·c1·2^16; the low 32 bits of it, and the carry
	// into the high 32 bits
	switch {
	case c1 == 0:
		p0 := mul(xl, c64(c0))
		lo = and64(p0, mask32)
		terms = append(terms, shr64(p0, 32))
	case c0 == 0:
		p1 := mul(xl, c64(c1))
		lo = shl64(and64(p1, mask16), 16)
		terms = append(terms, shr64(p1, 16))
	default:
		p0 := mul(xl, c64(c0))
		p1 := mul(xl, c64(c1))
		t := add(and64(p0, mask32), shl64(and64(p1, mask16), 16))
		lo = and64(t, mask32)
		terms = append(terms, shr64(p0, 32), shr64(p1, 16), shr64(t, 32))
	}
	// (xh·cl) mod 2^32 = (xh·c0 + ((xh·c1) mod 2^16)·2^16) mod 2^32
	if cl != 0 {
		terms = append(terms, lowMul32(xh, c0, c1)...)
	}
	// (xl·ch) mod 2^32
	if ch != 0 {
		terms = append(terms, lowMul32(xl, ch&mask16, ch>>16)...)
	}
	sum := terms[0]
	for _, t := range terms[1:] {
		sum = add(sum, t)
	}
	hi := and64(sum, mask32)
	return or64(shl64(hi, 32), lo)
}

// lowMul32 returns terms whose sum is ≡ x·(c1·2^16 + c0) mod 2^32, for x <
// 2^32.
func lowMul32(x *u64, c0, c1 uint64) []*u64 {
	var out []*u64
	if c0 != 0 {
		out = append(out, and64(mul(x, c64(c0)), mask32))
	}
	if c1 != 0 {
		out = append(out, shl64(and64(mul(x, c64(c1)), mask16), 16))
	}
	if len(out) == 0 {
		out = append(out, c64(0))
	}
	return out
}

// addConst64 is x + c modulo 2^64.
func addConst64(x *u64, c uint64) *u64 {
	lo := add(and64(x, mask32), c64(c&mask32))
	hi := and64(add(add(shr64(x, 32), c64(c>>32)), shr64(lo, 32)), mask32)
	return or64(shl64(hi, 32), and64(lo, mask32))
}

// The constants of scope.SampleHash.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
	golden    = 0x9e3779b97f4a7c15
	mix1      = 0xbf58476d1ce4e5b9
	mix2      = 0x94d049bb133111eb
)

// Variables of the lambdas the hash is computed in.
const (
	varHash = "fnv_h"
	varByte = "fnv_b"
	varMix  = "mix_z"
	varStep = "mix_s"
)

// fnvStep is one step of FNV-1a: (h XOR b)·prime.
func fnvStep() *u64 {
	return mulConst64(xor64(v64(varHash, math.MinInt64, full), v64(varByte, 0, 255)), fnvPrime)
}

// mixSteps are the steps of the finaliser, z = h XOR seed·golden first, as
// functions of the variable z; step i+1 is the (i+1)th.
func mixSteps(seed uint64) []*u64 {
	z := func() *u64 { return v64(varMix, math.MinInt64, full) }
	return []*u64{
		xor64(z(), c64(seed*golden)),
		addConst64(z(), golden),
		xor64(z(), shr64(z(), 30)),
		mulConst64(z(), mix1),
		xor64(z(), shr64(z(), 27)),
		mulConst64(z(), mix2),
		xor64(z(), shr64(z(), 31)),
	}
}

// eval computes the node in Go with Trino's semantics: checked sums and
// products (an overflow is an error, as in Trino), wrapping left shifts,
// logical right shifts. For tests.
func (e *u64) eval(env map[string]int64) (int64, error) {
	switch e.op {
	case 'v':
		return env[e.name], nil
	case 'c':
		return e.c, nil
	}
	a, err := e.a.eval(env)
	if err != nil {
		return 0, err
	}
	var b int64
	if e.b != nil {
		if b, err = e.b.eval(env); err != nil {
			return 0, err
		}
	}
	var r int64
	switch e.op {
	case '&':
		r = a & b
	case '|':
		r = a | b
	case '^':
		r = a ^ b
	case 'r':
		r = int64(uint64(a) >> e.n)
	case 'l':
		r = a << e.n
	case '+':
		var ok bool
		if r, ok = addOK(a, b); !ok {
			return 0, fmt.Errorf("bigint addition overflow: %d + %d", a, b)
		}
	case '*':
		r = a * b
		if a != 0 && (r/a != b || (a == -1 && b == math.MinInt64)) {
			return 0, fmt.Errorf("bigint multiplication overflow: %d * %d", a, b)
		}
	}
	if r < e.lo || r > e.hi {
		return 0, fmt.Errorf("value %d outside the bounds [%d, %d] of %c", r, e.lo, e.hi, e.op)
	}
	return r, nil
}

// sql renders the node in d.
func (e *u64) sql(d dialect) string {
	var b strings.Builder
	d.writeU64(&b, e)
	return b.String()
}

// writeInfix renders (x op y).
func writeInfix(w *strings.Builder, d dialect, op string, x, y *u64) {
	w.WriteString("(")
	d.writeU64(w, x)
	w.WriteString(" " + op + " ")
	d.writeU64(w, y)
	w.WriteString(")")
}

// sampleHash is scope.SampleHash(seed, bucket, key, version_id) of the
// object row o as a bigint holding its 64 bits: the length-prefixed bytes
// as an array, FNV-1a folded over it, then the finaliser's steps folded
// over 1…7.
func sampleHash(d dialect, seed uint64) string {
	var lists []string
	for _, c := range []string{"o.bucket", "o.key", "o.version_id"} {
		n, bytes := d.utf8Bytes(c)
		lists = append(lists, d.littleEndian(n), bytes)
	}
	fnv := d.fold(strings.Join(lists, "\n        || "), intLiteral(fnvOffsetSigned), varHash, varByte, fnvStep().sql(d), "        ", false)
	var cases strings.Builder
	cases.WriteString("CASE " + varStep)
	steps := mixSteps(seed)
	for i, s := range steps {
		cases.WriteString("\n        WHEN " + strconv.Itoa(i+1) + " THEN " + s.sql(d))
	}
	cases.WriteString(" END")
	return d.fold(d.oneTo(len(steps)), fnv, varMix, varStep, cases.String(), "      ", true)
}

// sampled is the sample stage's check: the hash, unsigned, below
// pct·⌊(2^64−1)/100⌋, which on the signed bigint holding its bits is a
// BETWEEN; empty when every object is taken.
func sampled(d dialect, pct int, seed uint64) string {
	switch {
	case pct >= 100:
		return ""
	case pct <= 0:
		return "false"
	}
	threshold := uint64(pct) * (math.MaxUint64 / 100)
	h := sampleHash(d, seed)
	if threshold <= math.MaxInt64 {
		return "((" + h + ") BETWEEN 0 AND " + strconv.FormatInt(int64(threshold)-1, 10) + ")"
	}
	return "((" + h + ") NOT BETWEEN " + intLiteral(int64(threshold)) + " AND -1)"
}

// intLiteral renders a bigint constant: Trino and DuckDB type an integer
// literal beyond 32 bits as a bigint. The smallest bigint has no literal of
// its own (the literal of its negation overflows).
func intLiteral(c int64) string {
	if c == math.MinInt64 {
		return "(-9223372036854775807 - 1)"
	}
	return strconv.FormatInt(c, 10)
}

// fnvOffsetSigned is fnvOffset as a signed bigint.
var fnvOffsetSigned = func() int64 { var u uint64 = fnvOffset; return int64(u) }()
