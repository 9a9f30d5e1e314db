package jobscope_test

import (
	"errors"
	"fmt"
	"strings"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/criteria"
	"github.com/jobscope/jobscope/field"
)

func ExampleLoad() {
	const job = `{
  "name": "weekly-exports",
  "jobType": "SCHEDULED",
  "scheduleFrequency": {"weeklySchedule": {"dayOfWeek": "monday"}},
  "s3JobDefinition": {
    "bucketDefinitions": [{"accountId": "111122223333", "buckets": ["exports"]}],
    "scoping": {"includes": {"and": [
      {"simpleScopeTerm": {"key": "OBJECT_EXTENSION", "comparator": "CONTAINS", "values": ["csv"]}}
    ]}}
  }
}`
	_, err := jobscope.Load(strings.NewReader(job), jobscope.Limits{}, jobscope.Options{})
	var problems field.ErrorList
	if errors.As(err, &problems) {
		for _, p := range problems {
			fmt.Printf("%d:%d %s [%s]\n  %s\n", p.Line, p.Column, p.Path, p.Code, p.Message)
		}
	}
	// Output:
	// 4:57 scheduleFrequency.weeklySchedule.dayOfWeek [invalid_value]
	//   "monday" is not a day of the week; use one of SUNDAY, MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY or SATURDAY (upper case)
	// 8:69 s3JobDefinition.scoping.includes.and[0].simpleScopeTerm.comparator [invalid_value]
	//   CONTAINS is not valid for OBJECT_EXTENSION; use EQ or NE
}

func ExampleLoadFile() {
	_, err := jobscope.LoadFile("examples/invalid/extension-contains.json", jobscope.Limits{}, jobscope.Options{})
	fmt.Println(err)
	// Output:
	// examples/invalid/extension-contains.json:12:29: s3JobDefinition.scoping.includes.and[0].simpleScopeTerm.comparator: CONTAINS is not valid for OBJECT_EXTENSION; use EQ or NE
}

func ExampleOptions_Set() {
	var opts jobscope.Options
	if err := opts.Set("requireClientToken", "true"); err != nil {
		panic(err)
	}
	job := &jobscope.Job{Name: "n", JobType: jobscope.OneTime,
		S3JobDefinition: &jobscope.S3JobDefinition{BucketDefinitions: []criteria.S3BucketDefinitionForJob{{AccountID: "111122223333", Buckets: []string{"b"}}}}}
	fmt.Println(job.Validate(opts))
	fmt.Println(opts.Set("excludeJoin", "XOR"))
	// Output:
	// clientToken: clientToken is required
	// option excludeJoin: "XOR" is not one of AND, OR
}
