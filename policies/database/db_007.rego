# DB-007: the database engine is PostgreSQL at a supported major version.
#
# Every standalone RDS instance (not an Aurora member, not a read replica)
# and every DB cluster runs an engine listed in `db_engines`, and its major
# version (the part of `engine_version` before the first dot, as a number)
# is at least `db_min_major_version`. Aurora members and read replicas
# follow their cluster or source and are not judged again. The version is
# checked only for an allowed engine. An empty engine, or an
# `engine_version` that is empty (a plan leaving it to AWS's default) or
# has no numeric major version, is not evaluated. An empty `db_engines`
# allows no RDS engine at all (an architecture such as 004's MongoDB Atlas,
# where the database is not on RDS). The control judges `aws.rds_instances`
# (pass counts only).
package archcheck.rules.database.db_007

import data.archcheck.lib
import rego.v1

metadata := {
	"id": "DB-007",
	"title": "Database engine is PostgreSQL at a supported major version",
	"severity": "medium",
	"description": "Every standalone RDS instance and every Aurora cluster runs one of the engines the architecture chose (PostgreSQL: `postgres` or `aurora-postgresql` by default) at a major version no older than the minimum, so the application's database matches what it was built and tested for and stays within community and AWS standard support.",
	"remediation": "Upgrade the major version (modify-db-instance / modify-db-cluster with --engine-version and --allow-major-version-upgrade, or a blue/green deployment), after testing the application against it. A database on another engine has to be migrated (AWS DMS), or the architecture file's `db_engines` changed if the engine is intended.",
	"architecture": {
		"sections": ["000 §4.1", "001 §6", "002 §10", "003 §4"],
		"quote": "PostgreSQL 16 (latest supported minor version).",
	},
	"parameters": ["db_engines", "db_min_major_version"],
	"inputs": ["aws.rds_instances", "aws.rds_clusters"],
	"judges": "aws.rds_instances",
}

# The major version: the number before the first dot ("16.4" -> 16), when
# it is one. Digits only and valid JSON (no leading zero) before to_number,
# which raises an error on anything else; substring/indexof rather than
# split, which costs several times more per call.
major(version) := to_number(text) if {
	text := substring(version, 0, indexof(version, "."))
	trim_left(text, "0123456789") == ""
	json.is_valid(text)
}

allowed_text(engines) := "allows no RDS engine (db_engines is empty)" if count(engines) == 0
else := sprintf("allows only the engine %s", [engines[0]]) if count(engines) == 1
else := sprintf("allows only the engines %s", [concat(", ", engines)])

deny contains lib.finding(db, msg) if {
	some db in input.aws.rds_instances
	lib.rds_standalone(db)
	msg := problem(db)
}

deny contains lib.finding(db, msg) if {
	some db in input.aws.rds_clusters
	msg := problem(db)
}

not_evaluated contains lib.not_evaluated(db, reason) if {
	some db in input.aws.rds_instances
	lib.rds_standalone(db)
	reason := unknown(db)
}

not_evaluated contains lib.not_evaluated(db, reason) if {
	some db in input.aws.rds_clusters
	reason := unknown(db)
}

# What is wrong with the database's engine, if anything.
problem(db) := engine_problem(db, lib.params(db))

engine_problem(db, p) := msg if {
	engine := object.get(db, "engine", "")
	engine != ""
	not engine in p.db_engines
	msg := sprintf("%s runs %s %s; the %s environment %s", [
		lib.rds_db_label(db), engine, object.get(db, "engine_version", ""), lib.env_of(db), allowed_text(p.db_engines),
	])
} else := msg if {
	object.get(db, "engine", "") in p.db_engines
	version := object.get(db, "engine_version", "")
	m := major(version)
	m < p.db_min_major_version
	msg := sprintf("%s runs %s %s (major version %d); the %s environment requires major version %d or later", [
		lib.rds_db_label(db), db.engine, version, m, lib.env_of(db), p.db_min_major_version,
	])
}

# Why the database cannot be judged, if it cannot.
unknown(db) := "its engine is not known (a plan)" if {
	object.get(db, "engine", "") == ""
} else := "its engine version is not known (a plan that leaves it to the AWS default)" if {
	object.get(db, "engine_version", "") == ""
	db.engine in lib.params(db).db_engines
} else := sprintf("its engine version %q has no numeric major version", [db.engine_version]) if {
	not major(db.engine_version)
	db.engine in lib.params(db).db_engines
}
