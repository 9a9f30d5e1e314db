variable "account_id" {
  type = string
}

variable "buckets" {
  type = list(string)
}

variable "archive_regions" {
  type = set(string)
}

resource "aws_s3_bucket" "uploads" {
  bucket_prefix = "uploads-"
}

# Valid. The uploads bucket's name is known only after apply: jobscope
# reports it as such and checks the rest.
resource "aws_macie2_classification_job" "pii" {
  count               = 1
  name                = "pii-one-time-${count.index}"
  job_type            = "ONE_TIME"
  sampling_percentage = 50

  s3_job_definition {
    bucket_definitions {
      account_id = var.account_id
      buckets    = concat(var.buckets, [aws_s3_bucket.uploads.bucket])
    }
    scoping {
      includes {
        and {
          simple_scope_term {
            comparator = "GT"
            key        = "OBJECT_SIZE"
            values     = ["0"]
          }
        }
      }
    }
  }
}

# Invalid, though terraform plan accepts it: a one-time job with initial_run,
# a sampling percentage over 100, CONTAINS on OBJECT_EXTENSION, and a tag
# scope term without the target Macie requires.
resource "aws_macie2_classification_job" "archive" {
  for_each            = var.archive_regions
  name                = "archive-${each.key}"
  job_type            = "ONE_TIME"
  initial_run         = true
  sampling_percentage = 150

  s3_job_definition {
    bucket_definitions {
      account_id = var.account_id
      buckets    = ["archive-${each.key}"]
    }
    scoping {
      includes {
        and {
          simple_scope_term {
            comparator = "CONTAINS"
            key        = "OBJECT_EXTENSION"
            values     = ["doc"]
          }
        }
        and {
          tag_scope_term {
            comparator = "EQ"
            key        = "TAG"
            tag_values {
              key   = "env"
              value = "test"
            }
          }
        }
      }
    }
  }
}
