// Package terraform reads the classification jobs of a Terraform plan or
// state: the output of `terraform show -json`.
//
// [Parse] finds every aws_macie2_classification_job resource instance — in
// a plan's planned_values or a state's values, in the root module and in
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
package terraform

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/field"
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
	// only after apply.
	Job *jobscope.Job
	// Unknown lists the values the plan knows only after apply, in the
	// order of the request's members.
	Unknown []Unknown

	errs  field.ErrorList   // values of the wrong JSON type
	attrs map[string]string // job path → Terraform attribute path
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

// Read is [Parse] over a reader.
func Read(r io.Reader) ([]Resource, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	return Parse(data)
}

// Parse reads `terraform show -json` output, of a plan or of a state, and
// returns its aws_macie2_classification_job instances in the order the
// document lists them (root module first, then child modules, depth first).
// A plan yields the instances it will leave in place or create; those it
// destroys are not in it. A document with no such resource yields none and
// no error.
func Parse(data []byte) ([]Resource, error) {
	var doc document
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("not terraform show -json output: %v", err)
	}
	if dec.More() {
		return nil, errors.New("not terraform show -json output: data after the JSON document")
	}
	if doc.FormatVersion == "" {
		return nil, errors.New("not terraform show -json output: no format_version")
	}
	if major, _, _ := strings.Cut(doc.FormatVersion, "."); major != "0" && major != "1" {
		return nil, fmt.Errorf("terraform show -json format_version %s is not supported (want 0.x or 1.x)", doc.FormatVersion)
	}
	values := doc.PlannedValues
	if values == nil {
		values = doc.Values
	}
	if values == nil {
		return nil, nil // an empty state
	}
	unknown := map[string]any{}
	for _, rc := range doc.ResourceChanges {
		unknown[rc.Address] = rc.Change.AfterUnknown
	}
	var out []Resource
	var walk func(m *module)
	walk = func(m *module) {
		for i := range m.Resources {
			r := &m.Resources[i]
			if r.Type != ResourceType || r.Mode != "" && r.Mode != "managed" {
				continue
			}
			addr := r.Address
			if addr == "" {
				addr = instanceAddress(m.Address, r)
			}
			cfg, cfgMode := doc.Configuration.expressions(m.Address, r)
			out = append(out, convert(addr, node{
				v: r.Values, unk: unknown[addr], cfg: cfg, cfgMode: cfgMode,
			}))
		}
		for i := range m.ChildModules {
			walk(&m.ChildModules[i])
		}
	}
	walk(&values.RootModule)
	return out, nil
}

// Find returns the resource at address, or the only resource when address
// is empty.
func Find(resources []Resource, address string) (*Resource, error) {
	if address == "" {
		switch len(resources) {
		case 0:
			return nil, fmt.Errorf("no %s resources", ResourceType)
		case 1:
			return &resources[0], nil
		}
		return nil, fmt.Errorf("%d %s resources; choose one: %s", len(resources), ResourceType, addresses(resources))
	}
	for i := range resources {
		if resources[i].Address == address {
			return &resources[i], nil
		}
	}
	if len(resources) == 0 {
		return nil, fmt.Errorf("no resource %s: there are no %s resources", address, ResourceType)
	}
	return nil, fmt.Errorf("no resource %s; the %s resources are %s", address, ResourceType, addresses(resources))
}

func addresses(resources []Resource) string {
	names := make([]string, len(resources))
	for i, r := range resources {
		names[i] = r.Address
	}
	return strings.Join(names, ", ")
}

