package archcheck.rules.security_groups.sg_003_test

import data.archcheck.rules.security_groups.sg_003
import rego.v1

sg(id, roles, ingress) := {
	"id": id, "native_id": id, "group_name": concat("", [id, "-sg"]), "vpc_id": "vpc-1",
	"account_id": "111111111111", "environment": "prod",
	"roles": roles, "role_source": "attachment", "ingress": ingress, "egress": [],
}

tcp(from, to, source) := object.union({"protocol": "tcp", "from_port": from, "to_port": to}, source)

from_group(id) := {"groups": [{"group_id": id}]}

groups := {
	"sg-nodes": sg("sg-nodes", ["app"], []),
	"sg-bastion": sg("sg-bastion", ["bastion"], []),
	"db-ok": sg("db-ok", ["db"], [tcp(5432, 5432, from_group("sg-nodes"))]),
	"db-explicit-account": sg("db-explicit-account", ["db"], [tcp(5432, 5432, {"groups": [{"group_id": "sg-nodes", "account_id": "111111111111"}]})]),
	"db-cidr": sg("db-cidr", ["db"], [tcp(5432, 5432, {"cidr_blocks": ["10.10.11.0/24"]})]),
	"db-cidr6": sg("db-cidr6", ["db"], [tcp(5432, 5432, {"ipv6_cidr_blocks": ["fd00::/8"]})]),
	"db-pl": sg("db-pl", ["db"], [tcp(5432, 5432, {"prefix_list_ids": ["pl-1"]})]),
	"db-self": sg("db-self", ["db"], [tcp(5432, 5432, {"self_reference": true})]),
	"db-self-ref": sg("db-self-ref", ["db"], [tcp(5432, 5432, from_group("db-self-ref"))]),
	"db-other-account": sg("db-other-account", ["db"], [tcp(5432, 5432, {"groups": [{"group_id": "sg-nodes", "account_id": "222222222222"}]})]),
	"db-bastion": sg("db-bastion", ["db"], [tcp(5432, 5432, from_group("sg-bastion"))]),
	"db-wide": sg("db-wide", ["db"], [tcp(0, 65535, from_group("sg-nodes"))]),
	"db-all": sg("db-all", ["db"], [{"protocol": "-1", "groups": [{"group_id": "sg-nodes"}]}]),
	"db-mongo": sg("db-mongo", ["db"], [tcp(27017, 27017, from_group("sg-nodes"))]),
	"db-unknown": sg("db-unknown", ["db"], [tcp(5432, 5432, from_group("sg-gone"))]),
	"db-unknown-wide": sg("db-unknown-wide", ["db"], [tcp(5000, 6000, from_group("sg-gone"))]),
	"app-cidr": sg("app-cidr", ["app"], [tcp(5432, 5432, {"cidr_blocks": ["10.0.0.0/8"]})]),
}

inputs := {"aws": {"security_groups": groups}}

test_exactly_the_db_groups_with_other_sources_or_ports_fail if {
	ids := {f.resource | some f in sg_003.deny with input as inputs}
	ids == {"db-cidr", "db-cidr6", "db-pl", "db-self", "db-self-ref", "db-other-account", "db-bastion", "db-wide", "db-all", "db-mongo", "db-unknown-wide"}
}

test_message_for_a_cidr_source if {
	some f in sg_003.deny with input as inputs
	f.resource == "db-cidr"
	f.message == "security group db-cidr (db-cidr-sg) admits tcp port 5432 from CIDR 10.10.11.0/24 (a CIDR source); a db group may accept only tcp port 5432 from app security groups of its own account"
}

test_message_for_another_account if {
	some f in sg_003.deny with input as inputs
	f.resource == "db-other-account"
	f.message == "security group db-other-account (db-other-account-sg) admits tcp port 5432 from security group sg-nodes (sg-nodes-sg) (a group of another account, 222222222222); a db group may accept only tcp port 5432 from app security groups of its own account"
}

test_message_names_port_and_role_problems_together if {
	g := sg("db-x", ["db"], [tcp(22, 22, from_group("sg-bastion"))])
	some f in sg_003.deny with input as {"aws": {"security_groups": {"db-x": g, "sg-bastion": groups["sg-bastion"]}}}
	f.message == "security group db-x (db-x-sg) admits tcp port 22 from security group sg-bastion (sg-bastion-sg) (a bastion group, not an app group; not only the database port); a db group may accept only tcp port 5432 from app security groups of its own account"
}

test_compliant_db_group_produces_nothing if {
	snap := {"aws": {"security_groups": {
		"sg-nodes": groups["sg-nodes"],
		"db-ok": groups["db-ok"],
		"db-explicit-account": groups["db-explicit-account"],
	}}}
	count(sg_003.deny) == 0 with input as snap
	count(sg_003.not_evaluated) == 0 with input as snap
}

test_db_port_parameter if {
	ids := {f.resource | some f in sg_003.deny with input as inputs with data.archcheck.params.prod.db_port as 27017}
	not "db-mongo" in ids
	"db-ok" in ids
}

test_attached_database_port_wins_over_db_port if {
	mongo := object.union(groups["db-mongo"], {"attached_to": ["cluster-1", "inst-1"]})
	ok := object.union(groups["db-ok"], {"attached_to": ["cluster-1"]})
	snap := {"aws": {
		"security_groups": {"sg-nodes": groups["sg-nodes"], "db-mongo": mongo, "db-ok": ok},
		"rds_clusters": {"cluster-1": {"id": "cluster-1", "native_id": "c1", "port": 27017}},
		"rds_instances": {"inst-1": {"id": "inst-1", "native_id": "i1"}},
	}}
	{f.resource | some f in sg_003.deny with input as snap} == {"db-ok"}
	some f in sg_003.deny with input as snap
	endswith(f.message, "(not only the database port); a db group may accept only tcp port 27017 from app security groups of its own account")
}

test_unknown_referenced_group_is_not_evaluated if {
	ne := sg_003.not_evaluated with input as inputs
	{n.resource | some n in ne} == {"db-unknown"}
	some n in ne
	n.reason == "it admits tcp port 5432 from security group sg-gone, which is not in the input, so whether that group has the app role is unknown"
}
