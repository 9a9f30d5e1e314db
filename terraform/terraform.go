// Package terraform reads the classification jobs of a Terraform plan or
// state: the output of `terraform show -json`.
//
// [Resources] finds every aws_macie2_classification_job resource instance —
// in a plan's planned_values or a state's values, in the root module and in
// child modules at any depth — and turns each into the [jobscope.Job] the
// AWS provider will send as its CreateClassificationJob request. The mapping
// follows the provider's own expand functions, so what is validated is what
// reaches Macie:
//
//   - blocks (s3_job_definition, bucket_criteria, includes, excludes,
//     simple_criterion, tag_criterion, scoping, simple_scope_term,
//     tag_scope_term, schedule_frequency) are lists of at most one element,
//     and become the nested objects of the request;
//   - schedule_frequency's daily_schedule is a bool (true gives
//     dailySchedule {}), weekly_schedule the day and monthly_schedule the
//     day of the month;
//   - the provider leaves out empty strings, empty lists, a zero
//     sampling_percentage or monthly_schedule and a false initial_run, and
//     drops empty strings from lists of values and buckets; so does the
//     mapping;
//   - name is name, else name_prefix plus 26 generated characters, else
//     "terraform-" plus 26 generated characters (the generated part is
//     written as zeros); the provider always sends a clientToken;
//   - tags are tags_all (the resource's tags merged with the provider's
//     default_tags) when the plan knows them, else tags;
//   - job_status, job_id, job_arn, created_at and user_paused_details, when
//     known, fill the Job's read-only members (useful with a state).
//
// Values a plan knows only after apply (after_unknown in resource_changes)
// are not errors: they are listed in [Resource.Unknown], left out of the
// Job, and [Resource.Validate] drops the problems they would cause. An
// optional attribute the configuration does not set is also unknown in a
// plan (the provider computes it), but the provider sends nothing for it;
// such values, found by reading the plan's configuration section, are
// treated as absent, not as unknown.
//
// Resources reads a plan as a stream, one resource at a time, within the
// bounds of [Options]; [Find] picks one resource by address.
package terraform

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/internal/names"
)

// ResourceType is the AWS provider's resource type of a classification job.
const ResourceType = "aws_macie2_classification_job"

// Resource is one aws_macie2_classification_job instance.
type Resource struct {
	// Address is the instance's address as Terraform prints it:
	// module.scan.aws_macie2_classification_job.pii[0], or
	// aws_macie2_classification_job.pii["eu"] for a for_each key.
	Address string
	// Job is the request the provider will send, without the values known
	// only after apply. It is nil when the resource is beyond
	// Limits.MaxBytes, MaxDepth or MaxValues: Validate reports which.
	Job *jobscope.Job
	// Unknown lists the values the plan knows only after apply, in the
	// order of the request's members.
	Unknown []Unknown

	errs   field.ErrorList // values of the wrong JSON type
	limits field.ErrorList // the limits the resource is beyond
	// attrs maps the job paths whose attribute is not the one its name
	// gives (name from name_prefix, tags from tags_all) to that attribute.
	attrs map[string]string
	// shifts maps the job path of a list of strings the provider dropped
	// empty strings from to the attribute index of each element.
	shifts map[string][]int
}

// Unknown is a value known only after apply.
type Unknown struct {
	// Path is the JSON path of the request member, as in validation
	// errors: s3JobDefinition.bucketDefinitions[0].buckets.
	Path string `json:"path"`
	// Attribute is the resource attribute it comes from:
	// s3_job_definition[0].bucket_definitions[0].buckets.
	Attribute string `json:"attribute"`
}

func (u Unknown) String() string {
	return fmt.Sprintf("%s (%s) is known only after apply", u.Path, u.Attribute)
}

// notFound is Find's error when the resources have addrs; nil when address
// is empty and there is one.
func notFound(addrs []string, address string) error {
	if address == "" {
		switch len(addrs) {
		case 0:
			return fmt.Errorf("no %s resources", ResourceType)
		case 1:
			return nil
		}
		return fmt.Errorf("%d %s resources; choose one: %s", len(addrs), ResourceType, strings.Join(addrs, ", "))
	}
	if len(addrs) == 0 {
		return fmt.Errorf("no resource %s: there are no %s resources", address, ResourceType)
	}
	return fmt.Errorf("no resource %s; the %s resources are %s", address, ResourceType, strings.Join(addrs, ", "))
}

