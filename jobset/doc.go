// Package jobset reads many classification jobs at once, from what users
// have: job files and folders of them (JSON or YAML), a Terraform plan or
// state (every aws_macie2_classification_job resource, its address kept), and
// DescribeClassificationJob output, one job a file or the JSON array that
//
//	for id in $(…); do aws macie2 describe-classification-job --job-id "$id"; done | jq -s .
//
// writes. Load reads them all into one set, each Job with where it comes from
// and a name unique within the set, and reports every problem of every file
// as one field.ErrorList.
//
// A job's status decides what it still analyzes: Job.Runs, given the time
// now and a period, lists the runs that count, each a run number and an
// incremental window that plan.Options take (CreatedAt, Run), or says why
// there are none. ParsePeriod reads a period written as 30d, 12h or 2w.
//
//	jobs, err := jobset.Load(ctx, []string{"jobs/", "plan.json"}, jobset.Options{})
//	// err lists the files that could not be read; jobs holds the others' jobs
//	for _, j := range jobs {
//		runs, why, err := j.Runs(now, 30*24*time.Hour)
//		…
//		for _, r := range runs {
//			dry, err := plan.New(j.Job, plan.Options{CreatedAt: r.CreatedAt, Run: r.Window.RunNumber})
//			…
//		}
//	}
package jobset
