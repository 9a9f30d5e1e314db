// Package testfile writes and reads the files of tests, ending the test
// on a failure. Only tests import it.
package testfile

import (
	"os"
	"path/filepath"
)

// T is what Write needs of a test; *testing.T, *testing.B, *testing.F
// and *rapid.T have it.
type T interface {
	Helper()
	Fatal(args ...any)
}

// Write writes data to dir/name, making the directories it needs, and
// returns the file's path. A failure ends the test.
func Write(t T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// Read returns the contents of the file at path. A failure ends the test.
func Read(t T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
