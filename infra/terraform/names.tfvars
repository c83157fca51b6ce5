# The names a team changes to run this infrastructure for its own site: every name Terraform uses,
# for both environments, and nowhere else under infra/terraform (a test checks). Both environments
# read it: terraform plan -var-file=../names.tfvars (the workflows pass it to apply). The state
# buckets cannot be here (Terraform reads the backend before any variable): each environment's
# state.s3.tfbackend names its own.

# Each environment's apex domain (a zone in the Cloudflare account) and its server's name, which
# also prefixes the firewall, network and SSH key.
domains = {
  staging    = "boltfoundry.wtf"
  production = "boltfoundry.com"
}
server_names = {
  staging    = "boltfoundry-staging"
  production = "boltfoundry-production"
}

# The label service=<name> on every Hetzner resource.
service_label = "boltfoundry"

# The site as Kamal builds and runs it, and the registry user who pushes and pulls its image.
kamal_service           = "boltfoundry-com"
kamal_image             = "bolt-foundry/boltfoundry-com"
kamal_registry_username = "bolt-foundry"
