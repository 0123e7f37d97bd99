# DB-006: deletion protection is on.
#
# Where the environment's `deletion_protection` parameter holds, every
# standalone RDS instance (not an Aurora member, not a read replica) and
# every DB cluster (replica clusters included: they are the DR copy) has
# deletion protection on. Aurora members are judged through their cluster
# (deleting a member never deletes the data), read replicas are skipped
# (their source keeps the data). The control judges `aws.rds_instances`
# (pass counts only).
package archcheck.rules.database.db_006

import data.archcheck.lib
import rego.v1

metadata := {
	"id": "DB-006",
	"title": "Deletion protection is on",
	"severity": "medium",
	"description": "Where the environment requires it (prod by default), every standalone RDS instance and every Aurora cluster has deletion protection on, so neither a console click nor a `terraform destroy` or replacement can delete the database and its automated backups.",
	"remediation": "Turn deletion protection on (`deletion_protection = true` in Terraform, --deletion-protection with modify-db-instance or modify-db-cluster).",
	"architecture": {
		"sections": ["000 §4.3", "002 §10.3"],
		"quote": "Use case: Recover from accidental data deletion, application bug",
	},
	"parameters": ["deletion_protection"],
	"inputs": ["aws.rds_instances", "aws.rds_clusters"],
	"judges": "aws.rds_instances",
}

deny contains lib.finding(db, msg) if {
	some db in input.aws.rds_instances
	not db.deletion_protection
	lib.rds_standalone(db)
	msg := unprotected(db)
}

deny contains lib.finding(db, msg) if {
	some db in input.aws.rds_clusters
	not db.deletion_protection
	msg := unprotected(db)
}

unprotected(db) := msg if {
	lib.params(db).deletion_protection
	msg := sprintf("%s has deletion protection off; the %s environment requires deletion protection on databases", [lib.rds_db_label(db), lib.env_of(db)])
}
