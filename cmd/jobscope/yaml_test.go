package main

import "testing"

// Job files in YAML, as aws-cli's --cli-input-yaml reads them, are read by
// every command that reads a job, with problems at their YAML line and
// column.
func TestYAMLJobs(t *testing.T) {
	files := writeFiles(t, map[string]string{"weekly.yaml": `name: weekly pii
jobType: SCHEDULED
scheduleFrequency:
  weeklySchedule:
    dayOfWeek: MONDAY
s3JobDefinition:
  bucketDefinitions:
    - accountId: "111122223333"
      buckets: [acme-app-logs]
  scoping:
    excludes:
      and:
        - simpleScopeTerm: {key: OBJECT_EXTENSION, comparator: EQ, values: [png, jpg]}
`, "bad.yml": `name: bad
jobType: WEEKLY
s3JobDefinition:
  bucketDefinitions:
    - accountId: "111122223333"
      buckets: [b]
      bukets: [c]
`, "job": "name: x\njobType: ONE_TIME\ns3JobDefinition: {bucketDefinitions: [{accountId: \"1\", buckets: [b]}]}\n"})
	valid, bad, noExt := files["weekly.yaml"], files["bad.yml"], files["job"]
	runCases(t, []cliCase{
		{name: "validate", args: []string{"validate", valid}, stdout: "weekly.yaml: valid"},
		{name: "validate without extension", args: []string{"validate", noExt}, stdout: "valid"},
		{name: "located problems", args: []string{"validate", bad}, code: 1, stdout: "bad.yml:2:10: jobType"},
		{name: "unknown member", args: []string{"validate", bad}, code: 1, stdout: "7:7: s3JobDefinition.bucketDefinitions[0].bukets"},
		{name: "schedule", args: []string{"schedule", "--job", valid, "--created-at", "2024-12-02T09:00:00Z", "--count", "1"}, stdout: "weekly on Monday"},
		{name: "standard input", stdin: "name: x\njobType: ONE_TIME\ns3JobDefinition: {bucketDefinitions: [{accountId: \"1\", buckets: [b]}]}\n",
			args: []string{"validate", "-"}, stdout: "valid"},
	})
}
