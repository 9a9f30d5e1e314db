package jobscope_test

import (
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/criteria"
	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/status"
)

func summary(id, name string, jt jobscope.JobType, st status.JobStatus, created string) jobscope.JobSummary {
	at, err := time.Parse(time.RFC3339, created)
	if err != nil {
		panic(err)
	}
	return jobscope.JobSummary{JobID: id, Name: name, JobType: jt, JobStatus: st, CreatedAt: at}
}

var listJobs = []jobscope.JobSummary{
	summary("j1", "pii-daily", jobscope.Scheduled, status.Idle, "2024-01-05T00:00:00Z"),
	summary("j2", "PII-weekly", jobscope.Scheduled, status.Running, "2024-02-05T00:00:00Z"),
	summary("j3", "finance-once", jobscope.OneTime, status.Complete, "2023-12-01T00:00:00Z"),
	summary("j4", "pii-adhoc", jobscope.OneTime, status.Cancelled, "2024-03-01T00:00:00Z"),
	summary("j5", "audit", jobscope.Scheduled, status.UserPaused, "2024-04-01T00:00:00Z"),
}

func term(key criteria.ListJobsFilterKey, cmp criteria.JobComparator, values ...string) criteria.ListJobsFilterTerm {
	return criteria.ListJobsFilterTerm{Key: key, Comparator: cmp, Values: values}
}

func ids(items []jobscope.JobSummary) []string {
	out := []string{}
	for _, j := range items {
		out = append(out, j.JobID)
	}
	return out
}

func newStore(t testing.TB, jobs []jobscope.JobSummary) *jobscope.JobStore {
	t.Helper()
	s, err := jobscope.NewJobStore(jobs, nil)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func ptr[T any](v T) *T { return &v }

func TestListClassificationJobs(t *testing.T) {
	byName := &jobscope.ListJobsSortCriteria{AttributeName: jobscope.SortName}
	tests := []struct {
		name string
		req  jobscope.ListClassificationJobsRequest
		opts jobscope.ListOptions
		want []string
	}{
		{"default order is createdAt DESC", jobscope.ListClassificationJobsRequest{}, jobscope.ListOptions{}, []string{"j5", "j4", "j2", "j1", "j3"}},
		{"name ASC in byte order", jobscope.ListClassificationJobsRequest{SortCriteria: byName}, jobscope.ListOptions{}, []string{"j2", "j5", "j3", "j4", "j1"}},
		{"STARTS_WITH is case-sensitive", jobscope.ListClassificationJobsRequest{
			FilterCriteria: &criteria.ListJobsFilterCriteria{Includes: []criteria.ListJobsFilterTerm{term(criteria.FilterName, criteria.StartsWith, "pii")}},
			SortCriteria:   byName}, jobscope.ListOptions{}, []string{"j4", "j1"}},
		{"CONTAINS", jobscope.ListClassificationJobsRequest{
			FilterCriteria: &criteria.ListJobsFilterCriteria{Includes: []criteria.ListJobsFilterTerm{term(criteria.FilterName, criteria.Contains, "-once", "dit")}},
			SortCriteria:   byName}, jobscope.ListOptions{}, []string{"j5", "j3"}},
		{"NE is none of", jobscope.ListClassificationJobsRequest{
			FilterCriteria: &criteria.ListJobsFilterCriteria{Includes: []criteria.ListJobsFilterTerm{term(criteria.FilterJobStatus, criteria.NE, "CANCELLED", "COMPLETE")}},
		}, jobscope.ListOptions{}, []string{"j5", "j2", "j1"}},
		{"createdAt range with an offset and epoch ms", jobscope.ListClassificationJobsRequest{
			FilterCriteria: &criteria.ListJobsFilterCriteria{Includes: []criteria.ListJobsFilterTerm{
				term(criteria.FilterCreatedAt, criteria.GT, "2024-01-05T01:00:00+02:00"),
				term(criteria.FilterCreatedAt, criteria.LTE, "1709251200000")}},
		}, jobscope.ListOptions{}, []string{"j4", "j2", "j1"}},
		{"excludes: any term removes", jobscope.ListClassificationJobsRequest{
			FilterCriteria: &criteria.ListJobsFilterCriteria{Excludes: []criteria.ListJobsFilterTerm{
				term(criteria.FilterJobType, criteria.EQ, "ONE_TIME"), term(criteria.FilterJobStatus, criteria.EQ, "USER_PAUSED")}},
		}, jobscope.ListOptions{}, []string{"j2", "j1"}},
		{"excludes: ALL needs every term", jobscope.ListClassificationJobsRequest{
			FilterCriteria: &criteria.ListJobsFilterCriteria{Excludes: []criteria.ListJobsFilterTerm{
				term(criteria.FilterJobType, criteria.EQ, "ONE_TIME"), term(criteria.FilterJobStatus, criteria.EQ, "CANCELLED")}},
		}, jobscope.ListOptions{ExcludeJoin: jobscope.ListAll}, []string{"j5", "j2", "j1", "j3"}},
		{"maxResults default from options", jobscope.ListClassificationJobsRequest{}, jobscope.ListOptions{MaxResultsDefault: 2}, []string{"j5", "j4"}},
	}
	store := newStore(t, listJobs)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := store.ListClassificationJobs(&tt.req, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, ids(resp.Items)); diff != "" {
				t.Errorf("items (-want +got):\n%s", diff)
			}
		})
	}
}

