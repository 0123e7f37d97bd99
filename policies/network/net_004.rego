# NET-004: app subnets reach the internet only through a public NAT gateway.
#
# An app subnet's effective route table must have a 0.0.0.0/0 route, and it
# must go to a NAT gateway whose connectivity_type is `public` (never to an
# internet gateway or anything else); a ::/0 route, if any, may go only to an
# egress-only internet gateway. Where `nat_per_az` holds, the NAT gateway must
# sit in the subnet's own AZ (compared by AZ ID, else by AZ name), so that
# losing one AZ does not cut the others' egress. Only subnets whose tier
# comes from a tag or their name are judged (as in NET-003).
#
# Not evaluated: the effective route table is not known, or is not in the
# input; a default route whose target a plan does not know yet; a NAT
# gateway that is not in the input (its type and AZ cannot be read); with
# nat_per_az, a subnet or NAT gateway whose AZ is not known.
#
# Where controls.md is silent: a blackhole default route (its NAT gateway was
# deleted) fails, as the subnet has no working egress.
package archcheck.rules.network.net_004

import data.archcheck.lib
import rego.v1

metadata := {
	"id": "NET-004",
	"title": "App subnets egress through a public NAT gateway",
	"severity": "high",
	"description": "An app-tier subnet's route table sends 0.0.0.0/0 to a public NAT gateway, never to an internet gateway (which would make its instances reachable once they get a public IP); a ::/0 route may only go to an egress-only internet gateway. With nat_per_az, each app subnet uses the NAT gateway of its own AZ so that an AZ outage does not cut egress elsewhere.",
	"remediation": "Point the app subnets' 0.0.0.0/0 route at a public NAT gateway in the same AZ (one NAT gateway and one route table per AZ), and their ::/0 route at an egress-only internet gateway.",
	"architecture": {
		"sections": ["000 §2.1", "001 §3", "003 §2", "004 §2.1"],
		"quote": "Private-App subnets → NAT Gateway (for package downloads, API calls)",
	},
	"parameters": ["nat_per_az"],
	"inputs": ["aws.subnets", "aws.route_tables", "aws.nat_gateways"],
	"judges": "aws.subnets",
}

required := "app subnets must send 0.0.0.0/0 to a public NAT gateway"

judged(subnet) if {
	subnet.tier == "app"
	subnet.tier_source in {"tag", "name"}
}

# Judged app subnet id -> its route table (one pass over the subnets, id
# lookups), then each one's 0.0.0.0/0 and ::/0 routes. Every rule below
# iterates these, never the subnets again.
routed := {id: rt |
	some id, subnet in input.aws.subnets
	subnet.tier == "app"
	subnet.tier_source in {"tag", "name"}
	rt := input.aws.route_tables[subnet.route_table_id]
}

# (AWS allows one route per destination; a hand-written input with two
# keeps the first, rather than failing the evaluation on a key conflict.)
default4 := {id: routes[0] |
	some id, rt in routed
	routes := [route | some route in rt.routes; route.destination_cidr_block == "0.0.0.0/0"]
	count(routes) > 0
}

default6 := {id: routes[0] |
	some id, rt in routed
	routes := [route | some route in rt.routes; route.destination_ipv6_cidr_block == "::/0"]
	count(routes) > 0
}

# Subnet id -> the NAT gateway its working 0.0.0.0/0 route goes to, when
# that NAT gateway is in the input.
nat_of := {id: nat |
	some id, route in default4
	route.target_kind == "nat"
	not route.state == "blackhole"
	nat := input.aws.nat_gateways[route.target_id]
}

# How a route's target is named in messages: its label when the gateway is
# in the input (read only for naming: not an input of the control), else
# the route's target_id.
target_text(route) := sprintf("internet gateway %s", [target_label(route, "internet_gateways")]) if route.target_kind == "igw"
else := sprintf("egress-only internet gateway %s", [target_label(route, "egress_only_internet_gateways")]) if route.target_kind == "egress-only"
else := sprintf("%s %s", [route.target_kind, route.target_id])

target_label(route, collection) := lib.label(gateway) if {
	gateway := input.aws[collection][route.target_id]
} else := route.target_id

igw_note(route) := ", never to an internet gateway" if route.target_kind == "igw"
else := ""

non_empty(s) if {
	is_string(s)
	s != ""
}

# The AZs of the subnet and the NAT gateway, as a comparable pair:
# by AZ ID when both are known, else by AZ name.
zones(subnet, nat) := [subnet.availability_zone_id, nat.availability_zone_id] if {
	non_empty(subnet.availability_zone_id)
	non_empty(nat.availability_zone_id)
} else := [subnet.availability_zone, nat_subnet.availability_zone] if {
	nat_subnet := input.aws.subnets[nat.subnet_id]
	non_empty(subnet.availability_zone)
	non_empty(nat_subnet.availability_zone)
}

