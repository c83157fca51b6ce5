output "server_id" {
  description = "Hetzner ID of the server."
  value       = hcloud_server.app.id
}

output "server_name" {
  description = "Name of the server."
  value       = hcloud_server.app.name
}

output "ipv4_address" {
  description = "Public IPv4 address of the server; Kamal deploys to it."
  value       = hcloud_server.app.ipv4_address
}

output "ipv6_address" {
  description = "Public IPv6 address of the server."
  value       = hcloud_server.app.ipv6_address
}

output "private_ip" {
  description = "Address of the server in the private network."
  value       = one(hcloud_server.app.network[*].ip)
}

output "firewall_id" {
  description = "Hetzner ID of the firewall."
  value       = hcloud_firewall.web.id
}

output "network_id" {
  description = "Hetzner ID of the private network."
  value       = hcloud_network.private.id
}

output "domain" {
  description = "Domain whose records point at the server."
  value       = var.domain
}
