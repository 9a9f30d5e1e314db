package jobscope

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strings"

	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/internal/joblimits"
	"github.com/jobscope/jobscope/internal/strictjson"
)

// Limits bound the resources a job document may take, as it may come from
// a tool rather than a person. They guard jobscope itself; Macie's own
// quotas (1,000 buckets, 30 custom data identifiers, 50 tags, …) stay
// validation problems whatever the limits. A zero field takes its default;
// a negative MaxValuesPerTerm, MaxTermsPerBlock or MaxKeyLength turns that
// limit off. Exceeding a limit is a problem with code field.Limit at its
// place in the document, whose message names the limit and the field that
// sets it; the validation problems under that place are not reported.
type Limits struct {
	// MaxBytes is the largest document accepted, in bytes: 8 MiB by
	// default. Load reads at most one byte more.
	MaxBytes int
	// MaxDepth is the deepest nesting of arrays and objects: 64 by
	// default; a job nests at most 9 levels.
	MaxDepth int
	// MaxValues is the most JSON values in the document, at any depth,
	// each of which costs memory before anything is validated: 100,000 by
	// default.
	MaxValues int
	// MaxValuesPerTerm is the most values of one condition (values, or
	// tagValues) in bucketCriteria or scoping: 10,000 by default. Macie
	// documents no maximum.
	MaxValuesPerTerm int
	// MaxTermsPerBlock is the most conditions of one includes or excludes
	// block: 1,000 by default. Macie documents no maximum.
	MaxTermsPerBlock int
	// MaxKeyLength is the longest OBJECT_KEY value, in bytes: 1,024 by
	// default, S3's limit on a key, so a longer prefix matches no object.
	MaxKeyLength int
}

// The defaults of Limits.
const (
	DefaultMaxBytes         = strictjson.DefaultMaxBytes         // 8 MiB
	DefaultMaxDepth         = strictjson.DefaultMaxDepth         // 64 levels
	DefaultMaxValues        = strictjson.DefaultMaxValues        // 100,000 JSON values
	DefaultMaxValuesPerTerm = strictjson.DefaultMaxValuesPerTerm // 10,000 values
	DefaultMaxTermsPerBlock = strictjson.DefaultMaxTermsPerBlock // 1,000 conditions
	DefaultMaxKeyLength     = strictjson.DefaultMaxKeyLength     // 1,024 bytes
)

// ParseJob decodes a job definition strictly: unknown members, members given
// twice, values of the wrong JSON type, trailing data and invalid UTF-8 are
// all errors. It returns every problem it finds, as a field.ErrorList whose
// elements carry the JSON path and line:column. A malformed document yields
// one error (nothing after a syntax error can be trusted).
//
// ParseJob enforces lim but does not validate; see [Job.Validate] and
// [Load].
func ParseJob(data []byte, lim Limits) (*Job, error) {
	j, _, errs := decode(data, lim)
	return j, errs.Err()
}

// decode decodes data into a job and adds the problems of the limits that
// the parser does not enforce. loc is nil after a syntax error.
func decode(data []byte, lim Limits) (j *Job, loc *strictjson.Locator, errs field.ErrorList) {
	j = &Job{}
	loc, errs = strictjson.Decode(data, j, strictjson.Limits(lim))
	if loc == nil {
		return j, nil, errs
	}
	errs = slices.Clone(errs)
	for _, e := range j.checkLimits(lim) {
		loc.Locate(e)
		errs = append(errs, e)
	}
	return j, loc, errs
}

// Load decodes and validates a job definition, returning the job and every
// problem, in document order (a missing member is placed where its enclosing
// object starts). Validation is skipped after a syntax error, and a
// validation problem at or under a path that already failed to decode is not
// reported twice.
func Load(r io.Reader, lim Limits, opts Options) (*Job, error) {
	j, _, err := LoadWithWarnings(r, lim, opts)
	return j, err
}

// LoadFile is [Load] of the JSON file name. Every problem it returns names
// the file (field.Error.File), so that it reads as name:line:column: path:
// message; a file that cannot be opened or read is the error of package os.
// For a job written in YAML, see package yamljob's LoadFile.
func LoadFile(name string, lim Limits, opts Options) (*Job, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	j, err := Load(f, lim, opts)
	var list field.ErrorList
	if errors.As(err, &list) {
		for _, e := range list {
			e.File = name
		}
	}
	return j, err
}

// LoadWithWarnings is [Load] that also returns the job's warnings (see
// [Job.Warnings]), each with the line and column of its member. A job
// with warnings and no errors is valid: err is nil.
func LoadWithWarnings(r io.Reader, lim Limits, opts Options) (j *Job, warnings field.ErrorList, err error) {
	max := lim.MaxBytes
	if max <= 0 {
		max = strictjson.DefaultMaxBytes
	}
	// One byte more than the limit, so that the parser reports it.
	data, err := io.ReadAll(io.LimitReader(r, int64(min(max, math.MaxInt-1))+1))
	if err != nil {
		return nil, nil, fmt.Errorf("reading job definition: %w", err)
	}
	j, loc, errs := decode(data, lim)
	if loc == nil {
		return nil, nil, errs
	}
	j.fillDescribedTargets()
	failed := make(map[string]bool, len(errs))
	for _, e := range errs {
		failed[e.Path] = true
	}
	for _, v := range j.validate(opts) {
		if !within(v.Path, failed) {
			loc.Locate(v)
			errs = append(errs, v)
		}
	}
	// Report in document order; problems at one place keep their order.
	slices.SortStableFunc(errs, func(a, b *field.Error) int {
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return a.Column - b.Column
	})
	warnings = j.Warnings(opts)
	for _, w := range warnings {
		loc.Locate(w)
	}
	return j, warnings, errs.Err()
}

// within reports whether path is one of the paths in failed or below one
// of them. The root path "" covers every path. It costs one lookup per step
// of path, however many paths failed.
func within(path string, failed map[string]bool) bool {
	if len(failed) == 0 {
		return false
	}
	if failed[""] {
		return true
	}
	for p := path; p != ""; {
		if failed[p] {
			return true
		}
		i := strings.LastIndexAny(p, ".[")
		if i < 0 {
			return false
		}
		p = p[:i]
	}
	return false
}

// checkLimits reports the limits of lim that j's conditions break (see
// joblimits.Check).
func (j *Job) checkLimits(lim Limits) field.ErrorList {
	if j.S3JobDefinition == nil {
		return nil
	}
	return joblimits.Check(j.S3JobDefinition.BucketCriteria, j.S3JobDefinition.Scoping, strictjson.Limits(lim))
}
