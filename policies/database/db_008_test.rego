package archcheck.rules.database.db_008_test

import data.archcheck.lib
import data.archcheck.rules.database.db_008
import rego.v1

instance(id, extra) := object.union({
	"id": id, "native_id": id, "region": "us-east-1", "account_id": "111111111111", "environment": "prod",
	"engine": "postgres", "engine_version": "16.4",
}, extra)

cluster(id, extra) := object.union({
	"id": id, "native_id": id, "region": "us-east-1", "account_id": "111111111111", "environment": "prod",
	"engine": "aurora-postgresql", "engine_version": "16.4", "members": [],
}, extra)

snapshot(id, source, region, created) := {
	"id": id, "native_id": id, "region": region, "account_id": "111111111111", "environment": "prod",
	"source_db_id": source, "source_region": "us-east-1", "created_at": created, "snapshot_type": "manual",
}

# collected at 2025-06-02T12:00:00Z: 16 hours after 20:00 the day before
collected := "2025-06-02T12:00:00Z"

inputs := {"collected_at": collected, "aws": {
	"rds_instances": {
		"replica-db": instance("replica-db", {"read_replica_ids": ["arn:aws:rds:us-west-2:111111111111:db:replica-dr"]}),
		"local-replica-db": instance("local-replica-db", {"read_replica_ids": ["local-ro"]}),
		"local-ro": instance("local-ro", {"read_replica_source": "local-replica-db"}),
		"backup-db": instance("backup-db", {"backup_replications": [{"destination_region": "us-west-2"}]}),
		"same-region-backup": instance("same-region-backup", {"backup_replications": [{"destination_region": "us-east-1"}]}),
		"snap-db": instance("snap-db", {}),
		"stale-db": instance("stale-db", {}),
		"local-snap-db": instance("local-snap-db", {}),
		"two-snaps-db": instance("two-snaps-db", {}),
		"arn-db": instance("arn-db", {"arn": "arn:aws:rds:us-east-1:111111111111:db:arn-db"}),
		"111111111111/us-east-1/native-db": instance("111111111111/us-east-1/native-db", {"native_id": "native-db"}),
		"member": instance("member", {"cluster_id": "lonely", "engine": "aurora-postgresql"}),
		"dev-db": instance("dev-db", {"environment": "dev"}),
	},
	"rds_clusters": {
		"global": cluster("global", {"global_cluster_id": "prod-global"}),
		"lonely": cluster("lonely", {}),
		"cluster-replica": cluster("cluster-replica", {"read_replica_ids": ["arn:aws:rds:eu-west-1:111111111111:cluster:dr"]}),
		"dr-cluster": cluster("dr-cluster", {"region": "us-west-2", "replication_source": "arn:aws:rds:us-east-1:111111111111:cluster:x"}),
	},
	"db_snapshots": {
		"fresh-snap": snapshot("fresh-snap", "snap-db", "us-west-2", "2025-06-01T20:00:00Z"),
		"stale-snap": snapshot("stale-snap", "stale-db", "us-west-2", "2025-05-31T10:00:00Z"),
		"local-snap": snapshot("local-snap", "local-snap-db", "us-east-1", "2025-06-02T10:00:00Z"),
		"old-copy": snapshot("old-copy", "two-snaps-db", "us-west-2", "2025-05-20T10:00:00Z"),
		"new-copy": snapshot("new-copy", "two-snaps-db", "us-west-2", "2025-06-02T02:00:00.5Z"),
		"arn-copy": object.remove(snapshot("arn-copy", "arn:aws:rds:us-east-1:111111111111:db:arn-db", "eu-west-1", "2025-06-02T11:00:00+01:00"), ["source_region"]),
		"native-copy": snapshot("native-copy", "native-db", "us-west-2", "2025-06-02T00:00:00Z"),
	},
}}

test_exactly_the_databases_without_a_copy_fail if {
	ids := {f.resource | some f in db_008.deny with input as inputs}
	ids == {"local-replica-db", "same-region-backup", "stale-db", "local-snap-db", "lonely"}
}

test_message_for_a_stale_snapshot if {
	some f in db_008.deny with input as inputs
	f.resource == "stale-db"
	f.message == "RDS instance stale-db (us-east-1) has no cross-region copy: no cross-region read replica and no cross-region automated-backup replication, and its newest snapshot in another region, stale-snap in us-west-2, is 50 hours old; the prod environment requires a copy in another region (a read replica, an Aurora Global Database, automated-backup replication, or a snapshot no older than 26 hours)"
}

test_message_for_a_cluster_without_any_copy if {
	some f in db_008.deny with input as inputs
	f.resource == "lonely"
	f.message == "Aurora cluster lonely (us-east-1) has no cross-region copy: no cross-region replica cluster and no Aurora Global Database membership, and no snapshot of it in another region; the prod environment requires a copy in another region (a read replica, an Aurora Global Database, automated-backup replication, or a snapshot no older than 26 hours)"
}

