// Package gen generates random jobs and shapes, jobscope's and the AWS
// SDK's, checks the round trips of awssdk and macie2io on them, and prints
// SDK shapes as the aws CLI does. Only tests import it.
//
// The values are arbitrary, not valid: enums outside their sets, empty and
// missing members, nil and empty lists, so that a conversion that loses or
// invents anything is caught.
package gen

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/scope"
	"github.com/jobscope/jobscope/status"
)

// Text is a string, often empty, of letters, digits and some awkward
// characters.
var Text = rapid.OneOf(rapid.Just(""), rapid.StringOfN(rapid.RuneFrom([]rune("aZ09-_./ é漢😀\"\\\n\x00")), 1, 10, -1))

// Of generates values of T, a struct of jobscope's or the SDK's, member by
// member; the members named in zero stay zero.
//
// A pointer is nil or not, a list or map nil, empty or up to three long; a
// string is Text; an enum (a string type with a Values method) one of its
// values, "" or Text; a time one to the nanosecond in UTC, as Macie's output
// has them.
func Of[T any](zero ...string) *rapid.Generator[T] {
	return rapid.Custom(func(t *rapid.T) T {
		var v T
		fill(t, reflect.ValueOf(&v).Elem(), zero)
		return v
	})
}

// Request generates Jobs with only request members.
var Request = Of[jobscope.Job]("CreatedAt", "JobArn", "JobID", "JobStatus", "LastRunErrorStatus", "LastRunTime", "Statistics", "UserPausedDetails")

// values are the values, beyond a type's Values, that an enum is drawn from.
var values = map[reflect.Type][]string{
	reflect.TypeFor[status.LastRunErrorStatusCode](): {string(status.LastRunNone), string(status.LastRunError)},
	reflect.TypeFor[scope.ScopeFilterKey]():          {string(scope.LegacyTag)},
}

var (
	timeType = reflect.TypeFor[time.Time]()
	tagTerm  = reflect.TypeFor[scope.TagScopeTerm]()
)

func fill(t *rapid.T, v reflect.Value, zero []string) {
	switch v.Kind() {
	case reflect.Pointer:
		if rapid.Bool().Draw(t, "set") {
			v.Set(reflect.New(v.Type().Elem()))
			fill(t, v.Elem(), nil)
		}
	case reflect.Slice:
		if n := rapid.IntRange(-1, 3).Draw(t, "len"); n >= 0 {
			v.Set(reflect.MakeSlice(v.Type(), n, n))
			for i := range n {
				fill(t, v.Index(i), nil)
			}
		}
	case reflect.Map:
		if n := rapid.IntRange(-1, 3).Draw(t, "len"); n >= 0 {
			v.Set(reflect.MakeMapWithSize(v.Type(), n))
			for range n {
				k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
				fill(t, k, nil)
				fill(t, e, nil)
				v.SetMapIndex(k, e)
			}
		}
	case reflect.Struct:
		if v.Type() == timeType {
			v.Set(reflect.ValueOf(time.Unix(rapid.Int64Range(0, 4e9).Draw(t, "unix"), rapid.Int64Range(0, 999999999).Draw(t, "nanos")).UTC()))
			return
		}
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if !f.IsExported() || slices.Contains(zero, f.Name) {
				continue
			}
			if v.Type() == tagTerm && f.Name == "Key" {
				// The one key Macie knows, or another.
				v.Field(i).SetString(rapid.OneOf(rapid.Just(scope.TagScopeTermKey), Text).Draw(t, f.Name))
				continue
			}
			fill(t, v.Field(i), nil)
		}
	case reflect.String:
		v.SetString(rapid.OneOf(rapid.SampledFrom(enum(v.Type())), Text).Draw(t, "string"))
	case reflect.Bool:
		v.SetBool(rapid.Bool().Draw(t, "bool"))
	case reflect.Int32:
		v.SetInt(int64(rapid.Int32().Draw(t, "int32")))
	case reflect.Int64:
		v.SetInt(rapid.Int64().Draw(t, "int64"))
	case reflect.Float64:
		v.SetFloat(rapid.Float64Range(0, 1e12).Draw(t, "float64"))
	default:
		panic("gen: no values for " + v.Type().String())
	}
}

// enum returns "" and the values of the string type typ: those of its
// Values method and those in values.
func enum(typ reflect.Type) []string {
	out := append([]string{""}, values[typ]...)
	if m := reflect.Zero(typ).MethodByName("Values"); m.IsValid() {
		vs := m.Call(nil)[0]
		for i := range vs.Len() {
			out = append(out, vs.Index(i).String())
		}
	}
	return out
}

// sdkCmp compares SDK shapes, whose unexported members are empty markers.
var sdkCmp = cmp.Exporter(func(reflect.Type) bool { return true })

// RoundTrip returns a test that checks, over random values, that
// from(to(j)) is j for values of jobscope's and that to(from(s)) is s for
// values of the SDK's, up to the SDK's two spellings of an absent string
// (see NormalizeSDK).
func RoundTrip[J, S any](jobs *rapid.Generator[J], sdk *rapid.Generator[S], to func(*J) *S, from func(*S) *J) func(*testing.T) {
	return func(t *testing.T) {
		rapid.Check(t, func(t *rapid.T) {
			j := jobs.Draw(t, "jobscope")
			if diff := cmp.Diff(&j, from(to(&j))); diff != "" {
				t.Fatalf("jobscope (-want +got):\n%s", diff)
			}
			s := sdk.Draw(t, "sdk")
			got := to(from(&s))
			NormalizeSDK(&s)
			if diff := cmp.Diff(&s, got, sdkCmp); diff != "" {
				t.Fatalf("SDK (-want +got):\n%s", diff)
			}
		})
	}
}
