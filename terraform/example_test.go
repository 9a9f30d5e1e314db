package terraform_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/terraform"
)

// Validate every classification job of a plan, one at a time.
func ExampleResources() {
	f, err := os.Open("../examples/terraform/plan.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	for r, err := range terraform.Resources(f, terraform.Options{}) {
		if err != nil { // not a plan, or beyond Options.MaxPlanBytes
			fmt.Println(err)
			return
		}
		if err := r.Validate(jobscope.Options{}); err != nil {
			fmt.Printf("%s: invalid\n", r.Address)
			continue
		}
		fmt.Printf("%s: valid\n", r.Address)
		for _, u := range r.Unknown {
			fmt.Printf("  %s\n", u)
		}
	}
	// Output:
	// aws_macie2_classification_job.weekly: valid
	// module.scan.aws_macie2_classification_job.archive["eu-west-1"]: invalid
	// module.scan.aws_macie2_classification_job.pii[0]: valid
	//   s3JobDefinition.bucketDefinitions[0].buckets[1] (s3_job_definition[0].bucket_definitions[0].buckets[1]) is known only after apply
}

// A job beyond a limit of Options.Limits is reported by its Validate, like
// any other problem, at the request member and its attribute.
func ExampleOptions() {
	plan := []byte(`{"format_version": "1.2", "planned_values": {"root_module": {"resources": [{
	  "address": "aws_macie2_classification_job.pii", "mode": "managed",
	  "type": "aws_macie2_classification_job", "name": "pii",
	  "values": {"name": "pii", "job_type": "ONE_TIME", "s3_job_definition": [{
	    "bucket_definitions": [{"account_id": "111122223333", "buckets": ["exports"]}],
	    "scoping": [{"excludes": [{"and": [{"simple_scope_term": [{
	      "comparator": "EQ", "key": "OBJECT_EXTENSION", "values": ["log", "tmp", "bak"]}]}]}]}]}]}}]}}}`)
	opts := terraform.Options{
		Limits:       jobscope.Limits{MaxValuesPerTerm: 2},
		MaxPlanBytes: 64 << 20,
	}
	r, err := terraform.Find(terraform.Resources(bytes.NewReader(plan), opts), "")
	if err != nil {
		fmt.Println(err)
		return
	}
	var problems field.ErrorList
	if errors.As(r.Validate(jobscope.Options{}), &problems) {
		for _, p := range problems {
			fmt.Printf("%s: %s (%s): %s\n", r.Address, p.Path, r.Attribute(p.Path), p.Message)
		}
	}
	// Output:
	// aws_macie2_classification_job.pii: s3JobDefinition.scoping.excludes.and[0].simpleScopeTerm.values (s3_job_definition[0].scoping[0].excludes[0].and[0].simple_scope_term[0].values): 3 values; the limit is 2 values per condition (Limits.MaxValuesPerTerm)
}