test_compliant_databases_produce_nothing if {
	inp := {"collected_at": collected, "aws": {
		"rds_instances": {
			"replica-db": inputs.aws.rds_instances["replica-db"],
			"snap-db": inputs.aws.rds_instances["snap-db"],
		},
		"rds_clusters": {"global": inputs.aws.rds_clusters.global},
		"db_snapshots": {"fresh-snap": inputs.aws.db_snapshots["fresh-snap"]},
	}}
	count(db_008.deny) == 0 with input as inp
	count(db_008.not_evaluated) == 0 with input as inp
}

test_snapshot_age_parameter if {
	ids := {f.resource | some f in db_008.deny with input as inputs with data.archcheck.params.prod.dr_snapshot_max_age_hours as 60}
	ids == {"local-replica-db", "same-region-backup", "local-snap-db", "lonely"}
	ids_strict := {f.resource | some f in db_008.deny with input as inputs with data.archcheck.params.prod.dr_snapshot_max_age_hours as 12}
	ids_strict == {"local-replica-db", "same-region-backup", "stale-db", "local-snap-db", "lonely", "snap-db"}
}

test_cross_region_dr_parameter if {
	count(db_008.deny) == 0 with input as inputs with data.archcheck.params.prod.cross_region_dr as false
	ids := {f.resource | some f in db_008.deny with input as inputs with data.archcheck.params.dev.cross_region_dr as true}
	"dev-db" in ids
}

test_now_is_the_current_time_without_collected_at if {
	db := instance("db", {})
	ids := {f.resource | some f in db_008.deny with input as {"aws": {
		"rds_instances": {"db": db, "db2": instance("db2", {})},
		"db_snapshots": {
			"s1": snapshot("s1", "db", "us-west-2", "2000-01-01T00:00:00Z"),
			"s2": snapshot("s2", "db2", "us-west-2", "2199-01-01T00:00:00Z"),
		},
	}}}
	ids == {"db"}
}

test_unparsable_snapshot_time_is_ignored if {
	ids := {f.resource | some f in db_008.deny with input as {"collected_at": collected, "aws": {
		"rds_instances": {"db": instance("db", {})},
		"db_snapshots": {
			"s1": snapshot("s1", "db", "us-west-2", "yesterday"),
			"s2": snapshot("s2", "db", "us-west-2", "2999-01-01T00:00:00Z"),
		},
	}}}
	ids == {"db"}
}

test_plan_without_snapshots_is_not_evaluated if {
	plan := {"source": {"kind": "terraform-plan", "address": "aws_db_instance.main"}}
	inp := {"collected_at": collected, "aws": {
		"rds_instances": {
			"plan-db": instance("plan-db", plan),
			"plan-replicated": instance("plan-replicated", object.union(plan, {"backup_replications": [{"destination_region": "us-west-2"}]})),
			"plan-stale": instance("plan-stale", plan),
		},
		"rds_clusters": {
			"plan-aurora": cluster("plan-aurora", plan),
			"plan-global": cluster("plan-global", object.union(plan, {"global_cluster_id": "prod-global"})),
		},
		"db_snapshots": {"stale": snapshot("stale", "plan-stale", "us-west-2", "2025-05-01T00:00:00Z")},
	}}
	{f.resource | some f in db_008.deny with input as inp} == {"plan-stale"}
	ne := db_008.not_evaluated with input as inp
	reason := "it comes from a Terraform plan, which shows no cross-region replica, Global Database or backup replication, and cannot show snapshot copies made outside Terraform"
	ne == {{"resource": "plan-db", "reason": reason}, {"resource": "plan-aurora", "reason": reason}}
}

test_snapshot_times_are_checked_before_parsing if {
	valid := {t |
		some t in [
			"2024-02-29T00:00:00Z", "2000-02-29T00:00:00Z", "2024-05-01t10:00:00.123z", "2024-05-01T10:00:00+02:00",
			"2024-05-01T10:00:00.5-05:30", "1900-01-01T00:00:00Z", "2199-12-31T23:59:59Z",
			"2023-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2024-04-31T00:00:00Z", "2024-13-01T00:00:00Z",
			"2999-01-01T00:00:00Z", "2024-05-01T24:00:00Z", "2024-05-01T10:60:00Z", "2024-05-01 10:00:00Z",
			"2024-05-01T10:00:00", "2024-05-01T10:00:00.Z", "2024-05-01T10:00:00+2:00", "2024-05-01T10:00:00+24:00",
			"2024-05-01T10:00:00.1234567890Z", "yesterday", "", 17,
		]
		lib.rfc3339_ns(t)
	}
	valid == {
		"2024-02-29T00:00:00Z", "2000-02-29T00:00:00Z", "2024-05-01t10:00:00.123z", "2024-05-01T10:00:00+02:00",
		"2024-05-01T10:00:00.5-05:30", "1900-01-01T00:00:00Z", "2199-12-31T23:59:59Z",
	}
	lib.rfc3339_ns("2024-05-01T10:00:00+02:00") == lib.rfc3339_ns("2024-05-01T08:00:00Z")
}