func TestListRejects(t *testing.T) {
	store := newStore(t, listJobs)
	tests := []struct {
		name string
		req  jobscope.ListClassificationJobsRequest
		opts jobscope.ListOptions
		path string
	}{
		{"maxResults 0", jobscope.ListClassificationJobsRequest{MaxResults: ptr[int32](0)}, jobscope.ListOptions{}, "maxResults"},
		{"maxResults 26", jobscope.ListClassificationJobsRequest{MaxResults: ptr[int32](26)}, jobscope.ListOptions{}, "maxResults"},
		{"maxResults over a custom limit", jobscope.ListClassificationJobsRequest{MaxResults: ptr[int32](6)}, jobscope.ListOptions{MaxResultsLimit: 5}, "maxResults"},
		{"unknown key", jobscope.ListClassificationJobsRequest{FilterCriteria: &criteria.ListJobsFilterCriteria{
			Includes: []criteria.ListJobsFilterTerm{term("jobId", criteria.EQ, "j1")}}}, jobscope.ListOptions{}, "filterCriteria.includes[0].key"},
		{"GT on jobType", jobscope.ListClassificationJobsRequest{FilterCriteria: &criteria.ListJobsFilterCriteria{
			Excludes: []criteria.ListJobsFilterTerm{term(criteria.FilterJobType, criteria.GT, "ONE_TIME")}}}, jobscope.ListOptions{}, "filterCriteria.excludes[0].comparator"},
		{"no values", jobscope.ListClassificationJobsRequest{FilterCriteria: &criteria.ListJobsFilterCriteria{
			Includes: []criteria.ListJobsFilterTerm{term(criteria.FilterName, criteria.EQ)}}}, jobscope.ListOptions{}, "filterCriteria.includes[0].values"},
		{"two values for LT", jobscope.ListClassificationJobsRequest{FilterCriteria: &criteria.ListJobsFilterCriteria{
			Includes: []criteria.ListJobsFilterTerm{term(criteria.FilterCreatedAt, criteria.LT, "1", "2")}}}, jobscope.ListOptions{}, "filterCriteria.includes[0].values"},
		{"bad time", jobscope.ListClassificationJobsRequest{FilterCriteria: &criteria.ListJobsFilterCriteria{
			Includes: []criteria.ListJobsFilterTerm{term(criteria.FilterCreatedAt, criteria.EQ, "2024-01-01", "yesterday")}}}, jobscope.ListOptions{}, "filterCriteria.includes[0].values[0]"},
		{"bad attributeName", jobscope.ListClassificationJobsRequest{SortCriteria: &jobscope.ListJobsSortCriteria{AttributeName: "jobId"}}, jobscope.ListOptions{}, "sortCriteria.attributeName"},
		{"bad orderBy", jobscope.ListClassificationJobsRequest{SortCriteria: &jobscope.ListJobsSortCriteria{AttributeName: jobscope.SortName, OrderBy: "UP"}}, jobscope.ListOptions{}, "sortCriteria.orderBy"},
		{"garbage token", jobscope.ListClassificationJobsRequest{NextToken: "not a token"}, jobscope.ListOptions{}, "nextToken"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := store.ListClassificationJobs(&tt.req, tt.opts)
			var fe *field.Error
			if !errors.As(err, &fe) {
				t.Fatalf("got %v, want a *field.Error", err)
			}
			if fe.Exception != field.ValidationException || fe.Path != tt.path {
				t.Errorf("got %s at %q (%v), want ValidationException at %q", fe.Exception, fe.Path, fe, tt.path)
			}
		})
	}
}

