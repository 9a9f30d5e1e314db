//go:build !race

package parquet

// raceEnabled is whether the race detector is on: it takes memory of its
// own for the memory written, and slows decompression tenfold.
const raceEnabled = false
