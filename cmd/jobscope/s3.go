package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/spf13/pflag"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/internal/s3input"
	"github.com/jobscope/jobscope/inventory"
	"github.com/jobscope/jobscope/scope"
)

// s3Flags are the flags of the inputs read from AWS: s3:// URIs, and
// --buckets aws. They matter only when an input is one of those.
type s3Flags struct {
	profile, region, endpointURL string
	maxRequests                  int
	versions                     bool
	// tags says a live listing asks for each object's tags: the job has
	// tag conditions.
	tags bool

	client *s3input.Client
	err    error
}

// register adds the flags to fs.
func (f *s3Flags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.profile, "profile", "", "AWS `PROFILE` of the shared config files for s3:// inputs and --buckets aws (default: AWS_PROFILE, else the default profile)")
	fs.StringVar(&f.region, "region", "", "AWS `REGION` of s3:// inputs and --buckets aws (default: AWS_REGION or the profile's; us-east-1 for S3 when none)")
	fs.StringVar(&f.endpointURL, "endpoint-url", "", "`URL` of an S3-compatible server (path-style addressing) or of another endpoint for s3:// inputs and --buckets aws (default: AWS_ENDPOINT_URL)")
	fs.IntVar(&f.maxRequests, "max-requests", s3input.DefaultMaxRequests, "GetObjectTagging requests in flight at once while listing a bucket live")
	fs.BoolVar(&f.versions, "versions", false, "list every object version and delete marker (ListObjectVersions) when listing a bucket live")
}

// check reports a --max-requests out of its range, or "".
func (f *s3Flags) check() string {
	if f.maxRequests < 1 {
		return "--max-requests must be 1 or more"
	}
	return ""
}

// get returns the client of the flags, built once.
func (f *s3Flags) get() (*s3input.Client, error) {
	if f.client == nil && f.err == nil {
		ctx := context.Background()
		f.client, f.err = s3input.New(ctx, s3input.Config{Profile: f.profile, Region: f.region, EndpointURL: f.endpointURL})
		if f.err == nil {
			f.err = f.client.Check(ctx)
		}
	}
	return f.client, f.err
}

// openObjects opens the objects input name, an s3:// URI.
func (f *s3Flags) openObjects(name string, opts inventory.Options) (*inventory.Source, error) {
	c, err := f.get()
	if err != nil {
		return nil, &scopeIOError{err}
	}
	return c.OpenObjects(context.Background(), name, opts,
		s3input.ListOptions{Versions: f.versions, Tags: f.tags, MaxRequests: f.maxRequests})
}

// describeBuckets returns the describe-buckets output of Macie.
func (f *s3Flags) describeBuckets() ([]byte, error) {
	c, err := f.get()
	if err != nil {
		return nil, &scopeIOError{err}
	}
	data, err := c.DescribeBuckets(context.Background())
	if err != nil {
		return nil, &scopeIOError{err}
	}
	return data, nil
}

// awsRequests is the AWS requests of a command, as its JSON contract.
type awsRequests struct {
	_          struct{}       `desc:"The AWS requests a command made: each operation's, the retries among them, and the S3 requests' cost."`
	Operations []awsOperation `json:"operations" desc:"Each operation called, or that a live listing could have called (GetObjectTagging, 0 for a job without tag conditions), by name."`
	Retries    int64          `json:"retries" min:"0" desc:"The requests that repeated a failed one: requests less calls, over every operation."`
	Throttled  int64          `json:"throttled" min:"0" desc:"The answers that asked to slow down (a 503, S3's SlowDown, or a 429), each retried."`
	Cost       money          `json:"s3RequestCost" desc:"What the S3 requests cost at S3 Standard's request prices in US East (N. Virginia): $0.005 per 1,000 LIST requests, $0.0004 per 1,000 GET and other requests; exact to a ten-millionth of a dollar."`
}

type awsOperation struct {
	_         struct{} `desc:"The requests of one operation."`
	Operation string   `json:"operation" desc:"As the API names it: ListObjectsV2, GetObject, GetObjectTagging, DescribeBuckets."`
	Calls     int64    `json:"calls" min:"0" desc:"The calls made."`
	Requests  int64    `json:"requests" min:"0" desc:"The HTTP requests they took, retries included."`
}

// jsonReport is the AWS requests made, as the JSON outputs carry them;
// nil when none was made or expected.
func (f *s3Flags) jsonReport() *awsRequests {
	if f.client == nil || !f.client.Stats().Used() {
		return nil
	}
	st := f.client.Stats()
	r := &awsRequests{Operations: []awsOperation{}, Throttled: st.Throttled()}
	cost := 0.0
	for _, op := range st.Operations() {
		r.Operations = append(r.Operations, awsOperation{Operation: op.Name, Calls: op.Calls, Requests: op.Requests})
		r.Retries += op.Requests - op.Calls
		cost += op.CostUSD
	}
	r.Cost = price(s3input.RoundCost(cost))
	return r
}

// report writes on stderr the AWS requests made, when there were any.
func (f *s3Flags) report(stderr io.Writer, cmd string) {
	if f.client != nil && f.client.Stats().Used() {
		fmt.Fprintf(stderr, "jobscope %s: %s\n", cmd, f.client.Stats())
	}
}

// s3Stdin is standard input of a command that reads s3:// URIs as well:
// openInput reads them with its flags' client.
type s3Stdin struct {
	io.Reader
	f *s3Flags
}

// stdin returns standard input r of a command that reads s3:// URIs with
// f's client.
func (f *s3Flags) stdin(r io.Reader) io.Reader { return &s3Stdin{r, f} }

// openS3 opens the input name, an s3:// URI, when stdin is the standard
// input of a command that reads them; an error is a scopeIOError.
func openS3(stdin io.Reader, name string) (io.Reader, func(), error) {
	s, ok := stdin.(*s3Stdin)
	if !ok {
		return nil, nil, &scopeIOError{errors.New(name + " is in S3, which this command does not read: copy it here first (aws s3 cp " + name + " .)")}
	}
	c, err := s.f.get()
	if err != nil {
		return nil, nil, &scopeIOError{err}
	}
	rc, _, err := c.Open(context.Background(), name)
	if err != nil {
		return nil, nil, &scopeIOError{err}
	}
	return rc, func() { rc.Close() }, nil
}

// hasTagConditions reports whether the job's object scoping has a tag
// condition, for which a live listing asks for the objects' tags.
func hasTagConditions(j *jobscope.Job, opts jobscope.Options) bool {
	if j.S3JobDefinition == nil || j.S3JobDefinition.Scoping == nil {
		return false
	}
	m, err := scope.Compile(j.S3JobDefinition.Scoping, opts.Scope)
	if err != nil {
		return true
	}
	p := m.Program()
	return slices.ContainsFunc(slices.Concat(p.Includes, p.Excludes), func(c scope.Condition) bool {
		return c.Kind == scope.TagScopeTermKind
	})
}
