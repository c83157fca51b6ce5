output "server_ipv4" {
  description = "Public IPv4 address of the staging server."
  value       = module.server.ipv4_address
}

output "server_ipv6" {
  description = "Public IPv6 address of the staging server."
  value       = module.server.ipv6_address
}

output "server_name" {
  description = "Name of the staging server."
  value       = module.server.server_name
}

output "domain" {
  description = "Domain of the staging environment."
  value       = module.server.domain
}

# The Kamal config is an output rather than a local_file: no extra provider, no file on
# the runner that can drift from state. Deploy with
#   terraform output -raw kamal_deploy_yml > config/deploy.yml && kamal deploy
output "kamal_deploy_yml" {
  description = "Kamal 2 config (config/deploy.yml) for this environment."
  value       = templatefile("${path.module}/deploy.yml.tpl", local.kamal_vars)
}
