// Package fuzz holds jobscope's fuzz targets. Each target states the
// invariant it checks; its seeds are the project's examples and conformance
// cases, plus the corpus checked in under testdata/fuzz.
//
//	go test ./fuzz/ -run '^$' -fuzz '^FuzzLoadJob$' -fuzztime 60s
package fuzz
