# NET-002: every subnet's tier is declared by a tag or its name.
#
# The tier of a subnet must come from a tag (`tier`, `Tier`, `subnet-tier`,
# or the `kubernetes.io/role/*elb` tags) or from its Name. A subnet whose
# tier the normaliser could only infer from its routes (tier_source
# `routes`), or which has no tier at all (a plan whose routing is not known
# yet), fails: the routing controls (NET-003, NET-004) cannot judge such a
# subnet, because an inferred tier cannot contradict its own routes.
#
# Where controls.md is silent: subnets of default VPCs are judged too
# (controls.md excludes default VPCs only from NET-001, 007, 008 and 009).
package archcheck.rules.network.net_002

import data.archcheck.lib
import rego.v1

metadata := {
	"id": "NET-002",
	"title": "Every subnet declares its tier by a tag or its name",
	"severity": "low",
	"description": "Every subnet's tier (public, app or data) comes from a tag or from its Name, not only from routing. A tier inferred from the routes cannot be checked against those same routes, so a data subnet that gained an internet route would silently become 'public' instead of failing NET-003.",
	"remediation": "Tag the subnet with tier=public, tier=app or tier=data (or name it with one of the tier words, e.g. prod-private-data-a).",
	"architecture": {
		"sections": ["000 §2.1", "003 §2"],
		"quote": "Each subnet type is clearly segmented by function and exposure level",
	},
	"parameters": [],
	"inputs": ["aws.subnets"],
	"judges": "aws.subnets",
}

has_tier(subnet) if subnet.tier in {"public", "app", "data"}

deny contains lib.finding(subnet, msg) if {
	some subnet in input.aws.subnets
	has_tier(subnet)
	subnet.tier_source == "routes"
	msg := sprintf("%s has its tier only inferred from its routes; declare the tier with a tier tag (tier=public, app or data) or a tier word in its Name", [lib.subnet_label(subnet)])
}

deny contains lib.finding(subnet, msg) if {
	some subnet in input.aws.subnets
	not has_tier(subnet)
	msg := sprintf("%s has no tier: no tier tag, no tier word in its Name, and its routes are not known; declare the tier with a tier tag (tier=public, app or data) or a tier word in its Name", [lib.subnet_label(subnet)])
}
