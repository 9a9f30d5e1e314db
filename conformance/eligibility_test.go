package conformance

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/jobscope/jobscope/scope"
)

func init() {
	handlers["eligibility"] = handler{
		fields:  []string{"object", "sampling"},
		options: []string{"quotaMegabyte", "extraTextExtensions", "kmsKeysAccessible"},
		run:     runEligibility,
	}
}

func runEligibility(t *testing.T, c *Case) {
	opts := engineOptions(t, c)
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
		got := scope.NewEligibility(opts.Eligibility).Check(&obj)
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
