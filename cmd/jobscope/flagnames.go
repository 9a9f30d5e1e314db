package main

import (
	"errors"

	"github.com/jobscope/jobscope/field"
)

// optionFlagNames are the flags that set the options a *field.Error with
// code field.InvalidOption can name (its Path), by option: plan.Options'
// fields, which plan and sql share, and athena.Options'.
var optionFlagNames = map[string]string{
	// plan.Options: the run, its cost and the quota.
	"Run": "--run", "At": "--at", "CreatedAt": "--created-at",
	"PricePerGB": "--price-per-gb", "Prices": "--tier-prices", "CompressionRatio": "--compression-ratio",
	"BilledThisMonth": "--billed-this-month", "MonthlyQuota": "--monthly-quota",
	// athena.Options: the dialect and the inventory table.
	"Dialect": "--dialect", "Table.Kind": "--inventory", "Table.Fields": "--fields", "Table.SourceBucket": "--source-bucket",
	// inventory.Options: how inputs that do not say it all are read.
	"Bucket": "--bucket", "FileSchema": "--schema", "DataRoot": "--data-root",
}

// giveBuckets is, by command, the bucket metadata to give when the job
// selects buckets by bucketCriteria and the command has none (an option
// error with Path "Buckets").
var giveBuckets = map[string]string{
	"plan": "give --buckets with aws macie2 describe-buckets output",
	"diff": "give --buckets with aws macie2 describe-buckets output",
	"sql":  "give --buckets-table, the table of aws macie2 describe-buckets output (--ddl prints its definition)",
}

// optionMessage words err in terms of command's flags when it is an option
// that does not fit (a usage error); ok is false for any other error.
func optionMessage(command string, err error) (msg string, ok bool) {
	var fe *field.Error
	if !errors.As(err, &fe) || fe.Code != field.InvalidOption {
		return "", false
	}
	if give, ok := giveBuckets[command]; ok && fe.Path == "Buckets" {
		return "the job selects buckets by bucketCriteria, which are evaluated over bucket metadata: " + give, true
	}
	if flag, ok := optionFlagNames[fe.Path]; ok {
		msg := flag + ": " + fe.Message
		if fe.Message == "" && fe.Err != nil {
			msg = flag + ": " + fe.Err.Error()
		}
		if fe.File != "" {
			msg = fe.File + ": " + msg
		}
		return msg, true
	}
	return fe.Error(), true
}
