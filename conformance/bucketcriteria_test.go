package conformance

import (
	"testing"

	"github.com/jobscope/jobscope/criteria"
)

func init() {
	handlers["bucket-criteria"] = handler{
		fields:  []string{"bucketCriteria", "bucket"},
		options: []string{"excludeJoin", "emptyBlock", "bucketTagEmptyValue"},
		run:     runBucketCriteria,
	}
}

func runBucketCriteria(t *testing.T, c *Case) {
	opts := engineOptions(t, c)
	var want struct {
		Match *bool `json:"match"`
	}
	decodeStrict(t, "expect", c.Expect, &want)
	if want.Match == nil {
		t.Fatal("expect: missing match")
	}
	rawCrit, ok := c.Fields["bucketCriteria"]
	if !ok {
		t.Fatal("missing member bucketCriteria")
	}
	rawBucket, ok := c.Fields["bucket"]
	if !ok {
		t.Fatal("missing member bucket")
	}
	var crit criteria.S3BucketCriteriaForJob
	decodeStrict(t, "bucketCriteria", rawCrit, &crit)
	var b criteria.BucketMetadata
	decodeStrict(t, "bucket", rawBucket, &b)

	m, err := criteria.Compile(&crit, nil, opts.Criteria)
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	got := m.Match(&b)
	ex := m.Explain(&b)
	if got != *want.Match {
		t.Fatalf("match = %v, want %v; %s", got, *want.Match, ex.Decision)
	}
	if ex.Match != got {
		t.Fatalf("Explain says %v, Match says %v", ex.Match, got)
	}
}
