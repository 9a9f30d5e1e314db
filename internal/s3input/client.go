// Package s3input reads jobscope's inputs from Amazon S3 and Amazon Macie
// with the AWS SDK for Go v2: objects named s3://bucket/key (an S3
// Inventory manifest and its data files, list outputs, jobs, bucket
// metadata, tag sidecars), a live listing of a bucket when it has no
// inventory, and Macie's DescribeBuckets. It is the one place the command
// and the awssdk module's tests build AWS clients, so that both read
// credentials, profiles, regions and endpoints as the aws CLI does.
//
// The module's library packages do not import it: a program that reads
// only local files does not link the SDK.
package s3input

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go/logging"
)

// Config is how clients are built: the options the aws CLI spells
// --profile, --region and --endpoint-url. Empty members leave the choice to
// the SDK's standard chain: the environment (AWS_PROFILE, AWS_REGION,
// AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, ...), the shared config and
// credentials files, SSO, and container and instance roles.
type Config struct {
	Profile     string
	Region      string
	EndpointURL string
	// MaxAttempts is how many times a request is tried, the first
	// included, before its error is returned; 0 is DefaultMaxAttempts.
	MaxAttempts int
}

// DefaultMaxAttempts is the default of Config.MaxAttempts: more than the
// SDK's 3, so that a run over thousands of files outlasts a burst of
// SlowDown answers.
const DefaultMaxAttempts = 10

// DefaultRegion is the region of S3 requests when neither Config.Region
// nor the environment and profile give one.
const DefaultRegion = "us-east-1"

// LoadConfig builds the SDK configuration of c: the standard credential
// chain, c's profile, region and endpoint, and the adaptive retry mode
// (the standard retryer, with client-side rate limiting that slows down
// when S3 answers SlowDown or another throttling error) with
// c.MaxAttempts attempts. It does not check the credentials; see
// [Client.Check].
func LoadConfig(ctx context.Context, c Config) (aws.Config, error) {
	attempts := c.MaxAttempts
	if attempts <= 0 {
		attempts = DefaultMaxAttempts
	}
	opts := []func(*config.LoadOptions) error{
		// Problems are returned as errors; the SDK's warnings (IMDSv1
		// fallbacks, checksums skipped) would interleave with the output.
		config.WithLogger(logging.Nop{}),
		config.WithRetryer(func() aws.Retryer {
			return retry.NewAdaptiveMode(func(o *retry.AdaptiveModeOptions) {
				o.StandardOptions = append(o.StandardOptions, func(so *retry.StandardOptions) {
					so.MaxAttempts = attempts
					so.MaxBackoff = 5 * time.Second
					// The retry quota would end a long run after a
					// burst of errors; the adaptive rate limit paces it.
					so.RateLimiter = ratelimit.None
				})
			})
		}),
	}
	if c.Profile != "" {
		opts = append(opts, config.WithSharedConfigProfile(c.Profile))
	}
	if c.Region != "" {
		opts = append(opts, config.WithRegion(c.Region))
	}
	if c.EndpointURL != "" {
		opts = append(opts, config.WithBaseEndpoint(c.EndpointURL))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		var noProfile config.SharedConfigProfileNotExistError
		if errors.As(err, &noProfile) {
			return cfg, fmt.Errorf("the AWS profile %q is not in the AWS config files: give --profile a profile that `aws configure --profile NAME` wrote, or set AWS_PROFILE", noProfile.Profile)
		}
		return cfg, fmt.Errorf("reading the AWS configuration: %v", err)
	}
	return cfg, nil
}

// Client reads from S3 and Macie with one configuration, and counts the
// requests it makes.
type Client struct {
	cfg   aws.Config
	s3    *s3.Client
	stats *Stats

	checkOnce sync.Once
	checkErr  error
}

// New builds a Client from c. Its requests are counted in its Stats. With
// an endpoint (c.EndpointURL, or AWS_ENDPOINT_URL), S3 requests use
// path-style addressing, as S3-compatible servers expect.
func New(ctx context.Context, c Config) (*Client, error) {
	cfg, err := LoadConfig(ctx, c)
	if err != nil {
		return nil, err
	}
	stats := newStats()
	cfg.APIOptions = append(cfg.APIOptions, stats.middleware)
	cl := &Client{cfg: cfg, stats: stats}
	cl.s3 = s3.NewFromConfig(cfg, func(o *s3.Options) {
		if o.Region == "" {
			o.Region = DefaultRegion
		}
		if cfg.BaseEndpoint != nil {
			o.UsePathStyle = true
		}
		// Data files are compared with the manifest's MD5 checksums;
		// checksums S3 may send of whole objects do not cover ranges.
		o.ResponseChecksumValidation = aws.ResponseChecksumValidationWhenRequired
	})
	return cl, nil
}

// Stats are the counts of the client's requests.
func (c *Client) Stats() *Stats { return c.stats }

// Check fails when the client has no credentials, with one line that
// says what to set. It asks the credential chain once.
func (c *Client) Check(ctx context.Context) error {
	c.checkOnce.Do(func() {
		if c.cfg.Credentials == nil {
			c.checkErr = errNoCredentials
			return
		}
		if _, err := c.cfg.Credentials.Retrieve(ctx); err != nil {
			c.checkErr = errNoCredentials
		}
	})
	return c.checkErr
}

var errNoCredentials = errors.New("no AWS credentials found: set AWS_PROFILE or give --profile (a profile `aws configure` wrote), or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")

// parseURI splits s3://bucket/key into the bucket and the key.
func parseURI(uri string) (bucket, key string, err error) {
	rest, ok := strings.CutPrefix(uri, "s3://")
	if !ok {
		return "", "", fmt.Errorf("%s is not an s3:// URI: give s3://BUCKET/KEY", uri)
	}
	bucket, key, _ = strings.Cut(rest, "/")
	if bucket == "" {
		return "", "", fmt.Errorf("%s names no bucket: give s3://BUCKET/KEY", uri)
	}
	return bucket, key, nil
}

// IsURI reports whether name is an s3:// URI.
func IsURI(name string) bool { return strings.HasPrefix(name, "s3://") }
