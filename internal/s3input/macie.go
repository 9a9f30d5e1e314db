package s3input

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/aws/aws-sdk-go-v2/service/macie2"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// DescribeBuckets calls Macie's DescribeBuckets in the account and region
// of the client's credentials, every page, and returns what `aws macie2
// describe-buckets` prints: {"buckets": [...]} with the buckets as Macie
// sends them, member for member, for the readers of describe-buckets
// output. Macie answers only in a region where it is enabled.
func (c *Client) DescribeBuckets(ctx context.Context) ([]byte, error) {
	const where = "Macie DescribeBuckets"
	if err := c.Check(ctx); err != nil {
		return nil, err
	}
	if c.cfg.Region == "" {
		return nil, errors.New("no AWS region for Macie's DescribeBuckets: give --region, or set AWS_REGION (Macie answers in each region where it is enabled)")
	}
	var pages [][]byte
	capture := func(stack *middleware.Stack) error {
		return stack.Deserialize.Add(middleware.DeserializeMiddlewareFunc("jobscopeRawBuckets",
			func(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (middleware.DeserializeOutput, middleware.Metadata, error) {
				out, md, err := next.HandleDeserialize(ctx, in)
				if err != nil {
					return out, md, err
				}
				if resp, ok := out.RawResponse.(*smithyhttp.Response); ok && resp.StatusCode == 200 {
					body, rerr := io.ReadAll(resp.Body)
					resp.Body.Close()
					if rerr != nil {
						return out, md, rerr
					}
					pages = append(pages, body)
					resp.Body = io.NopCloser(bytes.NewReader(body))
				}
				return out, md, err
			}), middleware.After)
	}
	client := macie2.NewFromConfig(c.cfg)
	var token *string
	for {

		out, err := client.DescribeBuckets(ctx, &macie2.DescribeBucketsInput{NextToken: token}, func(o *macie2.Options) {
			o.APIOptions = append(o.APIOptions, capture)
		})
		if err != nil {
			return nil, describe(where, "DescribeBuckets", err)
		}
		if out.NextToken == nil || *out.NextToken == "" {
			break
		}
		token = out.NextToken
	}
	var buckets []json.RawMessage
	for i, p := range pages {
		var page struct {
			Buckets []json.RawMessage `json:"buckets"`
		}
		if err := json.Unmarshal(p, &page); err != nil {
			return nil, fmt.Errorf("%s: page %d of the answer is not describe-buckets output: %v", where, i+1, err)
		}
		buckets = append(buckets, page.Buckets...)
	}
	if buckets == nil {
		buckets = []json.RawMessage{}
	}
	return json.Marshal(map[string]any{"buckets": buckets})
}
