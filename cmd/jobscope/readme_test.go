package main

// The README's console blocks are run by TestREADMEConsole, so that the
// README cannot drift from the program. A fenced block whose info string is
// console holds commands and what they print:
//
//   - A line "$ jobscope ARGS" runs jobscope in-process, with ARGS split as a
//     POSIX shell splits words: single and double quotes, backslash escapes,
//     a backslash at the end of a line continuing the command on the next,
//     and unquoted *, ? and [ expanded with filepath.Glob, sorted, a pattern
//     that matches no file being an error. Any other shell syntax (pipes,
//     redirections, variables, command substitution, braces, ~, comments)
//     is an error, never skipped. Standard input is empty.
//   - The lines after a command, up to the next "$ " line or the end of the
//     block, are what a terminal shows: standard output and standard error,
//     interleaved as they are written. A line holding only "…" (indented or
//     not) stands for any run of lines, an empty one too. Trailing white space
//     is ignored; any other difference fails, naming the README line.
//   - A command must exit 0 unless the next command of the block is
//     "$ echo $?", whose one line of output is the status the command
//     before it exits with.
//   - Any other "$ " command is an error, and so is a line beginning "$ " in
//     a fenced block that is not a console block: a transcript this test
//     would not run.
//
// go test ./cmd/jobscope -run TestREADMEConsole -update rewrites each
// command's output in the README from the program's, keeping the elisions:
// the lines an "…" stands for stay elided, the lines shown become the
// program's, and a changed line stays where it was shown.

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// readmeFile is the README, relative to the repository root.
const readmeFile = "README.md"

func TestREADMEConsole(t *testing.T) {
	md, err := os.ReadFile(readmeFile)
	if err != nil {
		t.Fatal(err)
	}
	c := checkConsole(readmeFile, string(md))
	if c.commands == 0 {
		t.Errorf("%s has no console block with a jobscope command", readmeFile)
	}
	if *update && c.rewritten != string(md) {
		if err := os.WriteFile(readmeFile, []byte(c.rewritten), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("rewrote the console blocks of %s from the program's output", readmeFile)
	}
	for k, p := range c.problems {
		if !(*update && p.drift) {
			t.Error(c.messages()[k])
		}
	}
}

// TestREADMEConsoleDrift changes one character of each console block of the
// README in turn, and wants the change reported at its line, and undone by
// the rewrite.
func TestREADMEConsoleDrift(t *testing.T) {
	md, err := os.ReadFile(readmeFile)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(md), "\n")
	blocks, _ := fencedConsoleBlocks(lines)
	if len(blocks) == 0 {
		t.Fatalf("%s has no console block", readmeFile)
	}
	for _, b := range blocks {
		runs, _ := consoleRuns(b)
		// The first line of output of the block that is not an elision.
		n := 0
		for _, r := range runs {
			for k, l := range r.shown {
				if n == 0 && !isElision(l) && strings.TrimSpace(l) != "" {
					n = r.shownAt + k
				}
			}
		}
		if n == 0 {
			t.Errorf("%s:%d: the console block shows no output", readmeFile, b.first)
			continue
		}
		// The block alone, at its lines, with that line's first non-blank
		// character changed.
		pad := strings.Repeat("\n", b.first-2)
		fenced := lines[b.first-2 : b.first+len(b.lines)]
		block := slices.Clone(fenced)
		k := n - b.first + 1
		i := len(block[k]) - len(strings.TrimLeft(block[k], " "))
		changed := "X"
		if block[k][i] == 'X' {
			changed = "Y"
		}
		block[k] = block[k][:i] + changed + block[k][i+1:]
		c := checkConsole(readmeFile, pad+strings.Join(block, "\n")+"\n")
		where := fmt.Sprintf("%s:%d:", readmeFile, n)
		if len(c.problems) != 1 || !c.problems[0].drift || !strings.HasPrefix(c.messages()[0], where) ||
			!strings.Contains(c.problems[0].msg, block[k]) {
			t.Errorf("%s changed to %q: want one drift reported at %s, got %q", where, block[k], where, c.messages())
		}
		if want := pad + strings.Join(fenced, "\n") + "\n"; c.rewritten != want {
			t.Errorf("%s: the rewrite of the changed block is\n%s\nwant\n%s", where, c.rewritten, want)
		}
	}
}

