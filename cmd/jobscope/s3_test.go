package main

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/google/go-cmp/cmp"

	"github.com/jobscope/jobscope/internal/s3test"
	"github.com/jobscope/jobscope/internal/synth"
	"github.com/jobscope/jobscope/inventory/parquet"
)

// The demo's inventory reports, as S3 lays them out in their destination
// bucket, acme-s3-inventory.
const (
	demoBucket   = "acme-s3-inventory"
	demoAnalysis = "acme-analytics-data/daily-full/2024-12-01T01-00Z/manifest.json"
	demoDenied   = "acme-analytics-data/daily-full/data/8ba5f899-4771-40af-87f6-920ed3e19bae.csv.gz"
)

// s3DemoArgs are the arguments of the README's main command but its
// sources, with the job, the bucket metadata and the tags at prefix:
// local files for "examples/demo/", objects for "s3://…/".
func s3DemoArgs(prefix string) []string {
	return []string{"plan", "--progress", "never", "--job", prefix + "job.json", "--buckets", prefix + "buckets.json",
		"--tags", prefix + "tags.jsonl", "--created-at", "2024-12-02T09:00:00Z"}
}

// demoManifests returns the manifests of the demo's reports, relative to
// examples/demo/inventory.
func demoManifests(t *testing.T) []string {
	t.Helper()
	ms, err := filepath.Glob("examples/demo/inventory/*/daily-full/*/manifest.json")
	if err != nil || len(ms) == 0 {
		t.Fatalf("no demo manifests: %v", err)
	}
	for i, m := range ms {
		ms[i] = filepath.ToSlash(strings.TrimPrefix(m, "examples/demo/inventory/"))
	}
	return ms
}

// uploadDemo puts the demo's reports in their destination bucket, and its
// job, bucket metadata and tags at the bucket's root.
func uploadDemo(t *testing.T, s *s3test.Server) {
	t.Helper()
	s.Bucket(t, demoBucket)
	s.PutDir(t, demoBucket, "", "examples/demo/inventory")
	for _, name := range []string{"job.json", "buckets.json", "tags.jsonl"} {
		data, err := os.ReadFile("examples/demo/" + name)
		if err != nil {
			t.Fatal(err)
		}
		s.Put(t, demoBucket, name, data)
	}
}

