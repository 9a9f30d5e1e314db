package main

import (
	"bufio"
	"bytes"
	"io"
	"path/filepath"
	"strings"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/field"
	"github.com/jobscope/jobscope/yamljob"
)

// decodeJob reads a job definition in JSON or in YAML, as aws-cli's
// --cli-input-json and --cli-input-yaml read them, and returns it with its
// warnings. It is YAML when name ends in .yaml or .yml, or when name does
// not end in .json and the text does not start with "{".
func decodeJob(r io.Reader, name string, lim jobscope.Limits, opts jobscope.Options) (*jobscope.Job, field.ErrorList, error) {
	br := bufio.NewReader(r)
	head, _ := br.Peek(4096)
	switch ext := strings.ToLower(filepath.Ext(name)); {
	case ext == ".yaml" || ext == ".yml",
		ext != ".json" && len(bytes.TrimSpace(head)) > 0 && yamljob.IsYAML(head):
		return yamljob.LoadWithWarnings(br, lim, opts)
	}
	return jobscope.LoadWithWarnings(br, lim, opts)
}
