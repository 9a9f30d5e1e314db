package terraform

import (
	"encoding/json"
	"fmt"
	"math"
	"time"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/criteria"
	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/internal/described"
	"github.com/jobscope/jobscope/schedule"
	"github.com/jobscope/jobscope/scope"
	"github.com/jobscope/jobscope/status"
)

// generated stands for the 26 characters the provider appends to a
// name_prefix (or to "terraform-") and uses in its client token.
const generated = "00000000000000000000000000"

// cfgMode is what the configuration says about a value.
type cfgMode uint8

const (
	// cfgBody: node.cfg is the value's configuration — a block body
	// (member name → expression or nested blocks) or a list of bodies.
	cfgBody cfgMode = iota
	// cfgSet: the value is set in the configuration, or the configuration
	// cannot tell (none in the document, a dynamic block).
	cfgSet
	// cfgUnset: the configuration does not set the value.
	cfgUnset
)

// node is one value of a resource, with what the plan and the
// configuration say about it. Its paths are rendered only for a problem or
// an unknown value.
type node struct {
	v       any        // the planned or state value (see keepValues); nil when null or unknown
	unk     any        // its after_unknown: true when unknown
	cfg     any        // its configuration when cfgMode is cfgBody
	cfgMode cfgMode    //
	attr    field.Path // its attribute path: s3_job_definition[0].scoping
	job     field.Path
}

// child returns member name of a block, at job path job.
func (n node) child(name string, job field.Path) node {
	c := node{job: job, attr: n.attr.Child(name), cfgMode: n.cfgMode}
	if m, ok := n.v.(map[string]any); ok {
		c.v = m[name]
	}
	if m, ok := n.unk.(map[string]any); ok {
		c.unk = m[name]
	}
	if n.cfgMode == cfgBody {
		body, _ := n.cfg.(map[string]any)
		switch e, ok := body[name]; {
		case !ok && known(c):
			// A dynamic block, or content the configuration section does
			// not show: assume it is set.
			c.cfgMode = cfgSet
		case !ok:
			c.cfgMode = cfgUnset
		default:
			if blocks, ok := e.([]any); ok {
				c.cfg = blocks
			} else {
				c.cfgMode = cfgSet // an attribute's expression
			}
		}
	}
	return c
}

// known reports whether n holds a known, non-empty value.
func known(n node) bool {
	switch v := n.v.(type) {
	case nil:
		return false
	case []any:
		return len(v) > 0
	case []string:
		return len(v) > 0
	case map[string]any:
		return len(v) > 0
	}
	return true
}

// elem returns element i of a list, at job path job.
func (n node) elem(i int, job field.Path) node {
	c := node{job: job, attr: n.attr.Index(i), cfgMode: n.cfgMode}
	switch l := n.v.(type) {
	case []any:
		if i < len(l) {
			c.v = l[i]
		}
	case []string:
		if i < len(l) {
			c.v = l[i]
		}
	}
	if l, ok := n.unk.([]any); ok && i < len(l) {
		c.unk = l[i]
	}
	if n.cfgMode == cfgBody {
		if l, ok := n.cfg.([]any); ok && i < len(l) {
			c.cfg = l[i]
		} else {
			c.cfgMode = cfgSet
		}
	}
	return c
}

// converter turns one resource's values into a Job.
type converter struct {
	r *Resource
}

// convertJob sets r's Job from the values at root.
func convertJob(r *Resource, root node) {
	c := converter{r}
	r.Job = c.job(root)
}

// pending reports whether n is unknown, and records it when the
// configuration sets it: then the value comes at apply, else the provider
// sends nothing for it.
func (c converter) pending(n node) bool {
	if n.unk != true {
		return false
	}
	if n.cfgMode != cfgUnset {
		c.r.Unknown = append(c.r.Unknown, Unknown{Path: n.job.String(), Attribute: n.attr.String()})
	}
	return true
}

// attribute records that the request member at job path p comes from the
// attribute a, which its name does not give.
func (c converter) attribute(p, a string) {
	if c.r.attrs == nil {
		c.r.attrs = map[string]string{}
	}
	c.r.attrs[p] = a
}

func (c converter) wrongType(n node, want string) {
	c.r.errs = append(c.r.errs, field.New(n.job, field.WrongType,
		fmt.Sprintf("the Terraform value of %s is %s, not %s", n.attr, describe(n.v), want)))
}

