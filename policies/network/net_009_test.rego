package archcheck.rules.network.net_009_test

import data.archcheck.rules.network.net_009
import rego.v1

vpc(id) := {"id": id, "native_id": id, "name": concat("", [id, "-name"]), "environment": "prod", "is_default": false}

endpoint(vpc_id, service, type) := {
	"id": concat("-", ["vpce", vpc_id, service, type]), "vpc_id": vpc_id, "service": service,
	"service_name": concat(".", ["com.amazonaws.us-east-1", service]), "endpoint_type": type, "state": "available",
}

# The default set: s3 (Gateway), ecr.api, ecr.dkr, logs, secretsmanager (Interface).
full(vpc_id) := {e.id: e | some e in [
	endpoint(vpc_id, "s3", "Gateway"),
	endpoint(vpc_id, "ecr.api", "Interface"),
	endpoint(vpc_id, "ecr.dkr", "Interface"),
	endpoint(vpc_id, "logs", "Interface"),
	endpoint(vpc_id, "secretsmanager", "Interface"),
]}

without(endpoints, service) := {id: e | some id, e in endpoints; e.service != service}

inputs := {"aws": {
	"vpcs": {
		"vpc-ok": vpc("vpc-ok"),
		"vpc-missing": vpc("vpc-missing"),
		"vpc-wrong-type": vpc("vpc-wrong-type"),
		"vpc-deleted": vpc("vpc-deleted"),
		"vpc-none": vpc("vpc-none"),
		"vpc-default": object.union(vpc("vpc-default"), {"is_default": true}),
	},
	"vpc_endpoints": object.union_n([
		full("vpc-ok"),
		without(without(full("vpc-missing"), "logs"), "ecr.dkr"),
		object.union(without(full("vpc-wrong-type"), "s3"), {"s3-if": endpoint("vpc-wrong-type", "s3", "Interface")}),
		object.union(full("vpc-deleted"), {"vpce-vpc-deleted-logs-Interface": object.union(endpoint("vpc-deleted", "logs", "Interface"), {"state": "deleted"})}),
	]),
}}

findings := fs if fs := net_009.deny with input as inputs

message(id) := {f.message | some f in findings; f.resource == id}

required := "s3 (Gateway), ecr.api (Interface), ecr.dkr (Interface), logs (Interface), secretsmanager (Interface)"

test_exactly_the_vpcs_missing_endpoints_fail if {
	{f.resource | some f in findings} == {"vpc-missing", "vpc-wrong-type", "vpc-deleted", "vpc-none"}
}

test_message_lists_every_missing_endpoint if {
	message("vpc-missing") == {sprintf("VPC vpc-missing (vpc-missing-name) lacks required VPC endpoints: ecr.dkr (Interface), logs (Interface); environment prod requires endpoints for %s", [required])}
}

test_message_for_an_endpoint_of_the_wrong_type if {
	message("vpc-wrong-type") == {sprintf("VPC vpc-wrong-type (vpc-wrong-type-name) lacks required VPC endpoints: s3 (Gateway; found only Interface); environment prod requires endpoints for %s", [required])}
}

test_compliant_vpc_produces_nothing if {
	count(net_009.deny) == 0 with input as {"aws": {"vpcs": {"vpc-ok": vpc("vpc-ok")}, "vpc_endpoints": full("vpc-ok")}}
}

test_vpc_endpoints_parameter_adds_sts_and_ssm if {
	# document 001 also requires STS and SSM
	specs := array.concat(data.archcheck.params.prod.vpc_endpoints, [{"service": "sts", "type": "Interface"}, {"service": "ssm"}])
	inp := {"aws": {"vpcs": {"vpc-ok": vpc("vpc-ok")}, "vpc_endpoints": object.union(full("vpc-ok"), {"ssm-gw": endpoint("vpc-ok", "ssm", "Gateway")})}}
	fs := net_009.deny with input as inp with data.archcheck.params.prod.vpc_endpoints as specs
	{f.message | some f in fs} == {sprintf("VPC vpc-ok (vpc-ok-name) lacks required VPC endpoints: sts (Interface); environment prod requires endpoints for %s, sts (Interface), ssm", [required])}
}

test_type_is_compared_without_case if {
	inp := {"aws": {"vpcs": {"v": vpc("v")}, "vpc_endpoints": {"e": endpoint("v", "s3", "gateway")}}}
	count(net_009.deny) == 0 with input as inp with data.archcheck.params.prod.vpc_endpoints as [{"service": "s3", "type": "Gateway"}]
}
