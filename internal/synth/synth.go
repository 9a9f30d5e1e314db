// Package synth generates deterministic synthetic S3 object metadata for
// benchmarks and scale tests: realistic key prefixes and extensions
// (including none), log-uniform sizes from 1 B to 256 MiB, storage classes
// and encryption mostly analyzable, and 0–3 tags. The same seed gives the
// same objects on every machine. WriteReport writes them as an S3 Inventory
// report, and Floor reads such a report's data files as fast as a reader
// can, the floor a dry run is measured against.
package synth

import (
	"iter"
	"math"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/jobscope/jobscope/scope"
)

var (
	prefixes = []string{"logs/", "data/2024/", "data/2023/", "tmp/", "exports/", "home/alice/", "backups/"}
	exts     = []string{".csv", ".json", ".parquet", ".pdf", ".txt", ".gz", ".log", ".docx", ".png", ""}
	classes  = []scope.StorageClass{scope.Standard, scope.Standard, scope.Standard, scope.StandardIA,
		scope.IntelligentTiering, scope.Glacier, scope.DeepArchive, scope.GlacierIR}
	encs    = []scope.EncryptionStatus{scope.SSES3, scope.SSES3, scope.SSES3, scope.SSEKMS, scope.NotSSE, scope.SSEC}
	tagKeys = []string{"env", "owner", "project"}
	tagVals = []string{"test", "prod", "dev", "alpha", "beta"}
	epoch   = time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
)

// Objects yields n objects of the given bucket, seeded by seed. With tags
// false no object has tags (as an S3 Inventory row has none).
func Objects(bucket string, n int, seed uint64, tags bool) iter.Seq[scope.Object] {
	return func(yield func(scope.Object) bool) {
		r := rand.New(rand.NewPCG(seed, 0x6a6f6273636f7065))
		buf := make([]byte, 0, 128)
		for i := range n {
			buf = append(buf[:0], prefixes[r.IntN(len(prefixes))]...)
			buf = strconv.AppendInt(buf, int64(r.IntN(100)), 10)
			buf = append(buf, "/part-"...)
			buf = strconv.AppendInt(buf, int64(i), 10)
			buf = append(buf, exts[r.IntN(len(exts))]...)
			o := scope.Object{
				Bucket:           bucket,
				Key:              string(buf),
				Size:             int64(math.Exp(r.Float64() * math.Log(256<<20))), // log-uniform in [1, 256 MiB)
				LastModified:     epoch.Add(time.Duration(r.Int64N(int64(2 * 365 * 24 * time.Hour)))).Truncate(time.Millisecond),
				StorageClass:     classes[r.IntN(len(classes))],
				EncryptionStatus: encs[r.IntN(len(encs))],
			}
			if tags {
				if k := r.IntN(4); k > 0 {
					o.Tags = make(map[string]string, k)
					for j := range k {
						o.Tags[tagKeys[j]] = tagVals[r.IntN(len(tagVals))]
					}
				}
			}
			if !yield(o) {
				return
			}
		}
	}
}
