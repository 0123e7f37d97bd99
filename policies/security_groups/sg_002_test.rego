package archcheck.rules.security_groups.sg_002_test

import data.archcheck.rules.security_groups.sg_002
import rego.v1

sg(id, roles, ingress) := {
	"id": id, "native_id": id, "group_name": concat("", [id, "-sg"]), "vpc_id": "vpc-1",
	"account_id": "111111111111", "environment": "prod",
	"roles": roles, "role_source": "attachment", "ingress": ingress, "egress": [],
}

tcp(from, to, source) := object.union({"protocol": "tcp", "from_port": from, "to_port": to}, source)

all_traffic(source) := object.union({"protocol": "-1"}, source)

from_group(id) := {"groups": [{"group_id": id}]}

from_self := {"self_reference": true}

# 000 §2.2: nodes accept 8080 from the ALB group, 443 and 10250 from the
# control plane, everything from themselves; the control plane accepts 443
# from the nodes.
reference_groups := {
	"sg-alb": sg("sg-alb", ["alb"], [tcp(443, 443, {"cidr_blocks": ["0.0.0.0/0"], "internet_cidrs": ["0.0.0.0/0"]})]),
	"sg-nodes": sg("sg-nodes", ["app"], [
		tcp(8080, 8080, from_group("sg-alb")),
		tcp(443, 443, from_group("sg-cluster")),
		tcp(10250, 10250, from_group("sg-cluster")),
		all_traffic(from_self),
	]),
	"sg-cluster": sg("sg-cluster", ["app"], [all_traffic(from_self), tcp(443, 443, from_group("sg-nodes"))]),
	"sg-bastion": sg("sg-bastion", ["bastion"], [tcp(22, 22, {"cidr_blocks": ["10.0.0.0/8"]})]),
}

clusters := {"eks-1": {"id": "eks-1", "native_id": "prod", "cluster_security_group_id": "sg-cluster", "security_group_ids": []}}

reference := {"aws": {"security_groups": reference_groups, "eks_clusters": clusters}}

mixed := {"aws": {"eks_clusters": clusters, "security_groups": object.union(reference_groups, {
	"app-cidr": sg("app-cidr", ["app"], [tcp(8080, 8080, {"cidr_blocks": ["10.10.0.0/16"]})]),
	"app-cidr6": sg("app-cidr6", ["app"], [tcp(8080, 8080, {"ipv6_cidr_blocks": ["fd00::/8"]})]),
	"app-cidr-22": sg("app-cidr-22", ["app"], [tcp(22, 22, {"cidr_blocks": ["10.0.0.0/8"]})]),
	"app-pl": sg("app-pl", ["app"], [tcp(8080, 8080, {"prefix_list_ids": ["pl-123"]})]),
	"app-bastion": sg("app-bastion", ["app"], [tcp(22, 22, from_group("sg-bastion"))]),
	"app-alb-wide": sg("app-alb-wide", ["app"], [tcp(0, 65535, from_group("sg-alb"))]),
	"app-nodeport": sg("app-nodeport", ["app"], [tcp(30000, 32767, from_group("sg-alb")), tcp(8080, 8080, from_group("sg-alb"))]),
	"app-cp-all": sg("app-cp-all", ["app"], [all_traffic(from_group("sg-cluster"))]),
	"app-9000": sg("app-9000", ["app"], [tcp(9000, 9000, from_group("sg-alb"))]),
	"app-unknown": sg("app-unknown", ["app"], [tcp(8080, 8080, from_group("sg-elsewhere"))]),
	"app-unknown-22": sg("app-unknown-22", ["app"], [tcp(22, 22, from_group("sg-elsewhere"))]),
	"other-cidr": sg("other-cidr", ["other"], [tcp(8080, 8080, {"cidr_blocks": ["10.0.0.0/8"]})]),
})}}

test_exactly_the_app_groups_with_other_sources_fail if {
	ids := {f.resource | some f in sg_002.deny with input as mixed}
	ids == {"app-cidr", "app-cidr6", "app-cidr-22", "app-pl", "app-bastion", "app-alb-wide", "app-nodeport", "app-cp-all", "app-9000", "app-unknown-22"}
}

test_message_for_a_cidr_source if {
	some f in sg_002.deny with input as mixed
	f.resource == "app-cidr"
	f.message == "security group app-cidr (app-cidr-sg) admits tcp port 8080 from CIDR 10.10.0.0/16; app groups accept only themselves, the EKS cluster security group on tcp 443 and 10250, and alb groups on tcp 8080"
}

test_message_for_a_group_source if {
	some f in sg_002.deny with input as mixed
	f.resource == "app-bastion"
	f.message == "security group app-bastion (app-bastion-sg) admits tcp port 22 from security group sg-bastion (sg-bastion-sg) (roles: bastion); app groups accept only themselves, the EKS cluster security group on tcp 443 and 10250, and alb groups on tcp 8080"
}

test_compliant_reference_architecture_produces_nothing if {
	count(sg_002.deny) == 0 with input as reference
	count(sg_002.not_evaluated) == 0 with input as reference
}

test_additional_control_plane_groups_count if {
	c := {"eks-1": object.union(clusters["eks-1"], {"cluster_security_group_id": "sg-eks-made", "security_group_ids": ["sg-cluster"]})}
	count(sg_002.deny) == 0 with input as {"aws": {"security_groups": reference_groups, "eks_clusters": c}}
}

test_without_the_cluster_the_control_plane_rules_fail if {
	ids := {f.resource | some f in sg_002.deny with input as {"aws": {"security_groups": reference_groups}}}
	ids == {"sg-nodes", "sg-cluster"}
}

test_instance_target_type_opens_the_node_port_range if {
	ids := {f.resource | some f in sg_002.deny with input as mixed with data.archcheck.params.prod.alb_target_type as "instance"}
	not "app-nodeport" in ids
	"app-alb-wide" in ids
	some f in sg_002.deny with input as mixed with data.archcheck.params.prod.alb_target_type as "instance"
	f.resource == "app-cidr"
	endswith(f.message, "and alb groups on tcp 8080 and 30000-32767")
}

test_app_port_parameter if {
	ids := {f.resource | some f in sg_002.deny with input as mixed with data.archcheck.params.prod.app_port as 9000}
	not "app-9000" in ids
	"app-nodeport" in ids
}

test_unknown_referenced_group_is_not_evaluated if {
	ne := sg_002.not_evaluated with input as mixed
	{n.resource | some n in ne} == {"app-unknown"}
	some n in ne
	n.reason == "it admits tcp port 8080 from security group sg-elsewhere, which is not in the input, so whether that group is an alb or EKS control-plane group is unknown"
}

test_app_port_inside_the_node_port_range if {
	g := sg("app-np", ["app"], [tcp(30000, 32767, from_group("sg-alb")), tcp(8080, 8080, from_group("sg-alb"))])
	snap := {"aws": {"security_groups": {"sg-alb": reference_groups["sg-alb"], "app-np": g}}}
	fs := sg_002.deny with input as snap with data.archcheck.params.prod.alb_target_type as "instance" with data.archcheck.params.prod.app_port as 30080
	{f.message | some f in fs} == {"security group app-np (app-np-sg) admits tcp port 8080 from security group sg-alb (sg-alb-sg) (roles: alb); app groups accept only themselves, the EKS cluster security group on tcp 443 and 10250, and alb groups on tcp 30000-32767"}
}
