package archcheck.rules.eks.eks_004_test

import data.archcheck.rules.eks.eks_004
import rego.v1

cluster(id, v) := {"id": id, "native_id": id, "name": id, "environment": "prod", "version": v}

inputs := {"aws": {"eks_clusters": {
	"current": cluster("current", "1.34"),
	"minimum": cluster("minimum", "1.33"),
	"old": cluster("old", "1.29"),
	"ancient": cluster("ancient", "1.9"),
	"patch": cluster("patch", "v1.32.5"),
	"plan": cluster("plan", ""),
	"weird": cluster("weird", "latest"),
}}}

test_exactly_the_old_clusters_fail if {
	ids := {f.resource | some f in eks_004.deny with input as inputs}
	ids == {"old", "ancient", "patch"}
}

test_message if {
	some f in eks_004.deny with input as inputs
	f.resource == "old"
	f.message == "EKS cluster old runs Kubernetes 1.29; the prod environment requires 1.33 or later"
}

test_compliant_cluster_produces_nothing if {
	count(eks_004.deny) == 0 with input as {"aws": {"eks_clusters": {"current": cluster("current", "1.34"), "minimum": cluster("minimum", "1.33")}}}
}

test_minor_compared_numerically if {
	ids := {f.resource | some f in eks_004.deny with input as inputs with data.archcheck.params.prod.eks_min_version as "1.10"}
	ids == {"ancient"}
}

test_min_version_parameter if {
	ids := {f.resource | some f in eks_004.deny with input as inputs with data.archcheck.params.prod.eks_min_version as "1.34"}
	ids == {"minimum", "old", "ancient", "patch"}
}

test_unknown_versions_are_not_evaluated if {
	ne := eks_004.not_evaluated with input as inputs
	{n.resource | some n in ne} == {"plan", "weird"}
	some n in ne
	n.resource == "weird"
	n.reason == "its Kubernetes version \"latest\" is not of the form MAJOR.MINOR"
}

test_zero_minor if {
	ids := {f.resource | some f in eks_004.deny with input as {"aws": {"eks_clusters": {"z": cluster("z", "1.0"), "y": cluster("y", "2.00")}}}}
	ids == {"z"}
}
