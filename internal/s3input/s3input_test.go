package s3input_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/jobscope/jobscope/internal/s3input"
	"github.com/jobscope/jobscope/internal/s3test"
)

// TestProblems: what S3 answers a request with, as the error says it in
// users' words, located at the object, with the permission or the flag
// that would fix it; a missing object or bucket wraps fs.ErrNotExist.
func TestProblems(t *testing.T) {
	s3test.Env(t)
	for _, tc := range []struct {
		status     int
		code, want string
		notExist   bool
	}{
		{404, "NoSuchKey", "s3://b/k: no such object", true},
		{404, "NoSuchBucket", "s3://b/k: no such bucket", true},
		{403, "AccessDenied", "s3://b/k: access denied to GetObject: the credentials need s3:GetObject on it (the answer: it is wrong)", false},
		{403, "InvalidAccessKeyId", "s3://b/k: the AWS credentials were refused (InvalidAccessKeyId): check AWS_PROFILE or --profile, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY", false},
		{301, "PermanentRedirect", "s3://b/k: the bucket is in another region than the requests were sent to (PermanentRedirect): give its region with --region, or set AWS_REGION", false},
		{400, "InvalidRequest", "s3://b/k: GetObject failed: it is wrong (InvalidRequest)", false},
	} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/xml")
			w.WriteHeader(tc.status)
			fmt.Fprintf(w, `<Error><Code>%s</Code><Message>it is wrong</Message></Error>`, tc.code)
		}))
		c, err := s3input.New(context.Background(), s3input.Config{EndpointURL: srv.URL, MaxAttempts: 1})
		if err != nil {
			t.Fatal(err)
		}
		_, _, err = c.Open(context.Background(), "s3://b/k")
		srv.Close()
		if err == nil || err.Error() != tc.want || errors.Is(err, fs.ErrNotExist) != tc.notExist {
			t.Errorf("%d %s: %v (not exist: %v), want %s (not exist: %v)", tc.status, tc.code, err, errors.Is(err, fs.ErrNotExist), tc.want, tc.notExist)
		}
		if strings.Contains(fmt.Sprint(err), "operation error") {
			t.Errorf("%d %s: the SDK's wording: %v", tc.status, tc.code, err)
		}
	}
}
