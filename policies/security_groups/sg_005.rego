# SG-005: a db group has no egress rules.
#
# A group with the `db` role must have an empty egress list: a database only
# answers connections (security groups are stateful, so replies need no
# rule) and RDS needs none for its own management. Every
# egress rule is reported, including the allow-all rule AWS adds to a new
# group (Terraform's aws_security_group removes it unless declared).
package archcheck.rules.security_groups.sg_005

import data.archcheck.lib
import rego.v1

metadata := {
	"id": "SG-005",
	"title": "Database security groups have no egress rules",
	"severity": "low",
	"description": "A security group with the db role has no egress rules. Security groups are stateful, so replies to the application's connections need no outbound rule; any egress rule only lets a compromised database reach out.",
	"remediation": "Delete the group's egress rules, including the default allow-all rule AWS adds to a new group (in Terraform, declare the group with `egress = []`).",
	"architecture": {
		"sections": ["000 §2.2", "004 §2.2"],
		"quote": "Outbound: None required",
	},
	"parameters": [],
	"inputs": ["aws.security_groups"],
	"judges": "aws.security_groups",
}

# The destinations of a rule, as text.
destinations(rule) := concat(", ", array.concat(array.concat(array.concat(
	array.concat(object.get(rule, "cidr_blocks", []), object.get(rule, "ipv6_cidr_blocks", [])),
	object.get(rule, "prefix_list_ids", []),
),
	[ref.group_id | some ref in object.get(rule, "groups", [])],
), ["itself" | object.get(rule, "self_reference", false) == true]))

deny contains lib.finding(sg, msg) if {
	some sg in input.aws.security_groups
	lib.has_role(sg, "db")
	some rule in object.get(sg, "egress", [])
	msg := sprintf("%s has an egress rule allowing %s to %s; a db group must have no egress rules", [
		lib.sg_label(sg),
		lib.ports_label(rule),
		destinations(rule),
	])
}