// TestS3Report: the demo's CSV reports uploaded to a local S3 server and
// planned by their s3:// manifests — with the job, the bucket metadata and
// the tags read from S3 too — give the decisions, byte for byte, and the
// summary of the same reports planned from local files. So does a local
// manifest whose data files are read from S3 with --data-root s3://BUCKET,
// one GetObject a data file.
func TestS3Report(t *testing.T) {
	s := s3test.Start(t)
	uploadDemo(t, s)
	local, remote := s3DemoArgs("examples/demo/"), s3DemoArgs("s3://"+demoBucket+"/")
	remote = append(remote, "--endpoint-url", s.URL)
	for _, m := range demoManifests(t) {
		local = append(local, "examples/demo/inventory/"+m)
		remote = append(remote, "s3://"+demoBucket+"/"+m)
	}
	for _, format := range []string{"jsonl", "text"} {
		code, want, werr := runCLI(t, "", append(local, "--format", format)...)
		if code != exitOK {
			t.Fatalf("local: exit %d: %s", code, werr)
		}
		code, got, gerr := runCLI(t, "", append(remote, "--format", format)...)
		if code != exitOK {
			t.Fatalf("s3: exit %d: %s", code, gerr)
		}
		if format == "text" {
			// The summary names its inputs.
			got = strings.ReplaceAll(got, "s3://"+demoBucket+"/", "examples/demo/inventory/")
		}
		if got != want {
			t.Errorf("--format %s: the s3:// inputs give other output:\n%s", format, cmp.Diff(want, got))
		}
		if !strings.Contains(gerr, "jobscope plan: AWS requests: ") || strings.Contains(werr, "AWS requests") {
			t.Errorf("--format %s: the AWS requests are reported with s3:// inputs only:\nlocal: %s\ns3: %s", format, werr, gerr)
		}
		if n := requests(t, gerr, "retries"); n != 0 {
			t.Errorf("%d retries against a server that always answers", n)
		}
		// Each object is read once: the job, --buckets, --tags, each
		// manifest and each data file.
		data, _ := filepath.Glob("examples/demo/inventory/*/daily-full/data/*")
		if n, want := requests(t, gerr, "GetObject"), 3+len(demoManifests(t))+len(data); n != want || len(data) == 0 {
			t.Errorf("--format %s: %d GetObject requests, want %d (one an object):\n%s", format, n, want, gerr)
		}
	}
	// A local manifest whose data files are read from S3 (--data-root).
	code, want, errs := runCLI(t, "", append(s3DemoArgs("examples/demo/"), "--format", "jsonl", "examples/demo/inventory/"+demoAnalysis)...)
	if code != exitOK {
		t.Fatalf("local: exit %d: %s", code, errs)
	}
	code, got, errs := runCLI(t, "", append(s3DemoArgs("examples/demo/"), "--format", "jsonl", "--endpoint-url", s.URL,
		"--data-root", "s3://"+demoBucket, "examples/demo/inventory/"+demoAnalysis)...)
	if code != exitOK || got != want || requests(t, errs, "GetObject") != 2 {
		t.Errorf("--data-root s3://%s: exit %d, %d lines of %d: %s", demoBucket, code, strings.Count(got, "\n"), strings.Count(want, "\n"), errs)
	}
}

// requests returns the number the "AWS requests" line of stderr gives
// before word (an operation, or "retries").
func requests(t *testing.T, stderr, word string) int {
	t.Helper()
	m := regexp.MustCompile(`([0-9,]+) ` + word + `\b`).FindStringSubmatch(stderr)
	if m == nil || !strings.Contains(stderr, "AWS requests: ") {
		t.Fatalf("no count of %s in the AWS requests:\n%s", word, stderr)
	}
	n, err := strconv.Atoi(strings.ReplaceAll(m[1], ",", ""))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// faultProxy is a reverse proxy in front of an S3 server that answers
// 503 SlowDown to every nth request, and 403 AccessDenied to every GET of
// the key deny (path-style, /BUCKET/KEY), or, when deny is "LIST", to
// every ListObjectsV2.
type faultProxy struct {
	n      int64
	deny   string
	count  atomic.Int64
	slowed atomic.Int64
	*httptest.Server
}

func newFaultProxy(t *testing.T, target string, n int64, deny string) *faultProxy {
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	p := &faultProxy{n: n, deny: deny}
	rp := httputil.NewSingleHostReverseProxy(u)
	p.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if deny != "" && r.Method == http.MethodGet && (r.URL.Path == deny || deny == "LIST" && r.URL.Query().Has("list-type")) {
			s3Error(w, http.StatusForbidden, "AccessDenied", "Access Denied")
			return
		}
		if p.n > 0 && p.count.Add(1)%p.n == 0 {
			p.slowed.Add(1)
			s3Error(w, http.StatusServiceUnavailable, "SlowDown", "Please reduce your request rate.")
			return
		}
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(p.Close)
	return p
}

// s3Error answers as S3 does when it refuses a request.
func s3Error(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(status)
	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+`<Error><Code>%s</Code><Message>%s</Message><RequestId>0</RequestId><HostId>0</HostId></Error>`, code, msg)
}

