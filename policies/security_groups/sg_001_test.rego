package archcheck.rules.security_groups.sg_001_test

import data.archcheck.rules.security_groups.sg_001
import rego.v1

sg(id, roles, ingress) := {
	"id": id, "native_id": id, "group_name": concat("", [id, "-sg"]), "vpc_id": "vpc-1",
	"account_id": "111111111111", "environment": "prod",
	"roles": roles, "role_source": "attachment", "ingress": ingress, "egress": [],
}

# A rule from the given CIDRs; internet_cidrs as the normaliser fills it.
rule(protocol, from, to, cidrs) := {
	"protocol": protocol, "from_port": from, "to_port": to,
	"cidr_blocks": [c | some c in cidrs; not contains(c, ":")],
	"ipv6_cidr_blocks": [c | some c in cidrs; contains(c, ":")],
	"internet_cidrs": [c | some c in cidrs; not startswith(c, "10.")],
}

all_traffic(cidrs) := object.remove(rule("-1", 0, 0, cidrs), ["from_port", "to_port"])

inputs := {"aws": {"security_groups": {
	"alb-ok": sg("alb-ok", ["alb"], [rule("tcp", 443, 443, ["0.0.0.0/0", "::/0"]), rule("tcp", 80, 80, ["10.0.0.0/8"])]),
	"alb-udp": sg("alb-udp", ["alb"], [rule("udp", 443, 443, ["0.0.0.0/0"])]),
	"alb-80": sg("alb-80", ["alb"], [rule("tcp", 443, 443, ["0.0.0.0/0"]), rule("6", 80, 80, ["0.0.0.0/0"])]),
	"alb-all": sg("alb-all", ["alb"], [all_traffic(["0.0.0.0/0"])]),
	"alb-range": sg("alb-range", ["alb"], [rule("tcp", 20, 23, ["0.0.0.0/1", "128.0.0.0/1"])]),
	"alb-icmp": sg("alb-icmp", ["alb"], [rule("icmp", -1, -1, ["0.0.0.0/0"])]),
	"alb-ssh": sg("alb-ssh", ["alb"], [rule("tcp", 22, 22, ["0.0.0.0/0"]), rule("tcp", 3389, 3389, ["::/0"])]),
	"alb-db": sg("alb-db", ["alb"], [rule("tcp", 5432, 5432, ["0.0.0.0/0"])]),
	"alb-private": sg("alb-private", ["alb"], [rule("tcp", 0, 65535, ["10.0.0.0/8"])]),
	"app-80": sg("app-80", ["app"], [rule("tcp", 80, 80, ["0.0.0.0/0"])]),
}}}

test_exactly_the_alb_groups_open_beyond_the_listener_ports_fail if {
	ids := {f.resource | some f in sg_001.deny with input as inputs}
	ids == {"alb-80", "alb-all", "alb-range", "alb-icmp"}
}

test_message_names_group_ports_and_cidrs if {
	some f in sg_001.deny with input as inputs
	f.resource == "alb-range"
	f.message == "security group alb-range (alb-range-sg) admits tcp ports 20-23 from the internet (0.0.0.0/1, 128.0.0.0/1); an alb group may accept only its listener ports (443) from the internet"
}

test_all_traffic_message if {
	some f in sg_001.deny with input as inputs
	f.resource == "alb-all"
	f.message == "security group alb-all (alb-all-sg) admits all traffic from the internet (0.0.0.0/0); an alb group may accept only its listener ports (443) from the internet"
}

test_compliant_alb_group_produces_nothing if {
	count(sg_001.deny) == 0 with input as {"aws": {"security_groups": {"alb-ok": inputs.aws.security_groups["alb-ok"]}}}
}

test_admin_and_db_ports_are_left_to_sg_004 if {
	ids := {f.resource | some f in sg_001.deny with input as inputs}
	not "alb-ssh" in ids
	not "alb-db" in ids
}

test_alb_ports_parameter_allows_80 if {
	ids := {f.resource | some f in sg_001.deny with input as inputs with data.archcheck.params.prod.alb_ports as [80, 443]}
	ids == {"alb-all", "alb-range", "alb-icmp"}
}

test_alb_ports_parameter_in_message if {
	some f in sg_001.deny with input as inputs with data.archcheck.params.prod.alb_ports as [8443, 443]
	f.resource == "alb-80"
	endswith(f.message, "may accept only its listener ports (443, 8443) from the internet")
}

test_db_port_parameter_moves_the_database_port if {
	ids := {f.resource | some f in sg_001.deny with input as inputs with data.archcheck.params.prod.db_port as 27017}
	"alb-db" in ids
}

test_attached_database_port_is_left_to_sg_004 if {
	g := object.union(sg("alb-my", ["alb", "db"], [rule("tcp", 3306, 3306, ["0.0.0.0/0"])]), {"attached_to": ["db-my"]})
	count(sg_001.deny) == 0 with input as {"aws": {
		"security_groups": {"alb-my": g},
		"rds_instances": {"db-my": {"id": "db-my", "native_id": "db-my", "port": 3306}},
	}}
}
