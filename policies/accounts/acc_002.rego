# ACC-002: a resource's environment tag agrees with its account's environment.
#
# Judged on the taggable top-level resources (data.archcheck.lib.acc_tagged_collections:
# VPCs, subnets, security groups, load balancers, EC2 instances, RDS
# instances, DB clusters, EKS clusters), without what AWS creates by itself
# (default VPCs, their subnets, default security groups). Two findings:
# - an environment tag (each of the keys `Environment`, `env`,
#   `environment` that is present) disagrees with the environment(s) the
#   architecture file maps the resource's account to: its value, normalised
#   as the normaliser does (production/prd -> prod, stage/stg -> staging,
#   development/develop -> dev, plus each environment's `tag_values`),
#   names another environment, or no environment at all. Resources of
#   accounts the architecture file does not map are not compared;
# - the resource's environment is `unknown` (the normaliser found no
#   account mapping, tag, VPC or --environment for it): it is judged with
#   the default environment's parameters, which may not be the right ones.
package archcheck.rules.accounts.acc_002

import data.archcheck.lib
import rego.v1

metadata := {
	"id": "ACC-002",
	"title": "Environment tags agree with the account's environment",
	"severity": "medium",
	"description": "Every resource's Environment tag names the environment its account holds (as mapped in the architecture file), and every resource has a known environment. A prod-tagged resource in the development account, or a dev-tagged one in the production account, means a workload in the wrong account (or a wrong tag that skews cost allocation and tag-based access control); a resource of unknown environment is judged with the default environment's parameters.",
	"remediation": "Move the resource to its environment's account, or correct its Environment tag; map every scanned account to its environment(s) in the architecture file (environments.<name>.accounts), or tag the resource, so its environment is known.",
	"architecture": {
		"sections": ["000 §1", "002 §2.1", "003 §1", "004 §1.1"],
		"quote": "Production workloads only",
	},
	"parameters": [],
	"inputs": ["aws.vpcs", "aws.subnets", "aws.security_groups", "aws.load_balancers", "aws.ec2_instances", "aws.rds_instances", "aws.rds_clusters", "aws.eks_clusters"],
	"judges": "aws.vpcs",
}

env_tag_keys := ["Environment", "env", "environment"]

environments := data.archcheck.architecture.environments

# account -> environments the architecture file maps it to (built once).
account_envs[account] contains env if {
	some env, e in environments
	some account in object.get(e, "accounts", [])
}

# Usual spellings of the environment names, as the normaliser reads them.
aliases := {"production": "prod", "prd": "prod", "stage": "staging", "stg": "staging", "development": "dev", "develop": "dev"}

# [lower-case tag value, environment it names]: the names themselves, the
# usual spellings, each environment's tag_values.
value_pairs contains [env, env] if some env, _ in environments

value_pairs contains [alias, env] if {
	some alias, env in aliases
	environments[env]
}

value_pairs contains [lower(t), env] if {
	some env, e in environments
	some t in object.get(e, "tag_values", [])
}

# Lower-case tag value -> the environment it names (built once; the first
# environment in name order when two claim the same value).
value_env := {v: min({e | some [v2, e] in value_pairs; v2 == v}) | some [v, _] in value_pairs}

names_text(envs) := concat(" and ", sort(envs))

# What is wrong with a tag value in an account mapped to `envs`.
disagreement(value, envs) := sprintf("which names the %s environment", [env]) if {
	env := value_env[lower(trim_space(value))]
	not env in envs
} else := "which names no environment of the architecture" if {
	not value_env[lower(trim_space(value))]
}

deny contains lib.finding(r, msg) if {
	some [collection, word] in data.archcheck.lib.acc_tagged_collections
	some r in input.aws[collection]
	envs := account_envs[r.account_id]
	some key in env_tag_keys
	value := r.tags[key]
	not value_env[lower(trim_space(value))] in envs
	not data.archcheck.lib.acc_aws_created[r.id]
	problem := disagreement(value, envs)
	msg := sprintf("%s is tagged %s=%s, %s, but the architecture file maps its account %s to %s; a resource's environment tag must agree with its account's environment", [
		lib.acc_resource_label(word, r), key, value, problem, r.account_id, names_text(envs),
	])
}

deny contains lib.finding(r, msg) if {
	some [collection, word] in data.archcheck.lib.acc_tagged_collections
	some r in input.aws[collection]
	object.get(r, "environment", "unknown") == "unknown"
	not data.archcheck.lib.acc_aws_created[r.id]
	msg := sprintf("%s has no known environment: %s; it is judged with the %s environment's parameters until its account is mapped in the architecture file or it carries an Environment tag", [
		lib.acc_resource_label(word, r), unknown_reason(r), data.archcheck.architecture.default_environment,
	])
}

unknown_reason(r) := sprintf("its account %s holds %s and no environment tag names one of them", [r.account_id, names_text(account_envs[r.account_id])]) if {
	count(account_envs[r.account_id]) > 1
} else := sprintf("its account %s is not mapped to an environment and no environment tag names one", [r.account_id]) if {
	object.get(r, "account_id", "") != ""
} else := "its account is not known and no environment tag names an environment"
