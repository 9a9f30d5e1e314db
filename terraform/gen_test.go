package terraform_test

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// writePlan writes a plan as `terraform show -json` writes it (compact, its
// sections in Terraform's order) with jobs aws_macie2_classification_job
// resources, each scoped by one condition of values object key prefixes:
// the values in planned_values and in resource_changes' after, their
// after_unknown (false for each), and a configuration that takes the
// prefixes from a local value.
func writePlan(w io.Writer, jobs, values int) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	var scratch []byte
	list := func(elem func(b []byte, k int) []byte) string {
		b := scratch[:0]
		b = append(b, '[')
		for k := range values {
			if k > 0 {
				b = append(b, ',')
			}
			b = elem(b, k)
		}
		scratch = append(b, ']')
		return string(scratch)
	}
	prefixes := list(func(b []byte, k int) []byte {
		b = append(b, '"')
		b = strconv.AppendInt(b, int64(k), 36)
		return append(b, '"')
	})
	falses := list(func(b []byte, _ int) []byte { return append(b, "false"...) })
	vals := func(i int) string {
		return fmt.Sprintf(`{"description":"scan %[1]d","initial_run":false,"job_type":"ONE_TIME","name":"job%04[1]d",`+
			`"s3_job_definition":[{"bucket_criteria":[],"bucket_definitions":[{"account_id":"111122223333","buckets":["bucket-%04[1]d"]}],`+
			`"scoping":[{"excludes":[],"includes":[{"and":[{"simple_scope_term":[{"comparator":"STARTS_WITH","key":"OBJECT_KEY","values":%[2]s}],"tag_scope_term":[]}]}]}]}],`+
			`"schedule_frequency":[],"tags":null,"tags_all":{},"timeouts":null}`, i, prefixes)
	}
	const sensitive = `{"custom_data_identifier_ids":[],"s3_job_definition":[{"bucket_criteria":[],"bucket_definitions":[{"buckets":[false]}],"scoping":[{"excludes":[],"includes":[{"and":[{"simple_scope_term":[{"values":[]}],"tag_scope_term":[]}]}]}]}],"schedule_frequency":[],"tags_all":{},"user_paused_details":[]}`
	unknown := `{"created_at":true,"custom_data_identifier_ids":true,"id":true,"job_arn":true,"job_id":true,"job_status":true,"name_prefix":true,"sampling_percentage":true,` +
		`"s3_job_definition":[{"bucket_criteria":[],"bucket_definitions":[{"buckets":[false]}],"scoping":[{"excludes":[],"includes":[{"and":[{"simple_scope_term":[{"values":` + falses + `}],"tag_scope_term":[]}]}]}]}],` +
		`"schedule_frequency":[],"tags_all":{},"user_paused_details":true}`
	addr := func(i int) string { return fmt.Sprintf("aws_macie2_classification_job.job%04d", i) }
	const provider = `"provider_name":"registry.terraform.io/hashicorp/aws"`

	fmt.Fprint(bw, `{"format_version":"1.2","terraform_version":"1.9.5","variables":{"region":{"value":"eu-west-1"}},"planned_values":{"root_module":{"resources":[`)
	for i := range jobs {
		if i > 0 {
			bw.WriteByte(',')
		}
		fmt.Fprintf(bw, `{"address":%q,"mode":"managed","type":"aws_macie2_classification_job","name":"job%04d",%s,"schema_version":0,"values":%s,"sensitive_values":%s}`,
			addr(i), i, provider, vals(i), sensitive)
	}
	fmt.Fprint(bw, `]}},"resource_drift":[],"resource_changes":[`)
	for i := range jobs {
		if i > 0 {
			bw.WriteByte(',')
		}
		fmt.Fprintf(bw, `{"address":%q,"mode":"managed","type":"aws_macie2_classification_job","name":"job%04d",%s,"change":{"actions":["create"],"before":null,"after":%s,"after_unknown":%s,"before_sensitive":false,"after_sensitive":%s}}`,
			addr(i), i, provider, vals(i), unknown, sensitive)
	}
	fmt.Fprint(bw, `],"output_changes":{},"prior_state":{"format_version":"1.0","terraform_version":"1.9.5","values":{"root_module":{"resources":[{"address":"data.aws_caller_identity.current","mode":"data","type":"aws_caller_identity","name":"current",`+provider+`,"schema_version":0,"values":{"account_id":"111122223333"},"sensitive_values":{}}]}}},`)
	fmt.Fprint(bw, `"configuration":{"provider_config":{"aws":{"name":"aws","full_name":"registry.terraform.io/hashicorp/aws","version_constraint":"~> 5.0"}},"root_module":{"resources":[`)
	for i := range jobs {
		if i > 0 {
			bw.WriteByte(',')
		}
		fmt.Fprintf(bw, `{"address":%q,"mode":"managed","type":"aws_macie2_classification_job","name":"job%04d","provider_config_key":"aws","expressions":{"description":{"constant_value":"scan %d"},"job_type":{"constant_value":"ONE_TIME"},"name":{"constant_value":"job%04d"},`+
			`"s3_job_definition":[{"bucket_definitions":[{"account_id":{"references":["data.aws_caller_identity.current.account_id","data.aws_caller_identity.current"]},"buckets":{"constant_value":["bucket-%04d"]}}],`+
			`"scoping":[{"includes":[{"and":[{"simple_scope_term":[{"comparator":{"constant_value":"STARTS_WITH"},"key":{"constant_value":"OBJECT_KEY"},"values":{"references":["local.prefixes"]}}]}]}]}]}]},"schema_version":0}`,
			addr(i), i, i, i, i)
	}
	fmt.Fprint(bw, `]}},"timestamp":"2025-01-13T09:30:12Z","applyable":true,"complete":true,"errored":false}`)
	return bw.Flush()
}

// planFile writes a generated plan into a temporary directory.
func planFile(t testing.TB, jobs, values int) string {
	t.Helper()
	name := filepath.Join(t.TempDir(), fmt.Sprintf("plan-%d-%d.json", jobs, values))
	f, err := os.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := writePlan(f, jobs, values); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return name
}
