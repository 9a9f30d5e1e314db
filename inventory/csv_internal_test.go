package inventory

import (
	"net/url"
	"testing"
	"time"

	"pgregory.net/rapid"
)

// parseTime's hand-written path agrees with time.Parse.
func TestParseTimeProperty(t *testing.T) {
	minS := time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	maxS := time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC).Unix()
	rapid.Check(t, func(t *rapid.T) {
		want := time.Unix(rapid.Int64Range(minS, maxS).Draw(t, "s"), rapid.Int64Range(0, 999).Draw(t, "ms")*1e6).UTC()
		for _, layout := range []string{"2006-01-02T15:04:05.000Z", "2006-01-02T15:04:05Z"} {
			s := want.Format(layout)
			got, err := parseTime([]byte(s))
			ref, _ := time.Parse(time.RFC3339Nano, s)
			if err != nil || !got.Equal(ref) || got.Location() != time.UTC {
				t.Fatalf("parseTime(%s) = %v, %v; time.Parse %v", s, got, err, ref)
			}
		}
	})
}

// unescapeQuery decodes as url.QueryUnescape does.
func TestUnescapeQueryProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := rapid.OneOf(rapid.String(), rapid.StringOf(rapid.SampledFrom([]rune("%+aF0gé")))).Draw(t, "s")
		want, werr := url.QueryUnescape(s)
		got, ok := unescapeQuery([]byte("prefix"), []byte(s))
		if ok != (werr == nil) || ok && string(got) != "prefix"+want || !ok && string(got) != "prefix" {
			t.Fatalf("unescapeQuery(%q) = %q, %t; url.QueryUnescape %q, %v", s, got, ok, want, werr)
		}
	})
}

// checkTime rejects exactly the dates parseTime rejects, with its error.
func TestCheckTimeProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := rapid.OneOf(
			rapid.StringMatching(`[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z`),
			rapid.StringMatching(`[0-9x]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,4})?[Z+]`),
			rapid.String(),
		).Draw(t, "s")
		_, perr := parseTime([]byte(s))
		cerr := checkTime([]byte(s))
		if (perr == nil) != (cerr == nil) || perr != nil && perr.Error() != cerr.Error() {
			t.Fatalf("%q: checkTime %v, parseTime %v", s, cerr, perr)
		}
	})
}
