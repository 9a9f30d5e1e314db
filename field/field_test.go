package field

import (
	"errors"
	"fmt"
	"testing"
)

func TestPathString(t *testing.T) {
	for _, tc := range []struct {
		p    Path
		want string
	}{
		{Path{}, ""},
		{NewPath("name"), "name"},
		{NewPath("s3JobDefinition", "scoping", "includes", "and").Index(1).Child("simpleScopeTerm").Child("comparator"),
			"s3JobDefinition.scoping.includes.and[1].simpleScopeTerm.comparator"},
		{NewPath("tags").Index(0).Index(2), "tags[0][2]"},
		{Path{}.Index(3).Child("a"), "[3].a"},
	} {
		if got := tc.p.String(); got != tc.want {
			t.Errorf("got %q, want %q", got, tc.want)
		}
	}
}

func TestPathsAreValues(t *testing.T) {
	base := NewPath("a")
	b, c := base.Child("b"), base.Child("c")
	if b.String() != "a.b" || c.String() != "a.c" || base.String() != "a" {
		t.Errorf("paths share state: %s %s %s", base, b, c)
	}
}

func TestErrorRendering(t *testing.T) {
	e := New(NewPath("name"), Required, "name is required")
	if e.Error() != "name: name is required" || e.Exception != ValidationException {
		t.Errorf("got %q %q", e.Error(), e.Exception)
	}
	e.Line, e.Column = 3, 7
	if e.Error() != "3:7: name: name is required" {
		t.Errorf("got %q", e.Error())
	}
	if (&Error{Message: "m"}).Error() != "m" {
		t.Error("root error renders a path")
	}
}

func TestErrorListAs(t *testing.T) {
	var l ErrorList
	if l.Err() != nil {
		t.Fatal("empty list is an error")
	}
	l = append(l, New(NewPath("a"), Required, "x"), New(NewPath("b"), TooLong, "y"))
	err := fmt.Errorf("wrapped: %w", l.Err())
	var fe *Error
	if !errors.As(err, &fe) || fe.Path != "a" {
		t.Errorf("errors.As(*Error) = %v", fe)
	}
	var back ErrorList
	if !errors.As(err, &back) || len(back) != 2 {
		t.Errorf("errors.As(ErrorList) = %v", back)
	}
	if l.Error() != "a: x\nb: y" {
		t.Errorf("got %q", l.Error())
	}
}

func TestAlternatives(t *testing.T) {
	for _, tc := range []struct {
		in   []string
		want string
	}{{nil, ""}, {[]string{"A"}, "A"}, {[]string{"A", "B"}, "A or B"}, {[]string{"A", "B", "C"}, "A, B or C"}} {
		if got := Alternatives(tc.in); got != tc.want {
			t.Errorf("%v: got %q, want %q", tc.in, got, tc.want)
		}
	}
}
