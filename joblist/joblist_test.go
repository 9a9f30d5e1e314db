package joblist_test

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

	"github.com/jobscope/jobscope/criteria"
	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/joblist"
	"github.com/jobscope/jobscope/schedule"
	"github.com/jobscope/jobscope/status"
)

func summary(id, name string, jt schedule.JobType, st status.JobStatus, created string) joblist.JobSummary {
	at, err := time.Parse(time.RFC3339, created)
	if err != nil {
		panic(err)
	}
	return joblist.JobSummary{JobID: id, Name: name, JobType: jt, JobStatus: st, CreatedAt: at}
}

var listJobs = []joblist.JobSummary{
	summary("j1", "pii-daily", schedule.Scheduled, status.Idle, "2024-01-05T00:00:00Z"),
	summary("j2", "PII-weekly", schedule.Scheduled, status.Running, "2024-02-05T00:00:00Z"),
	summary("j3", "finance-once", schedule.OneTime, status.Complete, "2023-12-01T00:00:00Z"),
	summary("j4", "pii-adhoc", schedule.OneTime, status.Cancelled, "2024-03-01T00:00:00Z"),
	summary("j5", "audit", schedule.Scheduled, status.UserPaused, "2024-04-01T00:00:00Z"),
}

func term(key criteria.ListJobsFilterKey, cmp criteria.JobComparator, values ...string) criteria.ListJobsFilterTerm {
	return criteria.ListJobsFilterTerm{Key: key, Comparator: cmp, Values: values}
}

func ids(items []joblist.JobSummary) []string {
	out := []string{}
	for _, j := range items {
		out = append(out, j.JobID)
	}
	return out
}

