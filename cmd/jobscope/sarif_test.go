package main

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// sarifOut is what the tests read back from a SARIF log.
type sarifOut struct {
	Schema  string `json:"$schema"`
	Version string `json:"version"`
	Runs    []struct {
		Tool struct {
			Driver struct {
				Name    string `json:"name"`
				Version string `json:"version"`
				Rules   []struct {
					ID               string    `json:"id"`
					ShortDescription sarifText `json:"shortDescription"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		ColumnKind string `json:"columnKind"`
		Artifacts  []struct {
			Location sarifArtifactLocation `json:"location"`
		} `json:"artifacts"`
		Results []struct {
			RuleID    string    `json:"ruleId"`
			RuleIndex int       `json:"ruleIndex"`
			Level     string    `json:"level"`
			Message   sarifText `json:"message"`
			Locations []struct {
				PhysicalLocation *struct {
					ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
					Region           *sarifRegion          `json:"region"`
				} `json:"physicalLocation"`
				LogicalLocations []sarifLogical `json:"logicalLocations"`
			} `json:"locations"`
			Properties *sarifProps `json:"properties"`
		} `json:"results"`
	} `json:"runs"`
}

// validate --format sarif writes one SARIF 2.1.0 log (checked against the
// OASIS schema by the module internal/sarifcheck, which reads these golden
// files) with a result for each problem --format json reports, at the same
// file, line and column, under the same code, and the same exit code.
func TestValidateSARIF(t *testing.T) {
	cases := []struct {
		name string
		args []string
		code int
	}{
		{"valid", []string{"examples/weekly-bucket-criteria.json", "examples/monthly-on-31st.json"}, exitOK},
		{"invalid", []string{"examples/invalid/many-problems.json", "examples/invalid/truncated.json", "examples/one-time-two-buckets.json"}, exitInvalid},
		{"warnings", []string{"examples/describe-output.json"}, exitOK},
		{"terraform", []string{"--terraform", "examples/terraform/plan.json"}, exitInvalid},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"validate", "--format", "sarif"}, tc.args...)
			code, stdout, stderr := runCLI(t, "", args...)
			if code != tc.code || stderr != "" {
				t.Fatalf("jobscope %s: exit %d, want %d; stderr: %s", strings.Join(args, " "), code, tc.code, stderr)
			}
			var log sarifOut
			if err := json.Unmarshal([]byte(stdout), &log); err != nil {
				t.Fatalf("%v\n%s", err, stdout)
			}
			var report validateReport
			jsonCode, out, _ := runCLI(t, "", append([]string{"validate", "--format", "json"}, tc.args...)...)
			if err := json.Unmarshal([]byte(out), &report); err != nil || jsonCode != code {
				t.Fatalf("--format json: exit %d, want %d as --format sarif: %v", jsonCode, code, err)
			}
			checkSARIF(t, log, report.Jobs)
			// The golden files hold the version of a test build.
			checkGolden(t, "cmd/jobscope/testdata/validate-"+tc.name+".sarif",
				strings.Replace(stdout, `"version": `+strconv.Quote(version()), `"version": "(devel)"`, 1))
		})
	}

	t.Run("strict", func(t *testing.T) {
		code, stdout, _ := runCLI(t, "", "validate", "--format", "sarif", "--strict", "examples/describe-output.json")
		_, plain, _ := runCLI(t, "", "validate", "--format", "sarif", "examples/describe-output.json")
		if code != exitInvalid || stdout != plain {
			t.Errorf("--strict: exit %d, want %d, and the log without --strict:\n%s", code, exitInvalid, stdout)
		}
	})

	t.Run("stdin", func(t *testing.T) {
		job, err := os.ReadFile("examples/invalid/extension-contains.json")
		if err != nil {
			t.Fatal(err)
		}
		code, stdout, _ := runCLI(t, string(job), "validate", "--format", "sarif", "-")
		var log sarifOut
		if err := json.Unmarshal([]byte(stdout), &log); err != nil {
			t.Fatalf("%v\n%s", err, stdout)
		}
		run := log.Runs[0]
		if code != exitInvalid || len(run.Artifacts) != 0 || len(run.Results) != 1 ||
			run.Results[0].Locations[0].PhysicalLocation != nil ||
			!slices.Equal(run.Results[0].Locations[0].LogicalLocations, []sarifLogical{{"s3JobDefinition.scoping.includes.and[0].simpleScopeTerm.comparator", "member"}}) {
			t.Errorf("standard input: exit %d, want a result with a logical location only:\n%s", code, stdout)
		}
	})

	runCases(t, []cliCase{
		{name: "format", args: []string{"validate", "--format", "xml", "examples/describe-output.json"}, code: exitUsage, stderr: "--format must be text, json, github or sarif"},
		{name: "missing file", args: []string{"validate", "--format", "sarif", "examples/missing.json"}, code: exitUsage, stdout: `"results": []`},
	})
}

// checkSARIF checks that log has one run whose results are report's
// problems: errors, then warnings, then values known after apply, for
// each file in turn.
func checkSARIF(t *testing.T, log sarifOut, report []validateJSON) {
	t.Helper()
	if log.Schema != sarifSchema || log.Version != "2.1.0" || len(log.Runs) != 1 {
		t.Fatalf("$schema %q, version %q, %d runs; want one run of SARIF 2.1.0", log.Schema, log.Version, len(log.Runs))
	}
	run := log.Runs[0]
	if d := run.Tool.Driver; d.Name != "jobscope" || d.Version != version() || run.ColumnKind != "unicodeCodePoints" {
		t.Errorf("driver %q version %q (want %q), columnKind %q", d.Name, d.Version, version(), run.ColumnKind)
	}
	type want struct {
		file, rule, level, path, resource string
		line, col                         int
	}
	var wants []want
	var files []string
	for _, r := range report {
		if !slices.Contains(files, r.File) {
			files = append(files, r.File)
		}
		for _, e := range r.Errors {
			wants = append(wants, want{r.File, string(e.Code), "error", e.Path, r.Resource, e.Line, e.Column})
		}
		for _, e := range r.Warnings {
			wants = append(wants, want{r.File, string(e.Code), "warning", e.Path, r.Resource, e.Line, e.Column})
		}
		for _, u := range r.Unknown {
			wants = append(wants, want{r.File, ruleKnownAfterApply, "note", u.Path, r.Resource, 0, 0})
		}
	}
	if len(run.Results) != len(wants) {
		t.Fatalf("%d results, want %d (the problems of --format json)", len(run.Results), len(wants))
	}
	var uris []string
	for i, a := range run.Artifacts {
		if a.Location.Index != i {
			t.Errorf("artifact %d has index %d", i, a.Location.Index)
		}
		uris = append(uris, a.Location.URI)
	}
	if !slices.Equal(uris, files) {
		t.Errorf("artifacts %q, want the files %q", uris, files)
	}
	var ruleIDs []string
	for _, r := range run.Tool.Driver.Rules {
		ruleIDs = append(ruleIDs, r.ID)
		if _, ok := sarifRuleHelp[r.ID]; !ok || r.ShortDescription.Text == "" {
			t.Errorf("rule %s has no description", r.ID)
		}
	}
	if !slices.IsSorted(ruleIDs) || len(slices.Compact(slices.Clone(ruleIDs))) != len(ruleIDs) {
		t.Errorf("rules %q are not sorted, each once", ruleIDs)
	}
	used := map[string]bool{}
	for i, res := range run.Results {
		w := wants[i]
		used[res.RuleID] = true
		if res.RuleID != w.rule || res.Level != w.level || res.RuleIndex >= len(ruleIDs) || ruleIDs[res.RuleIndex] != res.RuleID {
			t.Errorf("result %d: rule %s (index %d) level %s, want rule %s level %s", i, res.RuleID, res.RuleIndex, res.Level, w.rule, w.level)
		}
		if w.path != "" && !strings.Contains(res.Message.Text, w.path+": ") && !strings.Contains(res.Message.Text, w.path+" (") {
			t.Errorf("result %d: message %q does not start with the path %s", i, res.Message.Text, w.path)
		}
		if len(res.Locations) != 1 {
			t.Errorf("result %d: %d locations, want 1", i, len(res.Locations))
			continue
		}
		loc := res.Locations[0]
		if p := loc.PhysicalLocation; p == nil || p.ArtifactLocation.URI != w.file || uris[p.ArtifactLocation.Index] != w.file {
			t.Errorf("result %d: physical location %+v, want %s", i, p, w.file)
		} else if (p.Region == nil) != (w.line == 0) || p.Region != nil && (p.Region.StartLine != w.line || p.Region.StartColumn != w.col) {
			t.Errorf("result %d: region %+v, want line %d column %d", i, p.Region, w.line, w.col)
		}
		var logical []sarifLogical
		if w.resource != "" {
			logical = append(logical, sarifLogical{w.resource, "resource"})
			if res.Properties == nil || res.Properties.Resource != w.resource || !strings.HasPrefix(res.Message.Text, w.resource+": ") {
				t.Errorf("result %d: properties %+v, message %q; want resource %s", i, res.Properties, res.Message.Text, w.resource)
			}
		}
		if w.path != "" {
			logical = append(logical, sarifLogical{w.path, "member"})
		}
		if !slices.Equal(loc.LogicalLocations, logical) {
			t.Errorf("result %d: logical locations %+v, want %+v", i, loc.LogicalLocations, logical)
		}
	}
	if len(used) != len(ruleIDs) {
		t.Errorf("rules %q, want those of the results", ruleIDs)
	}
}

// Every code of package field is a rule with a description.
func TestSARIFRules(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "field/field.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	ast.Inspect(f, func(node ast.Node) bool {
		spec, ok := node.(*ast.ValueSpec)
		if !ok {
			return true
		}
		if id, ok := spec.Type.(*ast.Ident); !ok || id.Name != "Code" {
			return true
		}
		for _, v := range spec.Values {
			code, err := strconv.Unquote(v.(*ast.BasicLit).Value)
			if err != nil {
				t.Fatal(err)
			}
			n++
			if h, ok := sarifRuleHelp[code]; !ok || h.text == "" || !strings.HasPrefix(h.help, "https://") {
				t.Errorf("code %s has no SARIF rule description", code)
			}
		}
		return true
	})
	if n < 10 {
		t.Errorf("found %d codes in field/field.go", n)
	}
	if len(sarifRuleHelp) != n+1 {
		t.Errorf("%d rule descriptions for %d codes and %s", len(sarifRuleHelp), n, ruleKnownAfterApply)
	}
}

// A file is a URI reference: relative with forward slashes, escaped, or a
// file: URI when absolute.
func TestSARIFURI(t *testing.T) {
	for name, want := range map[string]string{
		"jobs/a.json":      "jobs/a.json",
		"jobs/a b%.json":   "jobs/a%20b%25.json",
		"c:d.json":         "./c:d.json",
		"../jobs/a,b.json": "../jobs/a,b.json",
	} {
		if got := sarifURI(name); got != want {
			t.Errorf("sarifURI(%q) = %q, want %q", name, got, want)
		}
	}
	dir := t.TempDir()
	if got := sarifURI(dir + "/job.json"); !strings.HasPrefix(got, "file:///") || !strings.HasSuffix(got, "/job.json") {
		t.Errorf("sarifURI of an absolute name = %q, want a file: URI", got)
	}
}
