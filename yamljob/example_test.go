package yamljob_test

import (
	"errors"
	"fmt"
	"strings"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/yamljob"
)

func ExampleLoad() {
	const job = `# Weekly sweep of the exports.
name: weekly-exports
jobType: SCHEDULED
scheduleFrequency:
  weeklySchedule: {dayOfWeek: monday}
s3JobDefinition:
  bucketDefinitions:
    - accountId: 111122223333   # unquoted: a number
      buckets: [exports]
`
	_, err := yamljob.Load(strings.NewReader(job), jobscope.Limits{}, jobscope.Options{})
	var problems field.ErrorList
	if errors.As(err, &problems) {
		for _, p := range problems {
			fmt.Printf("%d:%d %s [%s]\n  %s\n", p.Line, p.Column, p.Path, p.Code, p.Message)
		}
	}
	// Output:
	// 5:31 scheduleFrequency.weeklySchedule.dayOfWeek [invalid_value]
	//   "monday" is not a day of the week; use one of SUNDAY, MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY or SATURDAY (upper case)
	// 8:18 s3JobDefinition.bucketDefinitions[0].accountId [wrong_type]
	//   expected a string, got a number
}

func ExampleLoadFile() {
	job, err := yamljob.LoadFile("testdata/forms.yaml", jobscope.Limits{}, jobscope.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(job.Name, job.JobType)
	// Output:
	// weekly-exports SCHEDULED
}
