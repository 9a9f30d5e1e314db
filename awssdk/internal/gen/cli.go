package gen

import (
	"reflect"
	"time"
	"unicode"
	"unicode/utf8"
)

// CLI returns v, an SDK shape or a slice of them, as the aws CLI prints
// it, for encoding/json: a struct is an object of its exported members, a
// member named as the Go field is (S3's XML names) or, with camel, with its
// first letter lower-cased (Macie's JSON names); a nil pointer, slice or
// map and an empty enum are left out; a time is in UTC in Python's
// isoformat ("2024-01-02T03:04:05+00:00", with microseconds when they are
// not zero).
func CLI(v any, camel bool) any {
	out, _ := cli(reflect.ValueOf(v), camel)
	return out
}

// cli returns v for encoding/json, or false when v is absent.
func cli(v reflect.Value, camel bool) (any, bool) {
	switch v.Kind() {
	case reflect.Invalid:
		return nil, false
	case reflect.Pointer:
		if v.IsNil() {
			return nil, false
		}
		return cli(v.Elem(), camel)
	case reflect.Slice:
		if v.IsNil() {
			return nil, false
		}
		out := make([]any, v.Len())
		for i := range v.Len() {
			out[i], _ = cli(v.Index(i), camel)
		}
		return out, true
	case reflect.Map:
		if v.IsNil() {
			return nil, false
		}
		out := make(map[string]any, v.Len())
		for it := v.MapRange(); it.Next(); {
			out[it.Key().String()], _ = cli(it.Value(), camel)
		}
		return out, true
	case reflect.Struct:
		if t, ok := v.Interface().(time.Time); ok {
			layout := "2006-01-02T15:04:05"
			if t.Nanosecond()/1000 != 0 {
				layout += ".000000"
			}
			return t.UTC().Format(layout) + "+00:00", true
		}
		out := map[string]any{}
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if !f.IsExported() {
				continue
			}
			name := f.Name
			if camel {
				r, n := utf8.DecodeRuneInString(name)
				name = string(unicode.ToLower(r)) + name[n:]
			}
			if m, ok := cli(v.Field(i), camel); ok {
				out[name] = m
			}
		}
		return out, true
	case reflect.String:
		if v.Type() != reflect.TypeFor[string]() && v.Len() == 0 {
			return nil, false // an enum
		}
		return v.String(), true
	}
	return v.Interface(), true
}
