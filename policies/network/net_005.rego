# NET-005: no database and no EKS node sits in a public subnet.
#
# Judged, each as its own finding:
# - RDS DB instances: the subnets of their DB subnet group (the instance's
#   db_subnet_group_id, else its Aurora cluster's). RDS may place or fail an
#   instance over into any subnet of the group, so one public subnet fails.
# - EKS managed node groups: their subnet_ids.
# - EC2 instances tagged `eks:cluster-name` or `karpenter.sh/nodepool`
#   (nodes of any kind, Karpenter's among them): their subnet_id. Terminated
#   and shutting-down instances are skipped.
# - EKS clusters: every subnet of their vpc_config (where the control-plane
#   ENIs go) must be an app subnet; a public or data subnet fails.
# A subnet's tier counts whatever its tier_source. The DB subnet groups
# themselves are judged by DB-005, not here.
#
# metadata.judges is aws.rds_instances (the first and most critical kind);
# findings also name node groups, instances and clusters.
#
# Not evaluated: a database whose DB subnet group is not known or not in the
# input; a resource none of whose subnets is known to fail but one of whose
# subnets has no tier yet (a plan). Subnets not in the input are skipped.
package archcheck.rules.network.net_005

import data.archcheck.lib
import rego.v1

metadata := {
	"id": "NET-005",
	"title": "No database or EKS node in a public subnet",
	"severity": "critical",
	"description": "No RDS database instance (through its DB subnet group) and no EKS node (managed node group subnets, and instances tagged eks:cluster-name or karpenter.sh/nodepool) sits in a public subnet, and an EKS cluster's own subnets (vpc_config) are all app subnets. A database or node in a public subnet is one security-group or public-IP mistake away from the internet.",
	"remediation": "Move the database to a DB subnet group of data subnets only, run node groups and Karpenter NodePools (subnetSelectorTerms) in app subnets only, and give the EKS cluster app subnets only in its vpc_config.",
	"architecture": {
		"sections": ["000 §2.1", "001 §6", "003 §2", "004 §3.1"],
		"quote": "Databases reside in isolated subnets with no route to the internet.",
	},
	"parameters": [],
	"inputs": ["aws.rds_instances", "aws.rds_clusters", "aws.db_subnet_groups", "aws.eks_node_groups", "aws.ec2_instances", "aws.eks_clusters", "aws.subnets"],
	"judges": "aws.rds_instances",
}

node_tags := {"eks:cluster-name", "karpenter.sh/nodepool"}

gone_states := {"terminated", "shutting-down"}

has_tier(subnet) if subnet.tier in {"public", "app", "data"}

# The known subnets among ids, by tier test.
public_subnets(ids) := {s | some id in ids; s := input.aws.subnets[id]; s.tier == "public"}

non_app_subnets(ids) := {s | some id in ids; s := input.aws.subnets[id]; has_tier(s); s.tier != "app"}

untiered_subnets(ids) := {s | some id in ids; s := input.aws.subnets[id]; not has_tier(s)}

# "subnet subnet-1 (pub-a)", "subnets subnet-1 (pub-a), subnet-2".
subnets_text(subnets) := sprintf("subnet %s", [labels(subnets)]) if count(subnets) == 1
else := sprintf("subnets %s", [labels(subnets)])

labels(subnets) := concat(", ", sort([lib.label(s) | some s in subnets]))

# "subnet-1 (data tier), subnet-2 (public tier)".
tiered_labels(subnets) := concat(", ", sort([sprintf("%s (%s tier)", [lib.label(s), s.tier]) | some s in subnets]))

untiered_reason(subnets) := sprintf("the tier of %s is not known", [subnets_text(subnets)])

# --- RDS instances ---

db_group_id(db) := db.db_subnet_group_id if {
	is_string(db.db_subnet_group_id)
	db.db_subnet_group_id != ""
} else := input.aws.rds_clusters[db.cluster_id].db_subnet_group_id if {
	is_string(input.aws.rds_clusters[db.cluster_id].db_subnet_group_id)
	input.aws.rds_clusters[db.cluster_id].db_subnet_group_id != ""
}

db_group(db) := input.aws.db_subnet_groups[db_group_id(db)]

# RDS instance id -> the id of its DB subnet group, each computed once.
db_group_ids := {id: group_id | some id, db in input.aws.rds_instances; group_id := db_group_id(db)}

# IDs of the DB subnet groups with a public or untiered subnet (risky_subnets):
# only their databases are looked at further.
risky_groups := {group_id |
	subnet_class := risky_subnets
	some group_id, group in input.aws.db_subnet_groups
	some id in group.subnet_ids
	subnet_class[id]
}

