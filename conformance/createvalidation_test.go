package conformance

import (
	"bytes"
	"errors"
	"slices"
	"testing"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/field"
)

func runCreateValidation(t *testing.T, c *Case) {
	var want struct {
		Valid     bool      `json:"valid"`
		Error     string    `json:"error"`
		ErrorPath string    `json:"errorPath"`
		Warnings  *[]string `json:"warnings"`
	}
	decodeStrict(t, "expect", c.Expect, &want)

	j, warnings, err := jobscope.LoadWithWarnings(bytes.NewReader(c.Fields["request"]), jobscope.Limits{}, c.Engine)
	if want.Warnings != nil {
		if j == nil {
			t.Fatalf("want warnings at %q, got a malformed request: %v", *want.Warnings, err)
		}
		got := []string{}
		for _, w := range warnings {
			if w.Line == 0 {
				t.Errorf("warning %q has no line", w)
			}
			if !w.IsWarning() {
				t.Errorf("warning %q: severity %q", w, w.Severity)
			}
			got = append(got, w.Path)
		}
		slices.Sort(got)
		if !slices.Equal(got, *want.Warnings) {
			t.Errorf("warnings at %q, want %q", got, *want.Warnings)
		}
	}
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
