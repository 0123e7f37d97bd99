# DB-001: databases are Multi-AZ.
#
# Where the environment's `multi_az` parameter holds: a standalone RDS
# instance (not an Aurora member, not a read replica) has MultiAZ on, and a
# DB cluster (Aurora, or a Multi-AZ DB cluster) has at least 2 instances in
# at least 2 distinct AZs. Read replicas are skipped (their source is
# judged), and so are replica clusters (`replication_source` set: the DR copy
# of a cluster judged in its own region). A cluster's instances are its
# `members` plus every instance whose `cluster_id` names it (a plan may not
# fill `members`); an instance's AZ is its member entry's, else the
# instance's own. With fewer than 2 instances the cluster fails; with 2 or
# more, at least 2 distinct known AZs pass; fewer than 2 distinct known AZs
# fail when every AZ is known and are not evaluated when a plan leaves some
# unknown. Every judged database has instances, so the control judges
# `aws.rds_instances` (pass counts only).
package archcheck.rules.database.db_001

import data.archcheck.lib
import rego.v1

metadata := {
	"id": "DB-001",
	"title": "Databases are Multi-AZ",
	"severity": "high",
	"description": "Where the environment requires Multi-AZ (prod by default), a standalone RDS instance has Multi-AZ on and an Aurora cluster has at least 2 instances in at least 2 Availability Zones, so the loss of one AZ fails over to a standby instead of taking the database down. Read replicas and cross-region replica clusters are not judged.",
	"remediation": "Turn Multi-AZ on for the RDS instance (modify-db-instance --multi-az, `multi_az = true` in Terraform); for an Aurora cluster add a reader instance in a different AZ than the writer (the reader is the failover target).",
	"architecture": {
		"sections": ["000 §4.1", "000 §4.2", "001 §6", "002 §10.2", "003 §4"],
		"quote": "Aurora Provisioned: db.r6g.large Multi-AZ + 1 read replica",
	},
	"parameters": ["multi_az"],
	"inputs": ["aws.rds_instances", "aws.rds_clusters"],
	"judges": "aws.rds_instances",
}

# Ids of instances naming each cluster in `cluster_id` (built once).
instances_by_cluster[cid] contains instance.id if {
	some instance in input.aws.rds_instances
	cid := object.get(instance, "cluster_id", "")
	not cid in {"", null}
}

judged_cluster(cluster) if {
	not lib.rds_replica_cluster(cluster)
	lib.params(cluster).multi_az
}

# Every instance of the cluster: its members and the instances pointing at it.
instance_ids(cluster) := {m.instance_id | some m in object.get(cluster, "members", [])} | object.get(instances_by_cluster, cluster.id, set())

# Instance id -> known AZ (the member entry's, else the instance's own).
known_azs(cluster, ids) := {id: az |
	member_az := {m.instance_id: m.availability_zone |
		some m in object.get(cluster, "members", [])
		lib.rds_has(m, "availability_zone")
	}
	some id in ids
	az := instance_az(member_az, id)
}

instance_az(member_az, id) := member_az[id]

instance_az(member_az, id) := input.aws.rds_instances[id].availability_zone if {
	not member_az[id]
	lib.rds_has(input.aws.rds_instances[id], "availability_zone")
}

# "prod-1 (us-east-1a), prod-2 (AZ unknown)"
instances_text(ids, azs) := concat(", ", sort([sprintf("%s (%s)", [lib.rds_ref_label(id), object.get(azs, id, "AZ unknown")]) |
	some id in ids
]))

requirement(db) := sprintf("the %s environment requires Multi-AZ databases (an Aurora cluster: at least 2 instances in at least 2 AZs)", [lib.env_of(db)])

deny contains lib.finding(instance, msg) if {
	some instance in input.aws.rds_instances
	not instance.multi_az
	lib.rds_standalone(instance)
	lib.params(instance).multi_az
	msg := sprintf("%s (%s) has Multi-AZ off: it runs in a single AZ with no standby; %s", [
		lib.rds_instance_label(instance),
		object.get(instance, "availability_zone", "AZ unknown"),
		requirement(instance),
	])
}

deny contains lib.finding(cluster, msg) if {
	some cluster in input.aws.rds_clusters
	judged_cluster(cluster)
	ids := instance_ids(cluster)
	msg := cluster_problem(cluster, ids, known_azs(cluster, ids))
}

not_evaluated contains lib.not_evaluated(cluster, reason) if {
	some cluster in input.aws.rds_clusters
	judged_cluster(cluster)
	ids := instance_ids(cluster)
	count(ids) >= 2
	azs := known_azs(cluster, ids)
	count(azs) < count(ids)
	count({az | some az in azs}) < 2
	reason := sprintf("%s has %d instances but the AZ of %d of them is not known (a plan): %s", [
		lib.rds_cluster_label(cluster),
		count(ids),
		count(ids) - count(azs),
		instances_text(ids, azs),
	])
}

# The finding's message when the cluster is not spread over 2 AZs.
cluster_problem(cluster, ids, azs) := sprintf("%s has no instances; %s", [
	lib.rds_cluster_label(cluster),
	requirement(cluster),
]) if {
	count(ids) == 0
} else := sprintf("%s has a single instance, %s; %s", [
	lib.rds_cluster_label(cluster),
	instances_text(ids, azs),
	requirement(cluster),
]) if {
	count(ids) == 1
} else := sprintf("%s has %d instances, all in one AZ: %s; %s", [
	lib.rds_cluster_label(cluster),
	count(ids),
	instances_text(ids, azs),
	requirement(cluster),
]) if {
	count(azs) == count(ids)
	count({az | some az in azs}) < 2
}
