package archcheck.rules.accounts.acc_002_test

import data.archcheck.rules.accounts.acc_002
import rego.v1

envs := {
	"prod": {"class": "prod", "accounts": ["1"], "clusters": [], "tag_values": ["live"]},
	"staging": {"class": "non-prod", "accounts": ["2"], "clusters": [], "tag_values": []},
	"dev": {"class": "non-prod", "accounts": ["2"], "clusters": [], "tag_values": []},
}

res(id, account, env, tags) := {"id": id, "native_id": id, "account_id": account, "environment": env, "environment_source": "tag", "tags": tags}

inputs := {"aws": {
	"vpcs": {
		"prod-vpc": object.union(res("prod-vpc", "1", "prod", {"Environment": "Production"}), {"name": "prod-vpc"}),
		"live-vpc": res("live-vpc", "1", "prod", {"Environment": "LIVE"}),
		"dev-in-prod": res("dev-in-prod", "1", "prod", {"Environment": "dev"}),
		"stg-vpc": res("stg-vpc", "2", "staging", {"env": "stg"}),
		"prod-in-dev": res("prod-in-dev", "2", "unknown", {"Environment": "prd"}),
		"default": object.union(res("default", "3", "unknown", {}), {"is_default": true}),
		"unmapped": res("unmapped", "3", "qa", {"Environment": "qa"}),
	},
	"subnets": {
		"qa-subnet": object.union(res("qa-subnet", "1", "prod", {"environment": "qa"}), {"vpc_id": "prod-vpc"}),
		"default-subnet": object.union(res("default-subnet", "3", "unknown", {}), {"vpc_id": "default"}),
	},
	"security_groups": {
		"sg-1": object.union(res("sg-1", "3", "unknown", {}), {"group_name": "web", "is_default": false}),
		"sg-default": object.union(res("sg-default", "3", "unknown", {}), {"group_name": "default", "is_default": true}),
	},
	"eks_clusters": {"stg-eks": res("stg-eks", "2", "staging", {"Environment": "stage"})},
}}

test_exactly_the_disagreeing_and_unknown_resources_fail if {
	ids := {f.resource | some f in acc_002.deny with input as inputs with data.archcheck.architecture.environments as envs}
	ids == {"dev-in-prod", "prod-in-dev", "qa-subnet", "sg-1"}
}

test_message_other_environment if {
	some f in acc_002.deny with input as inputs with data.archcheck.architecture.environments as envs
	f.resource == "dev-in-prod"
	f.message == "VPC dev-in-prod is tagged Environment=dev, which names the dev environment, but the architecture file maps its account 1 to prod; a resource's environment tag must agree with its account's environment"
}

test_message_no_environment if {
	some f in acc_002.deny with input as inputs with data.archcheck.architecture.environments as envs
	f.resource == "qa-subnet"
	f.message == "subnet qa-subnet is tagged environment=qa, which names no environment of the architecture, but the architecture file maps its account 1 to prod; a resource's environment tag must agree with its account's environment"
}

test_message_multi_environment_account if {
	msgs := {f.message | some f in acc_002.deny with input as inputs with data.archcheck.architecture.environments as envs; f.resource == "prod-in-dev"}
	msgs == {
		"VPC prod-in-dev is tagged Environment=prd, which names the prod environment, but the architecture file maps its account 2 to dev and staging; a resource's environment tag must agree with its account's environment",
		"VPC prod-in-dev has no known environment: its account 2 holds dev and staging and no environment tag names one of them; it is judged with the prod environment's parameters until its account is mapped in the architecture file or it carries an Environment tag",
	}
}

test_message_unknown if {
	some f in acc_002.deny with input as inputs with data.archcheck.architecture.environments as envs
	f.resource == "sg-1"
	f.message == "security group sg-1 (web) has no known environment: its account 3 is not mapped to an environment and no environment tag names one; it is judged with the prod environment's parameters until its account is mapped in the architecture file or it carries an Environment tag"
}

test_compliant_resources_produce_nothing if {
	ok := {"aws": {
		"vpcs": {k: inputs.aws.vpcs[k] | some k in ["prod-vpc", "live-vpc", "stg-vpc", "default", "unmapped"]},
		"eks_clusters": inputs.aws.eks_clusters,
	}}
	count(acc_002.deny) == 0 with input as ok with data.archcheck.architecture.environments as envs
}

test_unmapped_accounts_compare_nothing if {
	# the built-in architecture maps no account: tags are never compared
	ids := {f.resource | some f in acc_002.deny with input as inputs}
	ids == {"prod-in-dev", "sg-1"}
}