// TestS3Faults: with the S3 server answering SlowDown to every third
// request, the plan completes with the same decisions and reports the
// retries; with one data file's GET refused, the plan reads the other
// files, names the refused one by its s3:// URI with the permission it
// needs, counts only the rows of the files it read, and exits 1, as for a
// local file that cannot be read.
func TestS3Faults(t *testing.T) {
	s := s3test.Start(t)
	uploadDemo(t, s)
	manifest := "s3://" + demoBucket + "/" + demoAnalysis
	code, want, errs := runCLI(t, "", append(s3DemoArgs("examples/demo/"), "--format", "jsonl", "examples/demo/inventory/"+demoAnalysis)...)
	if code != exitOK {
		t.Fatalf("local: exit %d: %s", code, errs)
	}

	t.Run("SlowDown", func(t *testing.T) {
		p := newFaultProxy(t, s.URL, 3, "")
		code, got, errs := runCLI(t, "", append(s3DemoArgs("s3://"+demoBucket+"/"), "--format", "jsonl", "--endpoint-url", p.URL, manifest)...)
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, errs)
		}
		if got != want {
			t.Errorf("other decisions than from local files:\n%s", cmp.Diff(want, got))
		}
		if p.slowed.Load() == 0 {
			t.Fatal("the proxy slowed no request down")
		}
		if n := requests(t, errs, "retries"); n != int(p.slowed.Load()) {
			t.Errorf("%d retries reported, %d requests answered SlowDown:\n%s", n, p.slowed.Load(), errs)
		}
		if !strings.Contains(errs, "SlowDown or 503") {
			t.Errorf("the SlowDown answers are not reported:\n%s", errs)
		}

		// --format json carries the same report: every request the proxy
		// answered, the retries, and what the requests cost.
		before := p.count.Load()
		slowed := p.slowed.Load()
		code, out, errs := runCLI(t, "", append(s3DemoArgs("s3://"+demoBucket+"/"), "--format", "json", "--endpoint-url", p.URL, manifest)...)
		if code != exitOK {
			t.Fatalf("--format json: exit %d: %s", code, errs)
		}
		var rep struct {
			AWSRequests *struct {
				Operations []struct {
					Operation       string
					Calls, Requests int64
				}
				Retries, Throttled int64
				S3RequestCost      struct{ Amount string }
			}
		}
		if err := json.Unmarshal([]byte(out), &rep); err != nil {
			t.Fatal(err)
		}
		r := rep.AWSRequests
		if r == nil {
			t.Fatalf("--format json has no awsRequests:\n%s", out)
		}
		var calls, reqs, gets int64
		for _, op := range r.Operations {
			calls += op.Calls
			reqs += op.Requests
			if op.Operation == "GetObject" || op.Operation == "HeadObject" {
				gets += op.Requests
			}
		}
		answered, throttled := p.count.Load()-before, p.slowed.Load()-slowed
		if reqs != answered || r.Retries != reqs-calls || r.Throttled != throttled || r.Retries != throttled || throttled == 0 {
			t.Errorf("awsRequests: %d requests, %d retries, %d throttled; the proxy answered %d, %d of them SlowDown:\n%s",
				reqs, r.Retries, r.Throttled, answered, throttled, out)
		}
		if gets == 0 || r.S3RequestCost.Amount == "" || r.S3RequestCost.Amount == "0.00" {
			t.Errorf("awsRequests: %d GET requests, cost %q", gets, r.S3RequestCost.Amount)
		}
	})

	t.Run("ListBucketDenied", func(t *testing.T) {
		p := newFaultProxy(t, s.URL, 0, "LIST")
		code, got, errs := runCLI(t, "", append(s3DemoArgs("s3://"+demoBucket+"/"), "--format", "jsonl", "--endpoint-url", p.URL, manifest)...)
		if code != exitOK || got != want {
			t.Errorf("exit %d, %d lines of %d, without s3:ListBucket: %s", code, strings.Count(got, "\n"), strings.Count(want, "\n"), errs)
		}
	})

	t.Run("AccessDenied", func(t *testing.T) {
		p := newFaultProxy(t, s.URL, 0, "/"+demoBucket+"/"+demoDenied)
		code, out, errs := runCLI(t, "", append(s3DemoArgs("examples/demo/"), "--format", "json", "--endpoint-url", p.URL, manifest)...)
		if code != exitInvalid {
			t.Errorf("exit %d, want %d: %s", code, exitInvalid, errs)
		}
		uri := "s3://" + demoBucket + "/" + demoDenied
		if !strings.Contains(errs, "jobscope plan: "+uri+": access denied to GetObject: the credentials need s3:GetObject on it") {
			t.Errorf("stderr does not name the refused file and the permission:\n%s", errs)
		}
		if strings.Contains(errs, "goroutine") || strings.Contains(errs, "operation error") {
			t.Errorf("stderr shows the SDK's internals:\n%s", errs)
		}
		var rep struct {
			Read       struct{ Objects int64 }
			DataFiles  int
			FileErrors []string
		}
		if err := json.Unmarshal([]byte(out), &rep); err != nil {
			t.Fatal(err)
		}
		// The rows read are those of the other data file, read alone.
		code, other, errs := runCLI(t, "", append(s3DemoArgs("examples/demo/"), "--format", "json", "--schema",
			"Bucket, Key, Size, LastModifiedDate, ETag, StorageClass, EncryptionStatus, IntelligentTieringAccessTier",
			"examples/demo/inventory/acme-analytics-data/daily-full/data/4e2affca-2b6f-40e0-a38a-a082ba7d1fee.csv.gz")...)
		if code != exitOK {
			t.Fatalf("the other data file: exit %d: %s", code, errs)
		}
		var alone struct{ Read struct{ Objects int64 } }
		if err := json.Unmarshal([]byte(other), &alone); err != nil {
			t.Fatal(err)
		}
		if rep.DataFiles != 2 || len(rep.FileErrors) != 1 || !strings.HasPrefix(rep.FileErrors[0], uri+": ") || rep.Read.Objects != alone.Read.Objects || alone.Read.Objects == 0 {
			t.Errorf("data files %d, file errors %q, objects read %d; want 2, one naming %s, %d (the other file's)",
				rep.DataFiles, rep.FileErrors, rep.Read.Objects, uri, alone.Read.Objects)
		}
	})
}

