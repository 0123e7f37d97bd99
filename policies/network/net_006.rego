# NET-006: app and data subnets do not auto-assign public IPv4 addresses.
#
# A subnet of the app or data tier must have MapPublicIpOnLaunch off.
# Every app and data subnet is judged whatever its tier_source: a subnet
# inferred as app or data from its routes still must not hand out public
# IPs (the setting is independent of the routes).
package archcheck.rules.network.net_006

import data.archcheck.lib
import rego.v1

metadata := {
	"id": "NET-006",
	"title": "App and data subnets do not auto-assign public IPv4 addresses",
	"severity": "high",
	"description": "An app or data subnet has map_public_ip_on_launch off. With it on, every node or instance launched there gets a public IPv4 address: reachable from the internet as soon as a route or security group allows, and billed per address.",
	"remediation": "Turn off auto-assign public IPv4 on the subnet (map_public_ip_on_launch = false; aws ec2 modify-subnet-attribute --no-map-public-ip-on-launch) and replace instances that already received a public IP.",
	"architecture": {
		"sections": ["000 §2.1", "003 §2"],
		"quote": "Public resources are isolated from private and database layers.",
	},
	"parameters": [],
	"inputs": ["aws.subnets"],
	"judges": "aws.subnets",
}

deny contains lib.finding(subnet, msg) if {
	some subnet in input.aws.subnets
	subnet.tier in {"app", "data"}
	subnet.map_public_ip_on_launch == true
	msg := sprintf("%s auto-assigns public IPv4 addresses (map_public_ip_on_launch is on); app and data subnets must not give instances public IPs", [lib.subnet_label(subnet)])
}
