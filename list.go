package jobscope

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jobscope/jobscope/criteria"
	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/status"
)

// JobSummary is what ListClassificationJobs reports about one job, in the
// shape of Macie's JobSummary. ListClassificationJobs filters and sorts on
// jobId, name, jobType, jobStatus and createdAt.
type JobSummary struct {
	// BucketCriteria are the job's runtime bucket criteria, if it has them.
	BucketCriteria *criteria.S3BucketCriteriaForJob `json:"bucketCriteria,omitempty"`
	// BucketDefinitions are the job's explicit buckets, if it has them.
	BucketDefinitions []S3BucketDefinitionForJob `json:"bucketDefinitions,omitempty"`
	// CreatedAt is when the job was created.
	CreatedAt time.Time `json:"createdAt"`
	// JobID identifies the job; unique in a JobStore.
	JobID string `json:"jobId"`
	// JobStatus is the job's current status.
	JobStatus status.JobStatus `json:"jobStatus"`
	// JobType is ONE_TIME or SCHEDULED.
	JobType JobType `json:"jobType"`
	// LastRunErrorStatus says whether the job's latest run had errors.
	LastRunErrorStatus *status.LastRunErrorStatus `json:"lastRunErrorStatus,omitempty"`
	// Name is the job's name.
	Name string `json:"name"`
	// UserPausedDetails are present only while the job is USER_PAUSED.
	UserPausedDetails *status.UserPausedDetails `json:"userPausedDetails,omitempty"`
}

// ListJobsSortAttributeName is a job property ListClassificationJobs can
// sort by. Like ListJobsFilterKey its values are camelCase.
type ListJobsSortAttributeName string

// The values of ListJobsSortAttributeName, in the order of Macie's model.
const (
	SortCreatedAt ListJobsSortAttributeName = "createdAt"
	SortJobStatus ListJobsSortAttributeName = "jobStatus"
	SortName      ListJobsSortAttributeName = "name"
	SortJobType   ListJobsSortAttributeName = "jobType"
)

// ListJobsSortAttributeNameValues returns every ListJobsSortAttributeName.
func ListJobsSortAttributeNameValues() []ListJobsSortAttributeName {
	return []ListJobsSortAttributeName{SortCreatedAt, SortJobStatus, SortName, SortJobType}
}

// Valid reports whether a is one of ListJobsSortAttributeNameValues.
func (a ListJobsSortAttributeName) Valid() bool {
	return slices.Contains(ListJobsSortAttributeNameValues(), a)
}

// OrderBy is a sort direction.
type OrderBy string

// The values of OrderBy.
const (
	Ascending  OrderBy = "ASC"
	Descending OrderBy = "DESC"
)

// OrderByValues returns every OrderBy.
func OrderByValues() []OrderBy { return []OrderBy{Ascending, Descending} }

// Valid reports whether o is one of OrderByValues.
func (o OrderBy) Valid() bool { return o == Ascending || o == Descending }

// ListJobsSortCriteria is the sortCriteria of a ListClassificationJobs
// request.
type ListJobsSortCriteria struct {
	// AttributeName is the property to sort by. Required.
	AttributeName ListJobsSortAttributeName `json:"attributeName,omitempty"`
	// OrderBy is the direction; ASC when omitted.
	OrderBy OrderBy `json:"orderBy,omitempty"`
}

// ListClassificationJobsRequest is the body of Macie's
// ListClassificationJobs request.
type ListClassificationJobsRequest struct {
	// FilterCriteria selects jobs; every job when nil.
	FilterCriteria *criteria.ListJobsFilterCriteria `json:"filterCriteria,omitempty"`
	// MaxResults is the page size: 1 through ListOptions.MaxResultsLimit
	// (25 by default); ListOptions.MaxResultsDefault when nil.
	MaxResults *int32 `json:"maxResults,omitempty"`
	// NextToken is the NextToken of the previous page, to get the next.
	NextToken string `json:"nextToken,omitempty"`
	// SortCriteria orders the jobs; createdAt DESC when nil.
	SortCriteria *ListJobsSortCriteria `json:"sortCriteria,omitempty"`
}

