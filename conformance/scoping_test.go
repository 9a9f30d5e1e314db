package conformance

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/jobscope/jobscope/criteria"
	"github.com/jobscope/jobscope/scope"
)

// This file runs the groups of section 5 of testdata/README.md:
// object-scoping, bucket-criteria and eligibility.

func runObjectScoping(t *testing.T, c *Case) {
	var want struct {
		InScope            *bool           `json:"inScope"`
		EvaluatedVersionID json.RawMessage `json:"evaluatedVersionId"`
	}
	decodeStrict(t, "expect", c.Expect, &want)
	if want.InScope == nil {
		t.Fatal("expect: missing inScope")
	}

	var sc *scope.Scoping
	raw, ok := c.Fields["scoping"]
	if !ok {
		t.Fatal("missing member scoping")
	}
	if !bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		sc = new(scope.Scoping)
		decodeStrict(t, "scoping", raw, sc)
	}
	m, err := scope.Compile(sc, c.Engine.Scope)
	if err != nil {
		t.Fatalf("compile: %v", err)
	}

	objRaw, hasObject := c.Fields["object"]
	versRaw, hasVersions := c.Fields["versions"]
	if hasObject == hasVersions {
		t.Fatal("want exactly one of object and versions")
	}
	var obj *scope.Object
	if hasObject {
		if want.EvaluatedVersionID != nil {
			t.Fatal("expect: evaluatedVersionId is only for versions cases")
		}
		obj = new(scope.Object)
		if err := json.Unmarshal(objRaw, obj); err != nil {
			t.Fatalf("object: %v", err)
		}
	} else {
		if want.EvaluatedVersionID == nil {
			t.Fatal("expect: versions cases need evaluatedVersionId")
		}
		var wantVersion *string
		if err := json.Unmarshal(want.EvaluatedVersionID, &wantVersion); err != nil {
			t.Fatalf("expect: evaluatedVersionId: %v", err)
		}
		var versions []scope.Object
		if err := json.Unmarshal(versRaw, &versions); err != nil {
			t.Fatalf("versions: %v", err)
		}
		obj = scope.CurrentVersion(versions)
		switch {
		case obj == nil && wantVersion != nil:
			t.Fatalf("evaluated no version, want %q", *wantVersion)
		case obj != nil && wantVersion == nil:
			t.Fatalf("evaluated version %q, want none", obj.VersionID)
		case obj != nil && obj.VersionID != *wantVersion:
			t.Fatalf("evaluated version %q, want %q", obj.VersionID, *wantVersion)
		}
	}

	got := obj != nil && m.Match(obj)
	if got != *want.InScope {
		ex := m.Explain(obj)
		t.Fatalf("inScope = %v, want %v; %s", got, *want.InScope, ex.Decision)
	}
	if obj != nil {
		if ex := m.Explain(obj); ex.Match != got {
			t.Fatalf("Explain says %v, Match says %v", ex.Match, got)
		}
	}
}

func runBucketCriteria(t *testing.T, c *Case) {
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

	m, err := criteria.Compile(&crit, nil, c.Engine.Criteria)
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

func runEligibility(t *testing.T, c *Case) {
	objRaw, hasObject := c.Fields["object"]
	sampRaw, hasSampling := c.Fields["sampling"]
	if hasObject == hasSampling {
		t.Fatal("want exactly one of object and sampling")
	}
	if hasObject {
		var want struct {
			Analyzable *bool           `json:"analyzable"`
			Reason     json.RawMessage `json:"reason"`
		}
		decodeStrict(t, "expect", c.Expect, &want)
		if want.Analyzable == nil || want.Reason == nil {
			t.Fatal("expect: want analyzable and reason")
		}
		var reason *string
		if err := json.Unmarshal(want.Reason, &reason); err != nil {
			t.Fatalf("expect: reason: %v", err)
		}
		wantReason := ""
		if reason != nil {
			wantReason = *reason
		}
		var obj scope.Object
		if err := json.Unmarshal(objRaw, &obj); err != nil {
			t.Fatalf("object: %v", err)
		}
		got := scope.NewEligibility(c.Engine.Eligibility).Check(&obj)
		if (got == "") != *want.Analyzable || string(got) != wantReason {
			t.Fatalf("reason %q (analyzable %v), want %q (analyzable %v)", got, got == "", wantReason, *want.Analyzable)
		}
		return
	}

	var s struct {
		SamplingPercentage *int   `json:"samplingPercentage"`
		EligibleObjects    *int   `json:"eligibleObjects"`
		Seed               *int64 `json:"seed"`
	}
	decodeStrict(t, "sampling", sampRaw, &s)
	var want struct {
		AnalyzedMin *int `json:"analyzedMin"`
		AnalyzedMax *int `json:"analyzedMax"`
	}
	decodeStrict(t, "expect", c.Expect, &want)
	if s.EligibleObjects == nil || s.Seed == nil || want.AnalyzedMin == nil || want.AnalyzedMax == nil {
		t.Fatal("sampling needs eligibleObjects and seed; expect needs analyzedMin and analyzedMax")
	}
	pct := 100
	if s.SamplingPercentage != nil {
		pct = *s.SamplingPercentage
	}
	sampler := scope.NewSampler(pct, uint64(*s.Seed))
	seen := map[string]bool{}
	analyzed := 0
	for i := 0; i < *s.EligibleObjects; i++ {
		key := fmt.Sprintf("sample/%06d.txt", i)
		if sampler.Selects(&scope.Object{Bucket: "example-bucket", Key: key}) {
			if seen[key] {
				t.Fatalf("%s selected twice", key)
			}
			seen[key] = true
			analyzed++
		}
	}
	if analyzed < *want.AnalyzedMin || analyzed > *want.AnalyzedMax {
		t.Fatalf("analyzed %d of %d at %d%%, want %d..%d", analyzed, *s.EligibleObjects, pct, *want.AnalyzedMin, *want.AnalyzedMax)
	}
}