deny contains lib.finding(db, msg) if {
	some id, group_id in db_group_ids
	risky_groups[group_id]
	db := input.aws.rds_instances[id]
	group := input.aws.db_subnet_groups[group_id]
	public := public_subnets(group.subnet_ids)
	count(public) > 0
	msg := sprintf("%s uses DB subnet group %s, which includes public %s; databases must never sit in a public subnet", [
		lib.rds_instance_label(db), lib.label(group), subnets_text(public),
	])
}

not_evaluated contains lib.not_evaluated(db, "its DB subnet group is not known") if {
	some id, db in input.aws.rds_instances
	not db_group_ids[id]
}

not_evaluated contains lib.not_evaluated(db, sprintf("its DB subnet group %s is not in the input", [group_id])) if {
	some id, group_id in db_group_ids
	not input.aws.db_subnet_groups[group_id]
	db := input.aws.rds_instances[id]
}

not_evaluated contains lib.not_evaluated(db, untiered_reason(untiered)) if {
	some id, group_id in db_group_ids
	risky_groups[group_id]
	db := input.aws.rds_instances[id]
	group := input.aws.db_subnet_groups[group_id]
	count(public_subnets(group.subnet_ids)) == 0
	untiered := untiered_subnets(group.subnet_ids)
	count(untiered) > 0
}

# --- EKS managed node groups ---

deny contains lib.finding(ng, msg) if {
	some ng in input.aws.eks_node_groups
	public := public_subnets(ng.subnet_ids)
	count(public) > 0
	msg := sprintf("EKS node group %s launches nodes in public %s; EKS nodes must never sit in a public subnet", [
		lib.label(ng), subnets_text(public),
	])
}

not_evaluated contains lib.not_evaluated(ng, untiered_reason(untiered)) if {
	some ng in input.aws.eks_node_groups
	count(public_subnets(ng.subnet_ids)) == 0
	untiered := untiered_subnets(ng.subnet_ids)
	count(untiered) > 0
}

# --- EC2 instances that are EKS nodes ---

# Instances are the largest collection of most snapshots, so they get one
# pass with no function call: subnets a node must not sit in ("public") or
# whose tier is not known ("untiered") are looked up by id, and only the
# few instances in such subnets are looked at further.
risky_subnets := object.union(
	{id: "public" | some id, subnet in input.aws.subnets; subnet.tier == "public"},
	{id: "untiered" | some id, subnet in input.aws.subnets; not subnet.tier in {"public", "app", "data"}},
)

# [instance id, "public" | "untiered"] for node instances in risky subnets.
risky_nodes := {[id, class] |
	subnet_class := risky_subnets
	some id, instance in input.aws.ec2_instances
	class := subnet_class[instance.subnet_id]
	some tag in node_tags
	instance.tags[tag]
	not object.get(instance, "state", "") in gone_states
}

deny contains lib.finding(instance, msg) if {
	some [id, "public"] in risky_nodes
	instance := input.aws.ec2_instances[id]
	msg := sprintf("EKS node instance %s%s sits in public subnet %s; EKS nodes must never sit in a public subnet", [
		lib.label(instance), node_owner(instance), lib.label(input.aws.subnets[instance.subnet_id]),
	])
}

not_evaluated contains lib.not_evaluated(instance, untiered_reason({input.aws.subnets[instance.subnet_id]})) if {
	some [id, "untiered"] in risky_nodes
	instance := input.aws.ec2_instances[id]
}

# " (cluster prod, NodePool default)", for messages.
node_owner(instance) := sprintf(" (%s)", [concat(", ", parts)]) if {
	parts := [sprintf("%s %s", [word, instance.tags[tag]]) |
		some [tag, word] in [["eks:cluster-name", "cluster"], ["karpenter.sh/nodepool", "NodePool"]]
		instance.tags[tag]
	]
	count(parts) > 0
} else := ""

# --- EKS clusters ---

deny contains lib.finding(cluster, msg) if {
	some cluster in input.aws.eks_clusters
	wrong := non_app_subnets(cluster.subnet_ids)
	count(wrong) > 0
	msg := sprintf("EKS cluster %s has non-app subnets in its vpc_config: %s; an EKS cluster's own subnets must be app subnets", [
		lib.label(cluster), tiered_labels(wrong),
	])
}

not_evaluated contains lib.not_evaluated(cluster, untiered_reason(untiered)) if {
	some cluster in input.aws.eks_clusters
	count(non_app_subnets(cluster.subnet_ids)) == 0
	untiered := untiered_subnets(cluster.subnet_ids)
	count(untiered) > 0
}
