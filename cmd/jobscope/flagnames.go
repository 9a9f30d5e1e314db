package main

import (
	"errors"

	"github.com/jobscope/jobscope/field"
)

// flagOfOption are the flags that set each option a *field.Error with code
// field.InvalidOption can name (its Path): plan.Options' fields, which
// plan and sql share.
var flagOfOption = map[string]string{
	"Run": "--run", "At": "--at", "CreatedAt": "--created-at", "PricePerGB": "--price-per-gb",
	"CompressionRatio": "--compression-ratio", "BilledThisMonth": "--billed-this-month",
	"MonthlyQuota": "--monthly-quota", "Prices": "--tier-prices",
}

// optionMessages replace the whole message of an option whose fix is not
// one flag's value.
var optionMessages = map[string]string{
	"Buckets": "the job selects buckets by bucketCriteria, which are evaluated over bucket metadata: give --buckets with aws macie2 describe-buckets output",
}

// optionMessage words err in terms of the command's flags when it is an
// option that does not fit (a usage error); ok is false for any other
// error.
func optionMessage(err error) (msg string, ok bool) {
	var fe *field.Error
	if !errors.As(err, &fe) || fe.Code != field.InvalidOption {
		return "", false
	}
	if m, ok := optionMessages[fe.Path]; ok {
		return m, true
	}
	if flag, ok := flagOfOption[fe.Path]; ok {
		return flag + ": " + fe.Message, true
	}
	return fe.Error(), true
}
