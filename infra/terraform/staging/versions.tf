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

  # Staging's own state, in its own bucket: nothing here can touch production's state. The bucket
  # and region are in state.s3.tfbackend (a backend reads no variables): terraform init
  # -backend-config=state.s3.tfbackend. Credentials come from AWS_ACCESS_KEY_ID /
  # AWS_SECRET_ACCESS_KEY (the *_STAGING secrets).
  backend "s3" {
    key          = "staging/terraform.tfstate"
    encrypt      = true
    use_lockfile = true
  }
}
