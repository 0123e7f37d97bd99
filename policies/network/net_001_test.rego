package archcheck.rules.network.net_001_test

import data.archcheck.rules.network.net_001
import rego.v1

vpc(id, name) := {"id": id, "native_id": id, "name": name, "environment": "prod", "is_default": false}

subnet(id, vpc_id, tier, az_id) := {
	"id": id, "native_id": id, "vpc_id": vpc_id, "tier": tier, "tier_source": "tag",
	"availability_zone": "us-east-1x", "availability_zone_id": az_id, "environment": "prod",
}

# Subnets of the three tiers in each of the given AZ IDs.
layout(vpc_id, azs) := {id: subnet(id, vpc_id, tier, az) |
	some tier in ["public", "app", "data"]
	some az in azs
	id := sprintf("%s-%s-%s", [vpc_id, tier, az])
}

inputs := {"aws": {
	"vpcs": {
		"vpc-ok": vpc("vpc-ok", "prod-vpc"),
		"vpc-short": vpc("vpc-short", "short-vpc"),
		"vpc-empty": vpc("vpc-empty", "empty-vpc"),
		"vpc-default": object.union(vpc("vpc-default", "default"), {"is_default": true}),
	},
	"subnets": object.union_n([
		layout("vpc-ok", ["use1-az1", "use1-az2", "use1-az4"]),
		# public in 3 AZs; app in 2 (two subnets share use1-az1); no data subnet
		{id: subnet(id, "vpc-short", "public", az) | some az in ["use1-az1", "use1-az2", "use1-az4"]; id := concat("-", ["short-pub", az])},
		{
			"short-app-1": subnet("short-app-1", "vpc-short", "app", "use1-az1"),
			"short-app-1b": subnet("short-app-1b", "vpc-short", "app", "use1-az1"),
			"short-app-2": subnet("short-app-2", "vpc-short", "app", "use1-az2"),
			"default-1": subnet("default-1", "vpc-default", "public", "use1-az1"),
		},
	]),
}}

test_exactly_the_short_vpcs_fail if {
	ids := {f.resource | some f in net_001.deny with input as inputs}
	ids == {"vpc-short", "vpc-empty"}
}

test_message_names_short_tiers_and_azs if {
	some f in net_001.deny with input as inputs
	f.resource == "vpc-short"
	f.message == "VPC vpc-short (short-vpc) has too few AZs per tier: app tier in 2 AZs (use1-az1, use1-az2); data tier in no AZ; each of the public, app and data tiers must have subnets in at least 3 AZs (counted by AZ ID)"
}

test_compliant_vpc_produces_nothing if {
	count(net_001.deny) == 0 with input as {"aws": {
		"vpcs": {"vpc-ok": vpc("vpc-ok", "prod-vpc")},
		"subnets": layout("vpc-ok", ["use1-az1", "use1-az2", "use1-az4"]),
	}}
	count(net_001.not_evaluated) == 0 with input as {"aws": {
		"vpcs": {"vpc-ok": vpc("vpc-ok", "prod-vpc")},
		"subnets": layout("vpc-ok", ["use1-az1", "use1-az2", "use1-az4"]),
	}}
}

test_default_vpc_is_excluded if {
	ids := {f.resource | some f in net_001.deny with input as inputs}
	not "vpc-default" in ids
}

test_az_count_parameter if {
	inp := {"aws": {
		"vpcs": {"vpc-2az": vpc("vpc-2az", "two-az")},
		"subnets": layout("vpc-2az", ["use1-az1", "use1-az2"]),
	}}
	{f.resource | some f in net_001.deny with input as inp} == {"vpc-2az"}
	count(net_001.deny) == 0 with input as inp with data.archcheck.params.prod.az_count as 2
}

