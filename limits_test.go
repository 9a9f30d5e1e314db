package jobscope_test

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jobscope/jobscope"
	"github.com/jobscope/jobscope/field"
)

// scopedJob is a valid job whose scoping includes the conditions and.
func scopedJob(and string) string {
	return `{"name": "j", "jobType": "ONE_TIME", "s3JobDefinition": {"bucketDefinitions": [{"accountId": "111122223333", "buckets": ["b"]}],
  "scoping": {"includes": {"and": [` + and + `]}}}}`
}

// prefixTerm is an OBJECT_KEY condition with n values v.
func prefixTerm(n int, v string) string {
	return `{"simpleScopeTerm": {"key": "OBJECT_KEY", "comparator": "STARTS_WITH", "values": [` +
		strings.TrimSuffix(strings.Repeat(`"`+v+`",`, n), ",") + `]}}`
}

func repeatTerms(n int, term string) string {
	return strings.TrimSuffix(strings.Repeat(term+",", n), ",")
}

const validJob = `{"name": "j", "jobType": "ONE_TIME", "s3JobDefinition": {"bucketDefinitions": [{"accountId": "111122223333", "buckets": ["b"]}]}}`

// outcome is one problem, in a comparable form.
type outcome struct {
	path string
	code field.Code
	msg  string // a part of the message
	line int    // 0: any
}

