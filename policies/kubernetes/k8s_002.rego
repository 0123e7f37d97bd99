# K8S-002: every application namespace has a ResourceQuota and a LimitRange.
#
# Judged: every Namespace that is an application namespace and holds at least
# one workload (as K8S-001; workloads of unknown namespace count for none).
# A ResourceQuota counts only when it sets at least one hard limit, and a
# LimitRange only when it has at least one limit item: an empty one is
# accepted by the API but constrains nothing. The sizes themselves are not
# judged. Quotas and LimitRanges whose namespace is not known (manifests
# without metadata.namespace) count for no namespace.
package archcheck.rules.kubernetes.k8s_002

import data.archcheck.lib
import rego.v1

metadata := {
	"id": "K8S-002",
	"title": "Application namespaces have a ResourceQuota and a LimitRange",
	"severity": "medium",
	"description": "Every application namespace that runs workloads has a ResourceQuota that sets hard limits (so runaway pods cannot exhaust the cluster) and a LimitRange (so containers get default requests and limits and cannot ask for more than a maximum).",
	"remediation": "Add a ResourceQuota (for example `requests.cpu`, `requests.memory`, `limits.memory`, `pods`) and a LimitRange with `default`, `defaultRequest` and `max` for containers to the namespace, sized for its workloads.",
	"architecture": {
		"sections": ["000 §3.3", "001 §4.2", "003 §3"],
		"quote": "LimitRanges and ResourceQuotas enforced.",
	},
	"parameters": ["system_namespaces"],
	"inputs": ["k8s.namespaces", "k8s.workloads", "k8s.resource_quotas", "k8s.limit_ranges"],
	"judges": "k8s.namespaces",
}

# "cluster/namespace" of every namespace with a quota, and with a quota that sets a hard limit.
quota_namespaces contains lib.k8s_ns_key(q) if {
	some q in input.k8s.resource_quotas
	lib.k8s_namespace_known(q)
}

effective_quota_namespaces contains lib.k8s_ns_key(q) if {
	some q in input.k8s.resource_quotas
	lib.k8s_namespace_known(q)
	count(object.get(q, "hard", {})) > 0
}

limit_range_namespaces contains lib.k8s_ns_key(l) if {
	some l in input.k8s.limit_ranges
	lib.k8s_namespace_known(l)
}

effective_limit_range_namespaces contains lib.k8s_ns_key(l) if {
	some l in input.k8s.limit_ranges
	lib.k8s_namespace_known(l)
	count(object.get(l, "limits", [])) > 0
}

# What the namespace lacks, "" when nothing.
quota_gap(key) := "no ResourceQuota" if {
	not key in quota_namespaces
} else := "only ResourceQuotas that set no hard limit" if {
	not key in effective_quota_namespaces
} else := ""

limit_gap(key) := "no LimitRange" if {
	not key in limit_range_namespaces
} else := "only LimitRanges with no limits" if {
	not key in effective_limit_range_namespaces
} else := ""

deny contains lib.finding(ns, msg) if {
	some ns in input.k8s.namespaces
	lib.k8s_app_namespace(ns.name, ns)
	key := lib.k8s_namespace_key(ns)
	key in data.archcheck.lib.k8s_namespaces_with_workloads
	gaps := [g | some g in [quota_gap(key), limit_gap(key)]; g != ""]
	count(gaps) > 0
	msg := sprintf("%s has %s; every application namespace needs a ResourceQuota with hard limits and a LimitRange", [
		lib.k8s_cluster_label("namespace", ns),
		concat(" and ", gaps),
	])
}
