package archcheck.rules.accounts.acc_004_test

import data.archcheck.rules.accounts.acc_004
import rego.v1

res(id, env, tags) := {"id": id, "native_id": id, "account_id": "1", "environment": env, "tags": tags}

inputs := {"aws": {
	"vpcs": {
		"tagged": object.union(res("tagged", "prod", {"Environment": "prod", "Owner": "platform"}), {"name": "prod-vpc"}),
		"untagged": res("untagged", "prod", {}),
		"lowercase": res("lowercase", "dev", {"environment": "dev"}),
		"default": object.union(res("default", "prod", {}), {"is_default": true}),
	},
	"subnets": {
		"blank": object.union(res("blank", "prod", {"Environment": ""}), {"vpc_id": "tagged"}),
		"default-subnet": object.union(res("default-subnet", "prod", {}), {"vpc_id": "default"}),
	},
	"load_balancers": {"lb": res("lb", "prod", {"Environment": "prod"})},
	"rds_clusters": {"db": res("db", "dev", {})},
	"eks_node_groups": {"ng": res("ng", "prod", {})},
}}

test_exactly_the_untagged_resources_fail if {
	ids := {f.resource | some f in acc_004.deny with input as inputs}
	ids == {"untagged", "lowercase", "blank", "db"}
}

test_message if {
	some f in acc_004.deny with input as inputs
	f.resource == "db"
	f.message == "DB cluster db lacks the cost-allocation tag Environment; the dev environment requires the tags Environment on every resource"
}

test_compliant_resources_produce_nothing if {
	count(acc_004.deny) == 0 with input as {"aws": {
		"vpcs": {"tagged": inputs.aws.vpcs.tagged, "default": inputs.aws.vpcs["default"]},
		"load_balancers": inputs.aws.load_balancers,
	}}
}

test_required_tags_parameter if {
	ids := {f.resource | some f in acc_004.deny with input as inputs with data.archcheck.params.prod.required_tags as ["Environment", "Owner", "CostCenter"]}
	ids == {"tagged", "untagged", "lowercase", "blank", "lb", "db"}
	some f in acc_004.deny with input as inputs with data.archcheck.params.prod.required_tags as ["Environment", "Owner", "CostCenter"]
	f.resource == "untagged"
	f.message == "VPC untagged lacks the cost-allocation tags Environment, Owner, CostCenter; the prod environment requires the tags Environment, Owner, CostCenter on every resource"
}
