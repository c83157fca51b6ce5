# Inputs given per run (CI sets them as TF_VAR_<name>). What makes this environment
# staging rather than production is fixed in main.tf's locals, not here.

# The names, for both environments, from ../names.tfvars (-var-file=../names.tfvars): no
# defaults, so a run without that file stops instead of guessing.

variable "domains" {
  description = "Apex domain of each environment; local.environment picks this one's."
  type        = object({ staging = string, production = string })
}

variable "server_names" {
  description = "Hetzner server name of each environment; it prefixes the firewall, network and SSH key."
  type        = object({ staging = string, production = string })
}

variable "service_label" {
  description = "The label service=<name> on every Hetzner resource."
  type        = string
}

variable "hcloud_token" {
  description = "API token of the Hetzner Cloud project \"staging\" (secret HETZNER_API_TOKEN_STAGING)."
  type        = string
  sensitive   = true
}

variable "cloudflare_api_token" {
  description = "Cloudflare API token with DNS edit on the staging zone only (secret CLOUDFLARE_API_TOKEN_STAGING)."
  type        = string
  sensitive   = true
}

variable "cloudflare_zone_id" {
  description = "Cloudflare zone ID of this environment's domain (domains.staging in ../names.tfvars)."
  type        = string
}

variable "ssh_public_key" {
  description = "OpenSSH public key of the deploy user (the private half is the secret SSH_PRIVATE_KEY_STAGING)."
  type        = string
}

variable "ssh_allowed_cidrs" {
  description = "Sources allowed to reach SSH. GitHub-hosted runners have no fixed addresses."
  type        = list(string)
  default     = ["0.0.0.0/0", "::/0"]
}

variable "server_type" {
  description = "Hetzner server type (x86: its architecture matches kamal_builder_arch)."
  type        = string
  default     = "cx22"
}

variable "location" {
  description = "Hetzner location."
  type        = string
  default     = "nbg1"
}

variable "image" {
  description = "Operating system image."
  type        = string
  default     = "ubuntu-24.04"
}

variable "network_zone" {
  description = "Hetzner network zone containing var.location."
  type        = string
  default     = "eu-central"
}

variable "network_ip_range" {
  description = "Private network range."
  type        = string
  default     = "10.0.0.0/16"
}

variable "kamal_service" {
  description = "Kamal service name (container and proxy names on the server), from ../names.tfvars."
  type        = string
}

variable "kamal_image" {
  description = "Image name in the registry, without the registry host, from ../names.tfvars."
  type        = string
}

variable "kamal_registry_server" {
  description = "Container registry host."
  type        = string
  default     = "ghcr.io"
}

variable "kamal_registry_username" {
  description = "Registry user, from ../names.tfvars; its password is KAMAL_REGISTRY_PASSWORD in .kamal/secrets."
  type        = string
}

variable "kamal_builder_arch" {
  description = "Architecture Kamal builds for; must match var.server_type."
  type        = string
  default     = "amd64"
}

variable "kamal_app_port" {
  description = "Port the app listens on inside its container."
  type        = number
  default     = 8000
}

variable "kamal_healthcheck_path" {
  description = "Path kamal-proxy polls before it sends traffic to a new container."
  type        = string
  default     = "/up"
}

variable "kamal_env_secrets" {
  description = "Names of app secrets Kamal reads from .kamal/secrets and passes to the container."
  type        = list(string)
  default     = []
}