// TestS3MissingCredentials: with no credentials anywhere, an s3:// input
// fails with exit 2 and one line that says what to set.
func TestS3MissingCredentials(t *testing.T) {
	s3test.Env(t)
	t.Setenv("AWS_ACCESS_KEY_ID", "")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "")
	for _, args := range [][]string{
		{"plan", "--job", "examples/demo/job.json", "--buckets", "examples/demo/buckets.json", "s3://" + demoBucket + "/" + demoAnalysis},
		{"plan", "--job", "s3://" + demoBucket + "/job.json", "examples/demo/inventory/" + demoAnalysis},
		{"plan", "--job", "examples/demo/job.json", "--buckets", "s3://" + demoBucket + "/buckets.json", "s3://" + demoBucket + "/"},
		{"plan", "--job", "examples/demo/job.json", "--buckets", "aws"},
	} {
		code, _, errs := runCLI(t, "", args...)
		want := "jobscope plan: no AWS credentials found: set AWS_PROFILE or give --profile (a profile `aws configure` wrote), or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY\n"
		if code != exitUsage || errs != want {
			t.Errorf("%s: exit %d, stderr:\n%s\nwant exit %d, stderr:\n%s", strings.Join(args, " "), code, errs, exitUsage, want)
		}
	}
	// A profile that is not in the config files is named.
	code, _, errs := runCLI(t, "", "plan", "--job", "examples/demo/job.json", "--buckets", "examples/demo/buckets.json", "--profile", "nosuch", "s3://"+demoBucket+"/")
	if code != exitUsage || !strings.Contains(errs, `the AWS profile "nosuch" is not in the AWS config files`) || strings.Count(errs, "\n") != 1 {
		t.Errorf("--profile nosuch: exit %d: %s", code, errs)
	}
}

