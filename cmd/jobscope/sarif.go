package main

import (
	"io"
	"net/url"
	"path/filepath"
	"slices"
	"strings"

	"github.com/jobscope/jobscope/field"
)

// sarifSchema is the URI of the OASIS JSON schema of SARIF 2.1.0 (errata
// 01), which a log names in $schema.
const sarifSchema = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

// ruleKnownAfterApply is the rule of the notes on Terraform values known
// only after apply; the other rules are the codes of field.Error.
const ruleKnownAfterApply = "known_after_apply"

// sarifRuleHelp describes each rule: what its results mean, and the
// section of the documentation that says more.
var sarifRuleHelp = map[string]struct{ text, help string }{
	string(field.Required):                    {"A required member is missing or empty", semanticsErrors},
	string(field.Forbidden):                   {"A member must not be present given the rest of the request", semanticsErrors},
	string(field.InvalidValue):                {"A value is not one Macie's API accepts", semanticsErrors},
	string(field.TooLong):                     {"A string is longer than Macie's API allows", semanticsErrors},
	string(field.TooMany):                     {"A list or map has more elements than Macie's API allows", semanticsErrors},
	string(field.TooFew):                      {"A list has fewer elements than Macie's API requires", semanticsErrors},
	string(field.Conflict):                    {"Members that exclude each other are both present, or neither of two alternatives is", semanticsErrors},
	string(field.Quota):                       {"A documented per-job quota of Macie is exceeded", semanticsErrors},
	string(field.Removed):                     {"A value Macie's API once accepted and no longer does", semanticsErrors},
	string(field.Syntax):                      {"The document is not well-formed JSON or YAML", semanticsErrors},
	string(field.UnknownField):                {"A member Macie's API does not define", semanticsErrors},
	string(field.WrongType):                   {"A value of the wrong type, such as a string for a number", semanticsErrors},
	string(field.DuplicateField):              {"A member is given twice in one object", semanticsErrors},
	string(field.Limit):                       {"A limit of jobscope on a job file's size or shape is exceeded (--limit moves it)", readmeValidate},
	string(field.InvalidOption):               {"An --option of jobscope does not fit the job or the other options", readmeValidate},
	string(field.MissingColumn):               {"The job needs a column the input does not have", semanticsErrors},
	string(field.InvalidRow):                  {"A row of an input cannot be read", semanticsErrors},
	string(field.Unreadable):                  {"An input cannot be read, or not to its end", semanticsErrors},
	string(field.OneTimeScheduleFieldIgnored): {"A ONE_TIME job has scheduleFrequency or initialRun, which Macie accepts and ignores", semanticsWarnings},
	ruleKnownAfterApply:                       {"A value of a Terraform resource is known only after apply, so it is not checked", readmeTerraform},
}

// The documentation the rules link to.
const (
	semanticsErrors   = "https://github.com/jobscope/jobscope/blob/main/docs/semantics.md#errors"
	semanticsWarnings = "https://github.com/jobscope/jobscope/blob/main/docs/semantics.md#warnings"
	readmeValidate    = "https://github.com/jobscope/jobscope#validate-job-definitions"
	readmeTerraform   = "https://github.com/jobscope/jobscope#terraform"
)

// The parts of a SARIF 2.1.0 log that validate writes.
type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool       sarifTool       `json:"tool"`
		ColumnKind string          `json:"columnKind"`
		Artifacts  []sarifArtifact `json:"artifacts,omitempty"`
		Results    []sarifResult   `json:"results"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name           string      `json:"name"`
		Version        string      `json:"version"`
		InformationURI string      `json:"informationUri"`
		Rules          []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID               string    `json:"id"`
		ShortDescription sarifText `json:"shortDescription"`
		HelpURI          string    `json:"helpUri,omitempty"`
	}
	sarifText struct {
		Text string `json:"text"`
	}
	sarifArtifact struct {
		Location sarifArtifactLocation `json:"location"`
	}
	sarifArtifactLocation struct {
		URI   string `json:"uri"`
		Index int    `json:"index"`
	}
	sarifResult struct {
		RuleID     string          `json:"ruleId"`
		RuleIndex  int             `json:"ruleIndex"`
		Level      string          `json:"level"`
		Message    sarifText       `json:"message"`
		Locations  []sarifLocation `json:"locations"`
		Properties *sarifProps     `json:"properties,omitempty"`
	}
	sarifLocation struct {
		PhysicalLocation *sarifPhysical `json:"physicalLocation,omitempty"`
		LogicalLocations []sarifLogical `json:"logicalLocations,omitempty"`
	}
	sarifPhysical struct {
		ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
		Region           *sarifRegion          `json:"region,omitempty"`
	}
	sarifRegion struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn,omitempty"`
	}
	sarifLogical struct {
		FullyQualifiedName string `json:"fullyQualifiedName"`
		Kind               string `json:"kind"`
	}
	// sarifProps are a result's properties: the Terraform resource and
	// attribute, and the exception Macie would answer with.
	sarifProps struct {
		Resource  string `json:"resource,omitempty"`
		Attribute string `json:"attribute,omitempty"`
		Exception string `json:"exception,omitempty"`
	}
)

