package field_test

import (
	"errors"
	"fmt"

	"github.com/jobscope/jobscope/field"
)

// A validator builds paths as it descends and reports every problem in one
// list; a caller finds each problem's place and code with errors.As.
func ExampleErrorList() {
	terms := field.NewPath("s3JobDefinition", "scoping", "includes", "and")
	var errs field.ErrorList
	errs = append(errs, field.New(terms.Index(1).Child("simpleScopeTerm").Child("comparator"), field.InvalidValue,
		`"CONTAINS" is not a comparator of OBJECT_EXTENSION; use EQ or NE`))
	errs = append(errs, field.NewWarning(field.NewPath("initialRun"), field.OneTimeScheduleFieldIgnored,
		"Macie ignores initialRun for a ONE_TIME job"))

	var err error = errs
	fmt.Println(err)
	var first *field.Error
	if errors.As(err, &first) {
		fmt.Println(first.Code, first.Exception, first.IsWarning())
	}
	// Output:
	// s3JobDefinition.scoping.includes.and[1].simpleScopeTerm.comparator: "CONTAINS" is not a comparator of OBJECT_EXTENSION; use EQ or NE
	// initialRun: Macie ignores initialRun for a ONE_TIME job
	// invalid_value ValidationException false
}

// An input's problem names its file and line, and keeps its cause for
// errors.Is.
func ExampleError() {
	errTruncated := errors.New("unexpected end of the gzip stream")
	err := &field.Error{File: "data/1.csv.gz", Line: 40211, Code: field.Unreadable, Err: errTruncated}
	fmt.Println(err)
	fmt.Println(errors.Is(err, errTruncated))
	// Output:
	// data/1.csv.gz:40211: unexpected end of the gzip stream
	// true
}
