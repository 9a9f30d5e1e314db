// Package sarifcheck holds the test that the SARIF logs of jobscope
// validate --format sarif (the golden files cmd/jobscope/testdata/*.sarif)
// are valid against the OASIS JSON schema of SARIF 2.1.0. It is a module
// of its own, so that the root module does not depend on the module that
// carries the schema, github.com/owenrumney/go-sarif/v3, whose copy of the
// schema the test reads from the module cache.
package sarifcheck
