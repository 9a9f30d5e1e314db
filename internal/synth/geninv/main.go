// Command geninv writes a synthetic S3 Inventory report (manifest.json and
// gzip CSV data files in S3's layout) for scale tests of `jobscope plan`:
//
//	go run ./internal/synth/geninv -rows 10000000 -files 4 -out /tmp/inv
//	/usr/bin/time -v go run ./cmd/jobscope plan --job JOB.json --objects /tmp/inv/.../manifest.json
//
// It prints the manifest's path.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/jobscope/jobscope/internal/synth"
)

func main() {
	rows := flag.Int("rows", 1_000_000, "number of objects")
	files := flag.Int("files", 4, "number of data files")
	bucket := flag.String("bucket", "bench", "source bucket")
	out := flag.String("out", "", "`DIR` for the report (the destination bucket's local copy)")
	flag.Parse()
	if *out == "" || *rows < 0 || *files < 1 {
		flag.Usage()
		os.Exit(2)
	}
	manifest, err := synth.WriteReport(*out, *bucket, *rows, *files, 0)
	if err != nil {
		fmt.Fprintln(os.Stderr, "geninv:", err)
		os.Exit(1)
	}
	fmt.Println(manifest)
}
