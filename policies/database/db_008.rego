# DB-008: prod databases have a cross-region copy.
#
# Where the environment's `cross_region_dr` parameter holds, every
# standalone RDS instance (not an Aurora member, not a read replica) and
# every DB cluster that is not itself a replica cluster has at least one of:
# - a read replica in another region: an entry of `read_replica_ids` whose
#   region (that of the replica when it is in the snapshot, else the region
#   part of its ARN, arn:aws:rds:REGION:ACCOUNT:db:NAME) differs from the
#   database's; a bare identifier names a same-region replica;
# - Aurora Global Database membership (`global_cluster_id`);
# - automated backups replicated to another region (`backup_replications`);
# - a DB snapshot of it (`source_db_id` is its id, ARN or identifier, and the
#   snapshot's source region is its region) kept in another region, created
#   no more than `dr_snapshot_max_age_hours` before "now" (document 000's
#   Phase 1: daily cross-region snapshot copies).
# "Now" is the snapshot's `collected_at`, else the current time, so a saved
# snapshot judges the same tomorrow. A snapshot's source region is its
# `source_region`, else the region of its source ARN, else the region of
# its source database in the snapshot. Snapshot copies are made outside
# Terraform (AWS Backup, scripts), so a database read from a plan with no
# other cross-region copy and no snapshot of it in the input is not
# evaluated rather than failed. The control judges `aws.rds_instances`
# (pass counts only).
package archcheck.rules.database.db_008

import data.archcheck.lib
import rego.v1

metadata := {
	"id": "DB-008",
	"title": "Prod databases have a cross-region copy",
	"severity": "medium",
	"description": "Where the environment requires disaster recovery across regions (prod by default), every RDS instance and Aurora cluster has a copy in another region: a cross-region read replica, membership of an Aurora Global Database, cross-region replication of its automated backups, or a snapshot copied to another region recently enough (document 000's Phase 1, daily copies). Without one, a regional outage or the loss of the account's region means restoring from nothing.",
	"remediation": "Add a cross-region read replica or make the Aurora cluster part of an Aurora Global Database with a secondary in the DR region; or enable cross-region automated-backup replication (RDS instances); or copy a snapshot to the DR region at least daily (AWS Backup copy rule, or an EventBridge-scheduled copy).",
	"architecture": {
		"sections": ["000 §4.3", "000 §4.4", "001 §6", "002 §10.4", "003 §4"],
		"quote": "Continuous replication of data from the primary region to a secondary AWS region",
	},
	"parameters": ["cross_region_dr", "dr_snapshot_max_age_hours"],
	"inputs": ["aws.rds_instances", "aws.rds_clusters", "aws.db_snapshots"],
	"judges": "aws.rds_instances",
}

# What a database lacks when it fails, in words.
lacks(db) := "no cross-region replica cluster and no Aurora Global Database membership" if {
	input.aws.rds_clusters[db.id]
} else := "no cross-region read replica and no cross-region automated-backup replication"

# The region in an ARN (arn:aws:rds:REGION:ACCOUNT:db:NAME).
arn_region(ref) := parts[3] if {
	startswith(ref, "arn:")
	parts := split(ref, ":")
	count(parts) >= 6
	parts[3] != ""
}

# The region of a database referenced by id, ARN or identifier.
ref_region(ref) := input.aws.rds_instances[ref].region if {
	lib.rds_has(input.aws.rds_instances[ref], "region")
} else := input.aws.rds_clusters[ref].region if {
	lib.rds_has(input.aws.rds_clusters[ref], "region")
} else := arn_region(ref)

snapshot_source_region(snap) := region if {
	region := object.get(snap, "source_region", "")
	not region in {"", null}
} else := ref_region(snap.source_db_id)

