package conformance

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/jobscope/jobscope/criteria"
	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/joblist"
)

// listCaseRequest is a ListClassificationJobsRequest whose nextToken is a
// string sent verbatim or {"fromPage": j}.
type listCaseRequest struct {
	FilterCriteria *criteria.ListJobsFilterCriteria `json:"filterCriteria"`
	SortCriteria   *joblist.ListJobsSortCriteria    `json:"sortCriteria"`
	MaxResults     *int32                           `json:"maxResults"`
	NextToken      json.RawMessage                  `json:"nextToken"`
}

func runList(t *testing.T, c *Case) {
	var jobs []joblist.JobSummary
	decodeStrict(t, "jobs", c.Fields["jobs"], &jobs)
	var reqs []listCaseRequest
	decodeStrict(t, "requests", c.Fields["requests"], &reqs)
	var want struct {
		Pages            [][]string `json:"pages"`
		NextTokenPresent []bool     `json:"nextTokenPresent"`
		Error            *struct {
			RequestIndex int    `json:"requestIndex"`
			Code         string `json:"code"`
		} `json:"error"`
	}
	decodeStrict(t, "expect", c.Expect, &want)

	store, err := joblist.NewStore(jobs, nil)
	if err != nil {
		t.Fatal(err)
	}
	pages := [][]string{}
	var present []bool
	var tokens []string
	for i, r := range reqs {
		req := &joblist.ListClassificationJobsRequest{FilterCriteria: r.FilterCriteria, SortCriteria: r.SortCriteria, MaxResults: r.MaxResults}
		if len(r.NextToken) > 0 && !bytes.Equal(r.NextToken, []byte("null")) {
			var from struct {
				FromPage *int `json:"fromPage"`
			}
			if json.Unmarshal(r.NextToken, &req.NextToken) != nil {
				decodeStrict(t, fmt.Sprintf("requests[%d].nextToken", i), r.NextToken, &from)
				if from.FromPage == nil || *from.FromPage < 0 || *from.FromPage >= i || tokens[*from.FromPage] == "" {
					t.Fatalf("requests[%d].nextToken: fromPage must name an earlier response with a token", i)
				}
				req.NextToken = tokens[*from.FromPage]
			}
		}
		resp, err := store.ListClassificationJobs(req, c.Engine.List)
		if want.Error != nil && i == want.Error.RequestIndex {
			var fe *field.Error
			switch {
			case err == nil:
				t.Errorf("request %d: want %s, got a page of %d", i, want.Error.Code, len(resp.Items))
			case !errors.As(err, &fe):
				t.Errorf("request %d: want a *field.Error, got %T %v", i, err, err)
			case fe.Exception != want.Error.Code:
				t.Errorf("request %d: exception %s, want %s (%v)", i, fe.Exception, want.Error.Code, err)
			}
			break
		}
		if err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
		ids := []string{}
		for _, j := range resp.Items {
			ids = append(ids, j.JobID)
		}
		pages = append(pages, ids)
		present = append(present, resp.NextToken != "")
		tokens = append(tokens, resp.NextToken)
	}
	if diff := cmp.Diff(want.Pages, pages); diff != "" {
		t.Errorf("pages (-want +got):\n%s", diff)
	}
	if want.Error == nil {
		if diff := cmp.Diff(want.NextTokenPresent, present); diff != "" {
			t.Errorf("nextTokenPresent (-want +got):\n%s", diff)
		}
	} else if want.NextTokenPresent != nil {
		t.Errorf("expect has both error and nextTokenPresent")
	}
}
