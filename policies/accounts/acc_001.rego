# ACC-001: the management account runs no workloads.
#
# The management account is the architecture file's `management_account`
# (not a per-environment parameter); with none named the control judges
# nothing. In that account there must be no VPC other than the default
# VPCs, no EC2 instance (terminated and shutting-down ones aside), no RDS
# instance or DB cluster and no EKS cluster. One finding for the account,
# listing what it runs (up to five of each kind), on its `aws.accounts`
# record, or on the account ID (resource type aws_account) when the
# account itself was not collected.
package archcheck.rules.accounts.acc_001

import data.archcheck.lib
import rego.v1

metadata := {
	"id": "ACC-001",
	"title": "The management account runs no workloads",
	"severity": "medium",
	"description": "The AWS Organizations management account holds billing, Organizations and IAM Identity Center only: no VPCs besides the default ones, no EC2 instances, no databases and no EKS clusters. Service control policies do not apply to the management account, and whoever controls a workload there is one step from controlling the whole organisation.",
	"remediation": "Move the workloads to the environment's member account (or a shared-services account) and delete them from the management account; delete non-default VPCs there.",
	"architecture": {
		"sections": ["000 §1", "001 §2", "003 §1"],
		"quote": "No workloads; serves as billing aggregator and identity hub",
	},
	"parameters": [],
	"inputs": ["aws.accounts", "aws.vpcs", "aws.ec2_instances", "aws.rds_instances", "aws.rds_clusters", "aws.eks_clusters"],
	"judges": "aws.accounts",
}

management := data.archcheck.architecture.management_account

# The management account's id, when the architecture names one.
management_id := management if {
	is_string(management)
	management != ""
}

# Each rule below tests `r.account_id == management_id` directly (no
# function call): it runs on every VPC, instance, database and cluster.

# [order, kind word, label] of every workload in the management account.
workloads contains [1, "VPC", lib.label(v)] if {
	some v in input.aws.vpcs
	v.account_id == management_id
	not v.is_default
}

workloads contains [2, "EC2 instance", lib.label(i)] if {
	some i in input.aws.ec2_instances
	i.account_id == management_id
	not object.get(i, "state", "") in {"terminated", "shutting-down"}
}

workloads contains [3, "RDS instance", lib.label(d)] if {
	some d in input.aws.rds_instances
	d.account_id == management_id
}

workloads contains [4, "DB cluster", lib.label(c)] if {
	some c in input.aws.rds_clusters
	c.account_id == management_id
}

workloads contains [5, "EKS cluster", lib.label(c)] if {
	some c in input.aws.eks_clusters
	c.account_id == management_id
}

# "2 VPCs (vpc-1, vpc-2), 1 EKS cluster (x)"
kinds := sort({[order, kind] | some [order, kind, _] in workloads})

kind_text(kind) := sprintf("%d %s (%s)", [count(labels), plural(kind, count(labels)), shortlist(labels)]) if {
	labels := sort({l | some [_, k, l] in workloads; k == kind})
}

plural(word, 1) := word

plural(word, n) := concat("", [word, "s"]) if n != 1

shortlist(items) := concat(", ", items) if count(items) <= 5
else := sprintf("%s and %d more", [concat(", ", array.slice(items, 0, 5)), count(items) - 5])

message := sprintf("management account %s runs workloads: %s; the management account must run none (only its default VPCs)", [
	account_label,
	concat(", ", [kind_text(kind) | some [_, kind] in kinds]),
])

account_label := lib.label(input.aws.accounts[management]) if input.aws.accounts[management]
else := management

deny contains lib.finding(input.aws.accounts[management], message) if count(workloads) > 0

deny contains {"resource": management, "resource_type": "aws_account", "message": message} if {
	count(workloads) > 0
	not input.aws.accounts[management]
}
