package archcheck.rules.security_groups.sg_004_test

import data.archcheck.rules.security_groups.sg_004
import rego.v1

sg(id, roles, ingress) := {
	"id": id, "native_id": id, "group_name": concat("", [id, "-sg"]), "vpc_id": "vpc-1",
	"account_id": "111111111111", "environment": "prod",
	"roles": roles, "role_source": "attachment", "ingress": ingress, "egress": [],
}

rule(protocol, from, to, cidrs) := {
	"protocol": protocol, "from_port": from, "to_port": to,
	"cidr_blocks": [c | some c in cidrs; not contains(c, ":")],
	"ipv6_cidr_blocks": [c | some c in cidrs; contains(c, ":")],
	"internet_cidrs": [c | some c in cidrs; not startswith(c, "10."); not startswith(c, "fd")],
}

all_traffic(cidrs) := object.remove(rule("-1", 0, 0, cidrs), ["from_port", "to_port"])

inputs := {"aws": {"security_groups": {
	"alb-ok": sg("alb-ok", ["alb"], [rule("tcp", 443, 443, ["0.0.0.0/0", "::/0"]), rule("tcp", 80, 80, ["0.0.0.0/0"])]),
	"alb-ssh": sg("alb-ssh", ["alb"], [rule("tcp", 443, 443, ["0.0.0.0/0"]), rule("tcp", 22, 22, ["0.0.0.0/0"])]),
	"app-https": sg("app-https", ["app"], [rule("tcp", 443, 443, ["0.0.0.0/1", "128.0.0.0/1"])]),
	"app-private": sg("app-private", ["app"], [all_traffic(["10.0.0.0/8", "fd00::/8"])]),
	"bastion-office": sg("bastion-office", ["bastion"], [rule("tcp", 22, 22, ["203.0.113.10/32"])]),
	"db-open": sg("db-open", ["db"], [rule("tcp", 5432, 5432, ["::/0"])]),
	"other-all": sg("other-all", ["other"], [all_traffic(["0.0.0.0/0"])]),
	"other-udp": sg("other-udp", ["other"], [rule("udp", 3389, 3389, ["0.0.0.0/0"])]),
}}}

test_exactly_the_groups_open_to_the_internet_fail if {
	ids := {f.resource | some f in sg_004.deny with input as inputs}
	ids == {"alb-ssh", "app-https", "bastion-office", "db-open", "other-all", "other-udp"}
}

test_one_finding_per_rule if {
	count({f | some f in sg_004.deny with input as inputs; f.resource == "other-all"}) == 1
}

test_admin_port_message if {
	some f in sg_004.deny with input as inputs
	f.resource == "alb-ssh"
	f.message == "security group alb-ssh (alb-ssh-sg) opens tcp port 22 to the internet (0.0.0.0/0), exposing SSH (22); no security group may open SSH (22), RDP (3389) or the database port (5432) to the internet"
}

test_all_traffic_names_every_exposed_port if {
	some f in sg_004.deny with input as inputs
	f.resource == "other-all"
	f.message == "security group other-all (other-all-sg) opens all traffic to the internet (0.0.0.0/0), exposing SSH (22), RDP (3389), database port 5432; no security group may open SSH (22), RDP (3389) or the database port (5432) to the internet"
}

test_non_alb_group_message if {
	some f in sg_004.deny with input as inputs
	f.resource == "app-https"
	f.message == "security group app-https (app-https-sg) (roles: app) admits tcp port 443 from the internet (0.0.0.0/1, 128.0.0.0/1); only alb groups may accept traffic from the internet"
}

test_compliant_groups_produce_nothing if {
	count(sg_004.deny) == 0 with input as {"aws": {"security_groups": {
		"alb-ok": inputs.aws.security_groups["alb-ok"],
		"app-private": inputs.aws.security_groups["app-private"],
	}}}
}

test_db_port_parameter if {
	g := sg("alb-mongo", ["alb"], [rule("tcp", 27000, 28000, ["0.0.0.0/0"])])
	snap := {"aws": {"security_groups": {"alb-mongo": g}}}
	count(sg_004.deny) == 0 with input as snap
	some f in sg_004.deny with input as snap with data.archcheck.params.prod.db_port as 27017
	f.message == "security group alb-mongo (alb-mongo-sg) opens tcp ports 27000-28000 to the internet (0.0.0.0/0), exposing database port 27017; no security group may open SSH (22), RDP (3389) or the database port (27017) to the internet"
}

test_attached_database_port_counts_too if {
	g := object.union(sg("alb-db", ["alb", "db"], [rule("tcp", 3306, 3306, ["0.0.0.0/0"])]), {"attached_to": ["db-my"]})
	snap := {"aws": {
		"security_groups": {"alb-db": g},
		"rds_instances": {"db-my": {"id": "db-my", "native_id": "db-my", "port": 3306}},
	}}
	{f.resource | some f in sg_004.deny with input as snap} == {"alb-db"}
}
