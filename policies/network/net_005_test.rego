package archcheck.rules.network.net_005_test

import data.archcheck.rules.network.net_005
import rego.v1

subnet(id, tier) := {"id": id, "native_id": id, "vpc_id": "vpc-1", "tier": tier, "tier_source": "tag", "environment": "prod"}

res(id, fields) := object.union({"id": id, "native_id": id, "environment": "prod"}, fields)

subnets := {
	"pub-1": subnet("pub-1", "public"),
	"pub-2": subnet("pub-2", "public"),
	"app-1": subnet("app-1", "app"),
	"data-1": subnet("data-1", "data"),
	"nt-1": object.remove(subnet("nt-1", null), ["tier", "tier_source"]),
}

inputs := {"aws": {
	"subnets": subnets,
	"db_subnet_groups": {
		"g-mixed": res("g-mixed", {"name": "prod-db-mixed", "subnet_ids": ["data-1", "pub-1"]}),
		"g-data": res("g-data", {"subnet_ids": ["data-1"]}),
	},
	"rds_clusters": {"c-aurora": res("c-aurora", {"db_subnet_group_id": "g-mixed"})},
	"rds_instances": {
		"db-bad": res("db-bad", {"name": "prod-db", "db_subnet_group_id": "g-mixed"}),
		"db-ok": res("db-ok", {"db_subnet_group_id": "g-data"}),
		"db-aurora-member": res("db-aurora-member", {"cluster_id": "c-aurora"}),
	},
	"eks_node_groups": {
		"ng-bad": res("ng-bad", {"name": "system", "subnet_ids": ["app-1", "pub-1", "pub-2"]}),
		"ng-ok": res("ng-ok", {"subnet_ids": ["app-1"]}),
	},
	"ec2_instances": {
		"i-karp": res("i-karp", {"subnet_id": "pub-1", "tags": {"karpenter.sh/nodepool": "general", "eks:cluster-name": "prod"}}),
		"i-node-ok": res("i-node-ok", {"subnet_id": "app-1", "tags": {"eks:cluster-name": "prod"}}),
		"i-web": res("i-web", {"subnet_id": "pub-1", "tags": {"Name": "bastion"}}),
		"i-gone": res("i-gone", {"subnet_id": "pub-1", "state": "terminated", "tags": {"eks:cluster-name": "prod"}}),
	},
	"eks_clusters": {
		"c-bad": res("c-bad", {"subnet_ids": ["app-1", "data-1", "pub-2"]}),
		"c-ok": res("c-ok", {"subnet_ids": ["app-1"]}),
	},
}}

message(id) := {f.message | some f in net_005.deny with input as inputs; f.resource == id}

test_exactly_the_misplaced_resources_fail if {
	ids := {f.resource | some f in net_005.deny with input as inputs}
	ids == {"db-bad", "db-aurora-member", "ng-bad", "i-karp", "c-bad"}
}

test_message_for_a_database if {
	message("db-bad") == {"RDS instance db-bad (prod-db) uses DB subnet group g-mixed (prod-db-mixed), which includes public subnet pub-1; databases must never sit in a public subnet"}
}

test_message_for_an_aurora_member_names_its_cluster if {
	message("db-aurora-member") == {"DB instance db-aurora-member of cluster c-aurora uses DB subnet group g-mixed (prod-db-mixed), which includes public subnet pub-1; databases must never sit in a public subnet"}
}

test_message_for_a_node_group if {
	message("ng-bad") == {"EKS node group ng-bad (system) launches nodes in public subnets pub-1, pub-2; EKS nodes must never sit in a public subnet"}
}

test_message_for_a_node_instance if {
	message("i-karp") == {"EKS node instance i-karp (cluster prod, NodePool general) sits in public subnet pub-1; EKS nodes must never sit in a public subnet"}
}

test_message_for_a_cluster if {
	message("c-bad") == {"EKS cluster c-bad has non-app subnets in its vpc_config: data-1 (data tier), pub-2 (public tier); an EKS cluster's own subnets must be app subnets"}
}

test_compliant_input_produces_nothing if {
	inp := {"aws": {
		"subnets": subnets,
		"db_subnet_groups": {"g-data": inputs.aws.db_subnet_groups["g-data"]},
		"rds_instances": {"db-ok": inputs.aws.rds_instances["db-ok"]},
		"eks_node_groups": {"ng-ok": inputs.aws.eks_node_groups["ng-ok"]},
		"ec2_instances": {"i-node-ok": inputs.aws.ec2_instances["i-node-ok"]},
		"eks_clusters": {"c-ok": inputs.aws.eks_clusters["c-ok"]},
	}}
	count(net_005.deny) == 0 with input as inp
	count(net_005.not_evaluated) == 0 with input as inp
}

not_evaluated(inp) := {n.resource: n.reason | some n in net_005.not_evaluated with input as inp}

test_database_without_known_subnet_group_is_not_evaluated if {
	inp := {"aws": {
		"subnets": subnets,
		"db_subnet_groups": {},
		"rds_instances": {
			"db-nogroup": res("db-nogroup", {}),
			"db-missing": res("db-missing", {"db_subnet_group_id": "g-x"}),
		},
	}}
	not_evaluated(inp) == {
		"db-nogroup": "its DB subnet group is not known",
		"db-missing": "its DB subnet group g-x is not in the input",
	}
	count(net_005.deny) == 0 with input as inp
}

test_subnets_without_tier_make_resources_not_evaluated if {
	inp := {"aws": {
		"subnets": subnets,
		"db_subnet_groups": {"g-nt": res("g-nt", {"subnet_ids": ["data-1", "nt-1"]})},
		"rds_instances": {"db-nt": res("db-nt", {"db_subnet_group_id": "g-nt"})},
		"eks_node_groups": {"ng-nt": res("ng-nt", {"subnet_ids": ["app-1", "nt-1"]})},
		"ec2_instances": {"i-nt": res("i-nt", {"subnet_id": "nt-1", "tags": {"eks:cluster-name": "prod"}})},
		"eks_clusters": {"c-nt": res("c-nt", {"subnet_ids": ["app-1", "nt-1"]})},
	}}
	ne := not_evaluated(inp)
	ne == {
		"db-nt": "the tier of subnet nt-1 is not known",
		"ng-nt": "the tier of subnet nt-1 is not known",
		"i-nt": "the tier of subnet nt-1 is not known",
		"c-nt": "the tier of subnet nt-1 is not known",
	}
	count(net_005.deny) == 0 with input as inp
}

test_a_failing_resource_is_not_also_not_evaluated if {
	inp := {"aws": {
		"subnets": subnets,
		"eks_node_groups": {"ng": res("ng", {"subnet_ids": ["pub-1", "nt-1"]})},
	}}
	{f.resource | some f in net_005.deny with input as inp} == {"ng"}
	count(net_005.not_evaluated) == 0 with input as inp
}
