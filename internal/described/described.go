// Package described reads jobs as Macie describes them
// (DescribeClassificationJob output, or a Terraform state), for the job
// decoder and the Terraform reader alike.
package described

import "github.com/jobscope/jobscope/scope"

// FillTagTargets sets the empty target of s's tag scope terms to
// S3_OBJECT: Macie describes the target as an empty string although it
// requires it on create.
func FillTagTargets(s *scope.Scoping) {
	if s == nil {
		return
	}
	for _, b := range []*scope.JobScopingBlock{s.Includes, s.Excludes} {
		if b == nil {
			continue
		}
		for _, t := range b.And {
			if t.TagScopeTerm != nil && t.TagScopeTerm.Target == "" {
				t.TagScopeTerm.Target = scope.S3Object
			}
		}
	}
}
