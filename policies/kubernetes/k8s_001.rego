# K8S-001: every application namespace denies traffic by default, both ways.
#
# Judged: every Namespace that is an application namespace (not kube-system,
# kube-public, kube-node-lease or one of `system_namespaces`) and holds at
# least one workload. Workloads whose namespace is not known (manifests
# without metadata.namespace) count for no namespace, and a namespace that is
# only referenced by workloads, with no Namespace object in the input, is not
# judged.
#
# A direction (Ingress, Egress) of a namespace is denied by default when a
# policy in that namespace, or a cluster-wide one of its cluster, selects
# every pod, governs that direction and allows nothing in it:
# - NetworkPolicy: podSelector empty (`{}`, or absent, which the API treats
#   as `{}`: no matchLabels and no matchExpressions); the direction is in
#   policyTypes (absent or empty policyTypes means Ingress only); the
#   direction's list (`ingress`/`egress`) is absent or `[]`. Any rule, even
#   `[{}]` (allow everything), makes it an allow policy, not a default deny.
# - Cluster-wide policies are represented with `namespace` absent and `kind`
#   GlobalNetworkPolicy (Calico) or CiliumClusterwideNetworkPolicy, and count
#   for every namespace of their cluster (a Calico namespaceSelector is not
#   in the snapshot: the usual global default deny only leaves out system
#   namespaces, which are not judged). `pod_selector` holds the policy's
#   selector (Calico `selector`, Cilium `endpointSelector`); it selects every
#   pod when absent, `{}`, or the Calico selectors `all()` or "".
#   Calico: the directions are `types` (`policy_types`; when absent, Calico's
#   default: Ingress, plus Egress when egress rules exist, Egress alone when
#   only egress rules exist), and a list allows nothing when it is absent,
#   empty, or holds only rules with `action: Deny`.
#   Cilium has no policyTypes: when `policy_types` is absent a direction is
#   governed when its list has rules, and it allows nothing when every rule
#   is the empty rule `{}` (Cilium's way of writing default deny).
# A namespaced CiliumNetworkPolicy is judged with Cilium's rules in its own
# namespace. Other kinds do not count, and neither does a namespaced policy
# whose namespace is not known (a manifest without metadata.namespace).
package archcheck.rules.kubernetes.k8s_001

import data.archcheck.lib
import rego.v1

metadata := {
	"id": "K8S-001",
	"title": "Application namespaces deny traffic by default",
	"severity": "high",
	"description": "Every application namespace that runs workloads has a default-deny NetworkPolicy for both ingress and egress: a policy with an empty podSelector whose policyTypes include the direction and which has no rules for it (one policy for both directions, or one for each). A Calico GlobalNetworkPolicy or a Cilium clusterwide policy that denies everything for every pod counts for every namespace of its cluster. Allowed flows are then opened by narrower policies.",
	"remediation": "Add to the namespace a NetworkPolicy `default-deny` with `podSelector: {}` and `policyTypes: [Ingress, Egress]` and no ingress or egress rules, then allow the flows the application needs (DNS, the ALB to the API, the API to the database) with further policies.",
	"architecture": {
		"sections": ["000 §2.2", "001 §4.2", "004 §2.2", "004 §5.1"],
		"quote": "Default deny all traffic between namespaces",
	},
	"parameters": ["system_namespaces"],
	"inputs": ["k8s.namespaces", "k8s.workloads", "k8s.network_policies"],
	"judges": "k8s.namespaces",
}

cluster_wide_kinds := {"GlobalNetworkPolicy", "CiliumClusterwideNetworkPolicy"}

namespaced_kinds := {"NetworkPolicy", "CiliumNetworkPolicy"}

cilium_kinds := {"CiliumNetworkPolicy", "CiliumClusterwideNetworkPolicy"}

directions := {"Ingress": "ingress", "Egress": "egress"}

# --- Which pods a policy selects ---

empty_selector(sel) if sel == null

empty_selector(sel) if sel in {"", "all()"}

empty_selector(sel) if {
	is_object(sel)
	empty(object.get(sel, "matchLabels", null))
	empty(object.get(sel, "matchExpressions", null))
}

empty(x) if x == null

empty(x) if x == {}

empty(x) if x == []

selects_all(p) if empty_selector(object.get(p, "pod_selector", null))

# --- Which directions a policy governs ---

rules(p, dir) := object.get(p, directions[dir], null)

# The direction's list holds at least one rule.
has_rules(p, dir) if {
	r := rules(p, dir)
	is_array(r)
	count(r) > 0
}

explicit_types(p) := {t | some t in p.policy_types} if {
	is_array(p.policy_types)
	count(p.policy_types) > 0
}

governs(p, dir) if dir in explicit_types(p)

governs(p, dir) if {
	not explicit_types(p)
	governs_by_default(p, dir)
}

# NetworkPolicy: omitted policyTypes means Ingress only.
governs_by_default(p, "Ingress") if p.kind == "NetworkPolicy"

# Calico: Ingress unless the policy has only egress rules; Egress when it has egress rules.
governs_by_default(p, "Ingress") if {
	p.kind == "GlobalNetworkPolicy"
	not only_egress_rules(p)
}

governs_by_default(p, "Egress") if {
	p.kind == "GlobalNetworkPolicy"
	has_rules(p, "Egress")
}

# Cilium: a direction is enforced when it has rules.
governs_by_default(p, dir) if {
	p.kind in cilium_kinds
	has_rules(p, dir)
}

