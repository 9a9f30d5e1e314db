// Package joblist is Macie's ListClassificationJobs, offline: a [Store] of
// job summaries answers ListClassificationJobsRequest pages as Macie does —
// filtered by criteria.ListJobsFilterCriteria, sorted by
// ListJobsSortCriteria, paged with maxResults and a nextToken — and
// [Explain] tells why a job is listed or not.
//
//	store, err := joblist.NewStore(summaries, nil)
//	page, err := store.ListClassificationJobs(&joblist.ListClassificationJobsRequest{
//		SortCriteria: &joblist.ListJobsSortCriteria{AttributeName: joblist.SortName},
//	}, joblist.Options{})
//
// A filter's include and exclude terms combine by the block algebra of
// package criteria, like bucket criteria, except that by default any
// exclude term removes a job (Options.ExcludeJoin). Which comparators each
// key takes, how createdAt values are written, the default order and the
// page size are in docs/semantics.md, "Listing jobs"; an invalid request is
// a field.ErrorList whose errors carry the path of the member at fault and
// the ValidationException Macie answers with.
//
// Page tokens are opaque and tamper-evident: each carries the position
// after the last job of its page and is signed with the store's key, bound
// to the request's filter and sort criteria.
package joblist
