package jobscope

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/internal/strictjson"
)

// Limits bound the resources a job document may take: its size in bytes and
// the nesting depth of its JSON. A zero field takes its default (8 MiB, 64
// levels).
type Limits = strictjson.Limits

// ParseJob decodes a job definition strictly: unknown members, members given
// twice, values of the wrong JSON type, trailing data and invalid UTF-8 are
// all errors. It returns every problem it finds, as a field.ErrorList whose
// elements carry the JSON path and line:column. A malformed document yields
// one error (nothing after a syntax error can be trusted).
//
// ParseJob does not validate; see [Job.Validate] and [Load].
func ParseJob(data []byte, lim Limits) (*Job, error) {
	var j Job
	if errs := strictjson.Unmarshal(data, &j, lim); len(errs) > 0 {
		return &j, errs
	}
	return &j, nil
}

// Load decodes and validates a job definition, returning the job and every
// problem, in document order (a missing member is placed where its enclosing
// object starts). Validation is skipped after a syntax error, and a
// validation problem at or under a path that already failed to decode is not
// reported twice.
func Load(r io.Reader, lim Limits, opts Options) (*Job, error) {
	max := lim.MaxBytes
	if max <= 0 {
		max = strictjson.DefaultMaxBytes
	}
	data, err := io.ReadAll(io.LimitReader(r, int64(max)+1))
	if err != nil {
		return nil, fmt.Errorf("reading job definition: %w", err)
	}
	return LoadBytes(data, lim, opts)
}

// LoadBytes is [Load] over a document in memory.
func LoadBytes(data []byte, lim Limits, opts Options) (*Job, error) {
	var j Job
	loc, decodeErrs := strictjson.Decode(data, &j, lim)
	if loc == nil {
		return nil, decodeErrs
	}
	j.fillDescribedTargets()
	errs := slices.Clone(decodeErrs)
	for _, v := range j.validate(opts) {
		if !slices.ContainsFunc(decodeErrs, func(d *field.Error) bool { return within(v.Path, d.Path) }) {
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
	return &j, errs.Err()
}

// within reports whether path is base or below it.
func within(path, base string) bool {
	if !strings.HasPrefix(path, base) {
		return false
	}
	rest := path[len(base):]
	return rest == "" || rest[0] == '.' || rest[0] == '[' || base == ""
}
