# LB-001: internet-facing load balancers sit only in public subnets, internal
# ones never do.
#
# Every subnet of an `internet-facing` load balancer must have the public
# tier; no subnet of an `internal` one may. Any tier source counts (a tier
# inferred from routes is exactly what matters here). Gateway load balancers
# are not judged (they have no scheme in this sense). Not evaluated: a scheme
# that is neither value (a plan that does not know it), a load balancer with
# no subnets in the input, and subnets missing from the input or without a
# tier (the other subnets are still judged).
package archcheck.rules.load_balancers.lb_001

import data.archcheck.lib
import rego.v1

metadata := {
	"id": "LB-001",
	"title": "Internet-facing load balancers only in public subnets, internal ones never",
	"severity": "high",
	"description": "An internet-facing load balancer has all its subnets in the public tier, so its nodes are reachable only where the architecture expects internet traffic; an internal load balancer has none of its subnets in the public tier.",
	"remediation": "Recreate the load balancer with the right subnets: public subnets for an internet-facing one (tag them kubernetes.io/role/elb for the AWS Load Balancer Controller), app subnets for an internal one (kubernetes.io/role/internal-elb).",
	"architecture": {
		"sections": ["000 §2.1", "001 §3", "003 §2"],
		"quote": "**3 Public Subnets** (one per AZ) for exposing public-facing services such as ALBs and optionally bastion hosts.",
	},
	"parameters": [],
	"inputs": ["aws.load_balancers", "aws.subnets"],
	"judges": "aws.load_balancers",
}

schemes := {"internet-facing", "internal"}

scheme_unknown(lb) := sprintf("its scheme %s is neither internet-facing nor internal", [lb.scheme]) if {
	object.get(lb, "scheme", "") != ""
} else := "its scheme (internet-facing or internal) is not known"

judged(lb) if object.get(lb, "lb_type", "") != "gateway"

lb_text(lb) := sprintf("%s load balancer %s (%s)", [lb.scheme, lib.label(lb), object.get(lb, "lb_type", "unknown type")])

deny contains lib.finding(lb, msg) if {
	some lb in input.aws.load_balancers
	judged(lb)
	lb.scheme == "internet-facing"
	some id in lb.subnet_ids
	subnet := input.aws.subnets[id]
	subnet.tier != "public"
	msg := sprintf("%s sits in %s; an internet-facing load balancer belongs only in public subnets", [lb_text(lb), lib.subnet_label(subnet)])
}

deny contains lib.finding(lb, msg) if {
	some lb in input.aws.load_balancers
	judged(lb)
	lb.scheme == "internal"
	some id in lb.subnet_ids
	subnet := input.aws.subnets[id]
	subnet.tier == "public"
	msg := sprintf("%s sits in %s; an internal load balancer never belongs in a public subnet", [lb_text(lb), lib.subnet_label(subnet)])
}

not_evaluated contains lib.not_evaluated(lb, reason) if {
	some lb in input.aws.load_balancers
	judged(lb)
	not object.get(lb, "scheme", "") in schemes
	reason := scheme_unknown(lb)
}

not_evaluated contains lib.not_evaluated(lb, "its subnets are not known") if {
	some lb in input.aws.load_balancers
	judged(lb)
	lb.scheme in schemes
	count(object.get(lb, "subnet_ids", [])) == 0
}

not_evaluated contains lib.not_evaluated(lb, reason) if {
	some lb in input.aws.load_balancers
	judged(lb)
	lb.scheme in schemes
	unknown := [id | some id in lb.subnet_ids; not input.aws.subnets[id].tier]
	count(unknown) > 0
	reason := sprintf("the tier of its subnets %s is not known (not in the input, or not classified)", [concat(", ", unknown)])
}
