# Inputs that make an environment. Staging and production pass the same set; only the
# values differ, so staging mirrors production by construction.

variable "environment" {
  description = "Environment name, put on every resource as the label environment=<name>."
  type        = string

  validation {
    condition     = contains(["staging", "production"], var.environment)
    error_message = "environment must be \"staging\" or \"production\"."
  }
}

variable "server_name" {
  description = "Name of the Hetzner server, e.g. example-staging. Also prefixes the firewall, network and SSH key."
  type        = string
}

variable "domain" {
  description = "Apex domain served by this environment; its A and AAAA records point at the server."
  type        = string
}

variable "cloudflare_zone_id" {
  description = "Cloudflare zone ID of var.domain."
  type        = string
}

variable "ssh_public_key" {
  description = "OpenSSH public key that Kamal (the deploy user) and Hetzner's rescue path accept."
  type        = string
}

variable "ssh_allowed_cidrs" {
  description = "Sources allowed to reach SSH (port 22). GitHub-hosted runners have no fixed address, hence the open default; the key is the control."
  type        = list(string)
}

variable "server_type" {
  description = "Hetzner server type; its CPU architecture must match the Kamal builder arch."
  type        = string
}

variable "location" {
  description = "Hetzner location, e.g. nbg1, fsn1, hel1."
  type        = string
}

variable "image" {
  description = "Operating system image of the server."
  type        = string
}

variable "network_zone" {
  description = "Hetzner network zone that contains var.location."
  type        = string
}

variable "network_ip_range" {
  description = "Private network range; the server's subnet is the first /24 in it."
  type        = string
}

variable "service_label" {
  description = "Value of the label service=<name> on every Hetzner resource, naming what the servers run."
  type        = string
}

variable "user_data" {
  description = "Rendered cloud-init (#cloud-config) for first boot."
  type        = string
}
