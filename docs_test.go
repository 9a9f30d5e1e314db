package jobscope

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// citation is a reference in a comment to a section of one of the
// repository's documents: the document's path, a comma, and the section's
// heading in double quotes, maybe followed by more headings after "and".
var citation = regexp.MustCompile(`(docs/semantics\.md|conformance/testdata/README\.md),\s*(?://\s*)?"([^"]+)"((?:\s*(?://\s*)?(?:and|,)\s*(?://\s*)?"[^"]+")*)`)

// citationIn is the other order: headings in quotes (straight or curly),
// joined by "and", "to" or commas, then "in" and the document's path.
var citationIn = regexp.MustCompile(`((?:[“"][^”"]+[”"]\s*(?://\s*)?(?:and|to|,)\s*(?://\s*)?)*[“"][^”"]+[”"])\s*(?://\s*)?in\s*(?://\s*)?(docs/semantics\.md|conformance/testdata/README\.md)`)

var more = regexp.MustCompile(`[“"]([^”"]+)[”"]`)

// Every section a Go file cites by name is a heading of the document it
// names, so that a reader can follow it in a clone of the repository.
func TestCitedSectionsExist(t *testing.T) {
	headings := map[string]map[string]bool{}
	for _, doc := range []string{"docs/semantics.md", "conformance/testdata/README.md"} {
		data, err := os.ReadFile(doc)
		if err != nil {
			t.Fatal(err)
		}
		headings[doc] = map[string]bool{}
		for _, line := range strings.Split(string(data), "\n") {
			if strings.HasPrefix(line, "#") {
				h := strings.TrimSpace(strings.TrimLeft(line, "#"))
				headings[doc][h] = true
			}
		}
	}
	n := 0
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") && path != "." {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		var cites [][2]string // document, heading
		for _, m := range citation.FindAllStringSubmatch(string(data), -1) {
			cites = append(cites, [2]string{m[1], m[2]})
			for _, x := range more.FindAllStringSubmatch(m[3], -1) {
				cites = append(cites, [2]string{m[1], x[1]})
			}
		}
		for _, m := range citationIn.FindAllStringSubmatch(string(data), -1) {
			for _, x := range more.FindAllStringSubmatch(m[1], -1) {
				cites = append(cites, [2]string{m[2], x[1]})
			}
		}
		for _, c := range cites {
			doc, names := c[0], []string{c[1]}
			for _, name := range names {
				name = strings.Join(strings.Fields(strings.ReplaceAll(name, "//", " ")), " ") // a name wrapped over comment lines
				n++
				if !cited(headings[doc], name) {
					t.Errorf("%s cites %s, %q, which has no such heading", path, doc, name)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 50 {
		t.Errorf("found %d citations; the pattern no longer matches how the code cites", n)
	}
}

// cited reports whether name is one of headings, or the start of one
// followed by a space ("4.2 Object" for "4.2 Object (modelled on …)").
func cited(headings map[string]bool, name string) bool {
	for h := range headings {
		if h == name || strings.HasPrefix(h, name+" ") {
			return true
		}
	}
	return false
}
