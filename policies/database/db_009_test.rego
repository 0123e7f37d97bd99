package archcheck.rules.database.db_009_test

import data.archcheck.rules.database.db_009
import rego.v1

instance(id, extra) := object.union({
	"id": id, "native_id": id, "region": "us-east-1", "environment": "prod",
	"engine": "postgres", "engine_version": "16.4", "performance_insights_enabled": true,
}, extra)

member(id, cluster, on) := instance(id, {"cluster_id": cluster, "engine": "aurora-postgresql", "performance_insights_enabled": on})

cluster(id, on) := {
	"id": id, "native_id": id, "region": "us-east-1", "environment": "prod",
	"engine": "aurora-postgresql", "members": [], "performance_insights_enabled": on,
}

inputs := {"aws": {
	"rds_instances": {
		"on": instance("on", {}),
		"off": instance("off", {"performance_insights_enabled": false}),
		"unset": object.remove(instance("unset", {}), ["performance_insights_enabled"]),
		"replica-off": instance("replica-off", {"performance_insights_enabled": false, "read_replica_source": "on"}),
		"writer-on": member("writer-on", "aurora", true),
		"reader-off": member("reader-off", "aurora", false),
		"covered-by-cluster": member("covered-by-cluster", "aurora-pi", false),
		"dev-off": instance("dev-off", {"performance_insights_enabled": false, "environment": "dev"}),
	},
	"rds_clusters": {
		"aurora": cluster("aurora", false),
		"aurora-pi": cluster("aurora-pi", true),
	},
}}

test_exactly_the_instances_without_performance_insights_fail if {
	ids := {f.resource | some f in db_009.deny with input as inputs}
	ids == {"off", "unset", "replica-off", "reader-off"}
}

test_message_for_an_aurora_reader if {
	some f in db_009.deny with input as inputs
	f.resource == "reader-off"
	f.message == "Aurora instance reader-off of cluster aurora has Performance Insights off; the prod environment requires Performance Insights on every database instance"
}

test_compliant_instances_produce_nothing if {
	count(db_009.deny) == 0 with input as {"aws": {
		"rds_instances": {
			"on": inputs.aws.rds_instances.on,
			"writer-on": inputs.aws.rds_instances["writer-on"],
			"covered-by-cluster": inputs.aws.rds_instances["covered-by-cluster"],
		},
		"rds_clusters": inputs.aws.rds_clusters,
	}}
}

test_parameter_off_in_prod_judges_nothing if {
	count(db_009.deny) == 0 with input as inputs with data.archcheck.params.prod.performance_insights as false
}

test_parameter_on_in_dev if {
	ids := {f.resource | some f in db_009.deny with input as inputs with data.archcheck.params.dev.performance_insights as true}
	ids == {"off", "unset", "replica-off", "reader-off", "dev-off"}
}
