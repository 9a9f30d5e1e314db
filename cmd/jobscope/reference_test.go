package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// referenceDir holds the Markdown reference of the commands.
const referenceDir = "docs/cli"

// TestCLIReference: docs/cli holds the help of every command as Markdown,
// as markdownTree writes it; -update rewrites it.
func TestCLIReference(t *testing.T) {
	files := markdownTree(newRoot(streams{}))
	if *update {
		old, _ := filepath.Glob(filepath.Join(referenceDir, "*.md"))
		for _, name := range old {
			if err := os.Remove(name); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.MkdirAll(referenceDir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for name, body := range files {
		checkGolden(t, filepath.Join(referenceDir, name), body)
	}
	committed, err := filepath.Glob(filepath.Join(referenceDir, "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range committed {
		if _, ok := files[filepath.Base(name)]; !ok {
			t.Errorf("%s documents no command (run go test ./cmd/jobscope -run TestCLIReference -update)", name)
		}
	}
}

// markdownTree returns the Markdown page of root and of each command
// under it, by file name: jobscope.md, jobscope_plan.md, ….
func markdownTree(root *cobra.Command) map[string]string {
	files := map[string]string{}
	var walk func(*cobra.Command)
	walk = func(c *cobra.Command) {
		files[pageName(c)] = markdownPage(c)
		for _, sub := range c.Commands() {
			if sub.IsAvailableCommand() && !sub.IsAdditionalHelpTopicCommand() {
				walk(sub)
			}
		}
	}
	walk(root)
	return files
}

func pageName(c *cobra.Command) string {
	return strings.ReplaceAll(c.CommandPath(), " ", "_") + ".md"
}

// markdownPage is the reference of one command: its summary, what it
// does, its usage, examples and flags, and links to its parent and
// subcommands.
func markdownPage(c *cobra.Command) string {
	var b strings.Builder
	fmt.Fprintf(&b, "## %s\n\n%s\n\n", c.CommandPath(), c.Short)
	if c.Long != "" {
		fmt.Fprintf(&b, "%s\n\n", c.Long)
	}
	if c.HasParent() && c.Runnable() {
		fmt.Fprintf(&b, "```\n%s\n```\n\n", c.UseLine())
	}
	if c.Example != "" {
		fmt.Fprintf(&b, "### Examples\n\n```\n%s\n```\n\n", c.Example)
	}
	c.InitDefaultHelpFlag()
	c.InitDefaultVersionFlag()
	if flags := c.NonInheritedFlags(); flags.HasAvailableFlags() {
		fmt.Fprintf(&b, "### Flags\n\n```\n%s```\n\n", flags.FlagUsages())
	}
	if flags := c.InheritedFlags(); flags.HasAvailableFlags() {
		fmt.Fprintf(&b, "### Flags of the parent commands\n\n```\n%s```\n\n", flags.FlagUsages())
	}
	var links []string
	if p := c.Parent(); p != nil {
		links = append(links, fmt.Sprintf("* [%s](%s): %s", p.CommandPath(), pageName(p), p.Short))
	}
	subs := slices.Clone(c.Commands())
	slices.SortFunc(subs, func(a, b *cobra.Command) int { return strings.Compare(a.Name(), b.Name()) })
	for _, sub := range subs {
		if sub.IsAvailableCommand() && !sub.IsAdditionalHelpTopicCommand() {
			links = append(links, fmt.Sprintf("* [%s](%s): %s", sub.CommandPath(), pageName(sub), sub.Short))
		}
	}
	if len(links) > 0 {
		fmt.Fprintf(&b, "### See also\n\n%s\n", strings.Join(links, "\n"))
	}
	return strings.TrimRight(b.String(), "\n") + "\n"
}
