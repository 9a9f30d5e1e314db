package main

import (
	"strings"
	"testing"
)

// TestLimitFlag sets the input limits on job files with --limit: a lower
// limit rejects the demo job where the default accepts it, in every
// command that reads a job, and a bad --limit is a usage error.
func TestLimitFlag(t *testing.T) {
	const job = "examples/demo/job.json"
	demo := []string{"--buckets", "examples/demo/buckets.json", "--tags", "examples/demo/tags.jsonl",
		"--objects", "examples/demo/inventory/acme-app-logs/daily-full/2024-12-01T01-00Z/manifest.json"}
	runCases(t, []cliCase{
		{args: []string{"validate", job}, code: 0},
		{args: []string{"validate", "--limit", "MaxValues=20", job}, code: 1, stdout: "(Limits.MaxValues)"},
		{args: []string{"validate", "--limit", "MaxDepth=3", job}, code: 1, stdout: "(Limits.MaxDepth)"},
		{args: []string{"validate", "--limit", "MaxBytes=100", job}, code: 1, stdout: "(Limits.MaxBytes)"},
		{args: []string{"validate", "--limit", "MaxTermsPerBlock=1", job}, code: 1, stdout: "(Limits.MaxTermsPerBlock)"},
		{args: []string{"validate", "--limit", "MaxValuesPerTerm=1", job}, code: 1, stdout: "(Limits.MaxValuesPerTerm)"},
		{args: []string{"validate", "--limit", "MaxValuesPerTerm=-1", "--limit", "MaxTermsPerBlock=-1", job}, code: 0},
		{args: append([]string{"plan", "--job", job, "--limit", "MaxBytes=100"}, demo...), code: 1, stderr: "(Limits.MaxBytes)"},
		{args: append([]string{"plan", "--job", job, "--limit", "MaxValues=20"}, demo...), code: 1, stderr: "(Limits.MaxValues)"},
		{args: []string{"sql", "--job", job, "--limit", "MaxValuesPerTerm=1"}, code: 1, stderr: "(Limits.MaxValuesPerTerm)"},
		{args: []string{"schedule", "--job", job, "--limit", "MaxDepth=3"}, code: 1, stderr: "(Limits.MaxDepth)"},
		{args: []string{"buckets", "--job", job, "--buckets", "examples/demo/buckets.json", "--limit", "MaxValues=20"}, code: 1, stderr: "(Limits.MaxValues)"},
		{args: []string{"validate", "--limit", "MaxValue=20", job}, code: 2, stderr: `unknown limit "MaxValue"; limits are MaxBytes, `},
		{args: []string{"validate", "--limit", "MaxValues=lots", job}, code: 2, stderr: `limit MaxValues: "lots" is not a whole number other than 0`},
		{args: []string{"validate", "--limit", "MaxValues=0", job}, code: 2, stderr: "not a whole number other than 0"},
		{args: []string{"validate", "--limit", "MaxDepth=-1", job}, code: 2, stderr: "only MaxValuesPerTerm, MaxTermsPerBlock, MaxKeyLength, MaxPlanBytes and MaxResources can be turned off"},
		// Terraform plans: each job, and the whole plan.
		{args: []string{"validate", "--terraform", tfPlan}, code: 1, stdout: "aws_macie2_classification_job.weekly: valid"},
		{args: []string{"validate", "--terraform", tfPlan, "--limit", "MaxValuesPerTerm=1"}, code: 1, stdout: "aws_macie2_classification_job.weekly: s3JobDefinition.scoping"},
		{args: []string{"validate", "--terraform", tfPlan, "--limit", "MaxValuesPerTerm=1"}, code: 1, stdout: "(Limits.MaxValuesPerTerm)"},
		{args: []string{"validate", "--terraform", tfPlan, "--limit", "MaxPlanBytes=1000"}, code: 1, stderr: "(Options.MaxPlanBytes)"},
		{args: []string{"validate", "--terraform", tfPlan, "--limit", "MaxResources=2"}, code: 1, stderr: "(Options.MaxResources)"},
		{args: []string{"plan", "--terraform", tfPlan, "--resource", "aws_macie2_classification_job.weekly", "--limit", "MaxPlanBytes=1000", "--objects", "examples/demo/inventory/acme-app-logs/daily-full/2024-12-01T01-00Z/manifest.json"},
			code: 1, stderr: "(Options.MaxPlanBytes)"},
		{args: []string{"validate", "--limit", "MaxDepth", job}, code: 2, stderr: `want NAME=VALUE, got "MaxDepth"`},
	})
}

// TestLimitMaxBytesHuge reads a job with the largest MaxBytes there is:
// the limit is no limit, not an overflow that reads nothing.
func TestLimitMaxBytesHuge(t *testing.T) {
	for _, args := range [][]string{
		{"validate", "--limit", "MaxBytes=9223372036854775807", "examples/demo/job.json"},
		{"buckets", "--job", "examples/demo/job.json", "--buckets", "examples/demo/buckets.json", "--limit", "MaxBytes=9223372036854775807"},
	} {
		if code, _, stderr := runCLI(t, "", args...); code != 0 {
			t.Errorf("jobscope %s: exit %d, stderr %q", strings.Join(args, " "), code, stderr)
		}
	}
}
