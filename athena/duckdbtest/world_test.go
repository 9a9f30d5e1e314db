package duckdbtest

import (
	"bufio"
	"context"
	"crypto/md5"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"iter"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/jobscope/jobscope/criteria"
	"github.com/jobscope/jobscope/inventory"
	"github.com/jobscope/jobscope/inventory/inventorytest"
	"github.com/jobscope/jobscope/inventory/parquet"
	"github.com/jobscope/jobscope/scope"
)

// A world is one random inventory — its objects, written as an S3
// Inventory report in CSV.gz and one in Parquet in S3's layout, and as an
// S3 Metadata live inventory table (JSONL for the engine, which reads its
// tags; the same rows with sequence numbers for DuckDB) — with the bucket
// metadata (describe-buckets output), and the vocabulary jobs draw their
// values from so that they hit the objects' edges.
type world struct {
	dir       string
	objs      []scope.Object
	buckets   []criteria.BucketMetadata
	csvFields []string // the CSV report's fileSchema
	csvObjs   []scope.Object

	csvManifest, pqManifest, jsonl, metaRows, bucketsFile string

	// vocabulary
	bucketNames, accounts, prefixes, exts, tagKeys, tagValues []string
	sizes                                                     []int64
	times                                                     []time.Time
}

var (
	accounts   = []string{"111111111111", "222222222222", "333333333333"}
	bucketPool = []string{"alpha-data", "beta.logs", "gamma", "delta-archive", "epsilon-unknown", "zeta"}
	dirs       = []string{"", "logs/", "logs/2024/", "data/", "Data/", "a b/", "x+y/", "100%/", "日本/", "dir.v1/", "deep/er/path/", "'q'/"}
	names      = []string{"report", "Report", ".bashrc", "archive", "file", "a..b", "trailing.", "my file", "résumé", "x+y", "noext", "_SUCCESS", "data.tar", "f%20g", "新しい"}
	extPool    = []string{"pdf", "PDF", "csv", "txt", "gz", "json", "log", "csv", "json", "pdf", "txt", "parquet", "docx", "xlsx", "zip", "eml", "md", "jpeg", "Pdf", "averyveryverylongext", "tar", "yml", "GZ", "LOG", ""}
	classes    = []scope.StorageClass{"STANDARD", "STANDARD", "STANDARD", "STANDARD", "STANDARD", "STANDARD", "STANDARD", "STANDARD_IA", "GLACIER", "DEEP_ARCHIVE", "INTELLIGENT_TIERING", "GLACIER_IR", "ONEZONE_IA", "REDUCED_REDUNDANCY", "OUTPOSTS", "EXPRESS_ONEZONE", "", "WEIRD"}
	encs       = []scope.EncryptionStatus{"SSE-S3", "SSE-S3", "SSE-KMS", "DSSE-KMS", "SSE-C", "NOT-SSE", ""}
	tagKeyPool = []string{"env", "project", "Owner", "data-classification", "empty"}
	tagValPool = []string{"prod", "test", "", "a", "b", "confidential", "restricted", "x y"}
)

// csvSchemas are the CSV reports' fileSchemas, one per world in turn.
var csvSchemas = [][]string{
	inventorytest.DefaultSchema(),
	{"Bucket", "Key", "Size", "LastModifiedDate", "ETag", "StorageClass", "EncryptionStatus", "IsMultipartUploaded"},     // current versions only
	{"Bucket", "Key", "VersionId", "IsLatest", "IsDeleteMarker", "Size", "LastModifiedDate"},                             // no class or encryption
	{"Bucket", "Key", "VersionId", "IsLatest", "IsDeleteMarker", "LastModifiedDate", "StorageClass", "EncryptionStatus"}, // no size
}

var base = time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)