// TestConsoleProblems checks that what the README test cannot run fails it,
// at its line.
func TestConsoleProblems(t *testing.T) {
	const invalid = "jobscope validate examples/invalid/extension-contains.json"
	for _, tc := range []struct {
		name, md string
		line     int
		want     string // in the problem
	}{
		{"not jobscope", "```console\n$ cat README.md\n# jobscope\n```\n", 2, "only jobscope commands"},
		{"pipe", "```console\n$ jobscope validate examples/*.json | head\n```\n", 2, `"|"`},
		{"redirection", "```console\n$ jobscope schema > s.json\n```\n", 2, `">"`},
		{"variable", "```console\n$ jobscope validate $JOB\n```\n", 2, `"$"`},
		{"unclosed quote", "```console\n$ jobscope validate 'a.json\n```\n", 2, "unclosed '"},
		{"glob without match", "```console\n$ jobscope validate examples/*.nothing\n```\n", 2, "examples/*.nothing matches no file"},
		{"transcript outside a console block", "```sh\n$ jobscope schema\n```\n", 2, "```console"},
		{"output before a command", "```console\nvalid\n$ jobscope schema\n```\n", 2, "must begin with"},
		{"unclosed fence", "text\n```console\n$ jobscope schema\n", 2, "not closed"},
		{"exit status not shown", "```console\n$ " + invalid + "\n…\n```\n", 2, "exits 1"},
		{"wrong exit status", "```console\n$ " + invalid + "\n…\n$ echo $?\n0\n```\n", 5, "-README.md:5: 0\n+1"},
		{"echo first", "```console\n$ echo $?\n0\n```\n", 2, "must follow"},
		{"drift", "```console\n$ " + invalid + "\nexamples/invalid/extension-contains.json: valid\n$ echo $?\n1\n```\n", 3,
			"-README.md:3: examples/invalid/extension-contains.json: valid\n+examples/invalid/extension-contains.json:12:29:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := checkConsole(readmeFile, tc.md)
			where := fmt.Sprintf("%s:%d:", readmeFile, tc.line)
			if len(c.problems) != 1 || !strings.HasPrefix(c.messages()[0], where) || !strings.Contains(c.problems[0].msg, tc.want) {
				t.Errorf("want one problem at %s with %q, got %q", where, tc.want, c.messages())
			}
		})
	}
	// What does run passes.
	md := "```console\n$ " + invalid + " \\\n    'examples/invalid/extension-contains.json'\n…\n$ echo $?\n1\n```\n"
	if c := checkConsole(readmeFile, md); len(c.messages()) != 0 || c.commands != 1 || c.rewritten != md {
		t.Errorf("%q: %d commands, problems %q, rewritten %q", md, c.commands, c.messages(), c.rewritten)
	}
}

