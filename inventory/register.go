package inventory

import (
	"context"
	"strings"
	"sync"
)

// Driver reads the data files of one S3 Inventory file format other than
// CSV, which the package reads itself. A package that reads a format
// registers its Driver in an init function, as image decoders do; a
// program that needs the format imports that package for its side effect:
//
//	import _ "github.com/jobscope/jobscope/inventory/parquet"
//
// So the Parquet library reaches only the programs that read Parquet.
type Driver struct {
	// FileFormat is the manifest's fileFormat value, compared
	// case-insensitively ("Parquet").
	FileFormat string
	// Format is what Source.Format says for the driver's files.
	Format Format
	// Extensions are the file name suffixes of a data file given directly
	// (".parquet"), lower case.
	Extensions []string
	// Open opens the data file at path, as o describes it, and returns
	// the columns the file supplies; it reads no more of the file than it
	// needs for that. An error that is the file's is a *field.Error of
	// Code field.Unreadable.
	Open func(ctx context.Context, path string, o FileOptions) (File, Column, error)
}

// FileOptions are what a [Driver]'s Open is told of a data file.
type FileOptions struct {
	// Name is the name positions and errors give the file; the path when
	// empty.
	Name string
	// Manifest is the file's manifest entry, nil for a file given
	// directly. When it gives a size or an MD5 checksum, the file must
	// match them, else Records yields a *field.Error of Code
	// field.Unreadable.
	Manifest *ManifestFile
	// Schema is the manifest's fileSchema, empty for a file given
	// directly.
	Schema string
	// MaxPageBytes is [Options.MaxPageBytes]: the most memory the pages
	// the driver holds while it reads the file may take. 0 is
	// [DefaultMaxPageBytes]; [Open] passes the default in its place.
	MaxPageBytes int64
	// Remote reads the file when its path is a URI (s3://bucket/key),
	// with [Remote.ReaderAt]; nil for a local file.
	Remote Remote
	// NoVerify is [Options.NoVerify]: the file's MD5 checksum is not
	// compared with the manifest's (its size still is).
	NoVerify bool
}

var (
	driversMu sync.RWMutex
	drivers   []Driver
)

// Register makes a data file format readable by Open. It panics if a
// driver for the same FileFormat is already registered.
func Register(d Driver) {
	driversMu.Lock()
	defer driversMu.Unlock()
	for _, e := range drivers {
		if strings.EqualFold(e.FileFormat, d.FileFormat) {
			panic("inventory: Register called twice for file format " + d.FileFormat)
		}
	}
	drivers = append(drivers, d)
}

// driverFor returns the driver registered for a manifest's fileFormat.
func driverFor(fileFormat string) (Driver, bool) {
	driversMu.RLock()
	defer driversMu.RUnlock()
	for _, d := range drivers {
		if strings.EqualFold(d.FileFormat, fileFormat) {
			return d, true
		}
	}
	return Driver{}, false
}

// driverForName returns the driver whose extension ends name.
func driverForName(name string) (Driver, bool) {
	driversMu.RLock()
	defer driversMu.RUnlock()
	lower := strings.ToLower(name)
	for _, d := range drivers {
		for _, ext := range d.Extensions {
			if strings.HasSuffix(lower, ext) {
				return d, true
			}
		}
	}
	return Driver{}, false
}
