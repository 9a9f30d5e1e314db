package scope

import (
	"testing"

	"pgregory.net/rapid"
)

// Check looks an extension in a key's last eight bytes up by its packed
// code; the lookup by the extension's text is the reference, for keys
// short and long, extensions of any case, known, unknown, longer than
// seven bytes, and absent, with and without the defaults' shared table.
func TestEligibilityCodeLookup(t *testing.T) {
	for _, opts := range []EligibilityOptions{{}, {ExtraTextExtensions: []string{"conf", "longextension"}, QuotaMegabyte: 1000000}} {
		e := NewEligibility(opts)
		rapid.Check(t, func(t *rapid.T) {
			key := rapid.StringMatching(`[a-zA-Z/.]{0,4}(/[a-zA-Z0-9.]{0,12})?(\.(csv|CSV|Json|pArquet|conf|txt|gz|longextension|LongExtension|x|XLSX|docx|tsV))?\.?`).Draw(t, "key")
			size := rapid.Int64Range(0, 20<<30).Draw(t, "size")
			var want Reason
			ext, has := Extension(key, LastDot)
			limit, known := e.lookup(ext)
			switch {
			case !has || !known:
				want = ReasonFileType
			case size > limit:
				want = ReasonFileSize
			}
			if got := e.Check(&Object{Key: key, Size: size}); got != want {
				t.Fatalf("%q of %d bytes: %q, want %q", key, size, got, want)
			}
		})
	}
}