func TestShellWords(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
		err  string
	}{
		{in: "jobscope plan --job a.json", want: []string{"jobscope", "plan", "--job", "a.json"}},
		{in: "a \\\n    b\\\nc", want: []string{"a", "bc"}},
		{in: `a '"x y"' "it's" "\"\$\\" 'a\b' a\ b ''`, want: []string{"a", `"x y"`, "it's", `"$\`, `a\b`, "a b", ""}},
		{in: "x examples/demo/inventory/*/daily-full/*/manifest.json", want: []string{"x",
			"examples/demo/inventory/acme-analytics-data/daily-full/2024-12-01T01-00Z/manifest.json",
			"examples/demo/inventory/acme-app-logs/daily-full/2024-12-01T01-00Z/manifest.json",
			"examples/demo/inventory/acme-finance-docs/daily-full/2024-12-01T01-00Z/manifest.json"}},
		{in: "'examples/*.json' \"examples/?\" examples/\\*", want: []string{"examples/*.json", "examples/?", "examples/*"}},
		{in: "a#b c~d", want: []string{"a#b", "c~d"}},
		{in: "examples/[", err: "syntax error in pattern"},
		{in: "a && b", err: `"&"`},
		{in: "a; b", err: `";"`},
		{in: "a <(b)", err: `"<"`},
		{in: "a `b`", err: "\"`\""},
		{in: `a "$(b)"`, err: `"$"`},
		{in: "a {b,c}", err: `"{"`},
		{in: "a ~/b", err: `"~"`},
		{in: "a # b", err: `"#"`},
		{in: `a "b`, err: `unclosed "`},
		{in: `a b\`, err: "backslash"},
	} {
		got, err := shellWords(tc.in)
		switch {
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("shellWords(%q) = %q, %v; want an error with %q", tc.in, got, err, tc.err)
		case tc.err == "" && (err != nil || !slices.Equal(got, tc.want)):
			t.Errorf("shellWords(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

func TestElisionMatch(t *testing.T) {
	lines := func(s string) []string {
		if s == "" {
			return nil
		}
		return strings.Split(s, "\n")
	}
	for _, tc := range []struct {
		name      string
		want, got string
		match     bool
		rewritten string // the rewrite of want from got; want itself when they match
	}{
		{name: "same", want: "a\nb", got: "a\nb", match: true},
		{name: "trailing white space", want: "a\nb", got: "a  \nb\t", match: true},
		{name: "one character", want: "a\nb", got: "a\nc", rewritten: "a\nc"},
		{name: "leading white space", want: "a\n b", got: "a\nb", rewritten: "a\nb"},
		{name: "line missing", want: "a\nb\nc", got: "a\nc", rewritten: "a\nc"},
		{name: "line added", want: "a\nc", got: "a\nb\nc", rewritten: "a\nb\nc"},
		{name: "nothing shown", want: "", got: "a", rewritten: "a"},
		{name: "nothing printed", want: "a", got: "", rewritten: ""},
		{name: "elision alone", want: "…", got: "a\nb", match: true},
		{name: "elision of nothing", want: "…", got: "", match: true},
		{name: "elision at the start", want: "  …\nc", got: "a\nb\nc", match: true},
		{name: "elision at the start, last line changed", want: "  …\nc", got: "a\nb\nd", rewritten: "  …\nd"},
		{name: "elision in the middle", want: "a\n…\nd", got: "a\nb\nc\nd", match: true},
		{name: "elision in the middle of nothing", want: "a\n…\nd", got: "a\nd", match: true},
		{name: "elision at the end", want: "a\n…", got: "a\nb\nc", match: true},
		{name: "elision at the end, first line missing", want: "a\n…", got: "b\nc", rewritten: "b\n…"},
		{name: "two elisions", want: "a\n…\nc\n…\ne", got: "a\nb\nc\nd\nd\ne", match: true},
		{name: "two elisions, the line between them missing", want: "a\n…\nc\n…\ne", got: "a\nb\nd\ne", rewritten: "a\n…\nd\n…\ne"},
		{name: "two elisions, the line between them changed", want: "head\n…\ntotal 3 files\n…\nend", got: "head\nx\ntotal 4 files\ny\nend",
			rewritten: "head\n…\ntotal 4 files\n…\nend"},
		{name: "elision in the middle, ends changed", want: "a\nb\n…\ny\nz", got: "A\nb\nc\nd\ny\nZ", rewritten: "A\nb\n…\ny\nZ"},
		{name: "elision before the last line, line added at the end", want: "a\n…\nz", got: "a\nb\nz\nlast", rewritten: "a\n…\nlast"},
		{name: "elision at the start, line added at the end", want: "…\ny\nz", got: "a\ny\nz\nlast", rewritten: "…\ny\nz\nlast"},
		{name: "elision is not literal", want: "a\n... \nc", got: "a\nb\nc", rewritten: "a\nb\nc"},
		{name: "literal elision in the output", want: "a\n…", got: "a\n…", match: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want, got := lines(tc.want), lines(tc.got)
			cost, steps := alignLines(want, got)
			if (cost == 0) != tc.match {
				t.Errorf("match %v, want %v (steps %v)", cost == 0, tc.match, steps)
			}
			rewritten := tc.rewritten
			if tc.match {
				rewritten = tc.want
			}
			again := rewriteLines(want, got, steps)
			if r := strings.Join(again, "\n"); r != rewritten {
				t.Errorf("rewritten\n%s\nwant\n%s", r, rewritten)
			}
			if cost, steps := alignLines(again, got); cost != 0 {
				t.Errorf("the rewrite does not match the output: %v", steps)
			}
		})
	}
}

// consoleProblem is what TestREADMEConsole reports, at a line of the
// file; drift is set where -update rewrites the lines.
type consoleProblem struct {
	line  int
	msg   string
	drift bool
}

// consoleCheck is the result of running the console blocks of a Markdown
// text: the problems, how many jobscope commands ran, and the text with
// each command's output rewritten from the program's.
type consoleCheck struct {
	name      string // the file, in messages
	problems  []consoleProblem
	commands  int
	rewritten string
}

// messages returns the problems as FILE:LINE: MESSAGE.
func (c consoleCheck) messages() []string {
	var m []string
	for _, p := range c.problems {
		m = append(m, fmt.Sprintf("%s:%d: %s", c.name, p.line, p.msg))
	}
	return m
}

// consoleBlock is a fenced console block: its lines, the first of them at
// line first of the file.
type consoleBlock struct {
	first int
	lines []string
}

// consoleRun is one command of a console block: the command's lines as
// written, "$ " included, the first at line at, and the lines shown after it,
// the first at line shownAt.
type consoleRun struct {
	at, shownAt int
	command     []string
	shown       []string
}

// commandText returns the command of a run as the shell reads it: without
// "$ ", its lines joined, white space trimmed.
func commandText(r consoleRun) string {
	return strings.TrimSpace(strings.TrimPrefix(strings.Join(r.command, "\n"), "$ "))
}

// checkConsole runs the console blocks of md, a Markdown text that
// messages call name.
func checkConsole(name, md string) consoleCheck {
	lines := strings.Split(md, "\n")
	blocks, problems := fencedConsoleBlocks(lines)
	c := consoleCheck{name: name, problems: problems}
	problem := func(line int, drift bool, format string, a ...any) {
		c.problems = append(c.problems, consoleProblem{line, fmt.Sprintf(format, a...), drift})
	}
	rewritten := slices.Clone(lines)
	// Rewriting from the last block keeps the line numbers of those before.
	for bi := len(blocks) - 1; bi >= 0; bi-- {
		b := blocks[bi]
		runs, err := consoleRuns(b)
		if err != nil {
			problem(b.first, false, "%v", err)
			continue
		}
		var block []string
		code := -1 // the exit status of the command before, -1 after anything else
		for k, r := range runs {
			block = append(block, r.command...)
			text := commandText(r)
			prev := code
			code = -1
			var got []string
			if text == "echo $?" {
				if prev < 0 {
					problem(r.at, false, "`$ echo $?` must follow a `$ jobscope` command")
					block = append(block, r.shown...)
					continue
				}
				got = []string{strconv.Itoa(prev)}
			} else {
				words, err := shellWords(text)
				if err == nil && (len(words) == 0 || words[0] != "jobscope") {
					err = fmt.Errorf("only jobscope commands, and `$ echo $?` after one, run in a console block")
				}
				if err != nil {
					problem(r.at, false, "`$ %s`: %v", text, err)
					block = append(block, r.shown...)
					continue
				}
				c.commands++
				code, got = runConsole(words[1:])
				if code != exitOK && (k+1 == len(runs) || commandText(runs[k+1]) != "echo $?") {
					problem(r.at, false, "`$ %s` exits %d: a command in the README must exit 0, or be followed by `$ echo $?` showing its exit status", text, code)
				}
				for _, l := range got {
					if strings.HasPrefix(l, "$ ") {
						problem(r.at, false, "`$ %s` prints a line beginning \"$ \", which a console block would read as a command: %q", text, l)
					}
				}
			}
			cost, steps := alignLines(r.shown, got)
			if cost != 0 {
				problem(firstDifference(r.shownAt, steps), true, "the output of `$ %s` is not what the README shows (-%s +jobscope):\n%s"+
					"go test ./cmd/jobscope -run TestREADMEConsole -update rewrites the README's blocks from the program",
					text, name, renderDiff(name, r.shownAt, r.shown, got, steps))
			}
			block = append(block, rewriteLines(r.shown, got, steps)...)
		}
		rewritten = slices.Replace(rewritten, b.first-1, b.first-1+len(b.lines), block...)
	}
	slices.SortStableFunc(c.problems, func(a, b consoleProblem) int { return a.line - b.line })
	c.rewritten = strings.Join(rewritten, "\n")
	return c
}

// fencedConsoleBlocks returns the fenced blocks of lines whose info string
// is console, and a problem for each line beginning "$ " in another fenced
// block and for a fence left open.
func fencedConsoleBlocks(lines []string) ([]consoleBlock, []consoleProblem) {
	var blocks []consoleBlock
	var problems []consoleProblem
	for i := 0; i < len(lines); i++ {
		fence, info, ok := openingFence(lines[i])
		if !ok {
			continue
		}
		opening := i // the index of the opening fence's line
		for i++; i < len(lines) && !closesFence(lines[i], fence); i++ {
		}
		if i == len(lines) {
			problems = append(problems, consoleProblem{line: opening + 1, msg: fmt.Sprintf("the block opened by %s is not closed", fence)})
			break
		}
		body := lines[opening+1 : i]
		if info == "console" {
			blocks = append(blocks, consoleBlock{first: opening + 2, lines: body})
			continue
		}
		for k, l := range body {
			if strings.HasPrefix(l, "$ ") {
				problems = append(problems, consoleProblem{line: opening + 2 + k, msg: fmt.Sprintf("a command in a %s%s block: a transcript is a ```console block, whose commands the tests run", fence, info)})
				break
			}
		}
	}
	return blocks, problems
}

