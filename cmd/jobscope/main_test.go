package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestMain runs the tests from the repository root, so that file names in
// the output read as a user types them (examples/…).
func TestMain(m *testing.M) {
	flag.Parse()
	if err := os.Chdir("../.."); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	code := m.Run()
	for _, dir := range []string{bigDir, filepath.Dir(binPath)} {
		if filepath.IsAbs(dir) {
			os.RemoveAll(dir)
		}
	}
	os.Exit(code)
}