# Findings are keyed by what they are about, as a subnet can have one
# finding about each of its 0.0.0.0/0 route, its NAT gateway's AZ and its
# ::/0 route.
deny contains lib.finding_key(subnet, "0.0.0.0/0", msg) if {
	some id, rt in routed
	not default4[id]
	subnet := input.aws.subnets[id]
	msg := sprintf("%s has no 0.0.0.0/0 route in route table %s; %s", [lib.subnet_label(subnet), lib.label(rt), required])
}

deny contains lib.finding_key(subnet, "0.0.0.0/0", msg) if {
	some id, route in default4
	not route.target_kind in {"nat", "unknown"}
	subnet := input.aws.subnets[id]
	msg := sprintf("%s routes 0.0.0.0/0 to %s via route table %s; %s%s", [
		lib.subnet_label(subnet), target_text(route), lib.label(routed[id]), required, igw_note(route),
	])
}

deny contains lib.finding_key(subnet, "0.0.0.0/0", msg) if {
	some id, route in default4
	route.target_kind == "nat"
	route.state == "blackhole"
	subnet := input.aws.subnets[id]
	msg := sprintf("%s routes 0.0.0.0/0 to NAT gateway %s via route table %s, but the route is a blackhole (the NAT gateway is gone); %s", [
		lib.subnet_label(subnet), route.target_id, lib.label(routed[id]), required,
	])
}

deny contains lib.finding_key(subnet, "0.0.0.0/0", msg) if {
	some id, nat in nat_of
	nat.connectivity_type != "public"
	subnet := input.aws.subnets[id]
	msg := sprintf("%s routes 0.0.0.0/0 to NAT gateway %s via route table %s, whose connectivity type is %s; %s", [
		lib.subnet_label(subnet), lib.label(nat), lib.label(routed[id]), nat.connectivity_type, required,
	])
}

deny contains lib.finding_key(subnet, "nat-az", msg) if {
	some id, nat in nat_of
	subnet := input.aws.subnets[id]
	lib.params(subnet).nat_per_az
	[own, nat_zone] := zones(subnet, nat)
	own != nat_zone
	msg := sprintf("%s routes 0.0.0.0/0 to NAT gateway %s in %s via route table %s; with nat_per_az each app subnet must use a NAT gateway in its own AZ (%s)", [
		lib.subnet_label(subnet), lib.label(nat), nat_zone, lib.label(routed[id]), own,
	])
}

deny contains lib.finding_key(subnet, "::/0", msg) if {
	some id, route in default6
	not route.target_kind in {"egress-only", "unknown"}
	subnet := input.aws.subnets[id]
	msg := sprintf("%s routes ::/0 to %s via route table %s; app subnets may send ::/0 only to an egress-only internet gateway", [
		lib.subnet_label(subnet), target_text(route), lib.label(routed[id]),
	])
}

not_evaluated contains lib.not_evaluated(subnet, "its effective route table is not known (no explicit association and no main route table in the input)") if {
	some subnet in input.aws.subnets
	subnet.route_table_source == "unknown"
	judged(subnet)
}

not_evaluated contains lib.not_evaluated(subnet, sprintf("its route table %s is not in the input", [subnet.route_table_id])) if {
	some subnet in input.aws.subnets
	judged(subnet)
	not routed[subnet.id]
	subnet.route_table_source != "unknown"
}

not_evaluated contains lib.not_evaluated(subnet, reason) if {
	some routes in [default4, default6]
	some id, route in routes
	route.target_kind == "unknown"
	subnet := input.aws.subnets[id]
	reason := sprintf("the target of its %s route in route table %s is not known yet", [lib.route_destination(route), lib.label(routed[id])])
}

not_evaluated contains lib.not_evaluated(subnet, reason) if {
	some id, route in default4
	route.target_kind == "nat"
	not route.state == "blackhole"
	not nat_of[id]
	subnet := input.aws.subnets[id]
	reason := sprintf("its 0.0.0.0/0 route goes to NAT gateway %s, which is not in the input (its connectivity type and AZ cannot be checked)", [route.target_id])
}

not_evaluated contains lib.not_evaluated(subnet, reason) if {
	some id, nat in nat_of
	subnet := input.aws.subnets[id]
	lib.params(subnet).nat_per_az
	not zones(subnet, nat)
	reason := sprintf("nat_per_az: the AZ of the subnet or of NAT gateway %s is not known", [lib.label(nat)])
}