test_non_prod_environment_uses_its_own_parameters if {
	inp := {"aws": {
		"vpcs": {"vpc-dev": object.union(vpc("vpc-dev", "dev-vpc"), {"environment": "dev"})},
		"subnets": layout("vpc-dev", ["use1-az1", "use1-az2"]),
	}}
	count(net_001.deny) == 0 with input as inp with data.archcheck.params.dev.az_count as 2
	count(net_001.deny) == 1 with input as inp with data.archcheck.params.prod.az_count as 2
}

test_az_name_is_used_when_the_az_id_is_absent if {
	subnets := {id: s |
		some tier in ["public", "app", "data"]
		some az in ["us-east-1a", "us-east-1b", "us-east-1c"]
		id := concat("-", [tier, az])
		s := object.remove(object.union(subnet(id, "vpc-ok", tier, null), {"availability_zone": az}), ["availability_zone_id"])
	}
	count(net_001.deny) == 0 with input as {"aws": {"vpcs": {"vpc-ok": vpc("vpc-ok", "prod-vpc")}, "subnets": subnets}}
}

test_subnets_of_unknown_az_make_the_vpc_not_evaluated if {
	unknown := {id: object.remove(subnet(id, "vpc-plan", tier, null), ["availability_zone", "availability_zone_id"]) |
		some tier in ["public", "app", "data"]
		id := concat("-", ["plan", tier, "unknown-az"])
	}
	inp := {"aws": {
		"vpcs": {"vpc-plan": vpc("vpc-plan", "plan-vpc")},
		"subnets": object.union(layout("vpc-plan", ["use1-az1", "use1-az2"]), unknown),
	}}
	count(net_001.deny) == 0 with input as inp
	ne := net_001.not_evaluated with input as inp
	{n.resource | some n in ne} == {"vpc-plan"}
	some n in ne
	n.reason == "the AZ of some subnets is not known, and the known AZs fall short of 3: public tier in 2 AZs (use1-az1, use1-az2) (1 subnets of unknown AZ); app tier in 2 AZs (use1-az1, use1-az2) (1 subnets of unknown AZ); data tier in 2 AZs (use1-az1, use1-az2) (1 subnets of unknown AZ)"
}

test_unknown_azs_that_cannot_make_up_the_difference_fail if {
	inp := {"aws": {
		"vpcs": {"vpc-plan": vpc("vpc-plan", "plan-vpc")},
		"subnets": object.union(layout("vpc-plan", ["use1-az1"]), {"plan-app-x": object.remove(subnet("plan-app-x", "vpc-plan", "app", null), ["availability_zone", "availability_zone_id"])}),
	}}
	{f.resource | some f in net_001.deny with input as inp} == {"vpc-plan"}
	count(net_001.not_evaluated) == 0 with input as inp
}

# data_tier false (document 002): public and app subnets in 3 AZs suffice;
# a missing app tier still fails.
test_without_a_data_tier_only_public_and_app_count if {
	two_tier := {id: s | some id, s in layout("vpc-2t", ["use1-az1", "use1-az2", "use1-az4"]); s.tier != "data"}
	inp := {"aws": {"vpcs": {"vpc-2t": vpc("vpc-2t", "two-tier")}, "subnets": two_tier}}
	{f.resource | some f in net_001.deny with input as inp} == {"vpc-2t"}
	count(net_001.deny) == 0 with input as inp with data.archcheck.params.prod.data_tier as false
	count(net_001.not_evaluated) == 0 with input as inp with data.archcheck.params.prod.data_tier as false
	public_only := {id: s | some id, s in two_tier; s.tier == "public"}
	short := {"aws": {"vpcs": {"vpc-2t": vpc("vpc-2t", "two-tier")}, "subnets": public_only}}
	some f in net_001.deny with input as short with data.archcheck.params.prod.data_tier as false
	f.message == "VPC vpc-2t (two-tier) has too few AZs per tier: app tier in no AZ; each of the public and app tiers must have subnets in at least 3 AZs (counted by AZ ID)"
}
