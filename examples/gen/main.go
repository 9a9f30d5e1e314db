// Command gen rebuilds the bundled demo in examples/demo byte for byte: a
// scheduled Macie classification job, `aws macie2 describe-buckets` output
// for three buckets, an S3 Inventory report per bucket (manifest.json and
// CSV.gz data files, in S3's layout) of about 50,000 object versions, a tag
// sidecar, and a README with the outcome the job should have.
//
// Run it from the repository root:
//
//	go run ./examples/gen [-out DIR]
//
// The data is deterministic: one seeded math/rand/v2 PCG source, fixed
// dates, output in sorted order. gen_test.go checks that the checked-in
// files are what the generator writes.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"iter"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/inventory/inventorytest"
	"github.com/jobscope/jobscope/scope"
)

const defaultOut = "examples/demo"

func main() {
	out := flag.String("out", defaultOut, "the `DIR`ectory to write the demo to")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "Usage: go run ./examples/gen [-out DIR]\n\nRebuilds the jobscope demo (job, describe-buckets output, S3 Inventory reports, tag sidecar,\nREADME). Run it from the repository root.\n\nFlags:")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	if *out == defaultOut {
		if _, err := os.Stat("examples/gen/main.go"); err != nil {
			fmt.Fprintln(os.Stderr, "gen: run from the repository root (go run ./examples/gen), or give -out")
			os.Exit(2)
		}
	}
	if err := generate(*out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// The demo's file names, relative to the output directory.
const (
	jobFile     = "job.json"
	bucketsFile = "buckets.json"
	tagsFile    = "tags.jsonl"
	readmeFile  = "README.md"
	// inventoryDir is the local copy of the inventory destination bucket.
	inventoryDir = "inventory"
)

// The inventory configuration of every bucket.
const (
	destinationBucket = "arn:aws:s3:::acme-s3-inventory"
	inventoryPrefix   = "" // the reports are at the root of the destination bucket
	inventoryConfig   = "daily-full"
)

// versionedSchema is DefaultSchema with the Intelligent-Tiering access
// tier, the fields of an inventory of every version.
var versionedSchema = append(inventorytest.DefaultSchema(), "IntelligentTieringAccessTier")

// unversionedSchema is versionedSchema without the version columns: the
// fields of an inventory configured for current versions only.
var unversionedSchema = slices.DeleteFunc(slices.Clone(versionedSchema), func(c string) bool {
	return c == "VersionId" || c == "IsLatest" || c == "IsDeleteMarker"
})

// generate writes the demo to dir. It replaces dir/inventory entirely and
// overwrites the other files it writes; it leaves other files in dir alone.
func generate(dir string) error {
	job, err := jobscope.Load(strings.NewReader(jobJSON), jobscope.Limits{}, jobscope.Options{})
	if err != nil {
		return fmt.Errorf("the demo job is invalid: %w", err)
	}
	bs := buildBuckets()

	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := os.RemoveAll(filepath.Join(dir, inventoryDir)); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, jobFile), []byte(jobJSON), 0o644); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Join(dir, jobsDir), 0o755); err != nil {
		return err
	}
	for _, tj := range teamJobs {
		if _, err := jobscope.Load(strings.NewReader(tj.json), jobscope.Limits{}, jobscope.Options{}); err != nil {
			return fmt.Errorf("the demo job %s is invalid: %w", tj.file, err)
		}
		if err := os.WriteFile(filepath.Join(dir, jobsDir, tj.file), []byte(tj.json), 0o644); err != nil {
			return err
		}
	}
	data, err := describeBuckets(bs)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, bucketsFile), data, 0o644); err != nil {
		return err
	}
	for _, b := range bs {
		r := inventorytest.Report{
			SourceBucket:      b.Name,
			DestinationBucket: destinationBucket,
			Prefix:            inventoryPrefix,
			ConfigID:          inventoryConfig,
			Created:           inventoryCreated,
			FileSchema:        unversionedSchema,
			Files:             split(b.Objects, b.Files),
		}
		if b.Versioned {
			r.FileSchema = versionedSchema
		}
		if _, err := inventorytest.Write(filepath.Join(dir, inventoryDir), r); err != nil {
			return fmt.Errorf("inventory of %s: %w", b.Name, err)
		}
	}
	var tags bytes.Buffer
	if err := inventorytest.WriteTags(&tags, tagged(bs)); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, tagsFile), tags.Bytes(), 0o644); err != nil {
		return err
	}
	readme, err := renderReadme(job, bs)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, readmeFile), readme, 0o644)
}

// split cuts objs into n contiguous runs of about equal length, never
// separating the versions of one key.
func split(objs []scope.Object, n int) []iter.Seq[scope.Object] {
	var out []iter.Seq[scope.Object]
	start := 0
	for i := 1; i <= n; i++ {
		end := len(objs) * i / n
		for end < len(objs) && end > 0 && objs[end].Key == objs[end-1].Key {
			end++
		}
		out = append(out, slices.Values(objs[start:end]))
		start = end
	}
	return out
}

// tagged yields the objects that have tags, bucket by bucket, in
// inventory order.
func tagged(bs []*bucket) iter.Seq[scope.Object] {
	return func(yield func(scope.Object) bool) {
		for _, b := range bs {
			for _, o := range b.Objects {
				if len(o.Tags) > 0 && !yield(o) {
					return
				}
			}
		}
	}
}

// jobJSON is the demo job: a CreateClassificationJob request.
const jobJSON = `{
  "clientToken": "5f0c2b1e-8d4a-4c3b-9e7f-1a2b3c4d5e6f",
  "name": "weekly-confidential-data-scan",
  "description": "Every Monday: confidential and restricted buckets of the prod account, without Airflow logs, empty objects and objects tagged as test data",
  "jobType": "SCHEDULED",
  "initialRun": true,
  "scheduleFrequency": {
    "weeklySchedule": { "dayOfWeek": "MONDAY" }
  },
  "samplingPercentage": 100,
  "managedDataIdentifierSelector": "RECOMMENDED",
  "s3JobDefinition": {
    "bucketCriteria": {
      "includes": {
        "and": [
          {
            "simpleCriterion": {
              "comparator": "EQ",
              "key": "ACCOUNT_ID",
              "values": ["111122223333"]
            }
          },
          {
            "tagCriterion": {
              "comparator": "EQ",
              "tagValues": [
                { "key": "data-classification", "value": "confidential" },
                { "key": "data-classification", "value": "restricted" }
              ]
            }
          }
        ]
      }
    },
    "scoping": {
      "includes": {
        "and": [
          {
            "simpleScopeTerm": {
              "comparator": "NE",
              "key": "OBJECT_EXTENSION",
              "values": ["log"]
            }
          },
          {
            "simpleScopeTerm": {
              "comparator": "GT",
              "key": "OBJECT_SIZE",
              "values": ["0"]
            }
          }
        ]
      },
      "excludes": {
        "and": [
          {
            "tagScopeTerm": {
              "comparator": "EQ",
              "key": "TAG",
              "target": "S3_OBJECT",
              "tagValues": [{ "key": "env", "value": "test" }]
            }
          }
        ]
      }
    }
  },
  "tags": { "owner": "security-engineering" }
}
`
