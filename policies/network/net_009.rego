# NET-009: every VPC has the required VPC endpoints.
#
# `vpc_endpoints` lists the required endpoints as {service, type}: the short
# service name the normaliser puts on each endpoint (`s3`, `ecr.api`) and,
# optionally, the endpoint type (`Gateway` or `Interface`; compared without
# regard to case; absent accepts any type). For every VPC other than a
# default VPC, each required service must have an endpoint in that VPC, of
# the required type when one is given. One finding per VPC lists every
# missing endpoint.
#
# Where controls.md is silent: endpoints that are deleting, deleted,
# rejected, failed or expired do not count (they carry no traffic).
package archcheck.rules.network.net_009

import data.archcheck.lib
import rego.v1

metadata := {
	"id": "NET-009",
	"title": "VPCs have the required VPC endpoints",
	"severity": "medium",
	"description": "Every VPC (default VPCs excluded) has a VPC endpoint for each service in vpc_endpoints, of the required type (S3 as a Gateway endpoint, ECR, CloudWatch Logs and Secrets Manager as Interface endpoints by default). Without them, image pulls, logs and secrets go through the NAT gateway and the internet, and data subnets cannot reach AWS services at all.",
	"remediation": "Create the missing endpoints in the VPC: a Gateway endpoint for S3 associated with the private route tables, and Interface endpoints (private DNS on) in the app subnets for the other services.",
	"architecture": {
		"sections": ["000 §2.1", "001 §3", "003 §2", "004 §2.2"],
		"quote": "S3, ECR (api+dkr), CloudWatch Logs, STS, Secrets Manager, SSM (reduces NAT traffic).",
	},
	"parameters": ["vpc_endpoints"],
	"inputs": ["aws.vpcs", "aws.vpc_endpoints"],
	"judges": "aws.vpcs",
}

dead_states := {"deleting", "deleted", "rejected", "failed", "expired"}

judged_vpcs contains vpc if {
	some vpc in input.aws.vpcs
	not vpc.is_default
}

# vpc id -> [service, endpoint type] of its working endpoints (one pass).
endpoints[vpc_id] contains [object.get(e, "service", ""), object.get(e, "endpoint_type", "")] if {
	some e in input.aws.vpc_endpoints
	not lower(object.get(e, "state", "")) in dead_states
	vpc_id := e.vpc_id
}

# (A ref-head rule with no members is undefined, hence the `else`.)
endpoints_of(vpc) := es if es := endpoints[vpc.id]
else := set()

required_type(spec) := t if {
	t := object.get(spec, "type", null)
	is_string(t)
	t != ""
}

satisfies(endpoint, spec) if {
	endpoint[0] == spec.service
	not required_type(spec)
}

satisfies(endpoint, spec) if {
	endpoint[0] == spec.service
	lower(endpoint[1]) == lower(required_type(spec))
}

present(vpc, spec) if {
	some endpoint in endpoints_of(vpc)
	satisfies(endpoint, spec)
}

# "s3 (Gateway)", "sts".
spec_text(spec) := sprintf("%s (%s)", [spec.service, required_type(spec)]) if required_type(spec)
else := spec.service

# "s3 (Gateway; found only Interface)" when the service is there with
# another type.
missing_text(vpc, spec) := sprintf("%s (%s; found only %s)", [spec.service, required_type(spec), concat(" and ", sort(others))]) if {
	others := {e[1] | some e in endpoints_of(vpc); e[0] == spec.service}
	count(others) > 0
} else := spec_text(spec)

deny contains lib.finding(vpc, msg) if {
	some vpc in judged_vpcs
	specs := lib.params(vpc).vpc_endpoints
	missing := [missing_text(vpc, spec) | some spec in specs; not present(vpc, spec)]
	count(missing) > 0
	msg := sprintf("VPC %s lacks required VPC endpoints: %s; environment %s requires endpoints for %s", [
		lib.label(vpc), concat(", ", missing), lib.env_of(vpc), concat(", ", [spec_text(spec) | some spec in specs]),
	])
}