// TestS3NotRead: a command that does not read S3 says so of an s3://
// input, naming it.
func TestS3NotRead(t *testing.T) {
	for _, args := range [][]string{
		{"explain", "--job", "s3://b/job.json", "--bucket-metadata", "examples/demo/buckets.json"},
		{"validate", "s3://b/job.json"},
		{"schedule", "--job", "s3://b/job.json"},
	} {
		code, _, errs := runCLI(t, "", args...)
		if code == exitOK || !strings.Contains(errs, "s3://b/job.json is in S3, which this command does not read") {
			t.Errorf("%s: exit %d: %s", strings.Join(args, " "), code, errs)
		}
	}
}

// TestBucketsAWS: --buckets aws reads the buckets of Macie's
// DescribeBuckets. Macie has no local server: this serves, over HTTP on
// loopback, the recorded answer of a real DescribeBuckets call (the aws
// CLI's output in examples/demo/buckets.json is the answer's JSON body,
// member for member), in pages of two buckets joined by nextToken as
// Macie's REST-JSON protocol pages them (POST /datasources/s3). The plan
// is the one made with the file.
func TestBucketsAWS(t *testing.T) {
	s3test.Env(t)
	data, err := os.ReadFile("examples/demo/buckets.json")
	if err != nil {
		t.Fatal(err)
	}
	var rec struct{ Buckets []json.RawMessage }
	if err := json.Unmarshal(data, &rec); err != nil || len(rec.Buckets) < 3 {
		t.Fatalf("examples/demo/buckets.json: %v, %d buckets", err, len(rec.Buckets))
	}
	var mu sync.Mutex
	var tokens []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/datasources/s3" || !strings.Contains(r.Header.Get("Authorization"), "Credential=testing/") {
			http.Error(w, `{"message":"unexpected request"}`, http.StatusBadRequest)
			return
		}
		var in struct{ NextToken string }
		body, _ := io.ReadAll(r.Body)
		json.Unmarshal(body, &in)
		mu.Lock()
		tokens = append(tokens, in.NextToken)
		mu.Unlock()
		start, _ := strconv.Atoi(in.NextToken)
		end := min(start+2, len(rec.Buckets))
		page := map[string]any{"buckets": rec.Buckets[start:end]}
		if end < len(rec.Buckets) {
			page["nextToken"] = strconv.Itoa(end)
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(page)
	}))
	defer srv.Close()
	args := s3DemoArgs("examples/demo/")
	args = append(args, "examples/demo/inventory/"+demoAnalysis)
	code, want, errs := runCLI(t, "", args...)
	if code != exitOK {
		t.Fatalf("local: exit %d: %s", code, errs)
	}
	aws := slicesReplace(args, "examples/demo/buckets.json", "aws")
	code, got, errs := runCLI(t, "", append(aws, "--endpoint-url", srv.URL, "--region", "eu-west-1")...)
	if code != exitOK {
		t.Fatalf("--buckets aws: exit %d: %s", code, errs)
	}
	if got != want {
		t.Errorf("--buckets aws gives another plan:\n%s", cmp.Diff(want, got))
	}
	pages := (len(rec.Buckets) + 1) / 2
	if len(tokens) != pages || tokens[0] != "" || requests(t, errs, "DescribeBuckets") != pages {
		t.Errorf("tokens sent %q, want %d pages; stderr: %s", tokens, pages, errs)
	}
}

// slicesReplace returns a copy of s with every old replaced by new.
func slicesReplace(s []string, old, new string) []string {
	out := make([]string, len(s))
	for i, v := range s {
		if v == old {
			v = new
		}
		out[i] = v
	}
	return out
}