// openingFence reports whether line opens a fenced code block, and returns
// its fence (``` or ~~~, or longer) and the first word of its info string.
func openingFence(line string) (fence, info string, ok bool) {
	s := strings.TrimLeft(line, " ")
	if len(line)-len(s) > 3 || len(s) < 3 || (s[0] != '`' && s[0] != '~') {
		return "", "", false
	}
	n := len(s) - len(strings.TrimLeft(s, s[:1]))
	if n < 3 {
		return "", "", false
	}
	fence, rest := s[:n], strings.TrimSpace(s[n:])
	if fence[0] == '`' && strings.Contains(rest, "`") {
		return "", "", false
	}
	if f := strings.Fields(rest); len(f) > 0 {
		info = f[0]
	}
	return fence, info, true
}

// closesFence reports whether line closes a block opened by fence.
func closesFence(line, fence string) bool {
	s := strings.TrimSpace(line)
	return len(line)-len(strings.TrimLeft(line, " ")) <= 3 && len(s) >= len(fence) && strings.Trim(s, fence[:1]) == ""
}

// consoleRuns splits a console block into its commands and their output. A
// line ending in a backslash continues a command on the next line.
func consoleRuns(b consoleBlock) ([]consoleRun, error) {
	var runs []consoleRun
	for i := 0; i < len(b.lines); {
		if !strings.HasPrefix(b.lines[i], "$ ") {
			if len(runs) == 0 {
				return nil, fmt.Errorf("a console block must begin with a \"$ \" command")
			}
			r := &runs[len(runs)-1]
			r.shown = append(r.shown, b.lines[i])
			i++
			continue
		}
		r := consoleRun{at: b.first + i}
		for {
			r.command = append(r.command, b.lines[i])
			i++
			if !strings.HasSuffix(r.command[len(r.command)-1], `\`) || i == len(b.lines) {
				break
			}
		}
		r.shownAt = b.first + i
		runs = append(runs, r)
	}
	return runs, nil
}

// termBuffer is what a terminal shows of a run: standard output and
// standard error as they are written.
type termBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *termBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// runConsole runs jobscope with args and returns its exit code and the
// lines a terminal shows.
func runConsole(args []string) (code int, lines []string) {
	var term termBuffer
	code = run(args, strings.NewReader(""), &term, &term)
	out := strings.TrimSuffix(term.buf.String(), "\n")
	if out == "" {
		return code, []string{}
	}
	return code, strings.Split(out, "\n")
}

// shellWords splits a command into words as a POSIX shell does, expanding
// unquoted file name patterns (*, ? and [) with filepath.Glob. It supports
// single and double quotes, backslash escapes and backslash-newline
// continuations; any other shell syntax is an error.
func shellWords(s string) ([]string, error) {
	var words []string
	var word, pattern strings.Builder
	inWord, glob := false, false
	literal := func(c rune) {
		word.WriteRune(c)
		if strings.ContainsRune(`*?[\`, c) {
			pattern.WriteByte('\\')
		}
		pattern.WriteRune(c)
		inWord = true
	}
	end := func() error {
		defer func() {
			word.Reset()
			pattern.Reset()
			inWord, glob = false, false
		}()
		switch {
		case !inWord:
			return nil
		case !glob:
			words = append(words, word.String())
			return nil
		}
		matches, err := filepath.Glob(pattern.String())
		if err != nil {
			return fmt.Errorf("%s: %v", word.String(), err)
		}
		if len(matches) == 0 {
			return fmt.Errorf("%s matches no file", word.String())
		}
		slices.Sort(matches)
		words = append(words, matches...)
		return nil
	}
	unsupported := func(c rune) error {
		return fmt.Errorf("%s: only words, quotes and file name patterns are supported, not pipes, redirections, expansions or other shell syntax", strconv.Quote(string(c)))
	}
	rs := []rune(s)
	for k := 0; k < len(rs); k++ {
		switch c := rs[k]; {
		case c == ' ' || c == '\t' || c == '\n':
			if err := end(); err != nil {
				return nil, err
			}
		case c == '\\':
			if k++; k == len(rs) {
				return nil, fmt.Errorf("a backslash ends the command")
			}
			if rs[k] != '\n' {
				literal(rs[k])
			}
		case c == '\'':
			n := slices.Index(rs[k+1:], '\'')
			if n < 0 {
				return nil, fmt.Errorf("unclosed '")
			}
			for _, q := range rs[k+1 : k+1+n] {
				literal(q)
			}
			inWord = true
			k += n + 1
		case c == '"':
			inWord = true
			for k++; k < len(rs) && rs[k] != '"'; k++ {
				switch {
				case rs[k] == '\\' && k+1 < len(rs) && strings.ContainsRune("$`\"\\\n", rs[k+1]):
					if k++; rs[k] != '\n' {
						literal(rs[k])
					}
				case rs[k] == '$' || rs[k] == '`':
					return nil, unsupported(rs[k])
				default:
					literal(rs[k])
				}
			}
			if k == len(rs) {
				return nil, fmt.Errorf(`unclosed "`)
			}
		case strings.ContainsRune("*?[", c):
			word.WriteRune(c)
			pattern.WriteRune(c)
			inWord, glob = true, true
		case strings.ContainsRune("|&;<>()$`{}", c), (c == '#' || c == '~') && !inWord:
			return nil, unsupported(c)
		default:
			literal(c)
		}
	}
	if err := end(); err != nil {
		return nil, err
	}
	return words, nil
}

