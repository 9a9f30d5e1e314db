# The configuration behind plan.json, the output of
#
#   terraform plan -out plan.tfplan && terraform show -json plan.tfplan > plan.json
#
# Three classification jobs: one at the root, two in module.scan. One of them
# is wrong in ways the AWS provider does not check at plan time, so the plan
# succeeds and the apply would fail; `jobscope validate --terraform plan.json`
# says so before anything is applied.

terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

resource "aws_macie2_classification_job" "weekly" {
  name_prefix = "weekly-confidential-"
  description = "Every Monday: confidential buckets of the prod account, without logs"
  job_type    = "SCHEDULED"
  initial_run = true

  schedule_frequency {
    weekly_schedule = "MONDAY"
  }

  s3_job_definition {
    bucket_criteria {
      includes {
        and {
          simple_criterion {
            comparator = "EQ"
            key        = "ACCOUNT_ID"
            values     = ["111122223333"]
          }
        }
        and {
          tag_criterion {
            comparator = "EQ"
            tag_values {
              key   = "data-classification"
              value = "confidential"
            }
          }
        }
      }
    }
    scoping {
      excludes {
        and {
          simple_scope_term {
            comparator = "EQ"
            key        = "OBJECT_EXTENSION"
            values     = ["log", "tmp"]
          }
        }
      }
    }
  }

  tags = {
    owner = "security-engineering"
  }
}

module "scan" {
  source          = "./modules/scan"
  account_id      = "111122223333"
  buckets         = ["customer-exports"]
  archive_regions = ["eu-west-1"]
}
