package archcheck.rules.kubernetes.k8s_008_test

import data.archcheck.rules.kubernetes.k8s_008
import rego.v1

deployment(ns, name, replicas, labels, pod_labels) := object.union(
	{
		"id": sprintf("prod-eks/%s/Deployment/%s", [ns, name]), "cluster": "prod-eks", "namespace": ns,
		"name": name, "environment": "prod", "kind": "Deployment", "labels": labels,
		"selector": {"app": name}, "pod": {"labels": object.union({"app": name}, pod_labels), "containers": []},
	},
	{"replicas": replicas | replicas != null},
)

pdb(ns, name, selector) := {
	"id": sprintf("prod-eks/%s/PodDisruptionBudget/%s", [ns, name]), "cluster": "prod-eks", "namespace": ns,
	"name": name, "environment": "prod", "selector": selector, "min_available": 1,
}

hpa(ns, name, target, min_replicas) := {
	"id": sprintf("prod-eks/%s/HorizontalPodAutoscaler/%s", [ns, name]), "cluster": "prod-eks", "namespace": ns,
	"name": name, "environment": "prod", "target_kind": "Deployment", "target_name": target,
	"min_replicas": min_replicas, "max_replicas": 20,
}

no_ns(o) := object.remove(o, ["namespace"])

objects(list) := {o.id: o | some o in list}

inputs := {"k8s": {
	"workloads": objects([
		deployment("backend", "api", 3, {"tier": "api"}, {"tier": "api"}),
		deployment("backend", "web", 2, {}, {}),
		deployment("backend", "worker", 1, {}, {}),
		deployment("backend", "hpa-only", null, {}, {}),
		deployment("backend", "api-nohpa", 1, {}, {"tier": "API"}),
		deployment("edge", "api-low", 2, {"app.kubernetes.io/component": "api"}, {}),
		deployment("kube-system", "coredns", 2, {}, {}),
		no_ns(deployment("unknown", "loose", 2, {}, {})),
		no_ns(deployment("unknown", "loose2", 2, {}, {})),
		object.union(deployment("backend", "cache", 3, {}, {}), {"kind": "StatefulSet", "id": "prod-eks/backend/StatefulSet/cache"}),
	]),
	"pdbs": objects([
		pdb("backend", "api", {"app": "api"}),
		pdb("backend", "web-canary", {"app": "web", "track": "canary"}),
		pdb("backend", "loose2", {"app": "loose2"}),
		pdb("edge", "all", {}),
		no_ns(pdb("unknown", "loose", {"app": "loose"})),
	]),
	"hpas": objects([
		hpa("backend", "api", "api", 3),
		hpa("backend", "hpa-only", "hpa-only", 2),
		hpa("edge", "api-low", "api-low", 2),
		hpa("edge", "api-low-old", "api-low", 1),
		hpa("other", "api-nohpa", "api-nohpa", 5),
	]),
}}

test_exactly_the_unprotected_deployments_fail if {
	ids := {f.resource | some f in k8s_008.deny with input as inputs}
	ids == {
		"prod-eks/backend/Deployment/web",
		"prod-eks/backend/Deployment/hpa-only",
		"prod-eks/backend/Deployment/api-nohpa",
		"prod-eks/edge/Deployment/api-low",
		"prod-eks/unknown/Deployment/loose2",
	}
}

test_pdb_messages if {
	msgs := {f.message | some f in k8s_008.deny with input as inputs}
	"Deployment backend/web (cluster prod-eks) has 2 replicas and no PodDisruptionBudget selects its pods (labels app=web); Deployments with more than one replica need a PodDisruptionBudget" in msgs
	"Deployment backend/hpa-only (cluster prod-eks) is scaled by HorizontalPodAutoscaler hpa-only from minReplicas 2 and no PodDisruptionBudget selects its pods (labels app=hpa-only); Deployments with more than one replica need a PodDisruptionBudget" in msgs
	"Deployment loose2 (cluster prod-eks, namespace not known) has 2 replicas and no PodDisruptionBudget selects its pods (labels app=loose2); Deployments with more than one replica need a PodDisruptionBudget" in msgs
}

test_hpa_messages if {
	msgs := {f.message | some f in k8s_008.deny with input as inputs}
	"Deployment backend/api-nohpa (cluster prod-eks) is labelled as API tier (tier=API) and no HorizontalPodAutoscaler targets it; API-tier Deployments need an HPA with minReplicas >= 3" in msgs
	"Deployment edge/api-low (cluster prod-eks) is labelled as API tier (app.kubernetes.io/component=api) and its HorizontalPodAutoscaler api-low has minReplicas 2; API-tier Deployments need an HPA with minReplicas >= 3" in msgs
	count(msgs) == 5
}

test_compliant_deployments_produce_nothing if {
	keep := {"prod-eks/backend/Deployment/api", "prod-eks/backend/Deployment/worker", "prod-eks/unknown/Deployment/loose", "prod-eks/backend/StatefulSet/cache"}
	count(k8s_008.deny) == 0 with input as {"k8s": {
		"workloads": {id: w | some id, w in inputs.k8s.workloads; id in keep},
		"pdbs": inputs.k8s.pdbs,
		"hpas": inputs.k8s.hpas,
	}}
}

test_hpa_min_replicas_parameter if {
	ids := {f.resource | some f in k8s_008.deny with input as inputs with data.archcheck.params.prod.hpa_min_replicas as 2}
	ids == {
		"prod-eks/backend/Deployment/web",
		"prod-eks/backend/Deployment/hpa-only",
		"prod-eks/backend/Deployment/api-nohpa",
		"prod-eks/unknown/Deployment/loose2",
	}
}

test_system_namespaces_parameter if {
	ids := {f.resource | some f in k8s_008.deny with input as inputs with data.archcheck.params.prod.system_namespaces as ["backend", "edge"]}
	ids == {"prod-eks/unknown/Deployment/loose2"}
}