// isElision reports whether a line of a console block stands for any run
// of lines: it holds only "…".
func isElision(line string) bool { return strings.TrimSpace(line) == "…" }

// alignStep is one step of an alignment of the lines a README shows with
// the lines a program prints: op is '=' (the same line), '~' (a changed
// line), '-' (a line shown, not printed), '+' (a line printed, not shown),
// 'e' (an elision; the steps '.' after it are the lines it stands for).
// shown and printed index the lines, -1 where the step has none.
type alignStep struct {
	op             byte
	shown, printed int
}

func (s alignStep) String() string { return fmt.Sprintf("%c%d,%d", s.op, s.shown, s.printed) }

// The costs of an alignment: a changed line costs from alignChanged (the
// same but for a character) to alignChanged+9 (nothing in common), less
// than a line on one side only, so that a rewrite puts a changed line where
// the old one was shown rather than hiding it under an elision, and the
// lines most alike are paired.
const (
	alignChanged = 10
	alignOneSide = 20
)

// lineChange is the cost of pairing a line shown with a line printed.
func lineChange(shown, printed string) int {
	a, b := strings.TrimRight(shown, " \t"), strings.TrimRight(printed, " \t")
	if a == b {
		return 0
	}
	p := 0 // the length of the common prefix
	for p < len(a) && p < len(b) && a[p] == b[p] {
		p++
	}
	s := 0 // the length of the common suffix of the rest
	for s < len(a)-p && s < len(b)-p && a[len(a)-1-s] == b[len(b)-1-s] {
		s++
	}
	longest := max(len(a), len(b))
	return alignChanged + 9*(longest-p-s)/longest
}

