package archcheck.rules.accounts.acc_001_test

import data.archcheck.rules.accounts.acc_001
import rego.v1

res(id, account) := {"id": id, "native_id": id, "account_id": account, "environment": "prod"}

inputs := {"aws": {
	"accounts": {
		"000000000000": object.union(res("000000000000", "000000000000"), {"name": "innovate-management"}),
		"111111111111": res("111111111111", "111111111111"),
	},
	"vpcs": {
		"mgmt-default": object.union(res("mgmt-default", "000000000000"), {"is_default": true}),
		"mgmt-vpc": object.union(res("mgmt-vpc", "000000000000"), {"is_default": false, "name": "tools"}),
		"prod-vpc": object.union(res("prod-vpc", "111111111111"), {"is_default": false}),
	},
	"ec2_instances": {
		"i-1": object.union(res("i-1", "000000000000"), {"state": "running"}),
		"i-2": object.union(res("i-2", "000000000000"), {"state": "terminated"}),
		"i-3": object.union(res("i-3", "111111111111"), {"state": "running"}),
	},
	"rds_instances": {"db-1": res("db-1", "000000000000"), "db-2": res("db-2", "000000000000")},
	"rds_clusters": {"aurora-1": res("aurora-1", "111111111111"), "aurora-m": res("aurora-m", "000000000000")},
	"eks_clusters": {"eks-1": res("eks-1", "000000000000")},
}}

test_management_account_with_workloads_fails if {
	ids := {f.resource | some f in acc_001.deny with input as inputs with data.archcheck.architecture.management_account as "000000000000"}
	ids == {"000000000000"}
}

test_message_lists_the_workloads if {
	some f in acc_001.deny with input as inputs with data.archcheck.architecture.management_account as "000000000000"
	f.message == "management account 000000000000 (innovate-management) runs workloads: 1 VPC (mgmt-vpc (tools)), 1 EC2 instance (i-1), 2 RDS instances (db-1, db-2), 1 DB cluster (aurora-m), 1 EKS cluster (eks-1); the management account must run none (only its default VPCs)"
}

test_no_management_account_judges_nothing if {
	count(acc_001.deny) == 0 with input as inputs
}

test_clean_management_account_produces_nothing if {
	count(acc_001.deny) == 0 with input as inputs with data.archcheck.architecture.management_account as "111111111112"
	clean := {"aws": {
		"accounts": inputs.aws.accounts,
		"vpcs": {"mgmt-default": inputs.aws.vpcs["mgmt-default"]},
		"ec2_instances": {"i-2": inputs.aws.ec2_instances["i-2"]},
	}}
	count(acc_001.deny) == 0 with input as clean with data.archcheck.architecture.management_account as "000000000000"
}

test_uncollected_account_is_named_by_id if {
	inp := {"aws": {"eks_clusters": {"eks-1": res("eks-1", "000000000000")}}}
	fs := acc_001.deny with input as inp with data.archcheck.architecture.management_account as "000000000000"
	fs == {{"resource": "000000000000", "resource_type": "aws_account", "message": "management account 000000000000 runs workloads: 1 EKS cluster (eks-1); the management account must run none (only its default VPCs)"}}
}
