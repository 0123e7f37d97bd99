package archcheck.rules.network.net_006_test

import data.archcheck.rules.network.net_006
import rego.v1

subnet(id, tier, public_ip) := {
	"id": id, "native_id": id, "vpc_id": "vpc-1", "tier": tier, "tier_source": "name",
	"availability_zone": "us-east-1a", "map_public_ip_on_launch": public_ip, "environment": "prod",
}

inputs := {"aws": {
	"vpcs": {"vpc-1": {"id": "vpc-1", "native_id": "vpc-1", "name": "prod-vpc"}},
	"subnets": {
		"app-ip": subnet("app-ip", "app", true),
		"data-ip": subnet("data-ip", "data", true),
		"inferred-app-ip": object.union(subnet("inferred-app-ip", "app", true), {"tier_source": "routes"}),
		"public-ip": subnet("public-ip", "public", true),
		"app-ok": subnet("app-ok", "app", false),
		"data-default": object.remove(subnet("data-default", "data", false), ["map_public_ip_on_launch"]),
	},
}}

test_exactly_the_app_and_data_subnets_with_public_ips_fail if {
	ids := {f.resource | some f in net_006.deny with input as inputs}
	ids == {"app-ip", "data-ip", "inferred-app-ip"}
}

test_message_names_the_subnet_and_setting if {
	some f in net_006.deny with input as inputs
	f.resource == "data-ip"
	f.message == "subnet data-ip (data tier, prod-vpc, us-east-1a) auto-assigns public IPv4 addresses (map_public_ip_on_launch is on); app and data subnets must not give instances public IPs"
}

test_compliant_subnets_produce_nothing if {
	count(net_006.deny) == 0 with input as {"aws": {"subnets": {
		"app-ok": subnet("app-ok", "app", false),
		"public-ip": subnet("public-ip", "public", true),
	}}}
}