// alignLines aligns the lines shown, which may hold elisions, with the lines
// printed at the least cost; cost 0 is a match.
func alignLines(shown, printed []string) (cost int, steps []alignStep) {
	m, n := len(shown), len(printed)
	// d[i][j] is the least cost of aligning shown[i:] with printed[j:].
	d := make([][]int, m+1)
	for i := range d {
		d[i] = make([]int, n+1)
	}
	change := func(i, j int) int { return lineChange(shown[i], printed[j]) }
	for i := m; i >= 0; i-- {
		for j := n; j >= 0; j-- {
			switch {
			case i == m:
				d[i][j] = alignOneSide * (n - j)
			case isElision(shown[i]):
				d[i][j] = d[i+1][j]
				if j < n {
					d[i][j] = min(d[i][j], d[i][j+1])
				}
			default:
				d[i][j] = alignOneSide + d[i+1][j]
				if j < n {
					d[i][j] = min(d[i][j], alignOneSide+d[i][j+1], change(i, j)+d[i+1][j+1])
				}
			}
		}
	}
	for i, j := 0, 0; i < m || j < n; {
		switch {
		case i == m:
			steps = append(steps, alignStep{'+', -1, j})
			j++
		case isElision(shown[i]):
			steps = append(steps, alignStep{'e', i, -1})
			for ; j < n && d[i][j+1] == d[i][j]; j++ {
				steps = append(steps, alignStep{'.', i, j})
			}
			i++
		case j < n && d[i][j] == change(i, j)+d[i+1][j+1]:
			op := byte('=')
			if change(i, j) != 0 {
				op = '~'
			}
			steps = append(steps, alignStep{op, i, j})
			i, j = i+1, j+1
		case d[i][j] == alignOneSide+d[i+1][j]:
			steps = append(steps, alignStep{'-', i, -1})
			i++
		default:
			steps = append(steps, alignStep{'+', -1, j})
			j++
		}
	}
	return d[0][0], steps
}

