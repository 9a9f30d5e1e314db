package gen

import (
	"reflect"

	"github.com/aws/aws-sdk-go-v2/service/macie2/types"
)

// NormalizeSDK rewrites, in place, an SDK value (a pointer to a request, a
// response or a shape) the way a round trip through jobscope leaves it:
// pointers to "" become nil, except TagValuePair.Value, which is never nil;
// a pointer to a zero dayOfMonth becomes nil.
func NormalizeSDK(v any) {
	normalize(reflect.ValueOf(v))
}

var (
	tagValuePair    = reflect.TypeOf(types.TagValuePair{})
	monthlySchedule = reflect.TypeOf(types.MonthlySchedule{})
)

func normalize(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			normalize(v.Elem())
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			normalize(v.Index(i))
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			f := v.Field(i)
			if !f.CanSet() {
				continue
			}
			sf := v.Type().Field(i)
			switch {
			case v.Type() == tagValuePair && sf.Name == "Value":
				if f.IsNil() {
					f.Set(reflect.ValueOf(new(string)))
				}
			case v.Type() == monthlySchedule && sf.Name == "DayOfMonth":
				if !f.IsNil() && f.Elem().Int() == 0 {
					f.Set(reflect.Zero(f.Type()))
				}
			case f.Type() == reflect.TypeOf((*string)(nil)):
				if !f.IsNil() && f.Elem().String() == "" {
					f.Set(reflect.Zero(f.Type()))
				}
			default:
				normalize(f)
			}
		}
	}
}
