package archcheck.rules.database.db_006_test

import data.archcheck.rules.database.db_006
import rego.v1

db(id, extra) := object.union({
	"id": id, "native_id": id, "region": "us-east-1", "environment": "prod",
	"engine": "postgres", "engine_version": "16.4", "deletion_protection": true,
}, extra)

inputs := {"aws": {
	"rds_instances": {
		"protected": db("protected", {}),
		"unprotected": db("unprotected", {"deletion_protection": false}),
		"replica": db("replica", {"deletion_protection": false, "read_replica_source": "protected"}),
		"member": db("member", {"deletion_protection": false, "cluster_id": "aurora-protected", "engine": "aurora-postgresql"}),
		"dev-unprotected": db("dev-unprotected", {"deletion_protection": false, "environment": "dev"}),
	},
	"rds_clusters": {
		"aurora-protected": db("aurora-protected", {"engine": "aurora-postgresql", "members": []}),
		"aurora-unprotected": db("aurora-unprotected", {"engine": "aurora-postgresql", "members": [], "deletion_protection": false}),
		"unset": object.remove(db("unset", {"engine": "aurora-postgresql", "members": []}), ["deletion_protection"]),
	},
}}

test_exactly_the_unprotected_prod_databases_fail if {
	ids := {f.resource | some f in db_006.deny with input as inputs}
	ids == {"unprotected", "aurora-unprotected", "unset"}
}

test_message_names_the_database if {
	some f in db_006.deny with input as inputs
	f.resource == "aurora-unprotected"
	f.message == "Aurora cluster aurora-unprotected has deletion protection off; the prod environment requires deletion protection on databases"
}

test_protected_databases_produce_nothing if {
	count(db_006.deny) == 0 with input as {"aws": {
		"rds_instances": {"protected": inputs.aws.rds_instances.protected},
		"rds_clusters": {"aurora-protected": inputs.aws.rds_clusters["aurora-protected"]},
	}}
}

test_parameter_off_in_prod_judges_nothing if {
	count(db_006.deny) == 0 with input as inputs with data.archcheck.params.prod.deletion_protection as false
}

test_parameter_on_in_dev if {
	some f in db_006.deny with input as inputs with data.archcheck.params.dev.deletion_protection as true
	f.resource == "dev-unprotected"
	f.message == "RDS instance dev-unprotected has deletion protection off; the dev environment requires deletion protection on databases"
}
