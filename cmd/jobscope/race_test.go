//go:build race

package main

// raceEnabled is whether the tests run under the race detector, which
// makes the largest inputs too slow to be worth it there.
const raceEnabled = true
