package jsonschema_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	sjs "github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/jsonschema"
)

// The independent validator is github.com/santhosh-tekuri/jsonschema/v6, a
// test-only dependency: it implements draft 2020-12 in full and passes the
// official JSON-Schema-Test-Suite, so it checks the generated schema
// against the draft's metaschema and evaluates it without sharing any code
// or assumption with the generator.

var update = flag.Bool("update", false, "rewrite the committed schema file")

const committed = "../schema/create-classification-job.schema.json"

// TestCommittedSchemaIsCurrent regenerates the schema and compares it with
// the committed file. Run go test ./jsonschema -update to rewrite the file.
func TestCommittedSchemaIsCurrent(t *testing.T) {
	got := jsonschema.Marshal()
	if *update {
		if err := os.MkdirAll(filepath.Dir(committed), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(committed, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(committed)
	if err != nil {
		t.Fatalf("%v (run go test ./jsonschema -update)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s is stale; run go test ./jsonschema -update (-committed +generated):\n%s", committed, diff)
	}
}

// compile compiles the committed schema with the independent validator,
// which first checks it against the draft 2020-12 metaschema.
func compile(t testing.TB) *sjs.Schema {
	t.Helper()
	data, err := os.ReadFile(committed)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := sjs.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	c := sjs.NewCompiler()
	if err := c.AddResource(jsonschema.ID, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(jsonschema.ID)
	if err != nil {
		t.Fatalf("the schema does not compile: %v", err)
	}
	return s
}

// validate reports whether the schema accepts data; a document that is not
// JSON is rejected.
func validate(s *sjs.Schema, data []byte) error {
	inst, err := sjs.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return err
	}
	return s.Validate(inst)
}

func TestSchemaDeclaresDraftAndID(t *testing.T) {
	var s map[string]any
	if err := json.Unmarshal(jsonschema.Marshal(), &s); err != nil {
		t.Fatal(err)
	}
	if s["$schema"] != jsonschema.Draft || s["$id"] != jsonschema.ID {
		t.Errorf("$schema %v, $id %v", s["$schema"], s["$id"])
	}
	props := s["properties"].(map[string]any)
	for _, m := range []string{"name", "jobType", "s3JobDefinition", "scheduleFrequency", "tags", "clientToken"} {
		if props[m] == nil {
			t.Errorf("no property %s", m)
		}
	}
	for _, m := range []string{"jobId", "jobStatus", "createdAt", "statistics"} {
		if props[m] != nil {
			t.Errorf("read-only member %s is in the request schema", m)
		}
	}
}

// TestExamples: the schema accepts every valid example request and rejects
// every invalid one. examples/describe-output.json is DescribeClassificationJob
// output, not a request: the schema rejects its read-only members.
func TestExamples(t *testing.T) {
	s := compile(t)
	valid, _ := filepath.Glob("../examples/*.json")
	valid = append(valid, "../examples/demo/job.json")
	invalid, _ := filepath.Glob("../examples/invalid/*.json")
	if len(valid) < 4 || len(invalid) < 4 {
		t.Fatalf("found %d valid and %d invalid examples", len(valid), len(invalid))
	}
	for _, f := range valid {
		t.Run(f, func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			err = validate(s, data)
			if filepath.Base(f) == "describe-output.json" {
				if err == nil || !strings.Contains(err.Error(), "jobArn") {
					t.Errorf("want DescribeClassificationJob output rejected for its read-only members, got %v", err)
				}
				return
			}
			if err != nil {
				t.Errorf("schema rejects a valid example: %v", err)
			}
		})
	}
	for _, f := range invalid {
		t.Run(f, func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if !json.Valid(data) {
				t.Logf("not JSON: rejected before the schema applies")
			}
			if err := validate(s, data); err == nil {
				t.Errorf("schema accepts an invalid example")
			} else {
				t.Logf("%v", err)
			}
		})
	}
}

// TestRules checks rules one at a time against documents jobscope rejects
// for that reason alone, and their valid neighbours.
func TestRules(t *testing.T) {
	s := compile(t)
	const base = `"name":"n","jobType":"ONE_TIME","s3JobDefinition":{"bucketDefinitions":[{"accountId":"1","buckets":["b"]}]}`
	scoped := func(term string) string {
		return `{"name":"n","jobType":"ONE_TIME","s3JobDefinition":{"bucketCriteria":{},"scoping":{"includes":{"and":[` + term + `]}}}}`
	}
	for _, tc := range []struct {
		doc   string
		valid bool
	}{
		{`{` + base + `}`, true},
		{`{` + base + `,"initialRun":false}`, true}, // accepted and ignored (a warning)
		{`{` + base + `,"scheduleFrequency":{"dailySchedule":{}}}`, true},
		{`{"name":"n","jobType":"SCHEDULED","s3JobDefinition":{"bucketCriteria":{}}}`, false},
		{`{"name":"n","jobType":"SCHEDULED","initialRun":false,"scheduleFrequency":{"dailySchedule":{}},"s3JobDefinition":{"bucketCriteria":{}}}`, true},
		{`{"name":"n","jobType":"SCHEDULED","scheduleFrequency":{},"s3JobDefinition":{"bucketCriteria":{}}}`, false},
		{`{"name":"n","jobType":"SCHEDULED","scheduleFrequency":{"monthlySchedule":{"dayOfMonth":31}},"s3JobDefinition":{"bucketCriteria":{}}}`, true},
		{`{"name":"n","jobType":"SCHEDULED","scheduleFrequency":{"monthlySchedule":{"dayOfMonth":0}},"s3JobDefinition":{"bucketCriteria":{}}}`, false},
		{`{"name":"` + strings.Repeat("é", 500) + `","jobType":"ONE_TIME","s3JobDefinition":{"bucketCriteria":{}}}`, true},
		{`{"name":"` + strings.Repeat("é", 501) + `","jobType":"ONE_TIME","s3JobDefinition":{"bucketCriteria":{}}}`, false},
		{`{"name":"","jobType":"ONE_TIME","s3JobDefinition":{"bucketCriteria":{}}}`, false},
		{`{"name":"n","jobType":"ONE_TIME","s3JobDefinition":{"bucketCriteria":{},"bucketDefinitions":[]}}`, true},
		{`{"name":"n","jobType":"ONE_TIME","s3JobDefinition":{"bucketDefinitions":[]}}`, false},
		{`{"name":"n","jobType":"ONE_TIME","s3JobDefinition":{"scoping":{}}}`, false},
		{`{` + base + `,"managedDataIdentifierIds":["x"]}`, false},
		{`{` + base + `,"managedDataIdentifierSelector":"INCLUDE"}`, false},
		{`{` + base + `,"managedDataIdentifierSelector":"INCLUDE","managedDataIdentifierIds":["x"]}`, true},
		{`{` + base + `,"managedDataIdentifierSelector":"ALL","managedDataIdentifierIds":[]}`, true},
		{`{` + base + `,"managedDataIdentifierSelector":"NONE"}`, false},
		{`{` + base + `,"managedDataIdentifierSelector":"NONE","customDataIdentifierIds":["c"]}`, true},
		{`{` + base + `,"samplingPercentage":0}`, false},
		{`{` + base + `,"samplingPercentage":100}`, true},
		{`{` + base + `,"tags":{"":"v"}}`, false},
		{`{` + base + `,"tags":{"k":""}}`, true},
		{`{` + base + `,"clientToken":"t","description":""}`, true},
		{scoped(`{"simpleScopeTerm":{"comparator":"STARTS_WITH","key":"OBJECT_KEY","values":["a/","b/"]}}`), true},
		{scoped(`{"simpleScopeTerm":{"comparator":"EQ","key":"OBJECT_KEY","values":["a/"]}}`), false},
		{scoped(`{"simpleScopeTerm":{"comparator":"GT","key":"OBJECT_SIZE","values":["10"]}}`), true},
		{scoped(`{"simpleScopeTerm":{"comparator":"GT","key":"OBJECT_SIZE","values":["10","20"]}}`), false},
		{scoped(`{"simpleScopeTerm":{"comparator":"GT","key":"OBJECT_SIZE","values":["-1"]}}`), false},
		{scoped(`{"simpleScopeTerm":{"comparator":"LT","key":"OBJECT_LAST_MODIFIED_DATE","values":["2023-09-24T14:31:13.5+02:00"]}}`), true},
		{scoped(`{"simpleScopeTerm":{"comparator":"LT","key":"OBJECT_LAST_MODIFIED_DATE","values":["2023-09-24"]}}`), false},
		{scoped(`{"simpleScopeTerm":{"comparator":"EQ","key":"TAG","values":["x"]}}`), false},
		{scoped(`{"simpleScopeTerm":{"comparator":"EQ","key":"OBJECT_EXTENSION","values":[""]}}`), false},
		{scoped(`{"tagScopeTerm":{"comparator":"EQ","key":"TAG","target":"S3_OBJECT","tagValues":[{"key":"k","value":""}]}}`), true},
		{scoped(`{"tagScopeTerm":{"comparator":"EQ","key":"TAG","tagValues":[{"key":"k"}]}}`), false},
		{scoped(`{"tagScopeTerm":{"comparator":"EQ","key":"TAG","target":"S3_OBJECT","tagValues":[{"value":"v"}]}}`), false},
		{scoped(`{}`), false},
		{`{"name":"n","jobType":"ONE_TIME","s3JobDefinition":{"bucketCriteria":{"excludes":{"and":[{"tagCriterion":{"comparator":"NE","tagValues":[{"value":"v"}]}}]}}}}`, true},
		{`{"name":"n","jobType":"ONE_TIME","s3JobDefinition":{"bucketCriteria":{"excludes":{"and":[{"tagCriterion":{"comparator":"NE","tagValues":[{"key":""}]}}]}}}}`, false},
		{`{"name":"n","jobType":"ONE_TIME","s3JobDefinition":{"bucketCriteria":{"includes":{"and":[{"simpleCriterion":{"comparator":"GT","key":"ACCOUNT_ID","values":["1"]}}]}}}}`, false},
	} {
		_, jerr := jobscope.Load(strings.NewReader(tc.doc), jobscope.Limits{}, jobscope.Options{})
		if (jerr == nil) != tc.valid {
			t.Fatalf("the case is wrong: jobscope says %v for %s", jerr, tc.doc)
		}
		if err := validate(s, []byte(tc.doc)); (err == nil) != tc.valid {
			t.Errorf("schema: %v, want valid=%v, for\n%s", err, tc.valid, tc.doc)
		}
	}
}

// TestDatePattern: every value scope.ParseDate accepts matches the schema's
// pattern for OBJECT_LAST_MODIFIED_DATE values.
func TestDatePattern(t *testing.T) {
	var doc struct {
		Defs map[string]struct {
			AllOf []struct {
				If struct {
					Properties struct{ Key struct{ Const string } }
				}
				Then struct {
					Properties struct {
						Values struct{ Items struct{ Pattern string } }
					}
				}
			}
		} `json:"$defs"`
	}
	if err := json.Unmarshal(jsonschema.Marshal(), &doc); err != nil {
		t.Fatal(err)
	}
	var pattern string
	for _, a := range doc.Defs["SimpleScopeTerm"].AllOf {
		if a.If.Properties.Key.Const == "OBJECT_LAST_MODIFIED_DATE" {
			pattern = a.Then.Properties.Values.Items.Pattern
		}
	}
	re := regexp.MustCompile(pattern)
	checkDates(t, re)
}
