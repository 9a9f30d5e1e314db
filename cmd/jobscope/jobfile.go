package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"path/filepath"
	"slices"
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
	r, err := gunzipped(r)
	if err != nil {
		return nil, nil, field.ErrorList{{Code: field.Unreadable, Message: "reading the job definition", Err: err}}
	}
	br := bufio.NewReader(r)
	head, _ := br.Peek(4096)
	head = bytes.Clone(head) // reading br overwrites its buffer
	var j *jobscope.Job
	var warnings field.ErrorList
	switch ext := strings.ToLower(filepath.Ext(name)); {
	case ext == ".yaml" || ext == ".yml",
		ext != ".json" && len(bytes.TrimSpace(head)) > 0 && yamljob.IsYAML(head):
		j, warnings, err = yamljob.LoadWithWarnings(br, lim, opts)
	default:
		j, warnings, err = jobscope.LoadWithWarnings(br, lim, opts)
	}
	var list field.ErrorList
	if errors.As(err, &list) {
		// Another input given for a job: say so, not every member it lacks.
		if msg := misplacedKind("--job", sniffData(head)); msg != "" {
			return nil, nil, field.ErrorList{{Line: 1, Column: 1, Code: field.InvalidValue, Message: "this is " + msg}}
		}
	}
	return j, warnings, err
}

// gunzipped is r, decompressed when it starts as gzip does: an input is
// recognised from its data, whatever its name.
func gunzipped(r io.Reader) (io.Reader, error) {
	br := bufio.NewReader(r)
	if magic, _ := br.Peek(2); !bytes.Equal(magic, []byte{0x1f, 0x8b}) {
		return br, nil
	}
	return gzip.NewReader(br)
}

// stdinTwice says which flags read standard input ("-") when more than one
// value does, and is empty otherwise: a command's standard input can feed
// one input only.
func stdinTwice(flags map[string][]string) string {
	var readers []string
	for flag, values := range flags {
		for _, v := range values {
			if v == "-" {
				readers = append(readers, flag+" -")
			}
		}
	}
	if len(readers) < 2 {
		return ""
	}
	slices.Sort(readers)
	return "standard input can feed one input only, and " + strings.Join(readers, " and ") + " both read it: give the others as files"
}
