package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/jobscope/jobscope/field"
)

// printGitHub writes r's problems as GitHub Actions workflow commands
// (::error and ::warning with file, line and column), which annotate the
// lines of a pull request; a valid job without warnings writes nothing.
// https://docs.github.com/actions/reference/workflow-commands-for-github-actions
func printGitHub(w io.Writer, r validateResult) {
	annotate := func(level string, list []*field.Error) {
		for _, e := range list {
			props := "file=" + githubProperty(r.File)
			if e.Line > 0 {
				props += fmt.Sprintf(",line=%d,col=%d", e.Line, e.Column)
			}
			title := "jobscope " + string(e.Code)
			if r.Resource != "" {
				title += " in " + r.Resource
			}
			props += ",title=" + githubProperty(title)
			msg := e.Message
			if path := e.Path; path != "" {
				if a := r.attr(path); a != "" {
					path += " (" + a + ")"
				}
				msg = path + ": " + msg
			}
			fmt.Fprintf(w, "::%s %s::%s\n", level, props, githubData(msg))
		}
	}
	annotate("error", r.Errors)
	annotate("warning", r.Warnings)
	for _, u := range r.Unknown {
		fmt.Fprintf(w, "::warning file=%s,title=%s::%s\n", githubProperty(r.File), githubProperty("jobscope, known after apply, in "+r.Resource), githubData(u.String()))
	}
}

// githubData escapes a workflow command's message.
func githubData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// githubProperty escapes a workflow command's property value.
func githubProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
