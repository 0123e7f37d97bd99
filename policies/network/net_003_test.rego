package archcheck.rules.network.net_003_test

import data.archcheck.rules.network.net_003
import rego.v1

subnet(id, tier, rt) := {
	"id": id, "native_id": id, "vpc_id": "vpc-1", "tier": tier, "tier_source": "name",
	"availability_zone": "us-east-1a", "route_table_id": rt, "route_table_source": "explicit",
}

route(dest, kind, target) := {"destination_cidr_block": dest, "target_kind": kind, "target_id": target}

inputs := {"aws": {
	"vpcs": {"vpc-1": {"id": "vpc-1", "native_id": "vpc-1", "name": "prod-vpc"}},
	"subnets": {
		"data-igw": subnet("data-igw", "data", "rt-igw"),
		"data-nat": subnet("data-nat", "data", "rt-nat-10"),
		"data-ok": subnet("data-ok", "data", "rt-local"),
		"app-nat": subnet("app-nat", "app", "rt-igw"),
		"data-inferred": object.union(subnet("data-inferred", "data", "rt-igw"), {"tier_source": "routes"}),
	},
	"route_tables": {
		"rt-igw": {"id": "rt-igw", "native_id": "rt-igw", "routes": [route("10.0.0.0/16", "local", "local"), route("0.0.0.0/0", "igw", "igw-1")]},
		"rt-nat-10": {"id": "rt-nat-10", "native_id": "rt-nat-10", "routes": [route("10.20.0.0/16", "nat", "nat-1")]},
		"rt-local": {"id": "rt-local", "native_id": "rt-local", "routes": [route("10.0.0.0/16", "local", "local"), {"destination_prefix_list_id": "pl-s3", "target_kind": "vpce", "target_id": "vpce-1"}]},
	},
}}

test_exactly_the_data_subnets_with_internet_routes_fail if {
	ids := {f.resource | some f in net_003.deny with input as inputs}
	ids == {"data-igw", "data-nat"}
}

test_message_names_subnet_route_and_target if {
	some f in net_003.deny with input as inputs
	f.resource == "data-igw"
	f.message == "subnet data-igw (data tier, prod-vpc, us-east-1a) routes 0.0.0.0/0 to igw igw-1 via route table rt-igw; data subnets must have no internet route"
}

test_compliant_data_subnet_produces_nothing if {
	count(net_003.deny) == 0 with input as {"aws": {
		"subnets": {"data-ok": subnet("data-ok", "data", "rt-local")},
		"route_tables": {"rt-local": inputs.aws.route_tables["rt-local"]},
	}}
}

test_message_names_a_known_gateway_by_its_aws_id_and_name if {
	igw := {"id": "arn:aws:ec2:us-east-1:1:internet-gateway/igw-9", "native_id": "igw-9", "name": "prod-igw"}
	rt := {"id": "rt", "native_id": "rt", "routes": [route("0.0.0.0/0", "igw", igw.id)]}
	findings := net_003.deny with input as {"aws": {
		"subnets": {"d": subnet("d", "data", "rt")},
		"route_tables": {"rt": rt},
		"internet_gateways": {igw.id: igw},
	}}
	[f.message | some f in findings] == ["subnet d (data tier, vpc-1, us-east-1a) routes 0.0.0.0/0 to igw igw-9 (prod-igw) via route table rt; data subnets must have no internet route"]
}

test_unknown_route_table_is_not_evaluated if {
	s := object.union(subnet("d", "data", null), {"route_table_source": "unknown"})
	ne := net_003.not_evaluated with input as {"aws": {"subnets": {"d": s}, "route_tables": {}}}
	{n.resource | some n in ne} == {"d"}
}