// ListClassificationJobsResponse is one page of jobs.
type ListClassificationJobsResponse struct {
	// Items are the page's jobs, in order.
	Items []JobSummary `json:"items"`
	// NextToken gets the next page; empty (null on the wire) when no jobs
	// remain after this page.
	NextToken string `json:"nextToken,omitempty"`
}

// JobStore is a set of job summaries that ListClassificationJobs pages
// through. It holds the secret key that makes its page tokens
// tamper-evident: a token is accepted only by the store that issued it, only
// unmodified, and only with the filter and sort criteria it was issued for.
// A JobStore is safe for concurrent use.
type JobStore struct {
	mu   sync.RWMutex
	jobs map[string]JobSummary
	key  []byte
}

// DuplicateJobError is returned by NewJobStore for a job without jobId or a
// jobId given twice.
type DuplicateJobError struct {
	// Index is the position of the offending summary.
	Index int
	// JobID is its jobId (empty when missing).
	JobID string
}

func (e *DuplicateJobError) Error() string {
	if e.JobID == "" {
		return fmt.Sprintf("job summary %d has no jobId", e.Index)
	}
	return fmt.Sprintf("job summary %d: jobId %q is already in the store", e.Index, e.JobID)
}

// NewJobStore returns a store holding jobs. key is the secret that signs
// page tokens; nil draws a random 32-byte key, so tokens do not survive the
// store. Every job needs a jobId, unique in the store.
func NewJobStore(jobs []JobSummary, key []byte) (*JobStore, error) {
	if key == nil {
		key = make([]byte, 32)
		if _, err := rand.Read(key); err != nil {
			return nil, fmt.Errorf("drawing a token key: %w", err)
		}
	}
	s := &JobStore{jobs: make(map[string]JobSummary, len(jobs)), key: bytes.Clone(key)}
	for i, j := range jobs {
		if _, dup := s.jobs[j.JobID]; dup || j.JobID == "" {
			return nil, &DuplicateJobError{Index: i, JobID: j.JobID}
		}
		s.jobs[j.JobID] = j
	}
	return s, nil
}

// Put adds a job or replaces the job with the same jobId. Tokens issued
// earlier stay valid: a page starts after the last job of the page before,
// so jobs added or removed meanwhile are neither repeated nor skipped, apart
// from those that moved across the page boundary.
func (s *JobStore) Put(j JobSummary) error {
	if j.JobID == "" {
		return &DuplicateJobError{Index: -1}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.jobs[j.JobID] = j
	return nil
}

// Delete removes the job with jobId id, if any.
func (s *JobStore) Delete(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.jobs, id)
}

// Len returns the number of jobs in the store.
func (s *JobStore) Len() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.jobs)
}

