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
empty_pdb_namespaces contains k8s_ns_key(pdb) if {
	some pdb in input.k8s.pdbs
	count(object.get(pdb, "selector", {})) == 0
}

pdbs_by_label[key] contains sel if {
	some pdb in input.k8s.pdbs
	sel := object.get(pdb, "selector", {})
	# Bound first: indexing a call's result directly (`f(x)[0]`) costs
	# about 250,000 instructions per evaluation in regorus.
	keys := sort(object.keys(sel))
	first := keys[0]
	key := concat("", [k8s_ns_key(pdb), "/", first, "=", sel[first]])
}

# "cluster/namespace/deployment" -> [minReplicas, name] of the HPAs targeting it.
hpas_by_target[key] contains [hpa_min(hpa), hpa.name] if {
	some hpa in input.k8s.hpas
	hpa.target_kind == "Deployment"
	key := concat("/", [k8s_ns_key(hpa), hpa.target_name])
}

hpa_min(hpa) := hpa.min_replicas if is_number(hpa.min_replicas)
else := 1

# --- Helpers ---

target_key(w) := concat("/", [k8s_ns_key(w), w.name])

# The HPA with the highest minReplicas targeting the Deployment, as [min, name].
best_hpa(w) := max(hpas_by_target[target_key(w)])

replicas(w) := w.replicas if is_number(w.replicas)
else := 1

# How the Deployment runs several replicas, in words.
several(w) := sprintf("has %d replicas", [replicas(w)]) if {
	replicas(w) > 1
} else := sprintf("is scaled by HorizontalPodAutoscaler %s from minReplicas %d", [name, min_replicas]) if {
	[min_replicas, name] := best_hpa(w)
	min_replicas > 1
}

pod_labels(w) := object.union(object.get(w, "selector", {}), object.get(object.get(w, "pod", {}), "labels", {}))

# IDs of the judged Deployments that a PDB with a non-empty selector selects
# (its matchLabels a subset of the pod labels), in one pass with no function
# call per label; PDBs with an empty selector are empty_pdb_namespaces.
selected_by_pdb contains w.id if {
	some w in data.archcheck.lib.k8s_judged_workloads
	w.kind == "Deployment"
	ns_key := k8s_ns_key(w)
	labels := object.union(object.get(w, "selector", {}), object.get(object.get(w, "pod", {}), "labels", {}))
	some k, v in labels
	some sel in pdbs_by_label[concat("", [ns_key, "/", k, "=", v])]
	every sk, sv in sel {
		labels[sk] == sv
	}
}

# lib.k8s_ns_key for an object whose namespace is a string, null or absent
# (what the snapshot schema allows), with no call of k8s_namespace_known:
# it is computed for every Deployment, PDB and HPA.
k8s_ns_key(obj) := concat("/", [object.get(obj, "cluster", ""), obj.namespace]) if is_string(obj.namespace)
else := concat("/", [object.get(obj, "cluster", ""), ""])

# The Deployment runs more than one replica (`several` without its message,
# tested first: the message is built only for a Deployment without a PDB).
replicated(w) if {
	is_number(w.replicas)
	w.replicas > 1
} else := true if {
	[min_replicas, _] := best_hpa(w)
	min_replicas > 1
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

# The judged Deployments, by id (lib's judged workloads, computed once,
# rather than lib.k8s_judged per workload).
deployments contains w.id if {
	some w in data.archcheck.lib.k8s_judged_workloads
	w.kind == "Deployment"
}

# A label value that may make the Deployment API tier, tested by direct
# field lookups before api_label builds the set of labels.
api_candidate(w) if lower(w.labels[api_tier_keys[_]]) == "api"

api_candidate(w) if lower(w.pod.labels[api_tier_keys[_]]) == "api"

# id -> the API-tier labels of the judged API-tier Deployments.
api_tier[id] := label if {
	some id in deployments
	w := input.k8s.workloads[id]
	api_candidate(w)
	label := api_label(w)
}

# Environment -> hpa_min_replicas, read once (lib.params semantics: an
# environment without parameters uses `unknown`'s).
hpa_min_by_env := {env: p.hpa_min_replicas | some env, p in data.archcheck.lib.all_params}

required_min(w) := hpa_min_by_env[w.environment] if {
	data.archcheck.lib.all_params[w.environment]
} else := hpa_min_by_env.unknown

# --- The control ---

deny contains lib.finding(w, msg) if {
	some id in deployments
	not selected_by_pdb[id]
	w := input.k8s.workloads[id]
	replicated(w)
	not k8s_ns_key(w) in empty_pdb_namespaces
	how := several(w)
	msg := sprintf("%s %s and no PodDisruptionBudget selects its pods (labels %s); Deployments with more than one replica need a PodDisruptionBudget", [
		lib.k8s_label(w.kind, w),
		how,
		labels_text(pod_labels(w)),
	])
}

deny contains lib.finding(w, msg) if {
	some id, label in api_tier
	w := input.k8s.workloads[id]
	not best_hpa(w)
	required := required_min(w)
	msg := sprintf("%s is labelled as API tier (%s) and no HorizontalPodAutoscaler targets it; API-tier Deployments need an HPA with minReplicas >= %d", [
		lib.k8s_label(w.kind, w),
		label,
		required,
	])
}

deny contains lib.finding(w, msg) if {
	some id, label in api_tier
	w := input.k8s.workloads[id]
	[min_replicas, name] := best_hpa(w)
	required := required_min(w)
	min_replicas < required
	msg := sprintf("%s is labelled as API tier (%s) and its HorizontalPodAutoscaler %s has minReplicas %d; API-tier Deployments need an HPA with minReplicas >= %d", [
		lib.k8s_label(w.kind, w),
		label,
		name,
		min_replicas,
		required,
	])
}
