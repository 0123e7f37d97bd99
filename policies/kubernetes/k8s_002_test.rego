package archcheck.rules.kubernetes.k8s_002_test

import data.archcheck.rules.kubernetes.k8s_002
import rego.v1

namespace(name) := {"id": sprintf("prod-eks/Namespace/%s", [name]), "cluster": "prod-eks", "name": name, "environment": "prod"}

obj(kind, ns, name, extra) := object.union({
	"id": sprintf("prod-eks/%s/%s/%s", [ns, kind, name]), "cluster": "prod-eks", "namespace": ns,
	"name": name, "environment": "prod",
}, extra)

workload(ns, name) := obj("Deployment", ns, name, {"kind": "Deployment", "pod": {"containers": []}})

quota(ns, hard) := obj("ResourceQuota", ns, "quota", {"hard": hard})

limit_range(ns, limits) := obj("LimitRange", ns, "limits", {"limits": limits})

objects(list) := {o.id: o | some o in list}

inputs := {"k8s": {
	"namespaces": objects([namespace(n) | some n in ["backend", "no-quota", "no-limits", "bare", "empty-quota", "idle", "kube-system", "karpenter"]]),
	"workloads": objects([
		workload("backend", "api"), workload("no-quota", "api"), workload("no-limits", "api"),
		workload("bare", "api"), workload("empty-quota", "api"),
		workload("kube-system", "coredns"), workload("karpenter", "karpenter"),
		object.remove(workload("idle", "loose"), ["namespace"]),
	]),
	"resource_quotas": objects([
		quota("backend", {"requests.cpu": "50", "requests.memory": "100Gi"}),
		quota("no-limits", {"pods": "20"}),
		quota("empty-quota", {}),
		object.remove(quota("idle", {"pods": "1"}), ["namespace"]),
	]),
	"limit_ranges": objects([
		limit_range("backend", [{"type": "Container", "default": {"memory": "512Mi"}}]),
		limit_range("no-quota", [{"type": "Container", "max": {"memory": "2Gi"}}]),
		limit_range("empty-quota", [{"type": "Container", "max": {"memory": "2Gi"}}]),
		limit_range("no-limits", []),
	]),
}}

test_exactly_the_namespaces_missing_quota_or_limit_range_fail if {
	ids := {f.resource | some f in k8s_002.deny with input as inputs}
	ids == {"prod-eks/Namespace/no-quota", "prod-eks/Namespace/no-limits", "prod-eks/Namespace/bare", "prod-eks/Namespace/empty-quota"}
}

test_message_for_a_namespace_with_neither if {
	some f in k8s_002.deny with input as inputs
	f.resource == "prod-eks/Namespace/bare"
	f.message == "namespace bare (cluster prod-eks) has no ResourceQuota and no LimitRange; every application namespace needs a ResourceQuota with hard limits and a LimitRange"
}

test_messages_for_empty_objects if {
	msgs := {f.resource: f.message | some f in k8s_002.deny with input as inputs}
	msgs["prod-eks/Namespace/empty-quota"] == "namespace empty-quota (cluster prod-eks) has only ResourceQuotas that set no hard limit; every application namespace needs a ResourceQuota with hard limits and a LimitRange"
	msgs["prod-eks/Namespace/no-limits"] == "namespace no-limits (cluster prod-eks) has only LimitRanges with no limits; every application namespace needs a ResourceQuota with hard limits and a LimitRange"
	msgs["prod-eks/Namespace/no-quota"] == "namespace no-quota (cluster prod-eks) has no ResourceQuota; every application namespace needs a ResourceQuota with hard limits and a LimitRange"
}

test_compliant_namespace_produces_nothing if {
	count(k8s_002.deny) == 0 with input as {"k8s": {
		"namespaces": objects([namespace("backend"), namespace("idle")]),
		"workloads": objects([workload("backend", "api")]),
		"resource_quotas": {id: q | some id, q in inputs.k8s.resource_quotas; q.namespace == "backend"},
		"limit_ranges": {id: l | some id, l in inputs.k8s.limit_ranges; l.namespace == "backend"},
	}}
}

test_system_namespaces_parameter if {
	ids := {f.resource | some f in k8s_002.deny with input as inputs with data.archcheck.params.prod.system_namespaces as ["bare", "no-quota", "no-limits", "empty-quota"]}
	ids == {"prod-eks/Namespace/karpenter"}
}
