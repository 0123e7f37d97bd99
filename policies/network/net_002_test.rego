package archcheck.rules.network.net_002_test

import data.archcheck.rules.network.net_002
import rego.v1

subnet(id, tier, source) := {
	"id": id, "native_id": id, "vpc_id": "vpc-1", "tier": tier, "tier_source": source,
	"availability_zone": "us-east-1a", "environment": "prod",
}

inputs := {"aws": {
	"vpcs": {"vpc-1": {"id": "vpc-1", "native_id": "vpc-1", "name": "prod-vpc"}},
	"subnets": {
		"tagged": subnet("tagged", "app", "tag"),
		"named": subnet("named", "data", "name"),
		"inferred": subnet("inferred", "public", "routes"),
		"no-tier": object.remove(subnet("no-tier", null, null), ["tier", "tier_source"]),
		"null-tier": subnet("null-tier", null, null),
	},
}}

test_exactly_the_undeclared_subnets_fail if {
	ids := {f.resource | some f in net_002.deny with input as inputs}
	ids == {"inferred", "no-tier", "null-tier"}
}

test_message_for_an_inferred_tier if {
	some f in net_002.deny with input as inputs
	f.resource == "inferred"
	f.message == "subnet inferred (public tier, prod-vpc, us-east-1a) has its tier only inferred from its routes; declare the tier with a tier tag (tier=public, app or data) or a tier word in its Name"
}

test_message_for_a_subnet_without_tier if {
	some f in net_002.deny with input as inputs
	f.resource == "no-tier"
	f.message == "subnet no-tier (unknown tier, prod-vpc, us-east-1a) has no tier: no tier tag, no tier word in its Name, and its routes are not known; declare the tier with a tier tag (tier=public, app or data) or a tier word in its Name"
}

test_compliant_subnets_produce_nothing if {
	count(net_002.deny) == 0 with input as {"aws": {"subnets": {
		"tagged": subnet("tagged", "app", "tag"),
		"named": subnet("named", "data", "name"),
	}}}
}