// TestHostileJobs runs the hostile job documents and every limit
// through Load: each is rejected with one problem at its place, naming the
// limit and its option, or accepted; none takes long.
func TestHostileJobs(t *testing.T) {
	many := make([]string, 1000000)
	for i := range many {
		many[i] = `"a"`
	}
	million := scopedJob(`{"simpleScopeTerm": {"key": "OBJECT_KEY", "comparator": "STARTS_WITH", "values": [` + strings.Join(many, ",") + `]}}`)
	for _, tc := range []struct {
		name string
		doc  string
		lim  jobscope.Limits
		want []outcome // nil: valid
	}{
		{name: "BOM", doc: "\xef\xbb\xbf" + validJob},
		{name: "duplicate keys", doc: `{"name": "j",` + "\n" + ` "name": "k", "jobType": "ONE_TIME", "s3JobDefinition": {"bucketDefinitions": [{"accountId": "1", "buckets": ["b"]}]}}`,
			want: []outcome{{"name", field.DuplicateField, `member "name" is given more than once`, 2}}},
		{name: "10,000-deep nesting", doc: `{"name": ` + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + `}`,
			want: []outcome{{"", field.Limit, "nesting deeper than 64 levels, the limit (Limits.MaxDepth)", 1}}},
		{name: "1,000,000-value array", doc: million,
			want: []outcome{{"", field.Limit, "more than 100,000 JSON values, the limit on values in one document (Limits.MaxValues)", 2}}},
		{name: "1,000,000-value array, MaxValues raised", doc: million, lim: jobscope.Limits{MaxValues: 2000000},
			want: []outcome{{"s3JobDefinition.scoping.includes.and[0].simpleScopeTerm.values", field.Limit, "1,000,000 values; the limit is 10,000 values per condition (Limits.MaxValuesPerTerm)", 2}}},
		{name: "values per term", doc: scopedJob(prefixTerm(10001, "a")),
			want: []outcome{{"s3JobDefinition.scoping.includes.and[0].simpleScopeTerm.values", field.Limit, "10,001 values; the limit is 10,000 values per condition (Limits.MaxValuesPerTerm)", 2}}},
		{name: "values per term, at the limit", doc: scopedJob(prefixTerm(10000, "a"))},
		{name: "values per term, raised", doc: scopedJob(prefixTerm(10001, "a")), lim: jobscope.Limits{MaxValuesPerTerm: 20000}},
		{name: "values per term, off", doc: scopedJob(prefixTerm(10001, "a")), lim: jobscope.Limits{MaxValuesPerTerm: -1}},
		{name: "tag values per term", doc: scopedJob(`{"tagScopeTerm": {"key": "TAG", "comparator": "EQ", "target": "S3_OBJECT", "tagValues": [` +
			repeatTerms(3, `{"key": "k", "value": "v"}`) + `]}}`), lim: jobscope.Limits{MaxValuesPerTerm: 2},
			want: []outcome{{"s3JobDefinition.scoping.includes.and[0].tagScopeTerm.tagValues", field.Limit, "3 values; the limit is 2 values per condition (Limits.MaxValuesPerTerm)", 2}}},
		{name: "bucket criteria values per term", doc: `{"name": "j", "jobType": "ONE_TIME", "s3JobDefinition": {"bucketCriteria": {"excludes": {"and": [{"simpleCriterion": {"key": "S3_BUCKET_NAME", "comparator": "EQ", "values": ["a", "b", "c"]}}]}}}}`,
			lim:  jobscope.Limits{MaxValuesPerTerm: 2},
			want: []outcome{{"s3JobDefinition.bucketCriteria.excludes.and[0].simpleCriterion.values", field.Limit, "(Limits.MaxValuesPerTerm)", 1}}},
		{name: "terms per block", doc: scopedJob(repeatTerms(1001, prefixTerm(1, "a"))),
			want: []outcome{{"s3JobDefinition.scoping.includes.and", field.Limit, "1,001 conditions; the limit is 1,000 conditions per block (Limits.MaxTermsPerBlock)", 2}}},
		{name: "terms per block, bucket criteria", doc: `{"name": "j", "jobType": "ONE_TIME", "s3JobDefinition": {"bucketCriteria": {"includes": {"and": [` +
			repeatTerms(3, `{"simpleCriterion": {"key": "ACCOUNT_ID", "comparator": "EQ", "values": ["1"]}}`) + `]}}}}`, lim: jobscope.Limits{MaxTermsPerBlock: 2},
			want: []outcome{{"s3JobDefinition.bucketCriteria.includes.and", field.Limit, "3 conditions; the limit is 2 conditions per block (Limits.MaxTermsPerBlock)", 1}}},
		{name: "key length", doc: scopedJob(prefixTerm(1, strings.Repeat("k", 1025))),
			want: []outcome{{"s3JobDefinition.scoping.includes.and[0].simpleScopeTerm.values[0]", field.Limit, "a key prefix of 1,025 bytes; S3 keys are at most 1,024 bytes, so it matches no object (Limits.MaxKeyLength)", 2}}},
		{name: "key length, at the limit", doc: scopedJob(prefixTerm(1, strings.Repeat("é", 512)))},
		{name: "file size", doc: validJob[:len(validJob)-1] + `, "description": "` + strings.Repeat(" ", 9<<20) + `"}`,
			want: []outcome{{"", field.Limit, "the document is more than 8,388,608 bytes, the limit on its size (Limits.MaxBytes)", 0}}},
		{name: "file size, raised", doc: validJob[:len(validJob)-1] + `, "description": "` + strings.Repeat("d", 200) + `"` + strings.Repeat(" ", 9<<20) + `}`, lim: jobscope.Limits{MaxBytes: 10 << 20}},
		// Macie's own quota stays Macie's: a limit is not reported instead.
		{name: "Macie's bucket quota", doc: `{"name": "j", "jobType": "ONE_TIME", "s3JobDefinition": {"bucketDefinitions": [{"accountId": "1", "buckets": [` +
			strings.TrimSuffix(strings.Repeat(`"b",`, 1001), ",") + `]}]}}`,
			want: []outcome{{"s3JobDefinition.bucketDefinitions", field.Quota, "1001 buckets; a job can name at most 1000", 1}}},
		{name: "dates before 1970 and in year 1", doc: `{"name": "j", "jobType": "ONE_TIME", "createdAt": "1969-07-20T20:17:40Z", "s3JobDefinition": {"bucketDefinitions": [{"accountId": "1", "buckets": ["b"]}],
			"scoping": {"includes": {"and": [{"simpleScopeTerm": {"key": "OBJECT_LAST_MODIFIED_DATE", "comparator": "GT", "values": ["0001-01-01T00:00:00Z"]}}]}}}}`},
		{name: "dates after 9999", doc: `{"name": "j", "jobType": "ONE_TIME", "createdAt": "10000-01-01T00:00:00Z", "s3JobDefinition": {"bucketDefinitions": [{"accountId": "1", "buckets": ["b"]}],
			"scoping": {"includes": {"and": [{"simpleScopeTerm": {"key": "OBJECT_LAST_MODIFIED_DATE", "comparator": "GT", "values": ["10000-01-01T00:00:00Z"]}}]}}}}`,
			want: []outcome{{"createdAt", field.InvalidValue, "is not an RFC 3339 timestamp", 1}, {"s3JobDefinition.scoping.includes.and[0].simpleScopeTerm.values[0]", field.InvalidValue, "a date must be RFC 3339", 2}}},
		{name: "invalid UTF-8", doc: "{\"name\": \"j\xff\"}", want: []outcome{{"", field.Syntax, "invalid UTF-8 (byte 0xff) inside a string", 1}}},
		{name: "NUL in a key prefix", doc: scopedJob(prefixTerm(1, `logs/\u0000`))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			_, err := jobscope.Load(strings.NewReader(tc.doc), tc.lim, jobscope.Options{})
			if d := time.Since(start); d > 10*time.Second {
				t.Errorf("took %v", d)
			}
			checkOutcomes(t, err, tc.want)
		})
	}
}

