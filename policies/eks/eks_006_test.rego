package archcheck.rules.eks.eks_006_test

import data.archcheck.rules.eks.eks_006
import rego.v1

res(id, account, env) := {"id": id, "native_id": id, "name": id, "account_id": account, "environment": env, "environment_source": "tag"}

cluster(id, account, env, vpc, subnets) := object.union(res(id, account, env), {"vpc_id": vpc, "subnet_ids": subnets})

# Development account 2: dev and staging, each in its own cluster; dev-eks
# also runs a staging namespace, shared-eks has a node group of staging.
# Production account 1: prod only; account 3 holds prod and a dev VPC.
inputs := {
	"aws": {
		"vpcs": {
			"dev-vpc": res("dev-vpc", "2", "dev"),
			"staging-vpc": res("staging-vpc", "2", "staging"),
			"prod-vpc": res("prod-vpc", "1", "prod"),
			"p3-vpc": res("p3-vpc", "3", "prod"),
			"d3-vpc": res("d3-vpc", "3", "dev"),
			"default-3": object.union(res("default-3", "3", "unknown"), {"is_default": true}),
		},
		"subnets": {
			"dev-a": res("dev-a", "2", "dev"),
			"staging-a": res("staging-a", "2", "staging"),
			"prod-a": res("prod-a", "1", "prod"),
			"p3-a": res("p3-a", "3", "prod"),
		},
		"eks_clusters": {
			"dev-eks": cluster("dev-eks", "2", "dev", "dev-vpc", ["dev-a"]),
			"staging-eks": cluster("staging-eks", "2", "staging", "staging-vpc", ["staging-a"]),
			"shared-eks": cluster("shared-eks", "2", "dev", "dev-vpc", ["dev-a"]),
			"prod-eks": cluster("prod-eks", "1", "prod", "prod-vpc", ["prod-a"]),
			"p3-eks": cluster("p3-eks", "3", "prod", "p3-vpc", ["p3-a"]),
		},
		"eks_node_groups": {
			"ng-shared": object.union(res("ng-shared", "2", "staging"), {"cluster_id": "shared-eks"}),
			"ng-prod": object.union(res("ng-prod", "1", "prod"), {"cluster_id": "prod-eks"}),
			"ng-flag": object.union(object.union(res("ng-flag", "1", "dev"), {"environment_source": "flag"}), {"cluster_id": "prod-eks"}),
		},
	},
	"k8s": {
		"clusters": {"ctx-dev": {"id": "ctx-dev", "name": "ctx-dev", "eks_cluster_id": "dev-eks", "environment": "unknown", "environment_source": "unknown"}},
		"namespaces": {
			"ctx-dev/Namespace/web": {"id": "ctx-dev/Namespace/web", "cluster": "ctx-dev", "name": "web", "environment": "dev", "environment_source": "tag"},
			"ctx-dev/Namespace/web-stg": {"id": "ctx-dev/Namespace/web-stg", "cluster": "ctx-dev", "name": "web-stg", "environment": "staging", "environment_source": "tag"},
			"ctx-dev/Namespace/kube-system": {"id": "ctx-dev/Namespace/kube-system", "cluster": "ctx-dev", "name": "kube-system", "environment": "unknown", "environment_source": "unknown"},
		},
	},
}

test_exactly_the_shared_clusters_fail if {
	ids := {f.resource | some f in eks_006.deny with input as inputs}
	ids == {"dev-eks", "shared-eks", "p3-eks"}
}

test_message_two_environments if {
	some f in eks_006.deny with input as inputs
	f.resource == "dev-eks"
	f.message == "EKS cluster dev-eks serves 2 environments: dev (VPC dev-vpc, namespace web, subnet dev-a and 1 more), staging (namespace web-stg); each environment must have its own cluster"
}

test_message_prod_account_shared if {
	some f in eks_006.deny with input as inputs
	f.resource == "p3-eks"
	f.message == "EKS cluster p3-eks (prod) is in account 3, which also holds dev (VPC d3-vpc); prod must share its account with no other environment"
}

test_compliant_organisation_produces_nothing if {
	inp := {"aws": {
		"vpcs": {k: inputs.aws.vpcs[k] | some k in ["dev-vpc", "staging-vpc", "prod-vpc"]},
		"subnets": inputs.aws.subnets,
		"eks_clusters": {k: inputs.aws.eks_clusters[k] | some k in ["dev-eks", "staging-eks", "prod-eks"]},
		"eks_node_groups": {"ng-prod": inputs.aws.eks_node_groups["ng-prod"]},
	}}
	count(eks_006.deny) == 0 with input as inp
}

test_cluster_listed_for_two_environments if {
	inp := {"aws": {"eks_clusters": {"arn:aws:eks:us-east-1:1:cluster/x": object.union(cluster("arn:aws:eks:us-east-1:1:cluster/x", "1", "prod", "v", []), {"native_id": "x", "name": "x"})}}}
	envs := {
		"prod": {"class": "prod", "accounts": [], "clusters": ["x"]},
		"staging": {"class": "non-prod", "accounts": [], "clusters": ["arn:aws:eks:us-east-1:1:cluster/x"]},
	}
	some f in eks_006.deny with input as inp with data.archcheck.architecture.environments as envs
	f.message == "EKS cluster x serves 2 environments: prod (the architecture file's cluster list, the cluster itself), staging (the architecture file's cluster list); each environment must have its own cluster"
}

test_account_mapped_to_prod_and_staging if {
	inp := {"aws": {"eks_clusters": {"prod-eks": inputs.aws.eks_clusters["prod-eks"]}}}
	envs := {
		"prod": {"class": "prod", "accounts": ["1"], "clusters": []},
		"staging": {"class": "non-prod", "accounts": ["1"], "clusters": []},
	}
	some f in eks_006.deny with input as inp with data.archcheck.architecture.environments as envs
	f.message == "EKS cluster prod-eks (prod) is in account 1, which also holds staging (the architecture file's account mapping); prod must share its account with no other environment"
}
