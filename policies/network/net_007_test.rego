package archcheck.rules.network.net_007_test

import data.archcheck.rules.network.net_007
import rego.v1

vpc(id, env, cidr) := {
	"id": id, "native_id": id, "name": id, "environment": env, "cidr_block": cidr,
	"account_id": "111111111111", "region": "us-east-1", "is_default": false,
}

with_secondary(v, cidrs) := object.union(v, {"secondary_cidr_blocks": cidrs})

inputs := {"aws": {"vpcs": {
	"prod-vpc": object.union(vpc("prod-vpc", "prod", "10.10.0.0/16"), {"native_id": "vpc-0p", "account_id": "222222222222"}),
	"stray": vpc("stray", "prod", "10.20.0.0/16"),
	"dev-a": with_secondary(vpc("dev-a", "dev", "10.0.0.0/16"), ["100.64.0.0/16"]),
	"dev-b": with_secondary(vpc("dev-b", "dev", "10.0.128.0/17"), ["100.64.0.0/16"]),
	"staging": with_secondary(vpc("staging", "staging", "10.1.0.0/16"), ["100.64.0.0/16"]),
	"default-1": object.union(vpc("default-1", "prod", "172.31.0.0/16"), {"is_default": true}),
	"default-2": object.union(vpc("default-2", "prod", "172.31.0.0/16"), {"is_default": true, "region": "eu-west-1"}),
}}}

findings := fs if fs := net_007.deny with input as inputs

test_exactly_the_unplanned_and_overlapping_vpcs_fail if {
	{f.resource | some f in findings} == {"stray", "dev-a", "dev-b"}
}

test_message_for_an_unplanned_cidr if {
	{f.message | some f in findings; f.resource == "stray"} == {"VPC stray has CIDR 10.20.0.0/16, outside the CIDRs planned for environment prod (10.10.0.0/16); a VPC's CIDR must be one of its environment's planned CIDRs or lie inside one"}
}

test_message_for_an_overlap_names_the_other_vpc if {
	{f.message | some f in findings; f.resource == "dev-b"} == {"VPC dev-b CIDR 10.0.128.0/17 overlaps VPC dev-a in 111111111111/us-east-1 CIDR 10.0.0.0/16; no two VPCs of the organisation may overlap"}
}

test_compliant_vpcs_produce_nothing if {
	inp := {"aws": {"vpcs": {
		"prod-vpc": inputs.aws.vpcs["prod-vpc"],
		"staging": inputs.aws.vpcs.staging,
		"dev-a": inputs.aws.vpcs["dev-a"],
	}}}
	count(net_007.deny) == 0 with input as inp
	count(net_007.not_evaluated) == 0 with input as inp
}

test_vpc_cidrs_parameter if {
	# empty: overlap only
	ids := {f.resource | some f in net_007.deny with input as inputs with data.archcheck.params.prod.vpc_cidrs as []}
	ids == {"dev-a", "dev-b"}

	# another plan for prod
	ids2 := {f.resource | some f in net_007.deny with input as inputs with data.archcheck.params.prod.vpc_cidrs as ["10.20.0.0/16"]}
	ids2 == {"prod-vpc", "dev-a", "dev-b"}

	# a wider planned range accepts VPCs inside it
	ids3 := {f.resource | some f in net_007.deny with input as inputs with data.archcheck.params.prod.vpc_cidrs as ["10.0.0.0/8"]}
	ids3 == {"dev-a", "dev-b"}
}

test_secondary_cidrs_overlap_too if {
	inp := {"aws": {"vpcs": {
		"prod-vpc": vpc("prod-vpc", "prod", "10.10.0.0/16"),
		"staging": with_secondary(vpc("staging", "staging", "10.1.0.0/16"), ["10.10.200.0/24"]),
	}}}
	msgs := {f.message | some f in net_007.deny with input as inp}
	msgs == {
		"VPC prod-vpc CIDR 10.10.0.0/16 overlaps VPC staging in 111111111111/us-east-1 CIDR 10.10.200.0/24; no two VPCs of the organisation may overlap",
		"VPC staging CIDR 10.10.200.0/24 overlaps VPC prod-vpc in 111111111111/us-east-1 CIDR 10.10.0.0/16; no two VPCs of the organisation may overlap",
	}
}

test_adjacent_cidrs_in_the_same_16_do_not_overlap if {
	inp := {"aws": {"vpcs": {
		"a": vpc("a", "prod", "10.10.0.0/24"),
		"b": vpc("b", "prod", "10.10.1.0/24"),
	}}}
	count(net_007.deny) == 0 with input as inp
}

test_cidrs_wider_than_16_are_compared_with_all if {
	inp := {"aws": {"vpcs": {
		"wide": vpc("wide", "prod", "10.0.0.0/8"),
		"narrow": vpc("narrow", "prod", "10.10.0.0/16"),
		"apart": vpc("apart", "prod", "192.168.0.0/16"),
	}}}
	ids := {f.resource | some f in net_007.deny with input as inp with data.archcheck.params.prod.vpc_cidrs as []}
	ids == {"wide", "narrow"}
}

test_unknown_cidr_is_not_evaluated if {
	inp := {"aws": {"vpcs": {
		"plan": object.remove(vpc("plan", "prod", ""), ["cidr_block"]),
		"bad": vpc("bad", "prod", "10.10.0.0/33"),
	}}}
	ne := {n.resource: n.reason | some n in net_007.not_evaluated with input as inp}
	ne == {"plan": "its CIDR block is not known", "bad": "its CIDR block 10.10.0.0/33 is not a valid IPv4 CIDR"}
	count(net_007.deny) == 0 with input as inp
}

test_findings_on_one_vpc_are_keyed if {
	inp := {"aws": {"vpcs": {
		"a": vpc("a", "prod", "10.10.0.0/16"),
		"b": vpc("b", "prod", "10.10.0.0/24"),
		"c": vpc("c", "prod", "10.10.1.0/24"),
	}}}
	keys := {f.key | some f in net_007.deny with input as inp with data.archcheck.params.prod.vpc_cidrs as ["10.20.0.0/16"]; f.resource == "a"}
	keys == {"plan", "overlap 10.10.0.0/16 b 10.10.0.0/24", "overlap 10.10.0.0/16 c 10.10.1.0/24"}
}
