package main

import (
	"bytes"
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

	"github.com/google/go-cmp/cmp"

	"github.com/jobscope/jobscope/internal/s3test"
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
// summary of the same reports planned from local files; the data files
// are read with GetObject, once each.
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
// the key deny (path-style, /BUCKET/KEY).
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
		if deny != "" && r.Method == http.MethodGet && r.URL.Path == deny {
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

var _ = bytes.Equal
