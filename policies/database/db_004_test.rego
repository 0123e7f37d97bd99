package archcheck.rules.database.db_004_test

import data.archcheck.rules.database.db_004
import rego.v1

instance(id, extra) := object.union({
	"id": id, "native_id": id, "region": "us-east-1", "environment": "prod",
	"engine": "postgres", "engine_version": "16.4", "storage_encrypted": true,
}, extra)

cluster(id, extra) := object.union({
	"id": id, "native_id": id, "region": "us-east-1", "environment": "prod",
	"engine": "aurora-postgresql", "engine_version": "16.4", "storage_encrypted": true, "members": [],
}, extra)

inputs := {"aws": {
	"rds_instances": {
		"encrypted": instance("encrypted", {}),
		"plain": instance("plain", {"storage_encrypted": false, "name": "legacy-db"}),
		"plain-replica": instance("plain-replica", {"storage_encrypted": false, "read_replica_source": "encrypted"}),
		# a member's storage is its cluster's: judged there
		"member": instance("member", {"storage_encrypted": false, "cluster_id": "encrypted-aurora", "engine": "aurora-postgresql"}),
		"unset": object.remove(instance("unset", {}), ["storage_encrypted"]),
	},
	"rds_clusters": {
		"encrypted-aurora": cluster("encrypted-aurora", {}),
		"plain-aurora": cluster("plain-aurora", {"storage_encrypted": false}),
		"plain-dr": cluster("plain-dr", {"storage_encrypted": false, "replication_source": "arn:aws:rds:us-east-1:111111111111:cluster:encrypted-aurora"}),
	},
}}

test_exactly_the_unencrypted_databases_fail if {
	ids := {f.resource | some f in db_004.deny with input as inputs}
	ids == {"plain", "plain-replica", "unset", "plain-aurora", "plain-dr"}
}

test_message_for_an_instance if {
	some f in db_004.deny with input as inputs
	f.resource == "plain"
	f.message == "RDS instance plain (legacy-db) does not encrypt its storage (StorageEncrypted is off); databases must encrypt their storage at rest with KMS"
}

test_message_for_a_cluster if {
	some f in db_004.deny with input as inputs
	f.resource == "plain-aurora"
	f.message == "Aurora cluster plain-aurora does not encrypt its storage (StorageEncrypted is off); databases must encrypt their storage at rest with KMS"
}

test_encrypted_databases_produce_nothing if {
	count(db_004.deny) == 0 with input as {"aws": {
		"rds_instances": {"encrypted": inputs.aws.rds_instances.encrypted},
		"rds_clusters": {"encrypted-aurora": inputs.aws.rds_clusters["encrypted-aurora"]},
	}}
}

test_multi_az_db_cluster_is_named_a_db_cluster if {
	some f in db_004.deny with input as {"aws": {"rds_clusters": {"maz": cluster("maz", {"engine": "postgres", "storage_encrypted": false})}}}
	f.message == "DB cluster maz does not encrypt its storage (StorageEncrypted is off); databases must encrypt their storage at rest with KMS"
}
