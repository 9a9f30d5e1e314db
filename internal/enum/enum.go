// Package enum checks the values of the module's enumerations: string or
// integer types whose Values method lists every value Macie (or S3)
// defines.
package enum

import "slices"

// Valued is an enumeration: Values returns every defined value.
type Valued[T comparable] interface {
	comparable
	Values() []T
}

// Valid reports whether v is one of v.Values().
func Valid[T Valued[T]](v T) bool { return slices.Contains(v.Values(), v) }