// checkOutcomes fails t unless err is nil and want is nil, or err is a
// field.ErrorList of the problems want, in order, each with a line and a
// column.
func checkOutcomes(t *testing.T, err error, want []outcome) {
	t.Helper()
	var list field.ErrorList
	switch {
	case want == nil && err != nil:
		t.Fatalf("want valid, got %v", err)
	case want == nil:
		return
	case !errors.As(err, &list):
		t.Fatalf("error %v is not a field.ErrorList", err)
	case len(list) != len(want):
		t.Fatalf("problems:\n%v\nwant %d", err, len(want))
	}
	for i, w := range want {
		e := list[i]
		if e.Path != w.path || e.Code != w.code || !strings.Contains(e.Message, w.msg) || (w.line > 0 && e.Line != w.line) || e.Line < 1 || e.Column < 1 {
			t.Errorf("problem %d: %s %s %q at %d:%d; want %s %s %q at line %d", i, e.Path, e.Code, e.Message, e.Line, e.Column, w.path, w.code, w.msg, w.line)
		}
	}
}

// Many problems in one document cost time in proportion to their number:
// 100,000 wrongly typed values on one line.
func TestManyProblemsOnOneLine(t *testing.T) {
	doc := `{"name": "j", "allowListIds": [` + strings.TrimSuffix(strings.Repeat("1,", 99990), ",") + `]}`
	start := time.Now()
	_, err := jobscope.Load(strings.NewReader(doc), jobscope.Limits{}, jobscope.Options{})
	var list field.ErrorList
	if !errors.As(err, &list) || len(list) < 99990 {
		t.Fatalf("%d problems", len(list))
	}
	last := list[len(list)-1]
	if want := fmt.Sprintf("allowListIds[%d]", 99989); last.Path != want || last.Column != len(doc)-2 {
		t.Errorf("last problem %s at %d:%d, want %s at column %d", last.Path, last.Line, last.Column, want, len(doc)-2)
	}
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("took %v", d)
	}
}

// ParseJob enforces the limits too.
func TestParseJobLimits(t *testing.T) {
	_, err := jobscope.ParseJob([]byte(scopedJob(repeatTerms(3, prefixTerm(1, "a")))), jobscope.Limits{MaxTermsPerBlock: 2})
	var list field.ErrorList
	if !errors.As(err, &list) || len(list) != 1 || list[0].Code != field.Limit || list[0].Line != 2 {
		t.Errorf("ParseJob: %v", err)
	}
	if _, err := jobscope.ParseJob(bytes.Repeat([]byte(" "), 9<<20), jobscope.Limits{}); err == nil || !strings.Contains(err.Error(), "Limits.MaxBytes") {
		t.Errorf("ParseJob of 9 MiB: %v", err)
	}
}