// writeSARIF writes the results of one validate run as a SARIF 2.1.0 log
// with one run, which GitHub code scanning uploads
// (github/codeql-action/upload-sarif) show on the lines of a pull request.
//
// Each error is a result of level "error", each warning one of level
// "warning", and each Terraform value known only after apply one of level
// "note" (rule known_after_apply); the rule of the others is their code,
// and the driver's rules are the rules used, sorted. A result's message is
// "path: message" as the text output has it (for a Terraform resource,
// "ADDRESS: path (attribute): message"); its location is the file, as
// given, as a relative URI reference (an absolute file name as a file:
// URI), with the line and the column, 1-based and counted in Unicode code
// points (the run's columnKind), when known; and the JSON path as a
// logical location of kind "member", after the Terraform address as one of
// kind "resource". A job read from standard input has no file: its
// results have logical locations only. Every file validated is an
// artifact, in the order given; a run of valid jobs has no results.
func writeSARIF(c *cmdFlags, w io.Writer, results []validateResult) int {
	run := sarifRun{ColumnKind: "unicodeCodePoints", Results: []sarifResult{}}
	artifact := map[string]int{}
	for _, r := range results {
		if _, ok := artifact[r.File]; !ok && r.File != "<stdin>" {
			artifact[r.File] = len(run.Artifacts)
			run.Artifacts = append(run.Artifacts, sarifArtifact{sarifArtifactLocation{URI: sarifURI(r.File), Index: len(run.Artifacts)}})
		}
	}
	locate := func(r validateResult, path string, line, col int) []sarifLocation {
		var loc sarifLocation
		if i, ok := artifact[r.File]; ok {
			loc.PhysicalLocation = &sarifPhysical{ArtifactLocation: run.Artifacts[i].Location}
			if line > 0 {
				loc.PhysicalLocation.Region = &sarifRegion{StartLine: line, StartColumn: col}
			}
		}
		if r.Resource != "" {
			loc.LogicalLocations = append(loc.LogicalLocations, sarifLogical{r.Resource, "resource"})
		}
		if path != "" {
			loc.LogicalLocations = append(loc.LogicalLocations, sarifLogical{path, "member"})
		}
		return []sarifLocation{loc}
	}
	props := func(resource, attribute, exception string) *sarifProps {
		if resource == "" && attribute == "" && exception == "" {
			return nil
		}
		return &sarifProps{resource, attribute, exception}
	}
	for _, r := range results {
		prefix := ""
		if r.Resource != "" {
			prefix = r.Resource + ": "
		}
		problems := func(level string, list []*field.Error) {
			for _, e := range list {
				path, attr := e.Path, r.attr(e.Path)
				if attr != "" {
					path += " (" + attr + ")"
				}
				if path != "" {
					path += ": "
				}
				run.Results = append(run.Results, sarifResult{
					RuleID: string(e.Code), Level: level,
					Message:    sarifText{prefix + path + e.Message},
					Locations:  locate(r, e.Path, e.Line, e.Column),
					Properties: props(r.Resource, attr, e.Exception),
				})
			}
		}
		problems("error", r.Errors)
		problems("warning", r.Warnings)
		for _, u := range r.Unknown {
			run.Results = append(run.Results, sarifResult{
				RuleID: ruleKnownAfterApply, Level: "note",
				Message:    sarifText{prefix + u.String() + "; not checked"},
				Locations:  locate(r, u.Path, 0, 0),
				Properties: props(r.Resource, u.Attribute, ""),
			})
		}
	}

	var ids []string
	for _, res := range run.Results {
		if !slices.Contains(ids, res.RuleID) {
			ids = append(ids, res.RuleID)
		}
	}
	slices.Sort(ids)
	rules := []sarifRule{}
	for _, id := range ids {
		rule := sarifRule{ID: id, ShortDescription: sarifText{id}}
		if h, ok := sarifRuleHelp[id]; ok {
			rule.ShortDescription.Text, rule.HelpURI = h.text, h.help
		}
		rules = append(rules, rule)
	}
	for i := range run.Results {
		run.Results[i].RuleIndex, _ = slices.BinarySearch(ids, run.Results[i].RuleID)
	}
	run.Tool.Driver = sarifDriver{Name: "jobscope", Version: version(), InformationURI: "https://github.com/jobscope/jobscope", Rules: rules}
	return c.writeJSON(w, sarifLog{Schema: sarifSchema, Version: "2.1.0", Runs: []sarifRun{run}})
}

// sarifURI is the URI reference of the file name: relative with forward
// slashes, or a file: URI for an absolute name.
func sarifURI(name string) string {
	p := filepath.ToSlash(name)
	if !filepath.IsAbs(name) {
		return (&url.URL{Path: p}).String()
	}
	if !strings.HasPrefix(p, "/") { // a Windows drive letter
		p = "/" + p
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}