// Validate validates the resource's job as [jobscope.Job.Validate] does and
// returns nil or a field.ErrorList. It leaves out the problems of values
// known only after apply: a problem at or below an unknown value's path, or
// at the member that contains it (a missing or conflicting member may be the
// unknown one). A resource beyond a limit of its Options.Limits has that
// problem, with code field.Limit, and none at or below its path; one beyond
// MaxBytes, MaxDepth or MaxValues has no other.
func (r *Resource) Validate(opts jobscope.Options) error {
	if r.Job == nil {
		return r.limits.Err()
	}
	var errs field.ErrorList
	for _, e := range r.errs {
		if !r.affected(e.Path) {
			errs = append(errs, e)
		}
	}
	errs = append(errs, r.limits...)
	for _, e := range r.validate(opts) {
		if !r.affected(e.Path) && !r.beyondLimit(e.Path) {
			errs = append(errs, e)
		}
	}
	return errs.Err()
}

func (r *Resource) validate(opts jobscope.Options) field.ErrorList {
	var list field.ErrorList
	if err := r.Job.Validate(opts); err != nil && !errors.As(err, &list) {
		return field.ErrorList{{Message: err.Error()}}
	}
	return list
}

// affected reports whether a problem at path may be due to an unknown
// value.
func (r *Resource) affected(path string) bool {
	for _, u := range r.Unknown {
		if within(path, u.Path) || path != "" && parent(u.Path) == path {
			return true
		}
	}
	return false
}

// beyondLimit reports whether path is at or below a limit problem's.
func (r *Resource) beyondLimit(path string) bool {
	for _, l := range r.limits {
		if within(path, l.Path) {
			return true
		}
	}
	return false
}

// Attribute returns the resource attribute of the request member at the
// JSON path path: s3_job_definition[0].bucket_definitions[0].account_id for
// s3JobDefinition.bucketDefinitions[0].accountId. Members the provider does
// not have map to their snake_case names.
func (r *Resource) Attribute(path string) string {
	if a, ok := r.attrs[path]; ok {
		return a
	}
	// The nearest ancestor with an attribute of its own, then the rest by
	// name.
	for p := parent(path); p != ""; p = parent(p) {
		if a, ok := r.attrs[p]; ok {
			if segs := splitPath(p); singleBlocks[segs[len(segs)-1]] {
				a += "[0]" // the block, not the list of it
			}
			return joinAttr(a, attributePath(path[len(p):]))
		}
	}
	return r.attribute(path)
}

// attribute is the attribute of the job path path by its names, with the
// indices of lists the provider dropped empty strings from mapped back. A
// block the provider reads is its list attribute: s3_job_definition for
// s3JobDefinition, s3_job_definition[0].scoping for s3JobDefinition.scoping.
func (r *Resource) attribute(path string) string {
	attrPath := path
	if len(r.shifts) > 0 {
		var b strings.Builder
		last := 0
		for i := 0; i < len(path); i++ {
			if path[i] != '[' {
				continue
			}
			end := strings.IndexByte(path[i:], ']')
			if end < 0 {
				break
			}
			idx, ok := r.shifts[path[:i]]
			k, err := strconv.Atoi(path[i+1 : i+end])
			if !ok || err != nil || k < 0 || k >= len(idx) {
				continue
			}
			b.WriteString(path[last : i+1])
			b.WriteString(strconv.Itoa(idx[k]))
			last = i + end
		}
		b.WriteString(path[last:])
		attrPath = b.String()
	}
	a := attributePath(attrPath)
	if segs := splitPath(path); len(segs) > 0 && readBlocks[segs[len(segs)-1]] {
		a = strings.TrimSuffix(a, "[0]")
	}
	return a
}

func joinAttr(base, rest string) string {
	switch {
	case rest == "":
		return base
	case strings.HasPrefix(rest, "["):
		return base + rest
	}
	return base + "." + rest
}

// within reports whether path is base or below it.
func within(path, base string) bool {
	if !strings.HasPrefix(path, base) {
		return false
	}
	rest := path[len(base):]
	return rest == "" || rest[0] == '.' || rest[0] == '['
}

// parent returns the path of the node containing the node at path: "a.b"
// for "a.b.c" and "a.b[2]", "" for "a".
func parent(path string) string {
	if strings.HasSuffix(path, "]") {
		if i := strings.LastIndexByte(path, '['); i >= 0 {
			return path[:i]
		}
	}
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		return path[:i]
	}
	return ""
}

