# DB-005: DB subnet groups span 2 AZs and hold only data subnets.
#
# Every DB subnet group that a database uses (an RDS instance or a DB
# cluster names it in `db_subnet_group_id`) has subnets in at least 2
# distinct AZs and holds only subnets of the data tier. Unused groups are
# not judged (AWS creates a `default` group in the default VPC that nothing
# may use). AZs are compared by AZ ID, falling back to the AZ name when a
# subnet has no ID. The tier is the normaliser's, whatever its source (a
# subnet inferred as data from its routes has no internet route, which is
# the point). Where the architecture has no data tier (`data_tier: false`,
# document 002: "Private Subnets (EKS nodes, databases)"), app subnets are
# allowed too. Not evaluated: a subnet of the group that is not in the
# snapshot (tier and AZ unknown); a subnet whose tier the normaliser could
# not decide (no tier tag or name, no known route table); the AZ part when
# a plan leaves some subnets' AZs unknown and the known ones are fewer than
# 2; a database whose subnet group is not in the snapshot, or that names
# none (AWS would then use the default VPC's default group).
package archcheck.rules.database.db_005

import data.archcheck.lib
import rego.v1

metadata := {
	"id": "DB-005",
	"title": "DB subnet groups span 2 AZs and hold only data subnets",
	"severity": "high",
	"description": "Every DB subnet group used by an RDS instance or Aurora cluster holds only data-tier subnets (no route to the internet, reachable only from the application tier) and spans at least 2 Availability Zones, which RDS needs to place a Multi-AZ standby or Aurora replicas in another AZ. A public or application subnet in the group lets RDS place a database there.",
	"remediation": "Edit the DB subnet group so that it lists only the VPC's data subnets, one in each AZ the architecture uses (at least 2); create data subnets first if an AZ has none.",
	"architecture": {
		"sections": ["000 §2.1", "001 §3", "002 §10.5", "003 §4"],
		"quote": "Access limited to isolated subnets.",
	},
	"parameters": ["data_tier"],
	"inputs": ["aws.db_subnet_groups", "aws.subnets", "aws.rds_instances", "aws.rds_clusters"],
	"judges": "aws.db_subnet_groups",
}

# Ids of the subnet groups some database uses (built once).
used_groups contains id if {
	some db in input.aws.rds_instances
	id := object.get(db, "db_subnet_group_id", null)
	not id in {"", null}
}

used_groups contains id if {
	some db in input.aws.rds_clusters
	id := object.get(db, "db_subnet_group_id", null)
	not id in {"", null}
}

group_label(group) := sprintf("DB subnet group %s", [lib.label(group)])

# The subnet's AZ: its AZ ID, else its AZ name.
az_of(subnet) := subnet.availability_zone_id if lib.rds_has(subnet, "availability_zone_id")
else := subnet.availability_zone if lib.rds_has(subnet, "availability_zone")

# Subnet id -> AZ, for the group's subnets in the snapshot whose AZ is known.
known_azs(ids) := {id: az |
	some id in ids
	az := az_of(input.aws.subnets[id])
}

subnet_name(id) := object.get(input.aws.subnets, [id, "native_id"], id)

names_text(ids) := concat(", ", sort([subnet_name(id) | some id in ids]))

azs_text(azs) := "no AZ" if count(azs) == 0
else := sprintf("1 AZ (%s)", [concat(", ", azs)]) if count(azs) == 1
else := sprintf("%d AZs (%s)", [count(azs), concat(", ", sort(azs))])

deny contains lib.finding(group, msg) if {
	some group in input.aws.db_subnet_groups
	group.id in used_groups
	some id in group.subnet_ids
	subnet := input.aws.subnets[id]
	allowed := db_tiers(group)
	not object.get(subnet, "tier", null) in allowed
	msg := sprintf("%s holds %s; a DB subnet group must hold only %s subnets", [group_label(group), lib.subnet_label(subnet), allowed_text(allowed)])
}

# The tiers a DB subnet group may hold (null: unknown, not evaluated).
db_tiers(group) := {"data", null} if lib.params(group).data_tier
else := {"data", "app", null}

allowed_text(allowed) := "data" if not "app" in allowed
else := "data or app"

deny contains lib.finding(group, msg) if {
	some group in input.aws.db_subnet_groups
	group.id in used_groups
	ids := {id | some id in group.subnet_ids}
	known := known_azs(ids)
	count(known) == count(ids)
	azs := {az | some az in known}
	count(azs) < 2
	msg := sprintf("%s spans %s with its subnets [%s]; a DB subnet group must span at least 2 AZs", [
		group_label(group),
		azs_text(azs),
		names_text(ids),
	])
}

not_evaluated contains lib.not_evaluated(group, reason) if {
	some group in input.aws.db_subnet_groups
	group.id in used_groups
	missing := {id | some id in group.subnet_ids; not input.aws.subnets[id]}
	count(missing) > 0
	reason := sprintf("%s names subnets that are not in the snapshot, whose tier and AZ are not known: %s", [
		group_label(group),
		concat(", ", sort(missing)),
	])
}

not_evaluated contains lib.not_evaluated(group, reason) if {
	some group in input.aws.db_subnet_groups
	group.id in used_groups
	untiered := {id | some id in group.subnet_ids; object.get(input.aws.subnets[id], "tier", null) == null}
	count(untiered) > 0
	reason := sprintf("%s holds subnets whose tier is not known (no tier tag or name, and no known route table): %s", [
		group_label(group),
		names_text(untiered),
	])
}

not_evaluated contains lib.not_evaluated(group, reason) if {
	some group in input.aws.db_subnet_groups
	group.id in used_groups
	ids := {id | some id in group.subnet_ids}
	every id in ids { input.aws.subnets[id] }
	known := known_azs(ids)
	count(known) < count(ids)
	azs := {az | some az in known}
	count(azs) < 2
	reason := sprintf("%s spans %s among the subnets whose AZ is known, and the AZ of %s is not known (a plan)", [
		group_label(group),
		azs_text(azs),
		names_text({id | some id in ids; not known[id]}),
	])
}

not_evaluated contains lib.not_evaluated(db, reason) if {
	some db in input.aws.rds_instances
	object.get(db, "cluster_id", null) in {"", null}
	reason := group_unknown(object.get(db, "db_subnet_group_id", null))
}

not_evaluated contains lib.not_evaluated(db, reason) if {
	some db in input.aws.rds_clusters
	reason := group_unknown(object.get(db, "db_subnet_group_id", null))
}

# Why a database's subnet group cannot be judged, if it cannot.
group_unknown(id) := "it names no DB subnet group (AWS would use the default VPC's default DB subnet group)" if {
	id in {"", null}
} else := sprintf("its DB subnet group %s is not in the snapshot", [id]) if {
	not input.aws.db_subnet_groups[id]
}
