package main

import (
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"encoding/json"
	"io"
	"os"
)

// inputKind is what a JSON input is, told from its first object's members.
type inputKind int

const (
	kindUnknown      inputKind = iota
	kindJob                    // a CreateClassificationJob request or DescribeClassificationJob output
	kindTerraform              // terraform show -json output
	kindListJobs               // aws macie2 list-classification-jobs output
	kindBuckets                // aws macie2 describe-buckets output
	kindListObjects            // aws s3api list-objects-v2 or list-object-versions output
	kindManifest               // an S3 Inventory manifest.json
	kindObjects                // JSONL of objects
	kindTags                   // a tag sidecar
	kindInventoryCSV           // an S3 Inventory CSV data file
	kindParquet                // a Parquet file
)

// kinds say what each kind is and the flag that reads it.
var kinds = map[inputKind]struct{ what, flag string }{
	kindJob:          {"a CreateClassificationJob request", "--job"},
	kindTerraform:    {"`terraform show -json` output", "--terraform"},
	kindListJobs:     {"`aws macie2 list-classification-jobs` output, which has no job definitions (describe-classification-job has them)", ""},
	kindBuckets:      {"`aws macie2 describe-buckets` output", "--buckets"},
	kindListObjects:  {"an S3 object listing", "--objects"},
	kindManifest:     {"an S3 Inventory manifest", "--objects"},
	kindObjects:      {"a JSONL file of objects", "--objects"},
	kindTags:         {"a tag sidecar", "--tags"},
	kindInventoryCSV: {"an S3 Inventory CSV data file", "--objects"},
	kindParquet:      {"a Parquet file", "--objects"},
}

// sniffData tells what the input starting with head is: the JSON inputs
// (sniff), a Parquet file, or an S3 Inventory CSV data file (quoted
// fields, as S3 writes them); gzip is looked through.
func sniffData(head []byte) inputKind {
	if bytes.HasPrefix(head, []byte{0x1f, 0x8b}) {
		zr, err := gzip.NewReader(bytes.NewReader(head))
		if err != nil {
			return kindUnknown
		}
		// head is a prefix of the stream: what inflates before it ends will do.
		head, _ = io.ReadAll(io.LimitReader(zr, 4096))
	}
	if bytes.HasPrefix(head, []byte("PAR1")) {
		return kindParquet
	}
	if k := sniff(head); k != kindUnknown {
		return k
	}
	line, _, _ := bytes.Cut(head, []byte("\n"))
	if rec, err := csv.NewReader(bytes.NewReader(line)).Read(); err == nil && len(rec) >= 2 && bytes.HasPrefix(line, []byte(`"`)) {
		return kindInventoryCSV
	}
	return kindUnknown
}

// sniff tells what the JSON text starting with head is, from the members
// of its first object (a JSON Lines file's first line).
func sniff(head []byte) inputKind {
	head = bytes.TrimPrefix(bytes.TrimLeft(head, " \t\r\n"), []byte("\xef\xbb\xbf"))
	if line, _, ok := bytes.Cut(head, []byte("\n")); ok && json.Valid(line) {
		head = line
	}
	var members map[string]json.RawMessage
	if json.Unmarshal(head, &members) != nil {
		members = map[string]json.RawMessage{}
		// A prefix of a larger document: the member names seen so far.
		dec := json.NewDecoder(bytes.NewReader(head))
		if t, err := dec.Token(); err != nil || t != json.Delim('{') {
			return kindUnknown
		}
		for depth := 1; depth > 0; {
			t, err := dec.Token()
			if err != nil {
				break
			}
			switch t {
			case json.Delim('{'), json.Delim('['):
				depth++
			case json.Delim('}'), json.Delim(']'):
				depth--
			default:
				if s, ok := t.(string); ok && depth == 1 {
					members[s] = nil
					var skip json.RawMessage
					if dec.Decode(&skip) != nil {
						depth = 0
					}
				}
			}
		}
	}
	has := func(names ...string) bool {
		for _, n := range names {
			if _, ok := members[n]; ok {
				return true
			}
		}
		return false
	}
	switch {
	case has("s3JobDefinition", "jobType"):
		return kindJob
	case has("format_version") && has("terraform_version", "planned_values", "values"):
		return kindTerraform
	case has("items") && !has("buckets"):
		return kindListJobs
	case has("buckets"):
		return kindBuckets
	case has("Contents", "Versions", "DeleteMarkers", "KeyCount"):
		return kindListObjects
	case has("sourceBucket", "fileSchema"):
		return kindManifest
	case has("bucket") && has("key") && has("tags") && !has("size", "lastModified"):
		return kindTags
	case has("bucket") && has("key"):
		return kindObjects
	}
	return kindUnknown
}

// misplaced returns a message when the regular file name, given to flag,
// is plainly an input another flag reads; "" otherwise (and for
// standard input, pipes and files it cannot read).
func misplaced(name, flag string) string {
	if name == "-" {
		return ""
	}
	st, err := os.Stat(name)
	if err != nil || !st.Mode().IsRegular() {
		return ""
	}
	f, err := os.Open(name)
	if err != nil {
		return ""
	}
	defer f.Close()
	head := make([]byte, 4096)
	n, _ := io.ReadFull(f, head)
	if msg := misplacedKind(flag, sniffData(head[:n])); msg != "" {
		return name + " is " + msg
	}
	return ""
}

// misplacedKind says what an input of kind k is and which flag reads it,
// when flag does not; "" otherwise.
func misplacedKind(flag string, k inputKind) string {
	want, ok := kinds[k]
	if !ok || want.flag == flag {
		return ""
	}
	msg := want.what + ", not what " + flag + " reads"
	if flag == "--job" {
		msg = want.what + ", not a job definition"
	}
	if want.flag != "" {
		msg += "; did you mean " + want.flag + "?"
	}
	return msg
}
