// Package stats summarizes the samples of the paired benchmarks, for the
// benchmarks and for the page that shows their figures.
package stats

import "slices"

// Median returns the median of xs, the mean of the middle two for an even
// count; xs is left as it is.
func Median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
