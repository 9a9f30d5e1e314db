package inventorytest

import (
	"net/url"
	"testing"

	"pgregory.net/rapid"
)

func encodeKey(s string) string { return string(appendQueryEscape(nil, s)) }

func TestAppendQueryEscape(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := rapid.String().Draw(t, "key")
		if got, want := encodeKey(s), url.QueryEscape(s); got != want {
			t.Fatalf("appendQueryEscape(%q) = %q, url.QueryEscape %q", s, got, want)
		}
		if back, err := url.QueryUnescape(encodeKey(s)); err != nil || back != s {
			t.Fatalf("%q decodes to %q, %v", s, back, err)
		}
	})
	for in, want := range map[string]string{"a b": "a+b", "a+b": "a%2Bb", "a/b": "a%2Fb", "%2B": "%252B", "é": "%C3%A9", "~-_.": "~-_."} {
		if got := encodeKey(in); got != want {
			t.Errorf("appendQueryEscape(%q) = %q, want %q", in, got, want)
		}
	}
}
