package archcheck.rules.network.net_004_test

import data.archcheck.rules.network.net_004
import rego.v1

subnet(id, rt, az) := {
	"id": id, "native_id": id, "vpc_id": "vpc-1", "tier": "app", "tier_source": "tag",
	"availability_zone": concat("", ["us-east-1", {"1": "a", "2": "b"}[az]]), "availability_zone_id": concat("", ["use1-az", az]),
	"route_table_id": rt, "route_table_source": "explicit", "environment": "prod",
}

route(dest, kind, target) := {"destination_cidr_block": dest, "target_kind": kind, "target_id": target}

route6(dest, kind, target) := {"destination_ipv6_cidr_block": dest, "target_kind": kind, "target_id": target}

rt(id, routes) := {"id": id, "native_id": id, "routes": array.concat([route("10.10.0.0/16", "local", "local")], routes)}

nat(id, type, az) := {"id": id, "native_id": id, "vpc_id": "vpc-1", "subnet_id": "pub-1", "connectivity_type": type, "availability_zone_id": concat("", ["use1-az", az])}

route_tables := {
	"rt-a": rt("rt-a", [route("0.0.0.0/0", "nat", "nat-a"), route6("::/0", "egress-only", "eigw-1")]),
	"rt-igw": rt("rt-igw", [route("0.0.0.0/0", "igw", "igw-1")]),
	"rt-local": rt("rt-local", []),
	"rt-pnat": rt("rt-pnat", [route("0.0.0.0/0", "nat", "nat-p")]),
	"rt-v6": rt("rt-v6", [route("0.0.0.0/0", "nat", "nat-a"), route6("::/0", "igw", "igw-1")]),
	"rt-bh": rt("rt-bh", [object.union(route("0.0.0.0/0", "nat", "nat-gone"), {"state": "blackhole"})]),
}

nat_gateways := {
	"nat-a": nat("nat-a", "public", "1"),
	"nat-p": nat("nat-p", "private", "1"),
}

inputs := {"aws": {
	"vpcs": {"vpc-1": {"id": "vpc-1", "native_id": "vpc-1", "name": "prod-vpc"}},
	"subnets": {
		"app-ok": subnet("app-ok", "rt-a", "1"),
		"app-igw": subnet("app-igw", "rt-igw", "1"),
		"app-none": subnet("app-none", "rt-local", "1"),
		"app-private-nat": subnet("app-private-nat", "rt-pnat", "1"),
		"app-other-az": subnet("app-other-az", "rt-a", "2"),
		"app-v6-igw": subnet("app-v6-igw", "rt-v6", "1"),
		"app-blackhole": subnet("app-blackhole", "rt-bh", "1"),
		"dev-other-az": object.union(subnet("dev-other-az", "rt-a", "2"), {"environment": "dev"}),
		"data-igw": object.union(subnet("data-igw", "rt-igw", "1"), {"tier": "data"}),
		"app-inferred": object.union(subnet("app-inferred", "rt-igw", "1"), {"tier_source": "routes"}),
	},
	"route_tables": route_tables,
	"nat_gateways": nat_gateways,
}}

findings := fs if fs := net_004.deny with input as inputs

message(id) := {f.message | some f in findings; f.resource == id}

test_exactly_the_misrouted_app_subnets_fail if {
	{f.resource | some f in findings} == {"app-igw", "app-none", "app-private-nat", "app-other-az", "app-v6-igw", "app-blackhole"}
}

test_message_for_an_internet_gateway_route if {
	message("app-igw") == {"subnet app-igw (app tier, prod-vpc, us-east-1a) routes 0.0.0.0/0 to internet gateway igw-1 via route table rt-igw; app subnets must send 0.0.0.0/0 to a public NAT gateway, never to an internet gateway"}
}

test_message_for_a_missing_default_route if {
	message("app-none") == {"subnet app-none (app tier, prod-vpc, us-east-1a) has no 0.0.0.0/0 route in route table rt-local; app subnets must send 0.0.0.0/0 to a public NAT gateway"}
}

test_message_for_a_private_nat_gateway if {
	message("app-private-nat") == {"subnet app-private-nat (app tier, prod-vpc, us-east-1a) routes 0.0.0.0/0 to NAT gateway nat-p via route table rt-pnat, whose connectivity type is private; app subnets must send 0.0.0.0/0 to a public NAT gateway"}
}

test_message_for_a_nat_gateway_in_another_az if {
	message("app-other-az") == {"subnet app-other-az (app tier, prod-vpc, us-east-1b) routes 0.0.0.0/0 to NAT gateway nat-a in use1-az1 via route table rt-a; with nat_per_az each app subnet must use a NAT gateway in its own AZ (use1-az2)"}
}

test_message_for_an_ipv6_route_to_an_internet_gateway if {
	message("app-v6-igw") == {"subnet app-v6-igw (app tier, prod-vpc, us-east-1a) routes ::/0 to internet gateway igw-1 via route table rt-v6; app subnets may send ::/0 only to an egress-only internet gateway"}
}

test_message_for_a_blackhole_route if {
	message("app-blackhole") == {"subnet app-blackhole (app tier, prod-vpc, us-east-1a) routes 0.0.0.0/0 to NAT gateway nat-gone via route table rt-bh, but the route is a blackhole (the NAT gateway is gone); app subnets must send 0.0.0.0/0 to a public NAT gateway"}
}

