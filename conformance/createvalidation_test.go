package conformance

import (
	"errors"
	"testing"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/field"
)

func init() {
	handlers["create-validation"] = handler{
		fields:  []string{"request"},
		options: []string{"emptyBlock", "samplingPercentageMin", "quotaError", "requireClientToken", "oneTimeScheduleFields"},
		run:     runCreateValidation,
	}
}

func runCreateValidation(t *testing.T, c *Case) {
	opts := engineOptions(t, c)
	var want struct {
		Valid     bool   `json:"valid"`
		Error     string `json:"error"`
		ErrorPath string `json:"errorPath"`
	}
	decodeStrict(t, "expect", c.Expect, &want)

	_, err := jobscope.LoadBytes(c.Fields["request"], jobscope.Limits{}, opts)
	if want.Valid {
		if err != nil {
			t.Fatalf("want valid, got:\n%v", err)
		}
		return
	}
	var list field.ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("want %s at %q, got valid (err=%v)", want.Error, want.ErrorPath, err)
	}
	// Every invalid case holds exactly one violation: more errors than one
	// is a spurious report.
	if len(list) != 1 {
		t.Errorf("want exactly one error, got %d:\n%v", len(list), list)
	}
	for _, e := range list {
		if e.Exception != want.Error {
			t.Errorf("error %q: exception %s, want %s", e, e.Exception, want.Error)
		}
		if want.ErrorPath != "" && e.Path != want.ErrorPath {
			t.Errorf("error %q: path %q, want %q", e, e.Path, want.ErrorPath)
		}
	}
}
