package archcheck.rules.database.db_007_test

import data.archcheck.rules.database.db_007
import rego.v1

db(id, engine, version, extra) := object.union({
	"id": id, "native_id": id, "region": "us-east-1", "environment": "prod",
	"engine": engine, "engine_version": version,
}, extra)

cluster(id, engine, version) := db(id, engine, version, {"members": []})

inputs := {"aws": {
	"rds_instances": {
		"pg16": db("pg16", "postgres", "16.4", {}),
		"pg17": db("pg17", "postgres", "17.2", {}),
		"pg14": db("pg14", "postgres", "14.10", {}),
		"pg96": db("pg96", "postgres", "9.6.22", {}),
		"mysql": db("mysql", "mysql", "8.0.35", {}),
		"old-replica": db("old-replica", "postgres", "13.1", {"read_replica_source": "pg16"}),
		"old-member": db("old-member", "aurora-postgresql", "13.1", {"cluster_id": "aurora16"}),
	},
	"rds_clusters": {
		"aurora16": cluster("aurora16", "aurora-postgresql", "16.6"),
		"aurora15": cluster("aurora15", "aurora-postgresql", "15.4"),
		"aurora-mysql": cluster("aurora-mysql", "aurora-mysql", "8.0.mysql_aurora.3.05.2"),
	},
}}

test_exactly_the_wrong_engines_and_old_versions_fail if {
	ids := {f.resource | some f in db_007.deny with input as inputs}
	ids == {"pg14", "pg96", "mysql", "aurora15", "aurora-mysql"}
}

test_message_for_an_old_version if {
	some f in db_007.deny with input as inputs
	f.resource == "aurora15"
	f.message == "Aurora cluster aurora15 runs aurora-postgresql 15.4 (major version 15); the prod environment requires major version 16 or later"
}

test_message_for_another_engine if {
	some f in db_007.deny with input as inputs
	f.resource == "mysql"
	f.message == "RDS instance mysql runs mysql 8.0.35; the prod environment allows only the engines postgres, aurora-postgresql"
}

test_compliant_databases_produce_nothing if {
	inp := {"aws": {
		"rds_instances": {"pg16": inputs.aws.rds_instances.pg16, "pg17": inputs.aws.rds_instances.pg17},
		"rds_clusters": {"aurora16": inputs.aws.rds_clusters.aurora16},
	}}
	count(db_007.deny) == 0 with input as inp
	count(db_007.not_evaluated) == 0 with input as inp
}

test_minimum_major_version_parameter if {
	ids := {f.resource | some f in db_007.deny with input as inputs with data.archcheck.params.prod.db_min_major_version as 14}
	ids == {"pg96", "mysql", "aurora-mysql"}
}

test_engine_list_parameter if {
	ids := {f.resource | some f in db_007.deny with input as inputs
		with data.archcheck.params.prod.db_engines as ["mysql", "aurora-mysql"]
		with data.archcheck.params.prod.db_min_major_version as 8}
	ids == {"pg16", "pg17", "pg14", "pg96", "aurora16", "aurora15"}
}

test_empty_engine_list_allows_no_rds_engine if {
	some f in db_007.deny with input as inputs with data.archcheck.params.prod.db_engines as []
	f.resource == "pg16"
	f.message == "RDS instance pg16 runs postgres 16.4; the prod environment allows no RDS engine (db_engines is empty)"
}

test_unknown_engine_or_version_is_not_evaluated if {
	inp := {"aws": {"rds_clusters": {"aurora-plan": cluster("aurora-plan", "aurora-postgresql", "")}, "rds_instances": {
		"no-version": db("no-version", "postgres", "", {}),
		"odd-version": db("odd-version", "postgres", "latest", {}),
		"no-engine": db("no-engine", "", "", {}),
		"leading-zero": db("leading-zero", "postgres", "016.1", {}),
		"no-dot": db("no-dot", "postgres", "16", {}),
	}}}
	count(db_007.deny) == 0 with input as inp
	ne := db_007.not_evaluated with input as inp
	ne == {
		{"resource": "no-version", "reason": "its engine version is not known (a plan that leaves it to the AWS default)"},
		{"resource": "aurora-plan", "reason": "its engine version is not known (a plan that leaves it to the AWS default)"},
		{"resource": "odd-version", "reason": "its engine version \"latest\" has no numeric major version"},
		{"resource": "no-engine", "reason": "its engine is not known (a plan)"},
		{"resource": "leading-zero", "reason": "its engine version \"016.1\" has no numeric major version"},
	}
}
