package sarifcheck

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// schemaID is the URI of the OASIS SARIF 2.1.0 schema (errata 01): the id
// of the schema and the $schema of jobscope's logs.
const schemaID = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

// goldens are the SARIF logs of validate's tests.
const goldens = "../../cmd/jobscope/testdata/*.sarif"

// oasisSchema returns the text of the SARIF 2.1.0 schema that go-sarif
// carries, a raw string constant of pkg/report/v210/sarif/schema.go.
func oasisSchema(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/owenrumney/go-sarif/v3").Output()
	dir := strings.TrimSpace(string(out))
	if err != nil || dir == "" {
		t.Fatalf("go list -m github.com/owenrumney/go-sarif/v3: %q, %v (go mod download fetches it)", out, err)
	}
	src, err := os.ReadFile(filepath.Join(dir, "pkg", "report", "v210", "sarif", "schema.go"))
	if err != nil {
		t.Fatal(err)
	}
	const start = "const schema = `"
	i := bytes.Index(src, []byte(start))
	if i < 0 {
		t.Fatalf("schema.go of go-sarif has no %s", start)
	}
	text, _, ok := strings.Cut(string(src[i+len(start):]), "`")
	if !ok {
		t.Fatal("schema.go of go-sarif: the schema's raw string does not end")
	}
	return text
}

// compile compiles the schema text, which must be the draft-04 schema
// whose id is schemaID.
func compile(t *testing.T, text string) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(text))
	if err != nil {
		t.Fatalf("go-sarif's schema: %v", err)
	}
	m, _ := doc.(map[string]any)
	if m["id"] != schemaID || m["$schema"] != "http://json-schema.org/draft-04/schema#" {
		t.Fatalf("go-sarif's schema has id %v and $schema %v; want the OASIS SARIF 2.1.0 schema, draft-04", m["id"], m["$schema"])
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft4)
	c.AssertFormat()
	if err := c.AddResource(schemaID, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(schemaID)
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

// Every SARIF log of validate's golden files is valid against the OASIS
// schema, and against go-sarif's own check; a log broken in a part
// jobscope writes is not.
func TestGoldenFilesMatchOASISSchema(t *testing.T) {
	sch := compile(t, oasisSchema(t))
	files, err := filepath.Glob(goldens)
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden files %s (%v); go test ./cmd/jobscope -run TestValidateSARIF -update writes them", goldens, err)
	}
	withResults := 0
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := sch.Validate(doc); err != nil {
			t.Errorf("%s is not valid SARIF 2.1.0: %#v", name, err)
		}
		if s := doc.(map[string]any)["$schema"]; s != schemaID {
			t.Errorf("%s: $schema %v, want %s", name, s, schemaID)
		}
		if n := crossCheck(t, name, data, doc); n > 0 {
			withResults++
		}
	}
	if withResults == 0 {
		t.Errorf("no golden file of %s has results", goldens)
	}
}

// crossCheck reads the log of file name, data, with go-sarif, checks it
// with go-sarif's Validate, and compares the results it read with those of
// doc, the log as JSON; it returns the number of results.
func crossCheck(t *testing.T, name string, data []byte, doc any) int {
	t.Helper()
	report, err := sarif.FromBytes(data)
	if err != nil {
		t.Fatalf("%s: go-sarif: %v", name, err)
	}
	if len(report.Runs) != 1 || report.Runs[0].Tool.Driver == nil {
		t.Fatalf("%s: go-sarif reads %d runs, want 1 with a driver", name, len(report.Runs))
	}
	run := report.Runs[0]
	// go-sarif writes run.language, tool.driver.language and
	// run.newlineSequences whether set or not, and Validate checks what it
	// writes: give them the values SARIF defines for a log without them.
	run.Language, run.Tool.Driver.Language = "en-US", "en-US"
	run.NewlineSequences = []string{"\r\n", "\n"}
	if err := report.Validate(); err != nil {
		t.Errorf("%s: go-sarif: %v", name, err)
	}
	results, _ := at(t, doc, "runs", 0, "results").([]any)
	if len(run.Results) != len(results) {
		t.Fatalf("%s: go-sarif reads %d results, want %d", name, len(run.Results), len(results))
	}
	for i, r := range run.Results {
		want := results[i].(map[string]any)
		if r.RuleID == nil || *r.RuleID != want["ruleId"] || r.Level != want["level"] || r.Message == nil || r.Message.Text == nil || *r.Message.Text != at(t, want, "message", "text") {
			t.Errorf("%s: result %d as go-sarif reads it differs from %v", name, i, want)
		}
	}
	return len(results)
}

// The schema rejects a log broken in each of the parts jobscope writes, so
// the test above cannot pass whatever the logs hold.
func TestBrokenLogsAreRejected(t *testing.T) {
	sch := compile(t, oasisSchema(t))
	data, err := os.ReadFile("../../cmd/jobscope/testdata/validate-invalid.sarif")
	if err != nil {
		t.Fatal(err)
	}
	for name, breakIt := range map[string]func(log map[string]any){
		"version":     func(log map[string]any) { log["version"] = "2.0.0" },
		"no runs":     func(log map[string]any) { delete(log, "runs") },
		"no driver":   func(log map[string]any) { delete(at(t, log, "runs", 0, "tool").(map[string]any), "driver") },
		"level":       func(log map[string]any) { at(t, log, "runs", 0, "results", 0).(map[string]any)["level"] = "fatal" },
		"line 0":      func(log map[string]any) { region(t, log)["startLine"] = 0 },
		"column text": func(log map[string]any) { region(t, log)["startColumn"] = "12" },
		"message":     func(log map[string]any) { delete(at(t, log, "runs", 0, "results", 0).(map[string]any), "message") },
		"unknown member": func(log map[string]any) {
			at(t, log, "runs", 0, "results", 0).(map[string]any)["severity"] = "error"
		},
		"$schema not a URI": func(log map[string]any) { log["$schema"] = "sarif 2.1.0" },
	} {
		var log map[string]any
		if err := json.Unmarshal(data, &log); err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(log); err != nil {
			t.Fatalf("validate-invalid.sarif as read: %v", err)
		}
		breakIt(log)
		if err := sch.Validate(log); err == nil {
			t.Errorf("%s: a broken log is accepted", name)
		}
	}
}

// at returns the value at the path of member names and indices in v.
func at(t *testing.T, v any, path ...any) any {
	t.Helper()
	for _, step := range path {
		switch s := step.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				t.Fatalf("%v: not an object at %q", path, s)
			}
			v = m[s]
		case int:
			a, ok := v.([]any)
			if !ok || s >= len(a) {
				t.Fatalf("%v: no element %d", path, s)
			}
			v = a[s]
		}
	}
	return v
}

// region is the region of the first result's location.
func region(t *testing.T, log map[string]any) map[string]any {
	t.Helper()
	return at(t, log, "runs", 0, "results", 0, "locations", 0, "physicalLocation", "region").(map[string]any)
}