// instanceAddress builds an instance address from its parts, as Terraform
// writes it, for documents whose resources lack "address".
func instanceAddress(module string, r *planResource) string {
	var b strings.Builder
	if module != "" {
		b.WriteString(module)
		b.WriteByte('.')
	}
	b.WriteString(ResourceType)
	b.WriteByte('.')
	b.WriteString(r.name)
	switch k := r.index.(type) {
	case json.Number:
		b.WriteString("[" + k.String() + "]")
	case string:
		b.WriteString("[" + quote(k) + "]")
	}
	return b.String()
}

// quote quotes s as Terraform quotes a for_each key in an address (HCL's
// string syntax).
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i, r := range s {
		switch {
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case (r == '$' || r == '%') && strings.HasPrefix(s[i+1:], "{"):
			b.WriteRune(r)
			b.WriteRune(r)
		case r < ' ' || r == 0x7f:
			b.WriteString(`\u` + fmt.Sprintf("%04X", r))
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// moduleNames returns the module call names of a module instance address:
// [a b] for module.a[0].module.b["x"].
func moduleNames(addr string) ([]string, bool) {
	var names []string
	for addr != "" {
		rest, ok := strings.CutPrefix(addr, "module.")
		if !ok {
			return nil, false
		}
		end := strings.IndexAny(rest, ".[")
		if end < 0 {
			end = len(rest)
		}
		names = append(names, rest[:end])
		rest = rest[end:]
		if strings.HasPrefix(rest, "[") {
			n, ok := skipKey(rest)
			if !ok {
				return nil, false
			}
			rest = rest[n:]
		}
		addr = strings.TrimPrefix(rest, ".")
		if len(addr) == len(rest) && addr != "" {
			return nil, false
		}
	}
	return names, true
}

// skipKey returns the length of the instance key at the start of s: [0] or
// ["key"], where the key may hold escaped quotes and brackets.
func skipKey(s string) (int, bool) {
	if len(s) > 1 && s[1] != '"' {
		i := strings.IndexByte(s, ']')
		return i + 1, i > 0
	}
	for i := 2; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			if i+1 < len(s) && s[i+1] == ']' {
				return i + 2, true
			}
			return 0, false
		}
	}
	return 0, false
}

// attributePath translates a request member's JSON path into the resource
// attribute path it comes from, by names alone: camelCase becomes
// snake_case, single blocks gain [0], and the schedule's members collapse
// into weekly_schedule and monthly_schedule.
// s3JobDefinition.scoping.includes.and[1].simpleScopeTerm.values[0] becomes
// s3_job_definition[0].scoping[0].includes[0].and[1].simple_scope_term[0].values[0].
func attributePath(path string) string {
	var b strings.Builder
	skip := ""
	for _, seg := range splitPath(path) {
		if strings.HasPrefix(seg, "[") {
			b.WriteString(seg)
			continue
		}
		if seg == skip {
			skip = ""
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		switch seg {
		case "weeklySchedule":
			skip = "dayOfWeek"
		case "monthlySchedule":
			skip = "dayOfMonth"
		}
		b.WriteString(names.Snake(seg))
		if singleBlocks[seg] {
			b.WriteString("[0]")
		}
	}
	return b.String()
}

// singleBlocks are the request members the provider writes as a block of
// which there is at most one.
var singleBlocks = map[string]bool{
	"s3JobDefinition": true, "bucketCriteria": true, "includes": true, "excludes": true,
	"simpleCriterion": true, "tagCriterion": true, "scoping": true, "simpleScopeTerm": true,
	"tagScopeTerm": true, "scheduleFrequency": true, "userPausedDetails": true,
}

// readBlocks are the single blocks whose list the conversion reads as the
// member of the request; the attribute of the member is the list.
var readBlocks = map[string]bool{
	"s3JobDefinition": true, "bucketCriteria": true, "includes": true, "excludes": true,
	"simpleCriterion": true, "tagCriterion": true, "scoping": true, "simpleScopeTerm": true,
	"tagScopeTerm": true, "scheduleFrequency": true,
}

// splitPath splits a.b[2].c into a, b, [2], c.
func splitPath(path string) []string {
	var segs []string
	for path != "" {
		path = strings.TrimPrefix(path, ".")
		end := strings.IndexAny(path[1:], ".[")
		if end < 0 {
			segs = append(segs, path)
			break
		}
		segs = append(segs, path[:end+1])
		path = path[end+1:]
	}
	return segs
}

// index returns "[i]".
func index(i int) string { return "[" + strconv.Itoa(i) + "]" }