func describe(v any) string {
	switch v.(type) {
	case bool:
		return "a bool"
	case json.Number:
		return "a number"
	case string:
		return "a string"
	case []any, []string:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

// str returns a string value; "" when null or unknown.
func (c converter) str(n node) string {
	if c.pending(n) || n.v == nil {
		return ""
	}
	s, ok := n.v.(string)
	if !ok {
		c.wrongType(n, "a string")
	}
	return s
}

func (c converter) boolean(n node) bool {
	if c.pending(n) || n.v == nil {
		return false
	}
	b, ok := n.v.(bool)
	if !ok {
		c.wrongType(n, "a bool")
	}
	return b
}

// int32 returns a whole number, saturated to the int32 range so that
// validation reports it out of range.
func (c converter) int32(n node) int32 {
	if c.pending(n) || n.v == nil {
		return 0
	}
	num, ok := n.v.(json.Number)
	i, err := num.Int64()
	if !ok || err != nil {
		c.wrongType(n, "a whole number")
		return 0
	}
	return int32(max(math.MinInt32, min(math.MaxInt32, i)))
}

// list returns the length of a list value, 0 when null or unknown.
func (c converter) list(n node) int {
	if c.pending(n) || n.v == nil {
		return 0
	}
	switch l := n.v.(type) {
	case []any:
		return len(l)
	case []string:
		return len(l)
	}
	c.wrongType(n, "a list")
	return 0
}

// block returns the one element of a block list, ok false when there is
// none or the list is unknown.
func (c converter) block(n node) (b node, ok bool) {
	if c.list(n) == 0 {
		return node{}, false
	}
	b = n.elem(0, n.job)
	if _, isMap := b.v.(map[string]any); !isMap && b.v != nil {
		c.wrongType(b, "a block")
	}
	return b, true
}

// strings returns a list of strings as the provider expands it: empty
// strings dropped. An unknown element stays, as "", at its place.
func (c converter) strings(n node) []string {
	count := c.list(n)
	if count == 0 {
		return nil
	}
	strs, _ := n.v.([]string) // a list of strings only, as the values are read
	anys, _ := n.v.([]any)
	unk, _ := n.unk.([]any)
	out := make([]string, 0, count)
	// shift maps the job index of an element, or of a problem, to its
	// attribute index, once the two differ.
	var shift []int
	for i := range count {
		if k := len(out); shift != nil || k != i {
			if shift == nil {
				shift = make([]int, k, count)
				for j := range shift {
					shift[j] = j
				}
			}
			if k < len(shift) {
				shift[k] = i
			} else {
				shift = append(shift, i)
			}
		}
		if i < len(unk) && unk[i] == true {
			c.pending(n.elem(i, n.job.Index(len(out))))
			out = append(out, "")
			continue
		}
		var v any
		s, isString := "", true
		if strs != nil {
			s = strs[i]
		} else {
			v = anys[i]
			s, isString = v.(string)
		}
		switch {
		case isString:
			if s != "" {
				out = append(out, s)
			}
		case v == nil:
		default:
			c.wrongType(n.elem(i, n.job.Index(len(out))), "a string")
		}
	}
	if shift != nil {
		if c.r.shifts == nil {
			c.r.shifts = map[string][]int{}
		}
		c.r.shifts[n.job.String()] = shift
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// stringMap returns a map of strings; an unknown value is "".
func (c converter) stringMap(n node) map[string]string {
	if c.pending(n) || n.v == nil {
		return nil
	}
	m, ok := n.v.(map[string]any)
	if !ok {
		c.wrongType(n, "a map")
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		s, _ := v.(string)
		out[k] = s
	}
	if u, ok := n.unk.(map[string]any); ok {
		for k, v := range u {
			if v == true {
				c.r.Unknown = append(c.r.Unknown, Unknown{Path: n.job.Child(k).String(), Attribute: n.attr.String() + "[" + quote(k) + "]"})
				out[k] = ""
			}
		}
	}
	return out
}

func (c converter) job(n node) *jobscope.Job {
	root := field.Path{}
	p := field.NewPath
	j := &jobscope.Job{
		// The provider sends a generated client token.
		ClientToken: "terraform-" + generated,
		JobType:     schedule.JobType(c.str(n.child("job_type", p("jobType")))),
		Description: c.str(n.child("description", p("description"))),
	}
	c.name(n, j)
	j.S3JobDefinition = c.definition(n.child("s3_job_definition", p("s3JobDefinition")))
	if b := c.boolean(n.child("initial_run", p("initialRun"))); b {
		j.InitialRun = &b
	}
	if sp := c.int32(n.child("sampling_percentage", p("samplingPercentage"))); sp != 0 {
		j.SamplingPercentage = &sp
	}
	j.ScheduleFrequency = c.frequency(n.child("schedule_frequency", p("scheduleFrequency")))
	j.CustomDataIdentifierIds = c.strings(n.child("custom_data_identifier_ids", p("customDataIdentifierIds")))
	// Not in the provider's schema today; read should it gain them.
	j.AllowListIds = c.strings(n.child("allow_list_ids", p("allowListIds")))
	j.ManagedDataIdentifierIds = c.strings(n.child("managed_data_identifier_ids", p("managedDataIdentifierIds")))
	j.ManagedDataIdentifierSelector = jobscope.ManagedDataIdentifierSelector(c.str(n.child("managed_data_identifier_selector", p("managedDataIdentifierSelector"))))
	j.Tags = c.tags(n)

	// Read-only members: what the state knows of the job in Macie.
	readOnly := func(name string) node {
		ch := n.child(name, root)
		if ch.unk == true {
			return node{}
		}
		return ch
	}
	j.JobStatus = status.JobStatus(c.str(readOnly("job_status")))
	j.JobID = c.str(readOnly("job_id"))
	j.JobArn = c.str(readOnly("job_arn"))
	j.CreatedAt = timestamp(c.str(readOnly("created_at")))
	if b, ok := c.block(readOnly("user_paused_details")); ok {
		d := &status.UserPausedDetails{
			JobExpiresAt:                        timestamp(c.str(b.child("job_expires_at", root))),
			JobImminentExpirationHealthEventArn: c.str(b.child("job_imminent_expiration_health_event_arn", root)),
			JobPausedAt:                         timestamp(c.str(b.child("job_paused_at", root))),
		}
		if *d != (status.UserPausedDetails{}) {
			j.UserPausedDetails = d
		}
	}
	if j.JobID != "" || j.JobArn != "" {
		describedTargets(j)
	}
	return j
}

// describedTargets sets the empty target of tag scope terms to S3_OBJECT in
// a job Macie describes (a state, or a plan's unchanged resource): Macie
// returns the target empty although it requires it on create, and the
// provider keeps what it reads (jobscope.Load does the same for
// DescribeClassificationJob output).
func describedTargets(j *jobscope.Job) {
	if j.S3JobDefinition != nil {
		described.FillTagTargets(j.S3JobDefinition.Scoping)
	}
}

func timestamp(s string) *time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return nil
	}
	return &t
}

// name is the provider's create.Name: name, else name_prefix followed by
// generated characters, else "terraform-" and generated characters.
func (c converter) name(n node, j *jobscope.Job) {
	p := field.NewPath("name")
	name := n.child("name", p)
	if name.unk == true && name.cfgMode != cfgUnset {
		c.pending(name)
		return
	}
	if s := c.str(name); s != "" {
		j.Name = s
		return
	}
	prefix := n.child("name_prefix", p)
	if prefix.unk == true && prefix.cfgMode != cfgUnset {
		c.pending(prefix)
		c.attribute("name", "name_prefix")
		return
	}
	if s := c.str(prefix); s != "" {
		j.Name = s + generated
		c.attribute("name", "name_prefix")
		return
	}
	j.Name = "terraform-" + generated
}

// tags are tags_all when the plan knows them: what the provider sends.
func (c converter) tags(n node) map[string]string {
	p := field.NewPath("tags")
	all := n.child("tags_all", p)
	if all.unk == true {
		// Default tags or a tag value unknown: validate what is known.
		c.r.Unknown = append(c.r.Unknown, Unknown{Path: "tags", Attribute: "tags_all"})
		return c.stringMap(n.child("tags", p))
	}
	if all.v != nil {
		c.attribute("tags", "tags_all")
		return c.stringMap(all)
	}
	return c.stringMap(n.child("tags", p))
}

func (c converter) definition(n node) *jobscope.S3JobDefinition {
	b, ok := c.block(n)
	if !ok {
		return nil
	}
	d := &jobscope.S3JobDefinition{}
	if bc, ok := c.block(b.child("bucket_criteria", b.job.Child("bucketCriteria"))); ok {
		d.BucketCriteria = &criteria.S3BucketCriteriaForJob{
			Includes: c.criteriaBlock(bc.child("includes", bc.job.Child("includes"))),
			Excludes: c.criteriaBlock(bc.child("excludes", bc.job.Child("excludes"))),
		}
	}
	defs := b.child("bucket_definitions", b.job.Child("bucketDefinitions"))
	for i := range c.list(defs) {
		e := defs.elem(i, defs.job.Index(i))
		d.BucketDefinitions = append(d.BucketDefinitions, criteria.S3BucketDefinitionForJob{
			AccountID: c.str(e.child("account_id", e.job.Child("accountId"))),
			Buckets:   c.strings(e.child("buckets", e.job.Child("buckets"))),
		})
	}
	if sc, ok := c.block(b.child("scoping", b.job.Child("scoping"))); ok {
		d.Scoping = &scope.Scoping{
			Includes: c.scopeBlock(sc.child("includes", sc.job.Child("includes"))),
			Excludes: c.scopeBlock(sc.child("excludes", sc.job.Child("excludes"))),
		}
	}
	return d
}

// terms converts with term each element of the and list of the includes
// or excludes block n, or returns nil when there is no block or its list is
// empty (the provider sends a block only when its and list has conditions).
func terms[T any](c converter, n node, term func(e node) T) []T {
	b, ok := c.block(n)
	if !ok {
		return nil
	}
	and := b.child("and", b.job.Child("and"))
	count := c.list(and)
	if count == 0 {
		return nil
	}
	out := make([]T, count)
	for i := range count {
		out[i] = term(and.elem(i, and.job.Index(i)))
	}
	return out
}

// comparator reads the comparator of the condition n.
func (c converter) comparator(n node) criteria.JobComparator {
	return criteria.JobComparator(c.str(n.child("comparator", n.job.Child("comparator"))))
}

// simple reads the comparator, key and values of the simple condition s.
func (c converter) simple(s node) (criteria.JobComparator, string, []string) {
	return c.comparator(s), c.str(s.child("key", s.job.Child("key"))), c.strings(s.child("values", s.job.Child("values")))
}

// tagValues converts with pair the key and value of each element of the
// tag_values list of the tag condition t.
func tagValues[T any](c converter, t node, pair func(key, value string) T) []T {
	tv := t.child("tag_values", t.job.Child("tagValues"))
	var out []T
	for k := range c.list(tv) {
		pe := tv.elem(k, tv.job.Index(k))
		out = append(out, pair(c.str(pe.child("key", pe.job.Child("key"))), c.str(pe.child("value", pe.job.Child("value")))))
	}
	return out
}

// criteriaBlock converts a bucket criteria block.
func (c converter) criteriaBlock(n node) *criteria.CriteriaBlockForJob {
	if and := terms(c, n, c.criterion); and != nil {
		return &criteria.CriteriaBlockForJob{And: and}
	}
	return nil
}

// scopeBlock converts an object scoping block.
func (c converter) scopeBlock(n node) *scope.JobScopingBlock {
	if and := terms(c, n, c.scopeTerm); and != nil {
		return &scope.JobScopingBlock{And: and}
	}
	return nil
}

// criterion converts one condition of a bucket criteria block.
func (c converter) criterion(e node) (term criteria.CriteriaForJob) {
	if s, ok := c.block(e.child("simple_criterion", e.job.Child("simpleCriterion"))); ok {
		cmp, key, values := c.simple(s)
		term.SimpleCriterion = &criteria.SimpleCriterionForJob{Comparator: cmp, Key: criteria.SimpleCriterionKeyForJob(key), Values: values}
	}
	if t, ok := c.block(e.child("tag_criterion", e.job.Child("tagCriterion"))); ok {
		term.TagCriterion = &criteria.TagCriterionForJob{Comparator: c.comparator(t), TagValues: tagValues(c, t, func(k, v string) criteria.TagCriterionPairForJob {
			return criteria.TagCriterionPairForJob{Key: k, Value: v}
		})}
	}
	return term
}

// scopeTerm converts one condition of an object scoping block.
func (c converter) scopeTerm(e node) (term scope.JobScopeTerm) {
	if s, ok := c.block(e.child("simple_scope_term", e.job.Child("simpleScopeTerm"))); ok {
		cmp, key, values := c.simple(s)
		term.SimpleScopeTerm = &scope.SimpleScopeTerm{Comparator: cmp, Key: scope.ScopeFilterKey(key), Values: values}
	}
	if t, ok := c.block(e.child("tag_scope_term", e.job.Child("tagScopeTerm"))); ok {
		term.TagScopeTerm = &scope.TagScopeTerm{
			Comparator: c.comparator(t),
			Key:        c.str(t.child("key", t.job.Child("key"))),
			Target:     scope.TagTarget(c.str(t.child("target", t.job.Child("target")))),
			TagValues: tagValues(c, t, func(k, v string) scope.TagValuePair {
				return scope.TagValuePair{Key: k, Value: v}
			}),
		}
	}
	return term
}

// frequency: daily_schedule is a bool, weekly_schedule the day,
// monthly_schedule the day of the month.
func (c converter) frequency(n node) *schedule.JobScheduleFrequency {
	b, ok := c.block(n)
	if !ok {
		return nil
	}
	f := &schedule.JobScheduleFrequency{}
	if c.boolean(b.child("daily_schedule", b.job.Child("dailySchedule"))) {
		f.DailySchedule = &schedule.DailySchedule{}
	}
	if d := c.str(b.child("weekly_schedule", b.job.Child("weeklySchedule").Child("dayOfWeek"))); d != "" {
		f.WeeklySchedule = &schedule.WeeklySchedule{DayOfWeek: schedule.DayOfWeek(d)}
	}
	if d := c.int32(b.child("monthly_schedule", b.job.Child("monthlySchedule").Child("dayOfMonth"))); d > 0 {
		f.MonthlySchedule = &schedule.MonthlySchedule{DayOfMonth: d}
	}
	return f
}