// Validate validates the resource's job as [jobscope.Job.Validate] does and
// returns nil or a field.ErrorList. It leaves out the problems of values
// known only after apply: a problem at or below an unknown value's path, or
// at the member that contains it (a missing or conflicting member may be the
// unknown one).
func (r *Resource) Validate(opts jobscope.Options) error {
	var errs field.ErrorList
	for _, e := range append(append(field.ErrorList{}, r.errs...), r.validate(opts)...) {
		if !r.affected(e.Path) {
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

// Attribute returns the resource attribute of the request member at the
// JSON path path: s3_job_definition[0].bucket_definitions[0].account_id for
// s3JobDefinition.bucketDefinitions[0].accountId. Members the provider does
// not have map to their snake_case names.
func (r *Resource) Attribute(path string) string {
	if a, ok := r.attrs[path]; ok {
		return a
	}
	// The nearest mapped ancestor, then the rest by name.
	for p := parent(path); p != ""; p = parent(p) {
		if a, ok := r.attrs[p]; ok {
			if segs := splitPath(p); singleBlocks[segs[len(segs)-1]] {
				a += "[0]" // the block, not the list of it
			}
			return joinAttr(a, AttributePath(path[len(p):]))
		}
	}
	return AttributePath(path)
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
func instanceAddress(module string, r *resource) string {
	var b strings.Builder
	if module != "" {
		b.WriteString(module)
		b.WriteByte('.')
	}
	b.WriteString(r.Type)
	b.WriteByte('.')
	b.WriteString(r.Name)
	switch k := r.Index.(type) {
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

// The JSON output format of terraform show (format_version 1.x).

type document struct {
	FormatVersion   string           `json:"format_version"`
	PlannedValues   *values          `json:"planned_values"`
	Values          *values          `json:"values"`
	ResourceChanges []resourceChange `json:"resource_changes"`
	Configuration   *configuration   `json:"configuration"`
}

type values struct {
	RootModule module `json:"root_module"`
}

type module struct {
	Address      string     `json:"address"`
	Resources    []resource `json:"resources"`
	ChildModules []module   `json:"child_modules"`
}

type resource struct {
	Address string         `json:"address"`
	Mode    string         `json:"mode"`
	Type    string         `json:"type"`
	Name    string         `json:"name"`
	Index   any            `json:"index"`
	Values  map[string]any `json:"values"`
}

type resourceChange struct {
	Address string `json:"address"`
	Change  struct {
		AfterUnknown any `json:"after_unknown"`
	} `json:"change"`
}

type configuration struct {
	RootModule configModule `json:"root_module"`
}

type configModule struct {
	Resources   []configResource      `json:"resources"`
	ModuleCalls map[string]moduleCall `json:"module_calls"`
}

type moduleCall struct {
	Module configModule `json:"module"`
}

type configResource struct {
	Address     string         `json:"address"`
	Mode        string         `json:"mode"`
	Expressions map[string]any `json:"expressions"`
}

// expressions returns the configuration of resource r in the module at
// moduleAddr, and how far it can be trusted: cfgBody when found, cfgSet
// (treat every value as configured) when the plan has no configuration or
// the resource is not in it.
func (c *configuration) expressions(moduleAddr string, r *resource) (any, cfgMode) {
	if c == nil {
		return nil, cfgSet
	}
	names, ok := moduleNames(moduleAddr)
	if !ok {
		return nil, cfgSet
	}
	m := &c.RootModule
	for _, n := range names {
		call, ok := m.ModuleCalls[n]
		if !ok {
			return nil, cfgSet
		}
		m = &call.Module
	}
	for _, cr := range m.Resources {
		if cr.Address == r.Type+"."+r.Name && (cr.Mode == "" || cr.Mode == "managed") {
			return cr.Expressions, cfgBody
		}
	}
	return nil, cfgSet
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

// AttributePath translates a request member's JSON path into the resource
// attribute path it comes from, by names alone: camelCase becomes
// snake_case, single blocks gain [0], and the schedule's members collapse
// into weekly_schedule and monthly_schedule.
// s3JobDefinition.scoping.includes.and[1].simpleScopeTerm.values[0] becomes
// s3_job_definition[0].scoping[0].includes[0].and[1].simple_scope_term[0].values[0].
func AttributePath(path string) string {
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
		b.WriteString(snake(seg))
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

func snake(s string) string {
	var b strings.Builder
	for i, r := range s {
		if 'A' <= r && r <= 'Z' {
			if i > 0 {
				b.WriteByte('_')
			}
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// index returns "[i]".
func index(i int) string { return "[" + strconv.Itoa(i) + "]" }
