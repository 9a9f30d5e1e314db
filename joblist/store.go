package joblist

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/jobscope/jobscope/criteria"
	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/internal/enum"
)

// Store is a set of job summaries that ListClassificationJobs pages
// through. It holds the secret key that makes its page tokens
// tamper-evident: a token is accepted only by the store that issued it,
// only unmodified, and only with the filter and sort criteria it was issued
// for. A Store is immutable and safe for concurrent use.
type Store struct {
	jobs []JobSummary
	key  []byte
}

// NewStore returns a store holding jobs. key is the secret that signs page
// tokens; nil draws a random 32-byte key, so tokens do not survive the
// store. Every job needs a jobId, unique in the store: a summary without
// one, or with one given before, is a *field.Error at its index.
func NewStore(jobs []JobSummary, key []byte) (*Store, error) {
	if key == nil {
		key = make([]byte, 32)
		if _, err := rand.Read(key); err != nil {
			return nil, fmt.Errorf("drawing a token key: %w", err)
		}
	}
	seen := make(map[string]bool, len(jobs))
	for i, j := range jobs {
		p := field.Path{}.Index(i).Child("jobId")
		switch {
		case j.JobID == "":
			return nil, &field.Error{Path: p.String(), Code: field.Required, Message: "every job summary needs a jobId"}
		case seen[j.JobID]:
			return nil, &field.Error{Path: p.String(), Code: field.InvalidValue,
				Message: fmt.Sprintf("jobId %q is already in the store", j.JobID)}
		}
		seen[j.JobID] = true
	}
	return &Store{jobs: slices.Clone(jobs), key: bytes.Clone(key)}, nil
}

// ListClassificationJobs returns one page of the store's jobs that match
// req.FilterCriteria, in the order of req.SortCriteria (docs/semantics.md,
// "Listing jobs"):
//
//   - filter: include terms are AND-joined; a job is removed when it
//     matches any exclude term (Options.ExcludeJoin criteria.JoinAND: all
//     of them). EQ matches any of the values, NE none of them. name takes
//     EQ, NE, STARTS_WITH and CONTAINS, case-sensitive; jobType and
//     jobStatus EQ and NE; createdAt EQ, NE, GT, GTE, LT and LTE, with
//     values in ISO 8601 (any offset) or epoch milliseconds, the range
//     comparators with exactly one value. [Explain] tells why a job is
//     listed or not.
//   - sort: createdAt DESC when sortCriteria is absent; ASC when orderBy is
//     omitted; strings in byte order; ties by jobId ascending whatever the
//     order.
//   - paging: maxResults 1..MaxResultsLimit (default MaxResultsDefault);
//     NextToken is set iff jobs remain after the page. A token may be
//     reused, and maxResults may change between pages, but the filter and
//     sort criteria may not.
//
// Any other key or comparator, a term without values, an unparsable
// createdAt value, a bad attributeName or orderBy, maxResults out of range,
// and a token that is malformed, modified, issued by another store or for
// other criteria are rejected with a field.ErrorList of *field.Error whose
// Exception is ValidationException, each at the path of the member at
// fault.
func (s *Store) ListClassificationJobs(req *ListClassificationJobsRequest, opts Options) (*ListClassificationJobsResponse, error) {
	if req == nil {
		req = &ListClassificationJobsRequest{}
	}
	q, errs := compileQuery(req, opts)
	if len(errs) > 0 {
		return nil, errs
	}
	digest := q.digest()
	var after *pageMark
	if req.NextToken != "" {
		m, err := s.openToken(req.NextToken, digest)
		if err != nil {
			return nil, field.ErrorList{field.New(field.NewPath("nextToken"), field.InvalidValue, err.Error())}
		}
		after = m
	}

	matched := make([]JobSummary, 0, len(s.jobs))
	for i := range s.jobs {
		if q.filter.match(&s.jobs[i]) {
			matched = append(matched, s.jobs[i])
		}
	}
	slices.SortFunc(matched, q.compare)

	start := 0
	if after != nil {
		probe := after.summary(q.sort)
		start, _ = slices.BinarySearchFunc(matched, &probe, func(j JobSummary, p *JobSummary) int {
			if q.compare(j, *p) <= 0 {
				return -1
			}
			return 1
		})
	}
	end := min(len(matched), start+q.max)
	resp := &ListClassificationJobsResponse{Items: slices.Clip(matched[start:end])}
	if end < len(matched) {
		resp.NextToken = s.sealToken(digest, markOf(matched[end-1], q.sort))
	}
	if resp.Items == nil {
		resp.Items = []JobSummary{}
	}
	return resp, nil
}

// query is a validated request: the compiled filter, the sort and the
// page size.
type query struct {
	criteria *criteria.ListJobsFilterCriteria
	filter   *filter
	sort     ListJobsSortAttributeName
	desc     bool
	max      int
}

func compileQuery(req *ListClassificationJobsRequest, opts Options) (*query, field.ErrorList) {
	f, errs := compileFilter(req.FilterCriteria, opts)
	q := &query{criteria: req.FilterCriteria, filter: f, sort: SortCreatedAt, desc: true}
	if sc := req.SortCriteria; sc != nil {
		p := field.NewPath("sortCriteria")
		if e := enum.Check(p, "attributeName", sc.AttributeName, "a sort attribute"); e != nil {
			errs = append(errs, e)
		}
		if sc.OrderBy != "" && !enum.Valid(sc.OrderBy) {
			errs = append(errs, field.New(p.Child("orderBy"), field.InvalidValue,
				fmt.Sprintf("%q is not an order; use ASC or DESC", sc.OrderBy)))
		}
		q.sort, q.desc = sc.AttributeName, sc.OrderBy == Descending
	}

	limit := opts.MaxResultsLimit
	if limit == 0 {
		limit = 25
	}
	q.max = opts.MaxResultsDefault
	if q.max <= 0 {
		q.max = 25
	}
	if req.MaxResults != nil {
		n := int(*req.MaxResults)
		if n < 1 || (limit > 0 && n > limit) {
			bound := "unbounded"
			if limit > 0 {
				bound = strconv.Itoa(limit)
			}
			errs = append(errs, field.New(field.NewPath("maxResults"), field.InvalidValue,
				fmt.Sprintf("maxResults %d is out of range: 1 through %s", n, bound)))
		}
		q.max = n
	}
	return q, errs
}

// compare orders a before b (negative), after (positive) or equal (0): by
// the sort attribute in the query's direction, then by jobId ascending.
func (q *query) compare(a, b JobSummary) int {
	var c int
	switch q.sort {
	case SortCreatedAt:
		c = a.CreatedAt.Compare(b.CreatedAt)
	case SortName:
		c = strings.Compare(a.Name, b.Name)
	case SortJobStatus:
		c = strings.Compare(string(a.JobStatus), string(b.JobStatus))
	case SortJobType:
		c = strings.Compare(string(a.JobType), string(b.JobType))
	}
	if q.desc {
		c = -c
	}
	if c != 0 {
		return c
	}
	return strings.Compare(a.JobID, b.JobID)
}

// digest identifies the filter and sort criteria a token is bound to.
func (q *query) digest() [16]byte {
	norm := struct {
		Filter *criteria.ListJobsFilterCriteria `json:"f"`
		Sort   ListJobsSortAttributeName        `json:"s"`
		Desc   bool                             `json:"d"`
	}{q.criteria, q.sort, q.desc}
	b, _ := json.Marshal(norm) // cannot fail: strings, bools, slices
	sum := sha256.Sum256(b)
	var d [16]byte
	copy(d[:], sum[:])
	return d
}