// TestListTokens checks that a token works only unmodified, with its own
// store and with the criteria it was issued for.
func TestListTokens(t *testing.T) {
	key := []byte("0123456789abcdef0123456789abcdef")
	store, err := jobscope.NewJobStore(listJobs, key)
	if err != nil {
		t.Fatal(err)
	}
	req := &jobscope.ListClassificationJobsRequest{MaxResults: ptr[int32](2)}
	first, err := store.ListClassificationJobs(req, jobscope.ListOptions{})
	if err != nil || first.NextToken == "" {
		t.Fatalf("first page: %v, %+v", err, first)
	}
	tok := first.NextToken
	next := func(s *jobscope.JobStore, r jobscope.ListClassificationJobsRequest) error {
		_, err := s.ListClassificationJobs(&r, jobscope.ListOptions{})
		return err
	}
	if err := next(store, jobscope.ListClassificationJobsRequest{NextToken: tok}); err != nil {
		t.Fatalf("unmodified token: %v", err)
	}
	// Every single-byte change of the decoded token is refused.
	raw, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil {
		t.Fatal(err)
	}
	for i := range raw {
		for _, bit := range []byte{1, 0x80} {
			mod := slices.Clone(raw)
			mod[i] ^= bit
			if err := next(store, jobscope.ListClassificationJobsRequest{NextToken: base64.RawURLEncoding.EncodeToString(mod)}); err == nil {
				t.Fatalf("token modified at byte %d accepted", i)
			}
		}
	}
	for _, bad := range []string{tok[:len(tok)-1], tok + "A", strings.ToUpper(tok), "", "=", strings.Repeat("A", 100000)} {
		if bad == "" {
			continue
		}
		if err := next(store, jobscope.ListClassificationJobsRequest{NextToken: bad}); err == nil {
			t.Errorf("token %.20q… accepted", bad)
		}
	}
	foreign, _ := jobscope.NewJobStore(listJobs, []byte("another key"))
	if err := next(foreign, jobscope.ListClassificationJobsRequest{NextToken: tok}); err == nil {
		t.Error("a token of another store was accepted")
	}
	if err := next(store, jobscope.ListClassificationJobsRequest{NextToken: tok, SortCriteria: &jobscope.ListJobsSortCriteria{AttributeName: jobscope.SortName}}); err == nil {
		t.Error("a token was accepted with other sort criteria")
	}
	// Same criteria spelled differently: orderBy omitted is ASC.
	asc := &jobscope.ListClassificationJobsRequest{SortCriteria: &jobscope.ListJobsSortCriteria{AttributeName: jobscope.SortName}, MaxResults: ptr[int32](1)}
	p, err := store.ListClassificationJobs(asc, jobscope.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := next(store, jobscope.ListClassificationJobsRequest{NextToken: p.NextToken, SortCriteria: &jobscope.ListJobsSortCriteria{AttributeName: jobscope.SortName, OrderBy: jobscope.Ascending}}); err != nil {
		t.Errorf("orderBy ASC spelled out: %v", err)
	}
}

func TestNewJobStoreRejectsDuplicates(t *testing.T) {
	_, err := jobscope.NewJobStore([]jobscope.JobSummary{listJobs[0], listJobs[0]}, nil)
	var de *jobscope.DuplicateJobError
	if !errors.As(err, &de) || de.Index != 1 {
		t.Errorf("got %v, want a DuplicateJobError at 1", err)
	}
	if _, err := jobscope.NewJobStore([]jobscope.JobSummary{{Name: "x"}}, nil); !errors.As(err, &de) {
		t.Errorf("got %v, want a DuplicateJobError for a missing jobId", err)
	}
}

// reference filters and sorts jobs the obvious way, for the property test.
func reference(jobs []jobscope.JobSummary, f *criteria.ListJobsFilterCriteria, sc *jobscope.ListJobsSortCriteria) []string {
	var kept []jobscope.JobSummary
	for _, j := range jobs {
		ok := true
		if f != nil {
			for _, tm := range f.Includes {
				ok = ok && slices.Contains(tm.Values, string(j.JobStatus)) == (tm.Comparator == criteria.EQ)
			}
			for _, tm := range f.Excludes {
				ok = ok && !(slices.Contains(tm.Values, string(j.JobType)) == (tm.Comparator == criteria.EQ))
			}
		}
		if ok {
			kept = append(kept, j)
		}
	}
	attr, desc := jobscope.SortCreatedAt, true
	if sc != nil {
		attr, desc = sc.AttributeName, sc.OrderBy == jobscope.Descending
	}
	slices.SortFunc(kept, func(a, b jobscope.JobSummary) int {
		var c int
		switch attr {
		case jobscope.SortCreatedAt:
			c = a.CreatedAt.Compare(b.CreatedAt)
		case jobscope.SortName:
			c = strings.Compare(a.Name, b.Name)
		case jobscope.SortJobStatus:
			c = strings.Compare(string(a.JobStatus), string(b.JobStatus))
		case jobscope.SortJobType:
			c = strings.Compare(string(a.JobType), string(b.JobType))
		}
		if desc {
			c = -c
		}
		if c != 0 {
			return c
		}
		return strings.Compare(a.JobID, b.JobID)
	})
	return ids(kept)
}

// TestListPagingProperty: paging through with any page sizes, changing
// between pages, yields exactly the filtered and sorted list, each page
// with a token iff jobs remain.
func TestListPagingProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(0, 40).Draw(t, "jobs")
		base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
		var jobs []jobscope.JobSummary
		for i := 0; i < n; i++ {
			jobs = append(jobs, jobscope.JobSummary{
				JobID:     fmt.Sprintf("j%03d", i),
				Name:      rapid.SampledFrom([]string{"a", "b", "B", "pii", "pii-2", ""}).Draw(t, "name"),
				JobType:   rapid.SampledFrom([]jobscope.JobType{jobscope.OneTime, jobscope.Scheduled}).Draw(t, "jobType"),
				JobStatus: rapid.SampledFrom(status.JobStatus("").Values()).Draw(t, "jobStatus"),
				CreatedAt: base.Add(time.Duration(rapid.IntRange(0, 5).Draw(t, "createdAt")) * time.Hour),
			})
		}
		var f *criteria.ListJobsFilterCriteria
		if rapid.Bool().Draw(t, "filter") {
			f = &criteria.ListJobsFilterCriteria{}
			if rapid.Bool().Draw(t, "include") {
				vals := rapid.SliceOfNDistinct(rapid.SampledFrom(status.JobStatus("").Values()), 1, 3, rapid.ID).Draw(t, "statuses")
				f.Includes = append(f.Includes, term(criteria.FilterJobStatus, rapid.SampledFrom([]criteria.JobComparator{criteria.EQ, criteria.NE}).Draw(t, "inCmp"), toStrings(vals)...))
			}
			if rapid.Bool().Draw(t, "exclude") {
				f.Excludes = append(f.Excludes, term(criteria.FilterJobType, rapid.SampledFrom([]criteria.JobComparator{criteria.EQ, criteria.NE}).Draw(t, "exCmp"), "ONE_TIME"))
			}
		}
		var sc *jobscope.ListJobsSortCriteria
		if rapid.Bool().Draw(t, "sort") {
			sc = &jobscope.ListJobsSortCriteria{
				AttributeName: rapid.SampledFrom(jobscope.ListJobsSortAttributeNameValues()).Draw(t, "attributeName"),
				OrderBy:       rapid.SampledFrom([]jobscope.OrderBy{"", jobscope.Ascending, jobscope.Descending}).Draw(t, "orderBy"),
			}
		}
		want := reference(jobs, f, sc)
		store, err := jobscope.NewJobStore(jobs, nil)
		if err != nil {
			t.Fatal(err)
		}
		got := []string{}
		token := ""
		for pages := 0; ; pages++ {
			if pages > n+1 {
				t.Fatalf("paging does not end")
			}
			size := rapid.IntRange(1, 25).Draw(t, "maxResults")
			resp, err := store.ListClassificationJobs(&jobscope.ListClassificationJobsRequest{
				FilterCriteria: f, SortCriteria: sc, MaxResults: ptr(int32(size)), NextToken: token}, jobscope.ListOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if len(resp.Items) > size {
				t.Fatalf("page of %d with maxResults %d", len(resp.Items), size)
			}
			got = append(got, ids(resp.Items)...)
			if (resp.NextToken != "") != (len(got) < len(want)) {
				t.Fatalf("nextToken %q after %d of %d jobs", resp.NextToken, len(got), len(want))
			}
			if resp.NextToken == "" {
				break
			}
			token = resp.NextToken
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("paged list (-want +got):\n%s", diff)
		}
	})
}

