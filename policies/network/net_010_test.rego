package archcheck.rules.network.net_010_test

import data.archcheck.rules.network.net_010
import rego.v1

sg(id, is_default, ingress, egress) := {
	"id": id, "native_id": id, "vpc_id": "vpc-1", "group_name": "default", "is_default": is_default,
	"ingress": ingress, "egress": egress, "environment": "prod",
}

self_rule := {"protocol": "-1", "self_reference": true}

all_out := {"protocol": "-1", "cidr_blocks": ["0.0.0.0/0"], "internet_cidrs": ["0.0.0.0/0"]}

inputs := {"aws": {
	"vpcs": {
		"vpc-1": {"id": "vpc-1", "native_id": "vpc-1", "name": "prod-vpc"},
		"vpc-d": {"id": "vpc-d", "native_id": "vpc-d", "is_default": true},
	},
	"security_groups": {
		"sg-aws-default": sg("sg-aws-default", true, [self_rule], [all_out]),
		"sg-egress-only": sg("sg-egress-only", true, [], [all_out]),
		"sg-default-vpc": object.union(sg("sg-default-vpc", true, [self_rule], []), {"vpc_id": "vpc-d"}),
		"sg-clean": sg("sg-clean", true, [], []),
		"sg-app": object.union(sg("sg-app", false, [self_rule], [all_out]), {"group_name": "app"}),
	},
}}

test_exactly_the_default_groups_with_rules_fail if {
	ids := {f.resource | some f in net_010.deny with input as inputs}
	ids == {"sg-aws-default", "sg-egress-only", "sg-default-vpc"}
}

test_message_counts_the_rules if {
	some f in net_010.deny with input as inputs
	f.resource == "sg-aws-default"
	f.message == "security group sg-aws-default (default) is the default security group of VPC prod-vpc and has 1 ingress rule and 1 egress rule; the default security group must have no rules"
}

test_compliant_default_group_produces_nothing if {
	count(net_010.deny) == 0 with input as {"aws": {"security_groups": {
		"sg-clean": sg("sg-clean", true, [], []),
		"sg-app": inputs.aws.security_groups["sg-app"],
	}}}
}
