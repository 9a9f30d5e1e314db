package scope

import "strings"

// Extension derives an object's file name extension from its key by rule
// (SPEC §2.4, ambiguity A3): the name is the text after the key's last "/";
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
