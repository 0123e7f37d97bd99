# NET-008: every VPC has a flow log of ALL traffic, kept long enough.
#
# For every VPC other than a default VPC, a flow log whose resource_id is
# the VPC and whose traffic_type is ALL must exist (ACCEPT- or REJECT-only
# logs miss half the traffic; subnet- and ENI-level logs do not cover the
# whole VPC). Its retention must be at least `flow_log_retention_days`:
# - a CloudWatch Logs destination whose retention could be read passes with
#   retention_days >= N, or with no retention_days at all (the log group
#   never expires its events);
# - an S3 or Firehose destination, or a log group whose retention could not
#   be read, cannot be judged: the VPC is reported as not evaluated, with a
#   reason naming the destination.
# A VPC with several ALL flow logs passes when one of them is kept long
# enough; it fails only when every one is known to be too short, and is not
# evaluated when none passes but one cannot be judged.
package archcheck.rules.network.net_008

import data.archcheck.lib
import rego.v1

metadata := {
	"id": "NET-008",
	"title": "Every VPC has a flow log of ALL traffic with enough retention",
	"severity": "medium",
	"description": "Every VPC (default VPCs excluded) has a VPC flow log capturing ALL traffic (accepted and rejected). When it goes to CloudWatch Logs, the log group keeps events at least flow_log_retention_days; for an S3 destination archcheck cannot read the bucket's lifecycle rules, so the retention part is reported as not evaluated. Flow logs are the record used for security investigations and GuardDuty findings.",
	"remediation": "Create a VPC-level flow log with traffic type ALL (aws ec2 create-flow-logs --resource-type VPC --traffic-type ALL), and set the destination log group's retention to at least the required days (aws logs put-retention-policy), or an S3 lifecycle rule that keeps the objects that long.",
	"architecture": {
		"sections": ["000 §2.2"],
		"quote": "Retention: 90 days for production, 30 days for dev/staging",
	},
	"parameters": ["flow_log_retention_days"],
	"inputs": ["aws.vpcs", "aws.flow_logs"],
	"judges": "aws.vpcs",
}

judged_vpcs contains vpc if {
	some vpc in input.aws.vpcs
	not vpc.is_default
}

# Flow logs of ALL traffic, and the traffic types of the others, by the id
# of the resource they watch (one pass over the flow logs).
all_logs[id] contains log if {
	some log in input.aws.flow_logs
	log.traffic_type == "ALL"
	id := log.resource_id
}

other_types[id] contains log.traffic_type if {
	some log in input.aws.flow_logs
	log.traffic_type != "ALL"
	id := log.resource_id
}

# (A ref-head rule with no members is undefined, hence the `else`.)
logs_of(vpc) := logs if logs := all_logs[vpc.id]
else := set()

cloudwatch_known(log) if {
	log.log_destination_type == "cloud-watch-logs"
	log.retention_known == true
}

days(log) := object.get(log, "retention_days", null)

# Kept long enough: a known retention of N days or more, or no expiry.
kept(log, n) if {
	cloudwatch_known(log)
	days(log) == null
}

kept(log, n) if {
	cloudwatch_known(log)
	days(log) >= n
}

too_short(log, n) if {
	cloudwatch_known(log)
	days(log) != null
	days(log) < n
}

unjudgeable(log) if not cloudwatch_known(log)

any_kept(vpc, n) if {
	some log in logs_of(vpc)
	kept(log, n)
}

any_unjudgeable(vpc) if {
	some log in logs_of(vpc)
	unjudgeable(log)
}

# Where a flow log delivers, for messages.
destination(log) := sprintf("CloudWatch Logs group %s", [object.get(log, "log_group_name", null)]) if {
	log.log_destination_type == "cloud-watch-logs"
	is_string(object.get(log, "log_group_name", null))
} else := sprintf("%s %s", [destination_kind(log), log.log_destination]) if {
	is_string(object.get(log, "log_destination", null))
} else := destination_kind(log)

destination_kind(log) := kind if {
	kind := {"cloud-watch-logs": "CloudWatch Logs", "s3": "S3", "kinesis-data-firehose": "Firehose"}[log.log_destination_type]
} else := log.log_destination_type

others_text(vpc) := sprintf(" (its flow logs capture only %s traffic)", [concat(" and ", sort(other_types[vpc.id]))]) if other_types[vpc.id]
else := ""

deny contains lib.finding(vpc, msg) if {
	some vpc in judged_vpcs
	count(logs_of(vpc)) == 0
	msg := sprintf("VPC %s has no flow log capturing ALL traffic%s; every VPC needs a VPC-level flow log with traffic type ALL", [
		lib.label(vpc), others_text(vpc),
	])
}

deny contains lib.finding_key(vpc, log.id, msg) if {
	some vpc in judged_vpcs
	n := lib.params(vpc).flow_log_retention_days
	not any_kept(vpc, n)
	not any_unjudgeable(vpc)
	some log in logs_of(vpc)
	too_short(log, n)
	msg := sprintf("VPC %s flow log %s sends ALL traffic to %s, which keeps it %d days; environment %s requires at least %d days", [
		lib.label(vpc), lib.label(log), destination(log), days(log), lib.env_of(vpc), n,
	])
}

not_evaluated contains lib.not_evaluated(vpc, reason) if {
	some vpc in judged_vpcs
	n := lib.params(vpc).flow_log_retention_days
	not any_kept(vpc, n)
	any_unjudgeable(vpc)
	unknown := [sprintf("flow log %s delivers to %s", [lib.label(log), destination(log)]) | some log in logs_of(vpc); unjudgeable(log)]
	reason := sprintf("the retention of its flow logs cannot be read (%s); it must keep ALL traffic at least %d days", [
		concat("; ", sort(unknown)), n,
	])
}
