package macie2io_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/macie2"
	"github.com/aws/aws-sdk-go-v2/service/macie2/types"
	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/awssdk/internal/gen"
	"github.com/jobscope/jobscope/awssdk/macie2io"
	"github.com/jobscope/jobscope/field"
)

// capture is an HTTP client that keeps the request body and answers as
// CreateClassificationJob does.
type capture struct{ body []byte }

func (c *capture) Do(r *http.Request) (*http.Response, error) {
	var err error
	if c.body, err = io.ReadAll(r.Body); err != nil {
		return nil, err
	}
	return &http.Response{
		StatusCode: 200,
		Header:     http.Header{"Content-Type": {"application/json"}},
		Body:       io.NopCloser(strings.NewReader(`{"jobArn":"arn:aws:macie2:us-east-1:111122223333:classification-job/x","jobId":"x"}`)),
		Request:    r,
	}, nil
}

// TestWire checks the conversion against the SDK's own serializer: the
// request the SDK puts on the wire for CreateInput(j), decoded strictly by
// jobscope, is j again. So the adapter and jobscope's JSON agree with what
// the SDK sends Macie. (No network: the HTTP client is a fake.)
func TestWire(t *testing.T) {
	http := &capture{}
	client := macie2.New(macie2.Options{
		Region:      "us-east-1",
		Credentials: aws.AnonymousCredentials{},
		HTTPClient:  http,
	})
	rapid.Check(t, func(t *rapid.T) {
		j := new(jobscope.Job)
		*j = gen.Request.Draw(t, "job")
		// The members the SDK's client-side validation requires.
		if j.Name == "" {
			j.Name = "n"
		}
		if j.JobType == "" {
			j.JobType = jobscope.OneTime
		}
		if j.S3JobDefinition == nil {
			j.S3JobDefinition = &jobscope.S3JobDefinition{}
		}
		for i := range j.S3JobDefinition.BucketDefinitions {
			b := &j.S3JobDefinition.BucketDefinitions[i]
			if b.AccountID == "" {
				b.AccountID = "111122223333"
			}
			if b.Buckets == nil {
				b.Buckets = []string{}
			}
		}
		if _, err := client.CreateClassificationJob(context.Background(), macie2io.CreateInput(j)); err != nil {
			t.Fatalf("the SDK rejects the request: %v", err)
		}
		got, err := jobscope.ParseJob(http.body, jobscope.Limits{})
		if err != nil {
			t.Fatalf("jobscope cannot decode what the SDK sends: %v\n%s", err, http.body)
		}
		if j.ClientToken == "" {
			if got.ClientToken == "" {
				t.Fatalf("the SDK sent no client token: %s", http.body)
			}
			got.ClientToken = "" // the SDK's idempotency token
		}
		if diff := cmp.Diff(j, got); diff != "" {
			t.Fatalf("(-sent +decoded):\n%s\n%s", diff, http.body)
		}
	})
}

func TestValidateCreateInput(t *testing.T) {
	in := &macie2.CreateClassificationJobInput{
		Name:    aws.String("docs"),
		JobType: types.JobTypeOneTime,
		S3JobDefinition: &types.S3JobDefinition{
			BucketDefinitions: []types.S3BucketDefinitionForJob{{AccountId: aws.String("111122223333"), Buckets: []string{"shared-docs"}}},
			Scoping: &types.Scoping{Includes: &types.JobScopingBlock{And: []types.JobScopeTerm{{
				SimpleScopeTerm: &types.SimpleScopeTerm{Comparator: types.JobComparatorContains, Key: types.ScopeFilterKeyObjectExtension, Values: []string{"doc"}},
			}}}},
		},
	}
	err := macie2io.ValidateCreateInput(in, jobscope.Options{})
	var list field.ErrorList
	if !errors.As(err, &list) || len(list) != 1 || list[0].Path != "s3JobDefinition.scoping.includes.and[0].simpleScopeTerm.comparator" {
		t.Fatalf("got %v", err)
	}
	in.S3JobDefinition.Scoping.Includes.And[0].SimpleScopeTerm.Comparator = types.JobComparatorEq
	if err := macie2io.ValidateCreateInput(in, jobscope.Options{}); err != nil {
		t.Errorf("valid request: %v", err)
	}
	if err := macie2io.ValidateCreateInput(nil, jobscope.Options{}); err == nil || !strings.Contains(err.Error(), "name is required") {
		t.Errorf("nil request: %v", err)
	}
}
