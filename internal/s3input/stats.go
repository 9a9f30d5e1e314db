package s3input

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go/middleware"
	"github.com/dustin/go-humanize"
)

// Request prices in USD per request of S3 Standard in US East (N.
// Virginia), from https://aws.amazon.com/s3/pricing/ ("Requests & data
// retrievals"): PUT, COPY, POST and LIST requests $0.005 per 1,000; GET,
// SELECT and all other requests $0.0004 per 1,000.
const (
	listPrice = 0.005 / 1000
	getPrice  = 0.0004 / 1000
)

// prices are the price of one request of each S3 operation the package
// makes.
var prices = map[string]float64{
	"ListObjectsV2": listPrice, "ListObjectVersions": listPrice,
	"GetObject": getPrice, "HeadObject": getPrice, "GetObjectTagging": getPrice,
}

// Stats counts a client's requests by operation: the calls, and the HTTP
// requests they took, retries included. It is safe for concurrent use.
type Stats struct {
	mu        sync.Mutex
	calls     map[string]int64
	attempts  map[string]int64
	throttled int64
}

func newStats() *Stats {
	return &Stats{calls: map[string]int64{}, attempts: map[string]int64{}}
}

// expect makes op part of the report even when it is never called.
func (s *Stats) expect(op string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.attempts[op]; !ok {
		s.attempts[op] = 0
		s.calls[op] = 0
	}
}

// middleware counts the calls of each operation, and each attempt after
// the SDK's retry step.
func (s *Stats) middleware(stack *middleware.Stack) error {
	call := middleware.InitializeMiddlewareFunc("jobscopeCountCalls", func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
		s.mu.Lock()
		s.calls[awsmiddleware.GetOperationName(ctx)]++
		s.mu.Unlock()
		return next.HandleInitialize(ctx, in)
	})
	attempt := middleware.FinalizeMiddlewareFunc("jobscopeCountAttempts", func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
		out, md, err := next.HandleFinalize(ctx, in)
		var re *awshttp.ResponseError
		throttled := errors.As(err, &re) && (re.HTTPStatusCode() == 503 || re.HTTPStatusCode() == 429)
		s.mu.Lock()
		s.attempts[awsmiddleware.GetOperationName(ctx)]++
		if throttled {
			s.throttled++
		}
		s.mu.Unlock()
		return out, md, err
	})
	if err := stack.Initialize.Add(call, middleware.After); err != nil {
		return err
	}
	if err := stack.Finalize.Insert(attempt, "Retry", middleware.After); err != nil {
		return stack.Finalize.Add(attempt, middleware.After)
	}
	return nil
}

// Requests returns the HTTP requests made of op, retries included.
func (s *Stats) Requests(op string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.attempts[op]
}

// Operation is the requests of one operation.
type Operation struct {
	Name     string  // the operation, as the API names it: ListObjectsV2
	Calls    int64   // the calls made
	Requests int64   // the HTTP requests they took, retries included
	CostUSD  float64 // the requests' cost at S3 Standard's prices in US East (N. Virginia); 0 for other services
}

// Operations returns the requests of each operation made or expected, by
// name.
func (s *Stats) Operations() []Operation {
	s.mu.Lock()
	defer s.mu.Unlock()
	ops := make([]Operation, 0, len(s.attempts))
	for op, n := range s.attempts {
		ops = append(ops, Operation{Name: op, Calls: s.calls[op], Requests: n, CostUSD: float64(n) * prices[op]})
	}
	slices.SortFunc(ops, func(a, b Operation) int { return strings.Compare(a.Name, b.Name) })
	return ops
}

// Throttled returns the number of answers that asked to slow down: a 503
// (S3's SlowDown), or a 429.
func (s *Stats) Throttled() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.throttled
}

// Used reports whether a request was made or expected.
func (s *Stats) Used() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.attempts) > 0
}

// String is the report of the requests, for people: each operation's
// requests, the retries and the answers that asked to slow down, and the
// requests' cost at S3 Standard's request prices in US East (N. Virginia).
func (s *Stats) String() string {
	var parts []string
	var retries int64
	cost := 0.0
	for _, op := range s.Operations() {
		parts = append(parts, humanize.Comma(op.Requests)+" "+op.Name)
		retries += op.Requests - op.Calls
		cost += op.CostUSD
	}
	retried := fmt.Sprintf("%s %s", humanize.Comma(retries), plural(retries, "retry", "retries"))
	if n := s.Throttled(); n > 0 {
		retried += fmt.Sprintf(" (%s %s SlowDown or 503)", humanize.Comma(n), plural(n, "answer was", "answers were"))
	}
	return fmt.Sprintf("AWS requests: %s; %s; S3 request cost $%s at S3 Standard prices in US East (N. Virginia): $0.005 per 1,000 LIST, $0.0004 per 1,000 GET and other requests",
		strings.Join(parts, ", "), retried, strconv.FormatFloat(RoundCost(cost), 'f', -1, 64))
}

// RoundCost is a cost of requests in USD rounded to a ten-millionth of a
// dollar, as the reports give it: below that, the sum of float prices
// carries noise.
func RoundCost(usd float64) float64 { return math.Round(usd*1e7) / 1e7 }

func plural(n int64, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
