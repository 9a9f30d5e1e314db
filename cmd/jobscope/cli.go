package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	iofs "io/fs"
	"regexp"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// streams are the standard input, output and error of a run.
type streams struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

// exitCode is the error a command returns to end the run with a code
// other than exitOK, after saying why on stderr itself.
type exitCode int

func (c exitCode) Error() string { return fmt.Sprintf("exit %d", int(c)) }

// newRoot returns the jobscope command with the commands of the table as
// its subcommands. Help goes to stdout; errors, which run prints, to
// stderr.
func newRoot(s streams) *cobra.Command {
	root := &cobra.Command{
		Use:   "jobscope",
		Short: "offline semantics of Amazon Macie classification jobs (it never calls AWS)",
		Long: reflow("jobscope tells, before anything runs, what an Amazon Macie sensitive data discovery\n" +
			"(classification) job will do. It reads job definitions in Macie's own JSON shape and never calls AWS.\n\n" +
			"Exit codes: 0 success, 1 invalid input, 2 usage or I/O error; plan, interrupted, 130 (SIGINT)\n" +
			"or 143 (SIGTERM) after writing what it had decided."),
		Version:       version(),
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.SetIn(s.stdin)
	root.SetOut(s.stdout)
	root.SetErr(s.stderr)
	root.SetFlagErrorFunc(suggestFlag)
	// Help and usage fit an 80-column terminal.
	help, usage := root.HelpFunc(), root.UsageFunc()
	root.SetHelpFunc(func(c *cobra.Command, args []string) {
		var buf bytes.Buffer
		c.SetOut(&buf)
		help(c, args)
		c.SetOut(s.stdout)
		io.WriteString(s.stdout, fitLines(buf.String()))
	})
	root.SetUsageFunc(func(c *cobra.Command) error {
		w := c.OutOrStderr()
		var buf bytes.Buffer
		c.SetOut(&buf)
		c.SetErr(&buf)
		err := usage(c)
		c.SetOut(w)
		c.SetErr(w)
		io.WriteString(w, fitLines(buf.String()))
		return err
	})
	for _, newCmd := range commands {
		root.AddCommand(newCmd(s))
	}
	root.InitDefaultCompletionCmd()
	return root
}

// reflow joins the lines of each paragraph of text into one, for
// fitLines to wrap at the terminal's width: a line that starts with a space
// (an item of a list or table) or follows one keeps its own line.
func reflow(text string) string {
	lines := strings.Split(text, "\n")
	var b strings.Builder
	for i, line := range lines {
		if i > 0 {
			prev := lines[i-1]
			if line == "" || prev == "" || strings.HasPrefix(line, " ") || strings.HasPrefix(prev, " ") || strings.HasSuffix(prev, ":") {
				b.WriteByte('\n')
			} else {
				b.WriteByte(' ')
			}
		}
		b.WriteString(line)
	}
	return b.String()
}

// fitLines wraps each line of text longer than textWidth columns at
// spaces. A continuation is indented as far as the line's text, or, for a
// line of two columns (a flag or command, two spaces or more, then its
// description), as far as the description.
func fitLines(text string) string {
	var b strings.Builder
	for _, line := range strings.SplitAfter(text, "\n") {
		body := strings.TrimSuffix(line, "\n")
		if visibleWidth(body) <= textWidth {
			b.WriteString(line)
			continue
		}
		indent := len(body) - len(strings.TrimLeft(body, " "))
		if i := strings.Index(body[indent:], "  "); i > 0 && indent+i < textWidth/2 {
			j := indent + i
			for j < len(body) && body[j] == ' ' {
				j++
			}
			indent = j
		}
		wrapText(&b, body[:indent], strings.Repeat(" ", indent), body[indent:])
		if !strings.HasSuffix(line, "\n") {
			s := strings.TrimSuffix(b.String(), "\n")
			b.Reset()
			b.WriteString(s)
		}
	}
	return b.String()
}

// version is the module's version from the build information: "(devel)"
// for a build of a checkout without version control information.
func version() string {
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" {
		return info.Main.Version
	}
	return "(devel)"
}

