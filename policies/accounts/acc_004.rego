# ACC-004: resources carry the cost-allocation tags.
#
# Judged on the taggable top-level resources (lib.acc_tagged_collections:
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

tagged(r, k) if {
	v := r.tags[k]
	is_string(v)
	trim_space(v) != ""
}

deny contains lib.finding(r, msg) if {
	some entry in lib.acc_tagged_resources
	r := entry.resource
	required := lib.params(r).required_tags
	missing := [k | some k in required; not tagged(r, k)]
	count(missing) > 0
	msg := sprintf("%s lacks the cost-allocation %s %s; the %s environment requires the tags %s on every resource", [
		lib.acc_resource_label(entry.word, r), plural_tag(count(missing)), concat(", ", missing), lib.env_of(r), concat(", ", required),
	])
}

plural_tag(1) := "tag"

plural_tag(n) := "tags" if n != 1