// ListClassificationJobs returns one page of the store's jobs that match
// req.FilterCriteria, in the order of req.SortCriteria (conformance/testdata/README.md,
// "9. list"; docs/semantics.md, "Listing jobs"):
//
//   - filter: include terms are AND-joined; a job is removed when it
//     matches any exclude term (ListOptions.ExcludeJoin ALL: all of them).
//     EQ matches any of the values, NE none of them. name takes EQ, NE,
//     STARTS_WITH and CONTAINS, case-sensitive; jobType and jobStatus EQ and
//     NE; createdAt EQ, NE, GT, GTE, LT and LTE, with values in ISO 8601
//     (any offset) or epoch milliseconds, the range comparators with exactly
//     one value.
//   - sort: createdAt DESC when sortCriteria is absent; ASC when orderBy is
//     omitted; strings in byte order; ties by jobId ascending whatever the
//     order.
//   - paging: maxResults 1..MaxResultsLimit (default MaxResultsDefault);
//     NextToken is set iff jobs remain after the page. A token may be reused,
//     and maxResults may change between pages, but the filter and sort
//     criteria may not.
//
// Any other key or comparator, a term without values, an unparsable
// createdAt value, a bad attributeName or orderBy, maxResults out of range,
// and a token that is malformed, modified, issued by another store or for
// other criteria are rejected with a field.ErrorList of *field.Error whose
// Exception is ValidationException, each at the path of the member at
// fault.
func (s *JobStore) ListClassificationJobs(req *ListClassificationJobsRequest, opts ListOptions) (*ListClassificationJobsResponse, error) {
	if req == nil {
		req = &ListClassificationJobsRequest{}
	}
	q, errs := compileListRequest(req, opts)
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

	s.mu.RLock()
	matched := make([]JobSummary, 0, len(s.jobs))
	for _, j := range s.jobs {
		if q.match(&j) {
			matched = append(matched, j)
		}
	}
	s.mu.RUnlock()
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

// listQuery is a validated request: the compiled filter, the sort and the
// page size.
type listQuery struct {
	filter   *criteria.ListJobsFilterCriteria
	includes []listTerm
	excludes []listTerm
	allJoin  bool
	sort     ListJobsSortAttributeName
	desc     bool
	max      int
}

type listTerm struct {
	key   criteria.ListJobsFilterKey
	cmp   criteria.JobComparator
	strs  []string
	times []time.Time
}

// listComparators are the comparators each filter key takes (docs/semantics.md,
// "Listing jobs").
var listComparators = map[criteria.ListJobsFilterKey][]criteria.JobComparator{
	criteria.FilterJobType:   {criteria.EQ, criteria.NE},
	criteria.FilterJobStatus: {criteria.EQ, criteria.NE},
	criteria.FilterCreatedAt: {criteria.EQ, criteria.NE, criteria.GT, criteria.GTE, criteria.LT, criteria.LTE},
	criteria.FilterName:      {criteria.EQ, criteria.NE, criteria.StartsWith, criteria.Contains},
}

var epochMillisRE = regexp.MustCompile(`^-?[0-9]{1,18}$`)

// parseListTime parses a createdAt filter value: RFC 3339 with any offset,
// or epoch milliseconds.
func parseListTime(v string) (time.Time, bool) {
	if epochMillisRE.MatchString(v) {
		ms, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return time.Time{}, false
		}
		return time.UnixMilli(ms).UTC(), true
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return time.Time{}, false
	}
	return t.UTC(), true
}

