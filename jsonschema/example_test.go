package jsonschema_test

import (
	"bytes"
	"encoding/json"
	"fmt"

	sjs "github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/jobscope/jobscope/jsonschema"
)

// The schema checks a job file without Go: here with a JSON Schema
// validator of another author, as an editor or a CI step would.
func ExampleMarshal() {
	doc, err := sjs.UnmarshalJSON(bytes.NewReader(jsonschema.Marshal()))
	if err != nil {
		panic(err)
	}
	c := sjs.NewCompiler()
	if err := c.AddResource("create-classification-job.json", doc); err != nil {
		panic(err)
	}
	schema, err := c.Compile("create-classification-job.json")
	if err != nil {
		panic(err)
	}
	for _, job := range []string{
		`{"name": "pii", "jobType": "ONE_TIME", "s3JobDefinition": {"bucketDefinitions": [{"accountId": "111122223333", "buckets": ["logs"]}]}}`,
		`{"name": "pii", "jobType": "WEEKLY", "s3JobDefinition": {"bucketDefinitions": [{"accountId": "111122223333", "buckets": ["logs"]}]}}`,
	} {
		var v any
		if err := json.Unmarshal([]byte(job), &v); err != nil {
			panic(err)
		}
		fmt.Println(schema.Validate(v) == nil)
	}
	// Output:
	// true
	// false
}

// The schema is a plain map, so a caller can read or extend it.
func ExampleCreateClassificationJob() {
	s := jsonschema.CreateClassificationJob()
	fmt.Println(s["$schema"])
	// Output:
	// https://json-schema.org/draft/2020-12/schema
}
