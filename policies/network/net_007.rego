# NET-007: VPC CIDRs follow the plan and never overlap.
#
# For every VPC other than a default VPC:
# - when `vpc_cidrs` of its environment is non-empty, its primary CIDR block
#   must equal one of those CIDRs or lie inside one (decision: the planned
#   CIDRs are the address space reserved for the environment, so a VPC
#   carved out of it follows the plan; overlaps are caught below);
# - no IPv4 CIDR of it (primary or secondary) overlaps an IPv4 CIDR of
#   another VPC of the organisation (any account, any region). Each VPC of
#   an overlapping pair gets a finding naming the other.
# Default VPCs are excluded (they are all 172.31.0.0/16). IPv6 blocks are
# allocated by AWS and not compared.
#
# Where controls.md is silent: secondary CIDRs are not held to the plan,
# but are compared for overlap like the primary, except secondary CIDRs
# inside the shared address space 100.64.0.0/10: EKS custom networking
# reuses the same non-routable pod range (e.g. 100.64.0.0/16) in every VPC
# on purpose, and that is not an addressing conflict.
#
# Not evaluated: a VPC whose primary CIDR a plan does not know yet (IPAM).
package archcheck.rules.network.net_007

import data.archcheck.lib
import rego.v1

metadata := {
	"id": "NET-007",
	"title": "VPC CIDRs follow the plan and do not overlap",
	"severity": "medium",
	"description": "A VPC's CIDR block is the one planned for its environment (vpc_cidrs; equal to or inside a planned CIDR), and no two VPCs of the organisation overlap, in any account or region. Overlapping VPCs cannot be peered or connected through a transit gateway or VPN later without renumbering. With vpc_cidrs empty only the overlap is checked.",
	"remediation": "Create the VPC with its environment's planned CIDR (or update vpc_cidrs in the architecture file if the plan changed); renumber one of two overlapping VPCs, and allocate future CIDRs from an IPAM pool.",
	"architecture": {
		"sections": ["000 §2.1", "004 §2.1"],
		"quote": "VPC: 10.10.0.0/16 (prod-vpc)",
	},
	"parameters": ["vpc_cidrs"],
	"inputs": ["aws.vpcs"],
	"judges": "aws.vpcs",
}

judged_vpcs contains vpc if {
	some vpc in input.aws.vpcs
	not vpc.is_default
}

valid_ipv4(cidr) if {
	is_string(cidr)
	contains(cidr, ".")
	net.cidr_is_valid(cidr)
}

# [vpc id, cidr] for every compared IPv4 CIDR of a judged VPC.
vpc_cidrs contains [vpc.id, vpc.cidr_block] if {
	some vpc in judged_vpcs
	valid_ipv4(vpc.cidr_block)
}

vpc_cidrs contains [vpc.id, cidr] if {
	some vpc in judged_vpcs
	some cidr in object.get(vpc, "secondary_cidr_blocks", [])
	valid_ipv4(cidr)
	not net.cidr_contains("100.64.0.0/10", cidr)
}

# (The split is bound to a variable first: in regorus, indexing a call's
# result directly, `f(x)[1]`, costs far more than indexing a variable.)
prefix_len(cidr) := to_number(parts[1]) if {
	parts := split(cidr, "/")
}

# Overlap without comparing every pair of VPCs: AWS VPC CIDRs are /16 to
# /28, and two such CIDRs can only overlap when they lie in the same /16
# (the larger one contains the smaller), so CIDRs are bucketed by their
# first two octets and compared pairwise within a bucket only. A CIDR wider
# than /16 (impossible in AWS, possible in a hand-written snapshot) is
# compared with every CIDR; VPCs are few (well under 1,000), so even that
# pairwise path stays cheap.
bucket(cidr) := concat(".", array.slice(split(cidr, "."), 0, 2))

by_bucket[b] contains entry if {
	some entry in vpc_cidrs
	prefix_len(entry[1]) >= 16
	b := bucket(entry[1])
}

wide contains entry if {
	some entry in vpc_cidrs
	prefix_len(entry[1]) < 16
}

# [vpc id, its cidr, other vpc id, other cidr], in both directions.
overlaps contains [a, ac, b, bc] if {
	some members in by_bucket
	some [a, ac] in members
	some [b, bc] in members
	a != b
	net.cidr_intersects(ac, bc)
}

overlaps contains pair if {
	some [a, ac] in wide
	some [b, bc] in vpc_cidrs
	a != b
	net.cidr_intersects(ac, bc)
	some pair in [[a, ac, b, bc], [b, bc, a, ac]]
}

# " in 111111111111/us-east-1", to find the other VPC of a pair.
where(vpc) := sprintf(" in %s/%s", [vpc.account_id, vpc.region]) if {
	object.get(vpc, "account_id", "") != ""
	object.get(vpc, "region", "") != ""
} else := ""

deny contains lib.finding_key(vpc, sprintf("overlap %s %s %s", [cidr, other_id, other_cidr]), msg) if {
	some [id, cidr, other_id, other_cidr] in overlaps
	vpc := input.aws.vpcs[id]
	other := input.aws.vpcs[other_id]
	msg := sprintf("VPC %s CIDR %s overlaps VPC %s%s CIDR %s; no two VPCs of the organisation may overlap", [
		lib.label(vpc), cidr, lib.label(other), where(other), other_cidr,
	])
}

planned(cidr, plan) if {
	some p in plan
	net.cidr_contains(p, cidr)
}

deny contains lib.finding_key(vpc, "plan", msg) if {
	some vpc in judged_vpcs
	plan := lib.params(vpc).vpc_cidrs
	count(plan) > 0
	valid_ipv4(vpc.cidr_block)
	not planned(vpc.cidr_block, plan)
	msg := sprintf("VPC %s has CIDR %s, outside the CIDRs planned for environment %s (%s); a VPC's CIDR must be one of its environment's planned CIDRs or lie inside one", [
		lib.label(vpc), vpc.cidr_block, lib.env_of(vpc), concat(", ", plan),
	])
}

not_evaluated contains lib.not_evaluated(vpc, "its CIDR block is not known") if {
	some vpc in judged_vpcs
	object.get(vpc, "cidr_block", "") in {"", null}
}

not_evaluated contains lib.not_evaluated(vpc, sprintf("its CIDR block %v is not a valid IPv4 CIDR", [vpc.cidr_block])) if {
	some vpc in judged_vpcs
	not object.get(vpc, "cidr_block", "") in {"", null}
	not valid_ipv4(vpc.cidr_block)
}
