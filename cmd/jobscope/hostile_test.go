package main

import (
	"bytes"
	"compress/gzip"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The hostile inputs through the command line: each gets the
// documented exit code (1 invalid input or rejected rows, 2 usage or I/O)
// and messages that say where the problem is; no Go panic reaches stderr;
// and where a run goes on, its counts reconcile (read = scanned + skipped,
// rows = read + rejected, with plan --format json).

const hostileSchema = "Bucket, Key, Size, LastModifiedDate"

func hostileRow(key, size, date string) string {
	return `"b","` + key + `","` + size + `","` + date + `"` + "\n"
}

const hostileDate = "2024-01-01T00:00:00.000Z"

func hostileGzip(s string) string {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(s))
	zw.Close()
	return b.String()
}

// hostileFiles are the inputs of the cases, written into one directory.
func hostileFiles() map[string]string {
	two := hostileGzip(hostileRow("k1.csv", "1", hostileDate) + hostileRow("k2.csv", "2", hostileDate))
	million := strings.TrimSuffix(strings.Repeat(`"a",`, 1000000), ",")
	return map[string]string{
		"job.json": `{"name": "j", "jobType": "ONE_TIME", "s3JobDefinition": {"bucketDefinitions": [{"accountId": "111122223333", "buckets": ["b"]}]}}`,
		"criteria.json": `{"name": "j", "jobType": "ONE_TIME", "s3JobDefinition": {"bucketCriteria": {"includes": {"and": [
			{"simpleCriterion": {"key": "S3_BUCKET_SHARED_ACCESS", "comparator": "EQ", "values": ["NOT_SHARED"]}}]}}}}`,
		"bom.json":     "\xef\xbb\xbf" + `{"name": "j", "jobType": "ONE_TIME", "s3JobDefinition": {"bucketDefinitions": [{"accountId": "111122223333", "buckets": ["b"]}]}}`,
		"dup.json":     "{\"name\": \"j\",\n \"name\": \"k\", \"jobType\": \"ONE_TIME\", \"s3JobDefinition\": {\"bucketDefinitions\": [{\"accountId\": \"1\", \"buckets\": [\"b\"]}]}}",
		"deep.json":    `{"name": ` + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + `}`,
		"million.json": `{"name": "j", "jobType": "ONE_TIME", "s3JobDefinition": {"bucketDefinitions": [{"accountId": "1", "buckets": ["b"]}], "scoping": {"includes": {"and": [{"simpleScopeTerm": {"key": "OBJECT_KEY", "comparator": "STARTS_WITH", "values": [` + million + `]}}]}}}}`,
		"huge.json":    `{"name": "j", "description": "` + strings.Repeat(" ", 9<<20) + `"}`,
		"dates.json":   `{"name": "j", "jobType": "SCHEDULED", "scheduleFrequency": {"dailySchedule": {}}, "createdAt": "10000-01-01T00:00:00Z", "s3JobDefinition": {"bucketDefinitions": [{"accountId": "1", "buckets": ["b"]}]}}`,

		"ok.csv.gz":        two,
		"truncated.csv.gz": two[:len(two)-12],
		"concat.csv.gz":    two + two,
		"fields.csv":       `"b","k1","1"` + "\n" + `"b","k2","1","` + hostileDate + `","x"` + "\n" + hostileRow("k3.csv", "1", hostileDate),
		"quotes.csv":       `"b","k1,"1","` + hostileDate + `"` + "\n" + hostileRow("k2.csv", "2", hostileDate) + `"b","k3` + "\n" + hostileRow("k4.csv", "4", hostileDate),
		"keys.csv":         hostileRow("k\xff1", "1", hostileDate) + hostileRow("k%FF2", "1", hostileDate) + hostileRow("k\x003.csv", "1", hostileDate) + hostileRow("k%004.csv", "1", hostileDate),
		"sizes.csv":        hostileRow("k1", "-1", hostileDate) + hostileRow("k2", "99999999999999999999", hostileDate) + hostileRow("k3", "9223372036854775807", hostileDate) + hostileRow("k4", "9223372036854775807", hostileDate),
		"dates.csv":        hostileRow("k1.csv", "1", "1969-12-31T23:59:59.000Z") + hostileRow("k2.csv", "1", "10000-01-01T00:00:00.000Z") + hostileRow("k3.csv", "1", "0001-01-01T00:00:00.000Z"),
		"objects.jsonl": "{\"bucket\":\"b\",\"key\":\"k\xff1\",\"size\":1,\"lastModified\":\"2024-01-01T00:00:00Z\"}\n" +
			`{"bucket":"b","key":"k\u00002.csv","size":1,"lastModified":"1969-01-01T00:00:00Z"}` + "\n" +
			`{"bucket":"b","key":"x","size":-1,"lastModified":"2024-01-01T00:00:00Z"}` + "\n",
		"manifest.json": `{"sourceBucket": "b", "fileFormat": "CSV", "fileSchema": "` + hostileSchema + `", "files": [
			{"key": "ok.csv.gz"}, {"key": "../../../etc/passwd"}, {"key": "/etc/passwd"}, {"key": "missing.csv.gz", "size": 10}]}`,
		"bom-list.json": "\xef\xbb\xbf" + `{"Name": "b", "Contents": [{"Key": "k1.csv", "Size": 1, "LastModified": "2024-01-01T00:00:00Z"}]}`,
		"object.json":   "{\"bucket\": \"b\",\n \"key\": \"a\xffb\", \"size\": 1, \"lastModified\": \"2024-01-01T00:00:00Z\"}",
		"buckets.json":  "{\"buckets\": [\n{\"bucketName\": \"b\", \"sharedAccess\": \"WEIRD\", \"publicAccess\": {\"effectivePermission\": \"MAYBE\"}}]}",
	}
}