// run runs the command line args and returns the exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := newRoot(streams{stdin, stdout, stderr})
	if len(args) == 0 { // a usage error
		fmt.Fprint(stderr, root.UsageString())
		return exitUsage
	}
	root.SetArgs(args)
	cmd, err := root.ExecuteC()
	var code exitCode
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &code):
		return int(code)
	}
	// An unknown command or flag, or a flag's value that does not parse.
	path := root.Name()
	if cmd != nil {
		path = cmd.CommandPath()
	}
	msg := strings.TrimRight(err.Error(), "\n")
	if strings.Contains(msg, "\n") {
		msg += "\n"
	}
	fmt.Fprintf(stderr, "%s: %s\nRun '%s --help' for usage.\n", path, msg, path)
	return exitUsage
}

// suggestFlag adds to the error of an unknown flag the flags of the
// command whose names are near it, as cobra suggests commands: within two
// edits, or beginning with it.
func suggestFlag(cmd *cobra.Command, err error) error {
	if m := badNumber.FindStringSubmatch(err.Error()); m != nil {
		want := map[string]string{"Int": "a whole number", "Uint": "a whole number of at least 0", "Float": "a number",
			"Bool": "true or false"}[m[3]]
		if m[4] == "value out of range" {
			want += " in range"
		}
		return fmt.Errorf("%s: %q is not %s", m[2], m[1], want)
	}
	name, ok := strings.CutPrefix(err.Error(), "unknown flag: --")
	if !ok {
		return err
	}
	// cobra suggests among subcommands: make one of each flag.
	names := cobra.Command{SuggestionsMinimumDistance: 2}
	add := func(f *pflag.Flag) {
		if !f.Hidden {
			names.AddCommand(&cobra.Command{Use: f.Name, Run: func(*cobra.Command, []string) {}})
		}
	}
	cmd.Flags().VisitAll(add)
	cmd.InheritedFlags().VisitAll(add)
	near := names.SuggestionsFor(name)
	if len(near) == 0 {
		return err
	}
	return fmt.Errorf("%w\n\nDid you mean this?\n\t--%s", err, strings.Join(near, "\n\t--"))
}

// badNumber is how the flag package reports a value that does not parse
// as the flag's number or bool type, in the standard library's words.
var badNumber = regexp.MustCompile(`^invalid argument "(.*)" for "(.*)" flag: strconv\.Parse(Int|Uint|Float|Bool): parsing ".*": (invalid syntax|value out of range)$`)

// cmdFlags is a command being built: its flag set, and what its body
// needs to report.
type cmdFlags struct {
	*pflag.FlagSet
	cmd  *cobra.Command
	name string
	streams
}

// newFlags returns the command whose Use is use (its name, then what it
// takes), short its one-line summary and long what it does.
func newFlags(s streams, use, short, long string) *cmdFlags {
	cmd := &cobra.Command{Use: use, Short: short, Long: reflow(long)}
	return &cmdFlags{FlagSet: cmd.Flags(), cmd: cmd, name: cmd.Name(), streams: s}
}

// command returns the command, which runs body with its positional
// arguments, after its flags; body returns the exit code. A flag that
// is not repeatable may be given once.
func (c *cmdFlags) command(body func(args []string) int) *cobra.Command {
	c.VisitAll(func(f *pflag.Flag) {
		switch f.Value.(type) {
		case repeatable:
		case interface{ IsBoolFlag() bool }:
			f.Value = &onceBool{onceValue{Value: f.Value}}
		default:
			f.Value = &onceValue{Value: f.Value}
		}
	})
	c.cmd.RunE = func(_ *cobra.Command, args []string) error {
		if code := body(args); code != exitOK {
			return exitCode(code)
		}
		return nil
	}
	return c.cmd
}

