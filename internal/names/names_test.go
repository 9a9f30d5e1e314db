package names

import "testing"

func TestSnake(t *testing.T) {
	for in, want := range map[string]string{
		"":                 "",
		"name":             "name",
		"LastModifiedDate": "last_modified_date",
		"simpleScopeTerm":  "simple_scope_term",
		"ETag":             "e_tag",
		"Size":             "size",
	} {
		if got := Snake(in); got != want {
			t.Errorf("Snake(%q) = %q, want %q", in, got, want)
		}
	}
}
