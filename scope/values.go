package scope

import (
	"errors"
	"strconv"
	"time"
)

// ParseSize parses an OBJECT_SIZE value: a non-negative whole number of
// bytes, written in decimal digits only, at most 2^63−1.
func ParseSize(s string) (int64, error) {
	if s == "" {
		return 0, errors.New("a size is a whole number of bytes, not empty")
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, errors.New("a size is a whole number of bytes, digits only (no sign, unit or decimal point)")
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, errors.New("a size must be at most 9223372036854775807 bytes")
	}
	return n, nil
}

// ParseDate parses an OBJECT_LAST_MODIFIED_DATE value: an RFC 3339
// timestamp with any offset and an optional fraction of a second, returned
// in UTC.
func ParseDate(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, errors.New("a date must be RFC 3339, for example 2023-09-24T14:31:13Z")
	}
	return t.UTC(), nil
}
