package archcheck.rules.security_groups.sg_005_test

import data.archcheck.rules.security_groups.sg_005
import rego.v1

sg(id, roles, egress) := {
	"id": id, "native_id": id, "group_name": concat("", [id, "-sg"]), "vpc_id": "vpc-1",
	"account_id": "111111111111", "environment": "prod",
	"roles": roles, "role_source": "attachment", "ingress": [], "egress": egress,
}

allow_all := {"protocol": "-1", "cidr_blocks": ["0.0.0.0/0"], "ipv6_cidr_blocks": ["::/0"], "internet_cidrs": ["0.0.0.0/0", "::/0"]}

inputs := {"aws": {"security_groups": {
	"db-ok": sg("db-ok", ["db"], []),
	"db-default": sg("db-default", ["db"], [allow_all]),
	"db-https": sg("db-https", ["db"], [{"protocol": "tcp", "from_port": 443, "to_port": 443, "prefix_list_ids": ["pl-s3"], "groups": [{"group_id": "sg-vpce"}], "self_reference": true}]),
	"db-alb": sg("db-alb", ["alb", "db"], [allow_all]),
	"app-egress": sg("app-egress", ["app"], [allow_all]),
}}}

test_exactly_the_db_groups_with_egress_fail if {
	ids := {f.resource | some f in sg_005.deny with input as inputs}
	ids == {"db-default", "db-https", "db-alb"}
}

test_message_names_the_rule if {
	some f in sg_005.deny with input as inputs
	f.resource == "db-default"
	f.message == "security group db-default (db-default-sg) has an egress rule allowing all traffic to 0.0.0.0/0, ::/0; a db group must have no egress rules"
}

test_message_lists_every_destination if {
	some f in sg_005.deny with input as inputs
	f.resource == "db-https"
	f.message == "security group db-https (db-https-sg) has an egress rule allowing tcp port 443 to pl-s3, sg-vpce, itself; a db group must have no egress rules"
}

test_compliant_db_group_produces_nothing if {
	count(sg_005.deny) == 0 with input as {"aws": {"security_groups": {"db-ok": inputs.aws.security_groups["db-ok"], "app-egress": inputs.aws.security_groups["app-egress"]}}}
}
