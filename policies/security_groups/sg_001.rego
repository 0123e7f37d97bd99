# SG-001: an alb group accepts only its listener ports from the internet.
#
# Every ingress rule of a group with the `alb` role whose sources include an
# internet CIDR (the normaliser's `internet_cidrs`, so 0.0.0.0/1 halves count)
# must be TCP or UDP with every port in `alb_ports`. Protocol -1 (all
# traffic), ICMP and any other protocol fail, as does a range that includes
# any other port. SSH (22), RDP (3389) and the database ports (the attached
# databases' ports and `db_port`) opened over TCP belong to SG-004 and are
# not counted here, so a rule opening exactly 22 to the internet is reported
# once (by SG-004), while 0-65535 is reported here for everything else it
# opens. Egress and non-internet sources are not this control's business.
package archcheck.rules.security_groups.sg_001

import data.archcheck.lib
import rego.v1

metadata := {
	"id": "SG-001",
	"title": "ALB security groups accept only the listener ports from the internet",
	"severity": "high",
	"description": "A security group with the alb role admits traffic from the internet (any CIDR outside the private ranges) only on the load balancer's listener ports (alb_ports), over TCP or UDP. A rule for all protocols, ICMP or a port range that includes any other port fails. Administrative and database ports open to the internet are reported by SG-004 instead.",
	"remediation": "Narrow the rule to the listener ports (443, and 80 where the architecture uses an HTTP-to-HTTPS redirect listener), or move the extra ports to a source that is not the internet.",
	"architecture": {
		"sections": ["000 §2.2", "004 §2.2"],
		"quote": "Inbound: 443 (HTTPS) from 0.0.0.0/0 (internet)",
	},
	"parameters": ["alb_ports", "db_port"],
	"inputs": ["aws.security_groups", "aws.rds_instances", "aws.rds_clusters"],
	"judges": "aws.security_groups",
}

tcp_udp := {"tcp", "6", "udp", "17"}

# Ports SG-004 reports when a TCP rule opens them to the internet.
sg_004_ports(sg, rule) := {22, 3389, lib.params(sg).db_port} | lib.db_ports(sg) if rule.protocol in {"tcp", "6"}
else := set()

allowed_ranges(sg, rule) := {[p, p] | some p in ({x | some x in lib.params(sg).alb_ports} | sg_004_ports(sg, rule))}

# The common case, decided cheaply: one port, a listener port.
acceptable(sg, rule) if {
	rule.protocol in tcp_udp
	rule.from_port == rule.to_port
	rule.from_port in lib.params(sg).alb_ports
} else := true if {
	rule.protocol in tcp_udp
	lib.ports_within(rule, allowed_ranges(sg, rule))
}

deny contains lib.finding(sg, msg) if {
	some sg in input.aws.security_groups
	lib.has_role(sg, "alb")
	some rule in sg.ingress
	lib.from_internet(rule)
	not acceptable(sg, rule)
	msg := sprintf("%s admits %s from the internet (%s); an alb group may accept only its listener ports (%s) from the internet", [
		lib.sg_label(sg),
		lib.ports_label(rule),
		concat(", ", rule.internet_cidrs),
		lib.ports_text({p | some p in lib.params(sg).alb_ports}),
	])
}