func compileListRequest(req *ListClassificationJobsRequest, opts ListOptions) (*listQuery, field.ErrorList) {
	var errs field.ErrorList
	q := &listQuery{filter: req.FilterCriteria, allJoin: opts.ExcludeJoin == ListAll, sort: SortCreatedAt, desc: true}

	if fc := req.FilterCriteria; fc != nil {
		base := field.NewPath("filterCriteria")
		q.includes, errs = compileListTerms(base.Child("includes"), fc.Includes, errs)
		q.excludes, errs = compileListTerms(base.Child("excludes"), fc.Excludes, errs)
	}
	if sc := req.SortCriteria; sc != nil {
		p := field.NewPath("sortCriteria")
		switch {
		case sc.AttributeName == "":
			errs = append(errs, field.New(p.Child("attributeName"), field.Required,
				"attributeName is required; use one of "+field.Alternatives(ListJobsSortAttributeNameValues())))
		case !sc.AttributeName.Valid():
			errs = append(errs, field.New(p.Child("attributeName"), field.InvalidValue,
				fmt.Sprintf("%q is not a sort attribute; use one of %s", sc.AttributeName, field.Alternatives(ListJobsSortAttributeNameValues()))))
		}
		if sc.OrderBy != "" && !sc.OrderBy.Valid() {
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

func compileListTerms(p field.Path, terms []criteria.ListJobsFilterTerm, errs field.ErrorList) ([]listTerm, field.ErrorList) {
	var out []listTerm
	for i, t := range terms {
		tp := p.Index(i)
		lt := listTerm{key: t.Key, cmp: t.Comparator, strs: t.Values}
		allowed, known := listComparators[t.Key]
		switch {
		case t.Key == "":
			errs = append(errs, field.New(tp.Child("key"), field.Required,
				"key is required; use one of "+field.Alternatives(criteria.ListJobsFilterKeyValues())))
			continue
		case !known:
			errs = append(errs, field.New(tp.Child("key"), field.InvalidValue,
				fmt.Sprintf("%q is not a filter key; use one of %s", t.Key, field.Alternatives(criteria.ListJobsFilterKeyValues()))))
			continue
		case t.Comparator == "":
			errs = append(errs, field.New(tp.Child("comparator"), field.Required,
				fmt.Sprintf("comparator is required; %s takes %s", t.Key, field.Alternatives(allowed))))
			continue
		case !slices.Contains(allowed, t.Comparator):
			errs = append(errs, field.New(tp.Child("comparator"), field.InvalidValue,
				fmt.Sprintf("%s does not take %q; use %s", t.Key, t.Comparator, field.Alternatives(allowed))))
			continue
		case len(t.Values) == 0:
			errs = append(errs, field.New(tp.Child("values"), field.TooFew, "give at least one value"))
			continue
		}
		if t.Key == criteria.FilterCreatedAt {
			if t.Comparator != criteria.EQ && t.Comparator != criteria.NE && len(t.Values) != 1 {
				errs = append(errs, field.New(tp.Child("values"), field.TooMany,
					fmt.Sprintf("%s takes exactly one value, got %d", t.Comparator, len(t.Values))))
				continue
			}
			ok := true
			for k, v := range t.Values {
				ts, good := parseListTime(v)
				if !good {
					errs = append(errs, field.New(tp.Child("values").Index(k), field.InvalidValue,
						fmt.Sprintf("%q is not a time: use ISO 8601 (2024-02-05T00:00:00Z) or epoch milliseconds", v)))
					ok = false
				}
				lt.times = append(lt.times, ts)
			}
			if !ok {
				continue
			}
		}
		out = append(out, lt)
	}
	return out, errs
}

func (t *listTerm) match(j *JobSummary) bool {
	if t.key == criteria.FilterCreatedAt {
		c := j.CreatedAt
		switch t.cmp {
		case criteria.GT:
			return c.After(t.times[0])
		case criteria.GTE:
			return !c.Before(t.times[0])
		case criteria.LT:
			return c.Before(t.times[0])
		case criteria.LTE:
			return !c.After(t.times[0])
		}
		eq := slices.ContainsFunc(t.times, c.Equal)
		return eq == (t.cmp == criteria.EQ)
	}
	var v string
	switch t.key {
	case criteria.FilterName:
		v = j.Name
	case criteria.FilterJobType:
		v = string(j.JobType)
	case criteria.FilterJobStatus:
		v = string(j.JobStatus)
	}
	switch t.cmp {
	case criteria.StartsWith:
		return slices.ContainsFunc(t.strs, func(s string) bool { return strings.HasPrefix(v, s) })
	case criteria.Contains:
		return slices.ContainsFunc(t.strs, func(s string) bool { return strings.Contains(v, s) })
	case criteria.NE:
		return !slices.Contains(t.strs, v)
	}
	return slices.Contains(t.strs, v)
}

func (q *listQuery) match(j *JobSummary) bool {
	for i := range q.includes {
		if !q.includes[i].match(j) {
			return false
		}
	}
	if len(q.excludes) == 0 {
		return true
	}
	for i := range q.excludes {
		m := q.excludes[i].match(j)
		if m && !q.allJoin {
			return false // any exclude term removes the job
		}
		if !m && q.allJoin {
			return true // not every exclude term matches: kept
		}
	}
	return !q.allJoin
}

// compare orders a before b (negative), after (positive) or equal (0): by
// the sort attribute in the query's direction, then by jobId ascending.
func (q *listQuery) compare(a, b JobSummary) int {
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
func (q *listQuery) digest() [16]byte {
	norm := struct {
		Filter *criteria.ListJobsFilterCriteria `json:"f"`
		Sort   ListJobsSortAttributeName        `json:"s"`
		Desc   bool                             `json:"d"`
	}{q.filter, q.sort, q.desc}
	b, _ := json.Marshal(norm) // cannot fail: strings, bools, slices
	sum := sha256.Sum256(b)
	var d [16]byte
	copy(d[:], sum[:])
	return d
}

// pageMark is the position a token encodes: the sort value and jobId of
// the last job of the page before.
type pageMark struct {
	str   string    // sort value of a string attribute
	at    time.Time // sort value of createdAt
	jobID string
}

func markOf(j JobSummary, attr ListJobsSortAttributeName) pageMark {
	m := pageMark{jobID: j.JobID}
	switch attr {
	case SortCreatedAt:
		m.at = j.CreatedAt
	case SortName:
		m.str = j.Name
	case SortJobStatus:
		m.str = string(j.JobStatus)
	case SortJobType:
		m.str = string(j.JobType)
	}
	return m
}

func (m *pageMark) summary(attr ListJobsSortAttributeName) JobSummary {
	j := JobSummary{JobID: m.jobID, CreatedAt: m.at}
	switch attr {
	case SortName:
		j.Name = m.str
	case SortJobStatus:
		j.JobStatus = status.JobStatus(m.str)
	case SortJobType:
		j.JobType = JobType(m.str)
	}
	return j
}

const (
	tokenVersion = 1
	tokenMACSize = 16
	maxTokenSize = 16 << 10
)

// Token layout before base64url: version (1 byte), criteria digest (16),
// createdAt seconds (8, big endian) and nanoseconds (4), the string sort
// value and the jobId (each a uvarint length and bytes), then a truncated
// HMAC-SHA256 of everything before it under the store's key.
func (s *JobStore) sealToken(digest [16]byte, m pageMark) string {
	b := []byte{tokenVersion}
	b = append(b, digest[:]...)
	b = binary.BigEndian.AppendUint64(b, uint64(m.at.Unix()))
	b = binary.BigEndian.AppendUint32(b, uint32(m.at.Nanosecond()))
	b = binary.AppendUvarint(b, uint64(len(m.str)))
	b = append(b, m.str...)
	b = binary.AppendUvarint(b, uint64(len(m.jobID)))
	b = append(b, m.jobID...)
	b = append(b, s.mac(b)...)
	return base64.RawURLEncoding.EncodeToString(b)
}

func (s *JobStore) mac(b []byte) []byte {
	h := hmac.New(sha256.New, s.key)
	h.Write(b)
	return h.Sum(nil)[:tokenMACSize]
}

// tokenError is why a token is refused.
type tokenError string

func (e tokenError) Error() string { return string(e) }

func (s *JobStore) openToken(tok string, digest [16]byte) (*pageMark, error) {
	const bad = tokenError("nextToken is not a token this job store issued, or it was modified; start again without nextToken")
	if len(tok) > maxTokenSize {
		return nil, bad
	}
	b, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil || len(b) < 1+16+12+2+tokenMACSize {
		return nil, bad
	}
	// The decoder ignores newlines and the unused bits of the last
	// character: a token spelled otherwise than as issued was modified.
	if base64.RawURLEncoding.EncodeToString(b) != tok {
		return nil, bad
	}
	body, sum := b[:len(b)-tokenMACSize], b[len(b)-tokenMACSize:]
	if !hmac.Equal(sum, s.mac(body)) || body[0] != tokenVersion {
		return nil, bad
	}
	if !bytes.Equal(body[1:17], digest[:]) {
		return nil, tokenError("nextToken was issued for other filterCriteria or sortCriteria; send the same criteria as for the first page")
	}
	rest := body[17:]
	sec := int64(binary.BigEndian.Uint64(rest))
	nsec := int64(binary.BigEndian.Uint32(rest[8:]))
	rest = rest[12:]
	str, rest, ok := readString(rest)
	if !ok {
		return nil, bad
	}
	id, rest, ok := readString(rest)
	if !ok || len(rest) != 0 || nsec >= 1e9 {
		return nil, bad
	}
	return &pageMark{str: str, at: time.Unix(sec, nsec).UTC(), jobID: id}, nil
}

func readString(b []byte) (string, []byte, bool) {
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)-k) {
		return "", nil, false
	}
	return string(b[k : k+int(n)]), b[k+int(n):], true
}
