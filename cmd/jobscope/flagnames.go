package main

import (
	"errors"

	"github.com/jobscope/jobscope/field"
)

// optionWording words an option a command sets from its flags: flag goes
// before the problem's message, or text stands in its place.
type optionWording struct{ flag, text string }

// optionWordings are the options a *field.Error with code
// field.InvalidOption can name (its Path) — plan.Options' fields, which
// plan and sql share, and athena.Options' — keyed by the option, or by the
// command and the option where the commands word it differently.
var optionWordings = map[string]optionWording{
	"Run":              {flag: "--run"},
	"At":               {flag: "--at"},
	"CreatedAt":        {flag: "--created-at"},
	"PricePerGB":       {flag: "--price-per-gb"},
	"CompressionRatio": {flag: "--compression-ratio"},
	"BilledThisMonth":  {flag: "--billed-this-month"},
	"MonthlyQuota":     {flag: "--monthly-quota"},
	"Prices":           {flag: "--tier-prices"},
	"plan Buckets": {text: "the job selects buckets by bucketCriteria, which are evaluated over bucket metadata: " +
		"give --buckets with aws macie2 describe-buckets output"},

	"Dialect":            {flag: "--dialect"},
	"Table.Kind":         {flag: "--inventory"},
	"Table.Fields":       {flag: "--fields"},
	"Table.SourceBucket": {flag: "--source-bucket"},
	"sql Buckets": {text: "the job selects buckets by bucketCriteria, which are evaluated over bucket metadata: " +
		"give --buckets-table, the table of aws macie2 describe-buckets output (--ddl prints its definition)"},
}

// optionMessage words err in terms of command's flags when it is an option
// that does not fit (a usage error); ok is false for any other error.
func optionMessage(command string, err error) (msg string, ok bool) {
	var fe *field.Error
	if !errors.As(err, &fe) || fe.Code != field.InvalidOption {
		return "", false
	}
	w, ok := optionWordings[command+" "+fe.Path]
	if !ok {
		w, ok = optionWordings[fe.Path]
	}
	switch {
	case !ok:
		return fe.Error(), true
	case w.text != "":
		return w.text, true
	}
	return w.flag + ": " + fe.Message, true
}
