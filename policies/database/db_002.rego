# DB-002: automated backups are kept at least N days.
#
# Every standalone RDS instance (not an Aurora member, not a read replica)
# and every DB cluster keeps automated backups for at least
# `backup_retention_days` days. Aurora members are judged through their
# cluster (retention is a cluster setting), read replicas are skipped (they
# take no automated backups of their own that matter for recovery), and so
# are replica clusters (`replication_source` set). When a plan omits the
# retention, AWS applies its default of 1 day, and the message says so; 0
# means automated backups are disabled. The control judges
# `aws.rds_instances` (pass counts only).
package archcheck.rules.database.db_002

import data.archcheck.lib
import rego.v1

metadata := {
	"id": "DB-002",
	"title": "Automated backup retention is long enough",
	"severity": "high",
	"description": "Every standalone RDS instance and every Aurora cluster keeps automated backups (point-in-time recovery) for at least the environment's minimum number of days. A database that does not set a retention gets the AWS default of 1 day. Read replicas and cross-region replica clusters are not judged.",
	"remediation": "Raise the backup retention period (`backup_retention_period` in Terraform, --backup-retention-period in the CLI) on the instance or the Aurora cluster to at least the required number of days (AWS allows up to 35).",
	"architecture": {
		"sections": ["000 §4.3", "001 §6", "002 §10.3", "003 §4"],
		"quote": "35 days (prod), 7 days (dev)",
	},
	"parameters": ["backup_retention_days"],
	"inputs": ["aws.rds_instances", "aws.rds_clusters"],
	"judges": "aws.rds_instances",
}

deny contains lib.finding(db, msg) if {
	some db in input.aws.rds_instances
	lib.rds_standalone(db)
	msg := short_retention(db)
}

deny contains lib.finding(db, msg) if {
	some db in input.aws.rds_clusters
	not lib.rds_replica_cluster(db)
	msg := short_retention(db)
}

# The finding's message when the database keeps backups too briefly.
short_retention(db) := msg if {
	required := lib.params(db).backup_retention_days
	object.get(db, "backup_retention_period", 1) < required
	msg := sprintf("%s %s; the %s environment requires at least %d days", [lib.rds_db_label(db), kept(db), lib.env_of(db), required])
}

# What the database keeps, in words.
kept(db) := "keeps automated backups for 1 day (no backup retention is set, so the AWS default of 1 day applies)" if {
	not is_number(db.backup_retention_period)
} else := "has automated backups disabled (backup retention 0 days)" if {
	db.backup_retention_period == 0
} else := "keeps automated backups for 1 day" if {
	db.backup_retention_period == 1
} else := sprintf("keeps automated backups for %d days", [db.backup_retention_period])