func newWorld(dir string, r *rand.Rand, index int) (*world, error) {
	w := &world{dir: dir, accounts: accounts}
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	// buckets: the last one has no metadata
	nb := 3 + r.IntN(3)
	perm := r.Perm(len(bucketPool))
	for i := 0; i < nb; i++ {
		w.bucketNames = append(w.bucketNames, bucketPool[perm[i]])
	}
	for i, name := range w.bucketNames {
		if i == nb-1 {
			break
		}
		b := criteria.BucketMetadata{AccountID: accounts[r.IntN(len(accounts))], BucketName: name}
		if r.IntN(4) > 0 {
			b.PublicAccess = &criteria.BucketPublicAccess{EffectivePermission: criteria.EffectivePermission(pick([]string{"PUBLIC", "NOT_PUBLIC", "UNKNOWN"}))}
		}
		b.SharedAccess = criteria.SharedAccess(pick([]string{"EXTERNAL", "INTERNAL", "NOT_SHARED", "UNKNOWN", ""}))
		for _, k := range tagKeyPool {
			if r.IntN(3) == 0 {
				b.Tags = append(b.Tags, criteria.KeyValuePair{Key: k, Value: pick(tagValPool)})
			}
		}
		switch r.IntN(12) {
		case 0, 1:
			b.ErrorCode = criteria.ErrorCodeBucketCountExceedsQuota
		case 2:
			b.ErrorCode = criteria.ErrorCodeAccessDenied
		}
		w.buckets = append(w.buckets, b)
	}
	// sizes and times near the edges that matter
	mbs := []int64{1 << 20, 1000000}
	for _, mb := range mbs {
		gb := mb * 1024
		if mb == 1000000 {
			gb = mb * 1000
		}
		for _, q := range []int64{512 * mb, 1024 * mb, 8 * gb, 20 * gb} {
			w.sizes = append(w.sizes, q-1, q, q+1)
		}
	}
	w.sizes = append(w.sizes, 0, 1, 1000, 5000000, 123456789)
	for i := 0; i < 12; i++ {
		t := base.Add(time.Duration(r.IntN(90*24*3600)) * time.Second)
		switch i % 4 {
		case 0: // midnight: where runs start
			t = t.Truncate(24 * time.Hour)
		case 1:
			t = t.Add(time.Duration(r.IntN(1000)) * time.Millisecond)
		}
		w.times = append(w.times, t)
	}
	for _, d := range dirs {
		w.prefixes = append(w.prefixes, d)
	}
	w.exts = extPool
	w.tagKeys, w.tagValues = tagKeyPool, tagValPool
	// objects
	seq := 0
	nk := 120 + r.IntN(120)
	for i := 0; i < nk; i++ {
		bucket := pick(w.bucketNames)
		key := pick(dirs) + pick(names)
		if x := pick(extPool); x != "" {
			key += "." + x
		}
		switch r.IntN(20) {
		case 0:
			key = pick(dirs) + "folder/" // a folder placeholder
		case 1:
			key = strings.Repeat("k", 1+r.IntN(9)) // no dot, short
		}
		if key == "" {
			key = "k"
		}
		key = fmt.Sprintf("%s%d", key, r.IntN(3)) // rarely the same twice
		if r.IntN(2) == 0 {
			key = strings.TrimRight(key, "0123456789")
			if key == "" || strings.HasSuffix(key, "/") && r.IntN(2) == 0 {
				key += "x"
			}
		}
		versioned := bucket == w.bucketNames[0] || bucket == w.bucketNames[1]
		nv := 1
		if versioned {
			nv = 1 + r.IntN(3)
		}
		for v := 0; v < nv; v++ {
			seq++
			o := scope.Object{Bucket: bucket, Key: key, Noncurrent: v < nv-1}
			if versioned {
				o.VersionID = fmt.Sprintf("v%06d%s", seq, pick([]string{"", "AbC.9", "_-x"}))
				if r.IntN(10) == 0 {
					o.VersionID = "null"
				}
			}
			o.IsDeleteMarker = versioned && r.IntN(6) == 0
			o.LastModified = w.times[r.IntN(len(w.times))]
			if r.IntN(3) == 0 {
				o.LastModified = o.LastModified.Add(time.Duration(r.IntN(2000)-1000) * time.Millisecond)
			}
			if !o.IsDeleteMarker {
				o.Size = w.sizes[r.IntN(len(w.sizes))]
				if r.IntN(3) == 0 {
					o.Size = int64(r.IntN(10000000))
				}
				o.StorageClass = classes[r.IntN(len(classes))]
				o.EncryptionStatus = encs[r.IntN(len(encs))]
				if r.IntN(2) == 0 {
					o.Tags = map[string]string{}
					for _, k := range tagKeyPool {
						if r.IntN(3) == 0 {
							o.Tags[k] = pick(tagValPool)
						}
					}
				}
			}
			w.objs = append(w.objs, o)
		}
	}
	// dedupe (bucket, key, version): keep the first
	seen := map[string]bool{}
	objs := w.objs[:0]
	for _, o := range w.objs {
		id := o.Bucket + "\x00" + o.Key + "\x00" + o.VersionID
		if !seen[id] {
			seen[id] = true
			objs = append(objs, o)
		}
	}
	w.objs = objs
	// the latest of a key must be its last version: recompute
	last := map[string]int{}
	for i, o := range w.objs {
		last[o.Bucket+"\x00"+o.Key] = i
	}
	for i := range w.objs {
		w.objs[i].Noncurrent = last[w.objs[i].Bucket+"\x00"+w.objs[i].Key] != i
	}
	w.csvFields = csvSchemas[index%len(csvSchemas)]
	w.csvObjs = w.objs
	if !slices.Contains(w.csvFields, "IsLatest") { // a report of current versions
		w.csvObjs = nil
		for _, o := range w.objs {
			if !o.Noncurrent && !o.IsDeleteMarker {
				o.VersionID = ""
				w.csvObjs = append(w.csvObjs, o)
			}
		}
	}
	return w, w.write()
}