test_other_targets_fail_without_the_igw_note if {
	inp := {"aws": {
		"subnets": {"app-tgw": subnet("app-tgw", "rt-tgw", "1")},
		"route_tables": {"rt-tgw": rt("rt-tgw", [route("0.0.0.0/0", "tgw", "tgw-1")])},
	}}
	{f.message | some f in net_004.deny with input as inp} == {"subnet app-tgw (app tier, vpc-1, us-east-1a) routes 0.0.0.0/0 to tgw tgw-1 via route table rt-tgw; app subnets must send 0.0.0.0/0 to a public NAT gateway"}
}

test_compliant_app_subnet_produces_nothing if {
	inp := {"aws": {
		"subnets": {"app-ok": subnet("app-ok", "rt-a", "1")},
		"route_tables": {"rt-a": route_tables["rt-a"]},
		"nat_gateways": {"nat-a": nat_gateways["nat-a"]},
	}}
	count(net_004.deny) == 0 with input as inp
	count(net_004.not_evaluated) == 0 with input as inp
}

test_nat_per_az_parameter if {
	ids := {f.resource | some f in net_004.deny with input as inputs with data.archcheck.params.prod.nat_per_az as false}
	not "app-other-az" in ids
	ids_dev := {f.resource | some f in net_004.deny with input as inputs with data.archcheck.params.dev.nat_per_az as true}
	"dev-other-az" in ids_dev
}

test_nat_per_az_falls_back_to_az_names if {
	no_ids := {
		"pub-1": {"id": "pub-1", "vpc_id": "vpc-1", "tier": "public", "tier_source": "tag", "availability_zone": "us-east-1a"},
		"app-b": object.remove(object.union(subnet("app-b", "rt-a", "1"), {"availability_zone": "us-east-1b"}), ["availability_zone_id"]),
	}
	inp := {"aws": {
		"subnets": no_ids,
		"route_tables": {"rt-a": route_tables["rt-a"]},
		"nat_gateways": {"nat-a": object.remove(nat_gateways["nat-a"], ["availability_zone_id"])},
	}}
	{f.resource | some f in net_004.deny with input as inp} == {"app-b"}
}

not_evaluated_ids(inp) := {n.resource | some n in net_004.not_evaluated with input as inp}

test_unknown_route_table_is_not_evaluated if {
	s := object.union(subnet("a", null, "1"), {"route_table_source": "unknown"})
	not_evaluated_ids({"aws": {"subnets": {"a": s}, "route_tables": {}}}) == {"a"}
}

test_route_table_missing_from_the_input_is_not_evaluated if {
	inp := {"aws": {"subnets": {"a": subnet("a", "rt-missing", "1")}, "route_tables": {}}}
	not_evaluated_ids(inp) == {"a"}
	count(net_004.deny) == 0 with input as inp
}

test_unknown_route_target_is_not_evaluated if {
	inp := {"aws": {
		"subnets": {"a": subnet("a", "rt-u", "1")},
		"route_tables": {"rt-u": rt("rt-u", [route("0.0.0.0/0", "unknown", "")])},
	}}
	not_evaluated_ids(inp) == {"a"}
	count(net_004.deny) == 0 with input as inp
}

test_nat_gateway_missing_from_the_input_is_not_evaluated if {
	inp := {"aws": {
		"subnets": {"a": subnet("a", "rt-a", "1")},
		"route_tables": {"rt-a": route_tables["rt-a"]},
		"nat_gateways": {},
	}}
	not_evaluated_ids(inp) == {"a"}
	count(net_004.deny) == 0 with input as inp
}

test_unknown_az_with_nat_per_az_is_not_evaluated if {
	inp := {"aws": {
		"subnets": {"a": object.remove(subnet("a", "rt-a", "1"), ["availability_zone", "availability_zone_id"])},
		"route_tables": {"rt-a": route_tables["rt-a"]},
		"nat_gateways": nat_gateways,
	}}
	not_evaluated_ids(inp) == {"a"}
	count(net_004.deny) == 0 with input as inp
	count(net_004.not_evaluated) == 0 with input as inp with data.archcheck.params.prod.nat_per_az as false
}

test_findings_on_one_subnet_are_keyed_by_what_they_are_about if {
	inp := {"aws": {
		"subnets": {"a": subnet("a", "rt-x", "2")},
		"route_tables": {"rt-x": rt("rt-x", [route("0.0.0.0/0", "nat", "nat-p"), route6("::/0", "nat", "nat-p")])},
		"nat_gateways": nat_gateways,
	}}
	{f.key | some f in net_004.deny with input as inp} == {"0.0.0.0/0", "nat-az", "::/0"}
}

test_gateways_in_the_input_are_named_by_their_label if {
	inp := {"aws": {
		"subnets": {"a": subnet("a", "rt-igw", "1")},
		"route_tables": {"rt-igw": route_tables["rt-igw"]},
		"internet_gateways": {"igw-1": {"id": "igw-1", "native_id": "igw-0abc", "name": "prod-igw"}},
	}}
	{f.message | some f in net_004.deny with input as inp} == {"subnet a (app tier, vpc-1, us-east-1a) routes 0.0.0.0/0 to internet gateway igw-0abc (prod-igw) via route table rt-igw; app subnets must send 0.0.0.0/0 to a public NAT gateway, never to an internet gateway"}
}
