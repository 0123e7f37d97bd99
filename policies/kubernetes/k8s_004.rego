# K8S-004: every container sets cpu and memory requests and a memory limit.
#
# Judged: every workload (all kinds, Jobs and CronJobs included) of an
# application namespace or of an unknown namespace (a manifest without
# metadata.namespace), and every container of its pod template: regular,
# init and sidecar (restartable init) containers, since the scheduler counts
# init containers' requests too and an init container without a memory limit
# can exhaust a node. A request that is not written but has a limit counts as
# set, because Kubernetes then takes the limit as the request. A quantity of
# zero ("0", "0m", "0Mi") counts as not set. Defaults a LimitRange would add
# at admission are not counted: the control judges what the spec sets.
package archcheck.rules.kubernetes.k8s_004

import data.archcheck.lib
import rego.v1

metadata := {
	"id": "K8S-004",
	"title": "Containers set cpu and memory requests and a memory limit",
	"severity": "medium",
	"description": "Every container of an application workload sets a cpu request, a memory request and a memory limit, so the scheduler places pods on nodes that can hold them, Karpenter sizes nodes correctly and one container cannot take a node's memory. A limit written without a request counts as the request, as Kubernetes uses it so.",
	"remediation": "Set `resources.requests.cpu`, `resources.requests.memory` and `resources.limits.memory` on every container (the architecture's backend API: requests 250m / 512Mi, limits 1000m / 1Gi).",
	"architecture": {
		"sections": ["000 §3.3", "001 §4.2", "004 §3.3"],
		"quote": "Pod Resource Requests/Limits",
	},
	"parameters": ["system_namespaces"],
	"inputs": ["k8s.workloads"],
	"judges": "k8s.workloads",
}

# A quantity that is written and not zero: once leading "+", "0" and "."
# are removed, a non-zero digit remains ("0.5", "500m"; not "0", "0m", "0Mi").
quantity_set(q) if {
	is_string(q)
	rest := trim_left(q, "+0.")
	substring(rest, 0, 1) in {"1", "2", "3", "4", "5", "6", "7", "8", "9"}
}

request_set(c, resource) if quantity_set(object.get(c, ["resources", "requests", resource], null))

request_set(c, resource) if quantity_set(object.get(c, ["resources", "limits", resource], null))

memory_limit_set(c) if quantity_set(object.get(c, ["resources", "limits", "memory"], null))

# Everything is set where it is usually set: a quick check that spares
# building gaps(c) for the containers that pass.
complete(c) if {
	r := c.resources
	quantity_set(r.requests.cpu)
	quantity_set(r.requests.memory)
	quantity_set(r.limits.memory)
}

gaps(c) := array.concat(
	array.concat(
		["no cpu request" | not request_set(c, "cpu")],
		["no memory request" | not request_set(c, "memory")],
	),
	["no memory limit" | not memory_limit_set(c)],
)

deny contains lib.finding(w, msg) if {
	some w in data.archcheck.lib.k8s_judged_workloads
	some key in ["containers", "init_containers"]
	some c in object.get(object.get(w, "pod", {}), key, [])
	not complete(c)
	missing := gaps(c)
	count(missing) > 0
	word := lib.k8s_container_word(key, c)
	msg := sprintf("%s sets %s; every container must set cpu and memory requests and a memory limit", [
		lib.k8s_container_label(word, c, w),
		lib.k8s_and_list(missing),
	])
}
