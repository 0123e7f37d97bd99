# EKS-004: the Kubernetes version is at least the minimum.
#
# The cluster's `version` ("1.34") and the environment's `eks_min_version`
# ("1.33") are compared numerically as major.minor (so 1.9 < 1.10); a
# leading "v" and any patch part are ignored. A cluster whose version is
# empty (a plan that leaves it to the EKS default) or not of the form
# MAJOR.MINOR is not evaluated.
package archcheck.rules.eks.eks_004

import data.archcheck.lib
import rego.v1

metadata := {
	"id": "EKS-004",
	"title": "EKS Kubernetes version is current",
	"severity": "medium",
	"description": "The cluster runs a Kubernetes version no older than the minimum the architecture sets (eks_min_version, by default 1.33: one minor version behind document 000's 1.34). Older versions leave EKS standard support (14 months per version, then paid extended support), stop receiving fixes, and block add-on and Karpenter upgrades.",
	"remediation": "Upgrade the control plane one minor version at a time (aws eks update-cluster-version, or the version argument in Terraform) after checking deprecated APIs (kubent, EKS upgrade insights), then the node groups and add-ons.",
	"architecture": {
		"sections": ["000 §3.1", "004 §3.1"],
		"quote": "Kubernetes Version: 1.34 (latest stable)",
	},
	"parameters": ["eks_min_version"],
	"inputs": ["aws.eks_clusters"],
	"judges": "aws.eks_clusters",
}

# [major, minor] of "1.34", "v1.34", "1.34.2"; undefined for anything else.
parse(v) := [major, minor] if {
	is_string(v)
	parts := split(trim_prefix(trim_space(v), "v"), ".")
	count(parts) >= 2
	major := number(parts[0])
	minor := number(parts[1])
}

# The value of a string of decimal digits; undefined for anything else
# (regorus's to_number raises an error on leading zeros and on non-numbers).
number(s) := 0 if {
	s != ""
	trim_left(s, "0") == ""
} else := to_number(trim_left(s, "0")) if {
	s != ""
	trim_left(s, "0123456789") == ""
}

older(a, b) if a[0] < b[0]

older(a, b) if {
	a[0] == b[0]
	a[1] < b[1]
}

version(cluster) := object.get(cluster, "version", "")

deny contains lib.finding(cluster, msg) if {
	some cluster in input.aws.eks_clusters
	minimum := lib.params(cluster).eks_min_version
	older(parse(version(cluster)), parse(minimum))
	msg := sprintf("EKS cluster %s runs Kubernetes %s; the %s environment requires %s or later", [
		lib.label(cluster), version(cluster), lib.env_of(cluster), minimum,
	])
}

not_evaluated contains lib.not_evaluated(cluster, "its Kubernetes version is not known (a plan that leaves it to the EKS default)") if {
	some cluster in input.aws.eks_clusters
	version(cluster) in {"", null}
}

not_evaluated contains lib.not_evaluated(cluster, sprintf("its Kubernetes version %q is not of the form MAJOR.MINOR", [version(cluster)])) if {
	some cluster in input.aws.eks_clusters
	not version(cluster) in {"", null}
	not parse(version(cluster))
}