type hostileCase struct {
	name string
	args []string // file names of hostileFiles are replaced by their paths
	code int
	// The messages hold these, each with the location of a problem (on
	// stderr; validate writes its report on stdout).
	stderr []string
	// rows, for plan --format json: the rows of the inputs, which must be
	// read + rejected; -1 when the run does not go on.
	rows int64
	// exec: run the built binary too.
	exec bool
}

var hostileCases = []hostileCase{
	{name: "truncated gzip", args: []string{"plan", "--job", "job.json", "--schema", hostileSchema, "--objects", "truncated.csv.gz"},
		code: 1, stderr: []string{"truncated.csv.gz:3: the data ends early (a truncated file?)"}, rows: 2, exec: true},
	{name: "concatenated gzip members", args: []string{"plan", "--job", "job.json", "--schema", hostileSchema, "--objects", "concat.csv.gz"},
		code: 0, rows: 4},
	{name: "too few or too many fields", args: []string{"plan", "--job", "job.json", "--schema", hostileSchema, "--objects", "fields.csv"},
		code: 1, stderr: []string{"fields.csv:1: 3 fields, the fileSchema has 4", "fields.csv:2: 5 fields, the fileSchema has 4", "2 rows rejected, more than --max-errors 0"}, rows: 3},
	{name: "too few or too many fields, tolerated", args: []string{"plan", "--job", "job.json", "--schema", hostileSchema, "--max-errors", "2", "--objects", "fields.csv"},
		code: 0, stderr: []string{"fields.csv:1: 3 fields"}, rows: 3},
	{name: "unterminated quotes", args: []string{"plan", "--job", "job.json", "--schema", hostileSchema, "--objects", "quotes.csv"},
		code: 1, stderr: []string{"quotes.csv:1: Key: a character after a closing quote", "quotes.csv:3: Key: quoted field not closed"}, rows: 4},
	{name: "invalid UTF-8 and NUL in keys", args: []string{"plan", "--job", "job.json", "--schema", hostileSchema, "--objects", "keys.csv"},
		code: 1, stderr: []string{"keys.csv:1: Key: not valid UTF-8 once URL-decoded", "keys.csv:2: Key: not valid UTF-8 once URL-decoded"}, rows: 4},
	{name: "sizes negative or beyond int64", args: []string{"plan", "--job", "job.json", "--schema", hostileSchema, "--objects", "sizes.csv"},
		code: 1, stderr: []string{`sizes.csv:1: Size: "-1" is negative`, `sizes.csv:2: Size: "99999999999999999999" is too large`}, rows: 4},
	{name: "dates before 1970 or after 9999", args: []string{"plan", "--job", "job.json", "--schema", hostileSchema, "--objects", "dates.csv"},
		code: 1, stderr: []string{`dates.csv:2: LastModifiedDate: "10000-01-01T00:00:00.000Z"`}, rows: 3},
	{name: "JSONL", args: []string{"plan", "--job", "job.json", "--objects", "objects.jsonl"},
		code: 1, stderr: []string{"objects.jsonl:1: not valid UTF-8", "objects.jsonl:3: size: -1 is negative"}, rows: 3},
	{name: "a JSON BOM", args: []string{"plan", "--job", "bom.json", "--schema", hostileSchema, "--objects", "ok.csv.gz"},
		code: 0, rows: 2},
	{name: "a JSON BOM in an object list", args: []string{"plan", "--job", "bom.json", "--objects", "bom-list.json"},
		code: 0, rows: 1},
	{name: "duplicate keys", args: []string{"plan", "--job", "dup.json", "--schema", hostileSchema, "--objects", "ok.csv.gz"},
		code: 1, stderr: []string{`dup.json: 2:2: name: member "name" is given more than once`}, rows: -1},
	{name: "duplicate keys, validate", args: []string{"validate", "dup.json"},
		code: 1, stderr: []string{`dup.json:2:2: name: member "name" is given more than once`}, rows: -1},
	{name: "10,000-deep nesting", args: []string{"plan", "--job", "deep.json", "--schema", hostileSchema, "--objects", "ok.csv.gz"},
		code: 1, stderr: []string{"deep.json: 1:73: nesting deeper than 64 levels, the limit (Limits.MaxDepth)"}, rows: -1, exec: true},
	{name: "10,000-deep nesting, schedule", args: []string{"schedule", "--job", "deep.json"},
		code: 1, stderr: []string{"nesting deeper than 64 levels, the limit (Limits.MaxDepth)"}, rows: -1},
	{name: "10,000-deep nesting, validate", args: []string{"validate", "deep.json"},
		code: 1, stderr: []string{"deep.json:1:73: nesting deeper than 64 levels, the limit (Limits.MaxDepth)"}, rows: -1, exec: true},
	{name: "1,000,000-value array", args: []string{"plan", "--job", "million.json", "--schema", hostileSchema, "--objects", "ok.csv.gz"},
		code: 1, stderr: []string{"million.json: 1:", "more than 100,000 JSON values, the limit on values in one document (Limits.MaxValues)"}, rows: -1, exec: true},
	{name: "1,000,000-value array, explain", args: []string{"explain", "--job", "million.json", "--object", "objects.jsonl"},
		code: 1, stderr: []string{"(Limits.MaxValues)"}, rows: -1},
	{name: "invalid UTF-8 in an object's key, explain", args: []string{"explain", "--job", "job.json", "--object", "object.json"},
		code: 1, stderr: []string{"object.json: line 2: not valid UTF-8 (byte 0xff)"}, rows: -1},
	{name: "a job file over 8 MiB", args: []string{"plan", "--job", "huge.json", "--schema", hostileSchema, "--objects", "ok.csv.gz"},
		code: 1, stderr: []string{"huge.json: ", "the document is more than 8,388,608 bytes, the limit on its size (Limits.MaxBytes)"}, rows: -1},
	{name: "a job created after 9999", args: []string{"plan", "--job", "dates.json", "--schema", hostileSchema, "--objects", "ok.csv.gz"},
		code: 1, stderr: []string{`dates.json: 1:96: createdAt: "10000-01-01T00:00:00Z" is not an RFC 3339 timestamp`}, rows: -1},
	{name: "manifest keys outside the report, missing files", args: []string{"plan", "--job", "job.json", "--objects", "manifest.json"},
		code: 1, stderr: []string{`unsafe data file key "../../../etc/passwd": it has a ".." segment (`, `manifest.json: files[1].key)`,
			`unsafe data file key "/etc/passwd": it is absolute (`, `manifest.json: files[2].key)`, `missing.csv.gz: file does not exist`, `manifest.json: files[3].key)`}, rows: 2, exec: true},
	{name: "describe-buckets with unknown enum values", args: []string{"plan", "--job", "criteria.json", "--buckets", "buckets.json", "--schema", hostileSchema, "--objects", "ok.csv.gz"},
		code: 1, stderr: []string{`buckets.json:2: buckets[0].sharedAccess: "WEIRD" is not one of`, `buckets.json:2: buckets[0].publicAccess.effectivePermission: "MAYBE" is not one of`}, rows: -1, exec: true},
	{name: "describe-buckets with unknown enum values, buckets", args: []string{"buckets", "--job", "criteria.json", "--buckets", "buckets.json"},
		code: 1, stderr: []string{`buckets.json:2: buckets[0].sharedAccess: "WEIRD" is not one of`}, rows: -1},
	{name: "a missing input", args: []string{"plan", "--job", "job.json", "--objects", "nowhere.csv"}, code: 2, stderr: []string{"nowhere.csv"}, rows: -1},
}