only_egress_rules(p) if {
	has_rules(p, "Egress")
	not has_rules(p, "Ingress")
}

# --- Whether the policy allows nothing in a direction ---

allows_nothing(p, dir) if rules(p, dir) == null

allows_nothing(p, dir) if rules(p, dir) == []

allows_nothing(p, dir) if {
	p.kind == "GlobalNetworkPolicy"
	has_rules(p, dir)
	every rule in rules(p, dir) {
		is_object(rule)
		object.get(rule, "action", "") == "Deny"
	}
}

allows_nothing(p, dir) if {
	p.kind in cilium_kinds
	has_rules(p, dir)
	every rule in rules(p, dir) {
		rule == {}
	}
}

denies_all(p, dir) if {
	selects_all(p)
	governs(p, dir)
	allows_nothing(p, dir)
}

# --- Indexes, built once ---

# "cluster/namespace" -> directions denied by a namespaced policy.
#
# Both test denies_all's conditions in its order of cost: the kind, then
# selects_all once per policy (not per direction), then governs and
# allows_nothing per direction; `governs_fast` tests the direction against
# policyTypes directly instead of building explicit_types' set per call.
denied_in_namespace[key] contains dir if {
	some p in input.k8s.network_policies
	p.kind in namespaced_kinds
	lib.k8s_namespace_known(p)
	selects_all_fast(p)
	key := lib.k8s_ns_key(p)
	some dir, _ in directions
	governs_fast(p, dir)
	allows_nothing_fast(p, dir)
}

# cluster -> directions denied by a cluster-wide policy.
denied_in_cluster[cluster] contains dir if {
	some p in input.k8s.network_policies
	cluster := object.get(p, "cluster", "")
	p.kind in cluster_wide_kinds
	selects_all_fast(p)
	some dir, _ in directions
	governs_fast(p, dir)
	allows_nothing_fast(p, dir)
}

# selects_all(p) as one chain of tests (each body of a function is evaluated).
selects_all_fast(p) if empty_selector_fast(object.get(p, "pod_selector", null))

empty_selector_fast(sel) if sel in {null, "", "all()"}
else := true if {
	is_object(sel)
	object.get(sel, "matchLabels", null) in {null, {}, []}
	object.get(sel, "matchExpressions", null) in {null, {}, []}
}

# allows_nothing(p, dir), reading the direction's rules once.
allows_nothing_fast(p, dir) if nothing_allowed(p, object.get(p, directions[dir], null))

nothing_allowed(p, r) if r in {null, []}
else := true if {
	p.kind == "GlobalNetworkPolicy"
	is_array(r)
	count(r) > 0
	every rule in r {
		is_object(rule)
		object.get(rule, "action", "") == "Deny"
	}
} else := true if {
	p.kind in cilium_kinds
	is_array(r)
	count(r) > 0
	every rule in r {
		rule == {}
	}
}

# governs(p, dir), with no set built per call.
governs_fast(p, dir) if {
	explicit_policy_types(p)
	dir in p.policy_types
}

governs_fast(p, dir) if {
	not explicit_policy_types(p)
	governs_by_default(p, dir)
}

# explicit_types(p) is defined.
explicit_policy_types(p) if {
	is_array(p.policy_types)
	count(p.policy_types) > 0
}

# "cluster/namespace" -> names of the NetworkPolicies it has (for messages).
policies_in_namespace[key] contains p.name if {
	some p in input.k8s.network_policies
	key := lib.k8s_ns_key(p)
	p.kind in namespaced_kinds
	lib.k8s_namespace_known(p)
}

# --- The control ---

denied(ns, dir) if dir in denied_in_namespace[lib.k8s_namespace_key(ns)]

denied(ns, dir) if dir in denied_in_cluster[object.get(ns, "cluster", "")]

missing(ns) := [lower(dir) | some dir in ["Ingress", "Egress"]; not denied(ns, dir)]

existing_text(ns) := sprintf("its NetworkPolicies: %s", [concat(", ", sort(names))]) if {
	names := policies_in_namespace[lib.k8s_namespace_key(ns)]
} else := "it has no NetworkPolicy"

# Keys ("cluster/namespace") of the namespaces whose own policies deny both
# directions, and the clusters whose cluster-wide policies do: a namespace
# in either passes without building its list of gaps.
namespaces_denying_both := {key | some key, dirs in denied_in_namespace; count(dirs) == 2}

clusters_denying_both := {cluster | some cluster, dirs in denied_in_cluster; count(dirs) == 2}

deny contains lib.finding(ns, msg) if {
	some ns in input.k8s.namespaces
	key := lib.k8s_namespace_key(ns)
	not namespaces_denying_both[key]
	not clusters_denying_both[object.get(ns, "cluster", "")]
	# lib.k8s_app_namespace(ns.name, ns), from the sets lib computes once
	not ns.name in object.get(data.archcheck.lib.k8s_non_app_namespaces, object.get(ns, "environment", ""), data.archcheck.lib.k8s_non_app_namespaces_unknown)
	key in data.archcheck.lib.k8s_namespaces_with_workloads
	gaps := missing(ns)
	count(gaps) > 0
	msg := sprintf("%s does not deny %s by default (%s); application namespaces must deny both directions by default with a NetworkPolicy whose podSelector is {}, whose policyTypes list the direction and which has no rules for it", [
		lib.k8s_cluster_label("namespace", ns),
		concat(" or ", gaps),
		existing_text(ns),
	])
}
