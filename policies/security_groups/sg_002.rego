# SG-002: an app group admits only the traffic the architecture lists.
#
# Every source of every ingress rule of a group with the `app` role is judged
# on its own. Allowed:
# - the group itself (`self_reference`, or a reference to its own id), any
#   protocol and port;
# - an EKS control-plane group on TCP 443 and 10250 only. Control-plane
#   groups are the `cluster_security_group_id` of every EKS cluster in the
#   input and, as the control-plane ENIs carry them too, the cluster's
#   additional `security_group_ids`;
# - a group with the `alb` role on TCP `app_port` only, and also the NodePort
#   range 30000-32767 when `alb_target_type` is `instance`;
# - on a control-plane group itself, an `app` group (the nodes) on TCP 443:
#   nodes must reach the Kubernetes API (not in controls.md; without it no
#   working cluster passes).
# Everything else fails: any CIDR (IPv4 or IPv6, private or internet, on
# app_port or any other port), any prefix list, any other group (bastion,
# another app group, ...), protocol -1 or UDP from a control-plane or alb
# group. A referenced group that is not in the input (its role is unknown)
# is reported as not evaluated when its ports would be allowed for an alb or
# control-plane group, and fails otherwise.
package archcheck.rules.security_groups.sg_002

import data.archcheck.lib
import rego.v1

metadata := {
	"id": "SG-002",
	"title": "App security groups accept only the ALB, the EKS control plane and themselves",
	"severity": "high",
	"description": "A security group with the app role (EKS cluster, nodes, pods) admits only: itself (any port, pod-to-pod and node-to-node), the EKS cluster security group on TCP 443 and 10250, and alb groups on app_port (plus the NodePort range 30000-32767 when alb_target_type is instance). Any CIDR source, prefix list or other security group fails, whatever the port.",
	"remediation": "Replace CIDR and prefix-list sources with a reference to the load balancer's security group, limit the ALB reference to the application port and the control-plane reference to 443 and 10250, and reach nodes for administration through SSM Session Manager instead of an inbound rule.",
	"architecture": {
		"sections": ["000 §2.2", "001 §3", "004 §2.2"],
		"quote": "Inbound: 8080 from ALB security group (API traffic)",
	},
	"parameters": ["app_port", "alb_target_type"],
	"inputs": ["aws.security_groups", "aws.eks_clusters"],
	"judges": "aws.security_groups",
}

# Every EKS control-plane security group, precomputed once.
control_plane_groups := {g | some c in input.aws.eks_clusters; g := c.cluster_security_group_id} | {g | some c in input.aws.eks_clusters; some g in c.security_group_ids}

control_plane_ranges := {[443, 443], [10250, 10250]}

node_port_range := [30000, 32767]

# The port ranges alb groups may reach (disjoint, as lib.ports_within needs).
alb_ranges(sg) := {node_port_range} | {[p, p] | p := lib.params(sg).app_port; not in_node_ports(p)} if {
	lib.params(sg).alb_target_type == "instance"
} else := {[lib.params(sg).app_port, lib.params(sg).app_port]}

in_node_ports(p) if {
	node_port_range[0] <= p
	p <= node_port_range[1]
}

alb_ports_text(sg) := sprintf("%d-%d", node_port_range) if {
	lib.params(sg).alb_target_type == "instance"
	in_node_ports(lib.params(sg).app_port)
} else := sprintf("%d and %d-%d", [lib.params(sg).app_port, node_port_range[0], node_port_range[1]]) if {
	lib.params(sg).alb_target_type == "instance"
} else := sprintf("%d", [lib.params(sg).app_port])

tcp_within(rule, ranges) if {
	rule.protocol in {"tcp", "6"}
	lib.ports_within(rule, ranges)
}

# A referenced group is an allowed source for this rule (an else chain, so
# the first match ends the evaluation).
group_allowed(sg, rule, ref) if {
	ref.group_id == sg.id
} else := true if {
	ref.group_id in control_plane_groups
	tcp_within(rule, control_plane_ranges)
} else := true if {
	lib.has_role(input.aws.security_groups[ref.group_id], "alb")
	tcp_within(rule, alb_ranges(sg))
} else := true if {
	sg.id in control_plane_groups
	lib.has_role(input.aws.security_groups[ref.group_id], "app")
	tcp_within(rule, {[443, 443]})
}

# A group outside the input whose ports would suit an alb or control-plane group.
group_unknown(sg, rule, ref) if {
	not input.aws.security_groups[ref.group_id]
	not ref.group_id in control_plane_groups
	ports_suit_some_allowed_group(sg, rule)
}

ports_suit_some_allowed_group(sg, rule) if tcp_within(rule, alb_ranges(sg))

ports_suit_some_allowed_group(_, rule) if tcp_within(rule, control_plane_ranges)

group_text(ref) := sprintf("%s (roles: %s)", [lib.sg_label(g), concat(", ", sort(object.get(g, "roles", [])))]) if {
	g := input.aws.security_groups[ref.group_id]
} else := sprintf("EKS cluster security group %s", [ref.group_id]) if {
	ref.group_id in control_plane_groups
} else := sprintf("security group %s (not in the input)", [ref.group_id])

# The sources of a rule that are not allowed, as text.
bad_sources(sg, rule) := {sprintf("CIDR %s", [c]) | some c in object.get(rule, "cidr_blocks", [])} | {sprintf("CIDR %s", [c]) | some c in object.get(rule, "ipv6_cidr_blocks", [])} | {sprintf("prefix list %s", [p]) | some p in object.get(rule, "prefix_list_ids", [])} | {group_text(ref) |
	some ref in object.get(rule, "groups", [])
	not group_allowed(sg, rule, ref)
	not group_unknown(sg, rule, ref)
}

requirement(sg) := sprintf("app groups accept only themselves, the EKS cluster security group on tcp 443 and 10250, and alb groups on tcp %s", [alb_ports_text(sg)])

# The rule may have a source that is not allowed (a cheap test before
# bad_sources builds its sets): a CIDR or a prefix list, or a referenced
# group neither allowed nor unknown.
suspicious(sg, rule) if {
	count(object.get(rule, "cidr_blocks", [])) > 0
} else := true if {
	count(object.get(rule, "ipv6_cidr_blocks", [])) > 0
} else := true if {
	count(object.get(rule, "prefix_list_ids", [])) > 0
} else := true if {
	some ref in object.get(rule, "groups", [])
	not group_allowed(sg, rule, ref)
	not group_unknown(sg, rule, ref)
}

deny contains lib.finding(sg, msg) if {
	some sg in input.aws.security_groups
	"app" in sg.roles # lib.has_role(sg, "app"), without a call per group
	some rule in sg.ingress
	suspicious(sg, rule)
	some source in bad_sources(sg, rule)
	msg := sprintf("%s admits %s from %s; %s", [lib.sg_label(sg), lib.ports_label(rule), source, requirement(sg)])
}

not_evaluated contains lib.not_evaluated(sg, reason) if {
	some sg in input.aws.security_groups
	"app" in sg.roles
	some rule in sg.ingress
	some ref in object.get(rule, "groups", [])
	group_unknown(sg, rule, ref)
	reason := sprintf("it admits %s from security group %s, which is not in the input, so whether that group is an alb or EKS control-plane group is unknown", [lib.ports_label(rule), ref.group_id])
}