func TestHostileInputs(t *testing.T) {
	paths := writeFiles(t, hostileFiles())
	paths["nowhere.csv"] = filepath.Join(filepath.Dir(paths["job.json"]), "nowhere.csv")
	for _, tc := range hostileCases {
		t.Run(tc.name, func(t *testing.T) {
			args := make([]string, len(tc.args))
			for i, a := range tc.args {
				if p, ok := paths[a]; ok {
					a = p
				}
				args[i] = a
			}
			if tc.rows >= 0 {
				args = append(args, "--format", "json", "--progress", "never")
			}
			code, stdout, stderr := runCLI(t, "", args...)
			checkHostile(t, tc, code, stdout, stderr)
			if tc.exec {
				bin := builtBinary(t)
				cmd := exec.Command(bin, args...)
				var out, errb bytes.Buffer
				cmd.Stdout, cmd.Stderr = &out, &errb
				err := cmd.Run()
				code := 0
				if ee, ok := err.(*exec.ExitError); ok {
					code = ee.ExitCode()
				} else if err != nil {
					t.Fatal(err)
				}
				checkHostile(t, tc, code, out.String(), errb.String())
			}
		})
	}
}

func checkHostile(t *testing.T, tc hostileCase, code int, stdout, stderr string) {
	t.Helper()
	if code != tc.code {
		t.Errorf("exit %d, want %d; stderr:\n%s", code, tc.code, stderr)
	}
	if strings.Contains(stderr, "panic") || strings.Contains(stderr, "goroutine ") {
		t.Errorf("a Go panic on stderr:\n%s", stderr)
	}
	messages := stderr
	if tc.args[0] == "validate" {
		messages = stdout + stderr
	}
	if code != 0 && messages == "" {
		t.Errorf("exit %d without a message", code)
	}
	for _, want := range tc.stderr {
		if !strings.Contains(messages, want) {
			t.Errorf("the messages lack %q:\n%s", want, messages)
		}
	}
	if tc.rows < 0 {
		return
	}
	s := decodePlan(t, stdout)
	if !s.reconciles() || s.Read.Objects+s.RejectedRows != tc.rows {
		t.Errorf("rows %d: read %d + rejected %d; reconciles: %v", tc.rows, s.Read.Objects, s.RejectedRows, s.reconciles())
	}
	if s.Read.Bytes < 0 || s.Scanned.Bytes < 0 || s.Skipped.Bytes < 0 {
		t.Errorf("negative byte counts: %+v", s)
	}
}
