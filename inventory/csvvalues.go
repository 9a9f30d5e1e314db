package inventory

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/jobscope/jobscope/scope"
)

// unescapeQuery appends s decoded as url.QueryUnescape decodes it: "+" is
// a space and "%XX" a byte. ok is false on a "%" that two hex digits do
// not follow.
func unescapeQuery(dst, s []byte) ([]byte, bool) {
	n := len(dst)
	dst = slices.Grow(dst, len(s))
	out := dst[n : n+len(s)]
	j := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '+':
			c = ' '
		case '%':
			if i+2 >= len(s) {
				return dst[:n], false
			}
			h, ok1 := unhex(s[i+1])
			l, ok2 := unhex(s[i+2])
			if !ok1 || !ok2 {
				return dst[:n], false
			}
			c = h<<4 | l
			i += 2
		}
		out[j] = c
		j++
	}
	return dst[:n+j], true
}

func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

func parseBool(f []byte) (bool, bool) {
	switch string(f) {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	return false, false
}

// parseSize parses a decimal size; empty is 0 (the caller decides whether
// empty is allowed).
func parseSize(f []byte) (int64, error) {
	if len(f) > 0 && f[0] == '-' {
		return 0, fmt.Errorf("%q is negative", f)
	}
	var n int64
	for _, c := range f {
		if c < '0' || c > '9' {
			return 0, fmt.Errorf("%q is not a whole number of bytes", f)
		}
		d := int64(c - '0')
		if n > (math.MaxInt64-d)/10 {
			return 0, fmt.Errorf("%q is too large", f)
		}
		n = n*10 + d
	}
	return n, nil
}

// s3Time is a date and time in S3 Inventory's layout,
// 2006-01-02T15:04:05.000Z (or without the milliseconds).
type s3Time struct{ y, mo, d, h, mi, s, ms int }

// s3Layout reads f when it has S3 Inventory's layout; ok is false when it
// has not.
func s3Layout(f []byte) (t s3Time, ok bool) {
	n := len(f)
	if !((n == 24 && f[19] == '.' || n == 20) && f[n-1] == 'Z' &&
		f[4] == '-' && f[7] == '-' && f[10] == 'T' && f[13] == ':' && f[16] == ':') {
		return t, false
	}
	var ok1, ok2, ok3, ok4, ok5, ok6 bool
	ok7 := true
	t.y, ok1 = digits(f[0:4])
	t.mo, ok2 = digits(f[5:7])
	t.d, ok3 = digits(f[8:10])
	t.h, ok4 = digits(f[11:13])
	t.mi, ok5 = digits(f[14:16])
	t.s, ok6 = digits(f[17:19])
	if n == 24 {
		t.ms, ok7 = digits(f[20:23])
	}
	return t, ok1 && ok2 && ok3 && ok4 && ok5 && ok6 && ok7
}

// valid reports whether t is a date and time of the years 0001 to 9999.
func (t s3Time) valid() bool {
	return t.y >= 1 && t.mo >= 1 && t.mo <= 12 && t.d >= 1 && t.d <= daysIn(t.mo, t.y) && t.h <= 23 && t.mi <= 59 && t.s <= 59
}

// parseTime parses a LastModifiedDate: S3 Inventory's
// 2006-01-02T15:04:05.000Z by hand, anything else as RFC 3339 (time.RFC3339Nano,
// any offset, which is converted to UTC). Years are 0001 to 9999.
func parseTime(f []byte) (time.Time, error) {
	if t, ok := s3Layout(f); ok {
		if !t.valid() {
			return time.Time{}, fmt.Errorf("%q is not a valid date and time", f)
		}
		sec := daysFromCivil(t.y, t.mo, t.d)*86400 + int64(t.h*3600+t.mi*60+t.s)
		return time.Unix(sec, int64(t.ms)*1e6).UTC(), nil
	}
	if len(f) == 0 {
		return time.Time{}, errors.New("empty")
	}
	t, err := time.Parse(time.RFC3339Nano, string(f))
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not an RFC 3339 date and time like 2024-01-02T03:04:05.000Z", f)
	}
	t = t.UTC()
	if y := t.Year(); y < 1 || y > 9999 {
		return time.Time{}, fmt.Errorf("%q is outside the years 0001 to 9999", f)
	}
	return t, nil
}

// checkTime reports the error parseTime gives for f, without making the
// time of S3 Inventory's layout: for a reader of the rows that does not
// read the date, which still rejects a row whose date is bad.
func checkTime(f []byte) error {
	if t, ok := s3Layout(f); ok && t.valid() {
		return nil
	}
	_, err := parseTime(f)
	return err
}

// daysFromCivil is the number of days from 1970-01-01 to the date y-m-d
// of the proleptic Gregorian calendar, y >= 1 (Howard Hinnant's
// days_from_civil).
func daysFromCivil(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	yoe := y - era*400
	mp := m - 3
	if m <= 2 {
		mp = m + 9
	}
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}

func digits(f []byte) (int, bool) {
	n := 0
	for _, c := range f {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func daysIn(m, y int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// The storage classes, encryption statuses and access tiers S3 Inventory
// writes, which intern returns without allocating.
var (
	knownSC = []scope.StorageClass{scope.Standard, scope.StandardIA, scope.IntelligentTiering, scope.Glacier,
		scope.DeepArchive, scope.GlacierIR, scope.OneZoneIA, scope.ReducedRedundancy, scope.Outposts,
		scope.ExpressOneZone, scope.Snow}
	knownES    = []scope.EncryptionStatus{scope.SSES3, scope.SSEKMS, scope.NotSSE, scope.SSEC, scope.DSSEKMS}
	knownTiers = scope.AccessTier("").Values()
)

// intern returns f as a T without allocating for the known values and
// for a repeat of the previous unknown one, which *last holds.
func intern[T ~string](f []byte, known []T, last *T) T {
	if len(f) == 0 {
		return ""
	}
	for _, v := range known {
		if string(f) == string(v) {
			return v
		}
	}
	if string(f) != string(*last) {
		*last = T(f)
	}
	return *last
}