// TestS3ParquetReport: a Parquet report uploaded to a local S3 server and
// planned by its s3:// manifest gives the decisions, byte for byte, of the
// same report planned from local files. Its data files are read with
// ranged GETs (their footers, then the columns), never downloaded whole
// first, and their MD5 checksums are checked.
func TestS3ParquetReport(t *testing.T) {
	s := s3test.Start(t)
	dir := t.TempDir()
	const src, dest = "pq-source", "pq-destination"
	var keys, sums []string
	var sizes []int
	for i := range 2 {
		key := fmt.Sprintf("%s/weekly/data/part-%d.parquet", src, i)
		p := filepath.Join(dir, filepath.FromSlash(key))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := parquet.WriteFile(p, synth.Objects(src, 20000, uint64(i), false)); err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		keys, sizes, sums = append(keys, key), append(sizes, len(data)), append(sums, fmt.Sprintf("%x", md5.Sum(data)))
	}
	// manifestOf is the report's manifest with the data files' checksums.
	manifestOf := func(sums []string) string {
		var files []string
		for i, key := range keys {
			files = append(files, fmt.Sprintf(`{"key": %q, "size": %d, "MD5checksum": %q}`, key, sizes[i], sums[i]))
		}
		return fmt.Sprintf(`{"sourceBucket": %q, "destinationBucket": "arn:aws:s3:::%s", "version": "2016-11-30", "creationTimestamp": "1717200000000",
	  "fileFormat": "Parquet", "fileSchema": %q, "files": [%s]}`, src, dest, parquet.FileSchema, strings.Join(files, ", "))
	}
	manifest := src + "/weekly/2024-06-01T00-00Z/manifest.json"
	body := manifestOf(sums)
	p := filepath.Join(dir, filepath.FromSlash(manifest))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	s.Bucket(t, dest)
	s.PutDir(t, dest, "", dir)
	job := writeFiles(t, map[string]string{"job.json": `{"name": "pq", "jobType": "ONE_TIME", "s3JobDefinition": {"bucketDefinitions": [{"accountId": "111122223333", "buckets": ["` + src + `"]}],
	  "scoping": {"excludes": {"and": [{"simpleScopeTerm": {"comparator": "STARTS_WITH", "key": "OBJECT_KEY", "values": ["logs/"]}}]}}}}`})["job.json"]
	code, want, errs := runCLI(t, "", "plan", "--job", job, "--format", "jsonl", "--progress", "never", p)
	if code != exitOK {
		t.Fatalf("local: exit %d: %s", code, errs)
	}
	code, got, errs := runCLI(t, "", "plan", "--job", job, "--format", "jsonl", "--progress", "never", "--endpoint-url", s.URL, "s3://"+dest+"/"+manifest)
	if code != exitOK {
		t.Fatalf("s3: exit %d: %s", code, errs)
	}
	if strings.Count(want, "\n") != 40000 {
		t.Fatalf("%d decisions from the local files, want 40,000", strings.Count(want, "\n"))
	}
	if got != want {
		t.Errorf("the s3:// report gives other decisions:\n%s", cmp.Diff(want, got))
	}
	if n := requests(t, errs, "HeadObject"); n < 2 {
		t.Errorf("%d HeadObject requests: the data files are not read at their offsets:\n%s", n, errs)
	}

	// A data file of another checksum than the manifest's is named.
	s.Put(t, dest, "bad/manifest.json", []byte(manifestOf([]string{strings.Repeat("0", 32), sums[1]})))
	code, _, errs = runCLI(t, "", "plan", "--job", job, "--progress", "never", "--endpoint-url", s.URL, "s3://"+dest+"/bad/manifest.json")
	if code != exitInvalid || !strings.Contains(errs, "s3://"+dest+"/"+src+"/weekly/data/part-0.parquet: ") || !strings.Contains(errs, "checksum") {
		t.Errorf("a data file of another checksum: exit %d: %s", code, errs)
	}
}

