# NET-003: data subnets have no route to the internet.
#
# A data subnet's effective route table must have no route for 0.0.0.0/0 or
# ::/0 (to any target), and no route of any prefix to an internet gateway,
# egress-only internet gateway or NAT gateway. Only subnets whose tier comes
# from a tag or their name are judged: a tier inferred from routing cannot
# contradict its own routes.
package archcheck.rules.network.net_003

import data.archcheck.lib
import rego.v1

metadata := {
	"id": "NET-003",
	"title": "Data subnets have no route to the internet",
	"severity": "critical",
	"description": "A data-tier subnet's route table has no default route (0.0.0.0/0 or ::/0) to any target and no route of any prefix to an internet gateway, egress-only internet gateway or NAT gateway. Databases reach AWS services through VPC endpoints only.",
	"remediation": "Remove the route from the data subnets' route table (or associate the subnets with a route table that has only the local route and VPC endpoint routes).",
	"architecture": {
		"sections": ["000 §2.1", "001 §3", "003 §2", "004 §2"],
		"quote": "Private-Data subnets → No default route; VPC endpoints for AWS services",
	},
	"parameters": [],
	"inputs": ["aws.subnets", "aws.route_tables"],
	"judges": "aws.subnets",
}

internet_targets := {"igw", "egress-only", "nat"}

judged(subnet) if {
	subnet.tier == "data"
	subnet.tier_source in {"tag", "name"}
}

offending(route) if lib.is_default_route(route)

offending(route) if route.target_kind in internet_targets

deny contains lib.finding(subnet, msg) if {
	some subnet in input.aws.subnets
	judged(subnet)
	rt := input.aws.route_tables[subnet.route_table_id]
	some route in rt.routes
	offending(route)
	msg := sprintf("%s routes %s to %s %s via route table %s; data subnets must have no internet route", [
		lib.subnet_label(subnet),
		lib.route_destination(route),
		route.target_kind,
		lib.route_target_label(route),
		lib.label(rt),
	])
}

not_evaluated contains lib.not_evaluated(subnet, "its effective route table is not known (no explicit association and no main route table in the input)") if {
	some subnet in input.aws.subnets
	judged(subnet)
	subnet.route_table_source == "unknown"
}
