# K8S-008: replicated Deployments have a PodDisruptionBudget; API-tier
# Deployments have an HPA with enough minimum replicas.
#
# Judged: Deployments of an application namespace or of an unknown namespace
# (a manifest without metadata.namespace). PDBs and HPAs are looked up in the
# Deployment's namespace of the same cluster; for an unknown namespace, among
# the PDBs and HPAs that have no namespace either (manifests applied
# together land in the same namespace).
# - PDB: a Deployment runs more than one replica when `replicas` > 1, or when
#   an HPA targeting it has minReplicas > 1 (the HPA then owns `replicas`,
#   often left out of the manifest; an absent `replicas` is 1). It needs a
#   PodDisruptionBudget whose selector (matchLabels) is a subset of its pod
#   template labels (the template labels, plus the Deployment's selector,
#   which they always contain). A PDB with an empty selector selects every
#   pod of its namespace (policy/v1).
# - HPA: a Deployment is API tier when its own or its pod template's labels
#   have `tier: api` or `app.kubernetes.io/component: api` (the value case
#   ignored). Whatever its replicas, it needs a HorizontalPodAutoscaler with
#   scaleTargetRef Deployment/<name> whose minReplicas (absent: 1) is at
#   least `hpa_min_replicas`; with several, the highest minReplicas counts.
package archcheck.rules.kubernetes.k8s_008

import data.archcheck.lib
import rego.v1

metadata := {
	"id": "K8S-008",
	"title": "Replicated Deployments have a PDB; API Deployments have an HPA",
	"severity": "medium",
	"description": "Every Deployment of an application namespace that runs more than one replica has a PodDisruptionBudget selecting its pods, so node drains, Karpenter consolidation and Spot interruptions never take all replicas at once. Deployments labelled as the API tier (`tier: api` or `app.kubernetes.io/component: api`) are scaled by a HorizontalPodAutoscaler whose minReplicas is at least the environment's minimum.",
	"remediation": "Add a PodDisruptionBudget (`minAvailable: 1` or `maxUnavailable: 1`) whose selector matches the Deployment's pod labels; for the API, add a HorizontalPodAutoscaler targeting the Deployment with `minReplicas` at least the required number (the architecture: 3-20 replicas on 70% CPU).",
	"architecture": {
		"sections": ["000 §3.2", "001 §4.2", "004 §3.2"],
		"quote": "Backend API: 3-20 replicas based on CPU (target 70%)",
	},
	"parameters": ["system_namespaces", "hpa_min_replicas"],
	"inputs": ["k8s.workloads", "k8s.pdbs", "k8s.hpas"],
	"judges": "k8s.workloads",
}

api_tier_keys := ["tier", "app.kubernetes.io/component"]

# --- Indexes, built once ---

# PDB selectors indexed so that a Deployment only looks at the PDBs that can
# select it: "cluster/namespace" -> the empty selectors (which select every
# pod), and "cluster/namespace/key=value" of the selector's first label ->
# the selectors.
empty_pdb_namespaces contains lib.k8s_ns_key(pdb) if {
	some pdb in input.k8s.pdbs
	count(object.get(pdb, "selector", {})) == 0
}

pdbs_by_label[key] contains sel if {
	some pdb in input.k8s.pdbs
	sel := object.get(pdb, "selector", {})
	first := sort(object.keys(sel))[0]
	key := label_key(lib.k8s_ns_key(pdb), first, sel[first])
}

label_key(ns_key, k, v) := concat("", [ns_key, "/", k, "=", v])

# "cluster/namespace/deployment" -> [minReplicas, name] of the HPAs targeting it.
hpas_by_target[key] contains [hpa_min(hpa), hpa.name] if {
	some hpa in input.k8s.hpas
	hpa.target_kind == "Deployment"
	key := concat("/", [lib.k8s_ns_key(hpa), hpa.target_name])
}

hpa_min(hpa) := hpa.min_replicas if is_number(hpa.min_replicas)
else := 1

# --- Helpers ---

target_key(w) := concat("/", [lib.k8s_ns_key(w), w.name])

# The HPA with the highest minReplicas targeting the Deployment, as [min, name].
best_hpa(w) := max(hpas_by_target[target_key(w)])

replicas(w) := w.replicas if is_number(w.replicas)
else := 1

# How the Deployment runs several replicas, in words.
several(w) := sprintf("has %d replicas", [replicas(w)]) if {
	replicas(w) > 1
} else := sprintf("is scaled by HorizontalPodAutoscaler %s from minReplicas %d", [best_hpa(w)[1], best_hpa(w)[0]]) if {
	best_hpa(w)[0] > 1
}

pod_labels(w) := object.union(object.get(w, "selector", {}), object.get(object.get(w, "pod", {}), "labels", {}))

selected(sel, labels) if {
	every k, v in sel {
		labels[k] == v
	}
}

has_pdb(w) if lib.k8s_ns_key(w) in empty_pdb_namespaces

has_pdb(w) if {
	labels := pod_labels(w)
	ns_key := lib.k8s_ns_key(w)
	some k, v in labels
	some sel in pdbs_by_label[label_key(ns_key, k, v)]
	selected(sel, labels)
}

labels_text(labels) := concat(", ", sort([sprintf("%s=%s", [k, v]) | some k, v in labels]))

# The labels that make the Deployment API tier, as text; undefined when none.
api_label(w) := concat(", ", sort(found)) if {
	found := {sprintf("%s=%s", [k, labels[k]]) |
		some labels in [object.get(w, "labels", {}), object.get(object.get(w, "pod", {}), "labels", {})]
		some k in api_tier_keys
		lower(labels[k]) == "api"
	}
	count(found) > 0
}

# The judged Deployments, by id.
deployments contains w.id if {
	some w in input.k8s.workloads
	w.kind == "Deployment"
	lib.k8s_judged(w)
}

# id -> the API-tier labels of the judged API-tier Deployments.
api_tier[id] := label if {
	some id in deployments
	label := api_label(input.k8s.workloads[id])
}

# --- The control ---

deny contains lib.finding(w, msg) if {
	some id in deployments
	w := input.k8s.workloads[id]
	how := several(w)
	not has_pdb(w)
	msg := sprintf("%s %s and no PodDisruptionBudget selects its pods (labels %s); Deployments with more than one replica need a PodDisruptionBudget", [
		lib.k8s_label(w.kind, w),
		how,
		labels_text(pod_labels(w)),
	])
}

deny contains lib.finding(w, msg) if {
	some id, label in api_tier
	w := input.k8s.workloads[id]
	required := lib.params(w).hpa_min_replicas
	not best_hpa(w)
	msg := sprintf("%s is labelled as API tier (%s) and no HorizontalPodAutoscaler targets it; API-tier Deployments need an HPA with minReplicas >= %d", [
		lib.k8s_label(w.kind, w),
		label,
		required,
	])
}

deny contains lib.finding(w, msg) if {
	some id, label in api_tier
	w := input.k8s.workloads[id]
	required := lib.params(w).hpa_min_replicas
	[min_replicas, name] := best_hpa(w)
	min_replicas < required
	msg := sprintf("%s is labelled as API tier (%s) and its HorizontalPodAutoscaler %s has minReplicas %d; API-tier Deployments need an HPA with minReplicas >= %d", [
		lib.k8s_label(w.kind, w),
		label,
		name,
		min_replicas,
		required,
	])
}