func toStrings[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

// Paging through a job store two jobs at a time.
func ExampleJobStore_ListClassificationJobs() {
	store, _ := jobscope.NewJobStore(listJobs, nil)
	req := &jobscope.ListClassificationJobsRequest{
		SortCriteria: &jobscope.ListJobsSortCriteria{AttributeName: jobscope.SortName},
		MaxResults:   ptr[int32](2),
	}
	for {
		page, err := store.ListClassificationJobs(req, jobscope.ListOptions{})
		if err != nil {
			fmt.Println(err)
			return
		}
		for _, j := range page.Items {
			fmt.Print(j.Name, " ")
		}
		fmt.Println("|")
		if page.NextToken == "" {
			break
		}
		req.NextToken = page.NextToken
	}
	// Output:
	// PII-weekly audit |
	// finance-once pii-adhoc |
	// pii-daily |
}

// FuzzListNextToken: no token, however malformed, panics or yields a page
// other than one the store could have issued.
func FuzzListNextToken(f *testing.F) {
	store, err := jobscope.NewJobStore(listJobs, []byte("fuzz key"))
	if err != nil {
		f.Fatal(err)
	}
	first, err := store.ListClassificationJobs(&jobscope.ListClassificationJobsRequest{MaxResults: ptr[int32](1)}, jobscope.ListOptions{})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(first.NextToken)
	f.Add("")
	f.Add("AAAA")
	f.Fuzz(func(t *testing.T, tok string) {
		resp, err := store.ListClassificationJobs(&jobscope.ListClassificationJobsRequest{NextToken: tok, MaxResults: ptr[int32](1)}, jobscope.ListOptions{})
		if err != nil {
			var fe *field.Error
			if !errors.As(err, &fe) || fe.Exception != field.ValidationException {
				t.Fatalf("error %v is not a ValidationException", err)
			}
			return
		}
		if tok != "" && tok != first.NextToken {
			t.Fatalf("foreign token %q accepted: %v", tok, ids(resp.Items))
		}
	})
}
