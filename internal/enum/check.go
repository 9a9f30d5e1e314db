package enum

import (
	"fmt"

	"github.com/jobscope/jobscope/field"
)

// Check returns the problem of v as the value of member name of the object
// at p: Required when v is empty, InvalidValue when it is not one of
// v.Values(), nil when it is valid. what names a value in the message ("a
// filter key"); both messages list the values.
func Check[T interface {
	Valued[T]
	~string
}](p field.Path, name string, v T, what string) *field.Error {
	switch {
	case v == "":
		return field.New(p.Child(name), field.Required, name+" is required; use one of "+field.Alternatives(v.Values()))
	case !Valid(v):
		return field.New(p.Child(name), field.InvalidValue,
			fmt.Sprintf("%q is not %s; use one of %s", v, what, field.Alternatives(v.Values())))
	}
	return nil
}
