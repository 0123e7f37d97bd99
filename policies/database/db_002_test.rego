package archcheck.rules.database.db_002_test

import data.archcheck.rules.database.db_002
import rego.v1

instance(id, extra) := object.union({
	"id": id, "native_id": id, "region": "us-east-1", "environment": "prod",
	"engine": "postgres", "engine_version": "16.4", "multi_az": true,
}, extra)

cluster(id, extra) := object.union({
	"id": id, "native_id": id, "region": "us-east-1", "environment": "prod",
	"engine": "aurora-postgresql", "engine_version": "16.4", "members": [],
}, extra)

inputs := {"aws": {
	"rds_instances": {
		"keeps-35": instance("keeps-35", {"backup_retention_period": 35}),
		"keeps-7": instance("keeps-7", {"backup_retention_period": 7}),
		"unset": instance("unset", {}),
		"disabled": instance("disabled", {"backup_retention_period": 0}),
		"replica": instance("replica", {"read_replica_source": "keeps-35", "backup_retention_period": 0}),
		"member": instance("member", {"cluster_id": "aurora-7", "engine": "aurora-postgresql", "backup_retention_period": 1}),
		"dev-7": instance("dev-7", {"environment": "dev", "backup_retention_period": 7}),
	},
	"rds_clusters": {
		"aurora-35": cluster("aurora-35", {"backup_retention_period": 35}),
		"aurora-7": cluster("aurora-7", {"backup_retention_period": 7}),
		"dr-replica": cluster("dr-replica", {"backup_retention_period": 1, "replication_source": "arn:aws:rds:us-east-1:111111111111:cluster:aurora-35"}),
	},
}}

test_exactly_the_short_retentions_fail if {
	ids := {f.resource | some f in db_002.deny with input as inputs}
	ids == {"keeps-7", "unset", "disabled", "aurora-7"}
}

test_message_for_a_short_retention if {
	some f in db_002.deny with input as inputs
	f.resource == "aurora-7"
	f.message == "Aurora cluster aurora-7 keeps automated backups for 7 days; the prod environment requires at least 35 days"
}

test_message_for_an_unset_retention_names_the_aws_default if {
	some f in db_002.deny with input as inputs
	f.resource == "unset"
	f.message == "RDS instance unset keeps automated backups for 1 day (no backup retention is set, so the AWS default of 1 day applies); the prod environment requires at least 35 days"
}

test_message_for_disabled_backups if {
	some f in db_002.deny with input as inputs
	f.resource == "disabled"
	f.message == "RDS instance disabled has automated backups disabled (backup retention 0 days); the prod environment requires at least 35 days"
}

test_compliant_databases_produce_nothing if {
	count(db_002.deny) == 0 with input as {"aws": {
		"rds_instances": {"keeps-35": inputs.aws.rds_instances["keeps-35"], "dev-7": inputs.aws.rds_instances["dev-7"]},
		"rds_clusters": {"aurora-35": inputs.aws.rds_clusters["aurora-35"]},
	}}
}

test_document_003_retention_of_7_days if {
	ids := {f.resource | some f in db_002.deny with input as inputs with data.archcheck.params.prod.backup_retention_days as 7}
	ids == {"unset", "disabled"}
}

test_non_prod_minimum_applies_to_dev if {
	some f in db_002.deny with input as inputs with data.archcheck.params.dev.backup_retention_days as 14
	f.resource == "dev-7"
	f.message == "RDS instance dev-7 keeps automated backups for 7 days; the dev environment requires at least 14 days"
}
