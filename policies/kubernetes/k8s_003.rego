# K8S-003: no workloads in the `default` namespace.
#
# Every workload (any kind: Deployments, StatefulSets, DaemonSets, Jobs,
# CronJobs, ReplicaSets and Pods without an owner) whose namespace is
# `default` fails. A manifest without metadata.namespace is judged in the
# namespace it will be applied to: with no --namespace that is not known, so
# the workload is reported as not evaluated (kubectl would put it in the
# context's namespace, often `default`), never as a finding.
package archcheck.rules.kubernetes.k8s_003

import data.archcheck.lib
import rego.v1

metadata := {
	"id": "K8S-003",
	"title": "No workloads in the default namespace",
	"severity": "medium",
	"description": "Workloads run in their own application namespaces, never in `default`, where no NetworkPolicy, ResourceQuota, LimitRange or Pod Security level is set up for them and RBAC is usually broad.",
	"remediation": "Move the workload to its application namespace (set `metadata.namespace` in the manifest or `namespace:` in the kustomization / Helm release) and delete it from `default`.",
	"architecture": {
		"sections": ["000 §3.3", "003 §3"],
		"quote": "default         # Avoid using",
	},
	"parameters": [],
	"inputs": ["k8s.workloads"],
	"judges": "k8s.workloads",
}

deny contains lib.finding(w, msg) if {
	some w in input.k8s.workloads
	w.namespace == "default"
	msg := sprintf("%s runs in the default namespace; workloads belong in their own application namespace", [lib.k8s_label(w.kind, w)])
}

not_evaluated contains lib.not_evaluated(w, "the manifest names no namespace and none was given with --namespace, so whether it lands in `default` is not known") if {
	some w in input.k8s.workloads
	not lib.k8s_namespace_known(w)
}
