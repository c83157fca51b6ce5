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

  # Staging's own state, in its own bucket: nothing here can touch production's state.
  # Credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (the *_STAGING secrets).
  backend "s3" {
    bucket       = "bfterraform-staging"
    key          = "staging/terraform.tfstate"
    region       = "us-east-1"
    encrypt      = true
    use_lockfile = true
  }
}
