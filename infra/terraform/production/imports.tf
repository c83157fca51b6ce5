# ONE-TIME ADOPTION of the live production resources into this configuration.
#
# Production's server, firewall, network, SSH key and DNS records existed before this
# module. These import blocks bring them into this state on the first plan/apply instead of
# creating new ones. Steps (infra/README.md, "Adopt production"):
#   1. Look the IDs up (hcloud server list, hcloud firewall list, hcloud network list,
#      hcloud ssh-key list; Cloudflare DNS record IDs) and set the import_* variables.
#   2. Set the inputs (server_type, location, image, network_ip_range, ...) to what is
#      live, then `terraform plan`: it must show imports and in-place updates only, never
#      "must be replaced".
#   3. `terraform apply`, then delete this file in the next commit. Import blocks for
#      resources already in state are no-ops, so a run between apply and deletion is safe.

variable "import_server_id" {
  description = "Hetzner ID of the live production server (hcloud server list)."
  type        = string
}

variable "import_firewall_id" {
  description = "Hetzner ID of the live production firewall (hcloud firewall list)."
  type        = string
}

variable "import_network_id" {
  description = "Hetzner ID of the live production network (hcloud network list)."
  type        = string
}

variable "import_ssh_key_id" {
  description = "Hetzner ID of the SSH key on the live production server (hcloud ssh-key list)."
  type        = string
}

variable "import_dns_record_ipv4_id" {
  description = "Cloudflare ID of the production domain's A record."
  type        = string
}

variable "import_dns_record_ipv6_id" {
  description = "Cloudflare ID of the production domain's AAAA record."
  type        = string
}

import {
  to = module.server.hcloud_server.app
  id = var.import_server_id
}

import {
  to = module.server.hcloud_firewall.web
  id = var.import_firewall_id
}

import {
  to = module.server.hcloud_network.private
  id = var.import_network_id
}

# A subnet's ID is "<network ID>-<subnet range>".
import {
  to = module.server.hcloud_network_subnet.private
  id = "${var.import_network_id}-${cidrsubnet(var.network_ip_range, 8, 1)}"
}

import {
  to = module.server.hcloud_ssh_key.deploy
  id = var.import_ssh_key_id
}

# A Cloudflare DNS record's ID is "<zone ID>/<record ID>".
import {
  to = module.server.cloudflare_dns_record.apex_ipv4
  id = "${var.cloudflare_zone_id}/${var.import_dns_record_ipv4_id}"
}

import {
  to = module.server.cloudflare_dns_record.apex_ipv6
  id = "${var.cloudflare_zone_id}/${var.import_dns_record_ipv6_id}"
}
