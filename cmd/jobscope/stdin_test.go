package main

import "testing"

// Every flag that reads a file reads standard input for "-", and only one
// of them may.
func TestStandardInput(t *testing.T) {
	files := writeFiles(t, map[string]string{
		"job.json": `{"name": "j", "jobType": "ONE_TIME", "s3JobDefinition": {"bucketDefinitions": [{"accountId": "1", "buckets": ["b"]}]}}`,
		"objects.jsonl": `{"bucket": "b", "key": "a.csv", "size": 10, "lastModified": "2024-01-01T00:00:00Z"}
{"bucket": "b", "key": "b.png", "size": 20, "lastModified": "2024-01-01T00:00:00Z"}
`,
	})
	job, objects := files["job.json"], files["objects.jsonl"]
	objectLines := `{"bucket": "b", "key": "a.csv", "size": 10, "lastModified": "2024-01-01T00:00:00Z"}
{"bucket": "b", "key": "b.png", "size": 20, "lastModified": "2024-01-01T00:00:00Z"}
`
	jobText := `{"name": "j", "jobType": "ONE_TIME", "s3JobDefinition": {"bucketDefinitions": [{"accountId": "1", "buckets": ["b"]}]}}`
	runCases(t, []cliCase{
		{name: "objects from stdin", stdin: objectLines, args: []string{"plan", "--job", job, "--objects", "-"},
			stdout: "scanned         1   10 B"},
		{name: "objects from stdin as jsonl", stdin: objectLines, args: []string{"plan", "--job", job, "--objects", "-", "--format", "jsonl"},
			stdout: `"key":"a.csv"`},
		{name: "job from stdin", stdin: jobText, args: []string{"plan", "--job", "-", "--objects", objects},
			stdout: "scanned         1   10 B"},
		{name: "job in YAML from stdin", stdin: "name: j\njobType: ONE_TIME\ns3JobDefinition: {bucketDefinitions: [{accountId: \"1\", buckets: [b]}]}\n",
			args: []string{"plan", "--job", "-", "--objects", objects}, stdout: "scanned         1   10 B"},
		{name: "two stdins", stdin: objectLines, args: []string{"plan", "--job", "-", "--objects", "-"}, code: 2,
			stderr: "standard input can feed one input only, and --job - and --objects - both read it"},
		{name: "objects given as the job", stdin: objectLines, args: []string{"plan", "--job", "-", "--objects", objects}, code: 1,
			stderr: "<stdin>"},
		{name: "buckets from stdin", stdin: `{"buckets": [{"accountId": "1", "bucketName": "b"}]}`,
			args: []string{"buckets", "--job", job, "--buckets", "-"}, stdout: "b"},
		{name: "buckets and job from stdin", args: []string{"buckets", "--job", "-", "--buckets", "-"}, code: 2,
			stderr: "--buckets - and --job - both read it"},
	})
}