// rewriteLines returns the lines shown rewritten from the lines printed by
// an alignment: the elisions kept, every other line the one printed.
func rewriteLines(shown, printed []string, steps []alignStep) []string {
	out := []string{}
	for _, s := range steps {
		switch s.op {
		case '=', '~', '+':
			out = append(out, strings.TrimRight(printed[s.printed], " \t"))
		case 'e':
			out = append(out, strings.TrimRight(shown[s.shown], " \t"))
		}
	}
	return out
}

// firstDifference returns the line number of the first difference of an
// alignment, the lines shown starting at line first.
func firstDifference(first int, steps []alignStep) int {
	next := first // the line of the next line shown
	for _, s := range steps {
		switch s.op {
		case '~', '-':
			return first + s.shown
		case '+':
			return next
		case '=', 'e':
			next = first + s.shown + 1
		}
	}
	return next
}

// renderDiff shows an alignment as a diff: "-" a line shown, with its file
// and line, "+" a line printed; runs of equal lines further than two from a
// difference are cut to "⋮", an elision is shown with the count of lines it
// stands for.
func renderDiff(name string, first int, shown, printed []string, steps []alignStep) string {
	type row struct {
		text    string
		changed bool
	}
	var rows []row
	for k := 0; k < len(steps); k++ {
		s := steps[k]
		switch s.op {
		case '=':
			rows = append(rows, row{" " + printed[s.printed], false})
		case '~':
			rows = append(rows, row{fmt.Sprintf("-%s:%d: %s", name, first+s.shown, shown[s.shown]), true},
				row{"+" + printed[s.printed], true})
		case '-':
			rows = append(rows, row{fmt.Sprintf("-%s:%d: %s", name, first+s.shown, shown[s.shown]), true})
		case '+':
			rows = append(rows, row{"+" + printed[s.printed], true})
		case 'e':
			n := 0
			for k+1 < len(steps) && steps[k+1].op == '.' {
				k, n = k+1, n+1
			}
			rows = append(rows, row{fmt.Sprintf(" %s (%s:%d, %d lines)", strings.TrimSpace(shown[s.shown]), name, first+s.shown, n), false})
		}
	}
	var b strings.Builder
	cut := false
	for k, r := range rows {
		near := false
		for d := max(0, k-2); d <= min(len(rows)-1, k+2); d++ {
			near = near || rows[d].changed
		}
		if !near {
			if !cut {
				b.WriteString(" ⋮\n")
			}
			cut = true
			continue
		}
		cut = false
		b.WriteString(r.text + "\n")
	}
	return b.String()
}
