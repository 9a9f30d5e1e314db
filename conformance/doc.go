// Package conformance runs jobscope against the Macie classification-job
// conformance cases: JSON Lines files, one case per line, in the format that
// testdata/README.md fixes.
//
//	go test ./conformance/                                  # every file in testdata/
//	JOBSCOPE_CASES=a.jsonl,b.jsonl go test ./conformance/   # those files instead
//
// Every case is a subtest named <group>/<id>. A case of a group the runner
// has no handler for, or with a member or option the handler does not
// understand, fails: it is never skipped. Handlers drive jobscope's public
// API only.
package conformance
