// Package s3test gives tests an S3 API server on loopback: the one
// JOBSCOPE_TEST_S3_ENDPOINT names (as .ci/run starts it), else a
// moto_server (the moto Python package) it starts itself when one is on
// PATH and stops when the test ends. Without either the test is skipped,
// unless JOBSCOPE_REQUIRE_S3=1, when it fails.
package s3test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/jobscope/jobscope/internal/s3input"
)

// Server is an S3 API server for a test.
type Server struct {
	// URL is the server's endpoint, http://127.0.0.1:PORT.
	URL string
	// Client is an S3 client of the server, with path-style addressing.
	Client *s3.Client
}

// Start returns the S3 server of the test, and sets the environment of
// the SDK for it: fake credentials, region us-east-1, and no shared
// config or credentials files, so that the user's are never read.
func Start(t testing.TB) *Server {
	t.Helper()
	Env(t)
	url := os.Getenv("JOBSCOPE_TEST_S3_ENDPOINT")
	if url == "" {
		url = startMoto(t)
	}
	cfg, err := s3input.LoadConfig(context.Background(), s3input.Config{EndpointURL: url, Region: "us-east-1"})
	if err != nil {
		t.Fatal(err)
	}
	return &Server{URL: url, Client: s3.NewFromConfig(cfg, func(o *s3.Options) {
		o.UsePathStyle = true
		o.RequestChecksumCalculation = aws.RequestChecksumCalculationWhenRequired
	})}
}

// Env sets the environment of the AWS SDK for a test: fake credentials,
// region us-east-1, no instance metadata, and shared config and
// credentials files that do not exist.
func Env(t testing.TB) {
	t.Helper()
	dir := t.TempDir()
	for k, v := range map[string]string{
		"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_SESSION_TOKEN": "",
		"AWS_REGION": "us-east-1", "AWS_DEFAULT_REGION": "", "AWS_PROFILE": "", "AWS_DEFAULT_PROFILE": "",
		"AWS_ENDPOINT_URL": "", "AWS_ENDPOINT_URL_S3": "", "AWS_ENDPOINT_URL_MACIE2": "",
		"AWS_CONFIG_FILE": filepath.Join(dir, "config"), "AWS_SHARED_CREDENTIALS_FILE": filepath.Join(dir, "credentials"),
		"AWS_EC2_METADATA_DISABLED": "true", "AWS_CONTAINER_CREDENTIALS_FULL_URI": "", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "",
		"AWS_WEB_IDENTITY_TOKEN_FILE": "", "AWS_ROLE_ARN": "",
	} {
		t.Setenv(k, v)
	}
}

// startMoto starts moto_server on a free loopback port and returns its
// URL; it stops when the test ends.
func startMoto(t testing.TB) string {
	t.Helper()
	bin, err := exec.LookPath("moto_server")
	if err != nil {
		if os.Getenv("JOBSCOPE_REQUIRE_S3") == "1" {
			t.Fatal("JOBSCOPE_REQUIRE_S3=1, but JOBSCOPE_TEST_S3_ENDPOINT is not set and moto_server is not on PATH")
		}
		t.Skip("no S3 server: set JOBSCOPE_TEST_S3_ENDPOINT, or put moto_server (pip install 'moto[server]') on PATH")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	var log bytes.Buffer
	cmd := exec.Command(bin, "-H", "127.0.0.1", "-p", fmt.Sprint(port))
	cmd.Stdout, cmd.Stderr = &syncWriter{w: &log}, &syncWriter{w: &log}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-done
	})
	url := fmt.Sprintf("http://127.0.0.1:%d", port)
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get(url + "/moto-api/")
		if err == nil {
			resp.Body.Close()
			return url
		}
		select {
		case <-done:
			t.Fatalf("moto_server exited: %s", log.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("moto_server did not answer on %s within 30s: %s", url, log.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

type syncWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

// Bucket creates the bucket name, unless it exists: a server that
// JOBSCOPE_TEST_S3_ENDPOINT names outlives a test binary, and the tests
// of a run share it.
func (s *Server) Bucket(t testing.TB, name string) {
	t.Helper()
	_, err := s.Client.CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: aws.String(name)})
	var owned *types.BucketAlreadyOwnedByYou
	var exists *types.BucketAlreadyExists
	if err != nil && !errors.As(err, &owned) && !errors.As(err, &exists) {
		t.Fatalf("creating bucket %s: %v", name, err)
	}
}

// Put writes the object bucket/key.
func (s *Server) Put(t testing.TB, bucket, key string, data []byte) {
	t.Helper()
	if _, err := s.Client.PutObject(context.Background(), &s3.PutObjectInput{Bucket: &bucket, Key: &key, Body: bytes.NewReader(data)}); err != nil {
		t.Fatalf("putting s3://%s/%s: %v", bucket, key, err)
	}
}

// PutDir writes every file below dir to bucket, each at prefix followed by
// its path relative to dir (with slashes).
func (s *Server) PutDir(t testing.TB, bucket, prefix, dir string) {
	t.Helper()
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		s.Put(t, bucket, prefix+filepath.ToSlash(rel), data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