func (w *world) write() error {
	// CSV.gz, two data files
	half := len(w.csvObjs) / 2
	m, err := inventorytest.Write(filepath.Join(w.dir, "csv"), inventorytest.Report{
		SourceBucket: w.bucketNames[0], FileSchema: w.csvFields,
		Files: []iter.Seq[scope.Object]{slices.Values(w.csvObjs[:half]), slices.Values(w.csvObjs[half:])},
	})
	if err != nil {
		return err
	}
	w.csvManifest = m
	// Parquet, in S3's layout
	pdir := filepath.Join(w.dir, "parquet", "inv", w.bucketNames[0], "cfg")
	key := "inv/" + w.bucketNames[0] + "/cfg/data/0a1b2c3d-0000-4000-8000-000000000000.parquet"
	data := filepath.Join(w.dir, "parquet", filepath.FromSlash(key))
	if err := os.MkdirAll(filepath.Dir(data), 0o755); err != nil {
		return err
	}
	if err := parquet.WriteFile(data, slices.Values(w.objs)); err != nil {
		return err
	}
	body, err := os.ReadFile(data)
	if err != nil {
		return err
	}
	sum := md5.Sum(body)
	mdir := filepath.Join(pdir, "2024-06-01T01-00Z")
	if err := os.MkdirAll(mdir, 0o755); err != nil {
		return err
	}
	man, _ := json.Marshal(map[string]any{
		"sourceBucket": w.bucketNames[0], "destinationBucket": "arn:aws:s3:::inv", "version": "2016-11-30",
		"fileFormat": "Parquet", "fileSchema": parquet.FileSchema,
		"files": []map[string]any{{"key": key, "size": len(body), "MD5checksum": hex.EncodeToString(sum[:])}},
	})
	w.pqManifest = filepath.Join(mdir, "manifest.json")
	if err := os.WriteFile(w.pqManifest, man, 0o644); err != nil {
		return err
	}
	// the Metadata table: JSONL for the engine, rows with sequence numbers for DuckDB
	w.jsonl = filepath.Join(w.dir, "objects.jsonl")
	w.metaRows = filepath.Join(w.dir, "meta.jsonl")
	jf, err := os.Create(w.jsonl)
	if err != nil {
		return err
	}
	mf, err := os.Create(w.metaRows)
	if err != nil {
		return err
	}
	jb, mb := bufio.NewWriter(jf), bufio.NewWriter(mf)
	for i, o := range w.objs {
		line, _ := json.Marshal(o)
		jb.Write(append(line, '\n'))
		row := map[string]any{"bucket": o.Bucket, "key": o.Key, "sequence_number": fmt.Sprintf("%08x", i),
			"version_id": nil, "is_delete_marker": o.IsDeleteMarker, "size": nil,
			"last_modified_date": o.LastModified.UTC().Format("2006-01-02T15:04:05.000Z"),
			"storage_class":      nullable(string(o.StorageClass)), "encryption_status": nullable(string(o.EncryptionStatus)),
			"object_tags": map[string]string{}}
		if o.VersionID != "" {
			row["version_id"] = o.VersionID
		}
		if !o.IsDeleteMarker {
			row["size"] = o.Size
		}
		if o.Tags != nil {
			row["object_tags"] = o.Tags
		}
		line, _ = json.Marshal(row)
		mb.Write(append(line, '\n'))
	}
	for _, f := range []struct {
		b *bufio.Writer
		f *os.File
	}{{jb, jf}, {mb, mf}} {
		if err := f.b.Flush(); err != nil {
			return err
		}
		if err := f.f.Close(); err != nil {
			return err
		}
	}
	// describe-buckets
	w.bucketsFile = filepath.Join(w.dir, "buckets.json")
	bj, _ := json.MarshalIndent(map[string]any{"buckets": w.buckets}, "", "  ")
	return os.WriteFile(w.bucketsFile, bj, 0o644)
}

// exportMeta writes the S3 Metadata table's rows (the metaRows file) as
// one Parquet file with the table's column types, as an export of the
// table is, and returns its path.
func (w *world) exportMeta(db *sql.DB) (string, error) {
	name := filepath.Join(w.dir, "metadata", "export.parquet")
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return "", err
	}
	_, err := db.Exec(`COPY (SELECT * FROM read_json('` + w.metaRows + `', format = 'newline_delimited', columns = {'bucket': 'VARCHAR', ` +
		`'key': 'VARCHAR', 'sequence_number': 'VARCHAR', 'version_id': 'VARCHAR', 'is_delete_marker': 'BOOLEAN', 'size': 'BIGINT', ` +
		`'last_modified_date': 'TIMESTAMPTZ', 'storage_class': 'VARCHAR', 'encryption_status': 'VARCHAR', 'object_tags': 'MAP(VARCHAR, VARCHAR)'})) ` +
		`TO '` + name + `' (FORMAT parquet)`)
	return name, err
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// sources opens the three inputs for the engine.
func (w *world) sources() (csv, pq, meta *inventory.Source, err error) {
	if csv, err = inventory.Open(context.Background(), w.csvManifest, inventory.Options{}); err != nil {
		return
	}
	if pq, err = inventory.Open(context.Background(), w.pqManifest, inventory.Options{}); err != nil {
		return
	}
	meta, err = inventory.Open(context.Background(), w.jsonl, inventory.Options{})
	return
}

func files(src *inventory.Source) []string {
	var out []string
	for _, f := range src.Files {
		out = append(out, f.Name())
	}
	sort.Strings(out)
	return out
}
