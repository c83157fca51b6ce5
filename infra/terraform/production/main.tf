# Production: the same module as staging, with production's values. Everything that makes
# this environment "production" is in the locals below; its names come from ../names.tfvars.
# imports.tf adopts the live servers.

locals {
  environment = "production"
  domain      = var.domains[local.environment]
  server_name = var.server_names[local.environment]

  # Every ${...} in cloud-init.yml, and nothing else (templatefile fails on a missing one).
  cloud_init_vars = {
    ssh_public_key = var.ssh_public_key
  }

  # Every ${...} in deploy.yml.tpl.
  kamal_vars = {
    environment       = local.environment
    domain            = local.domain
    service           = var.kamal_service
    image             = var.kamal_image
    server_ip         = module.server.ipv4_address
    registry_server   = var.kamal_registry_server
    registry_username = var.kamal_registry_username
    builder_arch      = var.kamal_builder_arch
    app_port          = var.kamal_app_port
    healthcheck_path  = var.kamal_healthcheck_path
    env_secrets       = jsonencode(var.kamal_env_secrets)
  }
}

provider "hcloud" {
  token = var.hcloud_token
}

provider "cloudflare" {
  api_token = var.cloudflare_api_token
}

module "server" {
  source = "../modules/server"

  environment        = local.environment
  domain             = local.domain
  server_name        = local.server_name
  cloudflare_zone_id = var.cloudflare_zone_id
  ssh_public_key     = var.ssh_public_key
  ssh_allowed_cidrs  = var.ssh_allowed_cidrs
  server_type        = var.server_type
  location           = var.location
  image              = var.image
  network_zone       = var.network_zone
  network_ip_range   = var.network_ip_range
  service_label      = var.service_label
  user_data          = templatefile("${path.module}/cloud-init.yml", local.cloud_init_vars)
}
