# SG-003: a db group admits only the database port, only from app groups of
# its own account.
#
# Every source of every ingress rule of a group with the `db` role is judged
# on its own. The rule must be TCP with every port a database port: the
# `port` of each RDS instance or Aurora cluster the group is attached to
# (`attached_to`), else `db_port`. The source must be a security group of the
# same account whose roles include `app`. A reference's account is its
# `account_id`, or the group's own account when absent; an account the input
# leaves empty is never called different. CIDRs (private ones too), prefix
# lists, self-references (a database never needs to reach another database
# through its group) and groups of other accounts fail. A referenced group of
# the same account that is not in the input (its role is unknown) is
# reported as not evaluated when the ports are right, and fails otherwise.
package archcheck.rules.security_groups.sg_003

import data.archcheck.lib
import rego.v1

metadata := {
	"id": "SG-003",
	"title": "Database security groups accept only the database port from app groups",
	"severity": "critical",
	"description": "A security group with the db role admits only TCP on the database port (the port of the database it is attached to, else db_port), and only from security groups with the app role in the same account. CIDR sources (private ranges included), prefix lists, self-references, groups of other accounts and groups of any other role fail.",
	"remediation": "Replace the rule with one that admits only the database port from the application (EKS node) security group: remove CIDR, prefix-list and self-referencing sources, and reach the database for administration through the application tier or SSM port forwarding.",
	"architecture": {
		"sections": ["000 §2.2", "001 §3", "004 §2.2"],
		"quote": "Inbound: 5432 (PostgreSQL) from EKS node security group only",
	},
	"parameters": ["db_port"],
	"inputs": ["aws.security_groups", "aws.rds_instances", "aws.rds_clusters"],
	"judges": "aws.security_groups",
}

port_ok(sg, rule) if {
	rule.protocol in {"tcp", "6"}
	lib.ports_within(rule, {[p, p] | some p in lib.db_ports(sg)})
}

port_problems(sg, rule) := set() if port_ok(sg, rule)
else := {"not only the database port"}

other_account(sg, ref) if {
	ref.account_id != ""
	sg.account_id != ""
	ref.account_id != sg.account_id
}

referenced(ref) := input.aws.security_groups[ref.group_id]

# What is wrong with a referenced group as a source (empty: nothing).
group_problems(sg, ref) := {"a self-reference"} if ref.group_id == sg.id
else := {sprintf("a group of another account, %s", [ref.account_id])} if other_account(sg, ref)
else := set() if lib.has_role(referenced(ref), "app")
else := {sprintf("a %s group, not an app group", [concat("/", sort(object.get(referenced(ref), "roles", [])))])} if referenced(ref)
else := set()

# A same-account group outside the input: its role cannot be checked.
group_unknown(sg, ref) if {
	ref.group_id != sg.id
	not other_account(sg, ref)
	not referenced(ref)
}

group_text(ref) := lib.sg_label(referenced(ref)) if referenced(ref)
else := sprintf("security group %s", [ref.group_id])

# [source text, problems] for every source of a rule.
sources(sg, rule) := array.concat(array.concat(array.concat(
	[[sprintf("CIDR %s", [c]), {"a CIDR source"}] | some c in array.concat(object.get(rule, "cidr_blocks", []), object.get(rule, "ipv6_cidr_blocks", []))],
	[[sprintf("prefix list %s", [p]), {"a prefix-list source"}] | some p in object.get(rule, "prefix_list_ids", [])],
),
	[["itself", {"a self-reference"}] | object.get(rule, "self_reference", false) == true],
), [[group_text(ref), group_problems(sg, ref)] | some ref in object.get(rule, "groups", [])])

deny contains lib.finding(sg, msg) if {
	some sg in input.aws.security_groups
	lib.has_role(sg, "db")
	some rule in sg.ingress
	some [source, problems] in sources(sg, rule)
	all_problems := problems | port_problems(sg, rule)
	count(all_problems) > 0
	msg := sprintf("%s admits %s from %s (%s); a db group may accept only tcp port %s from app security groups of its own account", [
		lib.sg_label(sg),
		lib.ports_label(rule),
		source,
		concat("; ", sort(all_problems)),
		lib.ports_text(lib.db_ports(sg)),
	])
}

not_evaluated contains lib.not_evaluated(sg, reason) if {
	some sg in input.aws.security_groups
	lib.has_role(sg, "db")
	some rule in sg.ingress
	port_ok(sg, rule)
	some ref in object.get(rule, "groups", [])
	group_unknown(sg, ref)
	reason := sprintf("it admits %s from security group %s, which is not in the input, so whether that group has the app role is unknown", [lib.ports_label(rule), ref.group_id])
}
