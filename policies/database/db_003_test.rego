package archcheck.rules.database.db_003_test

import data.archcheck.rules.database.db_003
import rego.v1

instance(id, extra) := object.union({
	"id": id, "native_id": id, "region": "us-east-1", "environment": "prod",
	"engine": "postgres", "engine_version": "16.4", "publicly_accessible": false,
}, extra)

inputs := {"aws": {
	"rds_instances": {
		"private": instance("private", {}),
		"public": instance("public", {"publicly_accessible": true}),
		"public-replica": instance("public-replica", {"publicly_accessible": true, "read_replica_source": "private"}),
		"public-member": instance("public-member", {"publicly_accessible": true, "cluster_id": "prod-aurora", "engine": "aurora-postgresql"}),
		"private-member": instance("private-member", {"cluster_id": "prod-aurora", "engine": "aurora-postgresql"}),
		"dev-public": instance("dev-public", {"publicly_accessible": true, "environment": "dev"}),
	},
	"rds_clusters": {"prod-aurora": {"id": "prod-aurora", "native_id": "prod-aurora", "name": "prod-db", "engine": "aurora-postgresql", "environment": "prod"}},
}}

test_exactly_the_public_instances_fail if {
	ids := {f.resource | some f in db_003.deny with input as inputs}
	ids == {"public", "public-replica", "public-member", "dev-public"}
}

test_message_for_an_aurora_member if {
	some f in db_003.deny with input as inputs
	f.resource == "public-member"
	f.message == "Aurora instance public-member of cluster prod-aurora (prod-db) is publicly accessible (PubliclyAccessible is on); databases must be reachable only from inside the VPC"
}

test_message_for_a_read_replica if {
	some f in db_003.deny with input as inputs
	f.resource == "public-replica"
	f.message == "RDS read replica public-replica of private is publicly accessible (PubliclyAccessible is on); databases must be reachable only from inside the VPC"
}

test_private_instances_produce_nothing if {
	count(db_003.deny) == 0 with input as {"aws": {"rds_instances": {
		"private": inputs.aws.rds_instances.private,
		"private-member": inputs.aws.rds_instances["private-member"],
	}}}
}

test_member_of_a_multi_az_db_cluster if {
	some f in db_003.deny with input as {"aws": {"rds_instances": {"m": instance("m", {"publicly_accessible": true, "cluster_id": "arn:aws:rds:us-east-1:111111111111:cluster:maz"})}}}
	f.message == "DB instance m of cluster arn:aws:rds:us-east-1:111111111111:cluster:maz is publicly accessible (PubliclyAccessible is on); databases must be reachable only from inside the VPC"
}