// repeatable is a flag's value that may be given many times.
type repeatable interface {
	pflag.Value
	repeatable()
}

// onceValue is a flag's value that may be set once.
type onceValue struct {
	pflag.Value
	set bool
}

func (o *onceValue) Set(s string) error {
	if o.set {
		return errors.New("it may be given only once")
	}
	o.set = true
	return o.Value.Set(s)
}

// onceBool is a boolean onceValue.
type onceBool struct{ onceValue }

func (*onceBool) IsBoolFlag() bool { return true }

// usage prints the command's usage on stderr.
func (c *cmdFlags) usage() {
	fmt.Fprint(c.stderr, c.cmd.UsageString())
}

// checkFlagsOnly checks that the command has no positional arguments, that
// --format is valid and that every flag of required is given. It returns
// done=true with the exit code when the command should stop.
func (c *cmdFlags) checkFlagsOnly(format *string, required ...string) (code int, done bool) {
	switch {
	case c.NArg() > 0:
		return c.usageErr("unexpected argument %q", c.Arg(0)), true
	case checkFormat(*format) != nil:
		return c.usageErr("%v", checkFormat(*format)), true
	}
	for _, name := range required {
		if c.Lookup(name).Value.String() == "" {
			verb := "is"
			if len(required) > 1 {
				verb = "are"
			}
			return c.usageErr("--%s %s required", strings.Join(required, " and --"), verb), true
		}
	}
	return exitOK, false
}

// usageErr prints "jobscope NAME: " and the message on stderr and returns
// exitUsage.
func (c *cmdFlags) usageErr(format string, a ...any) int {
	fmt.Fprintf(c.stderr, "jobscope "+c.name+": "+format+"\n", a...)
	return exitUsage
}

// inputErr prints err, which names an input that could not be opened, and
// returns its exit code: exitUsage when the file does not exist, else
// exitInvalid.
func (c *cmdFlags) inputErr(err error) int {
	if errors.Is(err, iofs.ErrNotExist) {
		return c.usageErr("%v", err)
	}
	if msg, ok := optionMessage(c.name, err); ok { // a flag would fix it
		return c.usageErr("%s", msg)
	}
	fmt.Fprintf(c.stderr, "jobscope %s: %v\n", c.name, err)
	return exitInvalid
}

// format adds the --format flag of the commands that write text or json.
func (c *cmdFlags) format() *string {
	f := c.String("format", "text", "output format: text or json")
	c.values("format", "text", "json")
	return f
}

// values makes shell completion offer values for the flag name, which
// must be defined.
func (c *cmdFlags) values(name string, values ...string) {
	if err := c.cmd.RegisterFlagCompletionFunc(name, cobra.FixedCompletions(values, cobra.ShellCompDirectiveNoFileComp)); err != nil {
		panic(err)
	}
}

// checkFormat reports a --format other than text or json.
func checkFormat(format string) error {
	if format != "text" && format != "json" {
		return fmt.Errorf("--format must be text or json, not %q", format)
	}
	return nil
}

// options adds the --option and --limit flags; example is an --option.
func (c *cmdFlags) options(example string) *optionFlags {
	var o optionFlags
	o.register(c.FlagSet, example)
	return &o
}

// writeJSON writes v as indented JSON to stdout; it returns exitUsage,
// after saying why, when that fails.
func (c *cmdFlags) writeJSON(stdout io.Writer, v any) int {
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return c.usageErr("%v", err)
	}
	return exitOK
}

// stringsFlag collects a repeatable flag.
type stringsFlag []string

func (s *stringsFlag) String() string     { return strings.Join(*s, ",") }
func (s *stringsFlag) Set(v string) error { *s = append(*s, v); return nil }
func (*stringsFlag) Type() string         { return "strings" }
func (*stringsFlag) repeatable()          {}
