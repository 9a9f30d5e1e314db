package inventory

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/jobscope/jobscope/field"
)

func TestParseManifest(t *testing.T) {
	tests := []struct {
		name, json string
		want       []string // the errors, in order
	}{
		{"not JSON", `{"a": `, []string{"m.json:1: unexpected end of JSON input"}},
		{"syntax error on line 3", "{\n\"fileFormat\": \"CSV\",\n\"fileSchema\" \"x\"}", []string{"m.json:3: invalid character '\"' after object key"}},
		{"array", `[]`, []string{"m.json: not a JSON object"}},
		{"empty", `{}`, []string{"m.json: fileFormat: required", "m.json: fileSchema: required", "m.json: files: required"}},
		{"wrong types", `{"sourceBucket": 1, "fileFormat": "CSV", "fileSchema": "Key", "files": {}}`,
			[]string{"m.json: sourceBucket: a string is needed, not a number", "m.json: files: an array is needed, not an object"}},
		{"bad files", `{"fileFormat": "CSV", "fileSchema": "Key", "files": [1, {}, {"key": ""}, {"key": "k", "size": -1, "MD5checksum": "abc"}, {"key": "k", "size": 1.5, "MD5checksum": 7}]}`,
			[]string{"m.json: files[0]: an object is needed, not a number", "m.json: files[1].key: required", "m.json: files[2].key: empty",
				"m.json: files[3].size: -1 is negative", `m.json: files[3].MD5checksum: "abc" is not 32 hex digits`,
				"m.json: files[4].size: a whole number of bytes is needed, not 1.5", "m.json: files[4].MD5checksum: a string is needed, not a number"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseManifest([]byte(tt.json), "m.json")
			var got []string
			if j, ok := err.(interface{ Unwrap() []error }); ok {
				for _, e := range j.Unwrap() {
					var ie *field.Error
					if !errors.As(e, &ie) {
						t.Errorf("%T is not a *field.Error", e)
					}
					got = append(got, e.Error())
				}
			} else if err != nil {
				t.Fatalf("%T %v", err, err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
	// Unknown members are ignored; size and MD5checksum are optional.
	m, err := parseManifest([]byte(`{"fileFormat": "CSV", "fileSchema": "Bucket, Key", "files": [{"key": "k"}], "someday": true}`), "m.json")
	if err != nil || len(m.Files) != 1 || m.Files[0] != (ManifestFile{Key: "k"}) {
		t.Errorf("%+v, %v", m, err)
	}
}
