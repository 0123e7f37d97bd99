package archcheck.rules.eks.eks_003_test

import data.archcheck.rules.eks.eks_003
import rego.v1

cluster(id, types) := {"id": id, "native_id": id, "name": id, "environment": "prod", "enabled_log_types": types}

inputs := {"aws": {"eks_clusters": {
	"all": cluster("all", ["api", "audit", "authenticator", "scheduler"]),
	"no-audit": cluster("no-audit", ["api", "authenticator"]),
	"none": cluster("none", []),
	"absent": object.remove(cluster("absent", []), {"enabled_log_types"}),
}}}

test_exactly_the_clusters_missing_logs_fail if {
	ids := {f.resource | some f in eks_003.deny with input as inputs}
	ids == {"no-audit", "none", "absent"}
}

test_message if {
	some f in eks_003.deny with input as inputs
	f.resource == "no-audit"
	f.message == "EKS cluster no-audit does not send the audit control-plane logs to CloudWatch (enabled: api, authenticator); the prod environment requires api, audit, authenticator"
}

test_message_none_enabled if {
	some f in eks_003.deny with input as inputs
	f.resource == "none"
	f.message == "EKS cluster none does not send the api, audit, authenticator control-plane logs to CloudWatch (enabled: none); the prod environment requires api, audit, authenticator"
}

test_compliant_cluster_produces_nothing if {
	count(eks_003.deny) == 0 with input as {"aws": {"eks_clusters": {"all": inputs.aws.eks_clusters.all}}}
}

test_log_types_parameter if {
	ids := {f.resource | some f in eks_003.deny with input as inputs with data.archcheck.params.prod.eks_log_types as ["api", "scheduler"]}
	ids == {"no-audit", "none", "absent"}
	ids2 := {f.resource | some f in eks_003.deny with input as inputs with data.archcheck.params.prod.eks_log_types as ["authenticator"]}
	ids2 == {"none", "absent"}
}
