# One environment's server: SSH key, private network, firewall, server and DNS records.
# Used by infra/terraform/staging and infra/terraform/production; any difference between
# them must come from an input, never from a branch in here.

locals {
  labels = {
    environment = var.environment
    managed-by  = "terraform"
    service     = var.service_label
  }
}

resource "hcloud_ssh_key" "deploy" {
  name       = "${var.server_name}-deploy"
  public_key = var.ssh_public_key
  labels     = local.labels
}

resource "hcloud_network" "private" {
  name     = "${var.server_name}-network"
  ip_range = var.network_ip_range
  labels   = local.labels
}

resource "hcloud_network_subnet" "private" {
  network_id   = hcloud_network.private.id
  type         = "cloud"
  network_zone = var.network_zone
  ip_range     = cidrsubnet(var.network_ip_range, 8, 1)
}

resource "hcloud_firewall" "web" {
  name   = "${var.server_name}-firewall"
  labels = local.labels

  rule {
    description = "SSH for Kamal and operators"
    direction   = "in"
    protocol    = "tcp"
    port        = "22"
    source_ips  = var.ssh_allowed_cidrs
  }

  rule {
    description = "HTTP (kamal-proxy, ACME challenges and redirect to HTTPS)"
    direction   = "in"
    protocol    = "tcp"
    port        = "80"
    source_ips  = ["0.0.0.0/0", "::/0"]
  }

  rule {
    description = "HTTPS (kamal-proxy)"
    direction   = "in"
    protocol    = "tcp"
    port        = "443"
    source_ips  = ["0.0.0.0/0", "::/0"]
  }

  rule {
    description = "ICMP for path MTU discovery and ping"
    direction   = "in"
    protocol    = "icmp"
    source_ips  = ["0.0.0.0/0", "::/0"]
  }
}

resource "hcloud_server" "app" {
  name         = var.server_name
  server_type  = var.server_type
  location     = var.location
  image        = var.image
  ssh_keys     = [hcloud_ssh_key.deploy.id]
  firewall_ids = [hcloud_firewall.web.id]
  user_data    = var.user_data
  labels       = local.labels

  public_net {
    ipv4_enabled = true
    ipv6_enabled = true
  }

  network {
    network_id = hcloud_network.private.id
    ip         = cidrhost(hcloud_network_subnet.private.ip_range, 2)
  }

  lifecycle {
    # cloud-init runs on first boot only, and an adopted server was built from other
    # user data: a change to either must not replace a running server.
    ignore_changes = [user_data, ssh_keys, image]
  }

  depends_on = [hcloud_network_subnet.private]
}

# DNS only (not proxied): kamal-proxy terminates TLS with its own Let's Encrypt
# certificate, which needs the HTTP-01 challenge to reach the server directly.
resource "cloudflare_dns_record" "apex_ipv4" {
  zone_id = var.cloudflare_zone_id
  name    = var.domain
  type    = "A"
  content = hcloud_server.app.ipv4_address
  ttl     = 300
  proxied = false
  comment = "environment=${var.environment} managed-by=terraform"
}

resource "cloudflare_dns_record" "apex_ipv6" {
  zone_id = var.cloudflare_zone_id
  name    = var.domain
  type    = "AAAA"
  content = hcloud_server.app.ipv6_address
  ttl     = 300
  proxied = false
  comment = "environment=${var.environment} managed-by=terraform"
}
