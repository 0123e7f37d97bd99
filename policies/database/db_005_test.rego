package archcheck.rules.database.db_005_test

import data.archcheck.rules.database.db_005
import rego.v1

subnet(id, tier, az, az_id) := {
	"id": id, "native_id": id, "vpc_id": "vpc-1", "environment": "prod", "tier": tier, "tier_source": "name",
	"availability_zone": az, "availability_zone_id": az_id,
}

group(id, subnets) := {"id": id, "native_id": id, "vpc_id": "vpc-1", "environment": "prod", "subnet_ids": subnets}

db(id, group_id) := {"id": id, "native_id": id, "environment": "prod", "engine": "postgres", "db_subnet_group_id": group_id}

inputs := {"aws": {
	"vpcs": {"vpc-1": {"id": "vpc-1", "native_id": "vpc-1", "name": "prod-vpc"}},
	"subnets": {
		"data-a": subnet("data-a", "data", "us-east-1a", "use1-az1"),
		"data-b": subnet("data-b", "data", "us-east-1b", "use1-az2"),
		"data-a2": subnet("data-a2", "data", "us-east-1a", "use1-az1"),
		"app-b": subnet("app-b", "app", "us-east-1b", "use1-az2"),
		"public-c": subnet("public-c", "public", "us-east-1c", "use1-az4"),
		# no AZ ID: the AZ name is used
		"data-c-name": object.remove(subnet("data-c-name", "data", "us-east-1c", ""), ["availability_zone_id"]),
	},
	"db_subnet_groups": {
		"ok": group("ok", ["data-a", "data-b"]),
		"ok-by-name": group("ok-by-name", ["data-a", "data-c-name"]),
		"one-az": group("one-az", ["data-a", "data-a2"]),
		"mixed": group("mixed", ["data-a", "app-b", "public-c"]),
		# unused: not judged
		"default": group("default", ["public-c"]),
	},
	"rds_instances": {
		"db-ok": db("db-ok", "ok"),
		"db-name": db("db-name", "ok-by-name"),
		"db-one-az": db("db-one-az", "one-az"),
		"member": object.union(db("member", "mixed"), {"cluster_id": "aurora"}),
	},
	"rds_clusters": {"aurora": object.union(db("aurora", "mixed"), {"engine": "aurora-postgresql", "members": []})},
}}

test_exactly_the_bad_groups_fail if {
	ids := {f.resource | some f in db_005.deny with input as inputs}
	ids == {"one-az", "mixed"}
}

test_one_finding_per_non_data_subnet if {
	msgs := {f.message | some f in db_005.deny with input as inputs; f.resource == "mixed"}
	msgs == {
		"DB subnet group mixed holds subnet app-b (app tier, prod-vpc, us-east-1b); a DB subnet group must hold only data subnets",
		"DB subnet group mixed holds subnet public-c (public tier, prod-vpc, us-east-1c); a DB subnet group must hold only data subnets",
	}
}

test_message_for_a_single_az if {
	some f in db_005.deny with input as inputs
	f.resource == "one-az"
	f.message == "DB subnet group one-az spans 1 AZ (use1-az1) with its subnets [data-a, data-a2]; a DB subnet group must span at least 2 AZs"
}

test_compliant_groups_produce_nothing if {
	inp := {"aws": {
		"vpcs": inputs.aws.vpcs,
		"subnets": inputs.aws.subnets,
		"db_subnet_groups": {"ok": inputs.aws.db_subnet_groups.ok, "default": inputs.aws.db_subnet_groups["default"]},
		"rds_instances": {"db-ok": inputs.aws.rds_instances["db-ok"]},
	}}
	count(db_005.deny) == 0 with input as inp
	count(db_005.not_evaluated) == 0 with input as inp
}

test_subnet_missing_from_the_snapshot_is_not_evaluated if {
	inp := {"aws": {
		"subnets": inputs.aws.subnets,
		"db_subnet_groups": {"g": group("g", ["data-a", "subnet-gone"])},
		"rds_clusters": {"c": db("c", "g")},
	}}
	count(db_005.deny) == 0 with input as inp
	ne := db_005.not_evaluated with input as inp
	ne == {
		{"resource": "g", "reason": "DB subnet group g names subnets that are not in the snapshot, whose tier and AZ are not known: subnet-gone"},
	}
}

test_missing_subnet_does_not_hide_a_known_public_subnet if {
	inp := {"aws": {
		"subnets": inputs.aws.subnets,
		"db_subnet_groups": {"g": group("g", ["public-c", "subnet-gone"])},
		"rds_clusters": {"c": db("c", "g")},
	}}
	{f.resource | some f in db_005.deny with input as inp} == {"g"}
	{n.resource | some n in db_005.not_evaluated with input as inp} == {"g"}
}

test_unknown_azs_in_a_plan_are_not_evaluated if {
	no_az := object.remove(subnet("data-x", "data", "", ""), ["availability_zone", "availability_zone_id"])
	inp := {"aws": {
		"subnets": {"data-a": inputs.aws.subnets["data-a"], "data-x": no_az},
		"db_subnet_groups": {"g": group("g", ["data-a", "data-x"])},
		"rds_instances": {"d": db("d", "g")},
	}}
	count(db_005.deny) == 0 with input as inp
	ne := db_005.not_evaluated with input as inp
	ne == {{"resource": "g", "reason": "DB subnet group g spans 1 AZ (use1-az1) among the subnets whose AZ is known, and the AZ of data-x is not known (a plan)"}}
}

test_database_without_a_known_subnet_group_is_not_evaluated if {
	inp := {"aws": {
		"db_subnet_groups": {},
		"rds_instances": {
			"elsewhere": db("elsewhere", "gone"),
			"none": object.remove(db("none", ""), ["db_subnet_group_id"]),
			"member": object.union(db("member", "gone"), {"cluster_id": "c"}),
		},
		"rds_clusters": {"c": db("c", "gone-too")},
	}}
	ne := db_005.not_evaluated with input as inp
	ne == {
		{"resource": "elsewhere", "reason": "its DB subnet group gone is not in the snapshot"},
		{"resource": "none", "reason": "it names no DB subnet group (AWS would use the default VPC's default DB subnet group)"},
		{"resource": "c", "reason": "its DB subnet group gone-too is not in the snapshot"},
	}
}

test_subnet_of_unknown_tier_is_not_evaluated if {
	untiered := object.remove(subnet("subnet-x", "data", "us-east-1b", "use1-az2"), ["tier", "tier_source"])
	inp := {"aws": {
		"subnets": {"data-a": inputs.aws.subnets["data-a"], "subnet-x": untiered},
		"db_subnet_groups": {"g": group("g", ["data-a", "subnet-x"])},
		"rds_instances": {"d": db("d", "g")},
	}}
	count(db_005.deny) == 0 with input as inp
	ne := db_005.not_evaluated with input as inp
	ne == {{"resource": "g", "reason": "DB subnet group g holds subnets whose tier is not known (no tier tag or name, and no known route table): subnet-x"}}
}

# data_tier false (document 002): app subnets are allowed, public ones not.
test_without_a_data_tier_app_subnets_are_allowed if {
	findings := {[f.resource, f.message] | some f in db_005.deny with input as inputs with data.archcheck.params.prod.data_tier as false}
	findings == {
		["one-az", "DB subnet group one-az spans 1 AZ (use1-az1) with its subnets [data-a, data-a2]; a DB subnet group must span at least 2 AZs"],
		["mixed", "DB subnet group mixed holds subnet public-c (public tier, prod-vpc, us-east-1c); a DB subnet group must hold only data or app subnets"],
	}
}
