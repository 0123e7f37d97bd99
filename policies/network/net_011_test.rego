package archcheck.rules.network.net_011_test

import data.archcheck.rules.network.net_011
import rego.v1

entry(n, action, protocol, cidr, from, to) := {
	"rule_number": n, "egress": false, "protocol": protocol, "rule_action": action,
	"cidr_block": cidr, "from_port": from, "to_port": to,
}

entry6(n, action, protocol, cidr, from, to) := object.union(
	object.remove(entry(n, action, protocol, "", from, to), ["cidr_block"]),
	{"ipv6_cidr_block": cidr},
)

star_deny := {"rule_number": 32767, "egress": false, "protocol": "-1", "rule_action": "deny", "cidr_block": "0.0.0.0/0"}

acl(id, entries) := {"id": id, "native_id": id, "vpc_id": "vpc-1", "environment": "prod", "entries": array.concat(entries, [star_deny])}

inputs := {"aws": {"network_acls": {
	# the AWS default: allow everything
	"acl-default": object.union(acl("acl-default", [{"rule_number": 100, "egress": false, "protocol": "-1", "rule_action": "allow", "cidr_block": "0.0.0.0/0"}]), {"name": "prod-default", "is_default": true}),
	"acl-ssh": acl("acl-ssh", [entry(100, "allow", "6", "0.0.0.0/0", 22, 22)]),
	"acl-rdp-v6": acl("acl-rdp-v6", [entry6(100, "allow", "6", "::/0", 3380, 3390)]),
	"acl-split": acl("acl-split", [entry(100, "allow", "6", "0.0.0.0/1", 22, 22), entry(110, "allow", "6", "128.0.0.0/1", 22, 22)]),
	"acl-ephemeral": acl("acl-ephemeral", [entry(100, "allow", "6", "0.0.0.0/0", 1024, 65535)]),
	# an allow-all behind denies for 22 and 3389: shadowed
	"acl-shadowed": acl("acl-shadowed", [
		entry(90, "deny", "6", "0.0.0.0/0", 22, 22),
		entry(91, "deny", "-1", "0.0.0.0/0", null, null),
		entry(100, "allow", "-1", "0.0.0.0/0", null, null),
	]),
	# the deny comes after the allow: not shadowed
	"acl-deny-too-late": acl("acl-deny-too-late", [
		entry(100, "allow", "6", "0.0.0.0/0", 0, 65535),
		entry(200, "deny", "6", "0.0.0.0/0", 22, 22),
	]),
	# denies only 22: 3389 stays open
	"acl-half-shadowed": acl("acl-half-shadowed", [
		entry(50, "deny", "6", "0.0.0.0/0", 22, 22),
		entry(100, "allow", "6", "0.0.0.0/0", 0, 65535),
	]),
	# denies only half of the source: still open
	"acl-partial-source": acl("acl-partial-source", [
		entry(50, "deny", "-1", "0.0.0.0/1", null, null),
		entry(100, "allow", "6", "0.0.0.0/0", 22, 22),
	]),
	"acl-ok": acl("acl-ok", [
		entry(100, "allow", "6", "0.0.0.0/0", 443, 443),
		entry(110, "allow", "6", "10.0.0.0/8", 22, 22),
		entry(120, "allow", "17", "0.0.0.0/0", 0, 65535),
		object.union(entry(130, "allow", "-1", "0.0.0.0/0", null, null), {"egress": true}),
	]),
}}}

findings := fs if fs := net_011.deny with input as inputs

message(id) := {f.message | some f in findings; f.resource == id}

test_exactly_the_acls_opening_ssh_or_rdp_fail if {
	{f.resource | some f in findings} == {
		"acl-default", "acl-ssh", "acl-rdp-v6", "acl-split", "acl-ephemeral",
		"acl-deny-too-late", "acl-half-shadowed", "acl-partial-source",
	}
}

test_message_for_an_allow_all_entry if {
	message("acl-default") == {"network ACL acl-default (prod-default) rule 100 allows ingress of all traffic from 0.0.0.0/0, opening port 22 (SSH) and port 3389 (RDP) to the internet; no network ACL may allow ingress from the internet to port 22 or 3389"}
}

test_message_names_only_the_ports_left_open if {
	message("acl-half-shadowed") == {"network ACL acl-half-shadowed rule 100 allows ingress of TCP ports 0-65535 from 0.0.0.0/0, opening port 3389 (RDP) to the internet; no network ACL may allow ingress from the internet to port 22 or 3389"}
}

test_split_internet_cidrs_cannot_evade if {
	count(message("acl-split")) == 2
}

test_ipv6_entry if {
	message("acl-rdp-v6") == {"network ACL acl-rdp-v6 rule 100 allows ingress of TCP ports 3380-3390 from ::/0, opening port 3389 (RDP) to the internet; no network ACL may allow ingress from the internet to port 22 or 3389"}
}

test_lower_numbered_denies_shadow_an_allow if {
	ids := {f.resource | some f in findings}
	not "acl-shadowed" in ids
}

test_merged_denies_shadow_an_allow if {
	inp := {"aws": {"network_acls": {"a": acl("a", [
		entry(10, "deny", "6", "0.0.0.0/1", 0, 65535),
		entry(20, "deny", "6", "128.0.0.0/1", 0, 65535),
		entry6(30, "deny", "-1", "::/0", null, null),
		entry(100, "allow", "-1", "0.0.0.0/0", null, null),
		entry6(110, "allow", "-1", "::/0", null, null),
	])}}}
	count(net_011.deny) == 0 with input as inp
}

test_an_ipv4_deny_does_not_shadow_an_ipv6_allow if {
	inp := {"aws": {"network_acls": {"a": acl("a", [
		entry(10, "deny", "-1", "0.0.0.0/0", null, null),
		entry6(100, "allow", "6", "::/0", 22, 22),
	])}}}
	{f.resource | some f in net_011.deny with input as inp} == {"a"}
}

test_compliant_acl_produces_nothing if {
	count(net_011.deny) == 0 with input as {"aws": {"network_acls": {
		"acl-ok": inputs.aws.network_acls["acl-ok"],
		"acl-shadowed": inputs.aws.network_acls["acl-shadowed"],
	}}}
}

test_each_offending_entry_is_its_own_finding_keyed_by_rule_number if {
	{f.key | some f in findings; f.resource == "acl-split"} == {"ingress rule 100", "ingress rule 110"}
}
