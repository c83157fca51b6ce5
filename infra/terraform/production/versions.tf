terraform {
  # 1.11 is the first release where the S3 backend's native lock file (use_lockfile) is GA.
  required_version = ">= 1.11.0"

  required_providers {
    hcloud = {
      source  = "hetznercloud/hcloud"
      version = "~> 1.52"
    }
    cloudflare = {
      source  = "cloudflare/cloudflare"
      version = "~> 5.8"
    }
  }

  # Production's state, in its own bucket, apart from staging's (bfterraform-staging).
  # Credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (the production AWS secrets).
  backend "s3" {
    bucket       = "bfterraform"
    key          = "production/terraform.tfstate"
    region       = "us-east-1"
    encrypt      = true
    use_lockfile = true
  }
}
