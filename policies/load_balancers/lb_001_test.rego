package archcheck.rules.load_balancers.lb_001_test

import data.archcheck.rules.load_balancers.lb_001
import rego.v1

lb(id, scheme, subnets) := {
	"id": id, "native_id": id, "environment": "prod", "lb_type": "application",
	"scheme": scheme, "vpc_id": "vpc-1", "subnet_ids": subnets, "listeners": [],
}

subnet(id, tier, az) := {
	"id": id, "native_id": id, "vpc_id": "vpc-1", "tier": tier, "tier_source": "name",
	"availability_zone": az,
}

subnets := {
	"pub-a": subnet("pub-a", "public", "us-east-1a"),
	"pub-b": subnet("pub-b", "public", "us-east-1b"),
	"app-a": subnet("app-a", "app", "us-east-1a"),
	"app-b": object.union(subnet("app-b", "app", "us-east-1b"), {"tier_source": "routes"}),
	"data-a": subnet("data-a", "data", "us-east-1a"),
	"untiered": object.remove(subnet("untiered", "app", "us-east-1c"), ["tier", "tier_source"]),
}

inputs := {"aws": {
	"vpcs": {"vpc-1": {"id": "vpc-1", "native_id": "vpc-1", "name": "prod-vpc"}},
	"subnets": subnets,
	"load_balancers": {
		"ext-ok": lb("ext-ok", "internet-facing", ["pub-a", "pub-b"]),
		"ext-app": lb("ext-app", "internet-facing", ["pub-a", "app-b"]),
		"ext-nlb-data": object.union(lb("ext-nlb-data", "internet-facing", ["data-a"]), {"lb_type": "network"}),
		"int-ok": lb("int-ok", "internal", ["app-a", "app-b", "data-a"]),
		"int-pub": lb("int-pub", "internal", ["app-a", "pub-b"]),
		"gwlb": {"id": "gwlb", "native_id": "gwlb", "lb_type": "gateway", "scheme": "internal", "subnet_ids": ["pub-a"]},
	},
}}

test_exactly_the_misplaced_load_balancers_fail if {
	ids := {f.resource | some f in lb_001.deny with input as inputs}
	ids == {"ext-app", "ext-nlb-data", "int-pub"}
}

test_message_for_internet_facing if {
	some f in lb_001.deny with input as inputs
	f.resource == "ext-app"
	f.message == "internet-facing load balancer ext-app (application) sits in subnet app-b (app tier, prod-vpc, us-east-1b); an internet-facing load balancer belongs only in public subnets"
}

test_message_for_internal if {
	some f in lb_001.deny with input as inputs
	f.resource == "int-pub"
	f.message == "internal load balancer int-pub (application) sits in subnet pub-b (public tier, prod-vpc, us-east-1b); an internal load balancer never belongs in a public subnet"
}

test_compliant_load_balancers_produce_nothing if {
	snap := {"aws": {"subnets": subnets, "load_balancers": {
		"ext-ok": inputs.aws.load_balancers["ext-ok"],
		"int-ok": inputs.aws.load_balancers["int-ok"],
	}}}
	count(lb_001.deny) == 0 with input as snap
	count(lb_001.not_evaluated) == 0 with input as snap
}

test_unknown_subnets_are_not_evaluated_and_the_rest_judged if {
	l := lb("ext-mixed", "internet-facing", ["untiered", "subnet-gone", "app-a"])
	snap := {"aws": {"subnets": subnets, "load_balancers": {"ext-mixed": l}}}
	{f.resource | some f in lb_001.deny with input as snap} == {"ext-mixed"}
	ne := lb_001.not_evaluated with input as snap
	ne == {{"resource": "ext-mixed", "reason": "the tier of its subnets untiered, subnet-gone is not known (not in the input, or not classified)"}}
}

test_unknown_scheme_is_not_evaluated if {
	snap := {"aws": {"subnets": subnets, "load_balancers": {
		"no-scheme": object.remove(lb("no-scheme", "", ["app-a"]), ["scheme"]),
		"odd-scheme": lb("odd-scheme", "private", ["app-a"]),
	}}}
	count(lb_001.deny) == 0 with input as snap
	ne := lb_001.not_evaluated with input as snap
	ne == {
		{"resource": "no-scheme", "reason": "its scheme (internet-facing or internal) is not known"},
		{"resource": "odd-scheme", "reason": "its scheme private is neither internet-facing nor internal"},
	}
}

test_no_subnets_is_not_evaluated if {
	snap := {"aws": {"subnets": subnets, "load_balancers": {"bare": lb("bare", "internal", [])}}}
	lb_001.not_evaluated == {{"resource": "bare", "reason": "its subnets are not known"}} with input as snap
}
