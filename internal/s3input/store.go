package s3input

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"

	"github.com/jobscope/jobscope/inventory"
)

// Remote returns the client as the [inventory.Remote] that reads
// s3://bucket/key objects: streamed with GetObject, and, for a Parquet
// file, with ranged GetObject requests of the parts read.
func (c *Client) Remote() inventory.Remote { return remote{c} }

type remote struct{ c *Client }

func (r remote) Open(ctx context.Context, uri string) (io.ReadCloser, int64, error) {
	rc, size, err := r.c.Open(ctx, uri)
	var l *located
	if errors.As(err, &l) {
		err = l.err // the file's error names it
	}
	return rc, size, err
}

func (r remote) ReaderAt(ctx context.Context, uri string) (io.ReaderAt, int64, error) {
	bucket, key, err := r.c.object(ctx, uri)
	if err != nil {
		return nil, 0, err
	}
	out, err := r.c.s3.HeadObject(ctx, &s3.HeadObjectInput{Bucket: &bucket, Key: &key})
	if err != nil {
		return nil, 0, problem("HeadObject", err)
	}
	size := aws64(out.ContentLength)
	return &objectAt{ctx: ctx, c: r.c, uri: uri, bucket: bucket, key: key, size: size}, size, nil
}

// Open returns the bytes of the object uri (s3://bucket/key), streamed,
// and its size. A missing object is an error that wraps fs.ErrNotExist.
func (c *Client) Open(ctx context.Context, uri string) (io.ReadCloser, int64, error) {
	bucket, key, err := c.object(ctx, uri)
	if err != nil {
		return nil, 0, err
	}
	out, err := c.s3.GetObject(ctx, &s3.GetObjectInput{Bucket: &bucket, Key: &key})
	if err != nil {
		return nil, 0, describe(uri, "GetObject", err)
	}
	return out.Body, aws64(out.ContentLength), nil
}

// object checks the credentials and splits uri, which must name a key.
func (c *Client) object(ctx context.Context, uri string) (bucket, key string, err error) {
	if err := c.Check(ctx); err != nil {
		return "", "", err
	}
	bucket, key, err = parseURI(uri)
	if err == nil && key == "" {
		err = fmt.Errorf("%s names a bucket, not an object: give s3://%s/KEY", uri, bucket)
	}
	return bucket, key, err
}

// objectAt reads an object at any offset with ranged GetObject requests.
type objectAt struct {
	ctx              context.Context
	c                *Client
	uri, bucket, key string
	size             int64
}

func (o *objectAt) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, fmt.Errorf("negative offset %d", off)
	}
	if off >= o.size {
		return 0, io.EOF
	}
	n := int64(len(p))
	if n == 0 {
		return 0, nil
	}
	n = min(n, o.size-off)
	rng := fmt.Sprintf("bytes=%d-%d", off, off+n-1)
	out, err := o.c.s3.GetObject(o.ctx, &s3.GetObjectInput{Bucket: &o.bucket, Key: &o.key, Range: &rng})
	if err != nil {
		return 0, problem("GetObject", err)
	}
	defer out.Body.Close()
	m, err := io.ReadFull(out.Body, p[:n])
	if err != nil {
		return m, fmt.Errorf("reading bytes %d to %d: %v", off, off+n-1, err)
	}
	if int(n) < len(p) {
		return m, io.EOF
	}
	return m, nil
}

func aws64(p *int64) int64 {
	if p == nil {
		return -1
	}
	return *p
}

// permissions are the IAM actions each operation needs.
var permissions = map[string]string{
	"GetObject": "s3:GetObject", "HeadObject": "s3:GetObject", "ListObjectsV2": "s3:ListBucket",
	"ListObjectVersions": "s3:ListBucketVersions", "GetObjectTagging": "s3:GetObjectTagging",
	"GetObjectVersionTagging": "s3:GetObjectVersionTagging", "DescribeBuckets": "macie2:DescribeBuckets",
}

// notFound is an object or bucket that does not exist: it wraps
// fs.ErrNotExist.
type notFound struct{ what string }

func (e *notFound) Error() string { return "no such " + e.what }
func (e *notFound) Unwrap() error { return fs.ErrNotExist }

// located is a problem with what (an s3:// URI): "what: problem".
type located struct {
	what string
	err  error
}

func (e *located) Error() string { return e.what + ": " + e.err.Error() }
func (e *located) Unwrap() error { return e.err }

// describe is why the request op for uri failed, located at uri.
func describe(uri, op string, err error) error {
	p := problem(op, err)
	if p == err && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
		return err
	}
	return &located{uri, p}
}

// isDenied reports whether err is S3's answer to a request the
// credentials are not allowed to make.
func isDenied(err error) bool {
	var ae smithy.APIError
	var re *awshttp.ResponseError
	return errors.As(err, &ae) && ae.ErrorCode() == "AccessDenied" || errors.As(err, &re) && re.HTTPStatusCode() == http.StatusForbidden
}

// attempts says how many times a request that failed was tried, when it
// was tried more than once.
func attempts(err error) string {
	var m *retry.MaxAttemptsError
	if errors.As(err, &m) && m.Attempt > 1 {
		return fmt.Sprintf(", %d times", m.Attempt)
	}
	return ""
}

// problem says in users' words why the request op failed; it does not
// say of what, as a file error names its file.
func problem(op string, err error) error {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, errNoCredentials) {
		return err
	}
	status := 0
	var re *awshttp.ResponseError
	if errors.As(err, &re) {
		status = re.HTTPStatusCode()
	}
	code, msg := "", ""
	var ae smithy.APIError
	if errors.As(err, &ae) {
		code, msg = ae.ErrorCode(), ae.ErrorMessage()
	}
	switch {
	case code == "NoSuchBucket":
		return &notFound{"bucket"}
	case code == "NoSuchKey" || code == "NotFound" || status == http.StatusNotFound:
		return &notFound{"object"}
	case code == "InvalidAccessKeyId" || code == "SignatureDoesNotMatch" || code == "ExpiredToken" || code == "UnrecognizedClientException":
		return fmt.Errorf("the AWS credentials were refused (%s): check AWS_PROFILE or --profile, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY", code)
	case isDenied(err):
		said := ""
		if msg != "" && !strings.EqualFold(msg, "Access Denied") {
			said = " (the answer: " + msg + ")"
		}
		return fmt.Errorf("access denied to %s: the credentials need %s on it%s", op, permissions[op], said)
	case code == "PermanentRedirect" || code == "AuthorizationHeaderMalformed" || code == "IllegalLocationConstraintException":
		return fmt.Errorf("the bucket is in another region than the requests were sent to (%s): give its region with --region, or set AWS_REGION", code)
	case code != "":
		if msg == "" {
			msg = code
		}
		return fmt.Errorf("%s failed: %s (%s)%s", op, msg, code, attempts(err))
	case status != 0:
		return fmt.Errorf("%s failed: the server answered HTTP %d%s", op, status, attempts(err))
	}
	return fmt.Errorf("%s failed: %v", op, err)
}
