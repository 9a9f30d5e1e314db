// Package ptrs has the pointer helpers both conversion packages use: the
// SDK marks optional members with pointers, jobscope mostly with zero
// values.
package ptrs

// To returns a pointer to v, or nil when v is its type's zero value.
func To[T comparable](v T) *T {
	var zero T
	if v == zero {
		return nil
	}
	return &v
}

// Value returns *p, or the zero value when p is nil.
func Value[T any](p *T) T {
	if p == nil {
		var zero T
		return zero
	}
	return *p
}

// Clone returns a pointer to a copy of *p, or nil when p is nil.
func Clone[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}
