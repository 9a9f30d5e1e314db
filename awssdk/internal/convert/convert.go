// Package convert copies a value of one shape into another of the same
// layout, jobscope's or the SDK's, for both conversion packages.
//
// Members pair up by name, ignoring case (AccountId and AccountID); a
// member of the destination with no partner stays zero. Values follow the
// package doc of awssdk: a nil pointer becomes the zero value and the zero
// value a nil pointer, except the SDK's TagValuePair.Value, which is always
// a pointer; nil and empty lists and maps stay apart; strings, enums and
// numbers are copied as they are.
package convert

import (
	"reflect"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/macie2/types"
)

// Ptr converts *s to a new D, or nil to nil.
func Ptr[D, S any](s *S) *D {
	if s == nil {
		return nil
	}
	d := new(D)
	value(reflect.ValueOf(d).Elem(), reflect.ValueOf(s).Elem())
	return d
}

// alwaysPtr names, per SDK shape, the member that is a pointer even to
// the zero value: a key-only tag condition has value "", written out.
var alwaysPtr = map[reflect.Type]string{reflect.TypeFor[types.TagValuePair](): "Value"}

// value sets d, a zero value, to s converted.
func value(d, s reflect.Value) {
	switch {
	case s.Kind() == reflect.Pointer:
		if s.IsNil() {
			return
		}
		if d.Kind() != reflect.Pointer {
			value(d, s.Elem())
			return
		}
		point(d, s.Elem())
	case d.Kind() == reflect.Pointer:
		if !s.IsZero() {
			point(d, s)
		}
	case s.Kind() == reflect.Slice:
		if !s.IsNil() {
			d.Set(reflect.MakeSlice(d.Type(), s.Len(), s.Len()))
			for i := range s.Len() {
				value(d.Index(i), s.Index(i))
			}
		}
	case s.Kind() == reflect.Map:
		if !s.IsNil() {
			d.Set(reflect.MakeMapWithSize(d.Type(), s.Len()))
			for it := s.MapRange(); it.Next(); {
				k, v := reflect.New(d.Type().Key()).Elem(), reflect.New(d.Type().Elem()).Elem()
				value(k, it.Key())
				value(v, it.Value())
				d.SetMapIndex(k, v)
			}
		}
	case s.Kind() == reflect.Struct && s.Type() != d.Type():
		for i := range d.NumField() {
			f := d.Type().Field(i)
			if !f.IsExported() {
				continue
			}
			sf := s.FieldByNameFunc(func(name string) bool { return strings.EqualFold(name, f.Name) })
			if !sf.IsValid() {
				continue
			}
			if alwaysPtr[d.Type()] == f.Name && sf.Kind() != reflect.Pointer {
				point(d.Field(i), sf)
			} else {
				value(d.Field(i), sf)
			}
		}
	default:
		d.Set(s.Convert(d.Type()))
	}
}

// point sets the pointer d to a new value converted from s.
func point(d, s reflect.Value) {
	p := reflect.New(d.Type().Elem())
	value(p.Elem(), s)
	d.Set(p)
}