// TestS3LiveListing: a bucket of 10,000 objects, some of them tagged,
// planned live (--objects s3://BUCKET/, and a prefix of it), by a job with
// tag conditions and by one without, gives the decisions, byte for byte,
// of a plan over the list-objects-v2 output of the same objects and a tag
// sidecar of their tags. The objects' tags are asked for (one
// GetObjectTagging an object) only for the job with tag conditions; the
// listing takes one ListObjectsV2 request a page of 1,000.
func TestS3LiveListing(t *testing.T) {
	s := s3test.Start(t)
	const bucket, n = "live-bucket", 10000
	s.Bucket(t, bucket)
	exts := []string{".csv", ".json", ".log", ".parquet", ".txt", ".jpg"}
	tagsOf := func(i int) map[string]string {
		tags := map[string]string{}
		if i%7 == 0 {
			tags["team"] = "a"
		}
		if i%11 == 0 {
			tags["skip"] = "yes"
		}
		return tags
	}
	keyOf := func(i int) string { return fmt.Sprintf("data/%02d/part-%05d%s", i%37, i, exts[i%len(exts)]) }
	// A server that outlives the test binary may have them already.
	start := time.Now()
	if listedCount(t, s, bucket) != n {
		uploadObjects(t, s, bucket, n, keyOf, tagsOf)
	}
	t.Logf("uploaded %d objects in %v", n, time.Since(start))

	// listed is the bucket's objects under prefix as aws s3api
	// list-objects-v2 prints them, and a tag sidecar of their tags.
	listed := func(prefix string) (listing, sidecar string, count int) {
		var l, side strings.Builder
		l.WriteString(`{"Contents": [`)
		pages := s3.NewListObjectsV2Paginator(s.Client, &s3.ListObjectsV2Input{Bucket: aws.String(bucket), Prefix: aws.String(prefix)})
		for pages.HasMorePages() {
			out, err := pages.NextPage(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			for _, o := range out.Contents {
				if count > 0 {
					l.WriteString(",\n")
				}
				count++
				fmt.Fprintf(&l, `{"Key": %q, "LastModified": %q, "ETag": %q, "Size": %d, "StorageClass": %q}`,
					*o.Key, o.LastModified.UTC().Format(time.RFC3339Nano), aws.ToString(o.ETag), *o.Size, o.StorageClass)
				var i int
				fmt.Sscanf((*o.Key)[len("data/00/part-"):], "%d", &i)
				if tags := tagsOf(i); len(tags) > 0 {
					line, _ := json.Marshal(map[string]any{"bucket": bucket, "key": *o.Key, "tags": tags})
					side.Write(append(line, '\n'))
				}
			}
		}
		l.WriteString(`], "Name": "` + bucket + `"}`)
		return l.String(), side.String(), count
	}
	all, allTags, count := listed("")
	if count != n {
		t.Fatalf("the bucket lists %d objects, want %d", count, n)
	}
	some, someTags, inPrefix := listed("data/1")
	f := writeFiles(t, map[string]string{
		"all.json": all, "all.jsonl": allTags, "some.json": some, "some.jsonl": someTags,
		"tagged.json": `{"name": "tagged", "jobType": "ONE_TIME", "s3JobDefinition": {"bucketDefinitions": [{"accountId": "111122223333", "buckets": ["` + bucket + `"]}],
		  "scoping": {"excludes": {"and": [{"tagScopeTerm": {"comparator": "EQ", "key": "TAG", "tagValues": [{"key": "skip", "value": "yes"}], "target": "S3_OBJECT"}}]},
		              "includes": {"and": [{"simpleScopeTerm": {"comparator": "STARTS_WITH", "key": "OBJECT_KEY", "values": ["data/1", "data/2"]}}]}}}}`,
		"untagged.json": `{"name": "untagged", "jobType": "ONE_TIME", "s3JobDefinition": {"bucketDefinitions": [{"accountId": "111122223333", "buckets": ["` + bucket + `"]}],
		  "scoping": {"excludes": {"and": [{"simpleScopeTerm": {"comparator": "GT", "key": "OBJECT_SIZE", "values": ["50"]}}]}}}}`,
	})
	// The job with tag conditions takes one GetObjectTagging request an
	// object listed; the other, none.
	for _, tt := range []struct {
		job, src      string
		objects, tags int
	}{{"untagged.json", "all", n, 0}, {"tagged.json", "all", n, n}, {"untagged.json", "some", inPrefix, 0}} {
		t.Run(tt.job+"/"+tt.src, func(t *testing.T) {
			code, want, errs := runCLI(t, "", "plan", "--job", f[tt.job], "--tags", f[tt.src+".jsonl"], "--format", "jsonl", "--progress", "never", f[tt.src+".json"])
			if code != exitOK {
				t.Fatalf("list-objects-v2 output: exit %d: %s", code, errs)
			}
			start := time.Now()
			uri := "s3://" + bucket + "/"
			if tt.src == "some" {
				uri += "data/1"
			}
			code, got, errs := runCLI(t, "", "plan", "--job", f[tt.job], "--format", "jsonl", "--progress", "never", "--endpoint-url", s.URL, uri)
			t.Logf("planned live in %v", time.Since(start))
			if code != exitOK {
				t.Fatalf("live: exit %d: %s", code, errs)
			}
			if strings.Count(want, "\n") != tt.objects || !strings.Contains(want, `"decision":"skip"`) || !strings.Contains(want, `"decision":"scan"`) {
				t.Fatalf("the reference plan does not decide %d objects both ways", n)
			}
			if excluded := strings.Contains(want, `"path":"s3JobDefinition.scoping.excludes.and[0].tagScopeTerm"`); excluded != (tt.tags > 0) {
				t.Fatalf("the reference plan excludes objects by their tags: %v, want %v", excluded, tt.tags > 0)
			}
			if got != want {
				t.Errorf("the live listing gives other decisions:\n%s", cmp.Diff(want, got))
			}
			if got := requests(t, errs, "GetObjectTagging"); got != tt.tags {
				t.Errorf("%d GetObjectTagging requests, want %d", got, tt.tags)
			}
			// One page of 1,000 objects a request, and, for a prefix that
			// no object has, one to learn that keys begin with it.
			pages := (tt.objects + 999) / 1000
			if tt.src == "some" {
				pages++
			}
			if got := requests(t, errs, "ListObjectsV2"); got != pages {
				t.Errorf("%d ListObjectsV2 requests, want %d", got, pages)
			}
		})
	}
}

// listedCount returns the number of objects in bucket.
func listedCount(t *testing.T, s *s3test.Server, bucket string) int {
	t.Helper()
	n := 0
	pages := s3.NewListObjectsV2Paginator(s.Client, &s3.ListObjectsV2Input{Bucket: aws.String(bucket)})
	for pages.HasMorePages() {
		out, err := pages.NextPage(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		n += len(out.Contents)
	}
	return n
}

// uploadObjects puts n objects in bucket, object i at keyOf(i) with
// i%97 bytes and the tags tagsOf(i), 64 at once.
func uploadObjects(t *testing.T, s *s3test.Server, bucket string, n int, keyOf func(int) string, tagsOf func(int) map[string]string) {
	t.Helper()
	var wg sync.WaitGroup
	next := atomic.Int64{}
	for range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				in := &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(keyOf(i)), Body: bytes.NewReader(make([]byte, i%97))}
				if tags := tagsOf(i); len(tags) > 0 {
					v := url.Values{}
					for k, val := range tags {
						v.Set(k, val)
					}
					in.Tagging = aws.String(v.Encode())
				}
				if _, err := s.Client.PutObject(context.Background(), in); err != nil {
					t.Errorf("putting %s: %v", keyOf(i), err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
}