func newStore(t testing.TB, jobs []joblist.JobSummary) *joblist.Store {
	t.Helper()
	s, err := joblist.NewStore(jobs, nil)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func ptr[T any](v T) *T { return &v }

func TestListClassificationJobs(t *testing.T) {
	byName := &joblist.ListJobsSortCriteria{AttributeName: joblist.SortName}
	tests := []struct {
		name string
		req  joblist.ListClassificationJobsRequest
		opts joblist.Options
		want []string
	}{
		{"default order is createdAt DESC", joblist.ListClassificationJobsRequest{}, joblist.Options{}, []string{"j5", "j4", "j2", "j1", "j3"}},
		{"name ASC in byte order", joblist.ListClassificationJobsRequest{SortCriteria: byName}, joblist.Options{}, []string{"j2", "j5", "j3", "j4", "j1"}},
		{"STARTS_WITH is case-sensitive", joblist.ListClassificationJobsRequest{
			FilterCriteria: &criteria.ListJobsFilterCriteria{Includes: []criteria.ListJobsFilterTerm{term(criteria.FilterName, criteria.StartsWith, "pii")}},
			SortCriteria:   byName}, joblist.Options{}, []string{"j4", "j1"}},
		{"CONTAINS", joblist.ListClassificationJobsRequest{
			FilterCriteria: &criteria.ListJobsFilterCriteria{Includes: []criteria.ListJobsFilterTerm{term(criteria.FilterName, criteria.Contains, "-once", "dit")}},
			SortCriteria:   byName}, joblist.Options{}, []string{"j5", "j3"}},
		{"NE is none of", joblist.ListClassificationJobsRequest{
			FilterCriteria: &criteria.ListJobsFilterCriteria{Includes: []criteria.ListJobsFilterTerm{term(criteria.FilterJobStatus, criteria.NE, "CANCELLED", "COMPLETE")}},
		}, joblist.Options{}, []string{"j5", "j2", "j1"}},
		{"createdAt range with an offset and epoch ms", joblist.ListClassificationJobsRequest{
			FilterCriteria: &criteria.ListJobsFilterCriteria{Includes: []criteria.ListJobsFilterTerm{
				term(criteria.FilterCreatedAt, criteria.GT, "2024-01-05T01:00:00+02:00"),
				term(criteria.FilterCreatedAt, criteria.LTE, "1709251200000")}},
		}, joblist.Options{}, []string{"j4", "j2", "j1"}},
		{"excludes: any term removes", joblist.ListClassificationJobsRequest{
			FilterCriteria: &criteria.ListJobsFilterCriteria{Excludes: []criteria.ListJobsFilterTerm{
				term(criteria.FilterJobType, criteria.EQ, "ONE_TIME"), term(criteria.FilterJobStatus, criteria.EQ, "USER_PAUSED")}},
		}, joblist.Options{}, []string{"j2", "j1"}},
		{"excludes: ALL needs every term", joblist.ListClassificationJobsRequest{
			FilterCriteria: &criteria.ListJobsFilterCriteria{Excludes: []criteria.ListJobsFilterTerm{
				term(criteria.FilterJobType, criteria.EQ, "ONE_TIME"), term(criteria.FilterJobStatus, criteria.EQ, "CANCELLED")}},
		}, joblist.Options{ExcludeJoin: criteria.JoinAND}, []string{"j5", "j2", "j1", "j3"}},
		{"maxResults default from options", joblist.ListClassificationJobsRequest{}, joblist.Options{MaxResultsDefault: 2}, []string{"j5", "j4"}},
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
		req  joblist.ListClassificationJobsRequest
		opts joblist.Options
		path string
	}{
		{"maxResults 0", joblist.ListClassificationJobsRequest{MaxResults: ptr[int32](0)}, joblist.Options{}, "maxResults"},
		{"maxResults 26", joblist.ListClassificationJobsRequest{MaxResults: ptr[int32](26)}, joblist.Options{}, "maxResults"},
		{"maxResults over a custom limit", joblist.ListClassificationJobsRequest{MaxResults: ptr[int32](6)}, joblist.Options{MaxResultsLimit: 5}, "maxResults"},
		{"unknown key", joblist.ListClassificationJobsRequest{FilterCriteria: &criteria.ListJobsFilterCriteria{
			Includes: []criteria.ListJobsFilterTerm{term("jobId", criteria.EQ, "j1")}}}, joblist.Options{}, "filterCriteria.includes[0].key"},
		{"GT on jobType", joblist.ListClassificationJobsRequest{FilterCriteria: &criteria.ListJobsFilterCriteria{
			Excludes: []criteria.ListJobsFilterTerm{term(criteria.FilterJobType, criteria.GT, "ONE_TIME")}}}, joblist.Options{}, "filterCriteria.excludes[0].comparator"},
		{"no values", joblist.ListClassificationJobsRequest{FilterCriteria: &criteria.ListJobsFilterCriteria{
			Includes: []criteria.ListJobsFilterTerm{term(criteria.FilterName, criteria.EQ)}}}, joblist.Options{}, "filterCriteria.includes[0].values"},
		{"two values for LT", joblist.ListClassificationJobsRequest{FilterCriteria: &criteria.ListJobsFilterCriteria{
			Includes: []criteria.ListJobsFilterTerm{term(criteria.FilterCreatedAt, criteria.LT, "1", "2")}}}, joblist.Options{}, "filterCriteria.includes[0].values"},
		{"bad time", joblist.ListClassificationJobsRequest{FilterCriteria: &criteria.ListJobsFilterCriteria{
			Includes: []criteria.ListJobsFilterTerm{term(criteria.FilterCreatedAt, criteria.EQ, "2024-01-01", "yesterday")}}}, joblist.Options{}, "filterCriteria.includes[0].values[0]"},
		{"bad attributeName", joblist.ListClassificationJobsRequest{SortCriteria: &joblist.ListJobsSortCriteria{AttributeName: "jobId"}}, joblist.Options{}, "sortCriteria.attributeName"},
		{"bad orderBy", joblist.ListClassificationJobsRequest{SortCriteria: &joblist.ListJobsSortCriteria{AttributeName: joblist.SortName, OrderBy: "UP"}}, joblist.Options{}, "sortCriteria.orderBy"},
		{"garbage token", joblist.ListClassificationJobsRequest{NextToken: "not a token"}, joblist.Options{}, "nextToken"},
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
	store, err := joblist.NewStore(listJobs, key)
	if err != nil {
		t.Fatal(err)
	}
	req := &joblist.ListClassificationJobsRequest{MaxResults: ptr[int32](2)}
	first, err := store.ListClassificationJobs(req, joblist.Options{})
	if err != nil || first.NextToken == "" {
		t.Fatalf("first page: %v, %+v", err, first)
	}
	tok := first.NextToken
	next := func(s *joblist.Store, r joblist.ListClassificationJobsRequest) error {
		_, err := s.ListClassificationJobs(&r, joblist.Options{})
		return err
	}
	if err := next(store, joblist.ListClassificationJobsRequest{NextToken: tok}); err != nil {
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
			if err := next(store, joblist.ListClassificationJobsRequest{NextToken: base64.RawURLEncoding.EncodeToString(mod)}); err == nil {
				t.Fatalf("token modified at byte %d accepted", i)
			}
		}
	}
	for _, bad := range []string{tok[:len(tok)-1], tok + "A", strings.ToUpper(tok), "", "=", strings.Repeat("A", 100000)} {
		if bad == "" {
			continue
		}
		if err := next(store, joblist.ListClassificationJobsRequest{NextToken: bad}); err == nil {
			t.Errorf("token %.20q… accepted", bad)
		}
	}
	foreign, _ := joblist.NewStore(listJobs, []byte("another key"))
	if err := next(foreign, joblist.ListClassificationJobsRequest{NextToken: tok}); err == nil {
		t.Error("a token of another store was accepted")
	}
	if err := next(store, joblist.ListClassificationJobsRequest{NextToken: tok, SortCriteria: &joblist.ListJobsSortCriteria{AttributeName: joblist.SortName}}); err == nil {
		t.Error("a token was accepted with other sort criteria")
	}
	// Same criteria spelled differently: orderBy omitted is ASC.
	asc := &joblist.ListClassificationJobsRequest{SortCriteria: &joblist.ListJobsSortCriteria{AttributeName: joblist.SortName}, MaxResults: ptr[int32](1)}
	p, err := store.ListClassificationJobs(asc, joblist.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := next(store, joblist.ListClassificationJobsRequest{NextToken: p.NextToken, SortCriteria: &joblist.ListJobsSortCriteria{AttributeName: joblist.SortName, OrderBy: joblist.Ascending}}); err != nil {
		t.Errorf("orderBy ASC spelled out: %v", err)
	}
}

func TestNewStoreRejectsDuplicates(t *testing.T) {
	_, err := joblist.NewStore([]joblist.JobSummary{listJobs[0], listJobs[0]}, nil)
	var fe *field.Error
	if !errors.As(err, &fe) || fe.Path != "[1].jobId" || err.Error() != `[1].jobId: jobId "j1" is already in the store` {
		t.Errorf("got %v, want a *field.Error at [1].jobId", err)
	}
	if _, err := joblist.NewStore([]joblist.JobSummary{{Name: "x"}}, nil); !errors.As(err, &fe) || fe.Code != field.Required {
		t.Errorf("got %v, want a *field.Error for a missing jobId", err)
	}
}

func TestExplain(t *testing.T) {
	fc := &criteria.ListJobsFilterCriteria{
		Includes: []criteria.ListJobsFilterTerm{term(criteria.FilterName, criteria.StartsWith, "pii")},
		Excludes: []criteria.ListJobsFilterTerm{
			term(criteria.FilterJobType, criteria.EQ, "ONE_TIME"), term(criteria.FilterJobStatus, criteria.EQ, "CANCELLED")},
	}
	for _, tt := range []struct {
		job      joblist.JobSummary
		opts     joblist.Options
		match    bool
		decision string
	}{
		{listJobs[0], joblist.Options{}, true, "job matches: every include condition holds and the exclude conditions do not exclude it"},
		{listJobs[1], joblist.Options{}, false, "job not included: filterCriteria.includes[0] does not hold"},
		{listJobs[3], joblist.Options{}, false, "job excluded by filterCriteria.excludes[0]"},
		{listJobs[3], joblist.Options{ExcludeJoin: criteria.JoinAND}, false,
			"job excluded: every exclude condition holds, starting with filterCriteria.excludes[0]"},
		{listJobs[2], joblist.Options{}, false, "job not included: filterCriteria.includes[0] does not hold"},
	} {
		ex, err := joblist.Explain(fc, &tt.job, tt.opts)
		if err != nil {
			t.Fatal(err)
		}
		if ex.Match != tt.match || ex.Decision != tt.decision {
			t.Errorf("%s: got %v %q, want %v %q", tt.job.JobID, ex.Match, ex.Decision, tt.match, tt.decision)
		}
		// Explain agrees with the listing.
		store := newStore(t, []joblist.JobSummary{tt.job})
		resp, err := store.ListClassificationJobs(&joblist.ListClassificationJobsRequest{FilterCriteria: fc}, tt.opts)
		if err != nil {
			t.Fatal(err)
		}
		if listed := len(resp.Items) == 1; listed != ex.Match {
			t.Errorf("%s: listed %v, Explain says %v", tt.job.JobID, listed, ex.Match)
		}
	}
	ex, _ := joblist.Explain(fc, &listJobs[1], joblist.Options{})
	want := criteria.Verdict{Path: "filterCriteria.includes[0]", Block: criteria.Includes, Field: "name", Comparator: criteria.StartsWith,
		Actual: []string{"PII-weekly"}, Expected: []string{"pii"}, Deciding: true}
	if diff := cmp.Diff(want, ex.Verdicts[0]); diff != "" {
		t.Errorf("verdict (-want +got):\n%s", diff)
	}
	if _, err := joblist.Explain(&criteria.ListJobsFilterCriteria{Includes: []criteria.ListJobsFilterTerm{term("jobId", criteria.EQ, "j1")}},
		&listJobs[0], joblist.Options{}); err == nil {
		t.Error("Explain accepted an unknown key")
	}
}

// reference filters and sorts jobs the obvious way, for the property test.
func reference(jobs []joblist.JobSummary, f *criteria.ListJobsFilterCriteria, sc *joblist.ListJobsSortCriteria) []string {
	var kept []joblist.JobSummary
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
	attr, desc := joblist.SortCreatedAt, true
	if sc != nil {
		attr, desc = sc.AttributeName, sc.OrderBy == joblist.Descending
	}
	slices.SortFunc(kept, func(a, b joblist.JobSummary) int {
		var c int
		switch attr {
		case joblist.SortCreatedAt:
			c = a.CreatedAt.Compare(b.CreatedAt)
		case joblist.SortName:
			c = strings.Compare(a.Name, b.Name)
		case joblist.SortJobStatus:
			c = strings.Compare(string(a.JobStatus), string(b.JobStatus))
		case joblist.SortJobType:
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
		var jobs []joblist.JobSummary
		for i := 0; i < n; i++ {
			jobs = append(jobs, joblist.JobSummary{
				JobID:     fmt.Sprintf("j%03d", i),
				Name:      rapid.SampledFrom([]string{"a", "b", "B", "pii", "pii-2", ""}).Draw(t, "name"),
				JobType:   rapid.SampledFrom([]schedule.JobType{schedule.OneTime, schedule.Scheduled}).Draw(t, "jobType"),
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
		var sc *joblist.ListJobsSortCriteria
		if rapid.Bool().Draw(t, "sort") {
			sc = &joblist.ListJobsSortCriteria{
				AttributeName: rapid.SampledFrom(joblist.ListJobsSortAttributeName("").Values()).Draw(t, "attributeName"),
				OrderBy:       rapid.SampledFrom([]joblist.OrderBy{"", joblist.Ascending, joblist.Descending}).Draw(t, "orderBy"),
			}
		}
		want := reference(jobs, f, sc)
		store, err := joblist.NewStore(jobs, nil)
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
			resp, err := store.ListClassificationJobs(&joblist.ListClassificationJobsRequest{
				FilterCriteria: f, SortCriteria: sc, MaxResults: ptr(int32(size)), NextToken: token}, joblist.Options{})
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
func ExampleStore_ListClassificationJobs() {
	store, _ := joblist.NewStore(listJobs, nil)
	req := &joblist.ListClassificationJobsRequest{
		SortCriteria: &joblist.ListJobsSortCriteria{AttributeName: joblist.SortName},
		MaxResults:   ptr[int32](2),
	}
	for {
		page, err := store.ListClassificationJobs(req, joblist.Options{})
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
	store, err := joblist.NewStore(listJobs, []byte("fuzz key"))
	if err != nil {
		f.Fatal(err)
	}
	first, err := store.ListClassificationJobs(&joblist.ListClassificationJobsRequest{MaxResults: ptr[int32](1)}, joblist.Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(first.NextToken)
	f.Add("")
	f.Add("AAAA")
	f.Fuzz(func(t *testing.T, tok string) {
		resp, err := store.ListClassificationJobs(&joblist.ListClassificationJobsRequest{NextToken: tok, MaxResults: ptr[int32](1)}, joblist.Options{})
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