# "<source region>|<source id>" -> [created_ns, region, snapshot id] of every
# snapshot kept outside its source's region (built once).
cross_region_snapshots[key] contains [created, region, snap.id] if {
	some snap in input.aws.db_snapshots
	region := object.get(snap, "region", "")
	not region in {"", null}
	source := object.get(snap, "source_db_id", "")
	not source in {"", null}
	source_region := snapshot_source_region(snap)
	region != source_region
	created := lib.rfc3339_ns(object.get(snap, "created_at", ""))
	key := concat("|", [source_region, source])
}

# The newest of them per source.
newest_snapshot[key] := max(snaps) if some key, snaps in cross_region_snapshots

# The newest cross-region snapshot of a database, under any of its names.
newest_snapshot_of(db) := max(found) if {
	found := {newest_snapshot[key] |
		some ref in {db.id, object.get(db, "native_id", ""), object.get(db, "arn", "")}
		ref != ""
		key := concat("|", [db.region, ref])
	}
	count(found) > 0
}

# "Now", read once: a rule of another package costs a lookup at every use.
now_ns := data.archcheck.lib.now_ns

age_hours(snap) := (now_ns - snap[0]) / 3600000000000

# The copies that pass without a snapshot.
replica_in_other_region(db) if {
	some ref in object.get(db, "read_replica_ids", [])
	ref_region(ref) != db.region
}

replicated_elsewhere(db) if replica_in_other_region(db)

replicated_elsewhere(db) if lib.rds_has(db, "global_cluster_id")

replicated_elsewhere(db) if {
	some replication in object.get(db, "backup_replications", [])
	replication.destination_region != db.region
}

fresh_snapshot(db, max_age_hours) if age_hours(newest_snapshot_of(db)) <= max_age_hours

snapshot_text(db) := sprintf("its newest snapshot in another region, %s in %s, is %d hours old", [
	lib.label(object.get(input.aws.db_snapshots, snap[2], {"id": snap[2]})),
	snap[1],
	floor(age_hours(snap)),
]) if {
	snap := newest_snapshot_of(db)
} else := "no snapshot of it in another region"

from_plan(db) if object.get(db, ["source", "kind"], "") == "terraform-plan"

deny contains lib.finding(db, msg) if {
	some db in input.aws.rds_instances
	lib.rds_standalone(db)
	msg := no_copy(db)
}

deny contains lib.finding(db, msg) if {
	some db in input.aws.rds_clusters
	not lib.rds_replica_cluster(db)
	msg := no_copy(db)
}

not_evaluated contains lib.not_evaluated(db, plan_reason) if {
	some db in input.aws.rds_instances
	from_plan(db)
	lib.rds_standalone(db)
	unknown_in_plan(db)
}

not_evaluated contains lib.not_evaluated(db, plan_reason) if {
	some db in input.aws.rds_clusters
	from_plan(db)
	not lib.rds_replica_cluster(db)
	unknown_in_plan(db)
}

plan_reason := "it comes from a Terraform plan, which shows no cross-region replica, Global Database or backup replication, and cannot show snapshot copies made outside Terraform"

# The finding's message when a database that needs a cross-region copy has none.
no_copy(db) := msg if {
	not replicated_elsewhere(db)
	p := lib.params(db)
	p.cross_region_dr
	not fresh_snapshot(db, p.dr_snapshot_max_age_hours)
	not plan_without_snapshot(db)
	msg := sprintf("%s (%s) has no cross-region copy: %s, and %s; the %s environment requires a copy in another region (a read replica, an Aurora Global Database, automated-backup replication, or a snapshot no older than %d hours)", [
		lib.rds_db_label(db),
		db.region,
		lacks(db),
		snapshot_text(db),
		lib.env_of(db),
		p.dr_snapshot_max_age_hours,
	])
}

# A database from a plan that shows no copy and of which no snapshot is known.
unknown_in_plan(db) if {
	not replicated_elsewhere(db)
	lib.params(db).cross_region_dr
	plan_without_snapshot(db)
}

plan_without_snapshot(db) if {
	from_plan(db)
	not newest_snapshot_of(db)
}
