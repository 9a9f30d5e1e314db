package scope

import (
	"math/bits"
	"strings"

	"github.com/jobscope/jobscope/internal/strset"
)

// Extension derives an object's file name extension from its key by rule
// (docs/semantics.md, "Object scoping"): the name is the text after the key's last "/";
// LastDot (the default, also for the zero ExtensionRule) takes the text after
// the name's last ".", FirstDot the text after its first ".". A name with no
// ".", or ending in ".", has no extension: ok is false. ".bashrc" has the
// extension "bashrc". The result is a substring of key; Extension does not
// allocate and does not change case.
func Extension(key string, rule ExtensionRule) (ext string, ok bool) {
	name := key[strings.LastIndexByte(key, '/')+1:]
	if name == "" || name[len(name)-1] == '.' {
		return "", false
	}
	var i int
	if rule == FirstDot {
		i = strings.IndexByte(name, '.')
	} else {
		i = strings.LastIndexByte(name, '.')
	}
	if i < 0 {
		return "", false
	}
	return name[i+1:], true
}

const (
	dotBytes   = 0x2e2e2e2e2e2e2e2e // '.' in every byte
	slashBytes = 0x2f2f2f2f2f2f2f2f // '/' in every byte
	lowBits    = 0x7f7f7f7f7f7f7f7f
)

// zeroBytes returns x with the top bit of each zero byte set and every
// other bit clear (exactly: no borrow crosses bytes).
func zeroBytes(x uint64) uint64 {
	return ^((x&lowBits + lowBits) | x | lowBits)
}

// lastExtCode is Extension(key, LastDot) for a key of at least eight bytes,
// decided from its last eight bytes in a few word operations: if one of
// them is a "." or "/", ok is true and code is the strset.Pack code of the
// extension, or 0 when there is none. If none of them is, the extension is
// too long to tell (or absent further back) and ok is false.
func lastExtCode(key string) (code uint64, ok bool) {
	w := strset.Word8(key[len(key)-8:])
	dots := zeroBytes(w ^ dotBytes)
	marks := dots | zeroBytes(w^slashBytes)
	if marks == 0 {
		return 0, false
	}
	hi := uint(bits.Len64(marks) - 1) // 8j+7 for the last mark, key[len(key)-8+j]
	if dots>>hi&1 == 0 || hi == 63 {
		return 0, true // the name has no ".", or ends with it
	}
	return strset.Pack(w>>(hi+1), int(63-hi)>>3), true
}

// lastExtCode8 is lastExtCode for a key of any length: ok is false for a
// key shorter than eight bytes.
func lastExtCode8(key string) (code uint64, ok bool) {
	if len(key) < 8 {
		return 0, false
	}
	return lastExtCode(key)
}
