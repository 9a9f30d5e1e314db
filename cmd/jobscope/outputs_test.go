package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	sjs "github.com/santhosh-tekuri/jsonschema/v6"
)

// The JSON outputs are contracts: each has a schema, committed under
// schema/, that `jobscope schema NAME` prints. runCLI checks every JSON
// output of every test against its schema (checkOutput), so the tests of
// each command are the schema's golden tests too.

// TestOutputSchemasCommitted: the committed schemas are what the program
// prints (-update rewrites them), and each compiles as draft 2020-12.
func TestOutputSchemasCommitted(t *testing.T) {
	for _, o := range outputs {
		code, got, stderr := runCLI(t, "", "schema", o.name)
		if code != exitOK {
			t.Fatalf("schema %s: exit %d: %s", o.name, code, stderr)
		}
		checkGolden(t, filepath.Join("schema", o.file), got)
		if s := outputSchemaOf(t, o.name); s == nil {
			t.Fatalf("schema %s does not compile", o.name)
		}
	}
	if code, _, stderr := runCLI(t, "", "schema", "nope"); code != exitUsage || !strings.Contains(stderr, `no schema named "nope"; the names are job, buckets, coverage, coverage-object, decision`) {
		t.Errorf("unknown name: exit %d: %s", code, stderr)
	}
}

// TestOutputSchemasReject: the schemas are strict, so that checking an
// output against them can fail: an unknown member, a missing one, a value
// outside an enum, a float where money belongs, a Go-style time.
func TestOutputSchemasReject(t *testing.T) {
	code, out, stderr := runCLI(t, "", append(demoArgs, "--format", "json")...)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for name, edit := range map[string]func(m map[string]any){
		"unknown member":   func(m map[string]any) { m["Run"] = map[string]any{"RunNumber": 1} },
		"missing member":   func(m map[string]any) { delete(m, "schemaVersion") },
		"major version":    func(m map[string]any) { m["schemaVersion"] = "2.0" },
		"money as a float": func(m map[string]any) { m["estimatedCost"] = 819.58 },
		"enum":             func(m map[string]any) { m["reasons"].([]any)[0].(map[string]any)["stage"] = "bucketz" },
		"time":             func(m map[string]any) { m["run"].(map[string]any)["start"] = "2024-12-02 09:00:00 +0000 UTC" },
		"negative count":   func(m map[string]any) { m["read"].(map[string]any)["objects"] = -1 },
	} {
		var m map[string]any
		if err := json.Unmarshal([]byte(out), &m); err != nil {
			t.Fatal(err)
		}
		edit(m)
		data, _ := json.Marshal(m)
		doc, err := sjs.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if outputSchemaOf(t, "plan").Validate(doc) == nil {
			t.Errorf("%s: the plan schema accepts it", name)
		}
	}
}

// jsonlOutputs are the outputs of the lines of each command's --format
// jsonl.
var jsonlOutputs = map[string]string{"plan": "decision", "coverage": "coverage-object", "diff": "diff-change"}

var schemaCache sync.Map // output name → *sjs.Schema

// outputSchemaOf compiles the committed schema of output name, with
// formats asserted.
func outputSchemaOf(t *testing.T, name string) *sjs.Schema {
	t.Helper()
	if s, ok := schemaCache.Load(name); ok {
		return s.(*sjs.Schema)
	}
	i := slices.IndexFunc(outputs, func(o output) bool { return o.name == name })
	if i < 0 {
		t.Fatalf("no output %q", name)
	}
	path := filepath.Join("schema", outputs[i].file)
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/jobscope -run TestOutputSchemasCommitted -update)", err)
	}
	defer f.Close()
	doc, err := sjs.UnmarshalJSON(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	c := sjs.NewCompiler()
	c.DefaultDraft(sjs.Draft2020)
	c.AssertFormat()
	id := schemaBase + outputs[i].file
	if err := c.AddResource(id, doc); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	s, err := c.Compile(id)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	schemaCache.Store(name, s)
	return s
}

// checkOutput checks stdout of `jobscope args...` against its output's
// schema when args ask for JSON: --format json of a command with a JSON
// output, or plan's --format jsonl (every line).
func checkOutput(t *testing.T, args []string, stdout string) {
	t.Helper()
	if len(args) == 0 || stdout == "" {
		return
	}
	format := ""
	for i, a := range args {
		switch {
		case a == "--format" && i+1 < len(args):
			format = args[i+1]
		case strings.HasPrefix(a, "--format="):
			format = strings.TrimPrefix(a, "--format=")
		}
	}
	name, lines := args[0], false
	switch {
	case format == "jsonl" && jsonlOutputs[name] != "":
		name, lines = jsonlOutputs[name], true
	case format != "json" || !slices.ContainsFunc(outputs, func(o output) bool { return o.name == name }):
		return
	}
	s := outputSchemaOf(t, name)
	check := func(where string, data []byte) {
		doc, err := sjs.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			t.Errorf("jobscope %s: %s: not JSON: %v", strings.Join(args, " "), where, err)
			return
		}
		if err := s.Validate(doc); err != nil {
			t.Errorf("jobscope %s: %s does not match schema/%s.schema.json: %#v", strings.Join(args, " "), where, name, err)
		}
	}
	if !lines {
		check("the output", []byte(stdout))
		return
	}
	sc := bufio.NewScanner(strings.NewReader(stdout))
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		check("line "+strconv.Itoa(n), sc.Bytes())
	}
}

// decodePlan decodes plan's --format json strictly: every member is one
// the contract names.
func decodePlan(t *testing.T, out string) *planReport {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	var r planReport
	if err := dec.Decode(&r); err != nil {
		t.Fatalf("plan --format json: %v\n%s", err, out)
	}
	return &r
}

// reconciles reports whether r's counts add up: read = scanned + skipped,
// the reasons sum to skipped, and the buckets to the totals.
func (r *planReport) reconciles() bool {
	add := func(a, b planCounts) planCounts {
		return planCounts{Objects: a.Objects + b.Objects, Bytes: a.Bytes + b.Bytes}
	}
	if add(r.Scanned, r.Skipped) != r.Read {
		return false
	}
	var skipped, read planCounts
	for _, rc := range r.Reasons {
		skipped = add(skipped, planCounts{Objects: rc.Objects, Bytes: rc.Bytes})
	}
	for _, b := range r.Buckets {
		read = add(read, b.Read)
	}
	return skipped == r.Skipped && read == r.Read
}
