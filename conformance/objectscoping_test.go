package conformance

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/jobscope/jobscope/scope"
)

func init() {
	handlers["object-scoping"] = handler{
		fields:  []string{"scoping", "object", "versions"},
		options: []string{"excludeJoin", "emptyBlock", "extensionRule", "extensionLeadingDot", "noExtensionNE", "lastModifiedPrecision"},
		run:     runObjectScoping,
	}
}

func runObjectScoping(t *testing.T, c *Case) {
	opts := engineOptions(t, c)
	var want struct {
		InScope            *bool           `json:"inScope"`
		EvaluatedVersionID json.RawMessage `json:"evaluatedVersionId"`
	}
	decodeStrict(t, "expect", c.Expect, &want)
	if want.InScope == nil {
		t.Fatal("expect: missing inScope")
	}

	var sc *scope.Scoping
	raw, ok := c.Fields["scoping"]
	if !ok {
		t.Fatal("missing member scoping")
	}
	if !bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		sc = new(scope.Scoping)
		decodeStrict(t, "scoping", raw, sc)
	}
	m, err := scope.Compile(sc, opts.Scope)
	if err != nil {
		t.Fatalf("compile: %v", err)
	}

	objRaw, hasObject := c.Fields["object"]
	versRaw, hasVersions := c.Fields["versions"]
	if hasObject == hasVersions {
		t.Fatal("want exactly one of object and versions")
	}
	var obj *scope.Object
	if hasObject {
		if want.EvaluatedVersionID != nil {
			t.Fatal("expect: evaluatedVersionId is only for versions cases")
		}
		obj = new(scope.Object)
		if err := json.Unmarshal(objRaw, obj); err != nil {
			t.Fatalf("object: %v", err)
		}
	} else {
		if want.EvaluatedVersionID == nil {
			t.Fatal("expect: versions cases need evaluatedVersionId")
		}
		var wantVersion *string
		if err := json.Unmarshal(want.EvaluatedVersionID, &wantVersion); err != nil {
			t.Fatalf("expect: evaluatedVersionId: %v", err)
		}
		var versions []scope.Object
		if err := json.Unmarshal(versRaw, &versions); err != nil {
			t.Fatalf("versions: %v", err)
		}
		obj = scope.CurrentVersion(versions)
		switch {
		case obj == nil && wantVersion != nil:
			t.Fatalf("evaluated no version, want %q", *wantVersion)
		case obj != nil && wantVersion == nil:
			t.Fatalf("evaluated version %q, want none", obj.VersionID)
		case obj != nil && obj.VersionID != *wantVersion:
			t.Fatalf("evaluated version %q, want %q", obj.VersionID, *wantVersion)
		}
	}

	got := obj != nil && m.Match(obj)
	if got != *want.InScope {
		ex := m.Explain(obj)
		t.Fatalf("inScope = %v, want %v; %s", got, *want.InScope, ex.Decision)
	}
	if obj != nil {
		if ex := m.Explain(obj); ex.Match != got {
			t.Fatalf("Explain says %v, Match says %v", ex.Match, got)
		}
	}
}
