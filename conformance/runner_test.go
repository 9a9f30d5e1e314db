package conformance

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/jobscope/jobscope"
)

// A Case is one line of a case file: the envelope members every case has,
// and the group's own members, kept raw for the group's handler.
type Case struct {
	ID         string
	Group      string
	Source     string
	Confidence string
	Why        string
	Note       string
	Options    map[string]json.RawMessage
	Expect     json.RawMessage
	Fields     map[string]json.RawMessage // group members
	// Engine are the engine options Options sets, for the handler.
	Engine jobscope.Options
}

// A handler runs the cases of one group.
type handler struct {
	// fields are the group members the handler reads; any other member fails
	// the case.
	fields []string
	// options are the option names the handler applies.
	options []string
	run     func(t *testing.T, c *Case)
}

// handlers maps a group name to its handler, in the order of
// testdata/README.md; the handlers are in files named after their sections.
var handlers = map[string]handler{
	"object-scoping": {
		fields:  []string{"scoping", "object", "versions"},
		options: []string{"excludeJoin", "emptyBlock", "extensionRule", "extensionLeadingDot", "noExtensionNE", "lastModifiedPrecision"},
		run:     runObjectScoping,
	},
	"bucket-criteria": {
		fields:  []string{"bucketCriteria", "bucket"},
		options: []string{"excludeJoin", "emptyBlock", "bucketTagEmptyValue"},
		run:     runBucketCriteria,
	},
	"eligibility": {
		fields:  []string{"object", "sampling"},
		options: []string{"quotaMegabyte", "extraTextExtensions", "kmsKeysAccessible"},
		run:     runEligibility,
	},
	"create-validation": {
		fields:  []string{"request"},
		options: []string{"emptyBlock", "samplingPercentageMin", "quotaError", "requireClientToken", "oneTimeScheduleFields"},
		run:     runCreateValidation,
	},
	"schedule": {
		fields:  []string{"request", "createdAt", "count", "window", "objects"},
		options: []string{"monthlyOverflow", "initialRunStartsImmediately", "incrementalBoundary"},
		run:     runSchedule,
	},
	"status": {
		fields:  []string{"job", "clock", "steps"},
		options: []string{"invalidTransitionError", "pausedFromPausedExpires"},
		run:     runStatus,
	},
	"list": {
		fields:  []string{"jobs", "requests"},
		options: []string{"listExcludeJoin", "listMaxResultsLimit", "listMaxResultsDefault"},
		run:     runList,
	},
}

var (
	envelope = []string{"id", "group", "source", "confidence", "why", "note", "options", "expect"}
	idRE     = regexp.MustCompile(`^(OS|BC|EL|CV|SC|ST|LJ)-\d{2,3}[a-z]?$`)
)

func caseFiles(t *testing.T) []string {
	if env := os.Getenv("JOBSCOPE_CASES"); env != "" {
		var files []string
		for _, f := range strings.Split(env, ",") {
			if f = strings.TrimSpace(f); f != "" {
				files = append(files, f)
			}
		}
		return files
	}
	files, err := filepath.Glob(filepath.Join("testdata", "*.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no case files in testdata/")
	}
	sort.Strings(files)
	return files
}

func TestConformance(t *testing.T) {
	seen := map[string]string{}
	total := 0
	for _, file := range caseFiles(t) {
		cases, err := readCases(file)
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		for _, c := range cases {
			total++
			if prev, dup := seen[c.ID]; dup {
				t.Errorf("%s: case id %s already used in %s", file, c.ID, prev)
			}
			seen[c.ID] = file
			t.Run(c.Group+"/"+c.ID, func(t *testing.T) { runCase(t, c) })
		}
	}
	t.Logf("%d cases", total)
}

func runCase(t *testing.T, c *Case) {
	h, ok := handlers[c.Group]
	if !ok {
		t.Fatalf("no handler for group %q", c.Group)
	}
	for name := range c.Fields {
		if !contains(h.fields, name) {
			t.Fatalf("member %q is not understood by the %s handler", name, c.Group)
		}
	}
	for name := range c.Options {
		if !contains(h.options, name) {
			t.Fatalf("option %q is not understood by the %s handler", name, c.Group)
		}
	}
	c.Engine = engineOptions(t, c)
	h.run(t, c)
}

func readCases(file string) ([]*Case, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var cases []*Case
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	for line := 1; sc.Scan(); line++ {
		c, err := parseCase(sc.Bytes())
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %v", file, line, err)
		}
		cases = append(cases, c)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %v", file, err)
	}
	return cases, nil
}

func parseCase(line []byte) (*Case, error) {
	var raw map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.UseNumber()
	if err := dec.Decode(&raw); err != nil {
		return nil, err
	}
	c := &Case{Fields: map[string]json.RawMessage{}}
	str := func(name string, dst *string, required bool) error {
		v, ok := raw[name]
		if !ok {
			if required {
				return fmt.Errorf("missing member %q", name)
			}
			return nil
		}
		return json.Unmarshal(v, dst)
	}
	for _, m := range []struct {
		name     string
		dst      *string
		required bool
	}{{"id", &c.ID, true}, {"group", &c.Group, true}, {"source", &c.Source, true},
		{"confidence", &c.Confidence, true}, {"why", &c.Why, true}, {"note", &c.Note, false}} {
		if err := str(m.name, m.dst, m.required); err != nil {
			return nil, err
		}
	}
	if !idRE.MatchString(c.ID) {
		return nil, fmt.Errorf("case id %q does not match %s", c.ID, idRE)
	}
	if o, ok := raw["options"]; ok {
		if err := json.Unmarshal(o, &c.Options); err != nil {
			return nil, fmt.Errorf("%s: options: %v", c.ID, err)
		}
	}
	var ok bool
	if c.Expect, ok = raw["expect"]; !ok {
		return nil, fmt.Errorf("%s: missing member \"expect\"", c.ID)
	}
	for name, v := range raw {
		if !contains(envelope, name) {
			c.Fields[name] = v
		}
	}
	return c, nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// decodeStrict decodes raw into v, rejecting unknown members, so that a
// case the handler does not fully understand fails.
func decodeStrict(t *testing.T, what string, raw json.RawMessage, v any) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// engineOptions returns the engine options of c, applied through
// jobscope.Options.Set by their suite names.
func engineOptions(t *testing.T, c *Case) jobscope.Options {
	t.Helper()
	var opts jobscope.Options
	for name, raw := range c.Options {
		// Strings are given as their text; anything else (true, 25, null,
		// an array) as its JSON.
		text := strings.TrimSpace(string(raw))
		var s string
		if strings.HasPrefix(text, `"`) && json.Unmarshal(raw, &s) == nil {
			text = s
		}
		if err := opts.Set(name, text); err != nil {
			t.Fatalf("%v", err)
		}
	}
	return opts
}
