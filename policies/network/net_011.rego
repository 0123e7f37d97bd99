# NET-011: no network ACL lets the internet in on SSH (22) or RDP (3389).
#
# An ingress entry (egress false) of a network ACL that allows traffic from
# an internet CIDR (0.0.0.0/0, ::/0, or any CIDR the normaliser counts as the
# internet, so 0.0.0.0/1 + 128.0.0.0/1 cannot evade the check) and covers
# TCP port 22 or 3389 (protocol -1/all, or TCP with the port in its range)
# fails, unless it is shadowed: network ACL entries are evaluated in
# rule_number order, so an allow is ineffective for a port when lower-
# numbered deny entries covering that port already deny its whole source
# (the deny sources are merged, so 0.0.0.0/1 + 128.0.0.0/1 shadow an allow
# from 0.0.0.0/0; a deny covering only part of the source leaves the rest
# open, and the allow still fails).
#
# Where controls.md is silent: UDP entries are not judged (SSH and RDP are
# TCP services); an entry whose range merely includes 22 or 3389, such as the
# common ephemeral range 1024-65535, fails (as in AWS Security Hub EC2.21);
# every network ACL is judged, associated with subnets or not.
package archcheck.rules.network.net_011

import data.archcheck.lib
import rego.v1

metadata := {
	"id": "NET-011",
	"title": "No network ACL allows SSH or RDP from the internet",
	"severity": "medium",
	"description": "No network ACL has an effective ingress entry allowing traffic from 0.0.0.0/0 or ::/0 (or any internet CIDR) to TCP port 22 or 3389. Entries are evaluated in rule-number order, so an allow shadowed by a lower-numbered deny for the same port and source does not count. Remote administration goes through SSM Session Manager or a VPN, never straight from the internet.",
	"remediation": "Add a lower-numbered deny entry for ports 22 and 3389 from 0.0.0.0/0 and ::/0 ahead of the allow, or narrow the allow entry so that its port range excludes 22 and 3389.",
	"architecture": {
		"sections": ["001 §3", "003 §2", "004 §2.2"],
		"quote": "Network ACLs provide additional subnet-level filtering",
	},
	"parameters": [],
	"inputs": ["aws.network_acls"],
	"judges": "aws.network_acls",
}

admin_ports := {22: "SSH", 3389: "RDP"}

all_traffic(entry) if entry.protocol in {"-1", "all"}

tcp(entry) if entry.protocol in {"6", "tcp"}

covers(entry, p) if all_traffic(entry)

covers(entry, p) if {
	tcp(entry)
	object.get(entry, "from_port", 0) <= p
	p <= object.get(entry, "to_port", 65535)
}

non_empty(s) if {
	is_string(s)
	s != ""
}

source(entry) := entry.cidr_block if non_empty(object.get(entry, "cidr_block", null))
else := entry.ipv6_cidr_block if non_empty(object.get(entry, "ipv6_cidr_block", null))

same_family(a, b) if contains(a, ":") == contains(b, ":")

ingress(entry, action) if {
	entry.egress == false
	entry.rule_action == action
}

# The allow is ineffective for port p: lower-numbered denies covering p
# together deny its whole source. Cost: one pass over this ACL's own
# entries (at most 40 per direction in AWS), not over other ACLs.
shadowed(acl, allow, p) if {
	src := source(allow)
	denies := [d_src |
		some d in acl.entries
		ingress(d, "deny")
		d.rule_number < allow.rule_number
		covers(d, p)
		d_src := source(d)
		net.cidr_is_valid(d_src)
		same_family(d_src, src)
	]
	count(denies) > 0
	some merged in net.cidr_merge(denies)
	net.cidr_contains(merged, src)
}

traffic_text(entry) := "all traffic" if all_traffic(entry)
else := sprintf("TCP port %d", [entry.from_port]) if entry.from_port == entry.to_port
else := sprintf("TCP ports %d-%d", [object.get(entry, "from_port", 0), object.get(entry, "to_port", 65535)])

# One finding per offending entry, keyed by its rule number.
deny contains lib.finding_key(acl, sprintf("ingress rule %d", [entry.rule_number]), msg) if {
	some acl in input.aws.network_acls
	some entry in acl.entries
	ingress(entry, "allow")
	src := source(entry)
	archcheck.is_internet(src)
	open := [sprintf("port %d (%s)", [p, admin_ports[p]]) | some p in [22, 3389]; covers(entry, p); not shadowed(acl, entry, p)]
	count(open) > 0
	msg := sprintf("network ACL %s rule %d allows ingress of %s from %s, opening %s to the internet; no network ACL may allow ingress from the internet to port 22 or 3389", [
		lib.label(acl), entry.rule_number, traffic_text(entry), src, concat(" and ", open),
	])
}
