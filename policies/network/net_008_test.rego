package archcheck.rules.network.net_008_test

import data.archcheck.rules.network.net_008
import rego.v1

vpc(id) := {"id": id, "native_id": id, "name": concat("", [id, "-name"]), "environment": "prod", "is_default": false}

cwl(id, vpc_id, days) := {
	"id": id, "native_id": id, "resource_id": vpc_id, "traffic_type": "ALL",
	"log_destination_type": "cloud-watch-logs", "log_group_name": "/vpc/flow", "retention_days": days, "retention_known": true,
}

s3(id, vpc_id) := {
	"id": id, "native_id": id, "resource_id": vpc_id, "traffic_type": "ALL",
	"log_destination_type": "s3", "log_destination": "arn:aws:s3:::flow-logs", "retention_known": false,
}

inputs := {"aws": {
	"vpcs": {
		"vpc-none": vpc("vpc-none"),
		"vpc-reject": vpc("vpc-reject"),
		"vpc-short": vpc("vpc-short"),
		"vpc-ok": vpc("vpc-ok"),
		"vpc-forever": vpc("vpc-forever"),
		"vpc-s3": vpc("vpc-s3"),
		"vpc-mixed": vpc("vpc-mixed"),
		"vpc-both": vpc("vpc-both"),
		"vpc-dev": object.union(vpc("vpc-dev"), {"environment": "dev"}),
		"vpc-subnet-log": vpc("vpc-subnet-log"),
		"vpc-default": object.union(vpc("vpc-default"), {"is_default": true}),
	},
	"flow_logs": {
		"fl-reject": object.union(cwl("fl-reject", "vpc-reject", 365), {"traffic_type": "REJECT"}),
		"fl-short": cwl("fl-short", "vpc-short", 30),
		"fl-ok": cwl("fl-ok", "vpc-ok", 365),
		"fl-forever": object.remove(cwl("fl-forever", "vpc-forever", null), ["retention_days"]),
		"fl-s3": s3("fl-s3", "vpc-s3"),
		"fl-mixed-cwl": cwl("fl-mixed-cwl", "vpc-mixed", 30),
		"fl-mixed-s3": s3("fl-mixed-s3", "vpc-mixed"),
		"fl-both-short": cwl("fl-both-short", "vpc-both", 30),
		"fl-both-long": cwl("fl-both-long", "vpc-both", 120),
		"fl-dev": cwl("fl-dev", "vpc-dev", 30),
		"fl-subnet": cwl("fl-subnet", "subnet-1", 365),
	},
}}

findings := fs if fs := net_008.deny with input as inputs

message(id) := {f.message | some f in findings; f.resource == id}

test_exactly_the_vpcs_without_adequate_flow_logs_fail if {
	{f.resource | some f in findings} == {"vpc-none", "vpc-reject", "vpc-short", "vpc-subnet-log"}
}

test_message_for_a_missing_flow_log if {
	message("vpc-none") == {"VPC vpc-none (vpc-none-name) has no flow log capturing ALL traffic; every VPC needs a VPC-level flow log with traffic type ALL"}
	message("vpc-reject") == {"VPC vpc-reject (vpc-reject-name) has no flow log capturing ALL traffic (its flow logs capture only REJECT traffic); every VPC needs a VPC-level flow log with traffic type ALL"}
}

test_message_for_a_short_retention if {
	message("vpc-short") == {"VPC vpc-short (vpc-short-name) flow log fl-short sends ALL traffic to CloudWatch Logs group /vpc/flow, which keeps it 30 days; environment prod requires at least 90 days"}
}

test_compliant_vpcs_produce_nothing if {
	inp := {"aws": {
		"vpcs": {"vpc-ok": vpc("vpc-ok"), "vpc-forever": vpc("vpc-forever"), "vpc-both": vpc("vpc-both")},
		"flow_logs": {k: inputs.aws.flow_logs[k] | some k in ["fl-ok", "fl-forever", "fl-both-short", "fl-both-long"]},
	}}
	count(net_008.deny) == 0 with input as inp
	count(net_008.not_evaluated) == 0 with input as inp
}

test_s3_and_unreadable_destinations_are_not_evaluated if {
	ne := {n.resource: n.reason | some n in net_008.not_evaluated with input as inputs}
	ne == {
		"vpc-s3": "the retention of its flow logs cannot be read (flow log fl-s3 delivers to S3 arn:aws:s3:::flow-logs); it must keep ALL traffic at least 90 days",
		"vpc-mixed": "the retention of its flow logs cannot be read (flow log fl-mixed-s3 delivers to S3 arn:aws:s3:::flow-logs); it must keep ALL traffic at least 90 days",
	}
}

test_unreadable_log_group_retention_is_not_evaluated if {
	log := object.union(cwl("fl-x", "vpc-x", null), {"retention_known": false})
	inp := {"aws": {"vpcs": {"vpc-x": vpc("vpc-x")}, "flow_logs": {"fl-x": log}}}
	{n.resource | some n in net_008.not_evaluated with input as inp} == {"vpc-x"}
	count(net_008.deny) == 0 with input as inp
}

test_flow_log_retention_days_parameter if {
	ids := {f.resource | some f in net_008.deny with input as inputs with data.archcheck.params.prod.flow_log_retention_days as 30}
	not "vpc-short" in ids
	ids_dev := {f.resource | some f in net_008.deny with input as inputs with data.archcheck.params.dev.flow_log_retention_days as 60}
	"vpc-dev" in ids_dev
}

test_each_short_flow_log_is_its_own_finding if {
	inp := {"aws": {
		"vpcs": {"v": vpc("v")},
		"flow_logs": {"a": cwl("a", "v", 7), "b": cwl("b", "v", 30)},
	}}
	{f.key | some f in net_008.deny with input as inp} == {"a", "b"}
}
