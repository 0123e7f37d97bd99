# K8S-007: application namespaces enforce Pod Security Admission at least at
# the environment's level.
#
# Judged: every Namespace that is an application namespace and holds at least
# one workload (as K8S-001). Its label `pod-security.kubernetes.io/enforce`
# must name a level at least `pod_security` on the scale privileged <
# baseline < restricted. A missing label fails (the cluster-wide default,
# privileged unless the API server's AdmissionConfiguration says otherwise,
# is not in the snapshot), and so does a value that is not a level. The
# `warn` and `audit` labels do not count: they block nothing.
package archcheck.rules.kubernetes.k8s_007

import data.archcheck.lib
import rego.v1

metadata := {
	"id": "K8S-007",
	"title": "Application namespaces enforce Pod Security Admission",
	"severity": "high",
	"description": "Every application namespace that runs workloads carries the label `pod-security.kubernetes.io/enforce` with a Pod Security Standard at least as strict as the environment requires (prod: restricted, others: baseline), so the API server rejects pods that run privileged, as root or with host access.",
	"remediation": "Label the namespace: `kubectl label namespace <name> pod-security.kubernetes.io/enforce=restricted` (or baseline where allowed), after checking with the `warn` label that its pods comply.",
	"architecture": {
		"sections": ["001 §7", "004 §5.1"],
		"quote": "Pod Security Standards (restricted mode)",
	},
	"parameters": ["system_namespaces", "pod_security"],
	"inputs": ["k8s.namespaces", "k8s.workloads"],
	"judges": "k8s.namespaces",
}

enforce_label := "pod-security.kubernetes.io/enforce"

rank := {"privileged": 0, "baseline": 1, "restricted": 2}

# What the namespace enforces, in words, when it is below `required`.
shortfall(ns, required) := sprintf("has no %s label (the cluster default, usually privileged, applies)", [enforce_label]) if {
	not ns.labels[enforce_label]
} else := sprintf("enforces Pod Security level %q, which is not a level (privileged, baseline, restricted)", [ns.labels[enforce_label]]) if {
	not ns.labels[enforce_label] in object.keys(rank)
} else := sprintf("enforces Pod Security level %s", [ns.labels[enforce_label]]) if {
	rank[ns.labels[enforce_label]] < rank[required]
}

deny contains lib.finding(ns, msg) if {
	some ns in input.k8s.namespaces
	lib.k8s_app_namespace(ns.name, ns)
	lib.k8s_namespace_key(ns) in data.archcheck.lib.k8s_namespaces_with_workloads
	required := lib.params(ns).pod_security
	what := shortfall(ns, required)
	msg := sprintf("%s %s; the %s environment requires %s=%s or stricter", [
		lib.k8s_cluster_label("namespace", ns),
		what,
		lib.env_of(ns),
		enforce_label,
		required,
	])
}
