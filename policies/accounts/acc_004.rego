# ACC-004: resources carry the cost-allocation tags.
#
# Judged on the taggable top-level resources (data.archcheck.lib.acc_tagged_collections:
# VPCs, subnets, security groups, load balancers, EC2 instances, RDS
# instances, DB clusters, EKS clusters), without what AWS creates by itself
# (default VPCs, their subnets, default security groups). Every key of the
# environment's `required_tags` must be present with a non-empty value;
# keys compare exactly (AWS tag keys and cost-allocation tags are
# case-sensitive). One finding per resource, listing the missing keys.
package archcheck.rules.accounts.acc_004

import data.archcheck.lib
import rego.v1

metadata := {
	"id": "ACC-004",
	"title": "Resources carry the cost-allocation tags",
	"severity": "low",
	"description": "Every VPC, subnet, security group, load balancer, EC2 instance, RDS instance, DB cluster and EKS cluster carries the tags the architecture requires for cost allocation (required_tags, Environment by default), with a value, so consolidated billing can attribute its cost and people can tell what it belongs to.",
	"remediation": "Add the missing tags (Terraform provider default_tags make every resource carry them), activate them as cost allocation tags in the Billing console, and enforce them with a tag policy or an SCP on the organisation.",
	"architecture": {
		"sections": ["000 §1", "004 §1.1", "004 §5.3"],
		"quote": "Consolidated billing with cost allocation tags",
	},
	"parameters": ["required_tags"],
	"inputs": ["aws.vpcs", "aws.subnets", "aws.security_groups", "aws.load_balancers", "aws.ec2_instances", "aws.rds_instances", "aws.rds_clusters", "aws.eks_clusters"],
	"judges": "aws.vpcs",
}

# Required tags per environment, looked up directly rather than through
# lib.params: this control reads every resource of eight collections. The
# normaliser gives every resource an environment of the architecture or
# `unknown`, and data.archcheck.params holds both.
required_tags := {env: p.required_tags | some env, p in data.archcheck.params}

# The tag is absent or its value empty.
missing_tag(tags, k) if object.get(tags, k, "") == ""

# Every key some environment requires (the default library: Environment).
all_required_tags := {k | some _, req in required_tags; some k in req}

# One pass per required key over the resources; the first test is a direct
# field test that every tagged resource passes (a value other than "").
deny contains lib.finding(r, msg) if {
	some [collection, word] in data.archcheck.lib.acc_tagged_collections
	some k in all_required_tags
	some r in input.aws[collection]
	not r.tags[k] != ""
	req := required_tags[object.get(r, "environment", "unknown")]
	k in req
	tags := object.get(r, "tags", {})
	object.get(tags, k, "") == ""
	not data.archcheck.lib.acc_aws_created[r.id]
	missing := [t | some t in req; missing_tag(tags, t)]
	msg := sprintf("%s lacks the cost-allocation %s %s; the %s environment requires the tags %s on every resource", [
		lib.acc_resource_label(word, r), plural_tag(count(missing)), concat(", ", missing), lib.env_of(r), concat(", ", req),
	])
}

plural_tag(1) := "tag"

plural_tag(n) := "tags" if n != 1
