# NET-001: every tier of a VPC spans at least N availability zones.
#
# For every VPC other than a default VPC, the public, app and data tiers each
# have subnets in at least `az_count` distinct AZs. AZs are counted by AZ ID
# (`use1-az1`, the same physical zone in every account), falling back to the
# AZ name where a subnet has no AZ ID. Every subnet counts whatever its
# tier_source: an inferred tier is still the tier the subnet serves. One
# finding per VPC names each tier that falls short and the AZs found.
#
# Where the architecture has no data tier (`data_tier: false`, document
# 002: databases share the private subnets), only public and app count.
#
# Where controls.md is silent:
# - A VPC with no subnets of a tier at all falls short for that tier (0 AZs).
# - A subnet whose AZ a plan does not know yet may add a zone: a tier that
#   falls short on known AZs but would reach N if every such subnet were in a
#   new AZ is reported as not evaluated (the VPC fails only on tiers that
#   fall short whatever those AZs turn out to be).
package archcheck.rules.network.net_001

import data.archcheck.lib
import rego.v1

metadata := {
	"id": "NET-001",
	"title": "Every subnet tier spans enough availability zones",
	"severity": "high",
	"description": "In every VPC (default VPCs excluded) the public, app and data tiers each have subnets in at least az_count distinct availability zones, counted by AZ ID so the same physical zone is not counted twice. A tier confined to fewer zones loses its load balancers, nodes or databases when one zone fails.",
	"remediation": "Create subnets of the short tier in further availability zones (one subnet per tier per AZ), tagged with their tier, and spread load balancers, node groups and DB subnet groups over them.",
	"architecture": {
		"sections": ["000 §2.1", "001 §3", "003 §2", "004 §2.1"],
		"quote": "Subnet Layout (per VPC, across 3 Availability Zones)",
	},
	"parameters": ["az_count", "data_tier"],
	"inputs": ["aws.vpcs", "aws.subnets"],
	"judges": "aws.vpcs",
}

tiers := ["public", "app", "data"]

# The AZ a subnet is counted in: its AZ ID, else its AZ name.
zone(subnet) := subnet.availability_zone_id if {
	is_string(subnet.availability_zone_id)
	subnet.availability_zone_id != ""
} else := subnet.availability_zone if {
	is_string(subnet.availability_zone)
	subnet.availability_zone != ""
} else := ["unknown", subnet.id]

# vpc id -> tier -> the AZs holding a subnet of that tier, with
# ["unknown", subnet id] for each subnet whose AZ a plan does not know
# (one pass over the subnets).
zones[subnet.vpc_id][subnet.tier] contains zone(subnet) if {
	some subnet in input.aws.subnets
}

# The same, defined when empty (a ref-head rule with no members is undefined).
zone_map := m if m := zones
else := {}

# vpc id -> the required count, and per tier (in `tiers` order) the AZs
# found and the number of subnets of unknown AZ. Computed once per VPC.
tallies := {vpc.id: {"vpc": vpc, "n": n, "data_tier": p.data_tier, "azs": azs, "known": known, "unknown": unknown} |
	some vpc in input.aws.vpcs
	not vpc.is_default
	p := lib.params(vpc)
	n := p.az_count
	by_tier := object.get(zone_map, vpc.id, {})
	azs := [{z | some z in object.get(by_tier, tier, set()); is_string(z)} | some tier in tiers]
	known := [count(a) | some a in azs]
	unknown := [n_unknown | some i, tier in tiers; n_unknown := count(object.get(by_tier, tier, set())) - known[i]]
}

# "app tier in 2 AZs (use1-az1, use1-az2)", "data tier in no AZ".
describe(tier, azs) := sprintf("%s tier in no AZ", [tier]) if {
	count(azs) == 0
} else := sprintf("%s tier in 1 AZ (%s)", [tier, concat(", ", sort(azs))]) if {
	count(azs) == 1
} else := sprintf("%s tier in %d AZs (%s)", [tier, count(azs), concat(", ", sort(azs))])

# The tier at index i is required in this VPC (data only with `data_tier`).
required(t, i) if tiers[i] != "data"

required(t, i) if t.data_tier

tier_names(t) := "public, app and data" if t.data_tier
else := "public and app"

# Short whatever the unknown AZs turn out to be.
short(t, i) if {
	t.known[i] + t.unknown[i] < t.n
	required(t, i)
}

deny contains lib.finding(t.vpc, msg) if {
	some t in tallies
	some i, _ in tiers
	short(t, i)
	shorts := [describe(tier, t.azs[j]) | some j, tier in tiers; short(t, j)]
	msg := sprintf("VPC %s has too few AZs per tier: %s; each of the %s tiers must have subnets in at least %d AZs (counted by AZ ID)", [
		lib.label(t.vpc),
		concat("; ", shorts),
		tier_names(t),
		t.n,
	])
}

not_evaluated contains lib.not_evaluated(t.vpc, reason) if {
	some t in tallies
	some i, k in t.known
	k < t.n
	required(t, i)
	not any_short(t)
	# short on known AZs, but subnets of unknown AZ may make up the difference
	maybes := [sprintf("%s (%d subnets of unknown AZ)", [describe(tier, t.azs[j]), t.unknown[j]]) |
		some j, tier in tiers
		t.known[j] < t.n
		required(t, j)
	]
	reason := sprintf("the AZ of some subnets is not known, and the known AZs fall short of %d: %s", [t.n, concat("; ", maybes)])
}

any_short(t) if {
	some i, _ in tiers
	short(t, i)
}
