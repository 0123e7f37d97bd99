# EKS-006: each environment has its own cluster.
#
# Two checks, both on EKS clusters:
# 1. No cluster serves two environments. The environments a cluster serves
#    are its own and those of: its VPC, its subnets, its managed node
#    groups, the architecture file's `clusters` lists that name it (ARN,
#    id or name), and, when the Kubernetes side was scanned too, the
#    Kubernetes cluster matched to it (`eks_cluster_id`) and that
#    cluster's namespaces (a namespace labelled `environment: staging` in
#    the prod cluster makes it serve staging). More than one fails.
# 2. Prod shares an account with no other environment: a cluster of a
#    prod-class environment fails when its account also holds a non-prod
#    environment: an environment the architecture file maps to the account,
#    or the environment of a (non-default) VPC or EKS cluster in it.
# Only environments the normaliser decided from the account, a tag, the
# VPC or the cluster mapping count: `unknown` ones and those given with
# --environment say nothing about the resource. Resources whose account a
# plan does not know are left out of check 2. A second prod-class
# environment in the prod account is not a finding (check 2 is about
# non-prod workloads next to prod).
package archcheck.rules.eks.eks_006

import data.archcheck.lib
import rego.v1

metadata := {
	"id": "EKS-006",
	"title": "Each environment has its own EKS cluster and prod its own account",
	"severity": "high",
	"description": "Every environment runs in its own EKS cluster: a cluster's VPC, subnets, node groups and namespaces all belong to one environment, and no cluster is listed for two environments. A prod cluster's account holds no non-prod environment. Sharing a cluster or an account between prod and anything else lets a mistake or a compromise in a test environment reach production (shared nodes, RBAC, IAM and quotas).",
	"remediation": "Give each environment its own cluster (and move namespaces of other environments to their environment's cluster); move non-prod VPCs and clusters out of the production account, or fix the architecture file's account and cluster mapping if it is wrong.",
	"architecture": {
		"sections": ["000 §1", "000 §3.1", "001 §2", "001 §4.1", "003 §3"],
		"quote": "Separate clusters per environment provide strong isolation and prevent accidental production changes.",
	},
	"parameters": [],
	"inputs": ["aws.eks_clusters", "aws.eks_node_groups", "aws.vpcs", "aws.subnets", "k8s.clusters", "k8s.namespaces"],
	"judges": "aws.eks_clusters",
}

environments := data.archcheck.architecture.environments

# The environment a resource was given from what it is (account, tag, VPC,
# cluster mapping), not a fallback.
known_env(r) := env if {
	env := object.get(r, "environment", "")
	not env in {"", "unknown"}
	object.get(r, "environment_source", "") != "flag"
}

# --- 1. Environments each cluster serves ------------------------------------

# Architecture file: cluster key -> environments that list it.
listed_in[key] contains env if {
	some env, e in environments
	some key in object.get(e, "clusters", [])
}

# Node groups: cluster id -> [environment, what].
node_group_envs[ng.cluster_id] contains [env, sprintf("node group %s", [lib.label(ng)])] if {
	some ng in input.aws.eks_node_groups
	env := known_env(ng)
}

# Kubernetes clusters matched to an EKS cluster: EKS id -> Kubernetes id.
k8s_clusters_of[c.eks_cluster_id] contains c.id if {
	some c in input.k8s.clusters
	is_string(c.eks_cluster_id)
}

# Namespaces: Kubernetes cluster id -> [environment, what].
namespace_envs[ns.cluster] contains [env, sprintf("namespace %s", [ns.name])] if {
	some ns in input.k8s.namespaces
	env := known_env(ns)
}

keys(cluster) := {k | some k in [cluster.id, object.get(cluster, "arn", ""), object.get(cluster, "native_id", ""), object.get(cluster, "name", "")]; is_string(k); k != ""}

serves(cluster) := {[env, what] | env := known_env(cluster); what := "the cluster itself"} |
	{[env, what] | env := known_env(input.aws.vpcs[cluster.vpc_id]); what := sprintf("VPC %s", [lib.vpc_label(cluster.vpc_id)])} |
	{[env, what] | some s in object.get(cluster, "subnet_ids", []); env := known_env(input.aws.subnets[s]); what := sprintf("subnet %s", [lib.label(input.aws.subnets[s])])} |
	{pair | some pair in node_group_envs[cluster.id]} |
	{[env, "the architecture file's cluster list"] | some k in keys(cluster); some env in listed_in[k]} |
	{[env, what] | some kid in k8s_clusters_of[cluster.id]; env := known_env(input.k8s.clusters[kid]); what := sprintf("Kubernetes cluster %s", [kid])} |
	{pair | some kid in k8s_clusters_of[cluster.id]; some pair in namespace_envs[kid]}

# "dev (the cluster itself, VPC dev-vpc), staging (namespace web)": at most
# three sources per environment.
serving_text(pairs, envs) := concat(", ", [sprintf("%s (%s)", [env, shortlist(sort({w | some [e, w] in pairs; e == env}))]) | some env in sort(envs)])

shortlist(items) := concat(", ", items) if count(items) <= 3
else := sprintf("%s and %d more", [concat(", ", array.slice(items, 0, 3)), count(items) - 3])

deny contains lib.finding(cluster, msg) if {
	some cluster in input.aws.eks_clusters
	pairs := serves(cluster)
	envs := {env | some [env, _] in pairs}
	count(envs) > 1
	msg := sprintf("EKS cluster %s serves %d environments: %s; each environment must have its own cluster", [
		lib.label(cluster), count(envs), serving_text(pairs, envs),
	])
}

# --- 2. Prod shares its account with no non-prod environment ----------------

prod_class(env) if environments[env].class == "prod"

non_prod_class(env) if environments[env].class == "non-prod"

# account -> [non-prod environment, what holds it] (built once).
non_prod_in_account[account] contains [env, "the architecture file's account mapping"] if {
	some env, e in environments
	non_prod_class(env)
	some account in object.get(e, "accounts", [])
}

non_prod_in_account[vpc.account_id] contains [env, sprintf("VPC %s", [lib.label(vpc)])] if {
	some vpc in input.aws.vpcs
	not vpc.is_default
	object.get(vpc, "account_id", "") != ""
	env := known_env(vpc)
	non_prod_class(env)
}

non_prod_in_account[c.account_id] contains [env, sprintf("EKS cluster %s", [lib.label(c)])] if {
	some c in input.aws.eks_clusters
	object.get(c, "account_id", "") != ""
	env := known_env(c)
	non_prod_class(env)
}

deny contains lib.finding(cluster, msg) if {
	some cluster in input.aws.eks_clusters
	env := known_env(cluster)
	prod_class(env)
	pairs := non_prod_in_account[cluster.account_id]
	others := {e | some [e, _] in pairs}
	msg := sprintf("EKS cluster %s (%s) is in account %s, which also holds %s; prod must share its account with no other environment", [
		lib.label(cluster), env, cluster.account_id, serving_text(pairs, others),
	])
}
