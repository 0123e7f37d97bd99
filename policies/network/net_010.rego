# NET-010: the default security group of every VPC has no rules.
#
# A security group with is_default true (the `default` group AWS creates in
# every VPC) must have no ingress and no egress rule, so that anything
# launched without an explicit group is cut off. Default VPCs are judged too
# (controls.md: NET-010 still sees them).
package archcheck.rules.network.net_010

import data.archcheck.lib
import rego.v1

metadata := {
	"id": "NET-010",
	"title": "Default security groups have no rules",
	"severity": "medium",
	"description": "The default security group of every VPC, default VPCs included, has no inbound and no outbound rules. Resources launched without an explicit security group land in it; AWS creates it allowing all traffic from its own members and all outbound traffic.",
	"remediation": "Remove every inbound and outbound rule from the VPC's default security group (Terraform: an aws_default_security_group with no ingress or egress blocks), and attach purpose-built groups to resources instead.",
	"architecture": {
		"sections": ["000 §2.2", "004 §2.2"],
		"quote": "Security groups default to deny all",
	},
	"parameters": [],
	"inputs": ["aws.security_groups"],
	"judges": "aws.security_groups",
}

rules_text(n, direction) := sprintf("1 %s rule", [direction]) if n == 1
else := sprintf("%d %s rules", [n, direction])

deny contains lib.finding(sg, msg) if {
	some sg in input.aws.security_groups
	sg.is_default == true
	ingress := count(object.get(sg, "ingress", []))
	egress := count(object.get(sg, "egress", []))
	ingress + egress > 0
	msg := sprintf("%s is the default security group of VPC %s and has %s and %s; the default security group must have no rules", [
		lib.sg_label(sg), lib.vpc_label(sg.vpc_id), rules_text(ingress, "ingress"), rules_text(egress, "egress"),
	])
}
