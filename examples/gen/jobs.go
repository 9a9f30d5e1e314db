package main

// jobsDir holds more jobs over the demo's buckets, one per team, for
// commands that read many jobs at once.
const jobsDir = "jobs"

// teamJobs are the files of jobsDir, in order: CreateClassificationJob
// requests over the demo's buckets. With job.json they cover
// acme-analytics-data and acme-finance-docs, partly twice, and leave
// acme-app-logs uncovered.
var teamJobs = []struct{ file, json string }{
	{"finance-daily-documents.json", `{
  "name": "finance-daily-documents",
  "description": "Every day: invoices, statements and contracts of the finance bucket",
  "jobType": "SCHEDULED",
  "initialRun": true,
  "scheduleFrequency": {
    "dailySchedule": {}
  },
  "s3JobDefinition": {
    "bucketDefinitions": [
      {
        "accountId": "111122223333",
        "buckets": ["acme-finance-docs"]
      }
    ],
    "scoping": {
      "includes": {
        "and": [
          {
            "simpleScopeTerm": {
              "comparator": "STARTS_WITH",
              "key": "OBJECT_KEY",
              "values": ["invoices/", "statements/", "contracts/"]
            }
          }
        ]
      }
    }
  },
  "tags": { "owner": "finance" }
}
`},
	{"finance-drafts-one-time.json", `{
  "name": "finance-drafts-one-time",
  "description": "Once: drafts, reports and budgets of the finance bucket, before they are shared",
  "jobType": "ONE_TIME",
  "s3JobDefinition": {
    "bucketDefinitions": [
      {
        "accountId": "111122223333",
        "buckets": ["acme-finance-docs"]
      }
    ],
    "scoping": {
      "includes": {
        "and": [
          {
            "simpleScopeTerm": {
              "comparator": "STARTS_WITH",
              "key": "OBJECT_KEY",
              "values": ["drafts/", "reports/", "budgets/"]
            }
          }
        ]
      }
    }
  },
  "tags": { "owner": "finance" }
}
`},
	{"data-weekly-shared.json", `{
  "name": "data-weekly-shared",
  "description": "Every Wednesday: what the data team shares (curated tables, exports, the partner share), by bucket tag",
  "jobType": "SCHEDULED",
  "initialRun": true,
  "scheduleFrequency": {
    "weeklySchedule": { "dayOfWeek": "WEDNESDAY" }
  },
  "s3JobDefinition": {
    "bucketCriteria": {
      "includes": {
        "and": [
          {
            "tagCriterion": {
              "comparator": "EQ",
              "tagValues": [{ "key": "team", "value": "data" }]
            }
          }
        ]
      }
    },
    "scoping": {
      "includes": {
        "and": [
          {
            "simpleScopeTerm": {
              "comparator": "STARTS_WITH",
              "key": "OBJECT_KEY",
              "values": ["curated/", "exports/", "partner-share/"]
            }
          }
        ]
      }
    }
  },
  "tags": { "owner": "data" }
}
`},
	{"data-monthly-sandbox-sample.json", `{
  "name": "data-monthly-sandbox-sample",
  "description": "On the 1st of every month: a quarter of the analysts' sandboxes",
  "jobType": "SCHEDULED",
  "initialRun": false,
  "scheduleFrequency": {
    "monthlySchedule": { "dayOfMonth": 1 }
  },
  "samplingPercentage": 25,
  "s3JobDefinition": {
    "bucketDefinitions": [
      {
        "accountId": "111122223333",
        "buckets": ["acme-analytics-data"]
      }
    ],
    "scoping": {
      "includes": {
        "and": [
          {
            "simpleScopeTerm": {
              "comparator": "STARTS_WITH",
              "key": "OBJECT_KEY",
              "values": ["sandbox/"]
            }
          }
        ]
      }
    }
  },
  "tags": { "owner": "data" }
}
`},
}
