# The configuration behind plan.json, the output of
#
#   terraform plan -out plan.tfplan && terraform show -json plan.tfplan > plan.json
#
# over the buckets of examples/demo. The state holds customer_data as it was
# applied, excluding raw/ and sandbox/ objects; this change excludes raw/
# and models/ instead, which replaces the job (a classification job cannot
# be changed once created), and adds app_logs, a 10 % sample of the
# application logs. `jobscope diff --terraform plan.json` over the demo's
# inventory reports shows which objects enter and leave the scan, and what
# each change costs.

terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

variable "account_id" {
  default = "111122223333"
}

resource "aws_macie2_classification_job" "customer_data" {
  name        = "customer-data-scan"
  description = "Customer data in the data lake and the finance documents, without raw data and model tarballs"
  job_type    = "ONE_TIME"

  s3_job_definition {
    bucket_definitions {
      account_id = var.account_id
      buckets    = ["acme-analytics-data", "acme-finance-docs"]
    }
    scoping {
      excludes {
        and {
          simple_scope_term {
            comparator = "STARTS_WITH"
            key        = "OBJECT_KEY"
            values     = ["raw/", "models/"] # was ["raw/", "sandbox/"]
          }
        }
      }
    }
  }

  tags = {
    owner = "security-engineering"
  }
}

resource "aws_macie2_classification_job" "app_logs" {
  name                = "app-logs-sample"
  description         = "A 10 % sample of the application logs, without Athena query results"
  job_type            = "ONE_TIME"
  sampling_percentage = 10

  s3_job_definition {
    bucket_definitions {
      account_id = var.account_id
      buckets    = ["acme-app-logs"]
    }
    scoping {
      excludes {
        and {
          simple_scope_term {
            comparator = "STARTS_WITH"
            key        = "OBJECT_KEY"
            values     = ["athena-results/"]
          }
        }
      }
    }
  }

  tags = {
    owner = "security-engineering"
  }
}
