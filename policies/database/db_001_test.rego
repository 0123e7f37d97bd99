package archcheck.rules.database.db_001_test

import data.archcheck.rules.database.db_001
import rego.v1

instance(id, extra) := object.union({
	"id": id, "native_id": id, "region": "us-east-1", "environment": "prod",
	"engine": "postgres", "engine_version": "16.4", "multi_az": false, "availability_zone": "us-east-1a",
}, extra)

member(id, cluster, az) := object.union(instance(id, {"engine": "aurora-postgresql", "cluster_id": cluster}), {"availability_zone": az})

cluster(id, members) := {
	"id": id, "native_id": id, "region": "us-east-1", "environment": "prod",
	"engine": "aurora-postgresql", "engine_version": "16.4", "members": members,
}

m(id, az) := {"instance_id": id, "is_writer": false, "availability_zone": az}

inputs := {"aws": {
	"rds_instances": {
		"single": instance("single", {}),
		"multi": instance("multi", {"multi_az": true}),
		"replica": instance("replica", {"read_replica_source": "multi"}),
		"dev-single": instance("dev-single", {"environment": "dev"}),
		"a1": member("a1", "ok-cluster", "us-east-1a"),
		"a2": member("a2", "ok-cluster", "us-east-1b"),
		"s1": member("s1", "same-az", "us-east-1a"),
		"s2": member("s2", "same-az", "us-east-1a"),
		"lone": member("lone", "one-instance", "us-east-1a"),
		# a plan that fills cluster_id on the instances but no members list
		"p1": member("p1", "plan-cluster", "us-east-1a"),
		"p2": member("p2", "plan-cluster", "us-east-1c"),
	},
	"rds_clusters": {
		"ok-cluster": cluster("ok-cluster", [m("a1", "us-east-1a"), m("a2", "us-east-1b")]),
		"same-az": cluster("same-az", [m("s1", "us-east-1a"), m("s2", "us-east-1a")]),
		"one-instance": cluster("one-instance", [m("lone", "us-east-1a")]),
		"empty": cluster("empty", []),
		"plan-cluster": cluster("plan-cluster", []),
		"dr-replica": object.union(cluster("dr-replica", []), {"replication_source": "arn:aws:rds:us-east-1:111111111111:cluster:ok-cluster"}),
		"dev-cluster": object.union(cluster("dev-cluster", []), {"environment": "dev"}),
	},
}}

test_exactly_the_single_az_databases_fail if {
	ids := {f.resource | some f in db_001.deny with input as inputs}
	ids == {"single", "same-az", "one-instance", "empty"}
}

test_message_for_standalone_instance if {
	some f in db_001.deny with input as inputs
	f.resource == "single"
	f.message == "RDS instance single (us-east-1a) has Multi-AZ off: it runs in a single AZ with no standby; the prod environment requires Multi-AZ databases (an Aurora cluster: at least 2 instances in at least 2 AZs)"
}

test_message_for_cluster_in_one_az if {
	some f in db_001.deny with input as inputs
	f.resource == "same-az"
	f.message == "Aurora cluster same-az has 2 instances, all in one AZ: s1 (us-east-1a), s2 (us-east-1a); the prod environment requires Multi-AZ databases (an Aurora cluster: at least 2 instances in at least 2 AZs)"
}

test_message_for_single_instance_cluster if {
	some f in db_001.deny with input as inputs
	f.resource == "one-instance"
	f.message == "Aurora cluster one-instance has a single instance, lone (us-east-1a); the prod environment requires Multi-AZ databases (an Aurora cluster: at least 2 instances in at least 2 AZs)"
}

test_compliant_databases_produce_nothing if {
	count(db_001.deny) == 0 with input as {"aws": {
		"rds_instances": {
			"multi": inputs.aws.rds_instances.multi,
			"a1": inputs.aws.rds_instances.a1,
			"a2": inputs.aws.rds_instances.a2,
		},
		"rds_clusters": {"ok-cluster": inputs.aws.rds_clusters["ok-cluster"]},
	}}
}

test_multi_az_off_judges_nothing if {
	count(db_001.deny) == 0 with input as inputs with data.archcheck.params.prod.multi_az as false
}

test_multi_az_on_in_dev_judges_dev if {
	ids := {f.resource | some f in db_001.deny with input as inputs with data.archcheck.params.dev.multi_az as true}
	{"dev-single", "dev-cluster"} & ids == {"dev-single", "dev-cluster"}
}

test_member_az_falls_back_to_the_instance if {
	c := cluster("c", [{"instance_id": "x1", "is_writer": true}, {"instance_id": "x2", "is_writer": false}])
	ids := {f.resource | some f in db_001.deny with input as {"aws": {
		"rds_instances": {"x1": member("x1", "c", "us-east-1a"), "x2": member("x2", "c", "us-east-1b")},
		"rds_clusters": {"c": c},
	}}}
	count(ids) == 0
}

test_unknown_azs_are_not_evaluated if {
	c := cluster("c", [{"instance_id": "x1", "is_writer": true, "availability_zone": "us-east-1a"}, {"instance_id": "x2", "is_writer": false}])
	x2 := object.remove(member("x2", "c", ""), ["availability_zone"])
	inp := {"aws": {"rds_instances": {"x1": member("x1", "c", "us-east-1a"), "x2": x2}, "rds_clusters": {"c": c}}}
	count(db_001.deny) == 0 with input as inp
	ne := db_001.not_evaluated with input as inp
	ne == {{"resource": "c", "reason": "Aurora cluster c has 2 instances but the AZ of 1 of them is not known (a plan): x1 (us-east-1a), x2 (AZ unknown)"}}
}

test_two_known_azs_pass_even_if_a_third_is_unknown if {
	c := cluster("c", [m("x1", "us-east-1a"), m("x2", "us-east-1b"), {"instance_id": "x3"}])
	inp := {"aws": {"rds_instances": {}, "rds_clusters": {"c": c}}}
	count(db_001.deny) == 0 with input as inp
	count(db_001.not_evaluated) == 0 with input as inp
}
