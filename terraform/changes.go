package terraform

import (
	"io"
	"iter"
)

// Change is a planned change of an aws_macie2_classification_job instance:
// an element of the plan's resource_changes.
type Change struct {
	// Address is the instance's address, as Resource.Address.
	Address string
	// Actions are the change's actions, in Terraform's order: "create",
	// "delete", "update", "no-op", "read", or a replacement, "delete" then
	// "create" (destroy before create, the default) or "create" then
	// "delete" (create_before_destroy). A classification job cannot be
	// updated in place but for its status and tags, so a changed definition
	// replaces the job.
	Actions []string
	// Before is the instance as it is (change.before), nil when the plan
	// creates it. Its values are the state's: known, none of them
	// unknown.
	Before *Resource
	// After is the instance as the plan leaves it (change.after with
	// change.after_unknown, and the configuration, as Resources reads
	// planned_values), nil when the plan deletes it.
	After *Resource
}

// Changes returns the changes of aws_macie2_classification_job instances
// in the resource_changes of the `terraform show -json` output of a plan
// r holds, in the order of the document, whatever their actions; a state,
// or a plan without such changes, yields none. It reads r as Resources
// does — twice, as a stream, one resource at a time, within opts — and
// its errors are those of Resources. Before and After are converted as
// Resources converts an instance: each has its Job, or is nil; their
// Validate reports their problems and limits.
func Changes(r io.Reader, opts Options) iter.Seq2[*Change, error] {
	return func(yield func(*Change, error) bool) {
		twoPasses(r, opts, func(err error) { yield(nil, err) }, func(x *planIndex, at io.ReaderAt) {
			for _, pc := range x.changes {
				c := &Change{Address: pc.address, Actions: pc.actions}
				var err error
				if pc.before != (span{}) {
					c.Before, err = x.read(at, pc.address, pc.before, span{}, "", "", false)
				}
				if err == nil && pc.after != (span{}) {
					c.After, err = x.read(at, pc.address, pc.after, pc.unknown, pc.module, pc.name, true)
				}
				if err != nil {
					yield(nil, err)
					return
				}
				if !yield(c, nil) {
					return
				}
			}
		})
	}
}
