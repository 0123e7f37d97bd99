# SG-004: nothing but an alb group is open to the internet, and no group
# opens SSH, RDP or the database port to the internet.
#
# "The internet" is any CIDR outside the private ranges (the normaliser's
# `internet_cidrs`), not only 0.0.0.0/0 and ::/0: 0.0.0.0/1 + 128.0.0.0/1,
# or any public range, count too. Two checks on every ingress rule with an
# internet source, reported once per rule:
# - on any group (alb included), the rule covers TCP port 22, 3389 or a
#   database port: `db_port`, plus the `port` of any database the group is
#   attached to. Covering means protocol -1 or TCP with the port in range.
# - on a group without the `alb` role, the rule admits anything at all.
# Egress rules are not judged.
package archcheck.rules.security_groups.sg_004

import data.archcheck.lib
import rego.v1

metadata := {
	"id": "SG-004",
	"title": "Only ALB security groups accept traffic from the internet; none exposes SSH, RDP or the database",
	"severity": "critical",
	"description": "No security group other than an alb group admits any traffic from the internet (0.0.0.0/0, ::/0 or any other CIDR outside the private ranges), and no security group at all opens SSH (22), RDP (3389) or the database port to the internet. Administrators reach hosts through SSM Session Manager or a VPN, never through a port open to the world.",
	"remediation": "Remove the internet source from the rule. Put internet-facing traffic behind the load balancer, and reach instances and databases through SSM Session Manager, a VPN or a security-group reference instead of an open port.",
	"architecture": {
		"sections": ["000 §2.2", "001 §3", "004 §2.2"],
		"quote": "Explicit allow rules only for required traffic",
	},
	"parameters": ["db_port"],
	"inputs": ["aws.security_groups", "aws.rds_instances", "aws.rds_clusters"],
	"judges": "aws.security_groups",
}

sensitive_ports(sg) := {22, 3389, lib.params(sg).db_port} | lib.db_ports(sg)

# The sensitive ports a rule opens: protocol -1, or TCP with the port in range
# (lib.covers_port, inlined over one range).
exposed_ports(sg, rule) := {p |
	rule.protocol in {"-1", "tcp", "6"}
	[lo, hi] := lib.sg_port_range(rule)
	some p in sensitive_ports(sg)
	lo <= p
	p <= hi
}

port_name(p) := "SSH (22)" if p == 22
else := "RDP (3389)" if p == 3389
else := sprintf("database port %d", [p])

roles_text(sg) := concat(", ", sort(object.get(sg, "roles", [])))

message(sg, rule, exposed) := sprintf("%s opens %s to the internet (%s), exposing %s; no security group may open SSH (22), RDP (3389) or the database port (%s) to the internet", [
	lib.sg_label(sg),
	lib.ports_label(rule),
	concat(", ", rule.internet_cidrs),
	concat(", ", [port_name(p) | some p in sort(exposed)]),
	lib.ports_text({lib.params(sg).db_port} | lib.db_ports(sg)),
]) if {
	count(exposed) > 0
} else := sprintf("%s (roles: %s) admits %s from the internet (%s); only alb groups may accept traffic from the internet", [
	lib.sg_label(sg),
	roles_text(sg),
	lib.ports_label(rule),
	concat(", ", rule.internet_cidrs),
]) if {
	not lib.has_role(sg, "alb")
}

# Every port that is sensitive for some group: 22, 3389, every environment's
# db_port and the port of every database (a superset of sensitive_ports(sg)).
any_sensitive_port := ({22, 3389} | {p.db_port | some _, p in data.archcheck.lib.all_params}) | ({i.port | some i in input.aws.rds_instances} | {c.port | some c in input.aws.rds_clusters})

# An internet rule of an alb group that opens none of those ports: message()
# is undefined for it, so it is skipped before sensitive_ports is computed.
harmless_alb_rule(sg, rule) if {
	"alb" in sg.roles
	not rule.protocol in {"-1", "tcp", "6"}
} else := true if {
	"alb" in sg.roles
	rule.protocol in {"tcp", "6"}
	lo := object.get(rule, "from_port", 0)
	hi := object.get(rule, "to_port", 65535)
	every p in any_sensitive_port {
		not ports_cover(lo, hi, p)
	}
}

ports_cover(lo, hi, p) if {
	lo <= p
	p <= hi
}

deny contains lib.finding(sg, msg) if {
	some sg in input.aws.security_groups
	some rule in sg.ingress
	count(rule.internet_cidrs) > 0 # lib.from_internet(rule), without a call per rule
	not harmless_alb_rule(sg, rule)
	msg := message(sg, rule, exposed_ports(sg, rule))
}
